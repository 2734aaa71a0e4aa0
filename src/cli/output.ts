import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type * as ExcelJS from "exceljs";
import { errorText, ShantyFileError } from "./errors";

/*
 * Output files of every `shanty` command that writes:
 * - checked before any work (.xlsx, folder exists, not the input, not a folder, not an existing file unless --force);
 * - written whole to a temp file in the output's folder (short name `.shanty-<host>-<pid>-<random>.tmp`, so a long output
 *   name still fits the 255-byte limit), fsync'ed, then renamed over the target (with --force) or linked to it
 *   without replacing (without --force: an output that appeared meanwhile is still not overwritten);
 * - the temp file is removed on every exit: failure, exception, Ctrl-C / SIGTERM, process exit; a run killed
 *   beyond that (SIGKILL, power loss) leaves a temp file whose process is gone, removed by the next write to the
 *   same folder from this machine (another machine's, in a shared folder, only once it is a day old).
 */

export interface OutputOptions {
  /** Replace an existing output file (`--force` / `-f`). */
  readonly force?: boolean;
}

/** Prefix and suffix of the temp files: recognisable, so stale ones can be cleaned. */
export const TEMP_PREFIX = ".shanty-";
export const TEMP_SUFFIX = ".tmp";
const TEMP_NAME = /^\.shanty-([0-9a-f]{4})-(\d+)-[0-9a-f]+\.tmp$/;
/** This machine, in temp names: a process id only means something on the machine that wrote it (shared folders). */
const HOST = crypto.createHash("sha1").update(os.hostname()).digest("hex").slice(0, 4);
/** A temp file of another machine is removed only when it is this old (no write takes a day). */
const FOREIGN_TEMP_AGE_MS = 24 * 3600 * 1000;

/** Check an output path before any work: .xlsx, its folder exists, it is not the input, and it does not exist unless forced. */
export function checkOutputPath(input: string, output: string, options: OutputOptions = {}): void {
  if (path.extname(output).toLowerCase() !== ".xlsx") {
    throw new ShantyFileError(`输出文件名须以 .xlsx 结尾：${output}`, `The output file name must end in .xlsx: ${output}`);
  }
  const inAbs = realOrResolved(input);
  const outAbs = realOrResolved(output);
  const same =
    inAbs === outAbs || (process.platform !== "linux" && inAbs.toLowerCase() === outAbs.toLowerCase()) || sameFile(input, output);
  if (same) {
    throw new ShantyFileError(
      `输出文件不能与输入文件相同（${output}）：请用 -o 指定另一个文件，原工作簿不会被改写`,
      `The output file must differ from the input file (${output}): choose another one with -o; the input workbook is never overwritten`,
    );
  }
  checkOutputTarget(output, options);
}

/** The checks of an output that has no input to compare with: folder exists, not a folder, exists only with --force. */
export function checkOutputTarget(output: string, options: OutputOptions = {}): void {
  const dir = path.dirname(path.resolve(output));
  if (!isDirectory(dir)) {
    throw new ShantyFileError(`输出文件夹不存在：${dir}`, `The output folder does not exist: ${dir}`);
  }
  if (isDirectory(output)) {
    throw new ShantyFileError(`输出路径是文件夹：${output}`, `The output path is a directory: ${output}`);
  }
  if (!options.force && exists(output)) throw existsError(output);
}

function existsError(output: string): ShantyFileError {
  return new ShantyFileError(
    `输出文件已存在：${output}。未改写它；要替换请加 --force（-f），或用 -o 指定另一个文件名`,
    `The output file already exists: ${output}. It was not changed; add --force (-f) to replace it, or choose another name with -o`,
  );
}

/** Serialise the whole workbook in memory first, then write it atomically (writeFileAtomic). */
export async function saveWorkbookAtomic(workbook: ExcelJS.Workbook, output: string, options: OutputOptions = {}): Promise<void> {
  let data: Buffer;
  try {
    data = Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  } catch (e) {
    throw new ShantyFileError(`生成工作簿失败：${errorText(e)}`, `Could not build the workbook: ${errorText(e)}`);
  }
  writeFileAtomic(output, data, options);
}

/** Temp files of this process still on disk (removed on exit). */
const live = new Set<string>();
let hooked = false;

function removeLive(): void {
  for (const f of live) {
    try {
      fs.unlinkSync(f);
    } catch {
      /* already gone */
    }
  }
  live.clear();
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on("exit", removeLive);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(sig, () => {
      removeLive();
      process.kill(process.pid, sig); // the default action again (this listener was once)
    });
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function olderThan(file: string, ms: number): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs > ms;
  } catch {
    return false;
  }
}

/** Remove temp files left in `dir` by runs that no longer exist (killed before they could clean up). */
export function cleanStaleTemps(dir: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    if (m[1] === HOST ? alive(Number(m[2])) : !olderThan(path.join(dir, name), FOREIGN_TEMP_AGE_MS)) continue;
    try {
      fs.unlinkSync(path.join(dir, name));
      removed.push(name);
    } catch {
      /* someone else's, or gone */
    }
  }
  return removed;
}

/** Write bytes to a short-named temp file in the target's folder, fsync, then move it to the target. */
export function writeFileAtomic(output: string, data: Buffer, options: OutputOptions = {}): void {
  const target = path.resolve(output);
  const dir = path.dirname(target);
  cleanStaleTemps(dir);
  hookExit();
  const tmp = path.join(dir, `${TEMP_PREFIX}${HOST}-${process.pid}-${crypto.randomBytes(3).toString("hex")}${TEMP_SUFFIX}`);
  live.add(tmp);
  try {
    const fd = fs.openSync(tmp, "wx", 0o666);
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (options.force) {
      fs.renameSync(tmp, target);
    } else {
      // link() never replaces: an output created since the check is still not overwritten.
      let linked = false;
      try {
        fs.linkSync(tmp, target);
        linked = true;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EEXIST") throw existsError(output);
        // Folders without hard links (FAT, some network shares): check again, then rename.
        if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw e;
      }
      if (linked) fs.unlinkSync(tmp);
      else if (exists(target)) throw existsError(output);
      else fs.renameSync(tmp, target);
    }
    live.delete(tmp);
    syncDir(dir);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* the temp file was never created */
    }
    live.delete(tmp);
    if (e instanceof ShantyFileError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const busy = code === "EBUSY" || code === "EPERM" || code === "EACCES";
    throw new ShantyFileError(
      `无法写入 ${output}：${errorText(e)}${busy ? "（文件可能正在 Excel 中打开，或没有写权限）" : ""}`,
      `Cannot write ${output}: ${errorText(e)}${busy ? " (the file may be open in Excel, or not writable)" : ""}`,
    );
  }
}

/** fsync the folder so the rename itself is on disk (best effort: not every platform can open a folder). */
function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* not supported here */
  }
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

function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
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
