import fc from "fast-check";
import { DetailedCellError } from "hyperformula";
import type { RawCellContent } from "hyperformula";
import { HF_CONFIG, HyperFormula, registerShantyFunctions } from "../../src/cli/hfPlugin";
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
export function layout(spec: FunctionSpec, args: readonly Arg[], inline: readonly boolean[]): { data: RawCellContent[][]; formula: string } {
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
        if (!found.error && !propagated && (typeof v.message !== "string" || v.message.trim() === "")) found.error = `${formula} → ${where}the error ${v.value} without a message`;
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
          if (f === "hang") throw new Error(`SHANTY.${id}(${showArgs(args).slice(1, -1)}) in HyperFormula did not return (watchdog) — it hangs`);
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
