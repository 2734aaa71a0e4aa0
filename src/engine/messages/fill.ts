import type { Bilingual } from "../catalogue";
import type { Dec } from "../decimal";
import { showNumber } from "../text";

/** Values a message template is filled with: text as given, numbers and Decimals as a user writes them. */
export type MessageValue = string | number | Dec;
export type MessageValues = Readonly<Record<string, MessageValue>>;

/** A value as a message shows it: text as given; numbers and Decimals by `showNumber` (no binary noise, no exponent). */
export function showValue(value: MessageValue): string {
  return typeof value === "string" ? value : showNumber(value);
}

/**
 * The one fill of a message template, for every layer: `{key}` is replaced by `show(key, value)` when that gives a
 * text, else by `showValue(value)`; a key without a value stays visible as `{key}` so a missing parameter is
 * noticed, never blank.
 */
export function fillTemplate(
  template: string,
  values: MessageValues = {},
  show?: (key: string, value: MessageValue) => string | undefined,
): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = values[key];
    if (value === undefined) return whole;
    return show?.(key, value) ?? showValue(value);
  });
}

/** A catalogue entry in both languages, filled. */
export function fillMessage(
  entry: Bilingual,
  values: MessageValues = {},
  show?: (key: string, value: MessageValue) => string | undefined,
): Bilingual {
  return { zh: fillTemplate(entry.zh, values, show), en: fillTemplate(entry.en, values, show) };
}
