import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ExcelJS from "exceljs";
import { shanty } from "../support/shanty";

const SAMPLE = path.join(__dirname, "..", "..", "assets", "samples", "sample-district.xlsx");

describe("shanty plan / demo — the 收支平衡表 of the sample's bond-funded projects", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-bonds-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("plan writes the sheet and lists the debt system's checks and the scenarios", async () => {
    const out = path.join(dir, "plan.xlsx");
    const { code, out: text } = await shanty("plan", SAMPLE, "-o", out);
    expect(code).toBe(0);
    expect(text).toContain("收支平衡表（bondBalance）");
    // the three bond-funded projects, PG-2025-04 balanced only with its subsidy
    expect(text).toMatch(/PG-2024-08 .*：项目自平衡/);
    expect(text).toMatch(/PG-2025-04 .*：财政补助后平衡（本息覆盖倍数 1\.16 不含财政补助 \/ 2\.90 含财政补助）/);
    // Σ sources 49,650 = 24,650 + 15,000 + 8,000 + 2,000 against 总投资 48,650 = 46,700 + 1,950
    expect(text).toContain(
      "[不通过] 资金来源合计 = 总投资：资金来源合计（资本金 + 专项债券 + 市场化融资 + 财政补助）49650.00 万元 ≠ 总投资 48650.00 万元，相差 1000.00 万元",
    );
    expect(text).toContain("利率上升 100BP（重算还本付息）");
    expect(text).toContain("项目自平衡 19，");

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet("收支平衡表")!;
    expect(ws).toBeDefined();
    // a total is a formula with its cached value: 01 合计 of PG-2024-08 = 26,240
    let found = false;
    ws.eachRow((row) => {
      if (row.getCell(2).value === "项目运营预期收入" && !found) {
        const v = row.getCell(3).value as { formula: string; result: number };
        expect(v.formula).toMatch(/^SUM\(D\d+:K\d+\)$/);
        expect(v.result).toBe(26240);
        found = true;
      }
    });
    expect(found).toBe(true);
  });

  it("--only bonds writes the 收支平衡表 alone", async () => {
    const out = path.join(dir, "bonds-only.xlsx");
    const { code, out: text } = await shanty("plan", SAMPLE, "-o", out, "--only", "bonds");
    expect(code).toBe(0);
    expect(text).toContain("收支平衡表（bondBalance）");
    expect(text).not.toContain("年度计划（plan）");
  });

  it("demo writes the 收支平衡表 with its checks and 敏感性分析", async () => {
    const { code, out: text } = await shanty("demo", "--out", path.join(dir, "demo"));
    expect(code).toBe(0);
    expect(text).toContain("收支平衡表（bondBalance）");
    expect(text).toContain("敏感性分析：基准情景");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, "demo", "sample-district-plan.xlsx"));
    const ws = wb.getWorksheet("收支平衡表")!;
    const texts: string[] = [];
    ws.eachRow((row) => texts.push(String(row.getCell(2).value ?? "")));
    expect(texts.filter((t) => t === "债务管理系统校验（上报前自查）")).toHaveLength(3);
    expect(texts.filter((t) => t === "敏感性分析（压力测试）")).toHaveLength(3);
  }, 120_000);
});
