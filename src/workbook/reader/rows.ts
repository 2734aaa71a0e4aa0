import { Dec, MAX_MAGNITUDE } from "../../engine/decimal";
import { normalizeText } from "../../engine/text";
import { a1 } from "../address";
import type { ColumnSpec } from "../contract";
import type { Cell, InputProblem } from "../model";
import { idKey, isBlankCell, readYesNo, shown, totalWord, TotalWord } from "./cells";
import { headerBase, PlacedColumn } from "./headers";
import { Located, originOf } from "./locate";
import { readNumber, RULE_CODE, serialDate, TypedRule } from "./numbers";
import { problem } from "./problems";
import { allowedUnits, BASE_UNIT, convert, DIMENSION_EN, DIMENSION_ZH, isIdentity, ruleText } from "./units";

/*
 * Reading and validating the data rows of a located table, one cell at a time by its column's kind: numbers by
 * the typed-number rules and the column's unit (converted exactly to the engine's unit), years, yes/no, fixed
 * vocabularies, required cells. A row with any bad cell is rejected (and its id remembered, so nothing that
 * refers to it is reported again); total rows and note rows are not data.
 */

/**
 * Where a row came from, for problem addresses (0-based, absolute on the sheet). A record holds it in its own two
 * fields: a large plan has millions of records, and an object of its own per record held a third of their memory
 * (126 of 287 MB at 200,000 projects).
 */
export interface RowSource {
  readonly sheet: string;
  readonly row: number;
}

export type RowRecord = Record<string, unknown> & RowSource;

/** A total row (合计/小计/…, or the Excel table's totals row) with its summable values in engine units. */
export interface TotalRow {
  /** 0-based sheet row. */
  readonly row: number;
  readonly word: TotalWord | "tableTotals";
  /** The label as written ("合计"), and the sheet column of its cell. */
  readonly label: string;
  readonly labelCol: number;
  readonly values: Partial<Record<string, { value: Dec; col: number }>>;
  /** Index into `rows` where this total row sits (the rows before it are the ones it can total). */
  readonly position: number;
  /** How many rows were rejected before this total row (a sum over rejected rows is not checked): rejectedRows' first ones. */
  readonly rejectedBefore: number;
}

export interface TableRead<S extends RowSink = RecordSink> {
  /** The accepted rows, top to bottom. */
  readonly rows: S;
  /** idKey of every row that was rejected (its cells hold errors). */
  readonly rejected: Set<string>;
  /** 0-based sheet row of every rejected row, top to bottom. */
  readonly rejectedRows: number[];
  readonly totals: TotalRow[];
  /** Per key: the placed column (sheet-absolute column index, header, unit). */
  readonly columns: Partial<Record<string, PlacedColumn & { sheetCol: number }>>;
}

/** A note under a list ("注：…", "填表人：…", "审核：…"): skipped when the row holds nothing else the table needs. */
const NOTE_ROW = /^(注|备注|说明|填表|制表|审核|审批|负责人|联系人|联系电话|数据来源|资料来源)/;

interface Converted {
  count: number;
  cell: string;
  value: string;
  read: string;
}

/** The read of a blank cell (or of a column not in the table): nothing. Shared: no caller changes a CellRead. */
const NOTHING_READ: CellRead = Object.freeze({});

export interface CellRead {
  value?: string | number | boolean;
  rule?: TypedRule;
  error?: { code: Parameters<typeof problem>[0]; values: Record<string, string | number> };
}

/**
 * readCellExact's value for the most common cell — a number stored as a number, in a column whose unit is the
 * engine's — found with plain numbers instead of Dec (a fifth of a large plan's reading went to Dec here). The
 * checks are the same and so is their outcome: Dec reads a finite number as its shortest decimal, which is an
 * integer exactly when the number is, and compares with any number (the bounds) as the number does; a unit of 1/1
 * leaves it unchanged, and it converts back to the same number. undefined whenever readCellExact must decide: a
 * date in a year column, a unit to convert, or any check that fails (the problem is then reported by it).
 */
