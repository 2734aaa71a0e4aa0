import type { FunctionSpec } from "./types";

/** SHANTY functions of the bonds family, declared once. */
export const BONDS_FUNCTIONS: readonly FunctionSpec[] = [];
