import { MAX_MAGNITUDE } from "../engine/decimal";
import { normalizeText } from "../engine/text";
import {
  ColumnSpec,
  defaultParameters,
  FLOW_COLUMNS,
  FlowKey,
  PARAMETERS,
  Parameters,
  placeHeaders,
  PROJECT_COLUMNS,
  ProjectKey,
  SHEET_NAMES,
  TABLE_NAMES,
} from "./contract";
import { a1, Cell, GridSheet, InputProblem, ownershipName, OutputRole, WorkbookGrid } from "./model";
import { BOND_COLUMNS, BOND_SHEET_NAME, BOND_TABLE_NAME, BondKey } from "./bondContract";

/** Where a row came from, for problem addresses (0-based, absolute on the sheet). */
export interface RowSource {
  readonly sheet: string;
  readonly row: number;
}

type Value<K extends string, C extends readonly ColumnSpec<K>[]> = {
  [P in C[number] as P["key"]]: P["kind"] extends "text"
    ? string | undefined
    : P["kind"] extends "boolean"
      ? boolean | undefined
      : number | undefined;
};

export type ProjectRow = Value<ProjectKey, typeof PROJECT_COLUMNS> & {
  readonly id: string;
  readonly name: string;
  readonly planYear: number;
  readonly households: number;
  readonly buildingArea: number;
  readonly at: RowSource;
};

export type FlowRow = Value<FlowKey, typeof FLOW_COLUMNS> & {
  readonly projectId: string;
  readonly year: number;
  readonly income: number;
  readonly cost: number;
  readonly at: RowSource;
};

/** One tranche of the 债券 table (万元). */
export type BondRow = Value<BondKey, typeof BOND_COLUMNS> & {
  readonly projectId: string;
  readonly issueYear: number;
  readonly amount: number;
  readonly rate: number;
  readonly term: number;
  readonly at: RowSource;
};

export interface PlanningInput {
  readonly projects: readonly ProjectRow[];
  readonly flows: readonly FlowRow[];
  /** Tranches of the optional 债券 table (empty when the workbook has none). */
  readonly bonds: readonly BondRow[];
  readonly params: Parameters;
  readonly problems: readonly InputProblem[];
}

interface Located {
  readonly sheet: GridSheet;
  /** Row index within sheet.values of the header row. */
  readonly headerIndex: number;
  /** Last row index (inclusive) within sheet.values that belongs to the table. */
  readonly lastIndex: number;
  /** Column offset within sheet.values where the table starts. */
  readonly colStart: number;
  readonly colEnd: number;
}

const originOf = (s: GridSheet) => s.origin ?? { row: 0, col: 0 };

function problem(sheet: string, address: string, zh: string, en: string, severity: "error" | "warning" = "error"): InputProblem {
  return { sheet, address, zh, en, severity };
}

/** Sheets the add-in wrote itself are never read as input. */
function ownedSheets(grid: WorkbookGrid): Set<string> {
  const roles: OutputRole[] = ["plan", "balance", "bondBalance"];
  const owned = new Set<string>();
  for (const role of roles) {
    const n = grid.names.find((x) => x.name === ownershipName(role));
    if (n) owned.add(n.sheet);
  }
  return owned;
}

function placesRequired<K extends string>(headers: readonly Cell[], columns: readonly ColumnSpec<K>[]): boolean {
  const { index } = placeHeaders(headers, columns);
  return columns.every((c) => !c.required || index[c.key] !== undefined);
}

/** Find a table: the named Excel table, then a sheet of the expected name, then any sheet with a fitting header row. */
function locate<K extends string>(grid: WorkbookGrid, columns: readonly ColumnSpec<K>[], tableName: string, sheetName: string): Located | undefined {
  const owned = ownedSheets(grid);
  const candidates = grid.sheets.filter((s) => !owned.has(s.name));
  // 1. Excel tables (ListObjects): by name first, then any whose header row fits.
  const tables = candidates.flatMap((sheet) => (sheet.tables ?? []).map((t) => ({ sheet, t })));
  tables.sort((x, y) => Number(normalizeText(y.t.name) === normalizeText(tableName)) - Number(normalizeText(x.t.name) === normalizeText(tableName)));
  for (const { sheet, t } of tables) {
    const o = originOf(sheet);
    const headerIndex = t.range.row - o.row;
    const colStart = t.range.col - o.col;
    const headers = (sheet.values[headerIndex] ?? []).slice(colStart, colStart + t.range.cols);
    if (placesRequired(headers, columns)) {
      return { sheet, headerIndex, lastIndex: headerIndex + t.range.rows - 1, colStart, colEnd: colStart + t.range.cols - 1 };
    }
  }
  // 2./3. Plain sheets: the expected name first; a header row within the first 10 rows.
  const ordered = [...candidates].sort((x, y) => Number(y.name === sheetName) - Number(x.name === sheetName));
  for (const sheet of ordered) {
    for (let r = 0; r < Math.min(10, sheet.values.length); r++) {
      if (placesRequired(sheet.values[r], columns)) {
        const width = sheet.values[r].length;
        return { sheet, headerIndex: r, lastIndex: sheet.values.length - 1, colStart: 0, colEnd: width - 1 };
      }
    }
  }
  return undefined;
}