export function plainNumber(spec: ColumnSpec, placed: PlacedColumn, v: Cell, isDate: boolean): number | undefined {
  if (typeof v !== "number" || !Number.isFinite(v) || placed.unit.num !== 1 || placed.unit.den !== 1) return undefined;
  if (spec.kind === "text" || spec.kind === "boolean" || (isDate && spec.dimension === "year")) return undefined;
  if (spec.kind === "year") {
    if (!Number.isInteger(v) || v < (spec.min ?? 1000) || v > (spec.max ?? 9999)) return undefined;
  } else if (spec.kind === "integer" && !Number.isInteger(v)) return undefined;
  // Dec(-0) is negative: -0 in a share column is left to readCellExact, as before.
  if (spec.kind === "share" && (v < 0 || Object.is(v, -0) || v > 1)) return undefined;
  if (Math.abs(v) >= MAX_MAGNITUDE) return undefined;
  if (spec.max !== undefined && v > spec.max) return undefined;
  if (spec.min !== undefined && v < spec.min) return undefined;
  return v;
}

/** Read one cell by its column; returns the value, or the code and values of the problem. */
export function readCell(spec: ColumnSpec, placed: PlacedColumn, v: Cell, date1904: boolean, isDate: boolean): CellRead {
  const plain = plainNumber(spec, placed, v, isDate);
  return plain === undefined ? readCellExact(spec, placed, v, date1904, isDate) : { value: plain };
}

/** readCell through Dec, for every cell (exact unit conversion, typed numbers, dates, every problem). */
export function readCellExact(spec: ColumnSpec, placed: PlacedColumn, v: Cell, date1904: boolean, isDate: boolean): CellRead {
  if (isBlankCell(v)) return NOTHING_READ;
  switch (spec.kind) {
    case "text": {
      const text = String(v).trim();
      if (!spec.choices) return { value: text };
      const chosen = spec.choices[normalizeText(text)];
      if (chosen !== undefined) return { value: chosen };
      const choices = [...new Set(Object.values(spec.choices))].join("/");
      return { error: { code: "wbNotChoice", values: { value: shown(v), choices } } };
    }
    case "boolean": {
      const b = readYesNo(v);
      return b === undefined ? { error: { code: "wbNotBoolean", values: { value: shown(v) } } } : { value: b };
    }
    default: {
      const read = readNumber(v, spec.dimension, date1904, isDate);
      const years = { min: spec.min ?? 1000, max: spec.max ?? 9999 };
      if (!read.ok)
        return {
          error:
            spec.kind === "year"
              ? { code: "wbNotYear", values: { value: shown(v), ...years } }
              : { code: "wbNotNumber", values: { value: shown(v) } },
        };
      // A unit typed in the cell was applied already; otherwise the header's unit applies.
      const value = read.cellUnit ? read.value : convert(read.value, placed.unit);
      const n = value.toNumber();
      if (spec.kind === "year") {
        if (!value.isInteger() || n < years.min || n > years.max)
          return { error: { code: "wbNotYear", values: { value: shown(v), ...years } } };
      } else if (spec.kind === "integer" && !value.isInteger()) {
        return { error: { code: "wbNotInteger", values: { value: value.toString() } } };
      }
      if (spec.kind === "share" && (value.isNegative() || value.gt(1)))
        return { error: { code: "wbNotShare", values: { value: shown(v) } } };
      if (value.abs().gte(MAX_MAGNITUDE)) return { error: { code: "wbTooLarge", values: { value: shown(v) } } };
      if (spec.max !== undefined && value.gt(spec.max))
        return { error: { code: "wbAboveMax", values: { value: shown(v), min: spec.min ?? "", max: spec.max } } };
      if (spec.min !== undefined && value.lt(spec.min))
        return { error: { code: "wbBelowMin", values: { value: shown(v), min: spec.min } } };
      return { value: n, rule: read.rule };
    }
  }
}

/** Summable values of a total row, in engine units (cells that are not numbers are left out). */
function totalValues(
  columns: readonly ColumnSpec[],
  placedOf: (k: string) => PlacedColumn | undefined,
  line: readonly Cell[],
  colStart: number,
  o: { col: number },
  date1904: boolean,
) {
  const values: Partial<Record<string, { value: Dec; col: number }>> = {};
  for (const c of columns) {
    const p = placedOf(c.key);
    if (!c.summable || !p) continue;
    const v = line[colStart + p.col] ?? null;
    if (isBlankCell(v)) continue;
    const read = readNumber(v, c.dimension, date1904);
    if (read.ok) values[c.key] = { value: read.cellUnit ? read.value : convert(read.value, p.unit), col: o.col + colStart + p.col };
  }
  return values;
}

/**
 * Makes a table's record from a row's values: `values` in the order of the table's columns, undefined where the row
 * has none (the array is reused for the next row). The record holds the same values under the columns' keys as the
 * one made without it; it may also hold the keys without a value, as undefined.
 */
export type RecordMaker = (sheet: string, row: number, values: readonly unknown[]) => RowRecord;

