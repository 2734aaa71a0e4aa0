import { FEES_FUNCTIONS } from "./fees";
import { COMPENSATION_FUNCTIONS } from "./compensation";
import { LAND_FUNCTIONS } from "./land";
import { BONDS_FUNCTIONS } from "./bonds";
import { BALANCE_FUNCTIONS } from "./balance";
import { PLAN_FUNCTIONS } from "./plan";
import type { FunctionSpec } from "./types";

/** Namespace of every custom function (manifest, HyperFormula, help). */
export const NAMESPACE = "SHANTY";

/** The function registry: every catalogue function, declared once, in catalogue order. */
export const FUNCTIONS: readonly FunctionSpec[] = [
  ...FEES_FUNCTIONS,
  ...COMPENSATION_FUNCTIONS,
  ...LAND_FUNCTIONS,
  ...BONDS_FUNCTIONS,
  ...BALANCE_FUNCTIONS,
  ...PLAN_FUNCTIONS,
];

const BY_ID = new Map(FUNCTIONS.map((f) => [f.id, f]));

export function getFunction(id: string): FunctionSpec | undefined {
  return BY_ID.get(id.toUpperCase().replace(/^SHANTY\./, ""));
}

export type { FunctionSpec, ParamSpec } from "./types";
