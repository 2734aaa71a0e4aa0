/**
 * Random calls of every SHANTY function that has a native form, for the portable-workbook tests: inputs in
 * cells, the call referencing them (optional arguments sometimes left out, sometimes a blank cell), and the
 * engine's value for those inputs. Seeded, so a failure names a reproducible case.
 */
import type * as ExcelJS from "exceljs";
import { Dec } from "../../src/engine/decimal";
import { getFunction } from "../../src/registry";
import type { RawArg } from "../../src/registry/coerce";
import { NATIVE } from "../../src/registry/native";
import type { ParamSpec } from "../../src/registry/types";
import { columnLetters } from "../../src/workbook/model";

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A cell of a case: a scalar, or a column of values (a range argument). */
export type CaseArg = { kind: "cell"; value: RawArg } | { kind: "range"; values: number[] } | { kind: "omitted" };

export interface Case {
  readonly id: string;
  readonly args: readonly CaseArg[];
}

const fixed = (r: () => number, max: number, dp: number) => Number((r() * max).toFixed(dp));

function value(p: ParamSpec, r: () => number): RawArg {
  switch (p.kind) {
    case "integer":
      return p.min === 1 ? 1 + Math.floor(r() * 3) : Math.floor(r() * 12);
    case "boolean":
      return r() < 0.5;
    case "investor":
      return ["政府", "民间资本", "private", "社会资本", " 民间 ", "政府投资"][Math.floor(r() * 6)];
    default:
      if (p.share) return fixed(r, 1, 4);
      if (p.unit === "㎡") return fixed(r, 60000, 2);
      if (p.unit === "元/㎡" || p.unit === "元/㎡·月") return fixed(r, 12000, 2);
      if (p.unit === "元") return (p.min === undefined && r() < 0.3 ? -1 : 1) * fixed(r, 5e7, 2);
      if (p.above !== undefined) return Number((0.1 + r() * 4).toFixed(2));
      return fixed(r, 3, 2);
  }
}

/** `count` random cases per function with a native form. */
export function randomCases(seed: number, count: number): Case[] {
  const r = prng(seed);
  const cases: Case[] = [];
  for (const id of Object.keys(NATIVE)) {
    const spec = getFunction(id)!;
    for (let n = 0; n < count; n++) {
      const args: CaseArg[] = spec.params.map((p) => {
        if (p.kind === "decimals") {
          const len = 1 + Math.floor(r() * 5);
          return {
            kind: "range",
            values: Array.from({ length: len }, () => (p.min === undefined && r() < 0.2 ? -1 : 1) * fixed(r, 1e6, 2)),
          };
        }
        if (p.optional && r() < 0.15) return { kind: "cell", value: null }; // a blank cell: the default applies
        return { kind: "cell", value: value(p, r) };
      });
      // Boundary cases the rules decide with ≤ (exactly at the limit), computed exactly.
      const at = (name: string) => spec.params.findIndex((p) => p.name === name);
      const num = (i: number) => (args[i] as { value: number }).value;
      if (id === "LATEXEMPT" && n % 3 === 0 && args[at("threshold")].kind === "cell" && num(at("threshold")) !== null) {
        args[at("appreciation")] = { kind: "cell", value: new Dec(num(at("deductions"))).times(num(at("threshold"))).toNumber() };
      }
      if (id === "FARCHECK" && n % 3 === 0)
        args[at("buildingArea")] = { kind: "cell", value: new Dec(num(at("maxFar"))).times(num(at("landArea"))).toNumber() };
      if (id === "TAXSHARE" && n % 4 !== 0) args[at("resettleArea")] = { kind: "cell", value: fixed(r, num(at("totalArea")), 2) };
      if (id === "DEEDTAX" && n % 4 === 0) args[at("area")] = { kind: "cell", value: 90 };
      // Leave trailing optional arguments out now and then.
      let last = args.length;
      while (last > 0 && spec.params[last - 1].optional && r() < 0.3) args[--last] = { kind: "omitted" };
      cases.push({ id, args });
    }
  }
  return cases;
}

/**
 * Lay cases out one per row: arguments from column A (a range argument takes a column block of up to 5 rows
 * starting on its row — cases are spaced 5 rows apart), the SHANTY formula in the column after the widest case.
 * Returns the cell contents per row (0-based) and, per case, the formula's address.
 */
export function layout(
  cases: readonly Case[],
  sheet = "数据",
): { rows: RawArg[][]; formulas: { row: number; col: number; formula: string; case: Case }[] } {
  const width = Math.max(...cases.map((c) => c.args.length));
  const rows: RawArg[][] = [];
  const formulas: { row: number; col: number; formula: string; case: Case }[] = [];
  cases.forEach((c, k) => {
    const top = k * 5;
    for (let i = 0; i < 5; i++) rows[top + i] = new Array(width + 1).fill(null);
    const refs: string[] = [];
    c.args.forEach((a, i) => {
      const colL = columnLetters(i);
      if (a.kind === "omitted") return;
      if (a.kind === "cell") {
        rows[top][i] = a.value;
        refs.push(`'${sheet}'!${colL}${top + 1}`);
      } else {
        a.values.forEach((v, j) => (rows[top + j][i] = v));
        refs.push(`'${sheet}'!${colL}${top + 1}:${colL}${top + a.values.length}`);
      }
    });
    // Omitted arguments are the trailing ones, so the references are in order.
    formulas.push({ row: top, col: width, formula: `SHANTY.${c.id}(${refs.join(",")})`, case: c });
  });
  return { rows, formulas };
}

/**
 * A spilled SHANTY table and a shared SHANTY formula on `ws`: COMPTABLE(A1 = 100, A2 = 10000) in C1:D6 (house
 * value 1,000,000, other parts 0, total 1,000,000 — 6 rows × 2 columns) and BIZLOSS shared from G1 to G2.
 */
export function spillAndShare(ws: ExcelJS.Worksheet): void {
  const formula = (text: string, shareType: "array" | "shared", ref: string) =>
    ({ formula: text, shareType, ref }) as unknown as ExcelJS.CellFormulaValue;
  ws.getCell("A1").value = 100;
  ws.getCell("A2").value = 10000;
  // COMPTABLE(100, 10000): house value 1,000,000, other parts 0, total 1,000,000 — 6 rows × 2 columns
  ws.getCell("C1").value = formula("SHANTY.COMPTABLE(A1,A2)", "array", "C1:D6");
  // BIZLOSS shared down two rows: 2,000,000 × 5% = 100,000 and 3,000,000 × 5% = 150,000
  ws.getCell("F1").value = 2000000;
  ws.getCell("F2").value = 3000000;
  ws.getCell("G1").value = formula("SHANTY.BIZLOSS(F1,0.05)", "shared", "G1:G2");
  ws.getCell("G2").value = { sharedFormula: "G1" } as unknown as ExcelJS.CellFormulaValue;
}
