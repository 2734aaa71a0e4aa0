import type { FunctionSpec } from "./types";

/** SHANTY functions of the balance family, declared once. */
export const BALANCE_FUNCTIONS: readonly FunctionSpec[] = [];
