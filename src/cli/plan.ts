import type { GenerationResult, OutputKind } from "../workbook/generate";
import { parseMapArguments, type WorkbookMapping } from "../workbook/reader/mapping";
import { parseInOut } from "./args";
import { EXIT, runCommand } from "./errors";
import { takeMapArguments } from "./mapping";
import { checkOutputPath, OutputOptions } from "./output";
import type { WriteSheetsResult } from "./sheets";
import { planFromPackage } from "./plan/fromPackage";
import { formatProblem, formatVerdicts, problemLocation } from "./plan/report";

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
  // The package path (no ExcelJS) unless it declines; SHANTY_PLAN_VIA_EXCELJS=1 forces the ExcelJS path (tests
  // compare the two).
  if (process.env.SHANTY_PLAN_VIA_EXCELJS !== "1") {
    const direct = await planFromPackage(input, output, kinds, options, mapping);
    if (!("declined" in direct)) return direct;
    if (process.env.SHANTY_PLAN_PROFILE === "1") process.stderr.write(`PLAN via ExcelJS: the package path declined (${direct.declined})\n`);
  }
  // Loaded only now: ExcelJS costs ~28 MB and ~0.25 s of a process's start.
  const { planViaExcelJs } = await import("./plan/viaExcelJs");
  return planViaExcelJs(input, output, kinds, options, mapping);
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
