import type { Bilingual } from "../catalogue";
import type { ErrorKind } from "../errors";

/**
 * One user-facing message: Chinese first, English second. `{arg}` is replaced by the argument's label
 * (Chinese name with the catalogue name in brackets); other `{keys}` by the error's params.
 */
export interface MessageEntry extends Bilingual {
  readonly kind: ErrorKind;
}
export type MessageTable = Readonly<Record<string, MessageEntry>>;
