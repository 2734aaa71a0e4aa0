import { bondProject, BondPolicy, BondProjectInput, BondProjectResult, ProjectFlows } from "../engine/bonds/project";
import { scenarioList, sensitivity, SensitivityResult } from "../engine/bonds/sensitivity";
import type { Tranche } from "../engine/bonds/schedule";
import { Dec, ZERO } from "../engine/decimal";
import { isError } from "../engine/errors";
import type { Parameters } from "./contract";
import { argLabelFor } from "./labels";
import type { InputProblem } from "./model";
import type { BondRow, FlowRow, ProjectRow, RowSource } from "./read";

/*
 * From the planning workbook as read (project table, cash flows, 债券 table, parameters) to the engine's inputs for
 * every bond-funded project (a project with at least one row in the 债券 table), and the engine's results.
 * Money stays in 万元, as the workbook gives it.
 */

export interface BondProjectReport {
  readonly project: ProjectRow;
  readonly input: BondProjectInput;
  readonly result: BondProjectResult;
  readonly sensitivity: SensitivityResult;
  /** How 建设期末年度 was found: given, from the 建设支出 column, or the last issue year. */
  readonly constructionEndSource: "given" | "constructionCost" | "lastIssue";
}

/** Engine argument names → the 债券 table's columns, for messages about a project's tranches. */
const BOND_ARG_COLUMN: Record<string, string> = {
  issueYears: "发行年度",
  amounts: "发行额（万元）",
  rates: "利率",
  terms: "期限（年）",
  capitalParts: "其中用于资本金（万元）",
};
const bondArgLabel = (name: string) => BOND_ARG_COLUMN[name] ?? argLabelFor(name);

const dec = (n: number | undefined) => (n === undefined ? undefined : new Dec(n));

function rowProblem(f: RowSource, zh: string, en: string): InputProblem {
  return {
    sheet: f.sheet,
    address: `A${f.row + 1}`,
    zh: `第 ${f.row + 1} 行：${zh}`,
    en: `Row ${f.row + 1}: ${en}`,
    severity: "error",
  };
}

/** Policy of the bond checks and scenarios, from the 参数 sheet (policy table names, src/registry/policy.ts). */
export function bondPolicyFrom(params: Parameters): {
  policy: BondPolicy;
  fees: BondProjectInput["fees"];
  scenarios: ReturnType<typeof scenarioList>;
  problems: InputProblem[];
} {
  const problems: InputProblem[] = [];
  const wholeYears = (name: "p_stressLandDelay1" | "p_stressLandDelay2") => {
    const v = params[name];
    if (Number.isInteger(v)) return v;
    problems.push({
      sheet: "参数",
      address: "",
      zh: `参数 ${name} 应为整数年数，收到 ${v}`,
      en: `Parameter ${name} must be a whole number of years, got ${v}`,
      severity: "error",
    });
    return 0;
  };
  const max = params.p_coverageMax;
  return {
    policy: { threshold: new Dec(params.p_coverageThreshold), coverageMax: max > 0 ? new Dec(max) : undefined },
    fees: {
      issueFeeRate: new Dec(params.p_bondIssueFeeRate),
      registrationFeeRate: new Dec(params.p_bondRegistrationFeeRate),
      redemptionFeeRate: new Dec(params.p_bondRedemptionFeeRate),
    },
    scenarios: scenarioList({
      incomeDrops: [new Dec(params.p_stressIncomeDrop1), new Dec(params.p_stressIncomeDrop2)],
      costRise: new Dec(params.p_stressCostRise),
      rateRise: new Dec(params.p_stressRateRise),
      landDelays: [wholeYears("p_stressLandDelay1"), wholeYears("p_stressLandDelay2")],
    }),
    problems,
  };
}

/**
 * The engine input of one bond-funded project. A cash-flow row that splits 收入 (土地出让收入/专项收入/财政补助) or
 * 支出 (建设支出/运营支出) must add up to it — otherwise it is an input problem naming the row, never a guess.
 * Without a split, 收入 is project income without subsidy and 支出 is construction cost up to 建设期末年度,
 * operating cost after it.
 */
