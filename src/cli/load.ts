import * as ExcelJS from "exceljs";
import { errorText, ShantyFileError } from "./errors";
import { readWorkbookInput } from "./input";

export { readWorkbookInput };
import {
  DEFAULT_PACKAGE_LIMITS,
  normalisePackage,
  NORMALISATION_RULES,
  PackageLimits,
  packageBuffer,
  Parts,
  readPackage,
  ScopedNames,
  scopedNames,
  hiddenNamesNote,
  unsupportedParts,
  xmlDecode,
} from "./package";

/*
 * Loading an .xlsx for every `shanty` command: checks on the path and the bytes with messages a user can act on,
 * the package read with its size guards and normalised (src/cli/package.ts), then parsed by ExcelJS. The input
 * file is only ever read.
 */

export interface LoadedWorkbook {
  readonly workbook: ExcelJS.Workbook;
  /** Parts of the input the output copy will lack (charts, pivot tables, names that are not ranges). */
  readonly notes: string[];
  /** Normalisation rules that changed something (keys of NORMALISATION_RULES). */
  readonly normalised: (keyof typeof NORMALISATION_RULES)[];
  /** The normalised package as ExcelJS read it (a zip; for in-memory evaluation of formulas without cached values). */
  readonly bytes: Buffer;
  /** Names defined only per sheet, on several sheets (no value for the workbook as a whole). */
  readonly ambiguousNames: ScopedNames["ambiguous"];
}

/** Read and parse an .xlsx file; every failure becomes a ShantyFileError. */
export async function loadWorkbookFile(file: string): Promise<ExcelJS.Workbook> {
  return (await loadWorkbookWithNotes(file)).workbook;
}

/** loadWorkbookFile, plus notes on what ExcelJS does not carry into a file it writes, and the normalisations applied. */
export async function loadWorkbookWithNotes(file: string, limits: PackageLimits = DEFAULT_PACKAGE_LIMITS): Promise<LoadedWorkbook> {
  const shown = file;
  const buffer = readWorkbookInput(file);
  const parts = await readPackage(buffer, shown, limits);
  const normalised = normalisePackage(parts);
  const scoped = scopedNames(parts);
  requireWorkbookPart(parts, shown);
  const notes = unsupportedParts(parts);
  if (scoped.hidden.length > 0) notes.push(hiddenNamesNote(scoped.hidden, false));
  const workbook = new ExcelJS.Workbook();
  const bytes = await packageBuffer(parts);
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw new ShantyFileError(`无法解析工作簿 ${shown}：${errorText(e)}`, `Cannot parse workbook ${shown}: ${errorText(e)}`);
  }
  const missing = expectedWorksheets(parts).filter((name) => !workbook.getWorksheet(name));
  if (missing.length > 0) {
    throw new ShantyFileError(
      `无法读取 ${shown} 中的工作表：${missing.join("、")}（部件缺失或格式无法识别），为免漏算未继续`,
      `Cannot read the worksheets ${missing.join(", ")} of ${shown} (part missing or not understood); stopped rather than leave them out`,
    );
  }
  if (workbook.worksheets.length === 0) {
    throw new ShantyFileError(
      `${shown} 中没有工作表，不是有效的 .xlsx 工作簿`,
      `${shown} has no worksheets; it is not a valid .xlsx workbook`,
    );
  }
  return { workbook, notes, normalised, bytes, ambiguousNames: scoped.ambiguous };
}

/** Every command's check that the package is a workbook at all. */
export function requireWorkbookPart(parts: Parts, shown: string): void {
  if (!parts.has("xl/workbook.xml")) {
    throw new ShantyFileError(
      `${shown} 中没有工作簿部件（xl/workbook.xml），不是有效的 .xlsx 工作簿`,
      `${shown} has no workbook part (xl/workbook.xml); it is not a valid .xlsx workbook`,
    );
  }
}

/** Names of the worksheets (not chart sheets) workbook.xml lists. */
function expectedWorksheets(parts: Parts): string[] {
  const wb = parts.get("xl/workbook.xml")?.toString("utf8") ?? "";
  const rels = parts.get("xl/_rels/workbook.xml.rels")?.toString("utf8") ?? "";
  const worksheetIds = new Set<string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    if (!/\bType\s*=\s*["'][^"']*\/worksheet["']/.test(m[0])) continue;
    const id = /\bId\s*=\s*["']([^"']*)["']/.exec(m[0])?.[1];
    if (id) worksheetIds.add(id);
  }
  const names: string[] = [];
  for (const m of wb.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const id = /\br:id\s*=\s*["']([^"']*)["']/.exec(m[0])?.[1] ?? /\b\w+:id\s*=\s*["']([^"']*)["']/.exec(m[0])?.[1];
    const name = /\bname\s*=\s*"([^"]*)"/.exec(m[0])?.[1];
    if (id && name !== undefined && worksheetIds.has(id)) names.push(xmlDecode(name));
  }
  return names;
}
