/*
 * `shanty recalc` against LibreOffice Calc headless on the same .xlsx, each as a whole process: wall time, CPU
 * time (user + system) and peak RSS (GNU time's maximum resident set, or polling /proc where it is missing).
 * LibreOffice runs with a private profile whose registrymodifications.xcu forces recalculation on load
 * (OOXMLRecalcMode = 0), warmed once before it is measured, and its output is checked to hold the computed
 * values (so the comparison is not against a program that skipped the work). Used by bench/run.ts.
 */
import { spawn, spawnSync } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { openPackage, scanSheet } from "../src/cli/recalc/package";
import { middle } from "./median";

export interface ProcessRun {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssMB: number;
  readonly status: number | null;
  readonly stderr: string;
}

const GNU_TIME = "/usr/bin/time";

/** Run a command to its end, measured as a whole process (children included). */
export async function measure(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ProcessRun> {
  if (existsSync(GNU_TIME)) {
    const t0 = Date.now();
    const r = spawnSync(GNU_TIME, ["-f", "TIME %e %U %S %M", cmd, ...args], { encoding: "utf8", env, maxBuffer: 256 * 1024 * 1024 });
    const wallMs = Date.now() - t0;
    const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? "");
    if (m) {
      return {
        wallMs,
        cpuMs: Math.round((Number(m[2]) + Number(m[3])) * 1000),
        peakRssMB: Math.round(Number(m[4]) / 1024),
        status: r.status,
        stderr: r.stderr ?? "",
      };
    }
  }
  // No GNU time: poll the process tree's resident memory in /proc.
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(cmd, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += String(d)));
    let peak = 0;
    const poll = setInterval(() => {
      peak = Math.max(peak, treeRssKB(child.pid!));
    }, 25);
    child.on("exit", (status) => {
      clearInterval(poll);
      resolve({ wallMs: Date.now() - t0, cpuMs: NaN, peakRssMB: Math.round(peak / 1024), status, stderr }); // CPU time needs GNU time
    });
  });
}

function treeRssKB(root: number): number {
  let total = 0;
  try {
    const children = new Map<number, number[]>();
    for (const d of readdirSync("/proc")) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const ppid = Number(readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1].split(" ")[1]);
        children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
      } catch {
        /* gone */
      }
    }
    const stack = [root];
    while (stack.length) {
      const pid = stack.pop()!;
      try {
        const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
        if (m) total += Number(m[1]);
      } catch {
        /* gone */
      }
      stack.push(...(children.get(pid) ?? []));
    }
  } catch {
    /* no /proc */
  }
  return total;
}

// ---------- the bench's workbook, written as Excel writes it ----------

/** Data columns A–J: integers, so native float formulas and the decimal engine agree exactly. */
export function dataRow(i: number): (number | string)[] {
  const ar = 1000 + (i % 97) * 37;
  const ad = 500 + (i % 89) * 61;
  const rate = 100 + (i % 7) * 10;
  const investor = i % 3 === 0 ? "民间资本" : "政府";
  const gross = 1_000_000 + (i % 53) * 12_345;
  const costItems = 200_000 + (i % 31) * 23_456;
  const price = 300_000 + (i % 41) * 10_000;
  const area = 60 + (i % 61);
  return [ar, ad, rate, investor, gross, costItems, price, area, ar + ad, 10_000 + (i % 17) * 1000];
}

export const CUSTOM = (r: number) => [
  `SHANTY.FEEEXEMPT(A${r},B${r},C${r},D${r})`,
  `SHANTY.FEEDUE(A${r},B${r},C${r},D${r})`,
  `SHANTY.LANDNET(E${r},F${r})`,
  `SHANTY.DEEDTAX(G${r},H${r})`,
  `SHANTY.TAXSHARE(A${r},I${r},J${r})`,
];

