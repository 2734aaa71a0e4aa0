import type { MessageTable } from "./types";

/** Messages of the bonds family. */
export const BONDS_MESSAGES = {} as const satisfies MessageTable;
