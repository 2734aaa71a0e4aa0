import { performance } from "perf_hooks";
import { buildEngine } from "../src/cli/hfPlugin";

/*
 * Issue 15 item 4: a 2,000-project list checked in HyperFormula two ways — BALANCELEVEL (and its ranges) in every
 * row, against one BALANCETABLE call that spills every row. Timed: building the workbook and computing every cell,
 * then reading the results; both give the same verdicts (checked here, cell by cell).
 */

function generator(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

/** Projects in rows 2…n+1: A id, B surplus (万元, 2 decimals), C 片区, D 镇街. */
function projectRows(n: number): (string | number)[][] {
  const rnd = generator(11);
  const rows: (string | number)[][] = [["项目编号", "结余（万元）", "片区", "镇街"]];
  for (let r = 0; r < n; r++) {
    const town = rnd(20);
    rows.push([`P${r + 1}`, (rnd(200000) - 110000) / 100, `片区${town + 1}-${rnd(10) + 1}`, `镇街${town + 1}`]);
  }
  return rows;
}

export interface BalanceTableBench {
  readonly projects: number;
  readonly levelCellsMs: number;
  readonly tableMs: number;
  readonly ratio: number;
  readonly identical: boolean;
}

export function benchBalanceTable(n = 2000): BalanceTableBench {
  const last = n + 1;
  const ranges = `$A$2:$A$${last},$B$2:$B$${last},$C$2:$C$${last},$D$2:$D$${last}`;
  const base = projectRows(n);
  const perRow = base.map((row, i) => (i === 0 ? [...row, "平衡层级"] : [...row, `=SHANTY.BALANCELEVEL(A${i + 1},${ranges})`]));
  const once = base.map((row, i) => (i === 1 ? [...row, `=SHANTY.BALANCETABLE(${ranges})`] : row));
  const run = (sheet: unknown[][]) => {
    buildEngine({ S: sheet.slice(0, 12) }).destroy(); // warm-up (JIT, plugin registration)
    const t0 = performance.now();
    const hf = buildEngine({ S: sheet });
    const values = hf.getSheetValues(0) as unknown[][];
    const ms = performance.now() - t0;
    hf.destroy();
    return { ms, values };
  };
  const a = run(perRow);
  const b = run(once);
  let identical = true;
  for (let r = 1; r <= n; r++) {
    const level = String(a.values[r][4]);
    const [id, kind, region, , gap] = b.values[r].slice(4) as (string | number)[];
    const expected =
      kind === "不能平衡"
        ? `不能平衡，缺口 ${Number(gap).toFixed(2)} 万元`
        : kind === "项目自平衡" || kind === "全区平衡"
          ? kind
          : `${kind}（${region}）`;
    if (id !== a.values[r][0] || level !== expected) identical = false;
  }
  return { projects: n, levelCellsMs: a.ms, tableMs: b.ms, ratio: a.ms / b.ms, identical };
}

if (require.main === module) {
  const r = benchBalanceTable();
  console.log(
    `${r.projects} projects in HyperFormula: BALANCELEVEL in every row ${r.levelCellsMs.toFixed(0)} ms, one BALANCETABLE ${r.tableMs.toFixed(0)} ms (${r.ratio.toFixed(1)}× faster), results identical: ${r.identical}`,
  );
}
