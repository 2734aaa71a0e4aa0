import type { MessageTable } from "./types";

/** Messages of the plan family. */
export const PLAN_MESSAGES = {} as const satisfies MessageTable;
