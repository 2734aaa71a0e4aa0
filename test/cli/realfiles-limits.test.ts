import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vm from "vm";
import * as zlib from "zlib";
import * as v8 from "v8";
import * as ExcelJS from "exceljs";
import JSZip from "jszip";
import { shanty } from "../support/shanty";
import { SAMPLE_FILE } from "../../scripts/gen-sample-workbook";
import { readPackage } from "../../src/cli/package";

/*
 * Limits: files that used to exhaust memory or crash now fail fast with a message naming the cell or the part.
 * Memory is measured in a child process (its peak RSS), never time.
 */

v8.setFlagsFromString("--expose-gc");
const ROOT = path.join(__dirname, "..", "..");
const MB = 1024 * 1024;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-limits-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `shanty ARGS` in a child process; returns exit code, output and the child's peak resident memory in MB. */
function shantyChild(...args: string[]): { code: number | null; out: string; peakMB: number } {
  const script = `require(${JSON.stringify(path.join(ROOT, "src/cli/main.ts"))}).main(${JSON.stringify(args)}).then((c) => {
    console.log("PEAK_KB=" + process.resourceUsage().maxRSS); process.exitCode = c; });`;
  const r = spawnSync(process.execPath, ["--max-old-space-size=2048", "-r", "ts-node/register/transpile-only", "-e", script], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 300_000,
  });
  const out = `${r.stdout}\n${r.stderr}`;
  const kb = Number(/PEAK_KB=(\d+)/.exec(out)?.[1] ?? NaN);
  return { code: r.status, out, peakMB: kb / 1024 };
}

/** A zip written by hand, so the directory can say what a test wants (sizes included). */
interface RawEntry {
  readonly name: string;
  /** Bytes as stored (deflated when method 8). */
  readonly data: Buffer;
  readonly method: 0 | 8;
  readonly size: number;
}

