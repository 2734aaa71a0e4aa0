/*
 * Scaling of `shanty plan` (issue 15 item 2): planning workbooks of 500 … 200,000 projects with the sample's cash flows
 * (8 rows a project on average), every run a whole `node bin/shanty.js plan` process measured by /usr/bin/time (wall time, peak RSS). The
 * workbooks are written once per size with ExcelJS's streaming writer (the sample's 24 projects repeated under new
 * ids and towns, so the balance check pools across many 片区 and 镇街).
 *
 *   npx ts-node --transpile-only bench/planScale.ts [SIZES…]     e.g. 500 5000 50000 200000
 * `npm run bench` runs it with planScaleSizes(): 500 / 5,000 / 50,000 / 200,000 (env SHANTY_BENCH_PLAN_SIZES for others),
 * each size planScaleRuns() times (env SHANTY_BENCH_PLAN_RUNS, default 3), the median run reported.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ExcelJS from "exceljs";
import { SAMPLE_DISTRICT } from "../src/samples/district";
import { sampleFlowRecord, sampleProjectRecord } from "../src/samples/records";
import { FLOW_COLUMNS, PROJECT_COLUMNS } from "../src/workbook/contract";
import { middle } from "./median";

export interface PlanScalePoint {
  readonly projects: number;
  readonly flowRows: number;
  readonly fileMB: number;
  readonly seconds: number;
  /** User + system CPU seconds of the process (more telling than wall time on a shared machine). */
  readonly cpuSeconds: number;
  readonly peakMB: number;
  /** Exit status; -1 when killed (timeout) or not started. */
  readonly exit: number;
  /** Why a run that did not exit 0 ended, from its stderr ("JavaScript heap out of memory", "terminated by signal 6"). */
  readonly failure?: string;
  /** How many runs were made (the point is the median run by wall time) and their fastest and slowest wall times. */
  readonly runs: number;
  readonly secondsRange: readonly [number, number];
  /** The highest peak RSS of the runs (a target on memory holds only if every run keeps to it). */
  readonly peakMBMax: number;
}

/** Sizes of the curve: SHANTY_BENCH_PLAN_SIZES="500,5000", else issue 15's 500 / 5,000 / 50,000 / 200,000. */
export function planScaleSizes(env: NodeJS.ProcessEnv = process.env): number[] {
  const given = (env.SHANTY_BENCH_PLAN_SIZES ?? "")
    .split(/[,\s]+/)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  return given.length > 0 ? given : [500, 5000, 50000, 200000];
}

/**
 * Runs per size (SHANTY_BENCH_PLAN_RUNS, default 3): this machine's wall and CPU times for the same run spread by a
 * fifth from one minute to the next, so the point reported is the medians of the runs, with the wall range beside it.
 */
export function planScaleRuns(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.SHANTY_BENCH_PLAN_RUNS ?? 3);
  return Number.isInteger(n) && n > 0 ? n : 3;
}

/** The run with the median wall time, its CPU and memory replaced by their own medians; a failed run when there is one. */
export function medianRun<R extends { seconds: number; cpuSeconds: number; peakMB: number; exit: number }>(runs: readonly R[]): R {
  const failed = runs.find((r) => r.exit !== 0);
  if (failed) return failed;
  const wall = middle(runs, (r) => r.seconds);
  return { ...wall, cpuSeconds: middle(runs, (r) => r.cpuSeconds).cpuSeconds, peakMB: middle(runs, (r) => r.peakMB).peakMB };
}

/** Longest a single plan run may take before it is stopped and reported as such (ms). */
const RUN_TIMEOUT_MS = Number(process.env.SHANTY_BENCH_PLAN_TIMEOUT_MS ?? 15 * 60 * 1000);

const ROOT = path.join(__dirname, "..");

