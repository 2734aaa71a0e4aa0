import type { MessageTable } from "./types";

/** Messages of the land family. */
export const LAND_MESSAGES = {} as const satisfies MessageTable;
