import { recalcBuffer } from "../../src/cli/recalc";
import { storedValue } from "../../src/cli/recalc/cells";
import { evaluateDirect } from "../../src/cli/recalc/direct";
import { asBytes, openPackage, scanSheet } from "../../src/cli/recalc/package";
import { writeZip } from "../../src/cli/recalc/zip";

/*
 * Cases where the direct evaluator of `shanty recalc` (src/cli/recalc/direct.ts) once differed from the
 * HyperFormula path: each formula is recalculated both ways, and the value written must be the hand-computed one.
 */

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * One sheet "S1": one formula in A1, numbers or more formulas (text starting "=") in the other cells of row 1 given;
 * other text is written as a number cell's <v> as it is.
 */
function workbook(formula: string, numbers: Record<string, number | string> = {}): Buffer {
  const cells = [
    `<c r="A1"><f>${esc(formula)}</f><v>0</v></c>`,
    ...Object.entries(numbers).map(([r, v]) =>
      typeof v === "string" && v.startsWith("=") ? `<c r="${r}"><f>${esc(v.slice(1))}</f><v>0</v></c>` : `<c r="${r}"><v>${v}</v></c>`,
    ),
  ];
  const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><sheetData><row r="1">${cells.join("")}</row></sheetData></worksheet>`;
  const parts = new Map<string, Buffer>();
  parts.set(
    "[Content_Types].xml",
    Buffer.from(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    ),
  );
  parts.set(
    "_rels/.rels",
    Buffer.from(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
  );
  parts.set(
    "xl/workbook.xml",
    Buffer.from(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook ${NS} xmlns:r="${R}"><sheets><sheet name="S1" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="191029"/></workbook>`,
    ),
  );
  parts.set(
    "xl/_rels/workbook.xml.rels",
    Buffer.from(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
  );
  parts.set("xl/worksheets/sheet1.xml", Buffer.from(sheet, "utf8"));
  return writeZip(parts);
}

/** A1's written value ("n:5", "e:#NUM!", "str:x"), via the direct path (the default) or HyperFormula. */
async function a1Value(data: Buffer, direct: boolean): Promise<string> {
  if (!direct) process.env.SHANTY_RECALC_DIRECT = "0";
  let out: Buffer;
  try {
    out = (await recalcBuffer(Buffer.from(data))).data;
  } finally {
    delete process.env.SHANTY_RECALC_DIRECT;
  }
  const pkg = await openPackage(out, "out");
  let v = "";
  scanSheet(asBytes(pkg.parts.get(pkg.sheets[0].path)!), (c) => {
    if (c.row !== 0 || c.col !== 0) return;
    const o = storedValue(c, pkg).out;
    v = !o || o.t === "empty" ? "" : `${o.t}:${o.text}`;
  });
  return v;
}

async function bothWays(formula: string, numbers?: Record<string, number | string>): Promise<{ direct: string; hf: string }> {
  const data = workbook(formula, numbers);
  return { direct: await a1Value(data, true), hf: await a1Value(data, false) };
}

describe("a number cell whose <v> is no number", () => {
  test("0x10, 0b11, 1,234 are text to the formulas (as Excel would not read them as numbers), never 16, 3 or NaN", async () => {
    // Number("0x10") is 16: the stored value was read as 16, a silently wrong number
    expect(await bothWays("B1+1", { B1: "0x10" })).toEqual({ direct: "e:#VALUE!", hf: "e:#VALUE!" });
    expect(await bothWays("B1+1", { B1: "0b11" })).toEqual({ direct: "e:#VALUE!", hf: "e:#VALUE!" });
    expect(await bothWays("B1+1", { B1: "1,234" })).toEqual({ direct: "e:#VALUE!", hf: "e:#VALUE!" });
    // well-formed spellings stay numbers
    expect(await bothWays("B1+1", { B1: "1.5E1" })).toEqual({ direct: "n:16", hf: "n:16" });
    expect(await bothWays("B1+1", { B1: " 2 " })).toEqual({ direct: "n:3", hf: "n:3" });
  });
});

