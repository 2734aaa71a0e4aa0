import * as zlib from "zlib";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ExcelJS from "exceljs";
import JSZip from "jszip";
import { readGrid } from "../../src/cli/grid";
import { loadWorkbookWithNotes } from "../../src/cli/load";
import { readPackage } from "../../src/cli/package";
import { settleParts, writeSheetsToParts } from "../../src/cli/plan/writeParts";
import { writeZip } from "../../src/cli/recalc/zip";
import { workbookBytes, writeSheets } from "../../src/cli/sheets";
import { tableModel, worksheetTables } from "../../src/cli/xlsx";
import { generateOutputs, OutputKind, templateSheets } from "../../src/workbook/generate";
import { ownershipName, SheetModel } from "../../src/workbook/model";
import { convertWithLibreOffice, describeWith, runPython } from "../support/realPrograms";
import { pdfText, popplerOrSkip } from "../support/pdf";
import { writeScaleWorkbook } from "../../bench/planScale";

jest.setTimeout(240_000);

/*
 * The package writer of `shanty plan` (src/cli/plan/writeParts.ts) against the ExcelJS path it stands in for
 * (writeSheets + workbookBytes): both outputs are loaded with ExcelJS and compared cell for cell (value, formula,
 * number format, font, fill, alignment, border) and sheet for sheet (merges, columns, rows, page setup, print
 * area and titles, views, tables, defined names, calculation); then real programs read the new file
 * (LibreOffice prints both to the same PDF text and page count, openpyxl reads the print setup and styles).
 */

const SAMPLE = path.join(__dirname, "..", "..", "assets", "samples", "sample-district.xlsx");
const NOW = new Date(2026, 11, 1, 9, 30);

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-writeparts-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Outputs {
  readonly input: Buffer;
  readonly inputParts: Map<string, Buffer>;
  readonly outParts: Map<string, Buffer>;
  readonly old: Buffer;
  readonly fresh: Buffer;
  readonly names: string[];
  readonly notes: readonly string[];
  readonly skipped: readonly string[];
  readonly oldSkipped: readonly string[];
}

/** Both outputs for the sheets `make` builds from the input file (generated on the input as loaded). */
async function outputs(file: string, make: (wb: ExcelJS.Workbook) => readonly SheetModel[]): Promise<Outputs> {
  const input = fs.readFileSync(file);
  const { workbook } = await loadWorkbookWithNotes(file);
  const sheets = make(workbook);
  const inputParts = await readPackage(input, "input");
  const copy = new Map(inputParts);
  const r = writeSheetsToParts(copy, sheets);
  if ("decline" in r) throw new Error(`declined: ${r.decline}`);
  const settled = await settleParts(r);
  const fresh = writeZip(settled);
  // The generated sheets come deflated in pieces (./deflate.ts): each one inflates to its size and CRC.
  const outParts = new Map<string, Buffer>();
  for (const [name, part] of settled) {
    if (Buffer.isBuffer(part)) {
      outParts.set(name, part);
      continue;
    }
    const bytes = zlib.inflateRawSync(part.packed);
    expect(bytes.length).toBe(part.size);
    expect(zlib.crc32(bytes) >>> 0).toBe(part.crc);
    outParts.set(name, bytes);
  }
  const written = writeSheets(workbook, sheets);
  const old = await workbookBytes(workbook, written.charts);
  expect(r.result.sheets).toEqual(written.sheets);
  expect(r.result.notes).toEqual(written.notes.filter((n) => !/图表/.test(n)));
  return {
    input,
    inputParts,
    outParts,
    old,
    fresh,
    names: r.result.sheets.map((s) => s.name),
    notes: r.result.notes,
    skipped: r.result.skippedNames,
    oldSkipped: written.skippedNames,
  };
}

function generated(kinds: readonly OutputKind[] = ["plan", "balance", "bonds"]) {
  return (wb: ExcelJS.Workbook) => generateOutputs(readGrid(wb), kinds, { now: NOW }).sheets;
}

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

