import { BALANCE_HELP } from "./balance";
import { BONDS_HELP } from "./bonds";
import { COMPENSATION_HELP } from "./compensation";
import { FEES_HELP } from "./fees";
import { LAND_HELP } from "./land";
import { PLAN_HELP } from "./plan";
import type { FunctionHelp } from "./types";

/** Help text of every function, by id. A function without an entry fails the help build (test/help). */
export const HELP_TEXT: Readonly<Record<string, FunctionHelp>> = {
  ...FEES_HELP,
  ...COMPENSATION_HELP,
  ...LAND_HELP,
  ...BONDS_HELP,
  ...BALANCE_HELP,
  ...PLAN_HELP,
};

export type { FunctionHelp, HelpExample } from "./types";
