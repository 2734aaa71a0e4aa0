import { normalizeText } from "../../engine/text";
import { FLOW_COLUMNS, FlowKey, PROJECT_READ_COLUMNS, ProjectKey, SHEET_NAMES } from "../contract";
import type { ColumnSpec } from "../contract";
import type { Cell, GridName, InputProblem, WorkbookGrid } from "../model";
import { ColumnMapping, headerKey } from "./headers";
import { closest, ClosestHeader } from "./locate";
import { problem } from "./problems";

/*
 * Column mapping: when a workbook's headers do not follow the contract, the user says which column holds which
 * field — CLI `shanty plan --map 户数=改造户数(户)` (repeatable), the task pane's mapping step — and the mapping
 * is remembered IN the workbook, so the next run needs nothing:
 *
 *   a hidden sheet SETTINGS_SHEET ("shanty_settings") holds one row per mapped field (field key, header text),
 *   and a workbook-level defined name per field — SHANTY_MAP_P_<key> for the project table, SHANTY_MAP_F_<key>
 *   for the cash flows — points at the cell with the header text.
 *
 * Both hosts already read single-cell defined names with their values into the grid, so the reader finds the
 * stored mapping in `grid.names` without any host code. API for the hosts (the task pane uses the same):
 *
 *   suggestMapping(grid)          → what is missing and a proposal per missing field (undefined when the
 *                                   contract already fits); show it, let the user choose headers;
 *   parseMapArgument("户数=改造户数(户)") → one entry, or a problem (CLI);
 *   applyMapping(grid, mapping)   → the grid as if the mapping were stored (read it with readPlanningWorkbook);
 *   mappingSheet(mapping)         → the settings sheet to write (rows + named cells); write it hidden and
 *                                   replace an earlier one (it is the add-in's own sheet).
 */

export interface WorkbookMapping {
  readonly projects: ColumnMapping<ProjectKey>;
  readonly flows: ColumnMapping<FlowKey>;
}

export const EMPTY_MAPPING: WorkbookMapping = { projects: {}, flows: {} };

/** The hidden sheet that stores the mapping. */
export const SETTINGS_SHEET = "shanty_settings";
export const MAP_NAME_PREFIX = { projects: "SHANTY_MAP_P_", flows: "SHANTY_MAP_F_" } as const;

/** The mapping stored in the workbook (names SHANTY_MAP_P_/F_<key> with the header text as their cell value). */
export function storedMapping(grid: WorkbookGrid): WorkbookMapping {
  const projects: ColumnMapping<ProjectKey> = {};
  const flows: ColumnMapping<FlowKey> = {};
  const take = (n: GridName, prefix: string, columns: readonly ColumnSpec[], into: Record<string, string>) => {
    if (!n.name.toUpperCase().startsWith(prefix)) return;
    const key = n.name.slice(prefix.length).toLowerCase();
    const spec = columns.find((c) => c.key.toLowerCase() === key);
    if (spec && typeof n.value === "string" && n.value.trim() !== "") into[spec.key] = n.value.trim();
  };
  for (const n of grid.names) {
    take(n, MAP_NAME_PREFIX.projects, PROJECT_READ_COLUMNS, projects);
    take(n, MAP_NAME_PREFIX.flows, FLOW_COLUMNS, flows);
  }
  return { projects, flows };
}

/** Two mappings merged; `over` wins field by field. */
export function mergeMappings(base: WorkbookMapping, over: WorkbookMapping): WorkbookMapping {
  return { projects: { ...base.projects, ...over.projects }, flows: { ...base.flows, ...over.flows } };
}

/** Every field a mapping can name, for messages ("户数、建筑面积、…"). */
function fieldList(): string {
  return [
    ...PROJECT_READ_COLUMNS.map((c) => headerKeyText(c.header)),
    ...FLOW_COLUMNS.map((c) => `现金流.${headerKeyText(c.header)}`),
  ].join("、");
}

function headerKeyText(header: string): string {
  return header.replace(/（.*?）/g, "");
}

function findField(columns: readonly ColumnSpec[], field: string): ColumnSpec | undefined {
  const k = headerKey(field);
  return columns.find(
    (c) => c.key.toLowerCase() === normalizeText(field) || [c.header, c.en, ...c.aliases].some((a) => headerKey(a) === k),
  );
}

/**
 * One `--map` argument: "户数=改造户数(户)" (field = header as written). The field is a contract column by its
 * Chinese or English name, an alias or its key; "现金流.年度=…" / "flows.year=…" names a cash-flow column.
 */
export function parseMapArgument(text: string): { mapping: WorkbookMapping } | { problem: InputProblem } {
  const eq = text.indexOf("=");
  const field = eq > 0 ? text.slice(0, eq).trim() : "";
  const header = eq > 0 ? text.slice(eq + 1).trim() : "";
  if (field === "" || header === "") return { problem: problem("wbMapSyntax", "error", "", "", { text }) };
  const flow = /^(现金流|flows?)[.．:：]/i.exec(field);
  if (flow) {
    const spec = findField(FLOW_COLUMNS, field.slice(flow[0].length));
    if (!spec) return { problem: problem("wbMapFieldUnknown", "error", "", "", { text, field, fields: fieldList() }) };
    return { mapping: { projects: {}, flows: { [spec.key]: header } } };
  }
  const spec = findField(PROJECT_READ_COLUMNS, field);
  if (!spec) return { problem: problem("wbMapFieldUnknown", "error", "", "", { text, field, fields: fieldList() }) };
  return { mapping: { projects: { [spec.key]: header }, flows: {} } };
}

