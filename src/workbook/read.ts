import { MAX_MAGNITUDE } from "../engine/decimal";
import { policyRangeError } from "../registry/policy";
import { a1 } from "./address";
import {
  ColumnSpec,
  defaultParameters,
  FLOW_COLUMNS,
  FlowKey,
  PARAMETERS,
  Parameters,
  PROJECT_READ_COLUMNS,
  ProjectKey,
  SHEET_NAMES,
  TABLE_NAMES,
} from "./contract";
import { BOND_COLUMNS, BOND_SHEET_NAME, BOND_TABLE_NAME, BondKey } from "./bondContract";
import { InputProblem, ownershipName, OutputRole, WorkbookGrid } from "./model";
import { idKey, isBlankCell, shown } from "./reader/cells";
import { locate } from "./reader/locate";
import { EMPTY_MAPPING, excludedSheets, mergeMappings, storedMapping, suggestMapping, WorkbookMapping } from "./reader/mapping";
import { readNumber } from "./reader/numbers";
import { hasErrors, problem } from "./reader/problems";
import { readTable, RecordMaker, RowSource } from "./reader/rows";
import { FlowTable, FlowTableBuilder } from "./flowTable";
import { checkTotals } from "./reader/totals";

/*
 * THE reader of planning workbooks, for both hosts: the task pane (Office.js grid, src/excel/read.ts) and the
 * CLI (ExcelJS grid, src/cli/grid.ts) hand it the same WorkbookGrid and get the same projects, flows,
 * parameters and messages. The rules live in src/workbook/reader/: locate (which table), headers (words,
 * mapping, units), units (exact conversion), numbers (typed numbers), rows (cells and validation), totals (合计
 * rows checked), mapping (the user's column mapping, stored in the workbook). The forms accepted are listed in
 * READER_HELP (src/workbook/reader/help.ts), shown in the README and the task pane's help.
 *
 * One cause, one message: a rejected 项目库 row does not make its cash flows orphans, orphan flows are reported
 * once per id, a unit error once at its header; the annual plan reads only 项目库.
 */

export type { RowSource } from "./reader/rows";
export { hasErrors } from "./reader/problems";

type Value<C extends readonly ColumnSpec[]> = {
  [P in C[number] as P["key"]]: P["kind"] extends "text"
    ? string | undefined
    : P["kind"] extends "boolean"
      ? boolean | undefined
      : number | undefined;
};

export type ProjectRow = Value<typeof PROJECT_READ_COLUMNS> & {
  readonly id: string;
  readonly name: string;
  readonly planYear: number;
  readonly households: number;
  /** ㎡; every area of the row is in ㎡, money in 万元, shares as fractions, whatever units the workbook used. */
  readonly buildingArea: number;
  readonly approvalStatus?: "申报" | "核准" | "退回";
} & RowSource;

export type FlowRow = Value<typeof FLOW_COLUMNS> & {
  /** The project's id as written in 项目库 (a flow's id is matched by idKey and takes the project's spelling). */
  readonly projectId: string;
  readonly year: number;
  /** 万元 */
  readonly income: number;
  readonly cost: number;
} & RowSource;

/**
 * A project row as readTable's record maker makes it: every key of PROJECT_READ_COLUMNS (implements ProjectRow),
 * undefined where the row has no value; see FlowRecord.
 */
class ProjectRecord implements ProjectRow {
  constructor(
    readonly sheet: string,
    readonly row: number,
    readonly id: string,
    readonly name: string,
    readonly town: string | undefined,
    readonly area: string | undefined,
    readonly planYear: number,
    readonly households: number,
    readonly buildingArea: number,
    readonly resettleArea: number | undefined,
    readonly devArea: number | undefined,
    readonly landArea: number | undefined,
    readonly maxFar: number | undefined,
    readonly investor: string | undefined,
    readonly investment: number | undefined,
    readonly houseType: string | undefined,
    readonly ageYears: number | undefined,
    readonly rating: string | undefined,
    readonly plannedEndYear: number | undefined,
    readonly netIncomePerSqm: number | undefined,
    readonly onlyHome: boolean | undefined,
    readonly signRate: number | undefined,
    readonly handoverRate: number | undefined,
    readonly safety: number | undefined,
    readonly living: number | undefined,
    readonly environment: number | undefined,
    readonly startYear: number | undefined,
    readonly constructionEndYear: number | undefined,
    readonly capital: number | undefined,
    readonly marketFinancing: number | undefined,
    readonly budgetSubsidy: number | undefined,
    readonly approvalStatus: ProjectRow["approvalStatus"],
    readonly approvalComment: string | undefined,
  ) {}
}

