import { SAMPLE_DISTRICT } from "../samples/district";
import { sampleBondRecord, sampleFlowRecord, sampleProjectRecord } from "../samples/records";
import { approvalSheet, splitByApproval } from "./approval";
import { buildBalanceSheet } from "./balanceSheet";
import { buildBondSheet } from "./bondSheet";
import { withFingerprint } from "./fingerprint";
import type { InputProblem, SheetModel, WorkbookGrid } from "./model";
import { buildPlanSheet } from "./planSheet";
import { hasErrors, readPlanningWorkbook, type PlanningInput } from "./read";
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
    /** Bond-funded projects: verdict, the debt system's checks and the scenarios, one line each (empty without bonds). */
    readonly bonds?: readonly string[];
    /** With 核准状态 in use: the projects left out of the plan (退回 and 申报中), with their 核准意见. */
    readonly leftOut?: readonly {
      readonly id: string;
      readonly name: string;
      readonly status: "退回" | "申报中";
      readonly comment?: string;
    }[];
  };
}

export type OutputKind = "plan" | "balance" | "bonds";

/**
 * Read the planning workbook (project table, cash flows, parameters) and build the output sheets asked for.
 * Pure: the hosts read the grid before and write the sheets after — the same code path for the task pane and
 * the CLI. Problems with severity "error" mean no sheets are returned (nothing half-written).
 */
export interface GenerationOptions {
  /** Time of the run, printed on the sheets (编制日期, 生成时间); default now. */
  readonly now?: Date;
  /**
   * The input is handed over (the CLI, whose large runs must fit in memory): generation empties its cash-flow list as
   * soon as the balance check has its portfolio, instead of holding every flow row through the check and the report.
   */
  readonly consume?: boolean;
  /** Called after the steps that leave much garbage ("plan", "portfolio"): a host may collect it there. */
  readonly between?: (step: "plan" | "portfolio") => void;
}

export function generateOutputs(
  grid: WorkbookGrid,
  kinds: readonly OutputKind[] = ["plan", "balance", "bonds"],
  options: GenerationOptions = {},
): GenerationResult {
  return generateFromInput(readPlanningWorkbook(grid, { kinds }), kinds, options);
}

/**
 * generateOutputs after the reader: for a host that lets go of the grid once it is read (a large workbook's grid is
 * as big as the generation's own data).
 */
export function generateFromInput(
  input: PlanningInput,
  kinds: readonly OutputKind[] = ["plan", "balance", "bonds"],
  options: GenerationOptions = {},
): GenerationResult {
  const context = { now: options.now ?? new Date() };
  const problems: InputProblem[] = [...input.problems];
  const empty = { sheets: [], problems, summary: { sentence: "", verdicts: {}, projectCount: input.projects.length } };
  if (hasErrors(problems)) return empty;
  // 核准 (实施方案 四(一)): with a 核准状态 column in use only approved projects enter the plan and the balance check.
  const approval = splitByApproval(input.projects);
  const projects = approval.counted;
  // (the ids counted only when some are not: a list of 200,000 projects without 核准状态 needs no set of its ids)
  const counted = approval.reviewed ? new Set(projects.map((p) => p.id)) : undefined;
  const flows = counted ? input.flows.where((i) => counted.has(input.flows.projectId(i))) : input.flows;
  const bondRows = counted ? input.bonds.filter((b) => counted.has(b.projectId)) : input.bonds;
  // The 收支平衡表 reads the flows of its bond-funded projects only.
  const bondIds = new Set(bondRows.map((b) => b.projectId));
  const bondFlows = kinds.includes("bonds") && bondIds.size > 0 ? [...flows.where((i) => bondIds.has(flows.projectId(i)))] : [];
  const sheets: SheetModel[] = [];
  let sentence = "";
  let verdicts: Record<string, number> = {};
  if (kinds.includes("plan")) {
    const plan = buildPlanSheet(projects, context);
    problems.push(...plan.problems);
    if (plan.sheet) sheets.push(withFingerprint(plan.sheet));
    sentence = plan.sentence;
    options.between?.("plan");
  }
  if (kinds.includes("balance")) {
    const balance = buildBalanceSheet(projects, flows, input.params, context, () => {
      if (options.consume) {
        for (const table of [flows, input.flows]) table.release();
      }
      options.between?.("portfolio");
    });
    problems.push(...balance.problems);
    if (balance.sheet) sheets.push(withFingerprint(balance.sheet));
    verdicts = balance.verdicts;
  }
  // 收支平衡表 of the bond-funded projects (issue 13): only when the workbook has a 债券 table.
  let bonds: readonly string[] = [];
  if (kinds.includes("bonds")) {
    const bond = buildBondSheet(projects, bondFlows, bondRows, input.params);
    problems.push(...bond.problems);
    if (bond.sheet) sheets.push(withFingerprint(bond.sheet));
    bonds = bond.lines;
  }
  const left = approvalSheet(approval);
  if (left && (kinds.includes("plan") || kinds.includes("balance"))) sheets.push(left);
  const leftOut = [...approval.returned, ...approval.pending].map((p) => ({
    id: p.id,
    name: p.name,
    status: p.approvalStatus === "退回" ? ("退回" as const) : ("申报中" as const),
    ...(p.approvalComment ? { comment: p.approvalComment } : {}),
  }));
  if (hasErrors(problems)) return { ...empty, problems };
  return {
    sheets,
    problems,
    summary: { sentence, verdicts, projectCount: projects.length, bonds, ...(approval.reviewed ? { leftOut } : {}) },
  };
}

/** The template workbook's sheets: 项目库 (project table), 现金流 (cash flows), 参数 (named parameters); sample data optional. */
export function templateSheets(withSample: boolean): SheetModel[] {
  if (!withSample) return buildTemplate();
  const projects: TemplateRecord[] = SAMPLE_DISTRICT.projects.map(sampleProjectRecord);
  const flows: TemplateRecord[] = SAMPLE_DISTRICT.cashFlows.map(sampleFlowRecord);
  const bonds: TemplateRecord[] = SAMPLE_DISTRICT.bonds.map(sampleBondRecord);
  return buildTemplate(projects, flows, bonds);
}
