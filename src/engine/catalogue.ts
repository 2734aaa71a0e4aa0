import type { Dec } from "./decimal";
import { showNumber } from "./text";

/*
 * The one shape of bilingual text in every layer (function errors, workbook problems, Excel-layer errors, manifest
 * problems, task-pane strings, verdict words) and the one `{key}` fill. Chinese first, English second.
 */

export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/** A table of bilingual entries by key. */
export type Catalogue<K extends string = string, E extends Bilingual = Bilingual> = Readonly<Record<K, E>>;

export type Lang = keyof Bilingual;

export type FillValue = string | number | Dec;
export type FillParams = Readonly<Record<string, FillValue>>;

/**
 * Replace every `{key}` of `template` by `params[key]`: text as given, numbers and Decimals as a user writes them
 * (`showNumber`: no binary noise, no exponent). `show` may present some keys differently (an argument's label).
 * A key without a value is left as `{key}`, so a missing parameter is visible rather than silently empty.
 */
export function fill(template: string, params: FillParams = {}, show?: (key: string, value: FillValue) => string | undefined): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = params[key];
    if (value === undefined) return whole;
    const custom = show?.(key, value);
    if (custom !== undefined) return custom;
    return typeof value === "string" ? value : showNumber(value);
  });
}

/** Both languages of a catalogue entry, filled. */
export function fillBoth(entry: Bilingual, params: FillParams = {}, show?: (key: string, value: FillValue) => string | undefined): Bilingual {
  return { zh: fill(entry.zh, params, show), en: fill(entry.en, params, show) };
}

/** The `{keys}` a template uses (for catalogue tests). */
export function placeholders(template: string): Set<string> {
  return new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
}
