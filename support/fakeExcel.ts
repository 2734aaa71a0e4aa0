/*
 * An in-memory Excel behind the slice of the Office.js API the add-in uses, with Office.js's batch semantics:
 *  - writes (property assignments, add/delete/rename, select …) are QUEUED and applied in order at sync();
 *    when one fails, the rest of the batch is dropped and sync() rejects (as Excel does);
 *  - reads need load() then sync(): every object is an office-addin-mock OfficeMockObject (reading a property
 *    before load/sync yields its "not loaded"/"not synced" error string, loading an unknown property throws);
 *  - names, tables and sheets follow Excel's rules (unique case-insensitive names, #REF! after deletion …).
 * The same module (and the same office-addin-mock) runs in jest and, bundled by test/browser/officeDouble.ts,
 * in the browser test's office.js double. It models only what src/excel/ calls.
 */
import { OfficeMockObject } from "office-addin-mock";

export type FakeValue = string | number | boolean;

export interface FakeCell {
  value: FakeValue;
  formula?: string;
  numberFormat?: string;
  fill?: string;
  fontColor?: string;
  bold?: boolean;
  fontSize?: number;
  horizontal?: string;
  vertical?: string;
  wrap?: boolean;
  /** Edges with a thin continuous line: "EdgeTop", "InsideVertical" … as set on the ranges that cover the cell. */
  borders?: string[];
}

/** Page setup as the add-in set it (ExcelApi 1.9 pageLayout). */
export interface FakePageLayout {
  paperSize?: string;
  orientation?: string;
  zoom?: { horizontalFitToPages?: number; verticalFitToPages?: number };
  centerHorizontally?: boolean;
  margins: Record<string, number>;
  printArea?: { row: number; col: number; rows: number; cols: number };
  titleRows?: { first: number; last: number };
  titleColumns?: { first: number; last: number };
  centerFooter?: string;
}

export interface FakeTable {
  id: number;
  name: string;
  row: number;
  col: number;
  rows: number;
  cols: number;
  style: string;
  showTotals: boolean;
}

export interface FakeChart {
  type: string;
  source: { row: number; col: number; rows: number; cols: number };
  seriesBy?: string;
  title: string;
  position?: { row: number; col: number };
  end?: { row: number; col: number };
  series: Record<number, { axisGroup?: string; chartType?: string; name?: string; values?: Rect; xValues?: Rect }>;
  axisTitles?: Record<string, string>;
}

export interface FakeSheet {
  id: number;
  name: string;
  visibility?: "Visible" | "Hidden" | "VeryHidden";
  cells: Map<string, FakeCell>;
  columnWidths: Map<number, number>;
  freeze?: { rows: number; cols: number };
  tables: FakeTable[];
  charts: FakeChart[];
  merges: { row: number; col: number; rows: number; cols: number }[];
  rowHeights: Map<number, number>;
  hiddenColumns: Set<number>;
  pageLayout: FakePageLayout;
  /** 0-based rows before which a manual page break was added. */
  pageBreaks: number[];
}

export interface FakeName {
  name: string;
  /** undefined once the sheet was deleted (#REF!) */
  sheetId?: number;
  row: number;
  col: number;
  comment?: string;
}

/** How a test describes a starting workbook. */
export interface InitialWorkbook {
  sheets: {
    name: string;
    /** Values, row 0 at `origin` (default A1); null = blank. */
    values?: (FakeValue | null)[][];
    origin?: { row: number; col: number };
    tables?: { name: string; row: number; col: number; rows: number; cols: number; style?: string }[];
  }[];
  names?: { name: string; sheet: string; row: number; col: number }[];
}

/** What the fake uses of office-addin-mock's OfficeMockObject (its load/sync bookkeeping). */
interface LoadTracking {
  load(property: string): unknown;
  setValue(property: string, value: unknown): void;
  sync(): Promise<void>;
}
const Base = OfficeMockObject as unknown as new (data: Record<string, unknown>) => LoadTracking;

export interface FakeOp {
  /** e.g. "worksheets.add", "range.values", "names.add", "table.name" */
  readonly kind: string;
  readonly sheet?: string;
  /** 1-based count of ops of this kind so far, this one included. */
  readonly nth: number;
}

export class FakeOfficeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "RichApi.Error";
  }
}

// ---------- A1 helpers ----------