function clean<T extends object>(o: T | undefined): Record<string, unknown> | undefined {
  if (!o) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== false) out[k] = v;
  return Object.keys(out).length ? out : undefined;
}

/** What a cell shows and how it looks, as ExcelJS reads it. */
function cellFacts(cell: ExcelJS.Cell, defaultFonts: readonly string[] = []): Record<string, unknown> | undefined {
  const v = cell.value;
  let font = cell.font ? clean({ bold: cell.font.bold || undefined, size: cell.font.size, color: cell.font.color?.argb }) : undefined;
  if (defaultFonts.includes(JSON.stringify(font))) font = undefined;
  const fill =
    cell.fill && cell.fill.type === "pattern" && cell.fill.pattern !== "none"
      ? { pattern: cell.fill.pattern, fg: cell.fill.fgColor?.argb }
      : undefined;
  const border = cell.border
    ? clean({
        top: cell.border.top?.style,
        left: cell.border.left?.style,
        bottom: cell.border.bottom?.style,
        right: cell.border.right?.style,
      })
    : undefined;
  const facts = clean({
    value: v === null || v === undefined ? undefined : v,
    numFmt: cell.numFmt && cell.numFmt !== "General" ? cell.numFmt : undefined,
    font,
    fill,
    alignment: clean(cell.alignment ?? {}),
    border,
  });
  return facts;
}

/** A sheet as ExcelJS reads it: every cell's facts and the sheet's layout, print setup and tables. */
function sheetFacts(ws: ExcelJS.Worksheet, width: number, defaultFonts: readonly string[] = []) {
  const cells: Record<string, unknown> = {};
  for (let r = 1; r <= ws.rowCount; r++) {
    for (let c = 1; c <= Math.max(ws.columnCount, width); c++) {
      const f = cellFacts(ws.getCell(r, c), defaultFonts);
      if (f) cells[ws.getCell(r, c).address] = f;
    }
  }
  const columns: Record<number, unknown> = {};
  for (let c = 1; c <= Math.max(ws.columnCount, width); c++) {
    const col = ws.getColumn(c);
    // ExcelJS's writer leaves out a width of 9 (its default); the package writer writes it (asserted on its own below).
    const f = clean({ width: col.width === 9 ? undefined : col.width, hidden: col.hidden });
    if (f) columns[c] = f;
  }
  const heights: Record<number, number> = {};
  for (let r = 1; r <= ws.rowCount; r++) {
    const h = ws.getRow(r).height;
    if (h !== undefined) heights[r] = h;
  }
  const merges = [...((ws.model as unknown as { merges?: string[] }).merges ?? [])].sort();
  const tables = worksheetTables(ws).map((t) => {
    const m = (t as unknown as { table: { tableRef?: string; ref: string; style?: unknown; totalsRow?: boolean; columns: unknown[] } })
      .table;
    return { ...tableModel(t), ref: m.tableRef ?? m.ref, style: m.style, totalsRow: Boolean(m.totalsRow) };
  });
  return { cells, columns, heights, merges, pageSetup: ws.pageSetup, headerFooter: clean(ws.headerFooter ?? {}), views: ws.views, tables };
}

function sortedNames(wb: ExcelJS.Workbook) {
  return wb.definedNames.model.map((n) => ({ name: n.name, ranges: [...n.ranges].sort() })).sort((a, b) => a.name.localeCompare(b.name));
}

/** The package's sheet parts by sheet name (workbook.xml + rels). */
async function sheetXmlByName(bytes: Buffer): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const wb = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const out = new Map<string, string>();
  for (const m of wb.matchAll(/<sheet\b[^>]*name="([^"]*)"[^>]*r:id="([^"]+)"/g)) {
    const target = new RegExp(`Id="${m[2]}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${m[2]}"`).exec(rels);
    const t = (target?.[1] ?? target?.[2] ?? "").replace(/^\/?xl\//, "");
    out.set(m[1], await zip.file(`xl/${t}`)!.async("string"));
  }
  return out;
}

function breaksOf(xml: string | undefined): number[] {
  return [...(xml ?? "").matchAll(/<brk\b[^>]*\bid="(\d+)"/g)].map((m) => Number(m[1]));
}

