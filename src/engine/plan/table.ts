import { Dec, ExactSum, ZERO } from "../decimal";
import { DomainError, fail } from "../errors";
import { WAN, apportion, roundPartsToTotal, toOutput } from "../money";

/**
 * One project of the annual plan (年度计划, domain §4). Each row of the project list (项目库) is one project.
 * The `arg` names in errors are the catalogue's (PLANTABLE/PLANTEXT): years, households, areas, investment.
 */
export interface PlanProject {
  /** 计划年度, a whole four-digit year. */
  readonly year: number;
  /** 户数, a whole number ≥ 0. */
  readonly households: number;
  /** 改造建筑面积 in ㎡ (≥ 0). */
  readonly buildingArea: Dec;
  /** 投资 in 万元 (≥ 0); leave out when not known. */
  readonly investment?: Dec;
  /** 镇街; blank or left out → grouped under NO_TOWN_LABEL in the per-town table. */
  readonly town?: string;
  /** 1-based position in the source ranges, for messages (default: index in the list + 1). */
  readonly row?: number;
}

/** Unit of the investment column; inputs are always in 万元. */
export type PlanInvestmentUnit = "万元" | "亿元";

export interface PlanTableOptions {
  /** Unit of the investment shown (default 万元); both are shown with 2 decimals. */
  readonly investmentUnit?: PlanInvestmentUnit;
}

/** One line of the table, as shown: areas in 万㎡ and investment already rounded to 2 decimals. */
export interface PlanLine {
  /** 项目数 */
  readonly projects: number;
  /** 户数 */
  readonly households: number;
  /** 改造面积 (万㎡), 2 decimals. */
  readonly areaWan: Dec;
  /** 投资 in the table's unit, 2 decimals; null when no project has an investment. */
  readonly investment: Dec | null;
}

export interface PlanYearLine extends PlanLine {
  readonly year: number;
}

export interface PlanTownLine extends PlanYearLine {
  readonly town: string;
}

/**
 * The annual plan table. Invariant (尾差调整, domain §0): Σ years[i].areaWan = total.areaWan and
 * Σ years[i].investment = total.investment exactly; counts add up trivially.
 */
export interface PlanTable {
  /** One line per year that has projects, ascending. */
  readonly years: readonly PlanYearLine[];
  /** 合计 */
  readonly total: PlanLine;
  /** True when at least one project carries an investment. */
  readonly hasInvestment: boolean;
  readonly investmentUnit: PlanInvestmentUnit;
  readonly firstYear: number;
  readonly lastYear: number;
  /** N of "力争用N年时间": lastYear − firstYear + 1. */
  readonly spanYears: number;
}

/** The table broken down by 镇街: for every year, its towns' lines add up to that year's line of `table`. */
export interface PlanTownTable {
  readonly table: PlanTable;
  /** Towns in order of first appearance in the project list. */
  readonly towns: readonly string[];
  /** Year × town lines: by year ascending, then in `towns` order; only combinations that have projects. */
  readonly rows: readonly PlanTownLine[];
}

/** Label of projects without a 镇街 in the per-town table. */
export const NO_TOWN_LABEL = "未填镇街";

/** Column headers of the spilled table (PLANTABLE). */
export const PLAN_TABLE_HEADER = ["年度", "项目数", "户数", "改造面积(万㎡)"] as const;
export const PLAN_TOTAL_LABEL = "合计";
export const PLAN_SUBTOTAL_LABEL = "小计";

export function investmentHeader(unit: PlanInvestmentUnit): string {
  return `投资(${unit})`;
}

/** Investment in 万元 → the unit shown (exact). */
function investmentIn(wan: Dec, unit: PlanInvestmentUnit): Dec {
  return unit === "亿元" ? wan.div(WAN) : wan;
}

/** Check one project; positions and argument names go into the message. */
export function checkPlanProject(p: PlanProject, index: number): DomainError | undefined {
  const pos = p.row ?? index + 1;
  if (!Number.isInteger(p.year) || p.year < 1000 || p.year > 9999) return fail("planYearNotWhole", { arg: "years", pos, value: p.year });
  if (!Number.isFinite(p.households) || p.households < 0) return fail("planNegative", { arg: "households", pos, value: p.households });
  if (!Number.isInteger(p.households)) return fail("planCountNotWhole", { arg: "households", pos, value: p.households });
  if (p.buildingArea.isNegative()) return fail("planNegative", { arg: "areas", pos, value: p.buildingArea });
  if (p.investment?.isNegative()) return fail("planNegative", { arg: "investment", pos, value: p.investment });
  return undefined;
}

interface Group {
  projects: number;
  households: number;
  /** ㎡, exact (the sum of the projects' areas, as Decimal additions would give it, in integer units while they fit). */
  readonly area: ExactSum;
  /** 万元, exact. */
  readonly investment: ExactSum;
}

function addTo(g: Group, p: PlanProject): void {
  g.projects += 1;
  g.households += p.households;
  g.area.add(p.buildingArea);
  if (p.investment !== undefined) g.investment.add(p.investment);
}

const newGroup = (): Group => ({ projects: 0, households: 0, area: new ExactSum(), investment: new ExactSum() });

function checkAll(projects: readonly PlanProject[]): DomainError | undefined {
  if (projects.length === 0) return fail("rangeEmpty", { arg: "years" });
  for (let i = 0; i < projects.length; i++) {
    const e = checkPlanProject(projects[i], i);
    if (e) return e;
  }
  return undefined;
}

