import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import * as ExcelJS from "exceljs";
import { CellRange, columnLetters } from "../workbook/model";

/*
 * ExcelJS ↔ the host-neutral workbook model (src/workbook/model.ts), and the file handling every `shanty`
 * command shares: loading an .xlsx with clear Chinese + English messages, checking the output path, and
 * writing atomically (temp file in the target directory, then rename), so nothing is ever written half-way.
 *
 * Reading a workbook into the grid model is src/cli/grid.ts.
 */

// ---------- exit codes and errors shared by the commands ----------

/**
 * Exit codes of `shanty`:
 * 0 done; 1 usage error or file problem (missing, unreadable, not .xlsx, output = input, cannot write) — nothing
 * written; 2 `eval` printed an error value; 3 `recalc` wrote the workbook but some cells evaluate to errors
 * (listed); 4 `plan` found errors in the input workbook (listed) — nothing written.
 */
export const EXIT = { OK: 0, USAGE: 1, FILE: 1, EVAL_ERROR: 2, CELL_ERRORS: 3, INPUT_ERRORS: 4 } as const;

/** A problem with a file the user named: the message is shown in Chinese and English, the command exits 1. */
export class ShantyFileError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh}\n${en}`);
    this.name = "ShantyFileError";
  }
}

// ---------- loading and saving ----------

/** Read and parse an .xlsx file; every failure becomes a ShantyFileError with a message a user can act on. */
export async function loadWorkbookFile(file: string): Promise<ExcelJS.Workbook> {
  return (await loadWorkbookWithNotes(file)).workbook;
}

/**
 * loadWorkbookFile, plus notes on parts of the file that ExcelJS does not carry into a file it writes (charts,
 * pivot tables, slicers, names that are not plain cell ranges): the commands print them, since the output copy
 * will lack them (the input itself is never modified).
 */
export async function loadWorkbookWithNotes(file: string): Promise<{ workbook: ExcelJS.Workbook; notes: string[] }> {
  const shown = file;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new ShantyFileError(`找不到文件：${shown}`, `File not found: ${shown}`);
  }
  if (stat.isDirectory()) throw new ShantyFileError(`${shown} 是文件夹，不是工作簿文件`, `${shown} is a directory, not a workbook file`);
  const ext = path.extname(file).toLowerCase();
  if (ext === ".xls") {
    throw new ShantyFileError(
      `${shown} 是旧版 .xls 工作簿，本工具只读 .xlsx：请在 Excel 中“另存为” .xlsx 后再试`,
      `${shown} is a legacy .xls workbook; only .xlsx is supported: save it as .xlsx in Excel first`,
    );
  }
  if (ext === ".xlsm") {
    throw new ShantyFileError(
      `${shown} 是启用宏的工作簿（.xlsm），写出时宏会丢失，本工具只处理 .xlsx`,
      `${shown} is a macro-enabled workbook (.xlsm); its macros would be lost, so only .xlsx is processed`,
    );
  }
  if (ext !== ".xlsx") {
    throw new ShantyFileError(`${shown} 不是 .xlsx 工作簿文件`, `${shown} is not an .xlsx workbook file`);
  }
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(file);
  } catch (e) {
    throw new ShantyFileError(`无法读取文件：${shown}（${errorText(e)}）`, `Cannot read file: ${shown} (${errorText(e)})`);
  }
  // Every .xlsx is a zip archive: "PK\x03\x04". A password-protected workbook is not (it is an OLE container).
  if (buffer.length < 4 || buffer.readUInt32LE(0) !== 0x04034b50) {
    throw new ShantyFileError(
      `${shown} 的内容不是有效的 .xlsx 工作簿（文件已损坏、是其他格式，或设置了打开密码）`,
      `${shown} is not a valid .xlsx workbook (damaged, another format, or password-protected)`,
    );
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw new ShantyFileError(
      `无法解析工作簿 ${shown}：${errorText(e)}`,
      `Cannot parse workbook ${shown}: ${errorText(e)}`,
    );
  }
  if (workbook.worksheets.length === 0) {
    throw new ShantyFileError(`${shown} 中没有工作表，不是有效的 .xlsx 工作簿`, `${shown} has no worksheets; it is not a valid .xlsx workbook`);
  }
  return { workbook, notes: unsupportedParts(buffer) };
}

/** Entries of a zip archive (central directory), with a reader for one entry's bytes. ZIP64 is not needed for .xlsx here. */
function zipEntries(zip: Buffer): { name: string; read: () => Buffer }[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return [];
  const entries: { name: string; read: () => Buffer }[] = [];
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let k = 0; k < count && p + 46 <= zip.length && zip.readUInt32LE(p) === 0x02014b50; k++) {
    const method = zip.readUInt16LE(p + 10);
    const size = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString("utf8", p + 46, p + 46 + nameLen);
    entries.push({
      name,
      read: () => {
        const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const data = zip.subarray(start, start + size);
        return method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data);
      },
    });
    p += 46 + nameLen + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return entries;
}

/** What ExcelJS would drop when it writes this workbook again, as notes for the user. */
export function unsupportedParts(xlsx: Buffer): string[] {
  const notes: string[] = [];
  let entries: { name: string; read: () => Buffer }[];
  try {
    entries = zipEntries(xlsx);
  } catch {
    return notes;
  }
  const count = (re: RegExp) => entries.filter((e) => re.test(e.name)).length;
  const charts = count(/^xl\/charts\/chart\d+\.xml$/);
  if (charts) notes.push(`注意：输入中的 ${charts} 个图表不会出现在输出文件中 / note: ${charts} chart(s) of the input are not carried into the output`);
  const pivots = count(/^xl\/pivotTables\/.+\.xml$/);
  if (pivots) notes.push(`注意：输入中的 ${pivots} 个数据透视表不会出现在输出文件中 / note: ${pivots} pivot table(s) of the input are not carried into the output`);
  const slicers = count(/^xl\/(slicers|timelines)\/.+\.xml$/);
  if (slicers) notes.push(`注意：输入中的切片器/日程表不会出现在输出文件中 / note: slicers and timelines of the input are not carried into the output`);
  const wb = entries.find((e) => e.name === "xl/workbook.xml");
  if (wb) {
    try {
      const xml = wb.read().toString("utf8");
      const dropped: string[] = [];
      for (const m of xml.matchAll(/<definedName\b([^>]*)>([^<]*)<\/definedName>/g)) {
        const name = /\bname="([^"]*)"/.exec(m[1])?.[1] ?? "";
        const body = m[2].replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").trim();
        if (name.startsWith("_xlnm.")) continue;
        // ExcelJS keeps names made of absolute cell ranges ('Sheet'!$A$1:$B$2, several separated by commas).
        const parts = body.match(/(?:'(?:[^']|'')*'|[^,'])+/g) ?? [];
        const plain = /^(?:'(?:[^']|'')+'|[^'!]+)!\$[A-Z]+\$\d+(?::\$[A-Z]+\$\d+)?$/;
        if (parts.length === 0 || !parts.every((part) => plain.test(part.trim()))) dropped.push(name);
      }
      if (dropped.length) {
        notes.push(
          `注意：以下名称不是单元格区域（常量、公式或相对引用），不会出现在输出文件中：${dropped.join("、")} / note: these names are not plain cell ranges and are not carried into the output: ${dropped.join(", ")}`,
        );
      }
    } catch {
      /* an unreadable workbook.xml was already reported by the loader */
    }
  }
  return notes;
}

/** Check an output path before any work: .xlsx, its folder exists, and it is not the input file (by path or by identity). */
export function checkOutputPath(input: string, output: string): void {
  if (path.extname(output).toLowerCase() !== ".xlsx") {
    throw new ShantyFileError(`输出文件名须以 .xlsx 结尾：${output}`, `The output file name must end in .xlsx: ${output}`);
  }
  const inAbs = realOrResolved(input);
  const outAbs = realOrResolved(output);
  const same =
    inAbs === outAbs ||
    (process.platform !== "linux" && inAbs.toLowerCase() === outAbs.toLowerCase()) ||
    sameFile(input, output);
  if (same) {
    throw new ShantyFileError(
      `输出文件不能与输入文件相同（${output}）：请用 -o 指定另一个文件，原工作簿不会被改写`,
      `The output file must differ from the input file (${output}): choose another one with -o; the input workbook is never overwritten`,
    );
  }
  const dir = path.dirname(path.resolve(output));
  if (!isDirectory(dir)) {
    throw new ShantyFileError(`输出文件夹不存在：${dir}`, `The output folder does not exist: ${dir}`);
  }
  if (isDirectory(output)) {
    throw new ShantyFileError(`输出路径是文件夹：${output}`, `The output path is a directory: ${output}`);
  }
}

/**
 * Serialise the whole workbook in memory first, then write it to a temp file next to the target and rename it
 * over the target: a failure at any step leaves no partial file and an existing target untouched.
 */
export async function saveWorkbookAtomic(workbook: ExcelJS.Workbook, output: string): Promise<void> {
  let data: Buffer;
  try {
    data = Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  } catch (e) {
    throw new ShantyFileError(`生成工作簿失败：${errorText(e)}`, `Could not build the workbook: ${errorText(e)}`);
  }
  writeFileAtomic(output, data);
}

/** Write bytes to a temp file in the target's folder, then rename; the temp file is removed on failure. */
export function writeFileAtomic(output: string, data: Buffer): void {
  const target = path.resolve(output);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, target);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* the temp file was never created */
    }
    const code = (e as NodeJS.ErrnoException).code;
    const busy = code === "EBUSY" || code === "EPERM" || code === "EACCES";
    throw new ShantyFileError(
      `无法写入 ${output}：${errorText(e)}${busy ? "（文件可能正在 Excel 中打开，或没有写权限）" : ""}`,
      `Cannot write ${output}: ${errorText(e)}${busy ? " (the file may be open in Excel, or not writable)" : ""}`,
    );
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function realOrResolved(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    // A file that does not exist yet: resolve its folder (which may be a symlink) and keep the name.
    const abs = path.resolve(p);
    try {
      return path.join(fs.realpathSync(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs;
    }
  }
}

function sameFile(a: string, b: string): boolean {
  try {
    const sa = fs.statSync(a);
    const sb = fs.statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

// ---------- command-line arguments of the file commands ----------

export interface InOutArgs {
  input: string;
  output: string;
  /** Options other than -o, by name without dashes (value "" for a flag). */
  options: Record<string, string>;
}

/**
 * `IN.xlsx -o OUT.xlsx` (also `--output OUT`, `-o=OUT`, `--output=OUT`). `valued` lists further options that
 * take a value (e.g. "only"). Returns a bilingual message on misuse.
 */
export function parseInOut(command: string, args: readonly string[], valued: readonly string[] = []): InOutArgs | { error: string } {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  let output: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.indexOf("=");
    const key = arg.startsWith("-") ? (eq > 0 ? arg.slice(0, eq) : arg) : "";
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    if (key === "-o" || key === "--output" || key === "--out") {
      const v = inline ?? args[++i];
      if (v === undefined || v === "") return { error: `shanty ${command}: -o 后面需要输出文件名 / -o needs an output file name` };
      output = v;
    } else if (key && valued.includes(key.replace(/^-+/, ""))) {
      const v = inline ?? args[++i];
      if (v === undefined) return { error: `shanty ${command}: ${key} 需要一个值 / ${key} needs a value` };
      options[key.replace(/^-+/, "")] = v;
    } else if (key) {
      return { error: `shanty ${command}: 未知选项 unknown option ${arg}` };
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 1) {
    return { error: `shanty ${command} 需要一个输入工作簿 / needs one input workbook: shanty ${command} IN.xlsx -o OUT.xlsx` };
  }
  if (!output) {
    return { error: `shanty ${command} 需要用 -o 指定输出文件 / needs an output file: shanty ${command} IN.xlsx -o OUT.xlsx` };
  }
  return { input: positional[0], output, options };
}

/** 0-based row/col → "$B$7". */
export function absRef(row: number, col: number): string {
  return `$${columnLetters(col)}$${row + 1}`;
}

/** "B2:D9" or "B2" → a 0-based CellRange. */
export function parseRange(ref: string): CellRange | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(ref.trim());
  if (!m) return undefined;
  const c1 = colIndex(m[1]);
  const r1 = Number(m[2]) - 1;
  const c2 = m[3] ? colIndex(m[3]) : c1;
  const r2 = m[4] ? Number(m[4]) - 1 : r1;
  return { row: Math.min(r1, r2), col: Math.min(c1, c2), rows: Math.abs(r2 - r1) + 1, cols: Math.abs(c2 - c1) + 1 };
}

/** Column letters → 0-based index ("A" → 0, "AA" → 26). */
export function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** An ExcelJS table's whole range (header and totals included). */
export function tableRange(table: ExcelJS.Table): CellRange | undefined {
  const t = (table as unknown as { table?: { tableRef?: string; ref?: string } }).table ?? (table as unknown as { tableRef?: string; ref?: string });
  const ref = t.tableRef ?? t.ref;
  return ref ? parseRange(ref) : undefined;
}

/** The tables of a worksheet (ExcelJS keeps them by name; its typings of getTables() are wrong). */
export function worksheetTables(ws: ExcelJS.Worksheet): ExcelJS.Table[] {
  return Object.values((ws as unknown as { tables?: Record<string, ExcelJS.Table> }).tables ?? {});
}

/** Properties of an ExcelJS table as loaded or as added in this session. */
export function tableModel(table: ExcelJS.Table): { name: string; headerRow: boolean; totalsRow: boolean; columns: string[] } {
  const t = (table as unknown as { table: { name: string; headerRow?: boolean; totalsRow?: boolean; columns: { name: string }[] } }).table;
  return { name: t.name, headerRow: t.headerRow !== false, totalsRow: Boolean(t.totalsRow), columns: t.columns.map((c) => String(c.name)) };
}

/** A defined name's ranges split into sheet and address: "'项目库 (2)'!$A$1" → { sheet: "项目库 (2)", ref: "$A$1" }. */
export function splitSheetRef(ref: string): { sheet: string; ref: string } | undefined {
  const bang = ref.lastIndexOf("!");
  if (bang < 0) return undefined;
  let sheet = ref.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, ref: ref.slice(bang + 1) };
}

/** The sheet name quoted for a reference: 'name'!  (quotes doubled inside). */
export function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}
