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
  readPackage,
  ScopedNames,
  scopedNames,
  hiddenNamesNote,
  malformedNumbers,
  requireWorkbookPart,
  requireWorksheets,
  unsupportedParts,
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
  malformedNumbers(parts);
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
  requireWorksheets(parts, shown, (name) => workbook.getWorksheet(name) !== undefined);
  if (workbook.worksheets.length === 0) {
    throw new ShantyFileError(
      `${shown} 中没有工作表，不是有效的 .xlsx 工作簿`,
      `${shown} has no worksheets; it is not a valid .xlsx workbook`,
    );
  }
  return { workbook, notes, normalised, bytes, ambiguousNames: scoped.ambiguous };
}