/** Position of each key in PROJECT_READ_COLUMNS. */
const PROJECT_AT = Object.fromEntries(PROJECT_READ_COLUMNS.map((c, i) => [c.key, i])) as Record<ProjectKey, number>;

/** readTable's record maker for the project table. */
export const makeProjectRecord: RecordMaker = (sheet, row, v) =>
  new ProjectRecord(
    sheet,
    row,
    v[PROJECT_AT.id] as string,
    v[PROJECT_AT.name] as string,
    v[PROJECT_AT.town] as string | undefined,
    v[PROJECT_AT.area] as string | undefined,
    v[PROJECT_AT.planYear] as number,
    v[PROJECT_AT.households] as number,
    v[PROJECT_AT.buildingArea] as number,
    v[PROJECT_AT.resettleArea] as number | undefined,
    v[PROJECT_AT.devArea] as number | undefined,
    v[PROJECT_AT.landArea] as number | undefined,
    v[PROJECT_AT.maxFar] as number | undefined,
    v[PROJECT_AT.investor] as string | undefined,
    v[PROJECT_AT.investment] as number | undefined,
    v[PROJECT_AT.houseType] as string | undefined,
    v[PROJECT_AT.ageYears] as number | undefined,
    v[PROJECT_AT.rating] as string | undefined,
    v[PROJECT_AT.plannedEndYear] as number | undefined,
    v[PROJECT_AT.netIncomePerSqm] as number | undefined,
    v[PROJECT_AT.onlyHome] as boolean | undefined,
    v[PROJECT_AT.signRate] as number | undefined,
    v[PROJECT_AT.handoverRate] as number | undefined,
    v[PROJECT_AT.safety] as number | undefined,
    v[PROJECT_AT.living] as number | undefined,
    v[PROJECT_AT.environment] as number | undefined,
    v[PROJECT_AT.startYear] as number | undefined,
    v[PROJECT_AT.constructionEndYear] as number | undefined,
    v[PROJECT_AT.capital] as number | undefined,
    v[PROJECT_AT.marketFinancing] as number | undefined,
    v[PROJECT_AT.budgetSubsidy] as number | undefined,
    v[PROJECT_AT.approvalStatus] as ProjectRow["approvalStatus"],
    v[PROJECT_AT.approvalComment] as string | undefined,
  ) as unknown as ReturnType<RecordMaker>;

/** One tranche of the 债券 table (万元). */
export type BondRow = Value<typeof BOND_COLUMNS> & {
  readonly projectId: string;
  readonly issueYear: number;
  readonly amount: number;
  readonly rate: number;
  readonly term: number;
} & RowSource;

export interface PlanningInput {
  readonly projects: readonly ProjectRow[];
  /** The cash-flow rows, by column (FlowTable: a large plan's are millions). */
  readonly flows: FlowTable;
  /** Tranches of the optional 债券 table (empty when the workbook has none). */
  readonly bonds: readonly BondRow[];
  readonly params: Parameters;
  readonly problems: readonly InputProblem[];
}

export interface ReadOptions {
  /**
   * What the read is for: "plan" needs only 项目库; "balance" also the cash flows and parameters; "bonds" also
   * the 债券 table. Default all three.
   * Problems of tables a kind does not need are not reported (a bad cash-flow cell does not block the plan).
   */
  readonly kinds?: readonly ("plan" | "balance" | "bonds")[];
  /** A column mapping given now (CLI --map, the pane's mapping step); it wins over the one stored in the workbook. */
  readonly mapping?: WorkbookMapping;
}

/** Sheets the add-in wrote itself are never read as input (a host may let go of their cells before reading). */
export function ownedSheets(grid: WorkbookGrid): Set<string> {
  const roles: OutputRole[] = ["plan", "balance", "bondBalance"];
  const owned = new Set<string>();
  for (const role of roles) {
    const n = grid.names.find((x) => x.name.toUpperCase() === ownershipName(role));
    if (n) owned.add(n.sheet);
  }
  return excludedSheets(grid, owned);
}

