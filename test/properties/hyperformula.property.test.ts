import fc from "fast-check";
import { DetailedCellError } from "hyperformula";
import type { RawCellContent } from "hyperformula";
import { evaluateFormula } from "../../src/cli/evaluate";
import { emptyTextForNumber, HF_CONFIG, HyperFormula, registerShantyFunctions } from "../../src/cli/hfPlugin";
import { recalcBuffer } from "../../src/cli/recalc";
import { scanSheet } from "../../src/cli/recalc/package";
import { DomainError } from "../../src/engine/errors";
import type { RawArg } from "../../src/registry/coerce";
import { hostErrorCode } from "../../src/registry/hostError";
import { invoke } from "../../src/registry/invoke";
import { FUNCTIONS, NAMESPACE } from "../../src/registry";
import type { FunctionSpec } from "../../src/registry/types";
import { argVectors, keyOf, showArgs, type Arg } from "./arbitraries";
import { seedFor, withinTime } from "./guard";

/*
 * The headless path: every registry function evaluated by HyperFormula (src/cli/hfPlugin.ts) on a smaller
 * sample, with the arguments placed in cells of a Data sheet (or written inline as literals) and a formula on
 * a Calc sheet referencing them. A cell never ends up NaN or ±Infinity, and an error is a DetailedCellError
 * that carries a message.
 */

// 60 vectors per function and property here (the Excel path runs 1,000 per function): each HyperFormula
// evaluation rebuilds a sheet, and the whole catalogue must stay within CI's time on 2 cores.
const RUNS = 60;

registerShantyFunctions();

function colName(n: number): string {
  let s = "";
  for (let k = n + 1; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** A JS value a cell cannot hold becomes the formula that yields the matching Excel error. */
function cellContent(v: Arg): RawCellContent {
  if (v === undefined || v === null) return null;
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "=SQRT(-1)"; // #NUM!
    if (v === Infinity) return "=1/0"; // #DIV/0!
    if (v === -Infinity) return "=-1/0";
    return v;
  }
  if (Array.isArray(v)) return null;
  return v;
}

function literal(v: Arg): string | undefined {
  if (typeof v === "number" && Number.isFinite(v) && Math.abs(v) < 1e15 && !/e/i.test(String(v))) return String(v);
  if (typeof v === "string" && !v.includes("\n") && !v.includes("\u0000")) return `"${v.replace(/"/g, '""')}"`;
  if (typeof v === "boolean") return v ? "TRUE()" : "FALSE()";
  return undefined;
}

const BLOCK = 12; // columns reserved per argument on the Data sheet
const EMPTY_CELL = "Data!A200"; // never written: what an empty range is mapped to

/** Data sheet and formula for one argument vector; `inline[i]` writes scalar i as a literal when it can. */
export function layout(
  spec: FunctionSpec,
  args: readonly Arg[],
  inline: readonly boolean[],
): { data: RawCellContent[][]; formula: string } {
  const data: RawCellContent[][] = [];
  const put = (r: number, c: number, v: RawCellContent) => {
    while (data.length <= r) data.push([]);
    const row = data[r];
    while (row.length <= c) row.push(null);
    row[c] = v;
  };
  const refs = args.map((a, i) => {
    const c0 = i * BLOCK;
    if (a === undefined) return ""; // left out: an empty argument
    if (Array.isArray(a)) {
      const rows = a.length;
      const cols = Math.max(0, ...a.map((row) => (Array.isArray(row) ? row.length : 1)));
      if (rows === 0 || cols === 0) return EMPTY_CELL;
      a.forEach((row, r) => (Array.isArray(row) ? row : [row]).forEach((cell, c) => put(r, c0 + c, cellContent(cell as Arg))));
      const first = `${colName(c0)}1`;
      return rows === 1 && cols === 1 ? `Data!${first}` : `Data!${first}:${colName(c0 + cols - 1)}${rows}`;
    }
    const lit = inline[i] ? literal(a) : undefined;
    if (lit !== undefined) return lit;
    put(0, c0, cellContent(a));
    return `Data!${colName(c0)}1`;
  });
  return { data, formula: `=${NAMESPACE}.${spec.id}(${refs.join(",")})` };
}

type CellValue = ReturnType<HyperFormula["getCellValue"]>;

function badValue(v: CellValue): string | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? undefined : String(v);
  if (typeof v === "string" || typeof v === "boolean") return undefined;
  return `${v === null ? "an empty cell" : typeof v} (${String(v)})`;
}

