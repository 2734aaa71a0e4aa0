import type { MessageTable } from "./types";

/** Messages of the balance family. */
export const BALANCE_MESSAGES = {} as const satisfies MessageTable;