export function bondProjectInput(
  project: ProjectRow,
  flows: readonly FlowRow[],
  bonds: readonly BondRow[],
  fees: BondProjectInput["fees"],
  problems: InputProblem[],
): { input: BondProjectInput; constructionEndSource: BondProjectReport["constructionEndSource"] } | undefined {
  const tranches: Tranche[] = bonds.map((b) => ({
    issueYear: b.issueYear,
    amount: new Dec(b.amount),
    rate: new Dec(b.rate),
    term: b.term,
    capitalPart: dec(b.capitalPart),
  }));
  const lastIssue = Math.max(...tranches.map((t) => t.issueYear));
  const lastRepay = Math.max(...tranches.map((t) => t.issueYear + t.term));
  const lastConstructionCost = Math.max(-Infinity, ...flows.filter((f) => (f.constructionCost ?? 0) > 0).map((f) => f.year));
  const constructionEndSource =
    project.constructionEndYear !== undefined ? "given" : Number.isFinite(lastConstructionCost) ? "constructionCost" : "lastIssue";
  const constructionEndYear = project.constructionEndYear ?? (Number.isFinite(lastConstructionCost) ? lastConstructionCost : lastIssue);
  // The table runs from 开工年 (or the first cash-flow year, if earlier: no flow is left out) to the last repayment
  // or flow year. A tranche issued before that is outside the table, as in the debt system, so its checks
  // (bonds within the construction period, Σ 还本 = Σ 发行) fail and say so.
  const start = Math.min(project.startYear ?? project.planYear, ...flows.map((f) => f.year));
  const end = Math.max(lastRepay, ...flows.map((f) => f.year));
  const years: number[] = [];
  for (let y = start; y <= end; y++) years.push(y);
  const zeros = () => years.map(() => ZERO);
  const land = zeros();
  const special = zeros();
  const unsplit = zeros();
  const subsidy = zeros();
  const construction = zeros();
  const operating = zeros();
  const reported: (Dec | undefined)[] = years.map(() => undefined);
  let ok = true;
  for (const f of flows) {
    const k = f.year - start;
    const income = new Dec(f.income);
    const cost = new Dec(f.cost);
    if (f.landIncome !== undefined || f.specialIncome !== undefined || f.subsidyIncome !== undefined) {
      const parts = [f.landIncome, f.specialIncome, f.subsidyIncome].map((x) => new Dec(x ?? 0));
      const total = parts[0].plus(parts[1]).plus(parts[2]);
      if (!total.equals(income)) {
        problems.push(
          rowProblem(
            f,
            `土地出让收入、专项收入、财政补助之和 ${total} 万元与收入 ${income} 万元不一致`,
            `land income + other income + subsidy = ${total} 万元 differs from income ${income} 万元`,
          ),
        );
        ok = false;
      }
      land[k] = land[k].plus(parts[0]);
      special[k] = special[k].plus(parts[1]);
      subsidy[k] = subsidy[k].plus(parts[2]);
    } else {
      unsplit[k] = unsplit[k].plus(income);
    }
    if (f.constructionCost !== undefined || f.operatingCost !== undefined) {
      const c = new Dec(f.constructionCost ?? 0);
      const o = new Dec(f.operatingCost ?? 0);
      if (!c.plus(o).equals(cost)) {
        problems.push(
          rowProblem(
            f,
            `建设支出、运营支出之和 ${c.plus(o)} 万元与支出 ${cost} 万元不一致`,
            `construction + operating cost = ${c.plus(o)} 万元 differs from cost ${cost} 万元`,
          ),
        );
        ok = false;
      }
      construction[k] = construction[k].plus(c);
      operating[k] = operating[k].plus(o);
    } else if (f.year <= constructionEndYear) {
      construction[k] = construction[k].plus(cost);
    } else {
      operating[k] = operating[k].plus(cost);
    }
    if (f.bondService !== undefined) reported[k] = (reported[k] ?? ZERO).plus(f.bondService);
  }
  if (!ok) return undefined;
  const flowsIn: ProjectFlows = {
    years,
    landIncome: land,
    specialIncome: special,
    unsplitIncome: unsplit,
    subsidyIncome: subsidy,
    constructionCost: construction,
    operatingCost: operating,
    reportedDebtService: reported.some((r) => r !== undefined) ? reported : undefined,
  };
  return {
    constructionEndSource,
    input: {
      id: project.id,
      startYear: project.startYear ?? project.planYear,
      constructionEndYear,
      constructionEndGiven: project.constructionEndYear !== undefined,
      flows: flowsIn,
      tranches,
      fees,
      capital: dec(project.capital),
      marketFinancing: dec(project.marketFinancing),
      budgetSubsidy: dec(project.budgetSubsidy),
      investment: dec(project.investment),
    },
  };
}

/** Every bond-funded project of the workbook, in project-list order, with its 收支平衡表, checks and scenarios. */
export function bondReports(
  projects: readonly ProjectRow[],
  flows: readonly FlowRow[],
  bonds: readonly BondRow[],
  params: Parameters,
): { reports: BondProjectReport[]; problems: InputProblem[] } {
  const { policy, fees, scenarios, problems } = bondPolicyFrom(params);
  const reports: BondProjectReport[] = [];
  for (const project of projects) {
    const own = bonds.filter((b) => b.projectId === project.id);
    if (own.length === 0) continue;
    const built = bondProjectInput(
      project,
      flows.filter((f) => f.projectId === project.id),
      own,
      fees,
      problems,
    );
    if (!built) continue;
    const result = bondProject(built.input, policy);
    const sens = isError(result) ? result : sensitivity(built.input, policy, scenarios);
    if (isError(result) || isError(sens)) {
      const e = isError(result) ? result : (sens as Exclude<typeof sens, SensitivityResult>);
      const { zh, en } = e.render(bondArgLabel);
      problems.push({
        sheet: own[0].sheet,
        address: `A${own[0].row + 1}`,
        zh: `项目“${project.id}”的债券：${zh}`,
        en: `Bonds of project "${project.id}": ${en}`,
        severity: "error",
      });
      continue;
    }
    reports.push({
      project,
      input: built.input,
      result,
      sensitivity: sens as SensitivityResult,
      constructionEndSource: built.constructionEndSource,
    });
  }
  return { reports, problems };
}