function isBlankCell(v: Cell | undefined): boolean {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

const TRUE_TEXT = new Set(["是", "true", "y", "yes", "1", "√"]);
const FALSE_TEXT = new Set(["否", "false", "n", "no", "0", "×"]);

/** Read one cell by its column kind; returns the value or a problem text. */
function readCell(spec: ColumnSpec, v: Cell): { value?: string | number | boolean; zh?: string; en?: string } {
  if (isBlankCell(v)) return {};
  switch (spec.kind) {
    case "text":
      return { value: String(v).trim() };
    case "boolean": {
      if (typeof v === "boolean") return { value: v };
      const k = normalizeText(String(v));
      if (TRUE_TEXT.has(k)) return { value: true };
      if (FALSE_TEXT.has(k)) return { value: false };
      return { zh: `“${spec.header}”应为 是/否，收到“${String(v)}”`, en: `"${spec.en}" must be yes/no, got "${String(v)}"` };
    }
    default: {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        return { zh: `“${spec.header}”应为数值，收到“${String(v)}”`, en: `"${spec.en}" must be a number, got "${String(v)}"` };
      }
      if (spec.kind === "integer" && !Number.isInteger(v)) {
        return { zh: `“${spec.header}”应为整数，收到 ${v}`, en: `"${spec.en}" must be a whole number, got ${v}` };
      }
      if (spec.kind === "share" && (v < 0 || v > 1)) {
        return { zh: `“${spec.header}”是比例，应在 0 到 1 之间（100% 填 1），收到 ${v}`, en: `"${spec.en}" is a share between 0 and 1, got ${v}` };
      }
      if (Math.abs(v) >= MAX_MAGNITUDE) {
        return { zh: `“${spec.header}”数值过大（${v}），绝对值应小于 1e15`, en: `"${spec.en}" is too large (${v}); its magnitude must stay below 1e15` };
      }
      if (spec.max !== undefined && v > spec.max) {
        return { zh: `“${spec.header}”应在 ${spec.min ?? ""}–${spec.max} 之间，收到 ${v}`, en: `"${spec.en}" must be within ${spec.min ?? ""}–${spec.max}, got ${v}` };
      }
      if (spec.min !== undefined && v < spec.min) {
        return { zh: `“${spec.header}”不能小于 ${spec.min}，收到 ${v}`, en: `"${spec.en}" must be at least ${spec.min}, got ${v}` };
      }
      return { value: v };
    }
  }
}

/** Read the rows of a located table by column specs; problems carry the cell address. */
function readRows<K extends string>(loc: Located, columns: readonly ColumnSpec<K>[], problems: InputProblem[]): Array<Record<string, unknown> & { at: RowSource }> {
  const { sheet } = loc;
  const o = originOf(sheet);
  const headers = sheet.values[loc.headerIndex].slice(loc.colStart, loc.colEnd + 1);
  const placed = placeHeaders(headers, columns);
  for (const u of placed.unknown) {
    problems.push(
      problem(sheet.name, a1(o.row + loc.headerIndex, o.col + loc.colStart + u.col), `列“${u.text}”无法识别，未使用（可用列名见说明）`, `Column "${u.text}" is not recognised and was not used`, "warning"),
    );
  }
  for (const d of placed.duplicate) {
    problems.push(problem(sheet.name, a1(o.row + loc.headerIndex, o.col + loc.colStart + d.col), `列“${d.text}”重复，只使用第一列`, `Column "${d.text}" appears twice; the first one is used`, "warning"));
  }
  const rows: Array<Record<string, unknown> & { at: RowSource }> = [];
  for (let r = loc.headerIndex + 1; r <= loc.lastIndex && r < sheet.values.length; r++) {
    const line = sheet.values[r];
    const cells = columns.map((c) => {
      const idx = placed.index[c.key];
      return idx === undefined ? null : (line[loc.colStart + idx] ?? null);
    });
    if (cells.every(isBlankCell)) continue;
    const record: Record<string, unknown> & { at: RowSource } = { at: { sheet: sheet.name, row: o.row + r } };
    let ok = true;
    columns.forEach((c, i) => {
      const idx = placed.index[c.key];
      const address = idx === undefined ? "" : a1(o.row + r, o.col + loc.colStart + idx);
      const read = readCell(c, cells[i]);
      if (read.zh) {
        problems.push(problem(sheet.name, address, `第 ${o.row + r + 1} 行：${read.zh}`, `Row ${o.row + r + 1}: ${read.en}`));
        ok = false;
      } else if (read.value === undefined && c.required) {
        problems.push(problem(sheet.name, address || a1(o.row + r, o.col), `第 ${o.row + r + 1} 行：“${c.header}”不能为空`, `Row ${o.row + r + 1}: "${c.en}" is required`));
        ok = false;
      } else if (read.value !== undefined) {
        record[c.key] = read.value;
      }
    });
    if (ok) rows.push(record);
  }
  return rows;
}

