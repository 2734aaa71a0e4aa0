import { BALANCE_NATIVE } from "./balance";
import { BONDS_NATIVE } from "./bonds";
import { COMPENSATION_NATIVE } from "./compensation";
import { FEES_NATIVE } from "./fees";
import { LAND_NATIVE } from "./land";
import { PLAN_NATIVE } from "./plan";
import type { NativeSpec } from "./types";

export type { NativeArgs, NativeSpec } from "./types";

/** Every SHANTY function with a native Excel equivalent, by catalogue id. The rest have none (see README). */
export const NATIVE: Readonly<Record<string, NativeSpec>> = {
  ...FEES_NATIVE,
  ...COMPENSATION_NATIVE,
  ...LAND_NATIVE,
  ...BONDS_NATIVE,
  ...BALANCE_NATIVE,
  ...PLAN_NATIVE,
};
