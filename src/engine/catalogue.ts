/*
 * The one shape of bilingual text in every layer (function errors, workbook problems, Excel-layer errors, manifest
 * problems, task-pane strings, verdict words). Chinese first, English second. The one `{key}` fill of every layer is
 * `fillTemplate` / `fillMessage` in messages/fill.ts.
 */

export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/** A table of bilingual entries by key. */
export type Catalogue<K extends string = string, E extends Bilingual = Bilingual> = Readonly<Record<K, E>>;

export type Lang = keyof Bilingual;

/** The `{keys}` a template uses (for catalogue tests). */
export function placeholders(template: string): Set<string> {
  return new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
}
