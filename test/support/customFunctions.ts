/**
 * A faithful stand-in for the global `CustomFunctions` namespace that Excel's custom-functions runtime
 * provides (types: @types/custom-functions-runtime). Only what the add-in uses is modelled:
 * - `CustomFunctions.ErrorCode`: a string enum whose values are the error texts Excel shows in the cell;
 * - `CustomFunctions.Error`: constructed with a code and an optional message, exposing `code` and `message`.
 *   Excel shows the message only for #VALUE! and #N/A; the stand-in keeps it for every code so tests can see it.
 * Importing this module installs the stand-in on `globalThis` (idempotent), which is where the runtime puts it.
 */

/** The values of CustomFunctions.ErrorCode, as the real runtime defines them. */
export const ErrorCode = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
} as const;
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

const CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/**
 * CustomFunctions.Error. The real class derives from the JavaScript Error (so a thrown one carries a stack);
 * an unknown code is a programming error in the add-in, so the stand-in refuses it loudly instead of letting
 * a test pass on a value Excel would never display.
 */
export class CustomFunctionsError extends Error {
  readonly code: ErrorCodeValue;
  constructor(code: ErrorCodeValue = ErrorCode.invalidValue, message?: string) {
    super(message ?? "");
    if (!CODES.has(code)) throw new TypeError(`CustomFunctions.Error: unknown error code ${String(code)}`);
    this.name = "CustomFunctions.Error";
    this.code = code;
    // `message` is optional in the runtime's typings: leave it undefined rather than "" when none was given.
    if (message === undefined) (this as { message?: string }).message = undefined;
  }
}

export interface CustomFunctionsStandIn {
  readonly Error: typeof CustomFunctionsError;
  readonly ErrorCode: typeof ErrorCode;
  associate(id: string | Record<string, unknown>, fn?: unknown): void;
}

/** The ids that the add-in associated (CustomFunctions.associate), should a test want to inspect them. */
export const associated = new Map<string, unknown>();

export const standIn: CustomFunctionsStandIn = {
  Error: CustomFunctionsError,
  ErrorCode,
  associate(id, fn) {
    if (typeof id === "string") associated.set(id, fn);
    else for (const [k, v] of Object.entries(id)) associated.set(k, v);
  },
};

/** Put the stand-in where Excel's runtime puts the real namespace. Safe to call more than once. */
export function installCustomFunctions(): CustomFunctionsStandIn {
  (globalThis as unknown as { CustomFunctions: CustomFunctionsStandIn }).CustomFunctions = standIn;
  return standIn;
}

/** True for a CustomFunctions.Error made by the stand-in. */
export function isCustomFunctionsError(x: unknown): x is CustomFunctionsError {
  return x instanceof CustomFunctionsError;
}

installCustomFunctions();