function readParameters(grid: WorkbookGrid, problems: InputProblem[]): Parameters {
  const params = defaultParameters();
  for (const p of PARAMETERS) {
    const n = grid.names.find((x) => x.name.toLowerCase() === p.name.toLowerCase());
    if (!n || isBlankCell(n.value ?? null)) continue;
    const v = n.value ?? null;
    const address = a1(n.row, n.col);
    const read = readNumber(v, p.share ? "share" : undefined, grid.date1904);
    const value = read.ok ? read.value.toNumber() : NaN;
    if (!read.ok) {
      problems.push(problem("wbParamNotNumber", "error", n.sheet, address, { label: p.label, name: p.name, value: shown(v) }));
    } else if (Math.abs(value) >= MAX_MAGNITUDE || policyRangeError(p, value) !== undefined) {
      problems.push(problem("wbParamOutOfRange", "error", n.sheet, address, { label: p.label, name: p.name, value: shown(v) }));
    } else {
      params[p.name] = value;
    }
  }
  return params;
}

/** The required columns' names joined for a message: “项目编号”“项目名称”… */
function quoted(columns: readonly { header: string }[]): string {
  return columns.map((c) => `“${c.header}”`).join("");
}

function noProjectTable(grid: WorkbookGrid, exclude: ReadonlySet<string>, mapping: WorkbookMapping): InputProblem {
  const near = suggestMapping(grid, exclude, mapping);
  if (near) {
    return problem("wbClosestTable", "error", near.sheet, a1(near.row, near.col), {
      sheet: near.sheet,
      row: near.row + 1,
      missing: quoted(near.missing),
    });
  }
  const need = PROJECT_READ_COLUMNS.filter((c) => "required" in c && c.required).map((c) => c.header);
  return problem("wbNoProjectTable", "error", "", "", { need: need.join("、") });
}

/** Where the reader finds the project table (the task pane's 核准 step writes next to it); undefined when none. */
export function locateProjectTable(grid: WorkbookGrid, options: Pick<ReadOptions, "mapping"> = {}) {
  const mapping = mergeMappings(storedMapping(grid), options.mapping ?? EMPTY_MAPPING);
  return locate(
    grid,
    PROJECT_READ_COLUMNS,
    { tableName: TABLE_NAMES.projects, sheetName: SHEET_NAMES.projects, exclude: ownedSheets(grid) },
    mapping.projects,
  );
}

/**
 * Read a planning workbook: the project table (required), the cash-flow table (optional; without it the
 * balance report cannot be made) and the parameters. Never throws; everything wrong is an InputProblem with
 * the address of the cell to fix, and every conversion made is a notice.
 */
export function readPlanningWorkbook(grid: WorkbookGrid, options: ReadOptions = {}): PlanningInput {
  const kinds = options.kinds ?? ["plan", "balance", "bonds"];
  const needsFlows = kinds.includes("balance") || kinds.includes("bonds");
  const problems: InputProblem[] = [];
  const mapping = mergeMappings(storedMapping(grid), options.mapping ?? EMPTY_MAPPING);
  const exclude = ownedSheets(grid);
  const params = needsFlows ? readParameters(grid, problems) : defaultParameters();

  const projLoc = locate(
    grid,
    PROJECT_READ_COLUMNS,
    { tableName: TABLE_NAMES.projects, sheetName: SHEET_NAMES.projects, exclude },
    mapping.projects,
  );
  if (!projLoc) {
    problems.push(noProjectTable(grid, exclude, mapping));
    return { projects: [], flows: FlowTable.EMPTY, bonds: [], params, problems };
  }
  const projTable = readTable(projLoc, PROJECT_READ_COLUMNS, problems, {
    idKey: "id",
    nameKey: "name",
    date1904: grid.date1904,
    make: makeProjectRecord,
  });
  const idCol = projTable.columns.id!.sheetCol;
  const byKey = new Map<string, ProjectRow>();
  const projects: ProjectRow[] = [];
  for (const p of projTable.rows.records as unknown as ProjectRow[]) {
    const key = idKey(p.id);
    const first = byKey.get(key);
    if (first) {
      problems.push(
        problem("wbIdClash", "error", p.sheet, a1(p.row, idCol), {
          id: p.id,
          cell: a1(p.row, idCol),
          first: first.id,
          firstCell: a1(first.row, idCol),
        }),
      );
    } else {
      byKey.set(key, p);
      projects.push(p);
    }
  }
  checkTotals(projTable, PROJECT_READ_COLUMNS, projLoc.sheet.name, problems);
  if (projects.length === 0 && !hasErrors(problems)) problems.push(problem("wbNoDataRows", "error", projLoc.sheet.name, ""));

  const flows = needsFlows ? readFlows(grid, exclude, mapping, byKey, projTable.rejected, problems) : FlowTable.EMPTY;
  const bonds = kinds.includes("bonds") ? readBonds(grid, exclude, byKey, projTable.rejected, problems) : [];
  return { projects, flows, bonds, params, problems };
}

