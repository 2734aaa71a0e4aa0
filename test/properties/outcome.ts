import { DomainError } from "../../src/engine/errors";
import { MESSAGES } from "../../src/engine/messages";
import { invoke } from "../../src/registry/invoke";
import type { RawArg } from "../../src/registry/coerce";
import type { FunctionSpec, SpillProbe } from "../../src/registry/types";
import { CustomFunctionsError, ErrorCode } from "../support/customFunctions";
import { showArgs } from "./arbitraries";

/*
 * What a cell may receive from a SHANTY function, checked on what the Excel adapter (excelResult) returns.
 * Each check throws an Error whose message starts with the function id and the arguments, so a fast-check
 * counterexample reads as a bug report.
 */

export const HAN = /\p{Script=Han}/u;

class Violation extends Error {}

function violation(spec: FunctionSpec, args: readonly unknown[], what: string): never {
  throw new Violation(`SHANTY.${spec.id}(${showArgs(args).slice(1, -1)}): ${what}`);
}

function describe(v: unknown): string {
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (v === undefined) return "undefined";
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** A scalar a cell can show: a finite number other than −0, a string, or a boolean. */
function badScalar(v: unknown): string | undefined {
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "NaN";
    if (!Number.isFinite(v)) return String(v);
    if (Object.is(v, -0)) return "-0";
    return undefined;
  }
  if (typeof v === "string" || typeof v === "boolean") return undefined;
  return `a ${v === null ? "null" : typeof v} (${describe(v)})`;
}

/** Run the adapter path; a throw is itself a violation. */
export function callExcel(
  excelResult: (id: string, args: readonly unknown[]) => unknown,
  spec: FunctionSpec,
  args: readonly unknown[],
): unknown {
  try {
    return excelResult(spec.id, args);
  } catch (e) {
    return violation(spec, args, `threw ${e instanceof Error ? `${e.name}: ${e.message}` : describe(e)}`);
  }
}

/**
 * The result is a finite number, a string, a boolean, a rectangular non-empty 2-D array of those, or a
 * CustomFunctions.Error with code #VALUE! or #N/A and a Chinese message — and its type is the one the
 * function declares (`returns.kind`, which becomes the adapter's return type in Excel's metadata).
 */
export function checkCellOutcome(spec: FunctionSpec, args: readonly unknown[], result: unknown): void {
  if (result instanceof CustomFunctionsError) {
    if (result.code !== ErrorCode.invalidValue && result.code !== ErrorCode.notAvailable) {
      violation(spec, args, `error code ${result.code}: Excel shows a custom message only with #VALUE! or #N/A`);
    }
    const msg = result.message;
    if (typeof msg !== "string" || msg.trim() === "") violation(spec, args, `${result.code} without a message`);
    if (!HAN.test(msg)) violation(spec, args, `message without Chinese: ${msg}`);
    return;
  }
  if (Array.isArray(result)) {
    if (spec.returns.kind !== "matrix") violation(spec, args, `returned a table but declares returns.kind "${spec.returns.kind}"`);
    if (result.length === 0) violation(spec, args, "returned an empty table []");
    const width = Array.isArray(result[0]) ? result[0].length : -1;
    if (width <= 0) violation(spec, args, `first row is not a non-empty array: ${describe(result[0])}`);
    result.forEach((row: unknown, r: number) => {
      if (!Array.isArray(row)) violation(spec, args, `row ${r + 1} is not an array: ${describe(row)}`);
      if (row.length !== width) violation(spec, args, `ragged table: row ${r + 1} has ${row.length} cells, row 1 has ${width}`);
      row.forEach((cell: unknown, c: number) => {
        const bad = badScalar(cell);
        if (bad) violation(spec, args, `cell (${r + 1},${c + 1}) is ${bad}`);
      });
    });
    return;
  }
  const bad = badScalar(result);
  if (bad) violation(spec, args, `returned ${bad}`);
  const expected = { number: "number", boolean: "boolean", text: "string", matrix: "object" }[spec.returns.kind];
  if (typeof result !== expected)
    violation(spec, args, `returned the ${typeof result} ${describe(result)} but declares returns.kind "${spec.returns.kind}"`);
}

/** "安置面积(resettleArea)": how every message must name an argument of this function. */
export function labelOf(spec: FunctionSpec, name: string): string | undefined {
  const p = spec.params.find((q) => q.name === name);
  return p ? `${p.label}(${p.name})` : undefined;
}

