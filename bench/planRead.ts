/*
 * The planning reader's grid at scale (issue 15): gridFromParts (src/cli/plan/readParts.ts, straight from the package
 * XML) against loadWorkbookWithNotes + readGrid (ExcelJS), each in its own process so that peak RSS is its own, on the
 * scale workbooks of bench/planScale.ts (written once per size into the OS temp folder).
 *
 *   npx ts-node --transpile-only bench/planRead.ts [SIZES…]        e.g. 50000 200000 (default 50000)
 *   … --child parts|exceljs FILE                                   one measurement (what the parent runs)
 *
 * Prints, per size and path: seconds and CPU seconds of the reading (gridFromParts alone — the package read and
 * normalised before it are prepareSeconds —; for ExcelJS all of loadWorkbookWithNotes + readGrid), heap kept after a
 * GC, peak RSS of the whole process, or why the process failed.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { writeScaleWorkbook } from "./planScale";

const MB = (bytes: number) => Math.round(bytes / 1024 / 1024);

function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function child(mode: string, file: string): Promise<void> {
  const { normalisePackage, readPackage, scopedNames } = await import("../src/cli/package");
  collect();
  const heap0 = process.memoryUsage().heapUsed;
  let seconds: number;
  let prepareSeconds = 0;
  let cpu0 = process.cpuUsage();
  let held: unknown;
  if (mode === "parts") {
    const { gridFromParts } = await import("../src/cli/plan/readParts");
    const p0 = performance.now();
    const parts = await readPackage(fs.readFileSync(file), file);
    normalisePackage(parts);
    scopedNames(parts);
    prepareSeconds = (performance.now() - p0) / 1000;
    cpu0 = process.cpuUsage();
    const t0 = performance.now();
    held = gridFromParts(parts);
    seconds = (performance.now() - t0) / 1000;
  } else {
    const { loadWorkbookWithNotes } = await import("../src/cli/load");
    const { readGrid } = await import("../src/cli/grid");
    const t0 = performance.now();
    const { workbook } = await loadWorkbookWithNotes(file);
    held = readGrid(workbook);
    seconds = (performance.now() - t0) / 1000;
  }
  const cpu = process.cpuUsage(cpu0);
  collect();
  const kept = MB(process.memoryUsage().heapUsed - heap0);
  const peak = MB(process.resourceUsage().maxRSS * 1024);
  process.stdout.write(
    JSON.stringify({ prepareSeconds, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, keptMB: kept, peakMB: peak, ok: Boolean(held) }) +
      "\n",
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === "--child") return child(args[1], args[2]);
  const sizes = args.map(Number).filter((n) => Number.isInteger(n) && n > 0);
  for (const n of sizes.length ? sizes : [50000]) {
    const file = path.join(os.tmpdir(), `shanty-plan-read-${n}.xlsx`);
    if (!fs.existsSync(file)) await writeScaleWorkbook(n, file);
    for (const mode of ["parts", "exceljs"]) {
      const run = spawnSync(process.execPath, ["--expose-gc", "-r", "ts-node/register/transpile-only", __filename, "--child", mode, file], {
        encoding: "utf8",
        timeout: 15 * 60 * 1000,
        maxBuffer: 1 << 20,
      });
      const line = run.stdout.trim().split("\n").pop() ?? "";
      const failure =
        run.status === 0
          ? ""
          : (run.stderr.split("\n").find((l) => /heap out of memory|Error/.test(l)) ?? `exit ${run.status ?? run.signal}`);
      console.log(`${n} projects, ${mode}: ${run.status === 0 ? line : `failed: ${failure.trim()}`}`);
    }
  }
}

void main();