/** The same numbers with native functions (IF/MIN/MAX/ROUND), as a user would write them without the add-in. */
export const NATIVE = (r: number) => {
  const exempt = `(A${r}*C${r}+IF(D${r}="民间资本",MIN(B${r},1.5*A${r})*C${r}+MAX(0,B${r}-1.5*A${r})*C${r}/2,0))`;
  return [
    `ROUND(${exempt},2)`,
    `ROUND((A${r}+B${r})*C${r},2)-ROUND(${exempt},2)`,
    `ROUND(E${r}-MAX(0,E${r}-F${r})*0.1-MAX(0,E${r}-F${r})*0.1,2)`,
    `ROUND(MAX(0,G${r})*IF(H${r}<=140,0.01,0.015),2)`, // DEEDTAX defaults: household rule, 140 ㎡
    `ROUND(J${r}*A${r}/I${r},2)`,
  ];
};

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const COLS = "ABCDEFGHIJKLMNO";

/** An .xlsx with `rows` rows of data and five formulas each (cached value 0, as a stale file has), shared strings for the text. */
export async function writeBenchWorkbook(file: string, rows: number, formulas: (r: number) => string[]): Promise<void> {
  const JSZip = (await import("jszip")).default;
  const strings = ["民间资本", "政府"];
  const body: string[] = [];
  for (let i = 0; i < rows; i++) {
    const r = i + 1;
    const cells = dataRow(i).map((v, k) =>
      typeof v === "number" ? `<c r="${COLS[k]}${r}"><v>${v}</v></c>` : `<c r="${COLS[k]}${r}" t="s"><v>${strings.indexOf(v)}</v></c>`,
    );
    formulas(r).forEach((f, k) => cells.push(`<c r="${COLS[10 + k]}${r}"><f>${esc(f)}</f><v>0</v></c>`));
    body.push(`<row r="${r}">${cells.join("")}</row>`);
  }
  const R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
  );
  zip.file(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  zip.file(
    "xl/workbook.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${R}"><sheets><sheet name="测算" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="191029"/></workbook>`,
  );
  zip.file(
    "xl/_rels/workbook.xml.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${R}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  );
  zip.file(
    "xl/sharedStrings.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t>${s}</t></si>`).join("")}</sst>`,
  );
  zip.file(
    "xl/worksheets/sheet1.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body.join("")}</sheetData></worksheet>`,
  );
  writeFileSync(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
}

/** The numbers in columns K–O of the first sheet of an .xlsx (row-major). */
export async function formulaValues(file: string): Promise<number[]> {
  const pkg = await openPackage(readFileSync(file), file);
  const xml = pkg.parts.get(pkg.sheets[0].path)!.toString("latin1");
  const out: number[] = [];
  scanSheet(xml, (c) => {
    if (c.col >= 10 && c.col <= 14) out.push(c.v === undefined ? NaN : Number(c.v));
  });
  return out;
}

// ---------- the runs ----------

const SOFFICE = ["soffice", "libreoffice"]
  .map((c) => spawnSync("sh", ["-c", `command -v ${c}`], { encoding: "utf8" }).stdout.trim())
  .find(Boolean);

export function hasLibreOffice(): boolean {
  return Boolean(SOFFICE);
}

/** A private LibreOffice profile that recalculates every formula on load. */
function recalcProfile(): string {
  const dir = mkdtempSync(join(tmpdir(), "lo-bench-"));
  mkdirSync(join(dir, "user"), { recursive: true });
  writeFileSync(
    join(dir, "user", "registrymodifications.xcu"),
    `<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n` +
      `<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n` +
      `<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n</oor:items>\n`,
  );
  return dir;
}

export interface Comparison {
  readonly rows: number;
  readonly shantyNative: ProcessRun;
  readonly shantyCustom: ProcessRun;
  readonly libreOffice?: ProcessRun;
  /** Formula values where shanty's native output differs from LibreOffice's (both from their files). */
  readonly mismatches?: number;
  /** SHANTY-function values that differ from the native sheet's (same numbers by construction). */
  readonly customMismatches: number;
  /** shanty's recalc phases (SHANTY_RECALC_PROFILE=1) on the native sheet. */
  readonly phases: string[];
  /** Runs per program: wall time, CPU and memory are the medians of this many runs, taken in turn. */
  readonly repeat: number;
  /** Output sizes (bytes): shanty's native output and LibreOffice's. */
  readonly shantyBytes: number;
  readonly libreOfficeBytes?: number;
}