describe("direct evaluator: cases that once differed from the HyperFormula path", () => {
  test("a number literal beyond the doubles is #NUM! at its node (IFERROR catches it), never the text Infinity", async () => {
    // 1E+400 overflows a double: HyperFormula turns the node into #NUM!; the direct path wrote "Infinity" as text
    expect(await bothWays("1E+400")).toEqual({ direct: "e:#NUM!", hf: "e:#NUM!" });
    expect(await bothWays("IFERROR(1E+400,5)")).toEqual({ direct: "n:5", hf: "n:5" });
    expect(await bothWays('1E+309&""')).toEqual({ direct: "e:#NUM!", hf: "e:#NUM!" });
    expect(await bothWays("AND(1E+400)")).toEqual({ direct: "e:#NUM!", hf: "e:#NUM!" });
    expect(await bothWays("1E+400=1")).toEqual({ direct: "e:#NUM!", hf: "e:#NUM!" });
  });

  test("the literals the direct path keeps are still taken by it", async () => {
    const pkg = await openPackage(workbook("B1*1E+300+1E-300", { B1: 2 }), "w");
    expect(evaluateDirect(pkg)).toBeDefined();
    expect(await bothWays("B1*1E+300", { B1: 2 })).toEqual({ direct: "n:2E+300", hf: "n:2E+300" });
  });

  test("a formula whose result is empty is the number 0 for its dependents, as in Excel", async () => {
    // B1 =Z1 refers to a blank cell: Excel's B1 is 0 (shown and used), so MIN(B1,5) = 0, B1&"x" = "0x",
    // MAX(B1,-5) = 0 and B1="" is FALSE; both paths used to keep B1 empty (5, "x", -5, TRUE)
    expect(await bothWays("MIN(B1,5)", { B1: "=Z1" })).toEqual({ direct: "n:0", hf: "n:0" });
    expect(await bothWays("MAX(B1,-5)", { B1: "=Z1" })).toEqual({ direct: "n:0", hf: "n:0" });
    expect(await bothWays('B1&"x"', { B1: "=Z1" })).toEqual({ direct: "str:0x", hf: "str:0x" });
    expect(await bothWays('B1=""', { B1: "=Z1" })).toEqual({ direct: "b:0", hf: "b:0" });
    expect(await bothWays('B1&"x"', { B1: "=IF(TRUE,Z1)" })).toEqual({ direct: "str:0x", hf: "str:0x" });
    // a reference to the blank cell itself stays blank inside a formula: "" & "x", MIN ignores it
    expect(await bothWays('Z1&"x"')).toEqual({ direct: "str:x", hf: "str:x" });
    expect(await bothWays("MIN(Z1,5)")).toEqual({ direct: "n:5", hf: "n:5" });
    const pkg = await openPackage(workbook('B1&"x"', { B1: "=Z1" }), "w");
    expect(evaluateDirect(pkg)).toBeDefined();
  });

  test("AND and OR ignore blanks and text in references and ranges, as Excel (HyperFormula counted a blank as FALSE)", async () => {
    // B1 TRUE, C1 blank: Excel's AND(B1:C1) is TRUE (the blank is ignored); HyperFormula gave FALSE
    expect(await bothWays("AND(B1:C1)", { B1: "=TRUE()" })).toEqual({ direct: "b:1", hf: "b:1" });
    expect(await bothWays("AND(B1,C1)", { B1: "=TRUE()" })).toEqual({ direct: "b:1", hf: "b:1" });
    // text in a range or reference is ignored too, even "FALSE"
    expect(await bothWays("AND(B1:C1)", { B1: "=TRUE()", C1: '="abc"' })).toEqual({ direct: "b:1", hf: "b:1" });
    expect(await bothWays("AND(B1,C1)", { B1: "=TRUE()", C1: '="FALSE"' })).toEqual({ direct: "b:1", hf: "b:1" });
    // no logical value at all: #VALUE!
    expect(await bothWays("AND(C1:D1)")).toEqual({ direct: "e:#VALUE!", hf: "e:#VALUE!" });
    expect(await bothWays("OR(C1:D1)")).toEqual({ direct: "e:#VALUE!", hf: "e:#VALUE!" });
    expect(await bothWays("AND(C1)")).toEqual({ direct: "e:#VALUE!", hf: "e:#VALUE!" });
    expect(await bothWays("OR(B1)", { B1: '="TRUE"' })).toEqual({ direct: "e:#VALUE!", hf: "e:#VALUE!" });
    // numbers are logical values (0 is FALSE), in ranges and directly
    expect(await bothWays("OR(B1:D1)", { B1: "=FALSE()", D1: 0 })).toEqual({ direct: "b:0", hf: "b:0" });
    expect(await bothWays("OR(B1:D1)", { B1: "=FALSE()", D1: 2 })).toEqual({ direct: "b:1", hf: "b:1" });
    expect(await bothWays("AND(B1:D1)", { B1: "=TRUE()", D1: 0 })).toEqual({ direct: "b:0", hf: "b:0" });
    expect(await bothWays("AND(1,0)")).toEqual({ direct: "b:0", hf: "b:0" });
    // a direct text is TRUE/FALSE (any case) or #VALUE!
    expect(await bothWays('AND("true",1)')).toEqual({ direct: "b:1", hf: "b:1" });
    expect(await bothWays('OR("FALSE",0)')).toEqual({ direct: "b:0", hf: "b:0" });
    expect(await bothWays('AND("abc",TRUE)')).toEqual({ direct: "e:#VALUE!", hf: "e:#VALUE!" });
    expect(await bothWays('OR(B1&"",FALSE)', { B1: '="x"' })).toEqual({ direct: "e:#VALUE!", hf: "e:#VALUE!" });
    // the first error in argument order wins, inside a range too
    expect(await bothWays("AND(B1:C1,1/0)", { C1: "=NA()" })).toEqual({ direct: "e:#N/A", hf: "e:#N/A" });
    expect(await bothWays("OR(TRUE,1/0,NA())")).toEqual({ direct: "e:#DIV/0!", hf: "e:#DIV/0!" });
  });

  test("& and CONCATENATE write numbers as Excel's General format: 15 significant digits, E notation from 1E+21", async () => {
    expect(await bothWays('(0.1+0.2)&""')).toEqual({ direct: "str:0.3", hf: "str:0.3" });
    expect(await bothWays('1/3&""')).toEqual({ direct: "str:0.333333333333333", hf: "str:0.333333333333333" });
    expect(await bothWays('2/3&"元"')).toEqual({ direct: "str:0.666666666666667元", hf: "str:0.666666666666667元" });
    expect(await bothWays('1E+21&""')).toEqual({ direct: "str:1E+21", hf: "str:1E+21" });
    expect(await bothWays('123456789012345.67&""')).toEqual({ direct: "str:123456789012346", hf: "str:123456789012346" });
    expect(await bothWays('"x"&B1&"|"&C1', { B1: -0.5, C1: 100 })).toEqual({ direct: "str:x-0.5|100", hf: "str:x-0.5|100" });
    expect(await bothWays('CONCATENATE(0.1+0.2,"x",B1,TRUE)', { B1: "=1/3" })).toEqual({
      direct: "str:0.3x0.333333333333333TRUE",
      hf: "str:0.3x0.333333333333333TRUE",
    });
    expect(await bothWays('CONCATENATE("a",1/0)')).toEqual({ direct: "e:#DIV/0!", hf: "e:#DIV/0!" });
  });
});
