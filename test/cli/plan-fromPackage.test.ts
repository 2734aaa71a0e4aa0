import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import JSZip from "jszip";
import { loadWorkbookFile } from "../../src/cli/load";
import { DEFAULT_PACKAGE_LIMITS, readPackage } from "../../src/cli/package";
import type { PackedPart } from "../../src/cli/recalc/zip";
import { SAMPLE_FILE } from "../../scripts/gen-sample-workbook";
import { shanty } from "../support/shanty";
import { formulaAndResult, reportCells } from "../support/reportCells";

/*
 * `shanty plan` end to end through the package path (src/cli/plan/fromPackage.ts) against the ExcelJS path
 * (SHANTY_PLAN_VIA_EXCELJS=1): the same sheets and printed summary; the input's parts copied as they came; and the
 * cases the package path leaves to the ExcelJS path, which still work.
 */

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-frompkg-"));
});
afterEach(() => {
  delete process.env.SHANTY_PLAN_VIA_EXCELJS;
  fs.rmSync(dir, { recursive: true, force: true });
});

async function planVia(way: "package" | "exceljs", input: string, output: string): Promise<{ code: number; out: string }> {
  if (way === "exceljs") process.env.SHANTY_PLAN_VIA_EXCELJS = "1";
  try {
    return await shanty("plan", input, "-o", output);
  } finally {
    delete process.env.SHANTY_PLAN_VIA_EXCELJS;
  }
}

/** Each part's deflated bytes and CRC as stored in the zip (readPackage's verbatim-copy record). */
async function entries(file: string): Promise<Map<string, PackedPart>> {
  const packed = new Map<string, PackedPart>();
  await readPackage(fs.readFileSync(file), file, DEFAULT_PACKAGE_LIMITS, packed);
  return packed;
}

describe("shanty plan: the package path", () => {
  it("the sample: the same sheets, values and formulas as the ExcelJS path, the same summary printed", async () => {
    const a = path.join(dir, "package.xlsx");
    const b = path.join(dir, "exceljs.xlsx");
    const ra = await planVia("package", SAMPLE_FILE, a);
    const rb = await planVia("exceljs", SAMPLE_FILE, b);
    expect(ra.code).toBe(0);
    expect(rb.code).toBe(0);
    // The printed report is the same (the time of day in 生成时间 aside, which is not printed).
    expect(ra.out.replace(/\/tmp\/\S+/g, "")).toBe(rb.out.replace(/\/tmp\/\S+/g, ""));
    const ca = await reportCells(a, formulaAndResult);
    const cb = await reportCells(b, formulaAndResult);
    expect(Object.keys(ca)).toEqual(["年度计划", "资金平衡报告", "收支平衡表"]);
    // Both written in the same minute or not: only the 生成时间 text may differ.
    const noTime = (c: Record<string, Record<string, unknown>>) =>
      JSON.stringify(c).replace(/生成时间 \d{4}-\d\d-\d\d \d\d:\d\d/g, "生成时间 …");
    expect(noTime(ca)).toBe(noTime(cb));
    // Hand-checked figures of the sample (README): 24 projects, 13161 户, 128.34 万㎡ on the plan's 合计 row.
    const total = Object.entries(ca["年度计划"]).find(([, v]) => v === "合计")![0];
    const row = total.replace(/^[A-Z]+/, "");
    expect((ca["年度计划"][`F${row}`] as unknown[])[1]).toBe(13161);
    expect((ca["年度计划"][`G${row}`] as unknown[])[1]).toBe(128.34);
  });

  it("copies every part of the input as it came: the same compressed bytes and CRC, no part lost", async () => {
    const out = path.join(dir, "out.xlsx");
    expect((await planVia("package", SAMPLE_FILE, out)).code).toBe(0);
    const before = await entries(SAMPLE_FILE);
    const after = await entries(out);
    const changed = ["[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "docProps/app.xml"];
    for (const [name, e] of before) {
      expect(after.has(name)).toBe(true);
      if (changed.includes(name)) continue;
      expect(after.get(name)!.crc).toBe(e.crc);
      expect(after.get(name)!.packed.equals(e.packed)).toBe(true);
    }
    expect(before.size).toBeGreaterThan(10);
    expect(after.size).toBeGreaterThan(before.size);
  });

  it("a plan of its own output (an earlier output to replace) goes through the ExcelJS path and replaces the sheets", async () => {
    const first = path.join(dir, "first.xlsx");
    const second = path.join(dir, "second.xlsx");
    expect((await planVia("package", SAMPLE_FILE, first)).code).toBe(0);
    const again = await shanty("plan", first, "-o", second);
    expect(again.code).toBe(0);
    expect(again.out).toContain("替换上次生成的「年度计划」");
    const wb = await loadWorkbookFile(second);
    expect(wb.worksheets.filter((w) => w.name.startsWith("年度计划")).map((w) => w.name)).toEqual(["年度计划"]);
  });

  it("a worksheet whose part is missing stops the run, named (never silently left out of the plan)", async () => {
    const zip = await JSZip.loadAsync(fs.readFileSync(SAMPLE_FILE));
    const wbXml = await zip.file("xl/workbook.xml")!.async("string");
    const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
    const firstSheet = /<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"/.exec(wbXml)!;
    const target = new RegExp(`Id="${firstSheet[2]}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${firstSheet[2]}"`).exec(rels)!;
    zip.remove(`xl/${(target[1] ?? target[2]).replace(/^\/?xl\//, "")}`);
    const input = path.join(dir, "broken.xlsx");
    fs.writeFileSync(input, await zip.generateAsync({ type: "nodebuffer" }));
    const { code, out } = await shanty("plan", input, "-o", path.join(dir, "out.xlsx"));
    expect(code).not.toBe(0);
    expect(out).toContain(`无法读取 ${input} 中的工作表：${firstSheet[1]}`);
    expect(fs.existsSync(path.join(dir, "out.xlsx"))).toBe(false);
  });
});
