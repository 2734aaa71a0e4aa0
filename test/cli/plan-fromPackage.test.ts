import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import JSZip from "jszip";
import { loadWorkbookFile } from "../../src/cli/load";
import { DEFAULT_PACKAGE_LIMITS, normalisePackage, readPackage } from "../../src/cli/package";
import { earlierOutputs } from "../../src/cli/plan/earlier";
import { gridFromParts } from "../../src/cli/plan/readParts";
import { editStateOf, ownedSheet } from "../../src/cli/sheets";
import type { OutputRole } from "../../src/workbook/model";
import { convertWithLibreOffice, describeWith } from "../support/realPrograms";
import type { PackedPart } from "../../src/cli/recalc/zip";
import { SAMPLE_FILE } from "../../scripts/gen-sample-workbook";
import * as via from "../../src/cli/plan/viaExcelJs";
import { shanty } from "../support/shanty";
import { formulaAndResult, reportCells, withoutRunTime } from "../support/reportCells";

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

/** A clerk retypes a project's name in the generated table. */
const retypeName = (xml: string) => xml.replace(/<t>东关北街棚户区改造项目<\/t>/, "<t>东关北街棚户区改造项目（调整）</t>");

/** A copy of an output whose 年度计划's XML is changed by `edit`. */
async function editPlanSheet(output: string, to: string, edit: (xml: string) => string = retypeName): Promise<string> {
  const zip = await JSZip.loadAsync(fs.readFileSync(output));
  const wbXml = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const rId = /<sheet name="年度计划" sheetId="\d+" r:id="([^"]+)"/.exec(wbXml)![1];
  const part = `xl/${new RegExp(`Id="${rId}"[^>]*Target="([^"]+)"`).exec(rels)![1]}`;
  const xml = await zip.file(part)!.async("string");
  const edited = edit(xml);
  expect(edited).not.toBe(xml);
  zip.file(part, edited);
  fs.writeFileSync(to, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return to;
}

