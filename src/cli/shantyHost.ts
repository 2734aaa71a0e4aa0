import { DomainError, fail } from "../engine/errors";
import { NAMESPACE } from "../registry";
import type { RawArg } from "../registry/coerce";
import { hostErrorCode } from "../registry/hostError";
import { argLabel, invoke } from "../registry/invoke";
import type { CellResult, FunctionSpec } from "../registry/types";

/*
 * A SHANTY call as the headless host makes it — the HyperFormula plugin (hfPlugin.ts) and the direct evaluator
 * of `shanty recalc` (recalc/direct.ts) — without loading HyperFormula: the host's empty-text rule, the call,
 * and the error a DomainError becomes (type as HyperFormula's ErrorType names it, bilingual message).
 */

/** A DomainError's message as the CLI shows it: the function, the Chinese text, the English in brackets. */
export function shantyMessage(spec: FunctionSpec, error: DomainError): string {
  const { zh, en } = error.render(argLabel(spec));
  return `${NAMESPACE}.${spec.id}: ${zh}（${en}）`;
}

/**
 * HyperFormula hands an empty cell as EmptyValue (null here), so a "" it passes is an empty text — typed as ""
 * or a formula's "" result. For a required number that is an error naming the argument (#VALUE!, as Excel's own
 * =1+"" is), never a silent 0. Excel on the web sends "" for a blank cell, so the registry's coercion keeps
 * reading "" as blank there; this rule is the HyperFormula host's own.
 */
export function emptyTextForNumber(spec: FunctionSpec, raw: readonly RawArg[]): DomainError | undefined {
  for (let i = 0; i < raw.length && i < spec.params.length; i++) {
    const p = spec.params[i];
    if (raw[i] === "" && (p.kind === "decimal" || p.kind === "integer") && !p.optional && p.default === undefined) {
      return fail("notNumber", { arg: p.name, value: "" });
    }
  }
  return undefined;
}

/** invoke() as the HyperFormula host calls it: with its empty-text rule (emptyTextForNumber) first. */
export function invokeHf(spec: FunctionSpec, raw: readonly RawArg[]): CellResult | DomainError {
  return emptyTextForNumber(spec, raw) ?? invoke(spec, raw);
}

/**
 * A SHANTY call as the HyperFormula host makes it, without HyperFormula's value classes (the direct evaluator,
 * recalc/direct.ts): the arguments as fromHf gives them, the result, or the error type and message toHf gives.
 */
export function shantyValue(
  spec: FunctionSpec,
  raw: readonly RawArg[],
): { readonly value: CellResult } | { readonly error: string; readonly message: string } {
  const result = invokeHf(spec, raw);
  if (result instanceof DomainError) return { error: hostErrorCode(result.kind), message: shantyMessage(spec, result) };
  return { value: result };
}
