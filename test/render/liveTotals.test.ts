import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ExcelJS from "exceljs";
import { bundledSample } from "../../src/cli/demo";
import { shanty } from "../support/shanty";

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