/** Each earlier output's edit state as the package path (earlierOutputs) and as the ExcelJS path (editStateOf) see it. */
async function editStates(file: string): Promise<{ pkg: [string, string][]; exceljs: [string, string][] }> {
  const roles: OutputRole[] = ["plan", "balance", "bondBalance", "approval"];
  const parts = await readPackage(fs.readFileSync(file), file, DEFAULT_PACKAGE_LIMITS);
  normalisePackage(parts);
  const { grid } = gridFromParts(parts);
  const pkg = earlierOutputs(parts, grid, roles, file).map((e) => [e.role, e.state] as [string, string]);
  const wb = await loadWorkbookFile(file);
  const exceljs = roles.flatMap((role) => {
    const ws = ownedSheet(wb, role);
    return ws ? [[role, editStateOf(wb, ws, role)] as [string, string]] : [];
  });
  return { pkg, exceljs };
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
    expect(withoutRunTime(ca)).toBe(withoutRunTime(cb));
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

  it("a plan of its own output replaces the earlier sheets on the package path, each in its place, nothing left over", async () => {
    const first = path.join(dir, "first.xlsx");
    const second = path.join(dir, "second.xlsx");
    const viaExcelJs = path.join(dir, "second-exceljs.xlsx");
    expect((await planVia("package", SAMPLE_FILE, first)).code).toBe(0);
    const spy = jest.spyOn(via, "planViaExcelJs");
    const again = await shanty("plan", first, "-o", second);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect(again.code).toBe(0);
    expect(again.out).toContain("替换上次生成的「年度计划」");
    expect(again.out).toContain("替换上次生成的「资金平衡报告」");
    expect(again.out).toContain("替换上次生成的「收支平衡表」");
    // The sheets in the same order as before; the same cells as the ExcelJS path's replacement.
    const names = async (f: string) => (await loadWorkbookFile(f)).worksheets.map((w) => w.name);
    expect(await names(second)).toEqual(await names(first));
    expect((await planVia("exceljs", first, viaExcelJs)).code).toBe(0);
    expect(withoutRunTime(await reportCells(second, formulaAndResult))).toBe(
      withoutRunTime(await reportCells(viaExcelJs, formulaAndResult)),
    );
    // The same parts as the first output (the old sheets' tables, drawings and charts gone, the new ones in their
    // names), and the parts that are not the outputs' copied as they came.
    const before = await entries(first);
    const after = await entries(second);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const input = await entries(SAMPLE_FILE);
    const changed = ["[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "docProps/app.xml"];
    for (const [name, e] of input) {
      if (changed.includes(name)) continue;
      expect(after.get(name)!.packed.equals(e.packed)).toBe(true);
    }
    // One ownership name per role, pointing at the new sheets; no name left on a sheet that is gone.
    const wb = await loadWorkbookFile(second);
    const model = wb.definedNames.model;
    expect(model.filter((n) => n.name === "SHANTY_OUTPUT_PLAN").map((n) => n.ranges)).toEqual([["'年度计划'!$A$1"]]);
    expect(model.filter((n) => n.name === "SHANTY_FINGERPRINT_BALANCE")).toHaveLength(1);
    // Planned a third time, it is still unchanged (its fingerprint matches): replaced again, not kept as edited.
    const third = await shanty("plan", second, "-o", path.join(dir, "third.xlsx"));
    expect(third.out).toContain("替换上次生成的「年度计划」");
    expect(third.out).not.toContain("（旧）");
  });

  it("a name of the user's that points into a replaced output goes with it, as on the ExcelJS path (written with &apos; too)", async () => {
    const first = path.join(dir, "first.xlsx");
    expect((await planVia("package", SAMPLE_FILE, first)).code).toBe(0);
    const zip = await JSZip.loadAsync(fs.readFileSync(first));
    const wbXml = await zip.file("xl/workbook.xml")!.async("string");
    const named = wbXml.replace(
      "</definedNames>",
      `<definedName name="我的合计">&apos;年度计划&apos;!$F$36</definedName><definedName name="我的参数">&apos;参数&apos;!$B$2</definedName></definedNames>`,
    );
    expect(named).not.toBe(wbXml);
    zip.file("xl/workbook.xml", named);
    const input = path.join(dir, "named.xlsx");
    fs.writeFileSync(input, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    const names = async (way: "package" | "exceljs") => {
      const out = path.join(dir, `${way}.xlsx`);
      expect((await planVia(way, input, out)).code).toBe(0);
      return (await loadWorkbookFile(out)).definedNames.model.map((n) => n.name).filter((n) => n.startsWith("我的"));
    };
    expect(await names("package")).toEqual(["我的参数"]);
    expect(await names("exceljs")).toEqual(["我的参数"]);
  });

  it("an earlier output the user edited is kept as 年度计划（旧）, its chart and print area following it; the new one as on the ExcelJS path", async () => {
    const first = path.join(dir, "first.xlsx");
    expect((await planVia("package", SAMPLE_FILE, first)).code).toBe(0);
    const input = await editPlanSheet(first, path.join(dir, "edited.xlsx"));
    const second = path.join(dir, "second.xlsx");
    const spy = jest.spyOn(via, "planViaExcelJs");
    const again = await shanty("plan", input, "-o", second);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect(again.code).toBe(0);
    expect(again.out).toContain("已保留为「年度计划（旧）」");
    expect(again.out).toContain("「年度计划」生成后被修改过，已保留并改名为「年度计划（旧）」");
    const wb = await loadWorkbookFile(second);
    const names = wb.worksheets.map((w) => w.name);
    expect(names.slice(0, 8)).toEqual(["项目库", "现金流", "债券", "参数", "测算示例", "年度计划（旧）", "资金平衡报告", "收支平衡表"]);
    expect(names[8]).toBe("年度计划");
    // The kept sheet is the user's now: the edit is there, the add-in's names point at the new sheet only.
    expect(JSON.stringify(await reportCells(second, formulaAndResult))).not.toContain("（调整）");
    const kept = wb.getWorksheet("年度计划（旧）")!;
    let edit = false;
    kept.eachRow((row) => row.eachCell((c) => void (c.value === "东关北街棚户区改造项目（调整）" && (edit = true))));
    expect(edit).toBe(true);
    expect(wb.definedNames.model.filter((n) => n.name === "SHANTY_OUTPUT_PLAN").map((n) => n.ranges)).toEqual([["'年度计划'!$A$1"]]);
    // The new sheets hold what the ExcelJS path writes.
    const viaExcelJs = path.join(dir, "exceljs.xlsx");
    expect((await planVia("exceljs", input, viaExcelJs)).code).toBe(0);
    expect(withoutRunTime(await reportCells(second, formulaAndResult))).toBe(
      withoutRunTime(await reportCells(viaExcelJs, formulaAndResult)),
    );
    // The kept sheet's chart and print area refer to the kept sheet; the new sheet's chart to the new one.
    const zip = await JSZip.loadAsync(fs.readFileSync(second));
    const charts = await Promise.all(
      Object.keys(zip.files)
        .filter((n) => /^xl\/charts\/chart\d+\.xml$/.test(n))
        .map((n) => zip.file(n)!.async("string")),
    );
    const refs = charts.map((x) => [...new Set([...x.matchAll(/<c:f>'([^']+)'!/g)].map((m) => m[1]))]);
    expect(refs.filter((r) => r.join() === "年度计划（旧）")).toHaveLength(refs.length / 2);
    expect(refs.filter((r) => r.join() === "年度计划")).toHaveLength(refs.length / 2);
    const wbXml = await zip.file("xl/workbook.xml")!.async("string");
    expect(wbXml).toContain(`<definedName name="_xlnm.Print_Area" localSheetId="5">'年度计划（旧）'!`);
    expect(wbXml).toContain(`<definedName name="_xlnm.Print_Area" localSheetId="8">'年度计划'!`);
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

describeWith("soffice", "earlier outputs as other programs save them", () => {
  it("the package path judges an earlier output unchanged or edited as the ExcelJS path does (fresh, edited, re-saved by LibreOffice)", async () => {
    const first = path.join(dir, "first.xlsx");
    expect((await planVia("package", SAMPLE_FILE, first)).code).toBe(0);
    const fresh = await editStates(first);
    expect(fresh.pkg).toEqual([
      ["plan", "unchanged"],
      ["balance", "unchanged"],
      ["bondBalance", "unchanged"],
    ]);
    expect(fresh.pkg).toEqual(fresh.exceljs);
    const edited = await editStates(await editPlanSheet(first, path.join(dir, "edited.xlsx")));
    expect(edited.pkg[0]).toEqual(["plan", "edited"]);
    expect(edited.pkg).toEqual(edited.exceljs);
    // The 2024 小计 row's three SUMs as one shared formula (as Excel writes a filled row): the same formulas, unchanged.
    const shared = await editStates(
      await editPlanSheet(first, path.join(dir, "shared.xlsx"), (xml) =>
        xml
          .replace("<f>SUM(F5:F12)</f>", '<f t="shared" ref="F13:H13" si="0">SUM(F5:F12)</f>')
          .replace("<f>SUM(G5:G12)</f>", '<f t="shared" si="0"/>')
          .replace("<f>SUM(H5:H12)</f>", '<f t="shared" si="0"/>'),
      ),
    );
    expect(shared.pkg[0]).toEqual(["plan", "unchanged"]);
    expect(shared.pkg).toEqual(shared.exceljs);
    // LibreOffice writes shared strings and its own formula spellings: whatever the ExcelJS path says, this path says.
    const resaved = convertWithLibreOffice(first, "xlsx", path.join(dir, "lo"));
    const lo = await editStates(resaved);
    expect(lo.pkg.map(([role]) => role)).toEqual(["plan", "balance", "bondBalance"]);
    expect(lo.pkg).toEqual(lo.exceljs);
    // And the re-saved workbook plans again: LibreOffice reads the output.
    const again = path.join(dir, "again.xlsx");
    expect((await shanty("plan", resaved, "-o", again)).code).toBe(0);
    const back = convertWithLibreOffice(again, "xlsx", path.join(dir, "lo2"));
    const names = (await loadWorkbookFile(back)).worksheets.map((w) => w.name);
    expect(names.filter((n) => n.startsWith("年度计划"))).toHaveLength(lo.pkg[0][1] === "edited" ? 2 : 1);
  });
});