/**
 * Where readTable puts a table's accepted rows, and where the total rows' check reads them back: records by default
 * (RecordSink); the cash-flow table's rows by column (FlowTableBuilder, src/workbook/flowTable.ts).
 */
export interface RowSink {
  /** An accepted row: `values` in the order of the table's columns, undefined where it has none (reused for the next row). */
  add(sheet: string, row: number, values: readonly unknown[]): void;
  readonly length: number;
  /** The value of accepted row i in the table's column at `column` (its place in the table's columns), undefined where none. */
  value(i: number, column: number): unknown;
  /** 0-based sheet row of accepted row i. */
  row(i: number): number;
}

/** The accepted rows as records: made by `make`, or with only the keys that have a value. */
export class RecordSink implements RowSink {
  readonly records: RowRecord[] = [];
  constructor(
    private readonly keys: readonly string[],
    private readonly make?: RecordMaker,
  ) {}

  add(sheet: string, row: number, values: readonly unknown[]): void {
    if (this.make) {
      this.records.push(this.make(sheet, row, values));
      return;
    }
    const record: RowRecord = { sheet, row };
    for (let i = 0; i < this.keys.length; i++) if (values[i] !== undefined) record[this.keys[i]] = values[i];
    this.records.push(record);
  }

  get length(): number {
    return this.records.length;
  }

  value(i: number, column: number): unknown {
    return this.records[i][this.keys[column]];
  }

  row(i: number): number {
    return this.records[i].row;
  }
}

/** A table's column keys, unless one of them is a RowSource field (a record holds its columns and its source side by side). */
type NotSourceKeys<K extends string> = [Extract<K, keyof RowSource>] extends [never] ? unknown : never;

