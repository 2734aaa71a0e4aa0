import { both, Bilingual } from "./controller";

/*
 * Whether the pane can work here, checked before any button is enabled: office.js loaded, running inside
 * Excel, and the requirement sets the writer needs (the manifest's Requirements say the same to Office).
 */

/** The sets the task pane's writer uses (tables, formats, charts with a secondary axis; ribbon commands). */
export const REQUIRED_SETS: readonly { readonly name: string; readonly version: string }[] = [{ name: "ExcelApi", version: "1.8" }];

interface OfficeLike {
  readonly context?: { readonly requirements?: { isSetSupported(name: string, version?: string): boolean } };
}

/** undefined when everything is there; otherwise the message to show (Chinese and English). */
export function unavailableReason(office: OfficeLike | undefined, host: string | null | undefined): Bilingual | undefined {
  if (!office) return both("officeMissing");
  if (host !== "Excel") return both("notInExcel");
  const requirements = office.context?.requirements;
  const missing = REQUIRED_SETS.filter((s) => {
    try {
      return !requirements?.isSetSupported(s.name, s.version);
    } catch {
      return true;
    }
  });
  return missing.length ? both("requirementsMissing", { sets: missing.map((s) => `${s.name} ${s.version}`).join(", ") }) : undefined;
}
