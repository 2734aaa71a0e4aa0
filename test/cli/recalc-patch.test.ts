import * as zlib from "zlib";
import { key, type Patch } from "../../src/cli/recalc/cells";
import { patchSheet, patchSheetChunks } from "../../src/cli/recalc/patch";
import { scanSheet } from "../../src/cli/recalc/package";
import { deflatePart, writeZip } from "../../src/cli/recalc/zip";

/*
 * Writing values back a chunk at a time (patch.ts patchSheetChunks → zip.ts deflatePart): the new sheet is
 * never built whole, so these check that the pieces put together are exactly the sheet with the new values,
 * across chunk boundaries (1 MB), and that the streamed deflate packs the same bytes as a one-shot deflate.
 */

const HEAD = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const TAIL = "</sheetData></worksheet>";

/** Rows of `<c r="An"><v>n</v></c><c r="Bn"><f>A{n}*2</f><v>0</v></c>`; the expected text computed separately. */
function sheet(rows: number, value: (n: number) => string): { xml: string; expected: string } {
  const xml: string[] = [HEAD];
  const expected: string[] = [HEAD];
  for (let n = 1; n <= rows; n++) {
    xml.push(`<row r="${n}"><c r="A${n}"><v>${n}</v></c><c r="B${n}"><f>A${n}*2</f><v>0</v></c></row>`);
    expected.push(`<row r="${n}"><c r="A${n}"><v>${n}</v></c><c r="B${n}"><f>A${n}*2</f><v>${value(n)}</v></c></row>`);
  }
  xml.push(TAIL);
  expected.push(TAIL);
  return { xml: xml.join(""), expected: expected.join("") };
}

/** A patch for every B cell: the value 2n, with the cell's offsets as the scanner finds them. */
function patchesOf(xml: string): Map<number, Patch> {
  const all = new Map<number, Patch>();
  scanSheet(xml, (c) => {
    if (c.col === 1) all.set(key(c.row, c.col), { out: { t: "n", text: String((c.row + 1) * 2) }, start: c.start, end: c.end });
  });
  return all;
}

test("a 3 MB sheet patched in 1 MB chunks: the chunks put together are the sheet with every new value", () => {
  const { xml, expected } = sheet(40_000, (n) => String(2 * n));
  expect(xml.length).toBeGreaterThan(3 * 1024 * 1024);
  const chunks = [...patchSheetChunks(xml, patchesOf(xml))];
  expect(chunks.length).toBeGreaterThan(3);
  for (const c of chunks.slice(0, -1)) expect(c.length).toBe(1 << 20);
  expect(Buffer.concat(chunks).toString("latin1")).toBe(expected);
});

test("patches listed out of document order give the same sheet", () => {
  const { xml, expected } = sheet(5_000, (n) => String(2 * n));
  const reversed = new Map([...patchesOf(xml)].reverse());
  expect(patchSheet(xml, reversed).toString("latin1")).toBe(expected);
});

test("no patches: the sheet's bytes as they were", () => {
  const { xml } = sheet(30_000, () => "0");
  expect(Buffer.concat([...patchSheetChunks(xml, new Map())]).toString("latin1")).toBe(xml);
});

test("a missing cell goes in front of a patched cell the file has (sparse array range A1:C1, B1 absent)", () => {
  const xml = `${HEAD}<row r="1"><c r="A1"><f t="array" ref="A1:C1">X</f><v>1</v></c><c r="C1"><v>0</v></c></row>${TAIL}`;
  let c1: { start: number; end: number } | undefined;
  scanSheet(xml, (c) => {
    if (c.col === 2) c1 = { start: c.start, end: c.end };
  });
  const all = new Map<number, Patch>([
    [key(0, 2), { out: { t: "n", text: "3" }, ...c1! }],
    [key(0, 1), { out: { t: "n", text: "2" } }],
  ]);
  expect(patchSheet(xml, all).toString("latin1")).toBe(
    `${HEAD}<row r="1"><c r="A1"><f t="array" ref="A1:C1">X</f><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><v>3</v></c></row>${TAIL}`,
  );
});

test("the streamed deflate packs the same bytes as a one-shot deflate, with the part's CRC-32 and size", async () => {
  const { xml } = sheet(40_000, (n) => String(2 * n));
  const whole = Buffer.from(xml, "latin1");
  const packed = await deflatePart(patchSheetChunks(xml, new Map()), 5);
  expect(packed.size).toBe(whole.length);
  expect(packed.crc).toBe(zlib.crc32(whole) >>> 0);
  expect(packed.packed.equals(zlib.deflateRawSync(whole, { level: 5 }))).toBe(true);
  // and the archive is the same whether the part is given packed or as bytes
  const a = writeZip(new Map([["xl/worksheets/sheet1.xml", packed]]), 5);
  const b = writeZip(new Map([["xl/worksheets/sheet1.xml", whole]]), 5);
  expect(a.equals(b)).toBe(true);
});
