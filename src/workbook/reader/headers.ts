import { normalizeText } from "../../engine/text";
import { ColumnSpec, Dimension, IGNORED_HEADERS } from "../contract";
import type { Cell } from "../model";
import { isBlankCell } from "./cells";
import { baseUnit, headerUnit, isAnyUnit, Unit } from "./units";

/*
 * Header matching: a header is placed to a column of the contract by its words (Chinese or English, full- or
 * half-width, spaces ignored, a unit in brackets set aside), or by the user's column mapping (which wins). The
 * unit comes from the header's brackets — （）()【】[]〔〕 — or from a unit row right under the header.
 */

const BRACKETS = /[（(【[〔]([^）)】\]〕]*)[）)】\]〕]/g;

/** Comparable form of a header: NFKC, no spaces, lower case, no bracketed part. */
export function headerKey(text: string): string {
  return normalizeText(text.replace(BRACKETS, ""));
}

/** The header without its bracketed unit, as written ("建筑面积（万㎡）" → "建筑面积"), for messages. */
export function headerBase(text: string): string {
  return text.replace(BRACKETS, "").trim();
}

/** The bracketed parts of a header ("建筑面积（万㎡）" → ["万㎡"]). */
export function bracketParts(text: string): string[] {
  return [...text.matchAll(BRACKETS)].map((m) => m[1].trim()).filter((t) => t !== "");
}

/** A column of the contract found in the header row. */
export interface PlacedColumn {
  /** 0-based offset within the header row given. */
  readonly col: number;
  /** The header as written. */
  readonly text: string;
  /** The unit its numbers are in (the dimension's engine unit when none is written). */
  readonly unit: Unit;
  /** The unit as written (header bracket or unit row), when one is. */
  readonly unitText?: string;
  /** Placed by the column mapping, not by its words. */
  readonly mapped: boolean;
  /** The unit came from a "单位：…" note above the header (the header itself names none). */
  readonly fromNote?: boolean;
}

/** Units a "单位：万元、万㎡" note above a header gives the columns whose header names none. */
export type UnitNote = Partial<Record<Dimension, { readonly unit: Unit; readonly text: string }>>;

/** The units of a "单位：…" note ("单位：万元、万㎡、户"), by dimension; undefined when the text is no such note. */
export function parseUnitNote(text: string): UnitNote | undefined {
  const m = /单位\s*[:：]\s*(.+)$/.exec(text.normalize("NFKC"));
  if (!m) return undefined;
  const note: Record<string, { unit: Unit; text: string }> = {};
  for (const token of m[1].split(/[、,;\s]+/).filter(Boolean)) {
    for (const d of ["area", "money", "count"] as const) {
      const unit = headerUnit(d, token);
      if (unit && !note[d]) note[d] = { unit, text: token };
    }
  }
  return Object.keys(note).length > 0 ? note : undefined;
}

export interface HeaderPlacement<K extends string> {
  readonly columns: Partial<Record<K, PlacedColumn>>;
  readonly unknown: { col: number; text: string }[];
  readonly duplicate: { col: number; text: string; first: number }[];
  /** Columns whose header names a unit the reader does not know (an error at the header cell). */
  readonly badUnits: { col: number; text: string; unit: string; key: K }[];
  /** Mapped headers not found in the row. */
  readonly mappedMissing: { key: K; header: string }[];
}

/** Mapping of column keys to the header text that holds them (as the user wrote it, unit included or not). */
export type ColumnMapping<K extends string = string> = Partial<Record<K, string>>;

function sameHeader(written: string, wanted: string): boolean {
  return normalizeText(written) === normalizeText(wanted) || headerKey(written) === headerKey(wanted);
}

/** True when the row under a header is a unit row: every non-blank cell is a unit ("万㎡", "（亿元）", "户"). */
export function isUnitRow(row: readonly Cell[] | undefined): boolean {
  if (!row) return false;
  const filled = row.filter((c) => !isBlankCell(c));
  return filled.length > 0 && filled.every((c) => typeof c === "string" && isAnyUnit(c));
}

