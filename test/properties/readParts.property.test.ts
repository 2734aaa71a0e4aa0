import fc from "fast-check";
import * as ExcelJS from "exceljs";
import { excelSerial, readGrid } from "../../src/cli/grid";
import { uncomputedFormulas } from "../../src/cli/inputGuards";
import { normalisePackage, packageBuffer, type Parts } from "../../src/cli/package";
import { gridFromParts } from "../../src/cli/plan/readParts";
import { a1 } from "../../src/workbook/model";

/*
 * gridFromParts (src/cli/plan/readParts.ts) against readGrid of the same package loaded by ExcelJS, on random
 * sheets written as raw XML: numbers in several spellings, shared strings (plain, rich, with entities), inline
 * strings, booleans, errors, formulas with and without a cached value (numbers, text, booleans, errors),
 * shared-formula children, date and non-date styles, styled blanks, merges over values, rows and cells in any
 * order, two sheets and a few names. Left out: what gridFromParts reads as Excel does and ExcelJS does not
 * (plan-readParts.test.ts states those by hand): text or boolean results in date cells, entity text in t="str"
 * results, style 0 with a date format. Dates compare after ExcelJS's millisecond round trip.
 */

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const SHEETS = ["数据", "S 2"];
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** cellXfs: 0 General, 1 date (14), 2 custom date, 3 custom number, 4 time (21). */
const STYLES =
  `<numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/><numFmt numFmtId="177" formatCode="0.00&quot;万元&quot;"/></numFmts>` +
  `<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="177"/><xf numFmtId="21"/></cellXfs>`;
const SST = ["甲", "东关 & <片区>", "", "rich"];
const SST_XML = `<si><t>甲</t></si><si><t>${esc(SST[1])}</t></si><si><t></t></si><si><r><t>ri</t></r><r><rPr><b/></rPr><t>ch</t></r><rPh sb="0" eb="1"><t>x</t></rPh></si>`;

const number = fc.oneof(
  fc.integer({ min: -100000, max: 100000 }).map(String),
  fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true }).map(String),
  fc.constantFrom("45658", "45306.5242683912", "0.1", "-0", "1E3", "1.5e-7", "12345678901234567", "007"),
);
const text = fc.constantFrom("文本", "a b", "x&y", "<t>", '"q"', "PG-2024-01-0", " lead");

const cellContent = fc.oneof(
  fc.record({ kind: fc.constant("n"), v: number, s: fc.constantFrom(0, 1, 2, 3, 4) }),
  fc.record({ kind: fc.constant("s"), i: fc.integer({ min: 0, max: SST.length - 1 }), s: fc.constantFrom(0, 1) }),
  fc.record({ kind: fc.constant("inline"), v: text }),
  fc.record({ kind: fc.constant("b"), v: fc.boolean() }),
  fc.record({ kind: fc.constant("e"), v: fc.constantFrom("#N/A", "#DIV/0!", "#REF!") }),
  fc.record({ kind: fc.constant("fn"), v: fc.option(number, { nil: undefined }), s: fc.constantFrom(0, 1, 3) }),
  fc.record({ kind: fc.constant("fs"), v: fc.option(text, { nil: undefined }) }),
  fc.record({ kind: fc.constant("fb"), v: fc.option(fc.boolean(), { nil: undefined }) }),
  fc.record({ kind: fc.constant("fe"), v: fc.option(fc.constantFrom("#VALUE!", "#N/A"), { nil: undefined }) }),
  fc.record({ kind: fc.constant("child"), v: fc.option(number, { nil: undefined }) }),
  fc.record({ kind: fc.constant("blank"), s: fc.constantFrom(1, 3) }),
);
type Content = typeof cellContent extends fc.Arbitrary<infer T> ? T : never;

function cellXml(ref: string, c: Content): string {
  switch (c.kind) {
    case "n":
      return `<c r="${ref}"${c.s ? ` s="${c.s}"` : ""}><v>${c.v}</v></c>`;
    case "s":
      return `<c r="${ref}" s="${c.s}" t="s"><v>${c.i}</v></c>`;
    case "inline":
      return `<c r="${ref}" t="inlineStr"><is><t>${esc(c.v)}</t></is></c>`;
    case "b":
      return `<c r="${ref}" t="b"><v>${c.v ? 1 : 0}</v></c>`;
    case "e":
      return `<c r="${ref}" t="e"><v>${c.v}</v></c>`;
    case "fn":
      return `<c r="${ref}"${c.s ? ` s="${c.s}"` : ""}><f>1+1</f>${c.v === undefined ? "" : `<v>${c.v}</v>`}</c>`;
    case "fs":
      return `<c r="${ref}" t="str"><f>"a"</f>${c.v === undefined ? "" : `<v>${esc(c.v)}</v>`}</c>`;
    case "fb":
      return `<c r="${ref}" t="b"><f>TRUE</f>${c.v === undefined ? "" : `<v>${c.v ? 1 : 0}</v>`}</c>`;
    case "fe":
      return `<c r="${ref}" t="e"><f>1/0</f>${c.v === undefined ? "" : `<v>${c.v}</v>`}</c>`;
    case "child":
      return `<c r="${ref}"><f t="shared" si="0"/>${c.v === undefined ? "" : `<v>${c.v}</v>`}</c>`;
    case "blank":
      return `<c r="${ref}" s="${c.s}"/>`;
  }
}

