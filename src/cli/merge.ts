import * as path from "path";
import * as ExcelJS from "exceljs";
import { consolidate, ConsolidationCheck, ConsolidationResult, placeText, Submission } from "../workbook/consolidate";
import { readGrid } from "./grid";
import { checkGridSize, computeMissing, trackReads, uncomputedError, uncomputedFormulas } from "./inputGuards";
import { writeSheets } from "./sheets";
import { parseArgs } from "./args";
import { checkOutputPath, EXIT, loadWorkbookWithNotes, OutputOptions, runCommand, saveWorkbookAtomic, ShantyFileError } from "./xlsx";

/*
 * `shanty merge TOWN1.xlsx TOWN2.xlsx … -o DISTRICT.xlsx [--district D.xlsx]`: consolidate the towns' planning
 * workbooks (src/workbook/consolidate.ts) into one district planning workbook — 项目库 with each row's source,
 * 现金流, 参数 (the district's when --district is given) and 汇总说明. The inputs are never modified; on an
 * error nothing is written.
 */

export const MERGE_USAGE = "shanty merge TOWN1.xlsx TOWN2.xlsx … -o DISTRICT.xlsx [--district 区级.xlsx] [-f]";

interface MergeArgs {
  readonly inputs: readonly string[];
  readonly output: string;
  readonly district?: string;
  readonly force: boolean;
}

export function parseMergeArgs(args: readonly string[]): MergeArgs | { error: string } {
  const parsed = parseArgs(
    { command: "merge", valued: ["output", "district"], flags: ["force"], aliases: { o: "output", out: "output", f: "force" } },
    args,
  );
  if ("error" in parsed) return { error: `${parsed.error}\n用法 usage: ${MERGE_USAGE}` };
  if (parsed.positional.length === 0)
    return { error: `shanty merge 需要至少一个镇街工作簿 / needs at least one town workbook\n用法 usage: ${MERGE_USAGE}` };
  const output = parsed.options.output;
  if (!output) return { error: `shanty merge 需要用 -o 指定输出文件 / needs an output file\n用法 usage: ${MERGE_USAGE}` };
  const district = parsed.options.district;
  return { inputs: parsed.positional, output, ...(district ? { district } : {}), force: parsed.flags.has("force") };
}

const LEVEL: Record<ConsolidationCheck["severity"], string> = { error: "错误 error", warning: "警告 warning", notice: "说明 notice" };

export function formatCheck(c: ConsolidationCheck): string {
  return `${LEVEL[c.severity]}  ${c.places.map(placeText).join(" ↔ ")}  ${c.zh} / ${c.en}`;
}

/**
 * Read one workbook into a submission labelled by its file name, with the same guards as `shanty plan`: names
 * defined only on several sheets stop the run, formula cells without a cached value are computed in memory, and
 * `uncomputed()` names those the reader read but that could still not be computed (never read as blank).
 */
async function submission(file: string): Promise<Submission & { notes: readonly string[]; uncomputed: () => string[] }> {
  const { workbook, notes, bytes, ambiguousNames } = await loadWorkbookWithNotes(file);
  checkGridSize(workbook);
  if (ambiguousNames.length > 0) {
    const list = ambiguousNames.map((a) => `${a.name}（${a.sheets.join("、")}）`).join("；");
    throw new ShantyFileError(
      `${path.basename(file)}：以下名称只在多个工作表中分别定义，无法确定取哪一个：${list}`,
      `${path.basename(file)}: these names are defined on several sheets only, so which one applies is unclear: ${list}`,
    );
  }
  let missing: ReadonlyMap<string, readonly [number, number][]> = uncomputedFormulas(workbook);
  if (missing.size > 0)
    missing = (await computeMissing(workbook, bytes, missing, file).catch(() => ({ stillMissing: missing }))).stillMissing;
  const watched = trackReads(readGrid(workbook), missing);
  return { label: path.basename(file), grid: watched.grid, notes, uncomputed: watched.read };
}

export interface MergeOutcome {
  readonly code: number;
  readonly result?: ConsolidationResult;
}

/** Consolidate files into `output`; prints every check. File problems are thrown as ShantyFileError. */
export async function mergeFiles(
  inputs: readonly string[],
  output: string,
  district?: string,
  options: OutputOptions = {},
): Promise<MergeOutcome> {
  const all = district ? [district, ...inputs] : inputs;
  const labels = new Set<string>();
  for (const f of all) {
    checkOutputPath(f, output, options);
    const label = path.basename(f);
    if (labels.has(label)) {
      throw new ShantyFileError(
        `同名文件出现两次：${label}（汇总说明按文件名标注来源，请改名）`,
        `Two inputs have the same file name ${label} (sources are labelled by file name; rename one)`,
      );
    }
    labels.add(label);
  }
  const towns: Awaited<ReturnType<typeof submission>>[] = [];
  for (const f of inputs) towns.push(await submission(f));
  const districtSub = district ? await submission(district) : undefined;
  const result = consolidate(towns, districtSub ? { district: districtSub } : {});
  const uncomputed = [...towns, ...(districtSub ? [districtSub] : [])].flatMap((t) => t.uncomputed().map((c) => `${t.label} ${c}`));
  if (uncomputed.length > 0) {
    const msg = uncomputedError(uncomputed);
    console.error(`${msg.zh}\n${msg.en}`);
    console.error("未写出任何文件 / nothing was written");
    return { code: EXIT.INPUT_ERRORS, result };
  }
  const shown = result.checks.filter((c) => c.severity !== "notice");
  if (shown.length > 0) {
    console.log(`汇总检查发现 ${shown.length} 个问题 / ${shown.length} findings:`);
    for (const c of shown) console.log(`  ${formatCheck(c)}`);
  }
  const errors = result.checks.filter((c) => c.severity === "error");
  if (errors.length > 0) {
    console.error(`有 ${errors.length} 个错误，未写出任何文件 / ${errors.length} errors: nothing was written`);
    return { code: EXIT.INPUT_ERRORS, result };
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Shanty Balance 棚改测算";
  writeSheets(workbook, result.sheets, { replaceOwned: false });
  await saveWorkbookAtomic(workbook, output, options);
  console.log(
    `已汇总 ${result.perFile.length} 个文件、${result.projects.length} 个项目，写入 ${output} / consolidated ${result.perFile.length} files, ${result.projects.length} projects into ${output}`,
  );
  for (const f of result.perFile) console.log(`  ${f.file}：${f.towns.join("、") || "—"}，${f.projects} 个项目 projects`);
  return { code: EXIT.OK, result };
}

/** `shanty merge …` */
export async function runMerge(args: readonly string[]): Promise<number> {
  const parsed = parseMergeArgs(args);
  if ("error" in parsed) {
    console.error(parsed.error);
    return EXIT.USAGE;
  }
  return runCommand(async () => (await mergeFiles(parsed.inputs, parsed.output, parsed.district, { force: parsed.force })).code);
}