/** A planning workbook of `n` projects (10 flow years each) at `file`, streamed to disk. */
export async function writeScaleWorkbook(n: number, file: string): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const projects = wb.addWorksheet("项目库");
  projects.addRow(PROJECT_COLUMNS.map((c) => c.header)).commit();
  const flows = wb.addWorksheet("现金流");
  flows.addRow(FLOW_COLUMNS.map((c) => c.header)).commit();
  const seeds = SAMPLE_DISTRICT.projects;
  let flowRows = 0;
  for (let i = 0; i < n; i++) {
    const seed = seeds[i % seeds.length];
    const copy = Math.floor(i / seeds.length);
    const id = `${seed.id}-${copy}`;
    const record = { ...sampleProjectRecord(seed), id, town: `${seed.town}${copy % 40}`, area: `${seed.area}${copy % 400}` };
    projects.addRow(PROJECT_COLUMNS.map((c) => (record as Record<string, unknown>)[c.key] ?? null)).commit();
    for (const f of SAMPLE_DISTRICT.cashFlows) {
      if (f.projectId !== seed.id) continue;
      const r = { ...sampleFlowRecord(f), projectId: id };
      flows.addRow(FLOW_COLUMNS.map((c) => (r as Record<string, unknown>)[c.key] ?? null)).commit();
      flowRows++;
    }
  }
  projects.commit();
  flows.commit();
  await wb.commit();
  return flowRows;
}

/** The reason in a failed run's stderr: V8's out-of-memory line, GNU time's signal line, else the last line of the run's own. */
export function failureOf(stderr: string): string | undefined {
  const lines = stderr.split("\n").map((l) => l.trim());
  const own = lines.filter((l) => l !== "" && !/^(Command (being timed|terminated|exited)|[A-Z][\w ()/%:-]*: )/.test(l));
  const oom = lines.find((l) => /heap out of memory/i.test(l))?.replace(/^FATAL ERROR:\s*/, "");
  const signal = lines.find((l) => /^Command terminated by signal/.test(l));
  return oom ?? signal ?? own[own.length - 1];
}

/** One `shanty plan` run as a whole process. */
export function timePlan(
  input: string,
  output: string,
): { seconds: number; cpuSeconds: number; peakMB: number; exit: number; failure?: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(
    "/usr/bin/time",
    ["-v", process.execPath, path.join(ROOT, "bin", "shanty.js"), "plan", input, "-o", output, "--force"],
    {
      encoding: "utf8",
      maxBuffer: 1 << 28,
      timeout: RUN_TIMEOUT_MS,
      killSignal: "SIGKILL",
    },
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? "");
  const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr ?? "");
  const sys = /System time \(seconds\): ([\d.]+)/.exec(r.stderr ?? "");
  const cpuSeconds = user && sys ? Number(user[1]) + Number(sys[1]) : NaN;
  const exit = r.status ?? -1;
  const failure = exit === 0 ? undefined : (r.error?.message ?? failureOf(r.stderr ?? ""));
  return { seconds, cpuSeconds, peakMB: rss ? Number(rss[1]) / 1024 : NaN, exit, ...(failure ? { failure } : {}) };
}

export async function planScale(sizes: readonly number[], runs = planScaleRuns()): Promise<PlanScalePoint[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-planscale-"));
  const points: PlanScalePoint[] = [];
  try {
    for (const n of sizes) {
      const input = path.join(dir, `p${n}.xlsx`);
      const flowRows = await writeScaleWorkbook(n, input);
      const made: ReturnType<typeof timePlan>[] = [];
      for (let k = 0; k < runs; k++) {
        const one = timePlan(input, path.join(dir, `p${n}-plan-${k}.xlsx`));
        made.push(one);
        if (one.exit !== 0) break; // a failure is the point; it is not run again
      }
      const run = medianRun(made);
      const walls = made.map((r) => r.seconds);
      const secondsRange = [Math.min(...walls), Math.max(...walls)] as const;
      const peakMBMax = Math.max(...made.map((r) => r.peakMB));
      points.push({ projects: n, flowRows, fileMB: fs.statSync(input).size / 1048576, ...run, runs: made.length, secondsRange, peakMBMax });
      console.log(
        `plan ${n} projects × ${flowRows / n} years: ${run.seconds.toFixed(1)} s wall, ${run.cpuSeconds.toFixed(1)} s CPU, peak ${run.peakMB.toFixed(0)} MB, exit ${run.exit}${run.failure ? ` (${run.failure})` : ""} (median of ${made.length}: ${secondsRange[0].toFixed(1)}–${secondsRange[1].toFixed(1)} s)`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return points;
}

if (require.main === module) {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  planScale(sizes.length ? sizes : planScaleSizes()).catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