/** Read the data rows of a located table; problems (with the cell address) and notices go to `problems`. */
export function readTable<K extends string, S extends RowSink = RecordSink>(
  loc: Located<K>,
  columns: readonly ColumnSpec<K>[] & NotSourceKeys<K>,
  problems: InputProblem[],
  options: { idKey: K; nameKey?: K; date1904?: boolean } & ({ make?: RecordMaker; sink?: undefined } | { sink: S; make?: undefined }),
): TableRead<S> {
  const { sheet, placement } = loc;
  const o = originOf(sheet);
  const date1904 = options.date1904 ?? false;
  const headerRow = o.row + loc.headerIndex;
  const sheetCol = (col: number) => o.col + loc.colStart + col;
  const placedOf = (k: string) => placement.columns[k as K];
  const dateCells = new Set((sheet.dates ?? []).map(([r, c]) => `${r},${c}`));

  for (const u of placement.unknown)
    problems.push(problem("wbColumnUnknown", "warning", sheet.name, a1(headerRow, sheetCol(u.col)), { header: u.text }));
  for (const d of placement.duplicate) {
    problems.push(
      problem("wbColumnDuplicate", "warning", sheet.name, a1(headerRow, sheetCol(d.col)), {
        header: d.text,
        first: a1(headerRow, sheetCol(d.first)),
      }),
    );
  }
  for (const c of columns) {
    const p = placement.columns[c.key];
    if (!p) continue;
    if (p.mapped)
      problems.push(
        problem("wbMappedColumn", "notice", sheet.name, a1(headerRow, sheetCol(p.col)), { header: p.text, field: c.header, fieldEn: c.en }),
      );
  }
  for (const m of placement.mappedMissing) {
    const c = columns.find((x) => x.key === m.key)!;
    problems.push(
      problem("wbMappedMissing", "warning", sheet.name, a1(headerRow, sheetCol(0)), { header: m.header, field: c.header, fieldEn: c.en }),
    );
  }
  if (loc.unitNote) {
    const used = columns.filter((c) => placement.columns[c.key]?.fromNote).map((c) => `“${placement.columns[c.key]!.text}”`);
    problems.push(
      problem("wbUnitNote", "notice", sheet.name, a1(o.row + loc.unitNote.index, o.col + loc.unitNote.col), {
        note: loc.unitNote.text,
        columns: used.join(""),
      }),
    );
  }
  const badUnitKeys = new Set<string>();
  for (const b of placement.badUnits) {
    const c = columns.find((x) => x.key === b.key)!;
    badUnitKeys.add(b.key);
    problems.push(
      problem("wbUnitUnknown", "error", sheet.name, a1(headerRow, sheetCol(b.col)), {
        header: b.text,
        unit: b.unit,
        field: DIMENSION_ZH[c.dimension!],
        fieldEn: DIMENSION_EN[c.dimension!],
        allowed: allowedUnits(c.dimension!),
      }),
    );
  }
  for (const c of columns) {
    const p = placement.columns[c.key];
    if (!p || !c.dimension || badUnitKeys.has(c.key) || isIdentity(p.unit)) continue;
    problems.push(
      problem("wbUnitConverted", "notice", sheet.name, a1(headerRow, sheetCol(p.col)), {
        header: p.text,
        unit: p.unit.label,
        base: BASE_UNIT[c.dimension],
        rule: ruleText(p.unit),
      }),
    );
  }

  const rows = (options.sink ??
    new RecordSink(
      columns.map((c) => c.key),
      options.make,
    )) as S;
  const rejected = new Set<string>();
  const totals: TotalRow[] = [];
  const converted = new Map<string, Converted>();
  const rejectedRows: number[] = [];
  const idPlaced = placement.columns[options.idKey];
  const namePlaced = options.nameKey ? placement.columns[options.nameKey] : undefined;
  // Address and header text of a cell: only needed for a problem or a notice (most cells have neither).
  const cellAddress = (p: PlacedColumn | undefined, sheetRow: number) =>
    p === undefined ? a1(sheetRow, sheetCol(idPlaced?.col ?? 0)) : a1(sheetRow, sheetCol(p.col));
  const cellBase = (p: PlacedColumn | undefined, c: ColumnSpec<K>, sheetRow: number) => ({
    row: sheetRow + 1,
    header: p ? headerBase(p.text) || p.text : c.header,
  });

  // totalWord of the id cell, kept for the last text: a cash-flow table repeats each project's id on many rows.
  let lastIdText: string | undefined;
  let lastIdWord: TotalWord | undefined;
  const idWord = (v: Cell): TotalWord | undefined => {
    if (typeof v !== "string") return undefined;
    if (v !== lastIdText) {
      lastIdText = v;
      lastIdWord = totalWord(v);
    }
    return lastIdWord;
  };
  // A row that starts with a note word (注：…) is a note; kept for the last text, like idWord.
  let lastFirstText: string | undefined;
  let lastFirstNote = false;
  const isNoteText = (v: string): boolean => {
    if (v !== lastFirstText) {
      lastFirstText = v;
      lastFirstNote = NOTE_ROW.test(v.trim());
    }
    return lastFirstNote;
  };
  const placedList = columns.map((c) => placement.columns[c.key]);
  const badList = columns.map((c) => placement.columns[c.key] !== undefined && badUnitKeys.has(c.key));
  /** Text columns without a fixed vocabulary: a text cell is its trimmed text (readCellExact's "text" case). */
  const freeText = columns.map((c) => c.kind === "text" && !c.choices);
  const cells: Cell[] = new Array<Cell>(columns.length).fill(null);
  // The row's values are collected here and handed to the sink at once (a table of millions of rows: one record
  // layout, or columns, instead of one property added at a time).
  const values: unknown[] = new Array<unknown>(columns.length).fill(undefined);
  const last = Math.min(loc.totalsIndex ?? loc.lastIndex, sheet.values.length - 1);
  for (let r = loc.firstIndex; r <= last; r++) {
    const line = sheet.values[r];
    // The columns' cells (a row with none of them filled is skipped).
    let blank = true;
    for (let i = 0; i < columns.length; i++) {
      const p = placedList[i];
      const v = p === undefined ? null : (line[loc.colStart + p.col] ?? null);
      cells[i] = v;
      if (blank && !isBlankCell(v)) blank = false;
    }
    if (blank) continue;
    const sheetRow = o.row + r;
    const idCell = idPlaced ? (line[loc.colStart + idPlaced.col] ?? null) : null;
    const nameCell = namePlaced ? (line[loc.colStart + namePlaced.col] ?? null) : null;

    // The total word may sit in the id or name cell, or — a clerk's habit — in the row's first cell (序号 column,
    // often merged across the first columns): the first of the three that carries one.
    let firstAt = -1;
    for (let c = loc.colStart; c <= loc.colEnd; c++) {
      if (!isBlankCell(line[c])) {
        firstAt = c - loc.colStart;
        break;
      }
    }
    const firstCell = firstAt < 0 ? null : (line[loc.colStart + firstAt] ?? null);
    let labelCell: Cell = null;
    let labelCol: number | undefined;
    let word: TotalWord | "tableTotals" | undefined = idWord(idCell);
    if (word !== undefined) {
      labelCell = idCell;
      labelCol = idPlaced?.col;
    } else if (nameCell !== idCell && (word = totalWord(nameCell)) !== undefined) {
      labelCell = nameCell;
      labelCol = namePlaced?.col;
    } else if (firstCell !== idCell && firstCell !== nameCell && (word = totalWord(firstCell)) !== undefined) {
      labelCell = firstCell;
      labelCol = firstAt;
    }
    if (r === loc.totalsIndex) word = "tableTotals";
    if (word) {
      const label = word === "tableTotals" ? "汇总行" : shown(labelCell).trim();
      totals.push({
        row: sheetRow,
        word,
        label,
        labelCol: sheetCol(labelCol ?? Math.max(firstAt, 0)),
        values: totalValues(columns, placedOf, line, loc.colStart, o, date1904),
        position: rows.length,
        rejectedBefore: rejectedRows.length,
      });
      continue;
    }
    if (typeof firstCell === "string" && isNoteText(firstCell)) {
      let othersBlank = true;
      for (let i = 0; i < columns.length && othersBlank; i++) {
        const c = columns[i];
        if (c.key !== options.idKey && c.required && !isBlankCell(cells[i])) othersBlank = false;
      }
      if (othersBlank) continue;
    }

    let ok = true;
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i];
      const p = placedList[i];
      // The last row's value goes (one store here costs less than filling the whole array first).
      values[i] = undefined;
      if (badList[i]) {
        ok = false; // reported once, at the header
        continue;
      }
      const v = cells[i];
      if (freeText[i] && typeof v === "string") {
        // readCellExact's text case, without its result object: the trimmed text (blank text is read there).
        const text = v.trim();
        if (text !== "") {
          values[i] = text;
          continue;
        }
      }
      const isDate = p !== undefined && dateCells.size > 0 && dateCells.has(`${sheetRow},${sheetCol(p.col)}`);
      // readCell, with its common case (a plain number) taken here without a result object.
      const plain = p ? plainNumber(c, p, cells[i], isDate) : undefined;
      if (plain !== undefined) {
        values[i] = plain;
        continue;
      }
      const read = p ? readCellExact(c, p, cells[i], date1904, isDate) : NOTHING_READ;
      if (read.error) {
        problems.push(
          problem(read.error.code, "error", sheet.name, cellAddress(p, sheetRow), { ...cellBase(p, c, sheetRow), ...read.error.values }),
        );
        ok = false;
      } else if (read.value === undefined && c.required) {
        problems.push(problem("wbRequired", "error", sheet.name, cellAddress(p, sheetRow), cellBase(p, c, sheetRow)));
        ok = false;
      } else if (read.value !== undefined) {
        values[i] = read.value;
        if (read.rule) {
          const key = `${c.key}\u0000${read.rule}`;
          const seen = converted.get(key);
          if (seen) seen.count++;
          else
            converted.set(key, {
              count: 1,
              cell: cellAddress(p, sheetRow),
              value: read.rule === "date" && typeof cells[i] === "number" ? serialDate(cells[i] as number, date1904) : shown(cells[i]),
              read: String(read.value),
            });
        }
      }
    }
    if (ok) rows.add(sheet.name, sheetRow, values);
    else {
      rejectedRows.push(sheetRow);
      if (!isBlankCell(idCell)) rejected.add(idKey(String(idCell)));
    }
  }

  // Total rows: one notice per table, at the first, listing the rows.
  if (totals.length > 0) {
    const first = totals[0];
    const rowsText = totals.map((t) => `${t.row + 1}`).join("、");
    problems.push(
      problem("wbTotalRow", "notice", sheet.name, a1(first.row, sheetCol(idPlaced?.col ?? 0)), {
        rows: rowsText,
        count: totals.length,
        label: [...new Set(totals.map((t) => t.label))].join("、"),
      }),
    );
  }
  for (const [key, c] of converted) {
    const [k, rule] = key.split("\u0000") as [K, TypedRule];
    const p = placement.columns[k]!;
    problems.push(
      problem(RULE_CODE[rule], "notice", sheet.name, c.cell, {
        header: p.text,
        count: c.count,
        cell: c.cell,
        value: c.value,
        read: c.read,
      }),
    );
  }
  const placedColumns: TableRead["columns"] = {};
  for (const c of columns) {
    const p = placement.columns[c.key];
    if (p) placedColumns[c.key] = { ...p, sheetCol: sheetCol(p.col) };
  }
  return { rows, rejected, rejectedRows, totals, columns: placedColumns };
}
