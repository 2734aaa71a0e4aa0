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
import { formatProblem, formatVerdicts, problemLocation, reportAmbiguousNames, reportProblems, reportWritten } from "./plan/report";

/*
 * `shanty plan IN.xlsx -o OUT.xlsx [--only plan|balance|bonds]`: read the planning workbook, build the annual plan and
 * the balance report (src/workbook/generate.ts, the same code as the task pane), print the input problems, and —
 * when there is no error — write a copy of the workbook with the output sheets to OUT. IN is never modified.
 * Formula cells without a cached value are computed in memory first; those that cannot be computed stop the run
 * when the reader needs them, named (never read as blank).
 */

export { formatProblem, formatVerdicts, problemLocation };

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
  if (ambiguousNames.length > 0) return { code: reportAmbiguousNames(ambiguousNames) };
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
  const stop = reportProblems(generation);
  if (stop !== undefined) return { code: stop, generation };
  const written = writeSheets(workbook, generation.sheets);
  if (merged) storeMapping(workbook, merged);
  writeFileAtomic(output, await workbookBytes(workbook, written.charts), options);
  reportWritten(output, written.sheets, [...written.notes, ...lost]);
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