/**
 * One HyperFormula instance per function, reused from run to run (building one costs ~10 ms, refilling its
 * sheets ~1 ms); replaced after a hang, since an evaluation stopped by the watchdog may leave it inconsistent.
 */
class Sheets {
  private hf: HyperFormula | undefined;

  /** The instance, built if needed — outside the watchdog, so that building never counts as hanging. */
  instance(): HyperFormula {
    this.hf ??= HyperFormula.buildFromSheets({ Data: [], Calc: [] }, { ...HF_CONFIG });
    return this.hf;
  }

  discard(): void {
    try {
      this.hf?.destroy();
    } catch {
      // an instance stopped mid-evaluation may not tear down cleanly; it is dropped either way
    }
    this.hf = undefined;
  }

  /** Evaluate; what is wrong with the numbers and with the errors, if anything. */
  evaluate(spec: FunctionSpec, args: readonly Arg[], inline: readonly boolean[]): Findings {
    const { data, formula } = layout(spec, args, inline);
    const hf = this.instance();
    const dataId = hf.getSheetId("Data")!;
    const calc = hf.getSheetId("Calc")!;
    hf.batch(() => {
      hf.setSheetContent(dataId, data);
      hf.setSheetContent(calc, [[formula]]);
    });
    const found: Findings = {};
    // An error value in an argument cell propagates unchanged, as it does for Excel's own functions (HyperFormula
    // returns it before the function runs): its message is the source cell's, possibly empty. Only errors the
    // SHANTY functions produce themselves must carry a message.
    const propagated = /"[=#]/.test(JSON.stringify(data));
    const look = (v: CellValue, where: string) => {
      if (v instanceof DetailedCellError) {
        if (!found.error && !propagated && (typeof v.message !== "string" || v.message.trim() === ""))
          found.error = `${formula} → ${where}the error ${v.value} without a message`;
      } else if (!found.value) {
        const bad = badValue(v);
        if (bad) found.value = `${formula} → ${where}${bad}`;
      }
    };
    const top = hf.getCellValue({ sheet: calc, row: 0, col: 0 });
    if (top === null) found.value = `${formula} → an empty cell`;
    else look(top, "");
    if (spec.returns.kind === "matrix") {
      const all = hf.getSheetValues(calc);
      all.forEach((row, r) =>
        row.forEach((v, c) => {
          if (v !== null) look(v, `cell (${r + 1},${c + 1}) is `); // null: padding of a smaller result than announced
        }),
      );
    }
    return found;
  }
}

interface Findings {
  /** A value a cell must not show: NaN, ±Infinity, undefined. */
  value?: string;
  /** An error that carries no message. */
  error?: string;
}

/** First hang: a generous limit; after it, only hangs need telling from answers (each costs its limit). */
const LIMIT_MS = 2000;
const LIMIT_AFTER_HANG_MS = 40;

