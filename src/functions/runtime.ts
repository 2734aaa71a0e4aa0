import { DomainError } from "../engine/errors";
import { getFunction } from "../registry";
import type { RawArg } from "../registry/coerce";
import { hostErrorCode } from "../registry/hostError";
import { argLabel, invoke } from "../registry/invoke";
import type { CellResult } from "../registry/types";

/*
 * The Excel side of every SHANTY function. The generated adapters in functions.ts (JSDoc-tagged, read by
 * custom-functions-metadata-plugin) pass their arguments here untouched: coercion, rules and rounding all
 * happen in the registry and the engine.
 */

/** Excel's message box shows the Chinese message; the English one follows for English users and the help. */
function messageOf(id: string, error: DomainError): string {
  const spec = getFunction(id);
  const { zh, en } = error.render(spec ? argLabel(spec) : undefined);
  return `SHANTY.${id}: ${zh} (${en})`;
}

/** A CustomFunctions.Error for a domain error: #VALUE! or #N/A, which are the codes that carry a message. */
export function toExcelError(id: string, error: DomainError): CustomFunctions.Error {
  const code = hostErrorCode(error.kind) === "NA" ? CustomFunctions.ErrorCode.notAvailable : CustomFunctions.ErrorCode.invalidValue;
  return new CustomFunctions.Error(code, messageOf(id, error));
}

/** Run one function as Excel calls it; returns the cell value or a CustomFunctions.Error, never throws. */
export function excelResult(id: string, args: readonly unknown[]): CellResult | CustomFunctions.Error {
  const spec = getFunction(id);
  if (!spec) return new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidValue, `SHANTY.${id}: 未知函数 (unknown function)`);
  const result = invoke(spec, args as RawArg[]);
  return result instanceof DomainError ? toExcelError(id, result) : result;
}

/** What the generated adapters call: Excel expects a CustomFunctions.Error to be thrown. */
export function excelCall(id: string, args: readonly unknown[]): CellResult {
  const result = excelResult(id, args);
  if (result instanceof CustomFunctions.Error) throw result;
  return result;
}
