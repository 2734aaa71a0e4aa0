import { COMMON_MESSAGES } from "./common";
import { FEE_MESSAGES } from "./fees";
import { COMPENSATION_MESSAGES } from "./compensation";
import { LAND_MESSAGES } from "./land";
import { BONDS_MESSAGES } from "./bonds";
import { BALANCE_MESSAGES } from "./balance";
import { PLAN_MESSAGES } from "./plan";
import { WORKBOOK_MESSAGES } from "./workbook";
import type { MessageEntry } from "./types";

/**
 * The one catalogue of user-facing messages (Chinese first, English second). Each family keeps its
 * table in its own file; a DomainError can only be made with a code from here, so every error path
 * goes through it.
 */
export const MESSAGES = {
  ...COMMON_MESSAGES,
  ...FEE_MESSAGES,
  ...COMPENSATION_MESSAGES,
  ...LAND_MESSAGES,
  ...BONDS_MESSAGES,
  ...BALANCE_MESSAGES,
  ...PLAN_MESSAGES,
  ...WORKBOOK_MESSAGES,
} satisfies Record<string, MessageEntry>;

export type MessageCode = keyof typeof MESSAGES;
export type { MessageEntry, MessageTable } from "./types";
