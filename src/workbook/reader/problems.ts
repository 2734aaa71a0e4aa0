import { fillMessage, MessageValues } from "../../engine/messages/fill";
import { WORKBOOK_MESSAGES } from "../../engine/messages/workbook";
import type { InputProblem } from "../model";

export type WorkbookCode = keyof typeof WORKBOOK_MESSAGES;

/** An input problem worded by the catalogue (Chinese and English filled from the same values). */
export function problem(
  code: WorkbookCode,
  severity: InputProblem["severity"],
  sheet: string,
  address: string,
  values: MessageValues = {},
): InputProblem {
  const { zh, en } = fillMessage(WORKBOOK_MESSAGES[code], values);
  return { sheet, address, zh, en, severity, code };
}

/** True when the problems include one that stops generation. */
export function hasErrors(problems: readonly InputProblem[]): boolean {
  return problems.some((p) => p.severity === "error");
}