/** Several `--map` arguments into one mapping (later ones win), with the problems of the bad ones. */
export function parseMapArguments(texts: readonly string[]): { mapping: WorkbookMapping; problems: InputProblem[] } {
  let mapping = EMPTY_MAPPING;
  const problems: InputProblem[] = [];
  for (const t of texts) {
    const one = parseMapArgument(t);
    if ("problem" in one) problems.push(one.problem);
    else mapping = mergeMappings(mapping, one.mapping);
  }
  return { mapping, problems };
}

/** The mapping step's material: the header row that came closest, what it lacks, and a proposal per field. */
export interface MappingSuggestion {
  readonly sheet: string;
  /** 0-based sheet row of the header row. */
  readonly row: number;
  /** The header row's texts, 0-based from `col`. */
  readonly col: number;
  readonly headers: readonly string[];
  /** Required fields not found: key, Chinese and English name. */
  readonly missing: readonly { readonly key: ProjectKey; readonly header: string; readonly en: string }[];
  /** A header per missing field that looks like it (contains the field's words), when one does. */
  readonly proposal: ColumnMapping<ProjectKey>;
}

/** Owned sheets are never input; the settings sheet neither. */
export function excludedSheets(grid: WorkbookGrid, owned: ReadonlySet<string>): Set<string> {
  const out = new Set(owned);
  for (const s of grid.sheets) if (s.name.toLowerCase() === SETTINGS_SHEET) out.add(s.name);
  return out;
}

/**
 * What the mapping step shows: undefined when the project table is found as it is; otherwise the closest header
 * row, the required fields it lacks and a proposal (a header containing the field's name or an alias, e.g.
 * "拆迁户数合计" for 户数). `exclude` are sheet names never read (the add-in's own outputs).
 */
export function suggestMapping(
  grid: WorkbookGrid,
  exclude: ReadonlySet<string> = new Set(),
  mapping: WorkbookMapping = storedMapping(grid),
): MappingSuggestion | undefined {
  const near: ClosestHeader<ProjectKey> | undefined = closest(grid, PROJECT_READ_COLUMNS, excludedSheets(grid, exclude), mapping.projects);
  if (!near || near.missing.length === 0) return undefined;
  const usedCols = new Set(Object.values(near.placed) as number[]);
  const proposal: ColumnMapping<ProjectKey> = {};
  for (const m of near.missing) {
    const words = [m.header, ...m.aliases].map(headerKey).filter((w) => w.length >= 2);
    const col = near.headers.findIndex((h, i) => h !== "" && !usedCols.has(i) && words.some((w) => headerKey(h).includes(w)));
    if (col >= 0) {
      proposal[m.key] = near.headers[col];
      usedCols.add(col);
    }
  }
  return {
    sheet: near.sheet,
    row: near.row,
    col: near.col,
    headers: near.headers,
    missing: near.missing.map((c) => ({ key: c.key, header: c.header, en: c.en })),
    proposal,
  };
}

/** The grid with the mapping stored as names (as the next run would read it after mappingSheet was written). */
export function applyMapping(grid: WorkbookGrid, mapping: WorkbookMapping): WorkbookGrid {
  const sheet = mappingSheet(mapping);
  const prefixes = [MAP_NAME_PREFIX.projects, MAP_NAME_PREFIX.flows];
  const kept = grid.names.filter((n) => {
    const upper = n.name.toUpperCase();
    return !prefixes.some((p) => upper.startsWith(p)) || !sheet.namedCells.some((c) => c.name.toUpperCase() === upper);
  });
  const added: GridName[] = sheet.namedCells.map((c) => ({
    name: c.name,
    sheet: SETTINGS_SHEET,
    row: c.row,
    col: c.col,
    value: sheet.rows[c.row][c.col],
  }));
  return { ...grid, names: [...kept, ...added] };
}

/**
 * The settings sheet for a mapping: a title row, then one row per field (表, 字段, 列名) with a named cell on the
 * header text. Write it hidden under SETTINGS_SHEET, replacing an earlier one.
 */
export function mappingSheet(mapping: WorkbookMapping): {
  name: string;
  rows: Cell[][];
  namedCells: { name: string; row: number; col: number }[];
} {
  const rows: Cell[][] = [["表 table", "字段 field", "列名 header（由棚改测算写入，可修改 written by Shanty Balance, may be edited）"]];
  const namedCells: { name: string; row: number; col: number }[] = [];
  const add = (table: "projects" | "flows", columns: readonly ColumnSpec[], m: Record<string, string | undefined>) => {
    for (const c of columns) {
      const header = m[c.key];
      if (header === undefined) continue;
      rows.push([table === "projects" ? SHEET_NAMES.projects : SHEET_NAMES.flows, c.header, header]);
      namedCells.push({ name: `${MAP_NAME_PREFIX[table]}${c.key}`, row: rows.length - 1, col: 2 });
    }
  };
  add("projects", PROJECT_READ_COLUMNS, mapping.projects);
  add("flows", FLOW_COLUMNS, mapping.flows);
  return { name: SETTINGS_SHEET, rows, namedCells };
}

/** True when the mapping maps nothing. */
export function isEmptyMapping(m: WorkbookMapping): boolean {
  return Object.keys(m.projects).length === 0 && Object.keys(m.flows).length === 0;
}
