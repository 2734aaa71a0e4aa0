import { MAX_RESULT } from "../engine/decimal";
import { DomainError, fail } from "../engine/errors";
import { coerceArgs, RawArg } from "./coerce";
import type { CellResult, FunctionSpec } from "./types";

/** "安置面积(resettleArea)": how messages name an argument of this function. */
export function argLabel(spec: FunctionSpec): (name: string) => string {
  return (name) => {
    const p = spec.params.find((q) => q.name === name);
    return p ? `${p.label}(${p.name})` : name;
  };
}

/**
 * The single path every host takes (Excel adapters, HyperFormula, tests): coerce the raw arguments by their
 * declarations, run the engine, check the result. Never throws; returns a cell value or a DomainError.
 * `path` "decimal" skips a function's exact fast path (the path-equivalence property test compares both).
 */
export function invoke(spec: FunctionSpec, raw: readonly RawArg[], path: "auto" | "decimal" = "auto"): CellResult | DomainError {
  if (raw.length > spec.params.length) return fail("tooManyArgs", { max: spec.params.length, count: raw.length });
  let result: CellResult | DomainError | undefined;
  if (spec.fast && path === "auto") {
    // The exact fast path: same validation, numbers instead of Decimals; undefined = does not fit, take `impl`.
    const numbers = coerceArgs(spec.params, raw, true);
    if (numbers instanceof DomainError) return numbers;
    try {
      result = spec.fast(numbers);
    } catch (e) {
      return fail("internal", { detail: `${spec.id} (fast): ${e instanceof Error ? e.message : String(e)}` });
    }
    if (result !== undefined) return checkResult(result);
  }
  const args = coerceArgs(spec.params, raw);
  if (args instanceof DomainError) return args;
  try {
    result = spec.impl(args);
  } catch (e) {
    return fail("internal", { detail: `${spec.id}: ${e instanceof Error ? e.message : String(e)}` });
  }
  return result instanceof DomainError ? result : checkResult(result);
}

/** What is wrong with one returned cell: not finite, too large to carry the fen, or not a cell value at all. */
function badScalar(v: unknown): DomainError | undefined {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return fail("resultNotFinite", { detail: String(v) });
    return Math.abs(v) >= MAX_RESULT ? fail("resultTooLarge", { value: v }) : undefined;
  }
  return typeof v === "string" || typeof v === "boolean" ? undefined : fail("resultNotFinite", { detail: String(v) });
}

/**
 * The last guard: no NaN, no Infinity, no number beyond MAX_RESULT (it would lose its fen), no undefined, no
 * ragged array ever reaches a cell.
 */
function checkResult(result: CellResult): CellResult | DomainError {
  if (!Array.isArray(result)) return badScalar(result) ?? result;
  const width = result[0]?.length ?? 0;
  if (result.length === 0 || width === 0) return fail("internal", { detail: "empty table" });
  for (const row of result) {
    if (!Array.isArray(row) || row.length !== width) return fail("internal", { detail: "ragged table" });
    for (const v of row) {
      const bad = badScalar(v);
      if (bad) return bad;
    }
  }
  return result;
}
