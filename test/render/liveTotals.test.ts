import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ExcelJS from "exceljs";
import { bundledSample } from "../../src/cli/demo";
import { shanty } from "../support/shanty";
import { HyperFormula } from "hyperformula";
import { checkPortfolio, PortfolioBalance } from "../../src/engine/balance";
import { Dec } from "../../src/engine/decimal";
import { buildBalanceSheet, portfolioFrom } from "../../src/workbook/balanceSheet";
import { FlowTable } from "../../src/workbook/flowTable";
import { defaultParameters } from "../../src/workbook/contract";
import type { FlowRow, ProjectRow } from "../../src/workbook/read";

jest.setTimeout(60_000);

/*
 * The 小计/合计/summary formulas of the generated sheets, evaluated by an independent engine (HyperFormula,
 * through `shanty recalc`), give exactly the cached values the generator wrote; and after a clerk edits one
 * project's households, the totals follow.
 */
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-live-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function formulaCells(wb: ExcelJS.Workbook, sheet: string): { address: string; formula: string; result: unknown }[] {
  const out: { address: string; formula: string; result: unknown }[] = [];
  wb.getWorksheet(sheet)!.eachRow((row) =>
    row.eachCell((cell) => {
      if (cell.type === ExcelJS.ValueType.Formula) out.push({ address: cell.address, formula: cell.formula, result: cell.result });
    }),
  );
  return out;
}

test("recalculated formulas equal the cached values written (plan and balance sheets)", async () => {
  const planned = path.join(dir, "plan.xlsx");
  const recalculated = path.join(dir, "recalc.xlsx");
  expect((await shanty("plan", bundledSample()!, "-o", planned)).code).toBe(0);
  expect((await shanty("recalc", planned, "-o", recalculated)).code).toBe(0);
  const before = new ExcelJS.Workbook();
  await before.xlsx.readFile(planned);
  const after = new ExcelJS.Workbook();
  await after.xlsx.readFile(recalculated);
  for (const sheet of ["年度计划", "资金平衡报告"]) {
    const cached = formulaCells(before, sheet);
    const computed = formulaCells(after, sheet);
    expect(cached.length).toBeGreaterThan(20);
    expect(computed.map((c) => c.formula)).toEqual(cached.map((c) => c.formula));
    computed.forEach((c, i) => {
      // Sums of 2-decimal values in binary floating point: equal to the cent.
      expect([c.address, Math.round(Number(c.result) * 100)]).toEqual([cached[i].address, Math.round(Number(cached[i].result) * 100)]);
    });
  }
});

test("a clerk's correction flows into 小计, 合计 and both summaries", async () => {
  const planned = path.join(dir, "plan2.xlsx");
  const edited = path.join(dir, "edited.xlsx");
  const recalculated = path.join(dir, "recalc2.xlsx");
  expect((await shanty("plan", bundledSample()!, "-o", planned)).code).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(planned);
  const ws = wb.getWorksheet("年度计划")!;
  expect(ws.getCell("B5").value).toBe("PG-2024-01");
  ws.getCell("F5").value = 620; // 520 → 620 households
  await wb.xlsx.writeFile(edited);
  expect((await shanty("recalc", edited, "-o", recalculated)).code).toBe(0);
  const back = new ExcelJS.Workbook();
  await back.xlsx.readFile(recalculated);
  const r = back.getWorksheet("年度计划")!;
  const valueIn = (label: string, col: number) => {
    let found: unknown;
    r.eachRow((row) => {
      const a = row.getCell(1).value;
      const b = row.getCell(2).value;
      if (a === label || b === label) found = row.getCell(col).result ?? row.getCell(col).value;
    });
    return found;
  };
  expect(valueIn("2024年小计", 6)).toBe(4026); // 3926 + 100
  expect(valueIn("2024年", 6)).toBe(4026); // by-year summary
  expect(valueIn("东关街道", 6)).toBe(3393); // 3293 + 100 (PG-2024-01 is in 东关街道)
  const totals: unknown[] = [];
  r.eachRow((row) => {
    if (row.getCell(1).value === "合计") totals.push(row.getCell(6).result);
  });
  expect(totals).toEqual([13261, 13261, 13261]); // list, by year, by town: 13161 + 100
});

test("shanty plan on its own output: unchanged sheets are replaced; a sheet edited in the file is kept as 年度计划（旧） and the run says so", async () => {
  const first = path.join(dir, "first.xlsx");
  const second = path.join(dir, "second.xlsx");
  const edited = path.join(dir, "edited-out.xlsx");
  const third = path.join(dir, "third.xlsx");
  expect((await shanty("plan", bundledSample()!, "-o", first)).code).toBe(0);
  const again = await shanty("plan", first, "-o", second);
  expect(again.code).toBe(0);
  expect(again.out).toContain("替换上次生成的「年度计划」");
  expect(again.out).not.toContain("（旧）");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(second);
  wb.getWorksheet("年度计划")!.getCell("C5").value = "东关南街棚户区改造项目（一期）";
  await wb.xlsx.writeFile(edited);
  const run = await shanty("plan", edited, "-o", third);
  expect(run.code).toBe(0);
  expect(run.out).toContain("已保留为「年度计划（旧）」");
  expect(run.out).toContain("替换上次生成的「资金平衡报告」");
  const back = new ExcelJS.Workbook();
  await back.xlsx.readFile(third);
  expect(back.getWorksheet("年度计划（旧）")!.getCell("C5").value).toBe("东关南街棚户区改造项目（一期）");
  expect(back.getWorksheet("年度计划")!.getCell("C5").value).toBe("东关南街棚户区改造项目");
  expect(back.definedNames.model.find((n) => n.name === "SHANTY_OUTPUT_PLAN")?.ranges).toEqual(["'年度计划'!$A$1"]);
});

