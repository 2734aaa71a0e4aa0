import { performance } from "perf_hooks";
import { Dec } from "../src/engine/decimal";
import { isError } from "../src/engine/errors";
import { PoolIndex, PoolMember, Portfolio, ProjectInput, checkPortfolio } from "../src/engine/balance";
import { projectFlows } from "../src/engine/balance/flows";
import { getFunction } from "../src/registry";
import type { RawArg } from "../src/registry/coerce";
import { invoke } from "../src/registry/invoke";
import { POLICY } from "../src/registry/policy";

/*
 * Benchmarks of the balance check (domain §3): the whole-portfolio check the task pane and CLI tables run, and
 * BALANCELEVEL as a sheet full of cells would call it. Inputs are generated deterministically (a fixed-seed
 * linear congruential generator), so runs are comparable; building the inputs is not timed.
 */

/** Deterministic pseudo-random integers in [0, n): Numerical Recipes LCG, seed fixed. */
function generator(seed = 20240601): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

const TOWNS = 20;
const AREAS_PER_TOWN = 10;

/**
 * A district of `projects` projects over `years` years from 2024: 20 镇街 × 10 片区, flows in 万元 with two
 * decimals, early years mostly cost and later years mostly income (so some projects balance, some pool, some need
 * an extension, some not at all), one project in four with bonds, every other one with plot-ratio data.
 */
export function generatePortfolio(projects = 5000, years = 30): Portfolio {
  const rnd = generator();
  const axis = Array.from({ length: years }, (_, k) => 2024 + k);
  const money = (max: number) => new Dec(rnd(max * 100)).div(100);
  const list: ProjectInput[] = [];
  for (let i = 0; i < projects; i++) {
    const town = rnd(TOWNS);
    const build = 2 + rnd(4);
    const income: Dec[] = [];
    const cost: Dec[] = [];
    for (let k = 0; k < years; k++) {
      income.push(k < build ? money(200) : money(1200));
      cost.push(k < build ? money(3000) : money(500));
    }
    const bonds = i % 4 === 0;
    list.push({
      id: `P${String(i + 1).padStart(5, "0")}`,
      town: `镇街${town + 1}`,
      area: `片区${town + 1}-${rnd(AREAS_PER_TOWN) + 1}`,
      income,
      cost,
      debtService: bonds ? axis.map((_, k) => (k >= build && k < build + 10 ? money(400) : new Dec(0))) : undefined,
      plannedEndYear: 2024 + Math.min(years - 1, build + 4 + rnd(10)),
      ...(i % 2 === 0
        ? {
            landArea: new Dec(20000 + rnd(30000)),
            resettleArea: money(30000),
            devArea: money(40000),
            maxFar: new Dec(2.5),
            netIncomePerSqm: new Dec(3000),
          }
        : {}),
    });
  }
  return { years: axis, projects: list };
}

/** CPU time of this process in ms (user + system): steadier than wall time on a shared machine. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

/**
 * Time `checkPortfolio` on a generated portfolio: one warm-up run, then the timed run. `ms` is wall time;
 * `cpuMs` the process CPU time of the same run (it includes the garbage collector's helper threads).
 */
export function benchPortfolio(projects = 5000, years = 30): { projects: number; years: number; ms: number; cpuMs: number } {
  const portfolio = generatePortfolio(projects, years);
  const warm = checkPortfolio(portfolio, { coverageThreshold: new Dec(POLICY.p_coverageThreshold.default) });
  if (isError(warm)) throw new Error(`benchmark portfolio rejected: ${warm.render().en}`);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = checkPortfolio(portfolio, { coverageThreshold: new Dec(POLICY.p_coverageThreshold.default) });
  const ms = performance.now() - start;
  const cpuTime = cpuMs(cpu);
  if (isError(result) || result.projects.length !== projects) throw new Error("benchmark run failed");
  return { projects, years, ms, cpuMs: cpuTime };
}

/**
 * The flow sums of every project of the generated portfolio (one warm-up pass, then the minimum of `runs` passes),
 * and the surplus allocation alone (PoolIndex.build + every verdict) on that portfolio's surpluses and needs.
 */
