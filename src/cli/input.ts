import * as fs from "fs";
import * as path from "path";
import { errorText, ShantyFileError } from "./errors";

/*
 * The checks every command makes on its input path and bytes, without ExcelJS: `shanty recalc` needs only these
 * (it reads the package itself), and importing ExcelJS costs ~28 MB and ~0.25 s of a process's start.
 */

/**
 * The input's bytes, after the checks every command makes (exists, not a folder, .xlsx, readable, a zip).
 * `macrosLost`: whether the command's output would drop the macros of an .xlsm (ExcelJS re-serialises; recalc copies
 * every part), said in the refusal.
 */
export function readWorkbookInput(file: string, macrosLost = true): Buffer {
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
      macrosLost
        ? `${shown} 是启用宏的工作簿（.xlsm），写出时宏会丢失，本工具只处理 .xlsx`
        : `${shown} 是启用宏的工作簿（.xlsm），本工具只处理 .xlsx`,
      macrosLost
        ? `${shown} is a macro-enabled workbook (.xlsm); its macros would be lost, so only .xlsx is processed`
        : `${shown} is a macro-enabled workbook (.xlsm); only .xlsx is processed`,
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
  return buffer;
}