describe("区域汇总 sums exactly what the engine pools (name variants, a 片区 without 镇街)", () => {
  /*
   * Five projects, one year (2025), 万元. The engine keys 镇街 and 片区 by their normalised names (trimmed, no
   * spaces, full-width → half-width, case-folded), and a 片区 by its 镇街 too:
   *   P1 东关街道 / A片区  +100
   *   P2 东关 街道 / A片区  −30     (the same 镇街, spelled with a space)
   *   P3 东关街道 / Ａ片区  +12.34  (the same 片区, full-width Ａ)
   *   P4 (no 镇街) / A片区  +50     (another 片区: the one without a 镇街)
   *   P5 西城街道 / —       −20
   * Pooled by hand: 全区 100 − 30 + 12.34 + 50 − 20 = 112.34 (5 projects); 东关街道 100 − 30 + 12.34 = 82.34 (3);
   * A片区 of 东关街道 82.34 (3); A片区 without 镇街 50 (1); 西城街道 −20 (1).
   * Formulas on the names as written split 东关街道 (100 + 12.34 = 112.34, without P2's −30) and summed every "A片区"
   * row into the 片区 without 镇街 (P1 + P2 + P4 = 120, the 东关街道 rows counted twice).
   */
  const project = (id: string, town: string | undefined, area: string | undefined, row: number) =>
    ({
      id,
      name: `项目${id}`,
      town,
      area,
      planYear: 2025,
      households: 10,
      buildingArea: 1000,
      sheet: "项目库",
      row,
    }) as unknown as ProjectRow;
  const flow = (projectId: string, income: number, cost: number, row: number) =>
    ({ projectId, year: 2025, income, cost, sheet: "现金流", row }) as unknown as FlowRow;
  const projects = [
    project("P1", "东关街道", "A片区", 1),
    project("P2", "东关 街道", "A片区", 2),
    project("P3", "东关街道", "Ａ片区", 3),
    project("P4", undefined, "A片区", 4),
    project("P5", "西城街道", undefined, 5),
  ];
  const flows = FlowTable.of([
    flow("P1", 100, 0, 1),
    flow("P2", 0, 30, 2),
    flow("P3", 12.34, 0, 3),
    flow("P4", 50, 0, 4),
    flow("P5", 0, 20, 5),
  ]);

  test("HyperFormula's recalculation of the sheet gives the engine's pooled totals and counts", () => {
    const built = buildBalanceSheet(projects, flows, defaultParameters(), { now: new Date(Date.UTC(2026, 0, 1)) });
    const sheet = built.sheet!;
    const cells: (string | number | boolean | null)[][] = sheet.rows.map((r) => r.map((c) => (c === undefined ? null : (c as never))));
    for (const f of sheet.formulas ?? []) cells[f.row][f.col] = `=${f.formula}`;
    const hf = HyperFormula.buildFromSheets({ [sheet.name]: cells }, { licenseKey: "gpl-v3" });
    try {
      const title = sheet.rows.findIndex((r) => r[0] === "层级");
      const summary: [string, string, string, unknown, unknown][] = [];
      for (let r = title + 1; r < sheet.rows.length && sheet.rows[r][0]; r++) {
        const value = (c: number) => hf.getCellValue({ sheet: 0, row: r, col: c });
        const sc = sheet.rows[title].indexOf("期内结余合计（万元）");
        const v = value(sc);
        summary.push([
          String(sheet.rows[r][0]),
          String(sheet.rows[r][1]),
          String(sheet.rows[r][2] ?? ""),
          value(3),
          typeof v === "number" ? Math.round(v * 100) / 100 : v,
        ]);
      }
      expect(summary).toEqual([
        ["全区", "全区", "", 5, 112.34],
        ["镇街", "东关街道", "", 3, 82.34],
        ["片区", "A片区", "东关街道", 3, 82.34],
        ["片区", "A片区", "", 1, 50],
        ["镇街", "西城街道", "", 1, -20],
      ]);
      // …and they are the engine's own region totals, in its order
      const { years, inputs } = portfolioFrom(projects, flows, []);
      const engine = checkPortfolio({ years, projects: inputs }, { coverageThreshold: new Dec(1.2) }) as PortfolioBalance;
      expect(summary.map((s) => [s[3], s[4]])).toEqual(engine.regions.map((g) => [g.projects, g.surplus.toNumber()]));
    } finally {
      hf.destroy();
    }
  });
});
