/*
 * Builds assets/samples/towns/<镇街>.xlsx: the sample district split into the four towns' submissions
 * (src/samples/towns.ts; the last one in a clerk's layout with a title row, 万㎡ and 亿元). `shanty demo`
 * consolidates them with `shanty merge` before planning. Deterministic bytes (fixed dates), like the sample.
 *
 *   npx ts-node --transpile-only scripts/gen-town-workbooks.ts [DIR]
 */
import * as fs from "fs";
import * as path from "path";
import * as ExcelJS from "exceljs";
import { writeSheets } from "../src/cli/sheets";
import { writeFileAtomic } from "../src/cli/xlsx";
import { townSubmissions } from "../src/samples/towns";
import { FIXED_DATE, fixZipTimestamps } from "./gen-sample-workbook";

export const TOWNS_DIR = path.join(__dirname, "..", "assets", "samples", "towns");

/** Each town's workbook bytes, by file name. */
export async function townWorkbookBytes(): Promise<{ file: string; bytes: Buffer }[]> {
  const out: { file: string; bytes: Buffer }[] = [];
  for (const t of townSubmissions()) {
    const workbook = new ExcelJS.Workbook();
    workbook.creator = t.town;
    workbook.lastModifiedBy = t.town;
    workbook.created = FIXED_DATE;
    workbook.modified = FIXED_DATE;
    writeSheets(workbook, t.sheets, { replaceOwned: false });
    out.push({ file: t.file, bytes: fixZipTimestamps(Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer)) });
  }
  return out;
}

/** Write the towns' workbooks into `dir`; returns their paths. */
export async function writeTownWorkbooks(dir: string = TOWNS_DIR): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  for (const { file, bytes } of await townWorkbookBytes()) {
    const target = path.join(dir, file);
    writeFileAtomic(target, bytes, { force: true });
    paths.push(target);
  }
  return paths;
}

if (require.main === module) {
  writeTownWorkbooks(path.resolve(process.argv[2] ?? TOWNS_DIR)).then(
    (paths) => paths.forEach((p) => console.log(`已生成 written: ${p}`)),
    (e) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
      process.exitCode = 1;
    },
  );
}
