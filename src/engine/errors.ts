import { MESSAGES, MessageCode } from "./messages";
import { fillMessage, MessageValues } from "./messages/fill";

/** The Excel error a domain error becomes: #VALUE!, #N/A, #NUM! or #DIV/0!. */
export type ErrorKind = "VALUE" | "NA" | "NUM" | "DIV0";

/** Message parameters: numbers and Decimals are shown as a user writes them (`showNumber`). */
export type MessageParams = MessageValues;

/**
 * A domain error as a value (never thrown). `code` points into the one message catalogue
 * (`messages/`); `params.arg` names the catalogue argument it concerns, so the registry can print the
 * argument's Chinese label ("安置面积(resettleArea)") without the engine knowing about Excel.
 */
export class DomainError {
  readonly kind: ErrorKind;
  constructor(
    readonly code: MessageCode,
    readonly params: MessageParams = {},
  ) {
    this.kind = MESSAGES[code].kind;
  }

  /** The message in Chinese and English; `label` turns an argument name into the label to show. */
  render(label: (argName: string) => string = (n) => n): { zh: string; en: string } {
    // `arg` and `other` name catalogue arguments: both are shown with their label ("年度(years)").
    return fillMessage(MESSAGES[this.code], this.params, (key, value) =>
      key === "arg" || key === "other" ? label(String(value)) : undefined,
    );
  }
}

export function fail(code: MessageCode, params: MessageParams = {}): DomainError {
  return new DomainError(code, params);
}

export function isError(x: unknown): x is DomainError {
  return x instanceof DomainError;
}