/** The run with the median wall time, its CPU and memory replaced by their own medians. */
function medianRun(runs: ProcessRun[]): ProcessRun {
  const wall = middle(runs, (r) => r.wallMs);
  return { ...wall, cpuMs: middle(runs, (r) => r.cpuMs).cpuMs, peakRssMB: middle(runs, (r) => r.peakRssMB).peakRssMB };
}

function shantyArgs(root: string, input: string, output: string): string[] {
  return [join(root, "bin", "shanty.js"), "recalc", input, "-o", output, "--force"];
}

/**
 * The bench's native and SHANTY sheets of `rows` rows through shanty recalc, and the native one through
 * LibreOffice; with repeat > 1 each is run that many times in turn (so a busy machine weighs on both alike)
 * and the medians are reported.
 */
export async function compareWithLibreOffice(root: string, rows: number, withLibreOffice = true, repeat = 1): Promise<Comparison> {
  const dir = mkdtempSync(join(tmpdir(), "shanty-bench-lo-"));
  try {
    const native = join(dir, `native-${rows}.xlsx`);
    const custom = join(dir, `custom-${rows}.xlsx`);
    await writeBenchWorkbook(native, rows, NATIVE);
    await writeBenchWorkbook(custom, rows, CUSTOM);
    const natives: ProcessRun[] = [];
    const customs: ProcessRun[] = [];
    const los: ProcessRun[] = [];
    const profile = withLibreOffice && SOFFICE ? recalcProfile() : undefined;
    const outDir = join(dir, "lo");
    mkdirSync(outDir);
    const lo = (input: string) => [
      `-env:UserInstallation=file://${profile}`,
      "--headless",
      "--norestore",
      "--convert-to",
      "xlsx",
      "--outdir",
      outDir,
      input,
    ];
    try {
      if (profile) await measure(SOFFICE!, lo(native)); // warm-up: profile created, libraries in the page cache
      for (let k = 0; k < repeat; k++) {
        natives.push(
          await measure(process.execPath, shantyArgs(root, native, join(dir, "shanty-native.xlsx")), {
            ...process.env,
            SHANTY_RECALC_PROFILE: "1",
          }),
        );
        customs.push(await measure(process.execPath, shantyArgs(root, custom, join(dir, "shanty-custom.xlsx"))));
        if (profile) los.push(await measure(SOFFICE!, lo(native)));
      }
    } finally {
      if (profile) rmSync(profile, { recursive: true, force: true });
    }
    const shantyNative = medianRun(natives);
    const shantyCustom = medianRun(customs);
    const phases = shantyNative.stderr.split("\n").filter((l) => l.startsWith("PHASE"));
    const nativeValues = await formulaValues(join(dir, "shanty-native.xlsx"));
    const customValues = await formulaValues(join(dir, "shanty-custom.xlsx"));
    const customMismatches = nativeValues.filter((v, i) => v !== customValues[i]).length;
    const shantyBytes = statSync(join(dir, "shanty-native.xlsx")).size;
    let libreOffice: ProcessRun | undefined;
    let mismatches: number | undefined;
    let libreOfficeBytes: number | undefined;
    if (los.length > 0) {
      libreOffice = medianRun(los);
      const loFile = join(outDir, `native-${rows}.xlsx`);
      const loValues = await formulaValues(loFile);
      mismatches = loValues.filter((v, i) => v !== nativeValues[i]).length;
      libreOfficeBytes = statSync(loFile).size;
    }
    return { rows, shantyNative, shantyCustom, libreOffice, mismatches, customMismatches, phases, repeat, shantyBytes, libreOfficeBytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
