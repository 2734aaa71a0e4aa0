import type { MessageEntry } from "./types";

/** Values a message template is filled with. */
export type MessageValues = Readonly<Record<string, string | number>>;

/**
 * The one fill of a message template, for every layer: `{key}` is replaced by `show(key, value)` (default: the
 * value as text); a key without a value stays visible as `{key}` so a missing parameter is noticed, never blank.
 */
export function fillTemplate(
  template: string,
  values: MessageValues,
  show: (key: string, value: string | number) => string = (_, v) => String(v),
): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = values[key];
    return value === undefined ? whole : show(key, value);
  });
}

/** A catalogue entry in both languages, filled. */
export function fillMessage(
  entry: Pick<MessageEntry, "zh" | "en">,
  values: MessageValues,
  show?: (key: string, value: string | number) => string,
): { zh: string; en: string } {
  return { zh: fillTemplate(entry.zh, values, show), en: fillTemplate(entry.en, values, show) };
}
