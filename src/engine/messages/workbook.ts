import type { MessageTable } from "./types";

/** Messages of the workbook family. */
export const WORKBOOK_MESSAGES = {} as const satisfies MessageTable;
