import type { CellRange } from "../../workbook/model";
import { CellStyleModel, highlighted, restyled } from "../cellStyle";
import type { SheetContent } from "../sheets";

/*
 * Each cell's style as fillSheet + applyLayout compose it (numberFormats, then highlights, then styles, in
 * order; later wins; then merged cells take their top-left cell's style, as ExcelJS's merge gives them), without
 * an object per cell: a style is a small integer (a state), states are interned once (by their content), and
 * each (state, spec) → state step is memoised. The composition itself is ../cellStyle.ts, shared with the ExcelJS
 * writer, so both writers give every cell the same style.
 */

/** Interned styles: state 0 is the empty style (no s attribute). */
export class StyleStates {
  private readonly styles: CellStyleModel[] = [{}];
  private readonly byKey = new Map<string, number>([["{}", 0]]);
  private readonly steps = new Map<number, number>();

  get(state: number): CellStyleModel {
    return this.styles[state];
  }

  get size(): number {
    return this.styles.length;
  }

  private intern(style: CellStyleModel): number {
    const key = canonical(style);
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.styles.length;
      this.styles.push(style);
      this.byKey.set(key, id);
    }
    return id;
  }

  /** The state after `op` (an id per spec content, see op()) on `state`. */
  step(state: number, op: number, fn: (s: CellStyleModel) => CellStyleModel): number {
    const key = op * STATE_LIMIT + state;
    let next = this.steps.get(key);
    if (next === undefined) {
      next = this.intern(fn(this.styles[state]));
      if (next >= STATE_LIMIT) throw new Error("too many distinct cell styles");
      this.steps.set(key, next);
    }
    return next;
  }

  private readonly ops = new Map<string, number>();

  /** The op id of a spec: specs of the same kind and content (e.g. the same style on many rows) share one. */
  op(key: string): number {
    let id = this.ops.get(key);
    if (id === undefined) this.ops.set(key, (id = this.ops.size));
    return id;
  }
}

/** More distinct styles than this in one workbook is far beyond Excel's own limit (64,000). */
const STATE_LIMIT = 1 << 20;

/** JSON with sorted keys (two styles with the same content, whatever the order of their keys, are one state). */
function canonical(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(",")}}`;
}

/** A sheet's cells as a grid of style states (row-major, `cols` wide), and which cells are merged away. */
export interface StyleGrid {
  readonly rows: number;
  readonly cols: number;
  readonly state: Int32Array;
  /** 1 for a merged cell other than its range's top-left (value dropped, style of the top-left). */
  readonly merged: Uint8Array;
}

/**
 * The style grid of a model over `rows` × `cols` cells (which must cover every range of the model), or a
 * reason the model cannot be written this way (overlapping merges: fillSheet throws on them).
 */
export function styleGrid(states: StyleStates, model: SheetContent, rows: number, cols: number): StyleGrid | { decline: string } {
  const state = new Int32Array(rows * cols);
  const apply = (range: CellRange, key: string, fn: (s: CellStyleModel) => CellStyleModel) => {
    const op = states.op(key);
    let from = -1;
    let to = -1;
    for (let r = range.row; r < range.row + range.rows; r++) {
      const base = r * cols;
      for (let c = range.col; c < range.col + range.cols; c++) {
        const s = state[base + c];
        if (s !== from) {
          from = s;
          to = states.step(s, op, fn);
        }
        state[base + c] = to;
      }
    }
  };
  for (const nf of model.numberFormats ?? []) apply(nf.range, `n${nf.format}`, (s) => ({ ...s, numFmt: nf.format }));
  for (const h of model.highlights ?? []) {
    apply(h.range, `h${JSON.stringify([h.fill, h.fontColor, h.bold])}`, (s) => highlighted(s, h));
  }
  // A spec's key made once per style object (a report gives many rows the same style object).
  const keys = new Map<object, string>();
  for (const spec of model.styles ?? []) {
    let key = keys.get(spec.style);
    if (key === undefined) keys.set(spec.style, (key = `s${canonical(spec.style)}`));
    apply(spec.range, key, (s) => restyled(s, spec.style));
  }
  const merged = new Uint8Array(rows * cols);
  const covered = new Uint8Array(rows * cols);
  for (const m of model.merges ?? []) {
    const master = state[m.row * cols + m.col];
    for (let r = m.row; r < m.row + m.rows; r++) {
      for (let c = m.col; c < m.col + m.cols; c++) {
        const i = r * cols + c;
        if (covered[i]) return { decline: `overlapping merges at ${r + 1},${c + 1}` };
        covered[i] = 1;
        if (r === m.row && c === m.col) continue;
        merged[i] = 1;
        state[i] = master;
      }
    }
  }
  return { rows, cols, state, merged };
}
