import { makePackagePortable, type PortableCellReport, type PortableResult } from "../workbook/portable/package";
import { readWorkbookInput } from "./load";
import { readPackage, type Parts } from "./package";
import { recalcBuffer, type RecalcResult } from "./recalc";
import { writeZip } from "./recalc/zip";
import { checkOutputPath, EXIT, parseInOut, runCommand, ShantyFileError, writeFileAtomic, type OutputOptions } from "./xlsx";

/*
 * `shanty portable IN.xlsx -o OUT.xlsx`: a copy of the workbook that works without the add-in (Excel without
 * custom functions — volume-licensed Office 2019 and earlier —, WPS 表格, LibreOffice). Every SHANTY formula
 * with a native equivalent becomes that native formula (same cells, same numbers); every other one becomes its
 * value, with the original formula in the cell's comment. The engine evaluates the workbook first (as `shanty
 * recalc` does), so the values kept and the cached results of the native formulas are the engine's. The
 * conversion itself works on the package's XML (src/workbook/portable/package.ts, shared with the task pane):
 * every part it does not rewrite is copied byte for byte from the recalculated workbook.
 */

export type { PortableCellReport, PortableResult };

/** The parts the converter reads and may rewrite (XML, relationships, legacy drawings), as text. */
function xmlParts(parts: Parts): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, data] of parts) if (/\.(?:xml|rels|vml)$/i.test(name)) out.set(name, data.toString("utf8"));
  return out;
}

/** A recalculated package (the bytes recalcBuffer returns) → the portable package's bytes, and what was done. */
export async function portableBuffer(data: Buffer, shown = "workbook"): Promise<{ data: Buffer; result: PortableResult }> {
  const parts = await readPackage(data, shown);
  const { write, remove, result } = makePackagePortable(xmlParts(parts));
  for (const name of remove) parts.delete(name);
  for (const [name, xml] of write) parts.set(name, Buffer.from(xml, "utf8"));
  try {
    return { data: writeZip(parts), result };
  } catch (e) {
    throw new ShantyFileError(`生成工作簿失败：${(e as Error).message}`, `Could not build the workbook: ${(e as Error).message}`);
  }
}

function countBy(cells: readonly PortableCellReport[]): string {
  const counts = new Map<string, number>();
  for (const c of cells) for (const id of c.decision.kind === "keep" ? [] : c.decision.functions) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts].map(([id, n]) => `${id}×${n}`).join(", ");
}

/** Load, convert and write; prints a summary. Returns the exit code. */
export async function portableFile(
  input: string,
  output: string,
  options: OutputOptions = {},
): Promise<{ code: number; result: PortableResult }> {
  checkOutputPath(input, output, options);
  const recalculated = await recalcBuffer(readWorkbookInput(input, false), input);
  const recalc: RecalcResult = recalculated.result;
  const { data, result } = await portableBuffer(recalculated.data, input);
  writeFileAtomic(output, data, options);
  const native = result.cells.filter((c) => c.decision.kind === "native");
  const values = result.cells.filter((c) => c.decision.kind === "value");
  console.log(`已写出通用工作簿 ${output} / portable workbook written to ${output}`);
  console.log(
    `  ${result.converted} 个 SHANTY 公式改写为原生公式 / converted to native formulas${native.length ? `: ${countBy(native)}` : ""}`,
  );
  console.log(
    `  ${result.values} 个改为数值并在批注中保留原公式 / kept as values, original formula in the comment${values.length ? `: ${countBy(values)}` : ""}`,
  );
  if (recalc.notRecalculated.length > 0) {
    // Their values come from the input file as it was; say so, cell by cell.
    console.log(
      `以下 ${recalc.notRecalculated.length} 个公式未能重新计算，保留文件中的原值 / ${recalc.notRecalculated.length} formulas could not be recalculated; their stored values are kept:`,
    );
    for (const n of recalc.notRecalculated) console.log(`  ${n.sheet}!${n.address} =${n.formula.replace(/^=/, "")}  ${n.reason}`);
  }
  return { code: EXIT.OK, result };
}

/** `shanty portable IN.xlsx -o OUT.xlsx` */
export async function runPortable(args: readonly string[]): Promise<number> {
  const parsed = parseInOut("portable", args);
  if ("error" in parsed) {
    console.error(parsed.error);
    return EXIT.USAGE;
  }
  return runCommand(async () => (await portableFile(parsed.input, parsed.output, { force: parsed.force })).code);
}
