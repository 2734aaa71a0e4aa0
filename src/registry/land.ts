import type { FunctionSpec } from "./types";

/** SHANTY functions of the land family, declared once. */
export const LAND_FUNCTIONS: readonly FunctionSpec[] = [];
