/*
 * The writer of `shanty plan` alone (issue 15): writeSheets + workbookBytes (ExcelJS) against writeSheetsToParts +
 * writeZip (src/cli/plan/writeParts.ts) on the sheets generated from bench/planScale.ts's workbook of n projects.
 * The sheets are generated once per size and handed to each writer in a process of its own (v8-serialised), so
 * each run's peak RSS is its writer's (plus the input it needs: the ExcelJS workbook for the old path, the
 * package's parts for the new one).
 *
 *   npx ts-node --transpile-only bench/planWrite.ts [--parts-only] [SIZES…]      default 5000 50000
 * --parts-only: the new writer alone (the ExcelJS writer does not fit in memory at 200,000 projects).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import * as v8 from "v8";
import type { SheetModel } from "../src/workbook/model";

export interface WriteRun {
  readonly writer: "exceljs" | "parts";
  readonly projects: number;
  readonly ms: number;
  /** Resident memory just before writing, and the process's peak (MB). */
  readonly rssBeforeMB: number;
  readonly peakMB: number;
  readonly outMB: number;
}

async function child(writer: "exceljs" | "parts", input: string, sheetsFile: string): Promise<void> {
  const sheets = v8.deserialize(fs.readFileSync(sheetsFile)) as SheetModel[];
  const bytes = fs.readFileSync(input);
  let run: () => Promise<Buffer>;
  if (writer === "exceljs") {
    const { loadWorkbookWithNotes } = await import("../src/cli/load");
    const { workbookBytes, writeSheets } = await import("../src/cli/sheets");
    const { workbook } = await loadWorkbookWithNotes(input);
    run = async () => workbookBytes(workbook, writeSheets(workbook, sheets).charts);
  } else {
    const { readPackage } = await import("../src/cli/package");
    const { settleParts, writeSheetsToParts } = await import("../src/cli/plan/writeParts");
    const { writeZip } = await import("../src/cli/recalc/zip");
    const { DEFAULT_COMPRESSION } = await import("../src/cli/writePackage");
    const parts = await readPackage(bytes, "input");
    run = async () => {
      const r = writeSheetsToParts(parts, sheets);
      if ("decline" in r) throw new Error(`declined: ${r.decline}`);
      const c = DEFAULT_COMPRESSION;
      return writeZip(await settleParts(r), (_n, size) => (size > c.largeBytes ? c.largeLevel : c.level));
    };
  }
  (global as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const out = await run();
  const ms = performance.now() - t0;
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    JSON.stringify({ ms, rssBeforeMB: rssBefore / 2 ** 20, peakMB: peak / 2 ** 20, outMB: out.length / 2 ** 20 }) + "\n",
  );
}

export async function planWrite(
  sizes: readonly number[],
  writers: readonly WriteRun["writer"][] = ["parts", "exceljs"],
): Promise<WriteRun[]> {
  const { writeScaleWorkbook } = await import("./planScale");
  const { loadWorkbookWithNotes } = await import("../src/cli/load");
  const { readGrid } = await import("../src/cli/grid");
  const { generateOutputs } = await import("../src/workbook/generate");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-planwrite-"));
  const runs: WriteRun[] = [];
  try {
    for (const n of sizes) {
      const input = path.join(dir, `plan-${n}.xlsx`);
      await writeScaleWorkbook(n, input);
      const { workbook } = await loadWorkbookWithNotes(input);
      const sheets = generateOutputs(readGrid(workbook), ["plan", "balance", "bonds"], { now: new Date(2026, 11, 1) }).sheets;
      const sheetsFile = path.join(dir, `sheets-${n}.bin`);
      fs.writeFileSync(sheetsFile, v8.serialize(sheets));
      for (const writer of writers) {
        const r = spawnSync(
          process.execPath,
          [
            "--expose-gc",
            "--max-old-space-size=4096",
            "-r",
            "ts-node/register/transpile-only",
            __filename,
            "--child",
            writer,
            input,
            sheetsFile,
          ],
          { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
        );
        const line = r.stdout.trim().split("\n").pop() ?? "";
        if (r.status !== 0 || !line.startsWith("{")) throw new Error(`${writer} ${n}: ${r.stderr.slice(-2000)}`);
        const run: WriteRun = { writer, projects: n, ...(JSON.parse(line) as Omit<WriteRun, "writer" | "projects">) };
        runs.push(run);
        console.log(
          `${String(n).padStart(7)} projects  ${writer.padEnd(8)} ${(run.ms / 1000).toFixed(2).padStart(7)} s  rss before ${run.rssBeforeMB.toFixed(0).padStart(5)} MB  peak ${run.peakMB.toFixed(0).padStart(5)} MB  file ${run.outMB.toFixed(1)} MB`,
        );
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return runs;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args[0] === "--child") {
    child(args[1] as "exceljs" | "parts", args[2], args[3]).catch((e) => {
      console.error(e);
      process.exit(1);
    });
  } else {
    const sizes = args.map(Number).filter((n) => Number.isInteger(n) && n > 0);
    planWrite(sizes.length > 0 ? sizes : [5000, 50000], args.includes("--parts-only") ? ["parts"] : undefined).catch((e) => {
      console.error(e);
      process.exit(1);
    });
  }
}
