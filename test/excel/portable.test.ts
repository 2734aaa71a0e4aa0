import * as fs from "fs";
import * as path from "path";
import JSZip from "jszip";
import { canExportPortable, exportPortableWorkbook, OfficeFileHost, readDocumentFile } from "../../src/excel/portable";

/*
 * The Excel side of 导出通用工作簿 (src/excel/portable.ts) against a double of Office's file API: slices joined
 * in order, the handle always closed, every failure named with its step, and the new workbook opened only when
 * there is something to convert. The conversion itself is the package converter's (test/workbook/portable-*).
 */

const ROOT = path.join(__dirname, "..", "..");
const SAMPLE = fs.readFileSync(path.join(ROOT, "assets/samples/sample-district.xlsx"));

interface Double extends OfficeFileHost {
  closed: number;
  opened: number;
  asked: unknown[];
}

function officeDouble(
  bytes: Uint8Array,
  options: { sliceSize?: number; failSlice?: number; failOpen?: boolean; lie?: number; sets?: string[] } = {},
): Double {
  const size = options.sliceSize ?? 1000;
  const sets = options.sets ?? ["CompressedFile 1.1", "ExcelApi 1.8"];
  const double: Double = {
    closed: 0,
    opened: 0,
    asked: [],
    FileType: { Compressed: "compressed" },
    AsyncResultStatus: { Succeeded: "succeeded" },
    context: {
      requirements: { isSetSupported: (name, version) => sets.includes(`${name} ${version}`) },
      document: {
        getFileAsync(type, opts, callback) {
          double.asked.push([type, opts]);
          if (options.failOpen) {
            setTimeout(
              () => callback({ status: "failed", value: undefined as never, error: { code: 5001, message: "Internal Error" } }),
              0,
            );
            return;
          }
          double.opened++;
          const file = {
            size: bytes.length + (options.lie ?? 0),
            sliceCount: Math.ceil(bytes.length / size),
            getSliceAsync(i: number, cb: (r: { status: unknown; value: { data: number[] }; error?: { message: string } }) => void) {
              // deliberately out of order in time: later slices answer first
              setTimeout(
                () =>
                  i === options.failSlice
                    ? cb({ status: "failed", value: { data: [] }, error: { message: "slice lost" } })
                    : cb({ status: "succeeded", value: { data: Array.from(bytes.subarray(i * size, (i + 1) * size)) } }),
                5 - (i % 5),
              );
            },
            closeAsync(cb?: (r: { status: unknown; value: void }) => void) {
              double.closed++;
              setTimeout(() => cb?.({ status: "succeeded", value: undefined }), 0);
            },
          };
          setTimeout(() => callback({ status: "succeeded", value: file }), 0);
        },
      },
    },
  };
  return double;
}

describe("readDocumentFile", () => {
  test("joins the slices in order into the file's bytes, asks for 4 MB slices of the compressed file, and closes the file", async () => {
    const bytes = new Uint8Array(2500).map((_, i) => (i * 7) % 256);
    const office = officeDouble(bytes, { sliceSize: 1000 });
    const read = await readDocumentFile(office);
    expect(Buffer.from(read).equals(Buffer.from(bytes))).toBe(true);
    expect(office.asked).toEqual([["compressed", { sliceSize: 4194304 }]]);
    expect(office.closed).toBe(1);
  });

  test("a lost slice or a short file is an error, and the file is closed all the same", async () => {
    const bytes = new Uint8Array(2500);
    const lost = officeDouble(bytes, { failSlice: 1 });
    await expect(readDocumentFile(lost)).rejects.toThrow("slice lost");
    expect(lost.closed).toBe(1);
    const short = officeDouble(bytes, { lie: 3 });
    await expect(readDocumentFile(short)).rejects.toThrow("file slices hold 2500 bytes, the file has 2503");
    expect(short.closed).toBe(1);
  });
});

