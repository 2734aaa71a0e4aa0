import type { MessageTable } from "./types";

/** Messages of the compensation family. */
export const COMPENSATION_MESSAGES = {} as const satisfies MessageTable;
