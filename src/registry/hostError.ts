import type { ErrorKind } from "../engine/errors";

/**
 * Which error a host shows for a domain error. Excel attaches a custom message only to #VALUE! and #N/A
 * (CustomFunctions.Error docs), so #NUM! and #DIV/0! conditions are reported as #VALUE! with their Chinese
 * message; HyperFormula follows the same policy so that the CLI and Excel agree cell for cell.
 */
export type HostErrorCode = "VALUE" | "NA";

export function hostErrorCode(kind: ErrorKind): HostErrorCode {
  return kind === "NA" ? "NA" : "VALUE";
}
