import { SAMPLE_DISTRICT } from "../samples/district";
import { buildBalanceSheet } from "./balanceSheet";
import { buildBondSheet } from "./bondSheet";
import { withFingerprint } from "./fingerprint";
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
    /** Bond-funded projects: verdict, the debt system's checks and the scenarios, one line each (empty without bonds). */
    readonly bonds?: readonly string[];
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
}

export function generateOutputs(grid: WorkbookGrid, kinds: readonly OutputKind[] = ["plan", "balance", "bonds"], options: GenerationOptions = {}): GenerationResult {
  const context = { now: options.now ?? new Date() };
  const input = readPlanningWorkbook(grid, { kinds });
  const problems: InputProblem[] = [...input.problems];
  const empty = { sheets: [], problems, summary: { sentence: "", verdicts: {}, projectCount: input.projects.length } };
  if (hasErrors(problems)) return empty;
  const sheets: SheetModel[] = [];
  let sentence = "";
  let verdicts: Record<string, number> = {};
  if (kinds.includes("plan")) {
    const plan = buildPlanSheet(input.projects, context);
    problems.push(...plan.problems);
    if (plan.sheet) sheets.push(withFingerprint(plan.sheet));
    sentence = plan.sentence;
  }
  if (kinds.includes("balance")) {
    const balance = buildBalanceSheet(input.projects, input.flows, input.params, context);
    problems.push(...balance.problems);
    if (balance.sheet) sheets.push(withFingerprint(balance.sheet));
    verdicts = balance.verdicts;
  }
  // 收支平衡表 of the bond-funded projects (issue 13): only when the workbook has a 债券 table.
  let bonds: readonly string[] = [];
  if (kinds.includes("bonds")) {
    const bond = buildBondSheet(input.projects, input.flows, input.bonds, input.params);
    problems.push(...bond.problems);
    if (bond.sheet) sheets.push(withFingerprint(bond.sheet));
    bonds = bond.lines;
  }
  if (hasErrors(problems)) return { ...empty, problems };
  return { sheets, problems, summary: { sentence, verdicts, projectCount: input.projects.length, bonds } };
}

/** The template workbook's sheets: 项目库 (project table), 现金流 (cash flows), 参数 (named parameters); sample data optional. */
export function templateSheets(withSample: boolean): SheetModel[] {
  if (!withSample) return buildTemplate();
  const projects: TemplateRecord[] = SAMPLE_DISTRICT.projects.map((p) => ({
    id: p.id,
    name: p.name,
    town: p.town,
    area: p.area,
    planYear: p.planYear,
    households: p.households,
    buildingArea: p.buildingArea,
    resettleArea: p.resettleArea,
    devArea: p.devArea,
    landArea: p.landArea,
    maxFar: p.maxFar,
    investor: p.investor,
    investment: p.investment,
    houseType: p.houseType,
    ageYears: p.ageYears,
    rating: p.rating || null,
    plannedEndYear: p.plannedEndYear,
    onlyHome: p.onlyHome ? "是" : "否",
    signRate: p.signRate,
    handoverRate: p.handoverRate,
    safety: p.safety,
    living: p.living,
    environment: p.environment,
    startYear: p.startYear,
    constructionEndYear: p.constructionEndYear,
    capital: p.capital,
    marketFinancing: p.marketFinancing,
    budgetSubsidy: p.budgetSubsidy,
  }));
  const flows: TemplateRecord[] = SAMPLE_DISTRICT.cashFlows.map((f) => ({ ...f }));
  const bonds: TemplateRecord[] = SAMPLE_DISTRICT.bonds.map((b) => ({ ...b, capitalPart: b.capitalPart || null }));
  return buildTemplate(projects, flows, bonds);
}
