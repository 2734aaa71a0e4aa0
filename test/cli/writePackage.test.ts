import * as ExcelJS from "exceljs";
import JSZip from "jszip";
import { addChartsToXlsx } from "../../src/cli/chartPart";
import { writeSheets } from "../../src/cli/sheets";
import { excelJsParts, packageWithCharts, storedParts } from "../../src/cli/writePackage";
import { generateOutputs } from "../../src/workbook/generate";
import { sampleGrid } from "../support/sampleGrid";

jest.setTimeout(60_000);

/*
 * The plan output's packaging (src/cli/writePackage.ts: shared style objects, ExcelJS into a stored zip, charts
 * added to the parts, one zlib pass) against the reference route it replaced (ExcelJS's own deflate, then the
 * charts added by re-opening that zip with JSZip): every part of the two packages must be the same XML, part for
 * part — cells, style ids, styles.xml, tables, print setup, defined names, charts and drawings.
 */
const NOW = new Date(2026, 11, 1, 9, 30);

async function sampleWorkbook() {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Sheet1").getCell("A1").value = "用户的数据";
  const written = writeSheets(wb, generateOutputs(sampleGrid(), ["plan", "balance", "bonds"], { now: NOW }).sheets);
  // ExcelJS stamps docProps/core.xml with the time of writing: fixed, so both packages can be compared whole.
  wb.created = NOW;
  wb.modified = NOW;
  return { wb, charts: written.charts };
}

async function partsOf(bytes: Buffer): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new Map<string, string>();
  for (const f of Object.values(zip.files)) if (!f.dir) out.set(f.name, await f.async("string"));
  return out;
}

describe("plan output packaging", () => {
  test("is part for part the package of the reference route (ExcelJS deflate + JSZip chart step)", async () => {
    const a = await sampleWorkbook();
    const reference = await addChartsToXlsx(Buffer.from((await a.wb.xlsx.writeBuffer()) as ArrayBuffer), a.charts);
    const b = await sampleWorkbook();
    const fast = await packageWithCharts(b.wb, b.charts);
    const ref = await partsOf(reference);
    const got = await partsOf(fast);
    expect([...got.keys()].sort()).toEqual([...ref.keys()].sort());
    // The sample has charts (so the chart step is covered) and more than one style.
    expect([...got.keys()].filter((k) => /^xl\/charts\/chart\d+\.xml$/.test(k)).length).toBeGreaterThan(0);
    expect((got.get("xl/styles.xml")!.match(/<xf /g) ?? []).length).toBeGreaterThan(5);
    for (const [name, xml] of ref) expect({ name, xml: got.get(name) }).toEqual({ name, xml });
  });

  test("ExcelJS's parts taken without its zip are its stored zip's parts: same names, same order, same bytes", async () => {
    const a = await sampleWorkbook();
    const viaZip = await storedParts(a.wb);
    const b = await sampleWorkbook();
    const direct = await excelJsParts(b.wb);
    expect(direct).toBeDefined();
    expect([...direct!.keys()]).toEqual([...viaZip.keys()]);
    expect(viaZip.has("xl/styles.xml") && viaZip.has("xl/worksheets/sheet2.xml")).toBe(true);
    for (const [name, bytes] of viaZip) expect({ name, same: direct!.get(name)!.equals(bytes) }).toEqual({ name, same: true });
  });

  test("compresses large parts at the fast level and small ones at the default (a valid zip either way)", async () => {
    const { wb, charts } = await sampleWorkbook();
    const small = await packageWithCharts(wb, charts, { level: 9, largeLevel: 0, largeBytes: 1 });
    const again = await sampleWorkbook();
    const normal = await packageWithCharts(again.wb, again.charts);
    // largeBytes 1 makes every non-empty part "large" → level 0: stored-size deflate blocks, a bigger file.
    expect(small.length).toBeGreaterThan(normal.length);
    expect([...(await partsOf(small)).keys()].sort()).toEqual([...(await partsOf(normal)).keys()].sort());
  });
});
