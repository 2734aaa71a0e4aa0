import { POLICY } from "../policy";
import type { NativeSpec } from "./types";

export const PLAN_NATIVE: Readonly<Record<string, NativeSpec>> = {
  // The limit is the policy table's p_maxHouseholdsPerFloor, as UNITCHECK uses (X Art. 31: 8 households).
  UNITCHECK: { body: (a) => `${a.householdsPerFloor}<=${POLICY.p_maxHouseholdsPerFloor.default}` },
};
