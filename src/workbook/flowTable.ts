import { FLOW_COLUMNS, type FlowKey } from "./contract";
import type { FlowRow } from "./read";
import type { RowSink } from "./reader/rows";

/*
 * The cash-flow table by column (issue 15): the reader's largest table — 1.6 million rows at 200,000 projects — kept
 * as a few arrays of numbers instead of an object per row. A record per row held 120 bytes and was copied twice by the
 * collector as the table was read; the columns are not scanned by it at all. The balance check reads the columns
 * (portfolioFrom); everything else takes rows (get, iteration), made as they are asked for: the same FlowRow records,
 * with every key of FLOW_COLUMNS, undefined where the row has no value.
 */

/** The numeric columns' keys (every column of the table but the project id). */
export type FlowNumberKey = Exclude<FlowKey, "projectId">;

/** Position of each key in FLOW_COLUMNS (the order of the values readTable gives a sink). */
const AT = Object.fromEntries(FLOW_COLUMNS.map((c, i) => [c.key, i])) as Record<FlowKey, number>;
const ID_AT = AT.projectId;
const WIDTH = FLOW_COLUMNS.length;

/**
 * A cash-flow row as the table gives it: every key of FLOW_COLUMNS (implements FlowRow, so a new column does not
 * compile until it is here), undefined where the row has no value. A class's one object layout makes it at once.
 */
class FlowRecord implements FlowRow {
  constructor(
    readonly sheet: string,
    readonly row: number,
    readonly projectId: string,
    readonly year: number,
    readonly income: number,
    readonly cost: number,
    readonly bondService: number | undefined,
    readonly landIncome: number | undefined,
    readonly specialIncome: number | undefined,
    readonly subsidyIncome: number | undefined,
    readonly constructionCost: number | undefined,
    readonly operatingCost: number | undefined,
  ) {}
}

/** A numeric column: row i's number is values[i] where `has` is undefined (every row has one) or has[i] is 1. */
export interface FlowColumn {
  readonly values: Float64Array;
  readonly has?: Uint8Array;
}

/** Row i's number in column `c`, undefined where it has none (or for a column no row has). */
export function columnValue(c: FlowColumn | undefined, i: number): number | undefined {
  return c === undefined || (c.has !== undefined && c.has[i] === 0) ? undefined : c.values[i];
}

/** The cash-flow rows, by column. */
export class FlowTable implements Iterable<FlowRow> {
  static readonly EMPTY = FlowTable.fromColumns(0, [], new Int32Array(0), [], new Array<FlowColumn | undefined>(WIDTH).fill(undefined));

  /** The table of these columns (FlowTableBuilder's): `count` rows each. */
  static fromColumns(count: number, sheets: string[], rows: Int32Array, ids: string[], columns: (FlowColumn | undefined)[]): FlowTable {
    return new FlowTable(count, sheets, rows, ids, columns);
  }

  private constructor(
    private count: number,
    private sheets: string[],
    private rows: Int32Array,
    private ids: string[],
    /** By position in FLOW_COLUMNS (undefined at the project id, and for a column no row has). */
    private columns: (FlowColumn | undefined)[],
  ) {}

  /** The table of these rows, in their order. */
  static of(rows: Iterable<FlowRow>): FlowTable {
    const b = new FlowTableBuilder(Array.isArray(rows) ? rows.length : undefined);
    const values = new Array<unknown>(WIDTH);
    for (const f of rows) {
      for (const c of FLOW_COLUMNS) values[AT[c.key]] = f[c.key];
      b.add(f.sheet, f.row, values);
    }
    return b.build();
  }

  get length(): number {
    return this.count;
  }

  projectId(i: number): string {
    return this.ids[i];
  }

  sheet(i: number): string {
    return this.sheets[i];
  }

  /** 0-based sheet row of row i. */
  row(i: number): number {
    return this.rows[i];
  }

  /** The column of `key`; undefined when no row read had a value in it (after `where`, a column may have none left). */
  column(key: FlowNumberKey): FlowColumn | undefined {
    return this.columns[AT[key]];
  }

  /** Row i's number in the column of `key`, undefined where it has none. */
  value(key: FlowNumberKey, i: number): number | undefined {
    return columnValue(this.columns[AT[key]], i);
  }

  /** Row i as a record. */
  get(i: number): FlowRow {
    const v = (at: number) => columnValue(this.columns[at], i);
    return new FlowRecord(
      this.sheets[i],
      this.rows[i],
      this.ids[i],
      v(AT.year) as number,
      v(AT.income) as number,
      v(AT.cost) as number,
      v(AT.bondService),
      v(AT.landIncome),
      v(AT.specialIncome),
      v(AT.subsidyIncome),
      v(AT.constructionCost),
      v(AT.operatingCost),
    );
  }

