import type { FunctionSpec } from "./types";

/** SHANTY functions of the plan family, declared once. */
export const PLAN_FUNCTIONS: readonly FunctionSpec[] = [];