/**
 * `defaultFonts`: fonts (as cellFacts writes them) that are the workbook's default font — a cell whose style sets
 * no font shows the input's default font in the new output, ExcelJS's own (Calibri 11, theme colour) in the old.
 */
async function expectEquivalent(o: Outputs, models: number, defaultFonts: readonly object[] = []) {
  const defaults = defaultFonts.map((f) => JSON.stringify(f));
  const a = await load(o.old);
  const b = await load(o.fresh);
  expect(b.worksheets.map((w) => w.name)).toEqual(a.worksheets.map((w) => w.name));
  expect(o.names).toHaveLength(models);
  for (const name of o.names) {
    const wa = a.getWorksheet(name)!;
    const wb = b.getWorksheet(name)!;
    const width = Math.max(wa.columnCount, wb.columnCount);
    const fa = sheetFacts(wa, width, defaults);
    const fb = sheetFacts(wb, width, defaults);
    expect({ name, ...fb }).toEqual({ name, ...fa });
    expect(Object.keys(fb.cells).length).toBeGreaterThan(10);
  }
  // The input's own sheets: the same values (the new output keeps their parts as they were).
  for (const ws of a.worksheets) {
    if (o.names.includes(ws.name)) continue;
    const vals = (w: ExcelJS.Worksheet) => {
      const out: Record<string, unknown> = {};
      w.eachRow((row) => row.eachCell((cell) => (out[cell.address] = cell.value)));
      return out;
    };
    expect(vals(b.getWorksheet(ws.name)!)).toEqual(vals(ws));
  }
  expect(sortedNames(b)).toEqual(sortedNames(a));
  // ExcelJS does not read calcPr back: from workbook.xml.
  const calc = async (bytes: Buffer) =>
    /<calcPr\b[^>]*\bfullCalcOnLoad="1"/.test(await (await JSZip.loadAsync(bytes)).file("xl/workbook.xml")!.async("string"));
  expect(await calc(o.fresh)).toBe(await calc(o.old));
  expect(o.skipped).toEqual(o.oldSkipped);
  // Row breaks (ExcelJS does not read them back): from the sheet XML.
  const xa = await sheetXmlByName(o.old);
  const xb = await sheetXmlByName(o.fresh);
  for (const name of o.names) expect(breaksOf(xb.get(name))).toEqual(breaksOf(xa.get(name)));
  // Charts: the same chart and drawing parts.
  const parts = async (bytes: Buffer) => {
    const zip = await JSZip.loadAsync(bytes);
    const out: Record<string, string> = {};
    for (const f of Object.values(zip.files)) if (/^xl\/(charts|drawings)\//.test(f.name) && !f.dir) out[f.name] = await f.async("string");
    return out;
  };
  expect(await parts(o.fresh)).toEqual(await parts(o.old));
}

/** Input parts the writer did not need to change are the very same buffers; every XML part written is well-formed. */
function expectKeptAndWellFormed(o: Outputs) {
  const changed = new Set(["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "[Content_Types].xml"]);
  for (const [name, bytes] of o.inputParts) {
    expect(o.outParts.has(name)).toBe(true);
    if (!changed.has(name)) expect(o.outParts.get(name)).toBe(bytes);
  }
  const check = path.join(dir, "xmllint");
  fs.mkdirSync(check, { recursive: true });
  for (const [name, bytes] of o.outParts) {
    if (o.inputParts.get(name) === bytes || !/\.(xml|rels)$/.test(name)) continue;
    const file = path.join(check, name.replace(/[^\w.]+/g, "_"));
    fs.writeFileSync(file, bytes);
    execFileSync("xmllint", ["--noout", file]);
  }
}

describe("writeSheetsToParts: the same workbook as the ExcelJS writer", () => {
  let sample: Outputs;
  beforeAll(async () => {
    sample = await outputs(SAMPLE, generated());
  });

  test("the sample's plan, balance report and 收支平衡表 (its 债券 table): cells, styles, layout, print setup, tables, names", async () => {
    expect(sample.names).toEqual(["年度计划", "资金平衡报告", "收支平衡表"]);
    await expectEquivalent(sample, 3);
    expectKeptAndWellFormed(sample);
  });

  test("hand-checked facts of the new file: formulas with cached values, inline strings, print area and titles, calc on load", async () => {
    const wb = await load(sample.fresh);
    const bonds = wb.getWorksheet("收支平衡表")!;
    let total: ExcelJS.CellFormulaValue | undefined;
    bonds.eachRow((row) => {
      if (!total && row.getCell(2).value === "项目运营预期收入") total = row.getCell(3).value as ExcelJS.CellFormulaValue;
    });
    // 01 合计 of PG-2024-08: Σ of its years = 26,240 (the bond plan test's hand-checked number).
    expect(total?.formula).toMatch(/^SUM\(D\d+:K\d+\)$/);
    expect(total?.result).toBe(26240);
    const plan = wb.getWorksheet("年度计划")!;
    expect(plan.pageSetup.paperSize).toBe(9);
    expect(plan.pageSetup.printArea).toBe("A1:J67");
    expect(plan.pageSetup.printTitlesRow).toBe("3:3");
    expect(plan.views[0]).toMatchObject({ state: "frozen", ySplit: 3, topLeftCell: "A4" });
    // The plan's widths as designed (planSheet.ts COLUMN_WIDTHS), 户数 and 投资主体 at 9 too (ExcelJS left those out).
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((c) => plan.getColumn(c).width)).toEqual([5, 12, 30, 10, 13, 9, 11, 12, 9, 8]);
    expect(sample.outParts.get("xl/workbook.xml")!.toString("utf8")).toContain('<calcPr calcId="171027" fullCalcOnLoad="1"/>');
    const names = Object.fromEntries(wb.definedNames.model.map((n) => [n.name, n.ranges]));
    expect(names[ownershipName("plan")]).toEqual(["'年度计划'!$A$1"]);
    expect(names.p_baseRate).toEqual(["'参数'!$B$2"]);
    // The sample's own sheets are untouched parts; the shared strings are the input's.
    expect(sample.outParts.get("xl/sharedStrings.xml")).toBe(sample.inputParts.get("xl/sharedStrings.xml"));
    const xml = (await sheetXmlByName(sample.fresh)).get("年度计划")!;
    expect(xml).toContain('t="inlineStr"');
    expect(xml).not.toMatch(/t="s"/);
  });

  test("the template's sheets into an empty workbook (named cells, tables of the input data)", async () => {
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet("Sheet1").getCell("A1").value = "用户的数据";
    const file = path.join(dir, "empty.xlsx");
    await empty.xlsx.writeFile(file);
    const o = await outputs(file, () => templateSheets(true));
    await expectEquivalent(o, templateSheets(true).length);
    expectKeptAndWellFormed(o);
  });

  test("a portfolio of 240 projects from the scale bench's workbook (streamed, no styles of its own)", async () => {
    const file = path.join(dir, "scale.xlsx");
    await writeScaleWorkbook(240, file);
    const o = await outputs(file, generated());
    await expectEquivalent(o, o.names.length);
    expect(o.names).toEqual(expect.arrayContaining(["年度计划", "资金平衡报告"]));
    expectKeptAndWellFormed(o);
  });

  test("named cells the workbook already has are skipped, as by the ExcelJS writer", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Sheet1").getCell("A1").value = 1;
    wb.definedNames.add("'Sheet1'!$A$1", "p_baseRate");
    const file = path.join(dir, "named.xlsx");
    await wb.xlsx.writeFile(file);
    const o = await outputs(file, () => templateSheets(false));
    expect(o.skipped).toEqual(["p_baseRate"]);
    expect(o.notes.join("\n")).toContain("p_baseRate");
    await expectEquivalent(o, templateSheets(false).length);
  });

  test("a user's sheet with the preferred name: the new sheet gets the free name, the user's is kept", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(SAMPLE);
    wb.addWorksheet("年度计划").getCell("A1").value = "用户自己的年度计划";
    const file = path.join(dir, "taken.xlsx");
    await wb.xlsx.writeFile(file);
    const o = await outputs(file, generated(["plan"]));
    expect(o.names).toEqual(["年度计划 (2)"]);
    await expectEquivalent(o, 1);
  });

  test("loads no ExcelJS (the writer, the package reader and the zip writer)", () => {
    const root = path.join(__dirname, "..", "..");
    const code =
      'for (const m of ["./src/cli/plan/writeParts", "./src/cli/package", "./src/cli/recalc/zip"]) require(m);' +
      "console.log(Object.keys(require.cache).filter((k) => /[\\\\/]exceljs[\\\\/]/.test(k)).length)";
    const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", code], { cwd: root, encoding: "utf8" });
    expect(out.trim()).toBe("0");
  });

  test("declines an earlier output (the caller removes it first, earlier.ts) and duplicate roles", async () => {
    const parts = await readPackage(sample.fresh, "out");
    const { workbook } = await loadWorkbookWithNotes(SAMPLE);
    const sheets = generated(["plan"])(workbook);
    expect(writeSheetsToParts(parts, sheets)).toEqual({ decline: expect.stringContaining("SHANTY_OUTPUT_PLAN") });
    const input = await readPackage(fs.readFileSync(SAMPLE), "in");
    expect(writeSheetsToParts(input, [...sheets, ...sheets])).toEqual({ decline: expect.stringContaining("two output sheets") });
  });

  test("a workbook.xml and styles.xml written with an x: prefix get x: elements", async () => {
    const parts = await readPackage(fs.readFileSync(SAMPLE), "in");
    const prefixed = (xml: string, root: string) =>
      xml
        .replace(/<(\/?)(?!\?)([A-Za-z]\w*)(?=[\s>/])/g, (m, slash: string, tag: string) =>
          tag === "Relationship" ? m : `<${slash}x:${tag}`,
        )
        .replace(`<x:${root} xmlns="`, `<x:${root} xmlns:x="`);
    parts.set("xl/workbook.xml", Buffer.from(prefixed(parts.get("xl/workbook.xml")!.toString("utf8"), "workbook"), "utf8"));
    parts.set("xl/styles.xml", Buffer.from(prefixed(parts.get("xl/styles.xml")!.toString("utf8"), "styleSheet"), "utf8"));
    const { workbook } = await loadWorkbookWithNotes(SAMPLE);
    const r = writeSheetsToParts(parts, generated()(workbook));
    if ("decline" in r) throw new Error(r.decline);
    const wbXml = r.parts.get("xl/workbook.xml")!.toString("utf8");
    expect(wbXml).toContain('<x:sheet name="年度计划"');
    expect(wbXml).toContain('<x:definedName name="SHANTY_OUTPUT_PLAN">');
    expect(wbXml).not.toMatch(/<(sheet|definedName) /);
    const styles = r.parts.get("xl/styles.xml")!.toString("utf8");
    expect(styles).not.toMatch(/<(xf|font|fill|border|numFmt)[ >/]/);
    // ExcelJS (after the CLI's normalisation that rebinds prefixes) reads the same styles as from the plain input.
    const file = path.join(dir, "prefixed.xlsx");
    fs.writeFileSync(file, writeZip(await settleParts(r)));
    const a = (await loadWorkbookWithNotes(file)).workbook.getWorksheet("年度计划")!;
    const b = await load(sample.fresh);
    const width = 11;
    expect(sheetFacts(a, width).cells).toEqual(sheetFacts(b.getWorksheet("年度计划")!, width).cells);
  });
});

