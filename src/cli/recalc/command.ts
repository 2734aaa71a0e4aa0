import { parseInOut } from "../args";
import { EXIT, runCommand, ShantyFileError } from "../errors";
import { readWorkbookInput } from "../input";
import { checkOutputPath, writeFileAtomic, type OutputOptions } from "../output";
import type { CellErrorReport, Evaluation, NotRecalculated, Patch } from "./cells";
import { evaluateDirect } from "./direct";
import { heldText, holdSheetTexts, openPackage } from "./package";
import { patchSheetChunks, withFullCalcOnLoad } from "./patch";
import { collectGarbage, phase } from "./profile";
import { deflatePart, writeZip, type PackedPart } from "./zip";

/*
 * `shanty recalc IN.xlsx -o OUT.xlsx`: evaluate every formula of a workbook — SHANTY functions and native
 * ones — with the direct evaluator (direct.ts) when all of them are within its subset, else with HyperFormula
 * (evaluate.ts), and store the values as the formulas' cached results, so a reader that does not
 * calculate (a viewer, a script) sees the right numbers. The package is never re-serialised: only the <v>
 * (and t=) of formula cells that changed are patched in the sheet XML and calcPr gets fullCalcOnLoad="1";
 * every other part — external links, dynamic-array metadata, comments, styles, data validation, defined
 * names, charts — is copied as it is.
 */

/**
 * zlib level of the written package: 5 packs the bench's 20,000-row sheet to 3.03 MB in 0.24 s of CPU, where 6
 * (zlib's default) takes 0.38 s for 3.02 MB and 4 gives 3.26 MB — larger than LibreOffice's own output (3.24 MB).
 */
const ZIP_LEVEL = 5;

/** Exit code when some formulas could not be evaluated and kept their cached values (listed). Takes precedence over 3. */
export const EXIT_NOT_RECALCULATED = 5;

export interface RecalcResult {
  readonly formulas: number;
  readonly errors: readonly CellErrorReport[];
  readonly notRecalculated: readonly NotRecalculated[];
  /** Cells whose stored value changed. */
  readonly changed: number;
}

/** Recalculate a package in memory: the new package's bytes and what happened. */
export async function recalcBuffer(data: Buffer, shown = "workbook"): Promise<{ data: Buffer; result: RecalcResult }> {
  phase("start");
  const pkg = await openPackage(data, shown);
  holdSheetTexts(pkg);
  collectGarbage(); // the inflated sheet bytes, now text, go before evaluation builds its cells
  phase("read package");
  // The direct evaluator takes the workbooks within its subset (direct.ts) and gives up on everything else;
  // HyperFormula (evaluate.ts, loaded only then) evaluates those.
  const evaluation: Evaluation =
    (process.env.SHANTY_RECALC_DIRECT !== "0" ? evaluateDirect(pkg) : undefined) ??
    (await (await import("./evaluate")).evaluatePackage(pkg));
  let changed = 0;
  // Each sheet is patched and deflated together, a chunk at a time (patch.ts patchSheetChunks, zip.ts
  // deflatePart): the new sheet text is never held whole, only its compressed form, and the sheet as read and
  // its patches are let go as soon as it is written.
  const parts = new Map<string, Buffer | PackedPart>(pkg.parts);
  const sheetXml = evaluation.sheetXml as Map<number, string>;
  const allPatches = evaluation.patches as Map<number, Map<number, Patch>>;
  for (const sheet of [...sheetXml.keys()]) {
    const xml = sheetXml.get(sheet)!;
    sheetXml.delete(sheet);
    const patches = allPatches.get(sheet) ?? new Map<number, Patch>();
    allPatches.delete(sheet);
    changed += patches.size;
    parts.set(pkg.sheets[sheet].path, await deflatePart(patchSheetChunks(xml, patches), ZIP_LEVEL));
  }
  phase("patch values and deflate sheets");
  // a sheet part neither evaluator took (none today) is written as it was read
  for (const [name, part] of parts) {
    const text = Buffer.isBuffer(part) ? heldText(part) : undefined;
    if (text !== undefined) parts.set(name, Buffer.from(text, "latin1"));
  }
  const wb = withFullCalcOnLoad(pkg.workbookXml);
  if (wb !== pkg.workbookXml) parts.set(pkg.workbookPath, Buffer.from(wb, "utf8"));
  let out: Buffer;
  try {
    out = writeZip(parts, ZIP_LEVEL);
    phase("zip");
  } catch (e) {
    throw new ShantyFileError(`生成工作簿失败：${(e as Error).message}`, `Could not build the workbook: ${(e as Error).message}`);
  }
  return {
    data: out,
    result: { formulas: evaluation.formulas, errors: evaluation.errors, notRecalculated: evaluation.notRecalculated, changed },
  };
}

/** One line per error cell: "测算示例!D9 #VALUE! SHANTY.FEEEXEMPT: 安置面积(resettleArea)…". */
export function formatCellError(e: CellErrorReport): string {
  return `${e.sheet}!${e.address} ${e.error}${e.message ? ` ${e.message}` : ""}`;
}

/** Load, recalculate and write a workbook; prints what it did. Returns the exit code. */
export async function recalcFile(
  input: string,
  output: string,
  options: OutputOptions = {},
): Promise<{ code: number; result?: RecalcResult }> {
  checkOutputPath(input, output, options);
  const { data, result } = await recalcBuffer(readWorkbookInput(input, false), input);
  writeFileAtomic(output, data, options);
  console.log(`已计算 ${result.formulas} 个公式，写入 ${output} / ${result.formulas} formulas evaluated, written to ${output}`);
  let code: number = EXIT.OK;
  if (result.errors.length > 0) {
    console.log(`以下 ${result.errors.length} 个单元格的结果是错误值 / ${result.errors.length} cells evaluate to errors:`);
    for (const e of result.errors) console.log(`  ${formatCellError(e)}`);
    code = EXIT.CELL_ERRORS;
  }
  if (result.notRecalculated.length > 0) {
    console.log(
      `以下 ${result.notRecalculated.length} 个公式未重新计算，保留文件中的原值 / ${result.notRecalculated.length} formulas not recalculated, their cached values kept:`,
    );
    for (const n of result.notRecalculated) console.log(`  ${n.sheet}!${n.address} =${n.formula.replace(/^=/, "")}  ${n.reason}`);
    code = EXIT_NOT_RECALCULATED;
  }
  return { code, result };
}

/** `shanty recalc IN.xlsx -o OUT.xlsx` */
export async function runRecalc(args: readonly string[]): Promise<number> {
  const parsed = parseInOut("recalc", args);
  if ("error" in parsed) {
    console.error(parsed.error);
    return EXIT.USAGE;
  }
  return runCommand(async () => (await recalcFile(parsed.input, parsed.output, { force: parsed.force })).code);
}
