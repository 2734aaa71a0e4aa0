import { PLAN_POLICY } from "../../engine/plan/policy";
import type { NativeSpec } from "./types";

export const PLAN_NATIVE: Readonly<Record<string, NativeSpec>> = {
  // The limit is the policy parameter in force when the workbook is converted (X Art. 31: 8 households).
  UNITCHECK: { body: (a) => `${a.householdsPerFloor}<=${PLAN_POLICY.maxHouseholdsPerFloor}` },
};
