import { DomainError } from "../../src/engine/errors";
import { getFunction } from "../../src/registry";
import type { RawArg } from "../../src/registry/coerce";
import { argLabel, invoke } from "../../src/registry/invoke";
import type { CellResult, FunctionSpec } from "../../src/registry/types";

function spec(id: string): FunctionSpec {
  const s = getFunction(id);
  if (!s) throw new Error(`${id} is not registered`);
  return s;
}

/** Call a SHANTY function as Excel would (raw args; ranges as 2-D arrays). */
export function call(id: string, ...args: RawArg[]): CellResult | DomainError {
  return invoke(spec(id), args);
}

/**
 * The error a call returns: its catalogue code, the argument it names (`arg`, undefined when none), its kind and
 * its Chinese message as Excel shows it; fails the test if it is not an error. Assert the code and the argument —
 * the message text alone does not catch a wrong code.
 */
export function failure(id: string, ...args: RawArg[]): { code: string; arg: string | undefined; kind: string; zh: string } {
  const r = call(id, ...args);
  if (!(r instanceof DomainError)) throw new Error(`${id} returned ${JSON.stringify(r)}, expected an error`);
  const arg = r.params.arg;
  return { code: r.code, arg: arg === undefined ? undefined : String(arg), kind: r.kind, zh: r.render(argLabel(spec(id))).zh };
}

/** The value a call returns, or its error as { kind, zh }. */
export function shown(id: string, ...args: RawArg[]): CellResult | { kind: string; zh: string } {
  const r = call(id, ...args);
  return r instanceof DomainError ? { kind: r.kind, zh: r.render(argLabel(spec(id))).zh } : r;
}

/** A one-column range from values. */
export const col = (...xs: RawArg[]): RawArg[][] => xs.map((x) => [x]);