function rawZip(entries: readonly RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(0, 14); // crc: not checked by readers of .xlsx here
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** The sample's parts as raw deflated entries, plus `extra`. */
async function sampleWith(extra: RawEntry[]): Promise<Buffer> {
  const zip = await JSZip.loadAsync(fs.readFileSync(SAMPLE_FILE));
  const entries: RawEntry[] = [];
  for (const f of Object.values(zip.files)) {
    if (f.dir) continue;
    const data = await f.async("nodebuffer");
    entries.push({ name: f.name, data: zlib.deflateRawSync(data), method: 8, size: data.length });
  }
  return rawZip([...entries, ...extra]);
}

/** A deflate stream of `mb` MB of zeros, built from one 1 MB piece repeated (pieces end on a sync flush, so they concatenate). */
function zerosDeflated(mb: number): Buffer {
  const piece = zlib.deflateRawSync(Buffer.alloc(MB), { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const end = zlib.deflateRawSync(Buffer.alloc(0)); // a final empty block
  return Buffer.concat([...new Array<Buffer>(mb).fill(piece), end]);
}

async function editSample(edit: (wb: ExcelJS.Workbook) => void, name: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(SAMPLE_FILE);
  edit(wb);
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

/** The column (1-based) of a header in row 1 of a sheet. */
function column(ws: ExcelJS.Worksheet, header: string): number {
  let found = 0;
  ws.getRow(1).eachCell((c, col) => {
    if (String(c.value).startsWith(header)) found = col;
  });
  if (!found) throw new Error(`no column ${header}`);
  return found;
}

describe("zip bombs are refused from the zip directory", () => {
  it("a 2 MB file whose part expands to 2 GB: exit 1 naming the part, memory stays low (child process)", async () => {
    const bomb = zerosDeflated(2000);
    const file = path.join(dir, "bomb.xlsx");
    fs.writeFileSync(file, await sampleWith([{ name: "xl/media/filler.bin", data: bomb, method: 8, size: 2000 * MB }]));
    expect(fs.statSync(file).size).toBeLessThan(3 * MB);
    const before = fs.readFileSync(file);
    const r = shantyChild("plan", file, "-o", path.join(dir, "out.xlsx"));
    expect(r.code).toBe(1);
    expect(r.out).toContain("xl/media/filler.bin");
    expect(r.out).toContain("压缩炸弹");
    expect(r.out).toContain("zip bomb");
    expect(r.peakMB).toBeLessThan(400); // the inflated part alone would be 2000 MB
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(["bomb.xlsx"]);
  }, 300_000);

  it("a part with a compression ratio above 100:1 is refused even when small overall (20 MB of zeros in 20 KB)", async () => {
    const file = path.join(dir, "ratio.xlsx");
    fs.writeFileSync(file, await sampleWith([{ name: "xl/media/filler.bin", data: zerosDeflated(20), method: 8, size: 20 * MB }]));
    const { code, out } = await shanty("plan", file, "-o", path.join(dir, "out.xlsx"));
    expect(code).toBe(1);
    expect(out).toMatch(/压缩比为 \d+∶1/);
  });

  it("a directory that under-states a part's size: inflation stops at the declared size, the file is called damaged", async () => {
    const bytes = await sampleWith([{ name: "xl/media/filler.bin", data: zerosDeflated(50), method: 8, size: 1000 }]);
    await expect(readPackage(bytes, "lying.xlsx")).rejects.toThrow(/larger than its zip directory says/);
  });

  it("large parts are inflated on zlib's thread pool: the same bytes and CRC, and the first damaged part in the directory's order is named", async () => {
    // Incompressible parts of 9 and 10 MB (from 8 MB on a part is inflated off this thread).
    const a = crypto.randomBytes(9 * MB);
    const b = crypto.randomBytes(10 * MB);
    const good = await sampleWith([
      { name: "xl/media/a.bin", data: zlib.deflateRawSync(a), method: 8, size: a.length },
      { name: "xl/media/b.bin", data: zlib.deflateRawSync(b), method: 8, size: b.length },
    ]);
    const packed = new Map();
    const parts = await readPackage(good, "big.xlsx", undefined, packed);
    expect(parts.get("xl/media/a.bin")!.equals(a)).toBe(true);
    expect(parts.get("xl/media/b.bin")!.equals(b)).toBe(true);
    expect(packed.get("xl/media/b.bin")).toMatchObject({ crc: zlib.crc32(b) >>> 0, size: b.length });
    // Both damaged: b under-stated (inflation stops at the declared size), a over-stated; b comes first in the directory
    // (and, larger, is inflated last: results taken as they finish would name a).
    const bad = await sampleWith([
      { name: "xl/media/b.bin", data: zlib.deflateRawSync(b), method: 8, size: b.length - 1 },
      { name: "xl/media/a.bin", data: zlib.deflateRawSync(a), method: 8, size: a.length + 1 },
    ]);
    await expect(readPackage(bad, "big.xlsx")).rejects.toThrow(
      /part xl\/media\/b\.bin cannot be inflated .*larger than its zip directory says/,
    );
    const over = await sampleWith([{ name: "xl/media/b.bin", data: zlib.deflateRawSync(b), method: 8, size: b.length + 1 }]);
    await expect(readPackage(over, "big.xlsx")).rejects.toThrow(
      `part xl/media/b.bin inflates to ${b.length} bytes, not the ${b.length + 1}`,
    );
  });

  it("large parts inflated on the thread pool are let go once dropped, without a turn of the event loop (as plan's scan runs)", async () => {
    const gc = vm.runInNewContext("gc") as () => void;
    const a = crypto.randomBytes(9 * MB);
    const bytes = await sampleWith([{ name: "xl/media/a.bin", data: zlib.deflateRawSync(a), method: 8, size: a.length }]);
    // The parts are read in a function of their own, so that no variable of this one holds them.
    const sizeRead = async () => (await readPackage(bytes, "big.xlsx")).get("xl/media/a.bin")!.length;
    gc();
    const before = process.memoryUsage().arrayBuffers;
    expect(await sizeRead()).toBe(9 * MB);
    gc(); // collected now, or held (no turn of the event loop since readPackage returned) …
    // … and counted until V8's sweeper, which runs beside this thread, has freed what was collected.
    await new Promise((resolve) => setTimeout(resolve, 300));
    // (before the fix the 9 MB part stayed held by its zlib engine)
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(2 * MB);
  });

  it("too many parts", async () => {
    const tiny = Array.from({ length: 30 }, (_, i) => ({
      name: `xl/media/p${i}.bin`,
      data: Buffer.from("x"),
      method: 0 as const,
      size: 1,
    }));
    const bytes = await sampleWith(tiny);
    await expect(
      readPackage(bytes, "many.xlsx", { maxEntries: 20, maxEntryBytes: MB, maxTotalBytes: 10 * MB, maxRatio: 100, ratioFloorBytes: MB }),
    ).rejects.toThrow(/more than the limit of 20/);
  });
});

describe("a stray cell far away", () => {
  it("XFD1048576 in a small file: exit 1 naming the cell, memory follows the cells that exist (child process)", async () => {
    const file = await editSample((wb) => {
      wb.getWorksheet("项目库")!.getCell("XFD1048576").value = 1;
    }, "stray.xlsx");
    expect(fs.statSync(file).size).toBeLessThan(64 * 1024);
    const before = fs.readFileSync(file);
    const r = shantyChild("plan", file, "-o", path.join(dir, "out.xlsx"));
    expect(r.code).toBe(1);
    expect(r.out).toContain("项目库!XFD1048576");
    expect(r.peakMB).toBeLessThan(400); // the used-range box A1:XFD1048576 would be 17 billion cells
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(path.join(dir, "out.xlsx"))).toBe(false);
  }, 300_000);
});

describe("years and magnitudes in the planning tables are errors naming the cell", () => {
  it("a cash-flow year typed as 20250101: exit 4 naming the cell, no run out of memory (child process)", async () => {
    let address = "";
    const file = await editSample((wb) => {
      const ws = wb.getWorksheet("现金流")!;
      const cell = ws.getCell(2, column(ws, "年度"));
      cell.value = 20250101;
      address = cell.address;
    }, "year.xlsx");
    const r = shantyChild("plan", file, "-o", path.join(dir, "out.xlsx"));
    expect(r.code).toBe(4);
    expect(r.out).toContain(`现金流!${address}`);
    expect(r.out).toContain("20250101");
    expect(r.peakMB).toBeLessThan(600);
    expect(fs.existsSync(path.join(dir, "out.xlsx"))).toBe(false);
  }, 300_000);

  it.each([
    ["建筑面积", 1e70],
    ["户数", 1e20],
    ["计划年度", 1899],
  ])("项目库 %s = %d: exit 4 naming the cell, never Infinity", async (header, value) => {
    let address = "";
    const file = await editSample((wb) => {
      const ws = wb.getWorksheet("项目库")!;
      const cell = ws.getCell(3, column(ws, header));
      cell.value = value;
      address = cell.address;
    }, "big.xlsx");
    const before = fs.readFileSync(file);
    const { code, out } = await shanty("plan", file, "-o", path.join(dir, "out.xlsx"));
    expect(code).toBe(4);
    expect(out).toContain(`项目库!${address}`);
    expect(out).not.toContain("Infinity");
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(path.join(dir, "out.xlsx"))).toBe(false);
  });

  it("the largest magnitude still accepted (just below 1e15) is not refused by the bound", async () => {
    let address = "";
    const file = await editSample((wb) => {
      const ws = wb.getWorksheet("现金流")!;
      const cell = ws.getCell(2, column(ws, "收入"));
      cell.value = 999999999999999;
      address = cell.address;
    }, "edge.xlsx");
    const { code, out } = await shanty("plan", file, "-o", path.join(dir, "out.xlsx"));
    expect(out).not.toContain(`现金流!${address}`);
    expect(code).toBe(0);
  });
});
