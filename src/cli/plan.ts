import type { InputProblem } from "../workbook/model";
import { generateOutputs, GenerationResult, OutputKind } from "../workbook/generate";
import { applyMapping, mergeMappings, parseMapArguments, storedMapping, WorkbookMapping } from "../workbook/reader/mapping";
import { parseInOut } from "./args";
import { errorText, EXIT, runCommand } from "./errors";
import { readGrid } from "./grid";
import { checkGridSize, computeMissing, trackReads, uncomputedError, uncomputedFormulas } from "./inputGuards";
import { loadWorkbookWithNotes } from "./load";
import { storeMapping, takeMapArguments } from "./mapping";
import { checkOutputPath, OutputOptions, writeFileAtomic } from "./output";
import { workbookBytes, writeSheets, WriteSheetsResult } from "./sheets";

/*
 * `shanty plan IN.xlsx -o OUT.xlsx [--only plan|balance|bonds]`: read the planning workbook, build the annual plan and
 * the balance report (src/workbook/generate.ts, the same code as the task pane), print the input problems, and —
 * when there is no error — write a copy of the workbook with the output sheets to OUT. IN is never modified.
 * Formula cells without a cached value are computed in memory first; those that cannot be computed stop the run
 * when the reader needs them, named (never read as blank).
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

export interface PlanOutcome {
  readonly code: number;
  readonly generation?: GenerationResult;
  readonly written?: WriteSheetsResult;
}

/** Plan one file to another; prints problems, written sheets and notes. File problems are thrown as ShantyFileError. */
export async function planFile(
  input: string,
  output: string,
  kinds: readonly OutputKind[] = ["plan", "balance", "bonds"],
  options: OutputOptions = {},
  mapping?: WorkbookMapping,
): Promise<PlanOutcome> {
  checkOutputPath(input, output, options);
  const { workbook, notes: lost, bytes, ambiguousNames } = await loadWorkbookWithNotes(input);
  checkGridSize(workbook);
  if (ambiguousNames.length > 0) {
    // ExcelJS would keep one of them at random as the workbook's: no silent choice.
    const zh = ambiguousNames.map((a) => `${a.name}（定义于工作表 ${a.sheets.join("、")}）`).join("；");
    const en = ambiguousNames.map((a) => `${a.name} (defined on the sheets ${a.sheets.join(", ")})`).join("; ");
    console.error(`以下名称只在多个工作表中分别定义，没有工作簿级的定义，无法确定取哪一个：${zh}。请删除多余的定义或改为工作簿级名称`);
    console.error(
      `These names are defined separately on several sheets and not for the workbook, so which one applies is unclear: ${en}. Delete the extra definitions or make the name workbook-level`,
    );
    console.error("未写出任何文件 / nothing was written");
    return { code: EXIT.INPUT_ERRORS };
  }
  // --map: the mapping given now wins over the one stored in the workbook; both are stored in OUT.
  let merged: WorkbookMapping | undefined;
  const generate = (missing: ReadonlyMap<string, readonly [number, number][]>) => {
    const grid = readGrid(workbook);
    merged = mapping && mergeMappings(storedMapping(grid), mapping);
    const watched = trackReads(merged ? applyMapping(grid, merged) : grid, missing);
    return { generation: generateOutputs(watched.grid, kinds), uncomputed: watched.read() };
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
    return { code: EXIT.INPUT_ERRORS, generation };
  }
  if (generation.sheets.length === 0) {
    console.error("没有生成任何工作表，未写出文件 / no sheets were generated: nothing was written");
    return { code: EXIT.INPUT_ERRORS, generation };
  }
  const written = writeSheets(workbook, generation.sheets);
  if (merged) storeMapping(workbook, merged);
  writeFileAtomic(output, await workbookBytes(workbook, written.charts), options);
  console.log(`已写入 ${output} / written to ${output}:`);
  for (const s of written.sheets) {
    console.log(
      `  ${s.name}（${s.role}${s.replaced ? `，替换上次生成的「${s.replaced}」 replaces the previous output` : ""}${s.kept ? `，上次生成的表被修改过，已保留为「${s.kept}」 the edited previous output is kept as "${s.kept}"` : ""}）`,
    );
  }
  for (const n of [...written.notes, ...lost]) console.log(n);
  return { code: EXIT.OK, generation, written };
}

/** The report sentence and the verdict counts of a generation run. */
export function printSummary(g: GenerationResult): void {
  if (g.summary.sentence) console.log(g.summary.sentence);
  console.log(`项目 ${g.summary.projectCount} 个；平衡结论 verdicts: ${formatVerdicts(g.summary.verdicts)}`);
  // 核准状态 in use: the projects the plan leaves out, with the office's reasons (sheet 未列入计划项目).
  if (g.summary.leftOut?.length) {
    console.log(`未列入计划 ${g.summary.leftOut.length} 个 left out of the plan (退回 returned / 申报中 submitted):`);
    for (const p of g.summary.leftOut) console.log(`  ${p.id} ${p.name}：${p.status}${p.comment ? `（${p.comment}）` : ""}`);
  }
  // Bond-funded projects: the debt system's checks and the stress scenarios (收支平衡表 sheet).
  if (g.summary.bonds?.length) {
    console.log("专项债券项目收支平衡 bond-funded projects (checks 校验, 敏感性分析 stress tests):");
    for (const line of g.summary.bonds) console.log(`  ${line}`);
  }
}

/** `shanty plan IN.xlsx -o OUT.xlsx [--only plan|balance|bonds] [--force] [--map 户数=改造户数(户) …]` (--map repeatable; stored in OUT) */
export async function runPlan(args: readonly string[]): Promise<number> {
  const maps = takeMapArguments(args);
  const mapped = parseMapArguments(maps.maps);
  const mapError =
    maps.error ?? (mapped.problems.length > 0 ? mapped.problems.map((p) => `shanty plan: ${p.zh} / ${p.en}`).join("\n") : undefined);
  if (mapError) {
    console.error(mapError);
    return EXIT.USAGE;
  }
  const parsed = parseInOut("plan", maps.rest, ["only"]);
  if ("error" in parsed) {
    console.error(parsed.error);
    return EXIT.USAGE;
  }
  let kinds: OutputKind[] = ["plan", "balance", "bonds"];
  if (parsed.options.only !== undefined) {
    const only = parsed.options.only;
    if (only !== "plan" && only !== "balance" && only !== "bonds") {
      console.error(`shanty plan: --only 只能是 plan、balance 或 bonds / --only must be plan, balance or bonds (got "${only}")`);
      return EXIT.USAGE;
    }
    kinds = [only];
  }
  return runCommand(async () => {
    const outcome = await planFile(
      parsed.input,
      parsed.output,
      kinds,
      { force: parsed.force },
      maps.maps.length > 0 ? mapped.mapping : undefined,
    );
    if (outcome.code === EXIT.OK && outcome.generation) printSummary(outcome.generation);
    return outcome.code;
  });
}
