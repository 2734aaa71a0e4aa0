import { execFileSync, spawnSync } from "child_process";
import { REQUIRE_REAL } from "./realPrograms";

export { pdfPageSizes } from "../../scripts/libreoffice";

/* poppler-utils for the render tests: page sizes (pdfinfo), text (pdftotext), pictures (pdftoppm). */

export const HAS_POPPLER = ["pdfinfo", "pdftotext", "pdftoppm"].every((p) => spawnSync("sh", ["-c", `command -v ${p}`]).status === 0);

/** Throws under SHANTY_REQUIRE_REAL_PROGRAMS=1 when poppler is missing; otherwise warns and returns false. */
export function popplerOrSkip(title: string): boolean {
  if (HAS_POPPLER) return true;
  if (REQUIRE_REAL) throw new Error(`SHANTY_REQUIRE_REAL_PROGRAMS=1 but poppler-utils (pdfinfo, pdftotext, pdftoppm) is not installed`);
  console.warn(`SKIPPED "${title}": poppler-utils not installed (set SHANTY_REQUIRE_REAL_PROGRAMS=1 to make this fail)`);
  return false;
}

export function pdfText(pdf: string): string {
  return execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
}
