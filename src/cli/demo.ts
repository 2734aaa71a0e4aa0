import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "./args";
import { EXIT, runCommand, ShantyFileError } from "./errors";
import { generateOutputs } from "../workbook/generate";
import { readGrid } from "./grid";
import { loadWorkbookWithNotes } from "./load";
import { mergeFiles } from "./merge";
import { checkOutputTarget } from "./output";
import { formatVerdicts, planFile, printSummary } from "./plan";
import { recalcFile } from "./recalc";

/*
 * `shanty demo [--out DIR] [--sample FILE] [--force]`: the whole headless path on the bundled sample district workbook
 * (assets/samples/sample-district.xlsx, built by scripts/gen-sample-workbook.ts):
 *   1. plan   → DIR/sample-district-plan.xlsx   (annual plan and balance report sheets added)
 *   2. recalc → DIR/sample-district-recalc.xlsx (every formula, SHANTY ones included, evaluated and cached)
 * DIR defaults to ./out (created when missing). The bundled sample itself is never written; existing output files
 * are replaced only with --force (`npm run demo` passes it: the files in ./out are the demo's own).
 */

export const SAMPLE_RELATIVE = path.join("assets", "samples", "sample-district.xlsx");

/** The bundled sample, found by walking up from this file (works from src/cli and from the compiled lib/src/cli). */
export function bundledSample(): string | undefined {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, SAMPLE_RELATIVE);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

const DEMO_USAGE = "用法 usage: shanty demo [--out DIR] [--sample FILE] [--force]";

/** The towns' sample submissions (assets/samples/towns/*.xlsx) beside the sample workbook, in file-name order. */
export function bundledTowns(sample: string): string[] {
  const dir = path.join(path.dirname(sample), "towns");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith(".xlsx") && !f.startsWith("."))
    .sort()
    .map((f) => path.join(dir, f));
}

function parseDemoArgs(args: readonly string[]): { out?: string; sample?: string; force: boolean } | { error: string } {
  const parsed = parseArgs(
    { command: "demo", valued: ["out", "sample"], flags: ["force"], aliases: { o: "out", output: "out", f: "force" } },
    args,
  );
  if ("error" in parsed) return { error: `${parsed.error}\n${DEMO_USAGE}` };
  if (parsed.positional.length > 0) return { error: `shanty demo: 未知参数 unknown argument ${parsed.positional[0]}\n${DEMO_USAGE}` };
  return { out: parsed.options.out, sample: parsed.options.sample, force: parsed.flags.has("force") };
}

/** `shanty demo` */
export async function runDemo(args: readonly string[]): Promise<number> {
  const parsed = parseDemoArgs(args);
  if ("error" in parsed) {
    console.error(parsed.error);
    return EXIT.USAGE;
  }
  return runCommand(async () => {
    const sample = parsed.sample ?? bundledSample();
    if (!sample) {
      throw new ShantyFileError(
        `找不到示例工作簿 ${SAMPLE_RELATIVE}：请先运行 npx ts-node --transpile-only scripts/gen-sample-workbook.ts 生成它`,
        `The sample workbook ${SAMPLE_RELATIVE} is missing: build it with npx ts-node --transpile-only scripts/gen-sample-workbook.ts`,
      );
    }
    if (!fs.existsSync(sample)) throw new ShantyFileError(`找不到文件：${sample}`, `File not found: ${sample}`);
    const outDir = path.resolve(parsed.out ?? "out");
    try {
      fs.mkdirSync(outDir, { recursive: true });
    } catch (e) {
      throw new ShantyFileError(
        `无法创建输出文件夹 ${outDir}：${(e as Error).message}`,
        `Cannot create the output folder ${outDir}: ${(e as Error).message}`,
      );
    }
    const planOut = path.join(outDir, "sample-district-plan.xlsx");
    const recalcOut = path.join(outDir, "sample-district-recalc.xlsx");
    const options = { force: parsed.force };
    // Both outputs are checked before the first is written: no half-done demo.
    checkOutputTarget(planOut, options);
    checkOutputTarget(recalcOut, options);

    // 0. The path from the towns' submissions (实施方案 四(一)) to the district's workbook: shanty merge.
    const towns = bundledTowns(sample);
    const mergedOut = path.join(outDir, "district-merged.xlsx");
    if (towns.length > 0) {
      checkOutputTarget(mergedOut, options);
      console.log(`— 0. 汇总镇街申报 merge：${towns.map((t) => path.basename(t)).join("、")} —`);
      const merged = await mergeFiles(towns, mergedOut, undefined, options);
      if (merged.code !== EXIT.OK) return merged.code;
      const district = generateOutputs(readGrid((await loadWorkbookWithNotes(mergedOut)).workbook), ["plan", "balance"]);
      console.log(`汇总后 consolidated: ${district.summary.sentence}`);
      console.log(`汇总后平衡结论 verdicts: ${formatVerdicts(district.summary.verdicts)}`);
    }

    console.log(`示例工作簿 sample workbook: ${sample}`);
    console.log("— 1. 生成年度计划、平衡报告与专项债券收支平衡表 plan —");
    const plan = await planFile(sample, planOut, ["plan", "balance", "bonds"], options);
    if (plan.code !== EXIT.OK || !plan.generation) return plan.code;

    console.log("— 2. 计算全部公式 recalc —");
    const recalc = await recalcFile(planOut, recalcOut, options);

    console.log("— 结果 result —");
    printSummary(plan.generation);
    console.log("输出文件 output files:");
    if (towns.length > 0) console.log(`  ${mergedOut}  （镇街申报汇总 the towns' submissions consolidated）`);
    console.log(`  ${planOut}  （年度计划、平衡报告、收支平衡表 plan, balance report, bond balance tables）`);
    console.log(`  ${recalcOut}  （公式已计算 formulas evaluated）`);
    return recalc.code;
  });
}
