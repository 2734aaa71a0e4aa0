/*
 * `npm run bench`: the performance figures of the add-in, printed as a table and written to bench-results.json
 * so that runs can be compared. Plain Node, one process (except the recalc RSS run, which needs its own).
 *   (a) 20,000 rows × 5 SHANTY formulas recalculated by HyperFormula vs the same numbers from native formulas
 *   (b) engine cost per call, per function family, vs a plain-number implementation of the same arithmetic
 *   (c) plan + balance report for 5,000 projects × 30 years: engine time and context.sync() count
 *   (d) minified bundle sizes (functions, task pane)
 *   (e) `shanty recalc` against LibreOffice Calc headless on the 20,000-row sheet (whole processes: wall time,
 *       CPU time, peak RSS; bench/libreoffice.ts), the SHANTY sheet through `shanty recalc`, and the scaling
 *       curve 1,000 / 10,000 / 100,000 rows
 *   (f) `shanty plan` on 500 / 5,000 / 50,000 / 200,000 projects (8 cash-flow rows each; sizes from SHANTY_BENCH_PLAN_SIZES):
 *       whole processes, wall time, CPU time, peak RSS, and why a run failed (bench/planScale.ts)
 */
import { existsSync, statSync, writeFileSync } from "fs";
import { join } from "path";
import { performance } from "perf_hooks";
import { buildEngine } from "../src/cli/hfPlugin";
import { getFunction } from "../src/registry";
import type { RawArg } from "../src/registry/coerce";
import { invoke } from "../src/registry/invoke";
import { generateOutputs } from "../src/workbook/generate";
import type { Cell, WorkbookGrid } from "../src/workbook/model";
import {
  compareWithLibreOffice,
  CUSTOM as CUSTOM_STORED,
  dataRow,
  hasLibreOffice,
  NATIVE as NATIVE_STORED,
  type Comparison,
  type ProcessRun,
} from "./libreoffice";
import { benchPortfolio } from "./portfolio";
import { benchBalanceTable } from "./balanceTable";
import { countSyncs } from "./syncs";
import { planScale, planScaleSizes, type PlanScalePoint } from "./planScale";

const ROOT = join(__dirname, "..");
const ROWS = 20_000;

function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

// The recalc sheet's data and formulas are bench/libreoffice.ts's (one definition for the in-process and the
// whole-process runs); formulas there are stored as in a file, without "=".
const CUSTOM = (r: number) => CUSTOM_STORED(r).map((f) => `=${f}`);
const NATIVE = (r: number) => NATIVE_STORED(r).map((f) => `=${f}`);

function sheet(formulas: (r: number) => string[]): (number | string)[][] {
  return Array.from({ length: ROWS }, (_, i) => [...dataRow(i), ...formulas(i + 1)]);
}

function benchRecalc() {
  const custom = sheet(CUSTOM);
  const native = sheet(NATIVE);
  // Warm-up on a small sheet so that neither side pays for the JIT alone.
  buildEngine({ S: custom.slice(0, 500) }).destroy();
  buildEngine({ S: native.slice(0, 500) }).destroy();
  const c = time(() => buildEngine({ S: custom }));
  const n = time(() => buildEngine({ S: native }));
  // Both must compute the same numbers, or the comparison means nothing.
  const cv = c.value.getSheetValues(0);
  const nv = n.value.getSheetValues(0);
  let mismatches = 0;
  for (let r = 0; r < ROWS; r++) for (let k = 10; k < 15; k++) if (cv[r][k] !== nv[r][k]) mismatches++;
  c.value.destroy();
  n.value.destroy();
  return { customMs: c.ms, nativeMs: n.ms, ratio: c.ms / n.ms, mismatches };
}

