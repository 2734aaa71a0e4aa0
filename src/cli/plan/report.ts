import type { InputProblem } from "../../workbook/model";
import type { GenerationResult } from "../../workbook/generate";
import type { ScopedNames } from "../package";
import { EXIT } from "../errors";

/*
 * What `shanty plan` prints, whichever way the workbook was read and written (src/cli/plan.ts): the input
 * problems, why nothing was written, and the sheets written.
 */

/** "项目库!D7" / "项目库" / "工作簿" for a problem's location. */
export function problemLocation(p: InputProblem): string {
  if (!p.sheet) return "工作簿 workbook";
  return p.address ? `${p.sheet}!${p.address}` : p.sheet;
}

/** One line per problem: "错误 error 项目库!D7 中文 / English". */
export function formatProblem(p: InputProblem): string {
  const level = p.severity === "error" ? "错误 error" : p.severity === "warning" ? "警告 warning" : "说明 notice";
  return `${level}  ${problemLocation(p)}  ${p.zh} / ${p.en}`;
}

/** "项目自平衡 12，片区平衡 3" (verdicts in the order generation gave them). */
export function formatVerdicts(verdicts: Readonly<Record<string, number>>): string {
  const parts = Object.entries(verdicts).map(([k, n]) => `${k} ${n}`);
  return parts.length ? parts.join("，") : "（无 none）";
}

/** Whether a generation run leaves nothing to write (input errors, or no sheet). */
export function nothingToWrite(g: GenerationResult): boolean {
  return g.sheets.length === 0 || g.problems.some((p) => p.severity === "error");
}

/** Print the input problems; the exit code when nothing can be written (errors, or no sheet), else undefined. */
export function reportProblems(generation: GenerationResult): number | undefined {
  const errors = generation.problems.filter((p) => p.severity === "error");
  if (generation.problems.length > 0) {
    const n = (sev: InputProblem["severity"]) => generation.problems.filter((p) => p.severity === sev).length;
    console.log(
      `输入检查：${n("error")} 个错误、${n("warning")} 个警告、${n("notice")} 条说明 / input check: ${n("error")} errors, ${n("warning")} warnings, ${n("notice")} notices:`,
    );
    for (const p of generation.problems) console.log(`  ${formatProblem(p)}`);
  }
  if (errors.length > 0) {
    console.error(`有 ${errors.length} 个错误，未写出任何文件 / ${errors.length} errors: nothing was written`);
    return EXIT.INPUT_ERRORS;
  }
  if (generation.sheets.length === 0) {
    console.error("没有生成任何工作表，未写出文件 / no sheets were generated: nothing was written");
    return EXIT.INPUT_ERRORS;
  }
  return undefined;
}

/** Names defined only per sheet, on several sheets: no silent choice (ExcelJS would keep one of them at random). */
export function reportAmbiguousNames(ambiguous: ScopedNames["ambiguous"]): number {
  const zh = ambiguous.map((a) => `${a.name}（定义于工作表 ${a.sheets.join("、")}）`).join("；");
  const en = ambiguous.map((a) => `${a.name} (defined on the sheets ${a.sheets.join(", ")})`).join("; ");
  console.error(`以下名称只在多个工作表中分别定义，没有工作簿级的定义，无法确定取哪一个：${zh}。请删除多余的定义或改为工作簿级名称`);
  console.error(
    `These names are defined separately on several sheets and not for the workbook, so which one applies is unclear: ${en}. Delete the extra definitions or make the name workbook-level`,
  );
  console.error("未写出任何文件 / nothing was written");
  return EXIT.INPUT_ERRORS;
}

/** The sheets written (and what they replaced or kept), then the notes. */
export function reportWritten(
  output: string,
  sheets: readonly { readonly role: string; readonly name: string; readonly replaced?: string; readonly kept?: string }[],
  notes: readonly string[],
): void {
  console.log(`已写入 ${output} / written to ${output}:`);
  for (const s of sheets) {
    console.log(
      `  ${s.name}（${s.role}${s.replaced ? `，替换上次生成的「${s.replaced}」 replaces the previous output` : ""}${s.kept ? `，上次生成的表被修改过，已保留为「${s.kept}」 the edited previous output is kept as "${s.kept}"` : ""}）`,
    );
  }
  for (const n of notes) console.log(n);
}
