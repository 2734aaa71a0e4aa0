import type { GenerationResult, OutputKind } from "../../workbook/generate";
import { generateFromInput } from "../../workbook/generate";
import { readPlanningWorkbook } from "../../workbook/read";
import { applyMapping, mergeMappings, storedMapping, type WorkbookMapping } from "../../workbook/reader/mapping";
import { errorText, EXIT } from "../errors";
import { readGrid } from "../grid";
import { checkGridSize, computeMissing, trackReads, uncomputedError, uncomputedFormulas } from "../inputGuards";
import { loadWorkbookWithNotes } from "../load";
import { storeMapping } from "../mapping";
import { writeFileAtomic, type OutputOptions } from "../output";
import { workbookBytes, writeSheets, type WriteSheetsResult } from "../sheets";
import { reportAmbiguousNames, reportProblems, reportWritten } from "./report";

/*
 * `shanty plan` through ExcelJS: the workbook loaded as ExcelJS cells, the sheets written into it and the whole
 * package serialised again. Taken when the package path (fromPackage.ts) declines — formula cells without a cached
 * value (computed here in memory), an ownership name that does not point at A1 of a worksheet, anything its writer
 * does not support — or with SHANTY_PLAN_VIA_EXCELJS=1.
 */

export async function planViaExcelJs(
  input: string,
  output: string,
  kinds: readonly OutputKind[],
  options: OutputOptions,
  mapping: WorkbookMapping | undefined,
): Promise<{ code: number; generation?: GenerationResult; written?: WriteSheetsResult }> {
  const { workbook, notes: lost, bytes, ambiguousNames } = await loadWorkbookWithNotes(input);
  checkGridSize(workbook);
  if (ambiguousNames.length > 0) return { code: reportAmbiguousNames(ambiguousNames) };
  // --map: the mapping given now wins over the one stored in the workbook; both are stored in OUT.
  let merged: WorkbookMapping | undefined;
  const generate = (missing: ReadonlyMap<string, readonly [number, number][]>) => {
    const grid = readGrid(workbook);
    merged = mapping && mergeMappings(storedMapping(grid), mapping);
    const watched = trackReads(merged ? applyMapping(grid, merged) : grid, missing);
    return { generation: generateFromInput(readPlanningWorkbook(watched.grid, { kinds }), kinds), uncomputed: watched.read() };
  };
  // Formula cells without a cached value: computed in memory only when the reader needs one of them.
  const missing = uncomputedFormulas(workbook);
  let { generation, uncomputed } = generate(missing);
  if (uncomputed.length > 0) {
    const filled = await computeMissing(workbook, bytes, missing, input).catch((e: unknown) => {
      // The evaluation failing is no reason to read blanks: the cells stay missing and are named.
      console.log(`无法在内存中计算公式（${errorText(e)}） / formulas could not be computed in memory (${errorText(e)})`);
      return { stillMissing: missing, computed: 0 };
    });
    if (filled.computed > 0) {
      console.log(
        `${filled.computed} 个公式单元格没有计算结果（文件由不计算公式的程序写出），已在内存中计算后读取（输入文件未改动） / ${filled.computed} formula cells had no cached value (written by a program that does not calculate); computed in memory before reading (the input is unchanged)`,
      );
      ({ generation, uncomputed } = generate(filled.stillMissing));
    }
  }
  if (uncomputed.length > 0) {
    const msg = uncomputedError(uncomputed);
    console.error(`${msg.zh}\n${msg.en}`);
    console.error("未写出任何文件 / nothing was written");
    return { code: EXIT.INPUT_ERRORS, generation };
  }
  const stop = reportProblems(generation);
  if (stop !== undefined) return { code: stop, generation };
  const written = writeSheets(workbook, generation.sheets);
  if (merged) storeMapping(workbook, merged);
  writeFileAtomic(output, await workbookBytes(workbook, written.charts), options);
  reportWritten(output, written.sheets, [...written.notes, ...lost]);
  return { code: EXIT.OK, generation, written };
}