export function benchFlows(
  projects = 5000,
  years = 30,
  runs = 5,
): { flowsMs: number; allocationMs: number; verdicts: Record<string, number> } {
  const portfolio = generatePortfolio(projects, years);
  const threshold = new Dec(1.2);
  const pass = () => {
    const start = performance.now();
    for (const p of portfolio.projects) projectFlows(p, portfolio.years, threshold);
    return performance.now() - start;
  };
  pass();
  let flowsMs = Infinity;
  for (let r = 0; r < runs; r++) flowsMs = Math.min(flowsMs, pass());
  const result = checkPortfolio(portfolio, { coverageThreshold: new Dec(POLICY.p_coverageThreshold.default) });
  if (isError(result)) throw new Error(`benchmark portfolio rejected: ${result.render().en}`);
  const verdicts: Record<string, number> = {};
  for (const r of result.projects) {
    const kind = r.verdict.kind === "pooled" ? r.verdict.level : r.verdict.kind;
    verdicts[kind] = (verdicts[kind] ?? 0) + 1;
  }
  const members: PoolMember[] = result.projects.map((r) => ({ id: r.id, area: r.area, town: r.town, surplus: r.surplus, need: r.need }));
  let allocationMs = Infinity;
  for (let r = 0; r <= runs; r++) {
    const start = performance.now();
    const index = PoolIndex.build(members);
    if (isError(index)) throw new Error("benchmark pool rejected");
    index.outcomes();
    if (r > 0) allocationMs = Math.min(allocationMs, performance.now() - start);
  }
  return { flowsMs, allocationMs, verdicts };
}

/**
 * A sheet with `rows` projects and =SHANTY.BALANCELEVEL(A2, A$2:A$n, B$2:B$n, C$2:C$n, D$2:D$n) in every row:
 * each cell coerces and pools the whole range through `invoke`, as Excel and HyperFormula call it. Returns the
 * total and the time per cell (one warm-up pass of 50 cells first).
 */
export function benchBalanceLevelCells(rows = 2000): { rows: number; cells: number; ms: number; perCellMs: number; cpuMs: number } {
  const rnd = generator(7);
  const ids: RawArg[][] = [];
  const surpluses: RawArg[][] = [];
  const areas: RawArg[][] = [];
  const towns: RawArg[][] = [];
  for (let r = 0; r < rows; r++) {
    const town = rnd(TOWNS);
    ids.push([`P${r + 1}`]);
    surpluses.push([(rnd(200000) - 110000) / 100]);
    areas.push([`片区${town + 1}-${rnd(AREAS_PER_TOWN) + 1}`]);
    towns.push([`镇街${town + 1}`]);
  }
  const spec = getFunction("BALANCELEVEL");
  if (!spec) throw new Error("BALANCELEVEL is not registered");
  const call = (r: number) => invoke(spec, [ids[r][0], ids, surpluses, areas, towns]);
  for (let r = 0; r < Math.min(50, rows); r++) call(r);
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let r = 0; r < rows; r++) {
    const v = call(r);
    if (typeof v !== "string") throw new Error(`BALANCELEVEL row ${r + 1} did not return text`);
  }
  const ms = performance.now() - start;
  return { rows, cells: rows, ms, perCellMs: ms / rows, cpuMs: cpuMs(cpu) };
}

if (require.main === module) {
  const p = benchPortfolio();
  console.log(`checkPortfolio: ${p.projects} projects × ${p.years} years in ${p.ms.toFixed(1)} ms (CPU ${p.cpuMs.toFixed(1)} ms)`);
  const f = benchFlows();
  console.log(
    `flow sums of ${p.projects} × ${p.years}: ${f.flowsMs.toFixed(1)} ms (best of 5); ` +
      `surplus allocation ${f.allocationMs.toFixed(1)} ms; verdicts ${JSON.stringify(f.verdicts)}`,
  );
  const c = benchBalanceLevelCells();
  console.log(
    `BALANCELEVEL: ${c.cells} cells over a ${c.rows}-row range in ${c.ms.toFixed(0)} ms, ${c.perCellMs.toFixed(3)} ms per cell (CPU ${c.cpuMs.toFixed(0)} ms)`,
  );
}