function readParameters(grid: WorkbookGrid, problems: InputProblem[]): Parameters {
  const params = defaultParameters();
  for (const p of PARAMETERS) {
    const n = grid.names.find((x) => x.name.toLowerCase() === p.name.toLowerCase());
    if (!n || isBlankCell(n.value ?? null)) continue;
    const v = n.value;
    const address = a1(n.row, n.col);
    if (typeof v !== "number" || !Number.isFinite(v)) {
      problems.push(problem(n.sheet, address, `参数“${p.label}”(${p.name}) 应为数值，收到“${String(v)}”`, `Parameter ${p.name} must be a number, got "${String(v)}"`));
    } else if (v < 0 || v >= MAX_MAGNITUDE || (p.share && v > 1)) {
      problems.push(problem(n.sheet, address, `参数“${p.label}”(${p.name}) 超出范围：${v}`, `Parameter ${p.name} is out of range: ${v}`));
    } else {
      params[p.name] = v;
    }
  }
  return params;
}

/**
 * Read a planning workbook: the project table (required), the cash-flow table (optional; without it the
 * balance report cannot be made) and the parameters. Never throws; everything wrong is an InputProblem
 * with the address of the cell to fix.
 */
export function readPlanningWorkbook(grid: WorkbookGrid): PlanningInput {
  const problems: InputProblem[] = [];
  const params = readParameters(grid, problems);
  const projLoc = locate(grid, PROJECT_COLUMNS, TABLE_NAMES.projects, SHEET_NAMES.projects);
  if (!projLoc) {
    const need = PROJECT_COLUMNS.filter((c) => "required" in c && c.required).map((c) => c.header).join("、");
    problems.push(problem("", "", `找不到项目表：需要一张含“${need}”列的表（可用“插入模板”生成）`, `No project table found: a table with the columns ${need} is needed (use Insert template)`));
    return { projects: [], flows: [], bonds: [], params, problems };
  }
  const projects = readRows(projLoc, PROJECT_COLUMNS, problems) as unknown as ProjectRow[];
  const seen = new Map<string, ProjectRow>();
  const unique: ProjectRow[] = [];
  for (const p of projects) {
    const first = seen.get(p.id);
    if (first) {
      problems.push(problem(p.at.sheet, a1(p.at.row, originOf(projLoc.sheet).col + projLoc.colStart), `项目编号“${p.id}”重复（首次出现在第 ${first.at.row + 1} 行）`, `Duplicate project id "${p.id}" (first on row ${first.at.row + 1})`));
    } else {
      seen.set(p.id, p);
      unique.push(p);
    }
  }
  if (unique.length === 0 && !problems.some((p) => p.severity === "error")) {
    problems.push(problem(projLoc.sheet.name, "", "项目表没有数据行", "The project table has no data rows"));
  }
  const flowLoc = locate(grid, FLOW_COLUMNS, TABLE_NAMES.flows, SHEET_NAMES.flows);
  let flows: FlowRow[] = [];
  if (flowLoc) {
    flows = readRows(flowLoc, FLOW_COLUMNS, problems) as unknown as FlowRow[];
    const idCol = originOf(flowLoc.sheet).col + flowLoc.colStart;
    flows = flows.filter((f) => {
      if (seen.has(f.projectId)) return true;
      problems.push(problem(f.at.sheet, a1(f.at.row, idCol), `现金流中的项目编号“${f.projectId}”不在项目表中`, `Cash-flow project id "${f.projectId}" is not in the project table`));
      return false;
    });
  }
  // The optional 债券 table (issue 13): tranches of bond-funded projects, ids checked against the project table.
  // Optional, so it is looked for only where the contract puts it (the table ShantyBonds or the sheet 债券), never by
  // scanning other sheets (whose cells a user may not expect to be read).
  const bondSheets = grid.sheets.filter((sh) => sh.name === BOND_SHEET_NAME || (sh.tables ?? []).some((t) => normalizeText(t.name) === normalizeText(BOND_TABLE_NAME)));
  const bondLoc = bondSheets.length ? locate({ ...grid, sheets: bondSheets }, BOND_COLUMNS, BOND_TABLE_NAME, BOND_SHEET_NAME) : undefined;
  let bonds: BondRow[] = [];
  if (bondLoc) {
    const idCol = originOf(bondLoc.sheet).col + bondLoc.colStart;
    bonds = (readRows(bondLoc, BOND_COLUMNS, problems) as unknown as BondRow[]).filter((b) => {
      if (seen.has(b.projectId)) return true;
      problems.push(problem(b.at.sheet, a1(b.at.row, idCol), `债券表中的项目编号“${b.projectId}”不在项目表中`, `Bond project id "${b.projectId}" is not in the project table`));
      return false;
    });
  }
  return { projects: unique, flows, bonds, params, problems };
}

/** True when the problems include one that stops generation. */
export function hasErrors(problems: readonly InputProblem[]): boolean {
  return problems.some((p) => p.severity === "error");
}