interface FamilyCase {
  family: string;
  id: string;
  args: RawArg[];
  plain: () => number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const col = (xs: (number | string)[]) => xs.map((x) => [x]);

const FAMILY_CASES: FamilyCase[] = [
  {
    family: "fees",
    id: "FEEEXEMPT",
    args: [10000, 20000, 150, "民间资本"],
    plain: () => round2(10000 * 150 + Math.min(20000, 15000) * 150 + Math.max(0, 20000 - 15000) * 75),
  },
  {
    family: "compensation",
    id: "COMPENSATION",
    args: [90, 8000, 20, 15, 12, 2, 300, 5000],
    plain: () => round2(90 * 8000 + 90 * 20 * 2 + 90 * 15 * 12 + 90 * 300 + 5000),
  },
  {
    family: "land",
    id: "LANDNET",
    args: [100_000_000, 40_000_000],
    plain: () => {
      const g = Math.max(0, 100_000_000 - 40_000_000);
      return round2(100_000_000 - g * 0.1 - g * 0.1);
    },
  },
  {
    family: "bonds",
    id: "COVERAGE",
    args: [col([500, 600, 700, 800, 900]), col([350, 350, 350, 350, 10350])],
    plain: () => Math.round(((500 + 600 + 700 + 800 + 900) / (350 * 4 + 10350)) * 10000) / 10000,
  },
  {
    family: "balance",
    id: "BALANCEYEAR",
    args: [col([2024, 2025, 2026, 2027, 2028, 2029, 2030]), col([-500, -300, 200, 300, 400, -50, 100])],
    plain: () => {
      const flows = [-500, -300, 200, 300, 400, -50, 100];
      let cum = 0;
      let year = -1;
      flows.forEach((f, k) => {
        cum += f;
        if (cum < 0) year = -1;
        else if (year < 0) year = 2024 + k;
      });
      return year;
    },
  },
  {
    family: "plan",
    id: "PLANTEXT",
    args: [col([2024, 2024, 2025]), col([300, 200, 400]), col([33335, 33335, 33335])],
    plain: () => {
      const area = [33335, 33335, 33335].reduce((a, b) => a + b, 0) / 10000;
      return `力争用2年时间，实施棚户区改造项目3个、900户，改造建筑面积${area.toFixed(2)}万平方米。`.length;
    },
  },
];

function benchFamilies() {
  const out: Record<string, { engineUs: number; plainUs: number; ratio: number }> = {};
  for (const c of FAMILY_CASES) {
    const spec = getFunction(c.id);
    if (!spec) continue;
    const n = 20_000;
    for (let i = 0; i < 2000; i++) (invoke(spec, c.args), c.plain());
    let sink = 0;
    const e = time(() => {
      for (let i = 0; i < n; i++) sink += invoke(spec, c.args) ? 1 : 0;
    });
    const p = time(() => {
      for (let i = 0; i < n * 10; i++) sink += Number(c.plain()) ? 1 : 0;
    });
    if (sink < 0) console.log(sink);
    const engineUs = (e.ms * 1000) / n;
    const plainUs = (p.ms * 1000) / (n * 10);
    out[c.family] = { engineUs, plainUs, ratio: engineUs / Math.max(plainUs, 1e-3) };
  }
  return out;
}

/** A planning workbook grid of `projects` projects × `years` years of cash flows. */
function bigGrid(projects: number, years: number): WorkbookGrid {
  const header: Cell[] = ["项目编号", "项目名称", "镇街", "片区", "计划年度", "户数", "建筑面积（㎡）", "总投资（万元）", "计划完成年度"];
  const rows: Cell[][] = [header];
  const flows: Cell[][] = [["项目编号", "年度", "收入（万元）", "支出（万元）", "债券还本付息（万元）"]];
  for (let i = 0; i < projects; i++) {
    const id = `P${String(i).padStart(5, "0")}`;
    const year = 2024 + (i % 3);
    rows.push([id, `项目${i}`, `镇${i % 20}`, `片区${i % 200}`, year, 100 + (i % 400), 10000 + (i % 977) * 31, 5000 + (i % 300), year + 5]);
    for (let k = 0; k < years; k++) {
      const cost = k < 3 ? 1000 + (i % 50) * 10 : 20;
      const income = k < 3 ? 0 : 150 + ((i * 7 + k) % 90);
      flows.push([id, 2024 + k, income, cost, 0]);
    }
  }
  return {
    sheets: [
      { name: "项目库", values: rows },
      { name: "现金流", values: flows },
    ],
    names: [],
  };
}

async function benchPortfolioTables() {
  const grid = bigGrid(5000, 30);
  generateOutputs(bigGrid(200, 30)); // warm-up
  const r = time(() => generateOutputs(grid));
  const sheets = r.value.sheets;
  return { ms: r.ms, projects: r.value.summary.projectCount, problems: r.value.problems.length, sheets };
}

async function benchSmallTables() {
  return generateOutputs(bigGrid(10, 30));
}

function kb(file: string): number | null {
  const p = join(ROOT, "dist", file);
  return existsSync(p) ? Math.round((statSync(p).size / 1024) * 10) / 10 : null;
}

const runOf = (r: ProcessRun | undefined) =>
  r ? { wallMs: r.wallMs, cpuMs: Number.isNaN(r.cpuMs) ? null : r.cpuMs, peakRssMB: r.peakRssMB, exit: r.status } : null;
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || !b || Number.isNaN(a) || Number.isNaN(b) ? null : round2(a / b);

/** (e) shanty recalc vs LibreOffice on the bench's sheet, and the scaling curve. */
async function benchRecalcProcesses(): Promise<{ main: Comparison; curve: Comparison[] }> {
  const main = await compareWithLibreOffice(ROOT, ROWS, true, 3); // medians of 3 runs each, taken in turn
  const curve: Comparison[] = [];
  for (const rows of [1_000, 10_000, 100_000]) curve.push(await compareWithLibreOffice(ROOT, rows));
  return { main, curve };
}

function run(r: ProcessRun | undefined): string {
  if (!r) return "not installed";
  return `${(r.wallMs / 1000).toFixed(1)} s (cpu ${Number.isNaN(r.cpuMs) ? "?" : (r.cpuMs / 1000).toFixed(1)} s), ${r.peakRssMB} MB${r.status === 0 || r.status === 3 ? "" : ` exit ${r.status}`}`;
}

function recalcRows(m: Comparison): [string, string, string][] {
  const lo = m.libreOffice;
  const x = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}×` : "—");
  return [
    ["(e) recalc native sheet 20,000 × 5: shanty", run(m.shantyNative), "—"],
    [
      "(e) recalc native sheet 20,000 × 5: LibreOffice",
      `${run(lo)}${m.mismatches === undefined ? "" : ` (values differing from shanty: ${m.mismatches})`}`,
      "—",
    ],
    [
      "(e) shanty / LibreOffice, native sheet",
      lo
        ? `time ${x(m.shantyNative.wallMs, lo.wallMs)} (cpu ${x(m.shantyNative.cpuMs, lo.cpuMs)}), memory ${x(m.shantyNative.peakRssMB, lo.peakRssMB)}`
        : "LibreOffice not installed",
      "≤ 1.0×",
    ],
    ["(e) recalc SHANTY sheet 20,000 × 5: shanty", `${run(m.shantyCustom)} (values differing from native: ${m.customMismatches})`, "—"],
    [
      "(e) shanty SHANTY sheet / LibreOffice native",
      lo ? `time ${x(m.shantyCustom.wallMs, lo.wallMs)} (cpu ${x(m.shantyCustom.cpuMs, lo.cpuMs)})` : "LibreOffice not installed",
      "≤ 1.0×",
    ],
  ];
}

async function main() {
  console.log("Shanty Balance benchmarks (node " + process.version + ")\n");
  const recalc = benchRecalc();
  const families = benchFamilies();
  const portfolio = benchPortfolio(5000, 30);
  const balanceTable = benchBalanceTable(2000);
  const tables = await benchPortfolioTables();
  const syncs = await countSyncs(tables.sheets);
  const smallSyncs = await countSyncs((await benchSmallTables()).sheets);
  const processes = await benchRecalcProcesses();
  const m = processes.main;
  const lo = m.libreOffice;
  const planCurve: PlanScalePoint[] = await planScale(planScaleSizes());
  const results = {
    recalcRatio: round2(recalc.ratio),
    recalcCustomMs: Math.round(recalc.customMs),
    recalcNativeMs: Math.round(recalc.nativeMs),
    recalcMismatches: recalc.mismatches,
    engineRatio: Object.fromEntries(Object.entries(families).map(([k, v]) => [k, round2(v.ratio)])),
    engineUsPerCall: Object.fromEntries(Object.entries(families).map(([k, v]) => [k, round2(v.engineUs)])),
    engineMedianUs: round2(median(Object.values(families).map((v) => v.engineUs))),
    balanceTable2000: {
      levelCellsMs: Math.round(balanceTable.levelCellsMs),
      tableMs: Math.round(balanceTable.tableMs),
      ratio: round2(balanceTable.ratio),
      identical: balanceTable.identical,
    },
    portfolioMs: Math.round(tables.ms),
    portfolioCheckMs: Math.round(portfolio.ms),
    portfolioProjects: tables.projects,
    portfolioSyncs: syncs,
    portfolioSyncsTenProjects: smallSyncs,
    functionsBundleKB: kb("functions.js"),
    taskpaneBundleKB: kb("taskpane.js"),
    recalcVsLibreOffice: {
      rows: ROWS,
      formulas: ROWS * 5,
      libreOfficeInstalled: hasLibreOffice(),
      shantyNative: runOf(m.shantyNative),
      shantyCustom: runOf(m.shantyCustom),
      libreOfficeNative: runOf(lo),
      ratios: {
        nativeTime: ratio(m.shantyNative.wallMs, lo?.wallMs),
        nativeCpu: ratio(m.shantyNative.cpuMs, lo?.cpuMs),
        nativeMemory: ratio(m.shantyNative.peakRssMB, lo?.peakRssMB),
        customTimeVsLibreOfficeNative: ratio(m.shantyCustom.wallMs, lo?.wallMs),
        customCpuVsLibreOfficeNative: ratio(m.shantyCustom.cpuMs, lo?.cpuMs),
      },
      valuesDifferingFromLibreOffice: m.mismatches ?? null,
      outputBytes: { shanty: m.shantyBytes, libreOffice: m.libreOfficeBytes ?? null, runsEach: m.repeat },
      customValuesDifferingFromNative: m.customMismatches,
      shantyPhases: m.phases.map((p) => p.replace(/^PHASE /, "")),
    },
    recalcScaling: processes.curve.map((c) => ({
      rows: c.rows,
      formulas: c.rows * 5,
      shantyNative: runOf(c.shantyNative),
      shantyCustom: runOf(c.shantyCustom),
      libreOfficeNative: runOf(c.libreOffice),
      valuesDifferingFromLibreOffice: c.mismatches ?? null,
    })),
    planScaling: planCurve.map((p) => ({
      projects: p.projects,
      flowRows: p.flowRows,
      inputMB: round2(p.fileMB),
      wallSeconds: round2(p.seconds),
      cpuSeconds: round2(p.cpuSeconds),
      peakRssMB: Math.round(p.peakMB),
      exit: p.exit,
      ...(p.failure ? { failure: p.failure } : {}),
      runs: p.runs,
      wallSecondsRange: p.secondsRange.map(round2),
      peakRssMBMax: Math.round(p.peakMBMax),
      ...(p.projects === PLAN_TARGET.projects ? { target: planTargetMet(p) } : {}),
    })),
  };
  const rows: [string, string, string][] = [
    [
      "(a) recalc 20,000 rows × 5 SHANTY formulas",
      `${results.recalcCustomMs} ms vs native ${results.recalcNativeMs} ms = ${results.recalcRatio}× (values differing: ${recalc.mismatches})`,
      "≤ 1.5×",
    ],
    ...Object.entries(families).map(([k, v]): [string, string, string] => [
      `(b) engine ${k}`,
      `${v.engineUs.toFixed(2)} µs/call vs plain ${v.plainUs.toFixed(3)} µs = ${v.ratio.toFixed(1)}×`,
      "—",
    ]),
    ["(b) engine median of the six families", `${results.engineMedianUs} µs/call`, "≤ 3 µs"],
    [
      "(c) 2,000 projects in HyperFormula: BALANCELEVEL per row vs one BALANCETABLE",
      `${results.balanceTable2000.levelCellsMs} ms vs ${results.balanceTable2000.tableMs} ms = ${results.balanceTable2000.ratio}× (rows identical: ${balanceTable.identical})`,
      "—",
    ],
    ["(c) checkPortfolio 5,000 × 30", `${results.portfolioCheckMs} ms`, "< 1,000 ms"],
    [
      "(c) plan + balance tables 5,000 × 30",
      `${results.portfolioMs} ms, ${syncs} context.sync() to write them (10 projects: ${smallSyncs})`,
      "constant syncs",
    ],
    [
      "(d) functions bundle (minified)",
      results.functionsBundleKB === null ? "not built (npm run build)" : `${results.functionsBundleKB} KB`,
      "≤ 150 KB",
    ],
    ["(d) task-pane bundle (minified)", results.taskpaneBundleKB === null ? "not built" : `${results.taskpaneBundleKB} KB`, "—"],
    ...recalcRows(m),
    ...processes.curve.map((c): [string, string, string] => [
      `(e) scaling ${c.rows.toLocaleString("en")} rows`,
      `shanty native ${run(c.shantyNative)}; SHANTY ${run(c.shantyCustom)}; LibreOffice ${run(c.libreOffice)}`,
      "—",
    ]),
    ...planCurve.map((p): [string, string, string] => [
      `(f) shanty plan ${p.projects.toLocaleString("en")} projects (${Math.round(p.flowRows / p.projects)} flow rows each)`,
      `${p.seconds.toFixed(1)} s wall, ${p.cpuSeconds.toFixed(1)} s CPU, peak ${Math.round(p.peakMB)} MB${p.exit === 0 ? "" : `, exit ${p.exit}${p.failure ? ` (${p.failure})` : ""}`}${p.runs > 1 ? ` (median of ${p.runs} runs: ${p.secondsRange[0].toFixed(1)}–${p.secondsRange[1].toFixed(1)} s, highest peak ${Math.round(p.peakMBMax)} MB)` : ""}`,
      p.projects === PLAN_TARGET.projects ? `< ${PLAN_TARGET.seconds} s, < 2 GB: ${planTargetText(planTargetMet(p))}` : "—",
    ]),
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  console.log(`${"measurement".padEnd(w0)}  ${"result".padEnd(w1)}  target`);
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
  writeFileSync(join(ROOT, "bench-results.json"), JSON.stringify(results, null, 2) + "\n");
  console.log("\nwritten: bench-results.json");
}

/** Issue 15's target for `plan`: 200,000 projects in < 15 s and < 2 GB (2,048 MB), as a whole process. */
const PLAN_TARGET = { projects: 200000, seconds: 15, peakMB: 2048 } as const;

function planTargetMet(p: PlanScalePoint): { time: boolean; memory: boolean } {
  const ran = p.exit === 0;
  // Time on the median run; memory on every run (the highest peak).
  return { time: ran && p.seconds < PLAN_TARGET.seconds, memory: ran && p.peakMBMax < PLAN_TARGET.peakMB };
}

function planTargetText(met: { time: boolean; memory: boolean }): string {
  const word = (ok: boolean) => (ok ? "met" : "MISSED");
  return `time ${word(met.time)}, memory ${word(met.memory)}`;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
