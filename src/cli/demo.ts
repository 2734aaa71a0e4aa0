import * as fs from "fs";
import * as path from "path";
import { planFile, printSummary } from "./plan";
import { recalcFile } from "./recalc";
import { EXIT, ShantyFileError } from "./xlsx";

/*
 * `shanty demo [--out DIR] [--sample FILE]`: the whole headless path on the bundled sample district workbook
 * (assets/samples/sample-district.xlsx, built by scripts/gen-sample-workbook.ts):
 *   1. plan   → DIR/sample-district-plan.xlsx   (annual plan and balance report sheets added)
 *   2. recalc → DIR/sample-district-recalc.xlsx (every formula, SHANTY ones included, evaluated and cached)
 * DIR defaults to ./out (created when missing). The bundled sample itself is never written.
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

function parseDemoArgs(args: readonly string[]): { out?: string; sample?: string } | { error: string } {
  const res: { out?: string; sample?: string } = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.indexOf("=");
    const key = eq > 0 ? arg.slice(0, eq) : arg;
    const value = () => (eq > 0 ? arg.slice(eq + 1) : args[++i]);
    if (key === "--out" || key === "-o" || key === "--output") res.out = value();
    else if (key === "--sample") res.sample = value();
    else return { error: `shanty demo: 未知参数 unknown argument ${arg}\n用法 usage: shanty demo [--out DIR] [--sample FILE]` };
    if ((key === "--sample" ? res.sample : res.out) === undefined) return { error: `shanty demo: ${key} 需要一个值 / ${key} needs a value` };
  }
  return res;
}

/** `shanty demo` */
export async function runDemo(args: readonly string[]): Promise<number> {
  const parsed = parseDemoArgs(args);
  if ("error" in parsed) {
    console.error(parsed.error);
    return EXIT.USAGE;
  }
  try {
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
      throw new ShantyFileError(`无法创建输出文件夹 ${outDir}：${(e as Error).message}`, `Cannot create the output folder ${outDir}: ${(e as Error).message}`);
    }
    const planOut = path.join(outDir, "sample-district-plan.xlsx");
    const recalcOut = path.join(outDir, "sample-district-recalc.xlsx");

    console.log(`示例工作簿 sample workbook: ${sample}`);
    console.log("— 1. 生成年度计划与平衡报告 plan —");
    const plan = await planFile(sample, planOut);
    if (plan.code !== EXIT.OK || !plan.generation) return plan.code;

    console.log("— 2. 计算全部公式 recalc —");
    const recalc = await recalcFile(planOut, recalcOut);

    console.log("— 结果 result —");
    printSummary(plan.generation);
    console.log("输出文件 output files:");
    console.log(`  ${planOut}  （年度计划与平衡报告 plan and balance report）`);
    console.log(`  ${recalcOut}  （公式已计算 formulas evaluated）`);
    return recalc.code;
  } catch (e) {
    if (e instanceof ShantyFileError) {
      console.error(`${e.zh}\n${e.en}`);
      return EXIT.FILE;
    }
    throw e;
  }
}