/**
 * An error's message: starts with the function, has no `{placeholder}` left, no "undefined"/"NaN"-style
 * leakage of JavaScript, and names the argument it concerns by its label. Every other argument the message
 * mentions (e.g. the range a length is compared with) is shown by its label too, never by its bare name.
 * The DomainError behind the message is read from the registry (same arguments, same pure path) to know
 * which argument, if any, the error concerns.
 */
export function checkErrorMessage(spec: FunctionSpec, args: readonly unknown[], result: unknown): void {
  if (!(result instanceof CustomFunctionsError)) return;
  const msg = result.message ?? "";
  if (!msg.startsWith(`SHANTY.${spec.id}: `)) violation(spec, args, `message does not start with "SHANTY.${spec.id}: ": ${msg}`);
  const left = msg.match(/\{\w+\}/);
  if (left) violation(spec, args, `unreplaced placeholder ${left[0]} in: ${msg}`);
  const domain = invoke(spec, args as RawArg[]);
  if (!(domain instanceof DomainError)) violation(spec, args, `Excel shows an error but the registry returned ${describe(domain)}`);
  const expectedCode = domain.kind === "NA" ? ErrorCode.notAvailable : ErrorCode.invalidValue;
  if (result.code !== expectedCode) violation(spec, args, `${domain.code} (${domain.kind}) shown as ${result.code}`);
  const leak = /\bundefined\b|\[object /.exec(msg);
  if (leak && !texts(args).some((t) => t.includes(leak[0])))
    violation(spec, args, `JavaScript leaks into the message (${leak[0]}): ${msg}`);
  const template = MESSAGES[domain.code];
  const arg = domain.params.arg;
  if (template.zh.includes("{arg}") || arg !== undefined) {
    const label = arg === undefined ? undefined : labelOf(spec, String(arg));
    if (!label) {
      violation(spec, args, `${domain.code} concerns "${String(arg)}", which is not an argument of ${spec.id}: ${msg}`);
    }
    if (!msg.includes(label)) violation(spec, args, `message does not name ${label}: ${msg}`);
  }
  for (const [key, value] of Object.entries(domain.params)) {
    if (key === "arg" || typeof value !== "string") continue;
    const other = labelOf(spec, value);
    if (other && !msg.includes(other)) {
      violation(spec, args, `${domain.code} mentions the argument "${value}" ({${key}}) by its bare name, not as ${other}: ${msg}`);
    }
  }
}

/** Every string among the arguments (also inside ranges): what a message may legitimately echo. */
function texts(args: readonly unknown[]): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
  };
  walk(args);
  return out;
}

/** What HyperFormula's probe would see for these arguments; literals only when `literals` (else cell refs). */
export function probeFor(args: readonly unknown[], literals: boolean): SpillProbe {
  return {
    argCount: args.length,
    literal: (i) => {
      const a = args[i];
      return literals && typeof a === "number" && Number.isFinite(a) && a >= 0 ? (a === 0 ? 0 : a) : undefined;
    },
    rangeRows: (i) => {
      const a = args[i];
      if (a === undefined) return undefined;
      if (!Array.isArray(a)) return 1;
      return Math.max(
        1,
        a.reduce((n: number, row: unknown) => n + (Array.isArray(row) ? row.length : 1), 0),
      );
    },
  };
}

/**
 * A spilled result fits the size the function announces before evaluating (HyperFormula reserves it and
 * turns a larger result into an error), whether the arguments are literals in the formula or cell references.
 */
export function checkSpillBound(spec: FunctionSpec, args: readonly unknown[], result: unknown): void {
  if (!spec.spill) {
    if (spec.returns.kind === "matrix") violation(spec, args, "a matrix function without a spill() size for HyperFormula");
    return;
  }
  for (const literals of [true, false]) {
    let size: { rows: number; cols: number };
    try {
      size = spec.spill(probeFor(args, literals));
    } catch (e) {
      return violation(spec, args, `spill() threw ${e instanceof Error ? e.message : describe(e)}`);
    }
    const ok = (n: number) => Number.isInteger(n) && n >= 1 && n <= 1_000_000;
    if (!ok(size.rows) || !ok(size.cols))
      violation(spec, args, `spill() announced ${describe(size)}: rows/cols must be integers in 1..1e6`);
    if (Array.isArray(result) && (result.length > size.rows || (Array.isArray(result[0]) && result[0].length > size.cols))) {
      const how = literals ? "with literal arguments" : "with the arguments in cells";
      violation(spec, args, `result is ${result.length}×${result[0].length} but spill() announced ${size.rows}×${size.cols} ${how}`);
    }
  }
}