  *[Symbol.iterator](): Iterator<FlowRow> {
    for (let i = 0; i < this.count; i++) yield this.get(i);
  }

  /**
   * The rows `keep` keeps, in their order, each with the project id `idOf` gives (a flow takes its project's
   * spelling); this table itself when that is every row as it is.
   */
  where(keep: (i: number) => boolean, idOf: (i: number) => string = (i) => this.ids[i]): FlowTable {
    let same = true;
    for (let i = 0; i < this.count && same; i++) same = keep(i) && idOf(i) === this.ids[i];
    if (same) return this;
    const kept: number[] = [];
    for (let i = 0; i < this.count; i++) if (keep(i)) kept.push(i);
    const n = kept.length;
    const rows = new Int32Array(n);
    const sheets = new Array<string>(n);
    const ids = new Array<string>(n);
    kept.forEach((i, k) => {
      rows[k] = this.rows[i];
      sheets[k] = this.sheets[i];
      ids[k] = idOf(i);
    });
    const columns = this.columns.map((c) => {
      if (c === undefined) return undefined;
      const values = new Float64Array(n);
      const has = c.has && new Uint8Array(n);
      kept.forEach((i, k) => {
        values[k] = c.values[i];
        if (has) has[k] = c.has![i];
      });
      return has ? { values, has } : { values };
    });
    return new FlowTable(n, sheets, rows, ids, columns);
  }

  /** Lets go of the rows (a host handing its input over: the balance check reads them no more once its portfolio is made). */
  release(): void {
    this.count = 0;
    this.sheets = [];
    this.rows = new Int32Array(0);
    this.ids = [];
    this.columns = this.columns.map(() => undefined);
  }
}

/** A numeric column as it grows: `has` only once some row has no value in it. */
interface GrowingColumn {
  values: Float64Array;
  has?: Uint8Array;
}

/**
 * readTable's sink for the cash-flow table (values in the order of FLOW_COLUMNS, undefined where a row has none), and
 * `build` gives the table. The columns are made at the size given — the table's rows, read from its located range —
 * and grow by doubling beyond it: growing 1.6 million rows from a small start made 0.3 GB of arrays, and V8 answered
 * that much memory outside its heap with four full collections of a heap holding the whole grid (1.5 s).
 */
export class FlowTableBuilder implements RowSink {
  private count = 0;
  private capacity: number;
  private sheets: string[] = [];
  private ids: string[] = [];
  private rows: Int32Array;
  private readonly columns: (GrowingColumn | undefined)[] = new Array<GrowingColumn | undefined>(WIDTH).fill(undefined);

  /** `expected`: how many rows are likely (at most), so that the columns are made once. */
  constructor(expected = 1024) {
    this.capacity = Math.max(1, expected);
    this.rows = new Int32Array(this.capacity);
  }

  get length(): number {
    return this.count;
  }

  add(sheet: string, row: number, values: readonly unknown[]): void {
    const i = this.count;
    if (i === this.capacity) this.grow();
    this.sheets.push(sheet);
    this.ids.push(values[ID_AT] as string);
    this.rows[i] = row;
    for (let at = 0; at < WIDTH; at++) {
      if (at === ID_AT) continue;
      const v = values[at] as number | undefined;
      let c = this.columns[at];
      if (v === undefined) {
        if (c === undefined) continue;
        c.has ??= new Uint8Array(this.capacity).fill(1, 0, i);
        continue;
      }
      if (c === undefined) {
        // The first value of a column: the rows before it have none.
        c = this.columns[at] = { values: new Float64Array(this.capacity), has: i > 0 ? new Uint8Array(this.capacity) : undefined };
      }
      c.values[i] = v;
      if (c.has) c.has[i] = 1;
    }
    this.count = i + 1;
  }

  value(i: number, column: number): unknown {
    return column === ID_AT ? this.ids[i] : columnValue(this.columns[column], i);
  }

  row(i: number): number {
    return this.rows[i];
  }

  /** The table of the rows added (the builder is not used after): views of the columns, not copies. */
  build(): FlowTable {
    const n = this.count;
    const columns = this.columns.map((c) =>
      c === undefined
        ? undefined
        : c.has
          ? { values: c.values.subarray(0, n), has: c.has.subarray(0, n) }
          : { values: c.values.subarray(0, n) },
    );
    return FlowTable.fromColumns(n, this.sheets, this.rows.subarray(0, n), this.ids, columns);
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const wider = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(capacity);
      b.set(a);
      return b;
    };
    this.rows = wider(this.rows);
    for (const c of this.columns) {
      if (c === undefined) continue;
      c.values = wider(c.values);
      if (c.has) c.has = wider(c.has);
    }
    this.capacity = capacity;
  }
}
