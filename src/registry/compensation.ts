import type { FunctionSpec } from "./types";

/** SHANTY functions of the compensation family, declared once. */
export const COMPENSATION_FUNCTIONS: readonly FunctionSpec[] = [];