/**
 * Place a header row's cells on the contract's columns. `unitRow`, when given, is the row under the header
 * holding units. Unknown non-empty headers are returned by name (ignored ones like 序号/备注 are not).
 */
export function placeHeaders<K extends string>(
  headers: readonly unknown[],
  columns: readonly ColumnSpec<K>[],
  mapping: ColumnMapping<K> = {},
  unitRow?: readonly Cell[],
  note: UnitNote = {},
): HeaderPlacement<K> & { readonly index: Partial<Record<K, number>> } {
  const byWord = new Map<string, K>();
  for (const c of columns) for (const a of [c.header, ...c.aliases]) byWord.set(headerKey(a), c.key);
  const ignored = new Set<string>(IGNORED_HEADERS.map((h) => headerKey(h)));
  const spec = new Map(columns.map((c) => [c.key, c] as const));
  const index: Partial<Record<K, number>> = {};
  const placed: Partial<Record<K, PlacedColumn>> = {};
  const unknown: { col: number; text: string }[] = [];
  const duplicate: { col: number; text: string; first: number }[] = [];
  const badUnits: { col: number; text: string; unit: string; key: K }[] = [];
  const texts = headers.map((h) => (h === null || h === undefined ? "" : String(h).trim()));

  const place = (key: K, col: number, mapped: boolean) => {
    const text = texts[col];
    const c = spec.get(key)!;
    let unit: Unit | undefined;
    let unitText: string | undefined;
    if (c.dimension) {
      const unitCell = unitRow?.[col];
      const written = [...bracketParts(text), ...(typeof unitCell === "string" && unitCell.trim() ? [unitCell.trim()] : [])];
      for (const w of written) {
        const u = headerUnit(c.dimension, w);
        if (u) {
          unit = u;
          unitText = w;
          break;
        }
      }
      if (!unit && written.length > 0) badUnits.push({ col, text, unit: written[0], key });
      const fromNote = written.length === 0 ? note[c.dimension] : undefined;
      if (fromNote) {
        index[key] = col;
        placed[key] = { col, text, unit: fromNote.unit, unitText: fromNote.text, mapped, fromNote: true };
        return;
      }
    }
    index[key] = col;
    placed[key] = { col, text, unit: unit ?? baseUnit(c.dimension ?? "count"), ...(unitText ? { unitText } : {}), mapped };
  };

  // 1. The mapping first: a mapped header is that column, whatever its words say.
  const mappedCols = new Set<number>();
  const mappedMissing: { key: K; header: string }[] = [];
  for (const c of columns) {
    const want = mapping[c.key];
    if (want === undefined || want.trim() === "") continue;
    const col = texts.findIndex((t, i) => t !== "" && !mappedCols.has(i) && sameHeader(t, want));
    if (col < 0) {
      mappedMissing.push({ key: c.key, header: want });
      continue;
    }
    mappedCols.add(col);
    place(c.key, col, true);
  }
  // 2. Then by words.
  texts.forEach((text, col) => {
    if (text === "" || mappedCols.has(col)) return;
    const k = headerKey(text);
    const key = byWord.get(k);
    if (key === undefined) {
      if (!ignored.has(k)) unknown.push({ col, text });
    } else if (index[key] !== undefined) {
      duplicate.push({ col, text, first: index[key] as number });
    } else {
      place(key, col, false);
    }
  });
  return { index, columns: placed, unknown, duplicate, badUnits, mappedMissing };
}

/** True when every required column of the contract is placed. */
export function placesRequired<K extends string>(
  placement: { readonly index: Partial<Record<K, number>> },
  columns: readonly ColumnSpec<K>[],
): boolean {
  return columns.every((c) => !c.required || placement.index[c.key] !== undefined);
}