const sheet = fc.record({
  cells: fc.uniqueArray(fc.record({ row: fc.integer({ min: 0, max: 7 }), col: fc.integer({ min: 0, max: 5 }), content: cellContent }), {
    selector: (c) => `${c.row},${c.col}`,
    maxLength: 24,
  }),
  merges: fc.array(
    fc.record({
      row: fc.integer({ min: 0, max: 6 }),
      col: fc.integer({ min: 0, max: 4 }),
      rows: fc.integer({ min: 1, max: 2 }),
      cols: fc.integer({ min: 1, max: 2 }),
    }),
    { maxLength: 2 },
  ),
  shuffle: fc.boolean(),
});
type Sheet = typeof sheet extends fc.Arbitrary<infer T> ? T : never;

function sheetXml(s: Sheet): string {
  const byRow = new Map<number, typeof s.cells>();
  for (const c of s.cells) byRow.set(c.row, [...(byRow.get(c.row) ?? []), c]);
  let rows = [...byRow.keys()].sort((a, b) => a - b);
  if (s.shuffle) rows = rows.reverse();
  const master = `<row r="9"><c r="A9"><f t="shared" ref="A9:F16" si="0">1+1</f><v>2</v></c></row>`;
  const data = rows
    .map((r) => {
      const cells = [...byRow.get(r)!].sort((a, b) => (s.shuffle ? b.col - a.col : a.col - b.col));
      return `<row r="${r + 1}">${cells.map((c) => cellXml(a1(c.row, c.col), c.content)).join("")}</row>`;
    })
    .join("");
  // merges that do not overlap (ExcelJS refuses overlapping ones)
  const taken = new Set<string>();
  const merges: string[] = [];
  for (const m of s.merges) {
    if (m.rows * m.cols === 1) continue;
    const cells: string[] = [];
    for (let r = m.row; r < m.row + m.rows; r++) for (let c = m.col; c < m.col + m.cols; c++) cells.push(`${r},${c}`);
    if (cells.some((k) => taken.has(k))) continue;
    cells.forEach((k) => taken.add(k));
    merges.push(`<mergeCell ref="${a1(m.row, m.col)}:${a1(m.row + m.rows - 1, m.col + m.cols - 1)}"/>`);
  }
  const after = merges.length ? `<mergeCells count="${merges.length}">${merges.join("")}</mergeCells>` : "";
  return `<?xml version="1.0"?><worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>${data}${master}</sheetData>${after}</worksheet>`;
}

function packageOf(sheets: Sheet[], names: string): Parts {
  const parts: Parts = new Map();
  const put = (name: string, xml: string) => parts.set(name, Buffer.from(xml, "utf8"));
  put(
    "[Content_Types].xml",
    `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`,
  );
  put(
    "_rels/.rels",
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  put(
    "xl/workbook.xml",
    `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${SHEETS.map((n, i) => `<sheet name="${n}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("")}</sheets><definedNames>${names}</definedNames></workbook>`,
  );
  put(
    "xl/_rels/workbook.xml.rels",
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${SHEETS.map(
      (_n, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
    ).join(
      "",
    )}<Relationship Id="rIdS" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rIdT" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  );
  sheets.forEach((s, i) => put(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(s)));
  put("xl/styles.xml", `<?xml version="1.0"?><styleSheet xmlns="${MAIN}">${STYLES}</styleSheet>`);
  put("xl/sharedStrings.xml", `<?xml version="1.0"?><sst xmlns="${MAIN}">${SST_XML}</sst>`);
  return parts;
}

const nameDefs = fc
  .array(
    fc.record({
      name: fc.constantFrom("p_a", "p_b", "p_c"),
      sheet: fc.constantFrom(...SHEETS),
      row: fc.integer({ min: 0, max: 8 }),
      col: fc.integer({ min: 0, max: 5 }),
      wide: fc.boolean(),
    }),
    { maxLength: 4 },
  )
  .map((defs) =>
    defs
      .map((d) => {
        const ref = `'${d.sheet}'!$${a1(d.row, d.col).replace(/(\d+)$/, "$$$1")}`;
        return `<definedName name="${d.name}">${ref}${d.wide ? `:$F$9` : ""}</definedName>`;
      })
      .join(""),
  );

describe("gridFromParts equals readGrid on random sheets", () => {
  it("values, dates, origins, names and uncomputed cells", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(sheet, { minLength: 2, maxLength: 2 }), nameDefs, async (sheets, names) => {
        const parts = packageOf(sheets, names);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load((await packageBuffer(parts)) as unknown as ExcelJS.Buffer);
        const expected = readGrid(wb);
        normalisePackage(parts);
        const ours = gridFromParts(parts);
        const dates = new Set<string>();
        const sheetsOurs = ours.grid.sheets.map((s) => {
          const o = s.origin ?? { row: 0, col: 0 };
          const values = s.values.map((r) => [...r]);
          for (const [r, c] of s.dates ?? []) {
            dates.add(`${s.name}!${r},${c}`);
            values[r - o.row][c - o.col] = excelSerial(new Date(Math.round(((values[r - o.row][c - o.col] as number) - 25569) * 86400000)));
          }
          return { ...s, values };
        });
        const namesOurs = ours.grid.names.map((n) =>
          dates.has(`${n.sheet}!${n.row},${n.col}`)
            ? { ...n, value: excelSerial(new Date(Math.round(((n.value as number) - 25569) * 86400000))) }
            : n,
        );
        expect({ ...ours.grid, sheets: sheetsOurs, names: namesOurs }).toStrictEqual(expected);
        expect(ours.uncomputed).toStrictEqual(uncomputedFormulas(wb));
      }),
      { numRuns: 150, seed: 20261201 },
    );
  });
});
