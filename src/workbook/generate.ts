import { SAMPLE_DISTRICT } from "../samples/district";
import { sampleFlowRecord, sampleProjectRecord } from "../samples/records";
import { buildBalanceSheet } from "./balanceSheet";
import type { InputProblem, SheetModel, WorkbookGrid } from "./model";
import { buildPlanSheet } from "./planSheet";
import { hasErrors, readPlanningWorkbook } from "./read";
import { buildTemplate, TemplateRecord } from "./template";

/** What a generation run produced: the sheets to write, the input problems found, and a summary to print. */
export interface GenerationResult {
  readonly sheets: readonly SheetModel[];
  readonly problems: readonly InputProblem[];
  readonly summary: {
    /** The report sentence (PLANTEXT style) for the project list. */
    readonly sentence: string;
    /** Verdict counts by Chinese verdict name, e.g. { 项目自平衡: 12, 片区平衡: 3, … }. */
    readonly verdicts: Readonly<Record<string, number>>;
    readonly projectCount: number;
  };
}

export type OutputKind = "plan" | "balance";

/**
 * Read the planning workbook (project table, cash flows, parameters) and build the output sheets asked for.
 * Pure: the hosts read the grid before and write the sheets after — the same code path for the task pane and
 * the CLI. Problems with severity "error" mean no sheets are returned (nothing half-written).
 */
export function generateOutputs(grid: WorkbookGrid, kinds: readonly OutputKind[] = ["plan", "balance"]): GenerationResult {
  const input = readPlanningWorkbook(grid);
  const problems: InputProblem[] = [...input.problems];
  const empty = { sheets: [], problems, summary: { sentence: "", verdicts: {}, projectCount: input.projects.length } };
  if (hasErrors(problems)) return empty;
  const sheets: SheetModel[] = [];
  let sentence = "";
  let verdicts: Record<string, number> = {};
  if (kinds.includes("plan")) {
    const plan = buildPlanSheet(input.projects);
    problems.push(...plan.problems);
    if (plan.sheet) sheets.push(plan.sheet);
    sentence = plan.sentence;
  }
  if (kinds.includes("balance")) {
    const balance = buildBalanceSheet(input.projects, input.flows, input.params);
    problems.push(...balance.problems);
    if (balance.sheet) sheets.push(balance.sheet);
    verdicts = balance.verdicts;
  }
  if (hasErrors(problems)) return { ...empty, problems };
  return { sheets, problems, summary: { sentence, verdicts, projectCount: input.projects.length } };
}

/** The template workbook's sheets: 项目库 (project table), 现金流 (cash flows), 参数 (named parameters); sample data optional. */
export function templateSheets(withSample: boolean): SheetModel[] {
  if (!withSample) return buildTemplate();
  const projects: TemplateRecord[] = SAMPLE_DISTRICT.projects.map(sampleProjectRecord);
  const flows: TemplateRecord[] = SAMPLE_DISTRICT.cashFlows.map(sampleFlowRecord);
  return buildTemplate(projects, flows);
}