/**
 * The rows of a dependent table (cash flows, bond tranches) matched to their project by idKey: for each row, its
 * project's id as the project table spells it, or undefined for a row left out — an orphan (reported once per id) or
 * a row of a rejected project (already reported).
 */
function attach(
  count: number,
  idAt: (i: number) => string,
  sourceAt: (i: number) => RowSource,
  idCol: number,
  byKey: ReadonlyMap<string, ProjectRow>,
  rejected: ReadonlySet<string>,
  problems: InputProblem[],
  code: "wbFlowOrphan" | "wbBondOrphan",
): (string | undefined)[] {
  const orphans = new Map<string, { id: string; count: number; cell: string; sheet: string }>();
  const out = new Array<string | undefined>(count);
  // A project's rows usually follow one another with the id spelled the same: the same text has the same idKey (and
  // project).
  let lastId: string | undefined;
  let lastKey = "";
  let lastProject: ProjectRow | undefined;
  for (let i = 0; i < count; i++) {
    const id = idAt(i);
    if (id !== lastId) {
      lastId = id;
      lastKey = idKey(id);
      lastProject = byKey.get(lastKey);
    }
    const key = lastKey;
    const project = lastProject;
    out[i] = project?.id;
    if (project || rejected.has(key)) continue; // a rejected project's row is already reported
    const o = orphans.get(key);
    if (o) o.count++;
    else {
      const at = sourceAt(i);
      orphans.set(key, { id, count: 1, cell: a1(at.row, idCol), sheet: at.sheet });
    }
  }
  for (const o of orphans.values()) problems.push(problem(code, "error", o.sheet, o.cell, { id: o.id, count: o.count, cell: o.cell }));
  return out;
}

/** The optional 债券 table (issue 13): tranches of bond-funded projects, ids checked against the project table. */
function readBonds(
  grid: WorkbookGrid,
  exclude: ReadonlySet<string>,
  byKey: ReadonlyMap<string, ProjectRow>,
  rejected: ReadonlySet<string>,
  problems: InputProblem[],
): BondRow[] {
  const loc = locate<BondKey>(grid, BOND_COLUMNS, { tableName: BOND_TABLE_NAME, sheetName: BOND_SHEET_NAME, exclude });
  if (!loc) return [];
  const table = readTable(loc, BOND_COLUMNS, problems, { idKey: "projectId", date1904: grid.date1904 });
  checkTotals(table, BOND_COLUMNS, loc.sheet.name, problems);
  const rows = table.rows.records as unknown as BondRow[];
  const ids = attach(
    rows.length,
    (i) => rows[i].projectId,
    (i) => rows[i],
    table.columns.projectId!.sheetCol,
    byKey,
    rejected,
    problems,
    "wbBondOrphan",
  );
  const out: BondRow[] = [];
  rows.forEach((b, i) => {
    const projectId = ids[i];
    if (projectId !== undefined) out.push(projectId === b.projectId ? b : { ...b, projectId });
  });
  return out;
}

function readFlows(
  grid: WorkbookGrid,
  exclude: ReadonlySet<string>,
  mapping: WorkbookMapping,
  byKey: ReadonlyMap<string, ProjectRow>,
  rejected: ReadonlySet<string>,
  problems: InputProblem[],
): FlowTable {
  const flowLoc = locate<FlowKey>(
    grid,
    FLOW_COLUMNS,
    { tableName: TABLE_NAMES.flows, sheetName: SHEET_NAMES.flows, exclude },
    mapping.flows,
  );
  if (!flowLoc) return FlowTable.EMPTY;
  const read = readTable(flowLoc, FLOW_COLUMNS, problems, {
    idKey: "projectId",
    date1904: grid.date1904,
    // the rows the located range can hold, within the sheet's cells (an Excel table may be sized far beyond them)
    sink: new FlowTableBuilder(Math.min(flowLoc.lastIndex, flowLoc.sheet.values.length - 1) - flowLoc.firstIndex + 1),
  });
  checkTotals(read, FLOW_COLUMNS, flowLoc.sheet.name, problems);
  const table = read.rows.build();
  const ids = attach(
    table.length,
    (i) => table.projectId(i),
    (i) => ({ sheet: table.sheet(i), row: table.row(i) }),
    read.columns.projectId!.sheetCol,
    byKey,
    rejected,
    problems,
    "wbFlowOrphan",
  );
  return table.where(
    (i) => ids[i] !== undefined,
    (i) => ids[i]!,
  );
}