describeWith("both", "writeSheetsToParts: real programs read the new file", () => {
  let sample: Outputs;
  let roundTripped: Outputs;
  beforeAll(async () => {
    sample = await outputs(SAMPLE, generated());
    // The sample as ExcelJS writes it: the ExcelJS path rewrites the user's sheets with firstPageNumber="1"
    // useFirstPageNumber="1" (LibreOffice then numbers each sheet's pages from 1), the new path keeps them as
    // they are (pages numbered through the workbook). From this input both outputs have the same user sheets.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(SAMPLE);
    const file = path.join(dir, "roundtrip.xlsx");
    await wb.xlsx.writeFile(file);
    roundTripped = await outputs(file, generated());
  });

  function pdfs(o: Outputs, tag: string): [string, string] {
    return [o.old, o.fresh].map((bytes, i) => {
      const file = path.join(dir, `lo-${tag}-${i}`, "out.xlsx");
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, bytes);
      return convertWithLibreOffice(file, "pdf", path.dirname(file));
    }) as [string, string];
  }
  const pages = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf], { encoding: "utf8" }))![1]);

  test("LibreOffice prints the old and the new output to the same pages and text", () => {
    if (!popplerOrSkip("writeSheetsToParts PDF")) return;
    const [a, b] = pdfs(roundTripped, "rt");
    expect(pages(a)).toBeGreaterThan(10);
    expect(pages(b)).toBe(pages(a));
    // The same characters printed; the order in which wrapped header lines come out may differ (the new file keeps the
    // columns of width 9 that ExcelJS left out, so a few headers wrap elsewhere). The cells are compared one by one above.
    const chars = (t: string) => [...t.replace(/\s+/g, "")].sort().join("");
    expect(chars(pdfText(b))).toBe(chars(pdfText(a)));
    // From the sample itself: the same pages; the text differs only in the page numbers of the footers.
    const [c, d] = pdfs(sample, "raw");
    expect(pages(d)).toBe(pages(c));
    expect(pdfText(d).match(/第 \d+ 页 共 \d+ 页/g)?.length).toBe(pdfText(c).match(/第 \d+ 页 共 \d+ 页/g)?.length);
  });

  test("a workbook LibreOffice wrote (its own styles.xml, workbook.xml and tables) gets the same sheets", async () => {
    const lo = convertWithLibreOffice(SAMPLE, "xlsx", path.join(dir, "lo-input"));
    const o = await outputs(lo, generated());
    expect(o.names).toEqual(["年度计划", "资金平衡报告", "收支平衡表"]);
    // LibreOffice's default font: Calibri 11 in black given as rgb (ExcelJS's: Calibri 11 in theme colour 1).
    await expectEquivalent(o, 3, [{ size: 11 }, { size: 11, color: "FF000000" }]);
    expectKeptAndWellFormed(o);
  });

  test("openpyxl reads the print setup, panes, merges and styles", () => {
    const file = path.join(dir, "openpyxl.xlsx");
    fs.writeFileSync(file, sample.fresh);
    const out = runPython(
      `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["年度计划"]
a1 = ws["A1"]
header = ws["A3"]
print(json.dumps({
  "area": ws.print_area, "titles": ws.print_title_rows, "freeze": ws.freeze_panes,
  "merged": "A1:J1" in [str(m) for m in ws.merged_cells.ranges],
  "a1": [a1.value, a1.font.b, a1.font.sz, a1.alignment.horizontal],
  "header": [header.value, header.font.b, header.border.left.style, header.fill.fgColor.rgb],
  "paper": ws.page_setup.paperSize, "fit": ws.sheet_properties.pageSetUpPr.fitToPage,
  "balance_titles": wb["资金平衡报告"].print_title_cols, "calc": wb.calculation.fullCalcOnLoad,
}, ensure_ascii=False))
`,
      file,
    );
    const facts = JSON.parse(out) as Record<string, unknown>;
    expect([facts.area].flat()).toEqual(["$A$1:$J$67"]);
    expect(facts.titles).toBe("$3:$3");
    expect(facts.freeze).toBe("A4");
    expect(facts.merged).toBe(true);
    expect(Number(facts.paper)).toBe(9);
    expect(facts.fit).toBe(true);
    expect(facts.balance_titles).toBe("$A:$B");
    expect(facts.calc).toBe(true);
    expect((facts.a1 as unknown[]).slice(1)).toEqual([true, 18, "center"]);
    expect(facts.header).toEqual(["序号", true, "thin", "FFDEEAF6"]);
  });
});