/**
 * 年度计划表 (domain §4): per year 项目数, 户数, 改造面积 (万㎡), 投资, and a 合计 row. Areas and investment
 * are rounded to 2 decimals by the largest-remainder method so the years add up to the total shown.
 */
export function buildPlanTable(projects: readonly PlanProject[], options: PlanTableOptions = {}): PlanTable | DomainError {
  const bad = checkAll(projects);
  if (bad) return bad;
  const unit = options.investmentUnit ?? "万元";
  const byYear = new Map<number, Group>();
  for (const p of projects) {
    let g = byYear.get(p.year);
    if (!g) byYear.set(p.year, (g = newGroup()));
    addTo(g, p);
  }
  const yearsSorted = [...byYear.keys()].sort((a, b) => a - b);
  const groups = yearsSorted.map((y) => byYear.get(y)!);
  const hasInvestment = projects.some((p) => p.investment !== undefined);
  const area = roundPartsToTotal(groups.map((g) => g.area.total().div(WAN)));
  const inv = roundPartsToTotal(groups.map((g) => investmentIn(g.investment.total(), unit)));
  const years: PlanYearLine[] = yearsSorted.map((year, i) => ({
    year,
    projects: groups[i].projects,
    households: groups[i].households,
    areaWan: area.parts[i],
    investment: hasInvestment ? inv.parts[i] : null,
  }));
  const total: PlanLine = {
    projects: projects.length,
    households: groups.reduce((n, g) => n + g.households, 0),
    areaWan: area.total,
    investment: hasInvestment ? inv.total : null,
  };
  const firstYear = yearsSorted[0];
  const lastYear = yearsSorted[yearsSorted.length - 1];
  return { years, total, hasInvestment, investmentUnit: unit, firstYear, lastYear, spanYears: lastYear - firstYear + 1 };
}

/**
 * The same table broken down by 镇街 (D 四(一): 各镇政府、街道办事处 … 将年度改造计划报区"三改"办公室). For each
 * year the towns' areas and investment are apportioned to that year's figure as shown in `table`, so towns add
 * up to their year and years to the 合计.
 */
export function buildPlanTableByTown(projects: readonly PlanProject[], options: PlanTableOptions = {}): PlanTownTable | DomainError {
  const table = buildPlanTable(projects, options);
  if (table instanceof DomainError) return table;
  const towns: string[] = [];
  const seen = new Set<string>();
  const cells = new Map<number, Map<string, Group>>(); // year → town → group
  for (const p of projects) {
    const town = p.town?.trim() || NO_TOWN_LABEL;
    if (!seen.has(town)) {
      seen.add(town);
      towns.push(town);
    }
    let ofYear = cells.get(p.year);
    if (!ofYear) cells.set(p.year, (ofYear = new Map()));
    let g = ofYear.get(town);
    if (!g) ofYear.set(town, (g = newGroup()));
    addTo(g, p);
  }
  const rows: PlanTownLine[] = [];
  for (const yearLine of table.years) {
    const ofYear = cells.get(yearLine.year);
    const present = towns.filter((t) => ofYear?.has(t) === true);
    const groups = present.map((t) => ofYear!.get(t)!);
    const areas = apportion(
      groups.map((g) => g.area.total().div(WAN)),
      yearLine.areaWan,
    );
    const invs =
      yearLine.investment === null
        ? null
        : apportion(
            groups.map((g) => investmentIn(g.investment.total(), table.investmentUnit)),
            yearLine.investment,
          );
    present.forEach((town, i) =>
      rows.push({
        year: yearLine.year,
        town,
        projects: groups[i].projects,
        households: groups[i].households,
        areaWan: areas[i],
        investment: invs ? invs[i] : null,
      }),
    );
  }
  return { table, towns, rows };
}

type Cell = string | number;

function lineCells(first: Cell[], l: PlanLine, withInvestment: boolean): Cell[] {
  const row: Cell[] = [...first, l.projects, l.households, toOutput(l.areaWan, 2)];
  if (withInvestment) row.push(toOutput(l.investment ?? ZERO, 2));
  return row;
}

/**
 * PLANTABLE's cells: header 年度, 项目数, 户数, 改造面积(万㎡)[, 投资(unit)], one row per year, then 合计.
 * The investment column appears when the table has investment.
 */
export function planTableCells(table: PlanTable): Cell[][] {
  const inv = table.hasInvestment;
  const header: Cell[] = [...PLAN_TABLE_HEADER];
  if (inv) header.push(investmentHeader(table.investmentUnit));
  return [header, ...table.years.map((y) => lineCells([y.year], y, inv)), lineCells([PLAN_TOTAL_LABEL], table.total, inv)];
}

/**
 * The per-town table's cells: header 年度, 镇街, 项目数, 户数, 改造面积(万㎡)[, 投资]; for each year its towns, then
 * a 小计 row (the year's line); last the 合计 row.
 */
export function planTownCells(t: PlanTownTable): Cell[][] {
  const inv = t.table.hasInvestment;
  const header: Cell[] = [PLAN_TABLE_HEADER[0], "镇街", ...PLAN_TABLE_HEADER.slice(1)];
  if (inv) header.push(investmentHeader(t.table.investmentUnit));
  const out: Cell[][] = [header];
  for (const y of t.table.years) {
    for (const r of t.rows) if (r.year === y.year) out.push(lineCells([r.year, r.town], r, inv));
    out.push(lineCells([y.year, PLAN_SUBTOTAL_LABEL], y, inv));
  }
  out.push(lineCells([PLAN_TOTAL_LABEL, ""], t.table.total, inv));
  return out;
}