function colLetters(col: number): string {
  let s = "";
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function parseRef(ref: string): { row?: number; col?: number } {
  const m = /^\$?([A-Za-z]{0,3})\$?([0-9]{0,7})$/.exec(ref);
  if (!m || (!m[1] && !m[2])) throw new FakeOfficeError("InvalidArgument", `bad address ${ref}`);
  let col: number | undefined;
  if (m[1]) {
    col = 0;
    for (const ch of m[1].toUpperCase()) col = col * 26 + ch.charCodeAt(0) - 64;
    col -= 1;
  }
  return { col, row: m[2] ? Number(m[2]) - 1 : undefined };
}

const MAX_ROWS = 1048576;
const MAX_COLS = 16384;

function parseArea(address: string): Rect {
  const [a, b = a] = address.split(":");
  const p = parseRef(a);
  const q = parseRef(b);
  const row = p.row ?? 0;
  const col = p.col ?? 0;
  const lastRow = q.row ?? MAX_ROWS - 1;
  const lastCol = q.col ?? MAX_COLS - 1;
  return { row, col, rows: lastRow - row + 1, cols: lastCol - col + 1 };
}

interface Rect {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

function quoteSheet(name: string): string {
  return /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_.\u0080-\uffff]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

function rectAddress(sheet: string, r: Rect): string {
  const first = `${colLetters(r.col)}${r.row + 1}`;
  const last = `${colLetters(r.col + r.cols - 1)}${r.row + r.rows}`;
  return `${quoteSheet(sheet)}!${r.rows === 1 && r.cols === 1 ? first : `${first}:${last}`}`;
}

const key = (row: number, col: number) => `${row},${col}`;
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Excel's parse of an assigned string: "'x" is text x, "=…" a formula, numeric text a number. */
function parseInput(value: unknown): { value: FakeValue; formula?: string } {
  if (typeof value === "number" || typeof value === "boolean") return { value };
  if (value === null || value === undefined) return { value: "" };
  const s = String(value);
  if (s.startsWith("'")) return { value: s.slice(1) };
  if (s.startsWith("=") && s.length > 1) return { value: "#FORMULA", formula: s };
  if (/^\s*-?[0-9]+(\.[0-9]+)?\s*$/.test(s)) return { value: Number(s) };
  if (/^(true|false)$/i.test(s)) return { value: s.toLowerCase() === "true" };
  return { value: s };
}

// ---------- the fake ----------

type AnyFn = (...args: never[]) => unknown;

interface KindSpec {
  /** Loadable scalar properties and how to read each at sync time. */
  readonly props?: Record<string, () => unknown>;
  /** Assignable properties: the function runs at sync time, in batch order. */
  readonly writes?: Record<string, (value: unknown) => void>;
  readonly methods?: Record<string, AnyFn>;
  /** Navigation properties (objects), created once per object. */
  readonly nav?: Record<string, () => FakeObject>;
  /** Collections: the items at sync time. */
  readonly items?: () => FakeObject[];
  readonly label: string;
  readonly sheetName?: () => string | undefined;
}

type FakeObject = Record<string, unknown> & { __fake: FakeHandle };
interface FakeHandle {
  spec: KindSpec;
  target: LoadTracking;
}

export interface FakeExcel {
  readonly context: { workbook: unknown; sync(): Promise<void> };
  /** Excel.run: runs the batch with this fake's context, then syncs what is still queued. */
  run<T>(batch: (context: never) => Promise<T>): Promise<T>;
  readonly sheets: FakeSheet[];
  readonly names: FakeName[];
  readonly stats: { syncs: number; ops: Record<string, number>; valuesWrites: Record<string, number> };
  selection?: { sheet: string; address: string };
  activeSheet?: string;
  /** Makes the op for which the predicate returns true fail (at sync, like Excel). */
  failWhen(predicate: ((op: FakeOp) => boolean) | undefined, error?: { code: string; message: string }): void;
  snapshot(): unknown;
  sheet(name: string): FakeSheet | undefined;
  /** Value grid of a sheet from A1 to its last used cell. */
  valuesOf(name: string): FakeValue[][];
  setCell(sheet: string, row: number, col: number, value: FakeValue | null): void;
  nameFormula(n: FakeName): string;
}

export function createFakeExcel(initial: InitialWorkbook): FakeExcel {
  let nextId = 1;
  const sheets: FakeSheet[] = [];
  const names: FakeName[] = [];
  const stats = { syncs: 0, ops: {} as Record<string, number>, valuesWrites: {} as Record<string, number> };
  type QueuedOp = { kind: string; sheet?: () => string | undefined; run: () => void };
  let queue: QueuedOp[] = [];
  let failPredicate: ((op: FakeOp) => boolean) | undefined;
  let failError: { code: string; message: string } | undefined;
  const touched = new Set<LoadTracking>();

  const newSheet = (name: string): FakeSheet => ({
    id: nextId++,
    name,
    cells: new Map(),
    columnWidths: new Map(),
    tables: [],
    charts: [],
    merges: [],
    rowHeights: new Map(),
    hiddenColumns: new Set(),
    pageLayout: { margins: {} },
    pageBreaks: [],
  });
  const sheetById = (id: number) => sheets.find((s) => s.id === id);
  const sheetByName = (name: string) => sheets.find((s) => same(s.name, name));
  const allTables = () => sheets.flatMap((s) => s.tables.map((t) => ({ sheet: s, table: t })));
  const identifierTaken = (name: string, except?: object) =>
    allTables().some((x) => x.table !== except && same(x.table.name, name)) || names.some((n) => n !== except && same(n.name, name));
  const nameFormula = (n: FakeName) => {
    const sheet = n.sheetId === undefined ? undefined : sheetById(n.sheetId);
    return sheet ? `=${quoteSheet(sheet.name)}!$${colLetters(n.col)}$${n.row + 1}` : "=#REF!";
  };
  const validSheetName = (name: string) => {
    if (!name || name.length > 31 || /[[\]:*?/\\]/.test(name) || name.startsWith("'") || name.endsWith("'")) {
      throw new FakeOfficeError("InvalidArgument", `invalid sheet name "${name}"`);
    }
  };

  for (const s of initial.sheets) {
    const sheet = newSheet(s.name);
    const o = s.origin ?? { row: 0, col: 0 };
    (s.values ?? []).forEach((r, i) =>
      r.forEach((v, j) => {
        if (v !== null && v !== "") sheet.cells.set(key(o.row + i, o.col + j), { value: v });
      }),
    );
    for (const t of s.tables ?? [])
      sheet.tables.push({
        id: nextId++,
        name: t.name,
        row: t.row,
        col: t.col,
        rows: t.rows,
        cols: t.cols,
        style: t.style ?? "TableStyleMedium2",
        showTotals: false,
      });
    sheets.push(sheet);
  }
  for (const n of initial.names ?? []) names.push({ name: n.name, sheetId: sheetByName(n.sheet)?.id, row: n.row, col: n.col });

  /** Queue a mutation; it runs at sync. */
  const enqueue = (kind: string, sheet: (() => string | undefined) | undefined, run: () => void) => queue.push({ kind, sheet, run });

  // ----- object factory -----
  function make(spec: KindSpec): FakeObject {
    const data: Record<string, unknown> = {};
    for (const p of Object.keys(spec.props ?? {})) data[p] = 0;
    if (spec.items) data.items = [];
    const target = new Base(data);
    const navCache = new Map<string, FakeObject>();
    let pendingItemPaths: string[] | undefined;
    let pendingItemOp: QueuedOp | undefined;
    const handle: FakeHandle = { spec, target };
    const loadPath = (path: string, proxy: FakeObject) => {
      const [head, ...rest] = path.split("/");
      if (head === "items" && spec.items) {
        target.load("items"); // validates and marks, like the mock
        const sub = rest.join("/");
        if (pendingItemPaths && queue.includes(pendingItemOp!)) {
          if (sub) pendingItemPaths.push(sub);
          return;
        }
        const paths: string[] = sub ? [sub] : [];
        pendingItemPaths = paths;
        pendingItemOp = {
          kind: "load",
          run: () => {
            const elements = spec.items!();
            for (const e of elements) for (const p of paths) loadNow(e, p);
            target.setValue("items", elements);
            target.load("items");
            touched.add(target);
          },
        };
        queue.push(pendingItemOp);
        return;
      }
      if (rest.length) {
        const nav = spec.nav?.[head];
        if (!nav) throw new Error(`Navigational property ${head} needs to be present in object model before load is called.`);
        (proxy[head] as { load(path: string): unknown }).load(rest.join("/"));
        return;
      }
      target.load(head); // throws for a property the fake does not model
      enqueue("load", undefined, () => readNow(handle, head));
    };
    const proxy: FakeObject = new Proxy(target as unknown as FakeObject, {
      get(t, prop, receiver) {
        if (prop === "__fake") return handle;
        if (prop === "load") {
          return (arg?: string | string[]) => {
            const paths = (Array.isArray(arg) ? arg : String(arg ?? "").split(",")).map((p) => p.trim()).filter(Boolean);
            for (const p of paths) loadPath(p, proxy);
            return proxy;
          };
        }
        if (typeof prop === "string" && spec.methods && prop in spec.methods) return spec.methods[prop];
        if (typeof prop === "string" && spec.nav && prop in spec.nav) {
          if (!navCache.has(prop)) navCache.set(prop, spec.nav[prop]());
          return navCache.get(prop);
        }
        if (prop === "toJSON" || prop === "then") return undefined;
        return Reflect.get(t, prop, receiver);
      },
      set(t, prop, value) {
        if (typeof prop === "string" && spec.writes && prop in spec.writes) {
          const write = spec.writes[prop];
          const copy = Array.isArray(value) ? value.map((r: unknown) => (Array.isArray(r) ? [...r] : r)) : value;
          enqueue(`${spec.label}.${prop}`, spec.sheetName, () => write(copy));
          return true;
        }
        if (typeof prop === "string" && prop.startsWith("_")) return Reflect.set(t, prop, value);
        throw new Error(`fake Excel: ${spec.label}.${String(prop)} is not writable`);
      },
    });
    return proxy;
  }

  function readNow(handle: FakeHandle, prop: string) {
    const value = handle.spec.props![prop]();
    handle.target.setValue(prop, value);
    handle.target.load(prop);
    touched.add(handle.target);
    // Office.js sets isNullObject of an …OrNullObject proxy with any load; it need not be loaded itself.
    if (prop !== "isNullObject" && "isNullObject" in handle.spec.props!) readNow(handle, "isNullObject");
  }
  function loadNow(obj: FakeObject, path: string) {
    for (const p of path.split(",").map((x) => x.trim())) {
      const [head, ...rest] = p.split("/");
      const h = obj.__fake;
      if (rest.length) {
        loadNow(obj[head] as FakeObject, rest.join("/"));
        continue;
      }
      if (!h.spec.props || !(head in h.spec.props))
        throw new Error(`Property ${head} needs to be present in object model before load is called.`);
      readNow(h, head);
    }
  }

  // ----- references resolved at sync time -----
  type SheetRef = () => FakeSheet;
  const sheetRefByName = (name: string): SheetRef => {
    let id: number | undefined;
    return () => {
      const s = id === undefined ? sheetByName(name) : sheetById(id);
      if (!s) throw new FakeOfficeError("ItemNotFound", `worksheet "${name}" not found`);
      id = s.id;
      return s;
    };
  };
  const sheetRefById =
    (id: number): SheetRef =>
    () => {
      const s = sheetById(id);
      if (!s) throw new FakeOfficeError("ItemNotFound", `worksheet ${id} was deleted`);
      return s;
    };

  function usedRect(sheet: FakeSheet): Rect | undefined {
    let r0 = Infinity,
      c0 = Infinity,
      r1 = -1,
      c1 = -1;
    sheet.cells.forEach((cell, k) => {
      if (cell.value === "" && !cell.formula) return;
      const [r, c] = k.split(",").map(Number);
      r0 = Math.min(r0, r);
      c0 = Math.min(c0, c);
      r1 = Math.max(r1, r);
      c1 = Math.max(c1, c);
    });
    return r1 < 0 ? undefined : { row: r0, col: c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
  }

  const cellAt = (sheet: FakeSheet, row: number, col: number): FakeCell => {
    let c = sheet.cells.get(key(row, col));
    if (!c) sheet.cells.set(key(row, col), (c = { value: "" }));
    return c;
  };
  const eachCell = (sheet: FakeSheet, r: Rect, f: (cell: FakeCell, i: number, j: number) => void) => {
    for (let i = 0; i < r.rows; i++) for (let j = 0; j < r.cols; j++) f(cellAt(sheet, r.row + i, r.col + j), i, j);
  };
  const checkMatrix = (value: unknown, r: Rect): unknown[][] => {
    if (!Array.isArray(value) || value.length !== r.rows || value.some((row) => !Array.isArray(row) || row.length !== r.cols)) {
      throw new FakeOfficeError("InvalidArgument", `matrix does not match the range (${r.rows}×${r.cols})`);
    }
    return value as unknown[][];
  };

  const rangeSheets = new WeakMap<object, SheetRef>();
  function range(sheetRef: SheetRef, rect: () => Rect | undefined): FakeObject {
    const r = () => {
      const x = rect();
      if (!x) throw new FakeOfficeError("ItemNotFound", "null range");
      return x;
    };
    const sheetName = () => {
      try {
        return sheetRef().name;
      } catch {
        return undefined;
      }
    };
    const obj = make({
      label: "range",
      sheetName,
      props: {
        isNullObject: () => rect() === undefined,
        values: () => {
          const x = rect();
          if (!x) return [];
          const s = sheetRef();
          return Array.from({ length: x.rows }, (_, i) =>
            Array.from({ length: x.cols }, (_, j) => s.cells.get(key(x.row + i, x.col + j))?.value ?? ""),
          );
        },
        formulas: () => {
          const x = rect();
          if (!x) return [];
          const s = sheetRef();
          return Array.from({ length: x.rows }, (_, i) =>
            Array.from({ length: x.cols }, (_, j) => {
              const c = s.cells.get(key(x.row + i, x.col + j));
              return c?.formula ?? c?.value ?? "";
            }),
          );
        },
        address: () => rectAddress(sheetRef().name, r()),
        numberFormat: () => {
          const x = rect();
          if (!x) return [];
          const s = sheetRef();
          return Array.from({ length: x.rows }, (_, i) =>
            Array.from({ length: x.cols }, (_, j) => s.cells.get(key(x.row + i, x.col + j))?.numberFormat ?? "General"),
          );
        },
        rowIndex: () => rect()?.row ?? 0,
        columnIndex: () => rect()?.col ?? 0,
        rowCount: () => rect()?.rows ?? 0,
        columnCount: () => rect()?.cols ?? 0,
      },
      writes: {
        values: (v) => {
          const s = sheetRef();
          const m = checkMatrix(v, r());
          stats.valuesWrites[s.name] = (stats.valuesWrites[s.name] ?? 0) + 1;
          eachCell(s, r(), (cell, i, j) => {
            const parsed = parseInput(m[i][j]);
            cell.value = parsed.value;
            if (parsed.formula) cell.formula = parsed.formula;
            else delete cell.formula;
          });
        },
        formulas: (v) => {
          const m = checkMatrix(v, r());
          eachCell(sheetRef(), r(), (cell, i, j) => {
            const parsed = parseInput(m[i][j]);
            cell.value = parsed.value;
            if (parsed.formula) cell.formula = parsed.formula;
          });
        },
        numberFormat: (v) => {
          const m = checkMatrix(v, r());
          eachCell(sheetRef(), r(), (cell, i, j) => (cell.numberFormat = String(m[i][j])));
        },
        columnHidden: (v) => {
          const x = r();
          if (x.rows !== MAX_ROWS) throw new FakeOfficeError("InvalidArgument", "columnHidden needs entire columns in the fake");
          for (let j = 0; j < x.cols; j++) if (v) sheetRef().hiddenColumns.add(x.col + j);
        },
      },
      methods: {
        merge: () =>
          enqueue("range.merge", sheetName, () => {
            const x = r();
            const s = sheetRef();
            if (
              s.merges.some((m) => m.row < x.row + x.rows && x.row < m.row + m.rows && m.col < x.col + x.cols && x.col < m.col + m.cols)
            ) {
              throw new FakeOfficeError("InvalidOperation", "merged ranges cannot overlap");
            }
            s.merges.push({ ...x });
            eachCell(s, x, (cell, i, j) => {
              if (i || j) cell.value = "";
            });
          }),
        getEntireColumn: () =>
          range(sheetRef, () => {
            const x = r();
            return { row: 0, col: x.col, rows: MAX_ROWS, cols: x.cols };
          }),
        getEntireRow: () =>
          range(sheetRef, () => {
            const x = r();
            return { row: x.row, col: 0, rows: x.rows, cols: MAX_COLS };
          }),
        select: () =>
          enqueue("range.select", sheetName, () => {
            const s = sheetRef();
            fake.selection = { sheet: s.name, address: rectAddress(s.name, r()).split("!")[1] };
            fake.activeSheet = s.name;
          }),
      },
      nav: {
        worksheet: () => worksheet(sheetRef),
        format: () =>
          make({
            label: "format",
            sheetName,
            writes: {
              columnWidth: (v) => {
                const x = r();
                for (let j = 0; j < x.cols; j++) sheetRef().columnWidths.set(x.col + j, Number(v));
              },
              rowHeight: (v) => {
                const x = r();
                for (let i = 0; i < x.rows; i++) sheetRef().rowHeights.set(x.row + i, Number(v));
              },
              horizontalAlignment: (v) => eachCell(sheetRef(), r(), (c) => (c.horizontal = String(v))),
              verticalAlignment: (v) => eachCell(sheetRef(), r(), (c) => (c.vertical = String(v))),
              wrapText: (v) => eachCell(sheetRef(), r(), (c) => (c.wrap = Boolean(v))),
            },
            nav: {
              fill: () =>
                make({ label: "fill", sheetName, writes: { color: (v) => eachCell(sheetRef(), r(), (c) => (c.fill = String(v))) } }),
              font: () =>
                make({
                  label: "font",
                  sheetName,
                  writes: {
                    color: (v) => eachCell(sheetRef(), r(), (c) => (c.fontColor = String(v))),
                    bold: (v) => eachCell(sheetRef(), r(), (c) => (c.bold = Boolean(v))),
                    size: (v) => eachCell(sheetRef(), r(), (c) => (c.fontSize = Number(v))),
                  },
                }),
              borders: () =>
                make({
                  label: "borders",
                  sheetName,
                  methods: {
                    getItem: (edge: string) => {
                      // Which cells of the range an edge draws on (outer edges: the outer cells' sides; inside: all).
                      const apply = (value: unknown) =>
                        eachCell(sheetRef(), r(), (c, i, j) => {
                          const x = r();
                          const on =
                            edge === "InsideHorizontal" ||
                            edge === "InsideVertical" ||
                            (edge === "EdgeTop" && i === 0) ||
                            (edge === "EdgeBottom" && i === x.rows - 1) ||
                            (edge === "EdgeLeft" && j === 0) ||
                            (edge === "EdgeRight" && j === x.cols - 1);
                          if (!on || value !== "Continuous") return;
                          c.borders = [...new Set([...(c.borders ?? []), edge])].sort();
                        });
                      return make({ label: "border", sheetName, writes: { style: apply, weight: () => undefined } });
                    },
                  },
                }),
            },
          }),
      },
    });
    rangeSheets.set(obj, sheetRef);
    return obj;
  }

  function table(find: () => { sheet: FakeSheet; table: FakeTable }): FakeObject {
    const sheetName = () => {
      try {
        return find().sheet.name;
      } catch {
        return undefined;
      }
    };
    return make({
      label: "table",
      sheetName,
      props: { name: () => find().table.name, style: () => find().table.style, showTotals: () => find().table.showTotals },
      writes: {
        name: (v) => {
          const { table: t } = find();
          const n = String(v);
          if (!/^[A-Za-z_\u0080-\uffff][A-Za-z0-9_.\u0080-\uffff]*$/.test(n))
            throw new FakeOfficeError("InvalidArgument", `invalid table name "${n}"`);
          if (identifierTaken(n, t)) throw new FakeOfficeError("ItemAlreadyExists", `the name "${n}" is taken`);
          t.name = n;
        },
        style: (v) => (find().table.style = String(v)),
        showTotals: (v) => (find().table.showTotals = Boolean(v)),
      },
      methods: {
        getRange: () =>
          range(
            () => find().sheet,
            () => find().table,
          ),
      },
      nav: {
        worksheet: () => worksheet(() => find().sheet),
        // table.columns.add(index, values) (ExcelApi 1.1): only at the end here; the table grows by one column
        // into cells that must be blank (Excel would shift them), values cover header, body and totals rows.
        columns: () =>
          make({
            label: "tableColumns",
            sheetName,
            methods: {
              add: (index: number | null | undefined, values?: unknown[][]) =>
                enqueue("tableColumns.add", sheetName, () => {
                  const { sheet: s, table: t } = find();
                  if (index !== undefined && index !== null && index !== t.cols)
                    throw new FakeOfficeError("InvalidArgument", "the fake adds table columns at the end only");
                  const col = t.col + t.cols;
                  for (let i = 0; i < t.rows; i++)
                    if ((s.cells.get(key(t.row + i, col))?.value ?? "") !== "")
                      throw new FakeOfficeError("InvalidOperation", "the fake does not shift cells");
                  const m = values ? checkMatrix(values, { row: t.row, col, rows: t.rows, cols: 1 }) : [];
                  t.cols += 1;
                  for (let i = 0; i < t.rows; i++) {
                    const parsed = parseInput(m[i]?.[0] ?? (i === 0 ? `列${t.cols}` : ""));
                    if (parsed.value !== "") cellAt(s, t.row + i, col).value = parsed.value;
                  }
                }),
            },
          }),
      },
    });
  }
  const tableById = (id: number) => () => {
    const x = allTables().find((t) => t.table.id === id);
    if (!x) throw new FakeOfficeError("ItemNotFound", `table ${id} not found`);
    return x;
  };

  function worksheet(sheetRef: SheetRef): FakeObject {
    const exists = () => {
      try {
        sheetRef();
        return true;
      } catch {
        return false;
      }
    };
    const sheetName = () => (exists() ? sheetRef().name : undefined);
    return make({
      label: "worksheet",
      sheetName,
      props: { name: () => sheetRef().name },
      writes: {
        visibility: (v) => {
          if (v !== "Visible" && v !== "Hidden" && v !== "VeryHidden")
            throw new FakeOfficeError("InvalidArgument", `visibility ${String(v)}`);
          sheetRef().visibility = v;
        },
        name: (v) => {
          const s = sheetRef();
          const n = String(v);
          validSheetName(n);
          if (sheets.some((o) => o !== s && same(o.name, n))) throw new FakeOfficeError("ItemAlreadyExists", `sheet "${n}" exists`);
          s.name = n;
        },
      },
      methods: {
        delete: () =>
          enqueue("worksheet.delete", sheetName, () => {
            const s = sheetRef();
            if (sheets.length === 1) throw new FakeOfficeError("InvalidOperation", "cannot delete the last sheet");
            sheets.splice(sheets.indexOf(s), 1);
            for (const n of names) if (n.sheetId === s.id) n.sheetId = undefined;
            if (fake.activeSheet && same(fake.activeSheet, s.name)) fake.activeSheet = sheets[0]?.name;
          }),
        activate: () => enqueue("worksheet.activate", sheetName, () => (fake.activeSheet = sheetRef().name)),
        getRange: (address?: string) => {
          const rect = address ? parseArea(address) : { row: 0, col: 0, rows: MAX_ROWS, cols: MAX_COLS };
          return range(sheetRef, () => rect);
        },
        getRangeByIndexes: (row: number, col: number, rows: number, cols: number) => {
          if (rows < 1 || cols < 1) throw new FakeOfficeError("InvalidArgument", "empty range");
          return range(sheetRef, () => ({ row, col, rows, cols }));
        },
        getUsedRangeOrNullObject: () => range(sheetRef, () => usedRect(sheetRef())),
      },
      nav: {
        horizontalPageBreaks: () =>
          make({
            label: "pageBreaks",
            sheetName,
            methods: {
              add: (at: FakeObject) =>
                enqueue("pageBreaks.add", sheetName, () => sheetRef().pageBreaks.push(Number(readDirect(at, "rowIndex")))),
            },
          }),
        pageLayout: () => {
          const layout = () => sheetRef().pageLayout;
          const rectOf = (x: FakeObject) => ({
            row: Number(readDirect(x, "rowIndex")),
            col: Number(readDirect(x, "columnIndex")),
            rows: Number(readDirect(x, "rowCount")),
            cols: Number(readDirect(x, "columnCount")),
          });
          const margin = (name: string) => (v: unknown) => (layout().margins[name] = Number(v));
          return make({
            label: "pageLayout",
            sheetName,
            writes: {
              paperSize: (v) => (layout().paperSize = String(v)),
              orientation: (v) => (layout().orientation = String(v)),
              zoom: (v) => (layout().zoom = { ...(v as object) }),
              centerHorizontally: (v) => (layout().centerHorizontally = Boolean(v)),
              leftMargin: margin("left"),
              rightMargin: margin("right"),
              topMargin: margin("top"),
              bottomMargin: margin("bottom"),
              headerMargin: margin("header"),
              footerMargin: margin("footer"),
            },
            methods: {
              setPrintArea: (x: FakeObject) => enqueue("pageLayout.setPrintArea", sheetName, () => (layout().printArea = rectOf(x))),
              setPrintTitleRows: (x: FakeObject) =>
                enqueue("pageLayout.setPrintTitleRows", sheetName, () => {
                  const q = rectOf(x);
                  layout().titleRows = { first: q.row, last: q.row + q.rows - 1 };
                }),
              setPrintTitleColumns: (x: FakeObject) =>
                enqueue("pageLayout.setPrintTitleColumns", sheetName, () => {
                  const q = rectOf(x);
                  layout().titleColumns = { first: q.col, last: q.col + q.cols - 1 };
                }),
            },
            nav: {
              headersFooters: () =>
                make({
                  label: "headersFooters",
                  sheetName,
                  nav: {
                    defaultForAllPages: () =>
                      make({ label: "headerFooter", sheetName, writes: { centerFooter: (v) => (layout().centerFooter = String(v)) } }),
                  },
                }),
            },
          });
        },
        freezePanes: () =>
          make({
            label: "freezePanes",
            sheetName,
            methods: {
              freezeRows: (n: number) => enqueue("freezePanes", sheetName, () => (sheetRef().freeze = { rows: n, cols: 0 })),
              freezeColumns: (n: number) => enqueue("freezePanes", sheetName, () => (sheetRef().freeze = { rows: 0, cols: n })),
              freezeAt: (at: FakeObject) =>
                enqueue("freezePanes", sheetName, () => {
                  const rows = Number(readDirect(at, "rowCount"));
                  const cols = Number(readDirect(at, "columnCount"));
                  sheetRef().freeze = { rows, cols };
                }),
            },
          }),
        tables: () =>
          make({
            label: "tables",
            sheetName,
            items: () => sheetRef().tables.map((t) => table(tableById(t.id))),
            methods: {
              add: (where: FakeObject | string, hasHeaders: boolean) => {
                const id = nextId++;
                enqueue("tables.add", sheetName, () => {
                  const s = sheetRef();
                  const rect =
                    typeof where === "string"
                      ? parseArea(where.includes("!") ? where.split("!")[1] : where)
                      : {
                          row: Number(readDirect(where, "rowIndex")),
                          col: Number(readDirect(where, "columnIndex")),
                          rows: Number(readDirect(where, "rowCount")),
                          cols: Number(readDirect(where, "columnCount")),
                        };
                  if (!hasHeaders) throw new FakeOfficeError("InvalidArgument", "the fake models tables with headers only");
                  if (
                    s.tables.some(
                      (t) =>
                        t.row < rect.row + rect.rows &&
                        rect.row < t.row + t.rows &&
                        t.col < rect.col + rect.cols &&
                        rect.col < t.col + t.cols,
                    )
                  ) {
                    throw new FakeOfficeError("InvalidOperation", "tables cannot overlap");
                  }
                  let n = 1;
                  while (identifierTaken(`Table${n}`)) n++;
                  s.tables.push({ id, name: `Table${n}`, ...rect, style: "TableStyleMedium2", showTotals: false });
                });
                return table(tableById(id));
              },
            },
          }),
        charts: () =>
          make({
            label: "charts",
            sheetName,
            methods: {
              add: (type: string, source: FakeObject, seriesBy?: string) => {
                const chart: FakeChart = { type, source: { row: 0, col: 0, rows: 0, cols: 0 }, seriesBy, title: "", series: {} };
                enqueue("charts.add", sheetName, () => {
                  chart.source = {
                    row: Number(readDirect(source, "rowIndex")),
                    col: Number(readDirect(source, "columnIndex")),
                    rows: Number(readDirect(source, "rowCount")),
                    cols: Number(readDirect(source, "columnCount")),
                  };
                  sheetRef().charts.push(chart);
                });
                const rectOf = (r: FakeObject): Rect => ({
                  row: Number(readDirect(r, "rowIndex")),
                  col: Number(readDirect(r, "columnIndex")),
                  rows: Number(readDirect(r, "rowCount")),
                  cols: Number(readDirect(r, "columnCount")),
                });
                const seriesItem = (i: number) =>
                  make({
                    label: "chartSeries",
                    sheetName,
                    writes: {
                      axisGroup: (v) => ((chart.series[i] ??= {}).axisGroup = String(v)),
                      chartType: (v) => ((chart.series[i] ??= {}).chartType = String(v)),
                      name: (v) => ((chart.series[i] ??= {}).name = String(v)),
                    },
                    methods: {
                      setValues: (r: FakeObject) =>
                        enqueue("chartSeries.setValues", sheetName, () => ((chart.series[i] ??= {}).values = rectOf(r))),
                      setXAxisValues: (r: FakeObject) =>
                        enqueue("chartSeries.setXAxisValues", sheetName, () => ((chart.series[i] ??= {}).xValues = rectOf(r))),
                    },
                  });
                let seriesCount = 1;
                const axisTitle = (key: string) =>
                  make({
                    label: "chartAxis",
                    sheetName,
                    nav: {
                      title: () =>
                        make({ label: "chartAxisTitle", sheetName, writes: { text: (v) => ((chart.axisTitles ??= {})[key] = String(v)) } }),
                    },
                  });
                return make({
                  label: "chart",
                  sheetName,
                  methods: {
                    setPosition: (start: FakeObject, end?: FakeObject) =>
                      enqueue("chart.setPosition", sheetName, () => {
                        chart.position = { row: Number(readDirect(start, "rowIndex")), col: Number(readDirect(start, "columnIndex")) };
                        if (end) chart.end = { row: Number(readDirect(end, "rowIndex")), col: Number(readDirect(end, "columnIndex")) };
                      }),
                  },
                  nav: {
                    title: () => make({ label: "chartTitle", sheetName, writes: { text: (v) => (chart.title = String(v)) } }),
                    series: () =>
                      make({
                        label: "series",
                        sheetName,
                        methods: {
                          getItemAt: (i: number) => seriesItem(i),
                          add: (name?: string) => {
                            const i = seriesCount++;
                            enqueue("chartSeries.add", sheetName, () => {
                              chart.series[i] ??= {};
                              if (name !== undefined) chart.series[i].name = name;
                            });
                            return seriesItem(i);
                          },
                        },
                      }),
                    axes: () =>
                      make({
                        label: "chartAxes",
                        sheetName,
                        nav: { categoryAxis: () => axisTitle("Category/Primary"), valueAxis: () => axisTitle("Value/Primary") },
                        methods: { getItem: (type: string, group = "Primary") => axisTitle(`${type}/${group}`) },
                      }),
                  },
                });
              },
            },
          }),
      },
    });
  }

  /** A property's current value straight from the spec (for objects passed as arguments, e.g. a Range). */
  function readDirect(obj: FakeObject, prop: string): unknown {
    return obj.__fake.spec.props![prop]();
  }

  function namedItem(find: () => FakeName): FakeObject {
    const refRange = () =>
      range(
        () => {
          const n = find();
          const s = n.sheetId === undefined ? undefined : sheetById(n.sheetId);
          if (!s) throw new FakeOfficeError("InvalidReference", `name ${n.name} refers to #REF!`);
          return s;
        },
        () => ({ row: find().row, col: find().col, rows: 1, cols: 1 }),
      );
    return make({
      label: "namedItem",
      props: {
        name: () => find().name,
        type: () => "Range",
        formula: () => nameFormula(find()),
      },
      methods: {
        delete: () =>
          enqueue("namedItem.delete", undefined, () => {
            const n = find();
            names.splice(names.indexOf(n), 1);
          }),
        getRange: refRange,
      },
    });
  }
  const nameByName = (name: string) => () => {
    const n = names.find((x) => same(x.name, name));
    if (!n) throw new FakeOfficeError("ItemNotFound", `name "${name}" not found`);
    return n;
  };

  const worksheets = make({
    label: "worksheets",
    items: () => sheets.map((s) => worksheet(sheetRefById(s.id))),
    methods: {
      add: (name?: string) => {
        const sheet = newSheet(name ?? "");
        enqueue(
          "worksheets.add",
          () => sheet.name,
          () => {
            let n = name;
            if (n === undefined) for (let i = 1; !n || sheetByName(n); i++) n = `Sheet${i}`;
            validSheetName(n);
            if (sheetByName(n)) throw new FakeOfficeError("ItemAlreadyExists", `sheet "${n}" exists`);
            sheet.name = n;
            sheets.push(sheet);
          },
        );
        return worksheet(() => {
          if (!sheets.includes(sheet)) throw new FakeOfficeError("ItemNotFound", `worksheet "${sheet.name}" does not exist`);
          return sheet;
        });
      },
      getItem: (name: string) => worksheet(sheetRefByName(name)),
    },
  });
  const namesCollection = make({
    label: "names",
    items: () => names.map((n) => namedItem(() => n)),
    methods: {
      add: (name: string, reference: FakeObject | string, comment?: string) => {
        enqueue("names.add", undefined, () => {
          if (!/^[A-Za-z_\\\u0080-\uffff][A-Za-z0-9_.\u0080-\uffff]*$/.test(name) || /^[A-Za-z]{1,3}[0-9]+$/.test(name)) {
            throw new FakeOfficeError("InvalidArgument", `invalid name "${name}"`);
          }
          if (identifierTaken(name)) throw new FakeOfficeError("ItemAlreadyExists", `the name "${name}" is taken`);
          if (typeof reference === "string") throw new FakeOfficeError("InvalidArgument", "the fake models Range references only");
          const sheetRef = rangeSheets.get(reference);
          if (!sheetRef) throw new FakeOfficeError("InvalidArgument", "reference is not a range");
          const rect = { row: Number(readDirect(reference, "rowIndex")), col: Number(readDirect(reference, "columnIndex")) };
          names.push({ name, sheetId: sheetRef().id, ...rect, comment });
        });
        return namedItem(nameByName(name));
      },
      getItem: (name: string) => namedItem(nameByName(name)),
    },
  });
  const tablesCollection = make({
    label: "tables",
    items: () => allTables().map((x) => table(tableById(x.table.id))),
    methods: {
      getItem: (name: string) =>
        table(() => {
          const x = allTables().find((t) => same(t.table.name, name));
          if (!x) throw new FakeOfficeError("ItemNotFound", `table "${name}" not found`);
          return x;
        }),
    },
  });
  const workbook = make({
    label: "workbook",
    nav: { worksheets: () => worksheets, names: () => namesCollection, tables: () => tablesCollection },
    methods: {
      // The selection as set by a test (fake.selection) or by range.select(); one contiguous area, like Excel's.
      getSelectedRange: () => {
        const sel = () => {
          const x = fake.selection;
          if (!x) throw new FakeOfficeError("ItemNotFound", "no selection");
          if (x.address.includes(",")) throw new FakeOfficeError("InvalidSelection", "the selection has several areas");
          const s = sheetByName(x.sheet);
          if (!s) throw new FakeOfficeError("ItemNotFound", `sheet "${x.sheet}" not found`);
          return { sheet: s, rect: parseArea(x.address) };
        };
        return range(
          () => sel().sheet,
          () => sel().rect,
        );
      },
    },
  });

  async function sync(): Promise<void> {
    stats.syncs++;
    const batch = queue;
    queue = [];
    touched.clear();
    const counts: Record<string, number> = {};
    for (const op of batch) {
      if (op.kind !== "load") {
        counts[op.kind] = (counts[op.kind] ?? 0) + 1;
        stats.ops[op.kind] = (stats.ops[op.kind] ?? 0) + 1;
        const sheet = op.sheet?.();
        if (failPredicate?.({ kind: op.kind, sheet, nth: stats.ops[op.kind] })) {
          throw new FakeOfficeError(
            failError?.code ?? "GeneralException",
            failError?.message ?? `injected failure at ${op.kind}${sheet ? ` on "${sheet}"` : ""}`,
          );
        }
      }
      op.run(); // an exception drops the rest of the batch, as in Excel
    }
    for (const target of touched) await target.sync();
    // OfficeMockObject settles loaded properties in promise continuations: let them run.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }

  const context = {
    workbook,
    sync: () => sync(),
  };

  const fake: FakeExcel = {
    context,
    async run<T>(batch: (context: never) => Promise<T>): Promise<T> {
      const result = await batch(context as never);
      if (queue.length) await context.sync();
      return result;
    },
    sheets,
    names,
    stats,
    failWhen(predicate, error) {
      failPredicate = predicate;
      failError = error;
    },
    sheet: (name) => sheetByName(name),
    valuesOf(name) {
      const s = sheetByName(name);
      if (!s) throw new Error(`no sheet ${name}`);
      const u = usedRect(s);
      if (!u) return [];
      return Array.from({ length: u.row + u.rows }, (_, i) =>
        Array.from({ length: u.col + u.cols }, (_, j) => s.cells.get(key(i, j))?.value ?? ""),
      );
    },
    setCell(sheetName, row, col, value) {
      const s = sheetByName(sheetName);
      if (!s) throw new Error(`no sheet ${sheetName}`);
      if (value === null) s.cells.delete(key(row, col));
      else cellAt(s, row, col).value = value;
    },
    nameFormula,
    snapshot() {
      return {
        sheets: sheets.map((s) => ({
          name: s.name,
          cells: [...s.cells.entries()]
            .filter(([, c]) => c.value !== "" || c.formula || c.numberFormat || c.fill)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
          columnWidths: [...s.columnWidths.entries()].sort((a, b) => a[0] - b[0]),
          freeze: s.freeze ?? null,
          tables: s.tables.map((t) => ({ ...t })),
          charts: s.charts.map((c) => JSON.parse(JSON.stringify(c))),
          merges: s.merges.map((m) => ({ ...m })),
        })),
        names: names.map((n) => ({ name: n.name, formula: nameFormula(n) })),
      };
    },
  };
  return fake;
}