describe("the SHANTY catalogue through HyperFormula", () => {
  describe.each(FUNCTIONS.map((spec) => [spec.id, spec] as const))("%s", (id, spec) => {
    // Both properties draw the same vectors (same seed); each is evaluated once and its findings shared.
    const sheets = new Sheets();
    const cache = new Map<string, Findings | "hang">();
    let hangs = 0;
    const inline = fc.array(fc.boolean(), { minLength: spec.params.length + 3, maxLength: spec.params.length + 3 });
    const vectors = fc.tuple(argVectors(spec), inline);
    const findings = (args: Arg[], lits: boolean[]): Findings | "hang" => {
      const key = keyOf([args, lits]);
      const hit = cache.get(key);
      if (hit) return hit;
      const limit = hangs ? LIMIT_AFTER_HANG_MS : LIMIT_MS;
      sheets.instance();
      const run = withinTime(() => sheets.evaluate(spec, args, lits), limit);
      let out: Findings | "hang";
      if (run.done) out = run.value;
      else {
        hangs++;
        sheets.discard();
        out = "hang";
      }
      cache.set(key, out);
      return out;
    };
    afterAll(() => sheets.discard());

    it(`${id} in HyperFormula never yields NaN, Infinity or an empty cell, and never hangs`, () => {
      fc.assert(
        fc.property(vectors, ([args, lits]) => {
          const f = findings(args, lits);
          if (f === "hang")
            throw new Error(`SHANTY.${id}(${showArgs(args).slice(1, -1)}) in HyperFormula did not return (watchdog) — it hangs`);
          if (f.value) throw new Error(`SHANTY.${id}(${showArgs(args).slice(1, -1)}): ${f.value}`);
        }),
        { numRuns: RUNS, seed: seedFor(`hf:${id}`) },
      );
    });

    it(`${id} in HyperFormula shows every error as a DetailedCellError with a message (errors in argument cells too)`, () => {
      fc.assert(
        fc.property(vectors, ([args, lits]) => {
          const f = findings(args, lits);
          if (f !== "hang" && f.error) throw new Error(`SHANTY.${id}(${showArgs(args).slice(1, -1)}): ${f.error}`);
        }),
        { numRuns: RUNS, seed: seedFor(`hf:${id}`) },
      );
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// The runner's two paths agree with the registry exactly: `shanty eval` (literal arguments, array literals)
// and `shanty recalc` (arguments in cells of an .xlsx package, the value read back from the written file)
// return invoke()'s value — the same number to the last bit, the same text, the same error code.

const EXACT_RUNS = 24;

type Raw = RawArg;

/** What HyperFormula hands the function for a cell holding `v` (as layout() writes it). */
function rawOfCell(v: Arg): Raw {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return null;
  return v;
}

function finiteEverywhere(a: Arg): boolean {
  if (Array.isArray(a)) return a.every((row) => (Array.isArray(row) ? row.every(finiteEverywhere) : finiteEverywhere(row as Arg)));
  return typeof a !== "number" || Number.isFinite(a);
}

/** The raw arguments HyperFormula passes for layout(spec, args, inline) — what invoke() must be given. */
function rawArgs(args: readonly Arg[], inline: readonly boolean[]): Raw[] {
  return args.map((a, i) => {
    if (a === undefined) return null; // an empty argument
    if (Array.isArray(a)) {
      const rows = a.length;
      const cols = Math.max(0, ...a.map((row) => (Array.isArray(row) ? row.length : 1)));
      if (rows === 0 || cols === 0) return null; // mapped to an empty cell
      const grid: Raw[][] = [];
      for (let r = 0; r < rows; r++) {
        const row = Array.isArray(a[r]) ? (a[r] as Arg[]) : [a[r] as Arg];
        grid.push(Array.from({ length: cols }, (_, c) => rawOfCell(row[c])));
      }
      return rows === 1 && cols === 1 ? grid[0][0] : grid;
    }
    return inline[i] && literal(a) !== undefined ? a : rawOfCell(a);
  });
}

/**
 * invoke()'s result as the cell shows it: a scalar, a table, or an error code. The HyperFormula host applies one
 * rule of its own first (emptyTextForNumber: "" for a required number is text there, not a blank).
 */
function expectedOf(spec: FunctionSpec, raw: Raw[]): { error: string } | { value: unknown } {
  const r = emptyTextForNumber(spec, raw) ?? invoke(spec, raw);
  if (r instanceof DomainError) return { error: hostErrorCode(r.kind) === "NA" ? "#N/A" : "#VALUE!" };
  return { value: r };
}

/** An argument vector written as literals only (for eval), or undefined when one cannot be. */
function literalFormula(spec: FunctionSpec, args: readonly Arg[]): string | undefined {
  const parts: string[] = [];
  for (const a of args) {
    if (a === undefined) parts.push("");
    else if (Array.isArray(a)) {
      const rows = a.map((row) => (Array.isArray(row) ? row : [row]));
      const cols = rows[0]?.length ?? 0;
      if (rows.length === 0 || cols === 0 || rows.some((row) => row.length !== cols)) return undefined;
      const cells = rows.map((row) => row.map((c) => (c === null || c === undefined ? undefined : literal(c as Arg))));
      if (cells.some((row) => row.some((c) => c === undefined))) return undefined;
      parts.push(`{${cells.map((row) => row.join(",")).join(";")}}`);
    } else {
      const lit = literal(a);
      if (lit === undefined) return undefined;
      parts.push(lit);
    }
  }
  return `=${NAMESPACE}.${spec.id}(${parts.join(",")})`;
}

/** The raw arguments for a literal formula: array literals arrive as tables, a 1×1 literal as its value. */
function literalRaw(args: readonly Arg[]): Raw[] {
  return args.map((a) => {
    if (a === undefined) return null;
    if (Array.isArray(a)) {
      const rows = a.map((row) => (Array.isArray(row) ? row : [row])) as Raw[][];
      return rows.length === 1 && rows[0].length === 1 ? rows[0][0] : rows;
    }
    return a as Raw;
  });
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A sheet part holding cells (HyperFormula content: "=…" is a formula). */
function sheetXml(cells: RawCellContent[][], extra: { row: number; col: number; formula: string }[] = []): string {
  const byRow = new Map<number, string[]>();
  const add = (r: number, c: number, xml: string) => {
    const list = byRow.get(r) ?? [];
    list.push(`${c}\u0000${xml}`);
    byRow.set(r, list);
  };
  cells.forEach((row, r) =>
    row.forEach((v, c) => {
      const ref = `${colName(c)}${r + 1}`;
      if (v === null || v === undefined) return;
      if (typeof v === "number") add(r, c, `<c r="${ref}"><v>${v}</v></c>`);
      else if (typeof v === "boolean") add(r, c, `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`);
      else if (typeof v === "string" && v.startsWith("=")) add(r, c, `<c r="${ref}"><f>${xmlEscape(v.slice(1))}</f></c>`);
      else add(r, c, `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xmlEscape(String(v))}</t></is></c>`);
    }),
  );
  for (const e of extra) add(e.row, e.col, `<c r="${colName(e.col)}${e.row + 1}"><f>${xmlEscape(e.formula.slice(1))}</f></c>`);
  const rows = [...byRow.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(
      ([r, list]) =>
        `<row r="${r + 1}">${list
          .sort((x, y) => Number(x.split("\u0000")[0]) - Number(y.split("\u0000")[0]))
          .map((x) => x.split("\u0000")[1])
          .join("")}</row>`,
    );
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join("")}</sheetData></worksheet>`;
}

/** A package of sheets (name → XML). */
async function packageOf(sheets: [string, string][]): Promise<Buffer> {
  const JSZip = (await import("jszip")).default;
  const zip = new JSZip();
  const R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  zip.file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
  );
  zip.file(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  zip.file(
    "xl/workbook.xml",
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${R}"><sheets>${sheets.map(([n], i) => `<sheet name="${xmlEscape(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("")}</sheets></workbook>`,
  );
  zip.file(
    "xl/_rels/workbook.xml.rels",
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${R}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("")}</Relationships>`,
  );
  sheets.forEach(([, xml], i) => zip.file(`xl/worksheets/sheet${i + 1}.xml`, xml));
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

/** The stored values of a sheet part, by A1 address. */
function storedValues(xml: string): Map<string, { t: string; v?: string; inline?: string }> {
  const out = new Map<string, { t: string; v?: string; inline?: string }>();
  scanSheet(Buffer.from(xml, "utf8").toString("latin1"), (c) =>
    out.set(`${colName(c.col)}${c.row + 1}`, { t: c.t, v: c.v, inline: c.inline }),
  );
  return out;
}

function sameValue(actual: unknown, expected: unknown): boolean {
  if (typeof expected === "number" && typeof actual === "number")
    return Object.is(actual === 0 ? 0 : actual, expected === 0 ? 0 : expected);
  return actual === expected;
}

describe("eval and recalc return exactly invoke()'s value", () => {
  describe.each(FUNCTIONS.map((spec) => [spec.id, spec] as const))("%s", (id, spec) => {
    const sampled = fc
      .sample(
        fc.tuple(argVectors(spec), fc.array(fc.boolean(), { minLength: spec.params.length + 3, maxLength: spec.params.length + 3 })),
        { numRuns: 400, seed: seedFor(`exact:${id}`) },
      )
      // full-length vectors (a call with fewer or more arguments than declared is refused by HyperFormula
      // before the function runs, as Excel refuses it on entry — eval-exact.test covers those); F() for a
      // one-argument function is such a call too
      .filter(
        ([args]) => args.length === spec.params.length && args.every(finiteEverywhere) && !(args.length === 1 && args[0] === undefined),
      );
    const vectors = sampled.slice(0, EXACT_RUNS);
    const literalVectors = sampled.filter(([args]) => literalFormula(spec, args) !== undefined).slice(0, EXACT_RUNS);

    it(`${id} through eval (literal arguments) equals invoke()`, () => {
      let checked = 0;
      for (const [args] of literalVectors) {
        const formula = literalFormula(spec, args);
        if (!formula) continue;
        checked++;
        const want = expectedOf(spec, literalRaw(args));
        const got = evaluateFormula(formula);
        const where = `${formula}`;
        if ("error" in want) {
          expect({ where, error: got.ok ? `value ${String(got.value)}` : got.error }).toEqual({ where, error: want.error });
        } else if (Array.isArray(want.value)) {
          expect(got.ok).toBe(true);
          if (!got.ok) continue;
          const rows = got.rows ?? [[got.value]];
          (want.value as unknown[][]).forEach((row, r) =>
            row.forEach((v, c) => expect({ where, r, c, same: sameValue(rows[r][c], v) }).toEqual({ where, r, c, same: true })),
          );
        } else {
          expect({ where, same: got.ok && sameValue(got.value, want.value), got: got.ok ? got.value : got.message }).toMatchObject({
            where,
            same: true,
          });
        }
      }
      expect(checked).toBeGreaterThan(0);
    });

    it(`${id} through recalc (arguments in cells, value read back from the file) equals invoke()`, async () => {
      const sheets: [string, string][] = [];
      const calc: { row: number; col: number; formula: string }[] = [];
      const expected: ({ error: string } | { value: unknown })[] = [];
      vectors.forEach(([args, lits], i) => {
        const { data, formula } = layout(spec, args, lits);
        const sheet = `D${i + 1}`;
        sheets.push([sheet, sheetXml(data)]);
        calc.push({ row: i, col: 0, formula: formula.replace(/Data!/g, `'${sheet}'!`) });
        expected.push(expectedOf(spec, rawArgs(args, lits)));
      });
      const input = await packageOf([["Calc", sheetXml([], calc)], ...sheets]);
      const { data } = await recalcBuffer(input, `${id}.xlsx`);
      const JSZip = (await import("jszip")).default;
      const values = storedValues(await (await JSZip.loadAsync(data)).file("xl/worksheets/sheet1.xml")!.async("string"));
      expected.forEach((want, i) => {
        const cell = values.get(`A${i + 1}`)!;
        const where = `${calc[i].formula}`;
        const top = "error" in want ? undefined : Array.isArray(want.value) ? (want.value as unknown[][])[0][0] : want.value;
        if ("error" in want) expect({ where, t: cell.t, v: cell.v }).toEqual({ where, t: "e", v: want.error });
        else if (typeof top === "number" && cell.t !== "")
          expect({ where, t: cell.t, v: cell.v }).toEqual({ where, t: "", v: String(top) });
        else if (typeof top === "number") expect({ where, t: cell.t, v: Number(cell.v) }).toEqual({ where, t: "", v: top === 0 ? 0 : top });
        else if (typeof top === "boolean") expect({ where, t: cell.t, v: cell.v }).toEqual({ where, t: "b", v: top ? "1" : "0" });
        else expect({ where, t: cell.t, v: cell.v }).toEqual({ where, t: "str", v: top });
      });
    }, 60_000);
  });
});