describe("canExportPortable", () => {
  test("needs the file API, CompressedFile 1.1 and ExcelApi 1.8; a throwing check or no Office counts as no", () => {
    const bytes = new Uint8Array(1);
    expect(canExportPortable(officeDouble(bytes))).toBe(true);
    expect(canExportPortable(officeDouble(bytes, { sets: ["ExcelApi 1.8"] }))).toBe(false);
    expect(canExportPortable(officeDouble(bytes, { sets: ["CompressedFile 1.1"] }))).toBe(false);
    expect(canExportPortable(undefined)).toBe(false);
    const throwing: OfficeFileHost = {
      context: {
        document: officeDouble(bytes).context!.document,
        requirements: {
          isSetSupported: () => {
            throw new Error("no");
          },
        },
      },
    };
    expect(canExportPortable(throwing)).toBe(false);
  });
});

describe("exportPortableWorkbook", () => {
  test("the sample: the converted copy is handed to createWorkbook, with no SHANTY call left in a formula", async () => {
    const office = officeDouble(new Uint8Array(SAMPLE), { sliceSize: 65536 });
    const created: string[] = [];
    const phases: string[] = [];
    const report = await exportPortableWorkbook({ createWorkbook: async (b) => void created.push(b) }, (p) => phases.push(p), office);
    expect(phases).toEqual(["file", "convert", "open"]);
    expect(report.opened).toBe(true);
    expect(report.converted).toBeGreaterThan(0);
    expect(created.length).toBe(1);
    const zip = await JSZip.loadAsync(Buffer.from(created[0], "base64"));
    const sheets = Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
    expect(sheets.length).toBeGreaterThan(0);
    for (const name of sheets) {
      const xml = await zip.file(name)!.async("string");
      const formulas = [...xml.matchAll(/<f[^>]*>([^<]*)<\/f>/g)].map((m) => m[1]);
      expect([name, formulas.filter((f) => /SHANTY/i.test(f))]).toEqual([name, []]);
    }
    // every function counted belongs to a converted or kept cell, and the counts add up to the cells
    expect(report.functions.length).toBeGreaterThan(0);
  });

  test("a workbook without SHANTY formulas opens nothing", async () => {
    const zip = new JSZip();
    zip.file(
      "[Content_Types].xml",
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    );
    zip.file(
      "xl/workbook.xml",
      '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>',
    );
    const bytes = await zip.generateAsync({ type: "uint8array" });
    const created: string[] = [];
    const report = await exportPortableWorkbook({ createWorkbook: async (b) => void created.push(b) }, undefined, officeDouble(bytes));
    expect(report).toEqual({ converted: 0, values: 0, functions: [], opened: false });
    expect(created).toEqual([]);
  });

  test("each failing step is named, in both languages, with the current workbook unchanged", async () => {
    const open = { createWorkbook: async () => undefined };
    await expect(exportPortableWorkbook(open, undefined, officeDouble(new Uint8Array(SAMPLE), { failOpen: true }))).rejects.toMatchObject({
      code: "portableReadFailed",
      zh: expect.stringContaining("无法从 Excel 取得当前工作簿的文件，未作任何更改"),
      en: expect.stringContaining("Internal Error"),
    });
    await expect(exportPortableWorkbook(open, undefined, officeDouble(new Uint8Array([1, 2, 3])))).rejects.toMatchObject({
      code: "portableConvertFailed",
      zh: expect.stringContaining("转换为通用工作簿失败，当前工作簿未改动"),
    });
    const blocked = {
      createWorkbook: async () => {
        throw Object.assign(new Error("The request was blocked"), { code: "GeneralException" });
      },
    };
    await expect(
      exportPortableWorkbook(blocked, undefined, officeDouble(new Uint8Array(SAMPLE), { sliceSize: 65536 })),
    ).rejects.toMatchObject({
      code: "portableOpenFailed",
      zh: expect.stringContaining("Excel 内部错误"),
    });
  });
});
