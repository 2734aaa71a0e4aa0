import * as path from "path";
import * as zlib from "zlib";
import JSZip from "jszip";
import { errorText, ShantyFileError } from "./errors";

/*
 * The .xlsx package (a zip of XML parts) before ExcelJS sees it:
 * 1. readPackage: the zip directory is read with JSZip and checked BEFORE anything is inflated (entry count,
 *    declared uncompressed sizes, compression ratio — a zip bomb is refused from its directory); each part is
 *    then inflated by Node's zlib with the declared size as a hard cap, so a directory that lies cannot make
 *    it bigger either.
 * 2. normalisePackage: rewrites what other writers do differently from Excel in ways ExcelJS 4.4 cannot read,
 *    each rule a small, meaning-preserving rewrite of one part (see NORMALISATION_RULES). The input file is
 *    never touched: this works on the bytes in memory.
 * 3. packageBuffer: the parts zipped again (stored, not compressed: ExcelJS reads it at once) for ExcelJS.
 */

/** Limits of what a workbook package may hold; policy values with defaults, not constants buried in code. */
export interface PackageLimits {
  /** Most parts (files) in the zip. */
  readonly maxEntries: number;
  /** Largest uncompressed part, bytes. */
  readonly maxEntryBytes: number;
  /** Largest sum of uncompressed parts, bytes. */
  readonly maxTotalBytes: number;
  /** Highest uncompressed : compressed ratio of one part (Apache POI's default is 100 : 1 too) … */
  readonly maxRatio: number;
  /** … checked for parts larger than this (small parts of repeated XML compress better than that, harmlessly). */
  readonly ratioFloorBytes: number;
}

export const DEFAULT_PACKAGE_LIMITS: PackageLimits = {
  maxEntries: 10_000,
  maxEntryBytes: 512 * 1024 * 1024, // also below V8's longest string: a part must fit one string to be parsed
  maxTotalBytes: 1024 * 1024 * 1024,
  maxRatio: 100,
  ratioFloorBytes: 1024 * 1024,
};

/** Part name (no leading slash, as in the zip) → bytes. */
export type Parts = Map<string, Buffer>;

/** What JSZip keeps of an entry read from a zip directory (jszip 3.x CompressedObject; not in its typings). */
interface CompressedEntry {
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly compression: { readonly magic: string } | null;
  readonly compressedContent: Uint8Array;
}

const MB = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** Read the parts of an .xlsx package, refusing zip bombs from the directory before inflating anything. */
export async function readPackage(bytes: Buffer, shown: string, limits: PackageLimits = DEFAULT_PACKAGE_LIMITS): Promise<Parts> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false });
  } catch (e) {
    throw new ShantyFileError(
      `${shown} 的内容不是有效的 .xlsx 工作簿（zip 目录无法读取：${errorText(e)}）`,
      `${shown} is not a valid .xlsx workbook (its zip directory cannot be read: ${errorText(e)})`,
    );
  }
  const files = Object.values(zip.files).filter((f) => !f.dir);
  if (files.length > limits.maxEntries) {
    throw new ShantyFileError(
      `${shown} 含 ${files.length} 个部件，超过上限 ${limits.maxEntries}，不是正常的工作簿，未读取`,
      `${shown} holds ${files.length} parts, more than the limit of ${limits.maxEntries}; not read`,
    );
  }
  // 1. The directory alone: declared sizes and ratios.
  let total = 0;
  const entries: { name: string; data: CompressedEntry }[] = [];
  for (const f of files) {
    const data = (f as unknown as { _data: CompressedEntry })._data;
    if (!data || typeof data.uncompressedSize !== "number" || !data.compressedContent) {
      throw new ShantyFileError(`${shown} 的部件 ${f.name} 无法读取`, `${shown}: part ${f.name} cannot be read`);
    }
    const size = data.uncompressedSize;
    const packed = Math.max(1, data.compressedSize);
    total += size;
    if (size > limits.maxEntryBytes || total > limits.maxTotalBytes) {
      throw new ShantyFileError(
        `${shown} 解压后过大（部件 ${f.name} 为 ${MB(size)}，合计已达 ${MB(total)}；上限为单个 ${MB(limits.maxEntryBytes)}、合计 ${MB(limits.maxTotalBytes)}），可能是“压缩炸弹”，未读取`,
        `${shown} expands too much (part ${f.name}: ${MB(size)}, ${MB(total)} so far; limits ${MB(limits.maxEntryBytes)} per part, ${MB(limits.maxTotalBytes)} in all): possibly a zip bomb; not read`,
      );
    }
    if (size > limits.ratioFloorBytes && size / packed > limits.maxRatio) {
      throw new ShantyFileError(
        `${shown} 的部件 ${f.name} 压缩比为 ${Math.round(size / packed)}∶1（${MB(packed)} 解压为 ${MB(size)}），超过上限 ${limits.maxRatio}∶1，可能是“压缩炸弹”，未读取`,
        `${shown}: part ${f.name} has a compression ratio of ${Math.round(size / packed)}:1 (${MB(packed)} → ${MB(size)}), above the limit of ${limits.maxRatio}:1: possibly a zip bomb; not read`,
      );
    }
    entries.push({ name: f.name, data });
  }
  // 2. Inflate, never beyond the declared size.
  const parts: Parts = new Map();
  for (const { name, data } of entries) {
    const magic = data.compression?.magic;
    let out: Buffer;
    try {
      if (magic === "\x00\x00") out = Buffer.from(data.compressedContent);
      else if (magic === "\x08\x00") out = zlib.inflateRawSync(data.compressedContent, { maxOutputLength: Math.max(1, data.uncompressedSize) });
      else throw new Error(`unsupported compression method`);
    } catch (e) {
      throw new ShantyFileError(
        `${shown} 的部件 ${name} 无法解压（${errorText(e)}）：文件已损坏，或其实际大小与目录不符`,
        `${shown}: part ${name} cannot be inflated (${errorText(e)}): the file is damaged or larger than its zip directory says`,
      );
    }
    if (out.length !== data.uncompressedSize) {
      throw new ShantyFileError(
        `${shown} 的部件 ${name} 解压后为 ${out.length} 字节，与目录记载的 ${data.uncompressedSize} 字节不符：文件已损坏`,
        `${shown}: part ${name} inflates to ${out.length} bytes, not the ${data.uncompressedSize} its zip directory says: the file is damaged`,
      );
    }
    parts.set(name, out);
  }
  return parts;
}

/** The parts as a zip ExcelJS can load (stored: nothing to inflate again). */
export async function packageBuffer(parts: Parts): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, data] of parts) zip.file(name, data, { binary: true, createFolders: false });
  return zip.generateAsync({ type: "nodebuffer", compression: "STORE" });
}

// ---------- normalisation ----------

/** The rules normalisePackage applies, for the README and the notes. */
export const NORMALISATION_RULES = {
  relTargets: "关系目标改为相对路径 / relationship targets made relative (openpyxl writes /xl/tables/table1.xml)",
  tableStyle: "为没有样式元素的表添加“无样式” / tables without a tableStyleInfo get an explicit 'no style' one (LibreOffice)",
  isoDates: "ISO 日期单元格（t=\"d\"）改为日期序列号 / ISO date cells (t=\"d\") become date serial numbers",
  styles: "缺少 styles.xml 时补上最小样式表 / a minimal styles.xml where a writer left it out",
} as const;

const REL_ATTR = /\b(Id|Type|Target|TargetMode)\s*=\s*("([^"]*)"|'([^']*)')/g;

function xmlDecode(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, "&");
}

function xmlEncode(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The part a .rels part describes: "xl/worksheets/_rels/sheet1.xml.rels" → "xl/worksheets/sheet1.xml"; "_rels/.rels" → "". */
export function relsSource(relsName: string): string | undefined {
  const m = /^(.*?)(?:^|\/)_rels\/([^/]*)\.rels$/.exec(relsName);
  if (!m) return undefined;
  return m[1] ? `${m[1]}/${m[2]}` : m[2];
}

/** Resolve a relationship target against its source part (OPC): "/xl/a.xml" absolute, otherwise relative to the source's folder. */
export function resolveTarget(source: string, target: string): string {
  let t = target.trim();
  try {
    t = decodeURIComponent(t);
  } catch {
    /* keep it as written */
  }
  const joined = t.startsWith("/") ? t.slice(1) : path.posix.join(path.posix.dirname(source), t);
  return path.posix.normalize(joined).replace(/^(\.\/)+/, "");
}

function text(parts: Parts, name: string): string | undefined {
  return parts.get(name)?.toString("utf8");
}

/** Every internal relationship target as a path relative to its source part's folder (ExcelJS matches targets as text). */
function normaliseRelTargets(parts: Parts): boolean {
  let changed = false;
  const lower = new Map<string, string>();
  for (const name of parts.keys()) lower.set(name.toLowerCase(), name);
  for (const name of [...parts.keys()]) {
    if (!name.endsWith(".rels")) continue;
    const source = relsSource(name);
    if (source === undefined) continue;
    const xml = text(parts, name)!;
    const out = xml.replace(/<Relationship\b[^>]*>/g, (el) => {
      const attrs: Record<string, string> = {};
      for (const m of el.matchAll(REL_ATTR)) attrs[m[1]] = xmlDecode(m[3] ?? m[4] ?? "");
      if (attrs.Target === undefined || (attrs.TargetMode ?? "").toLowerCase() === "external") return el;
      const resolved = resolveTarget(source, attrs.Target);
      // OPC part names compare without case: point at the part as it is spelt in the zip.
      const actual = lower.get(resolved.toLowerCase()) ?? resolved;
      const relative = path.posix.relative(path.posix.dirname(source) || ".", actual) || actual;
      if (relative === attrs.Target) return el;
      return el.replace(/\bTarget\s*=\s*("[^"]*"|'[^']*')/, `Target="${xmlEncode(relative)}"`);
    });
    if (out !== xml) {
      parts.set(name, Buffer.from(out, "utf8"));
      changed = true;
    }
  }
  return changed;
}

/** A table part without <tableStyleInfo> (LibreOffice) gets one that names no style: the same look, and ExcelJS can write it. */
function addTableStyleInfo(parts: Parts): boolean {
  let changed = false;
  for (const [name, data] of parts) {
    if (!/^xl\/tables\/[^/]+\.xml$/i.test(name)) continue;
    const xml = data.toString("utf8");
    if (/<(\w+:)?tableStyleInfo\b/.test(xml)) continue;
    const m = /<\/((\w+:)?)tableColumns>|<((\w+:)?)tableColumns\b[^>]*\/>/.exec(xml);
    if (!m) continue;
    const prefix = m[1] ?? m[3] ?? "";
    const at = m.index + m[0].length;
    const info = `<${prefix}tableStyleInfo showFirstColumn="0" showLastColumn="0" showRowStripes="0" showColumnStripes="0"/>`;
    parts.set(name, Buffer.from(xml.slice(0, at) + info + xml.slice(at), "utf8"));
    changed = true;
  }
  return changed;
}

/** Is the workbook in the 1904 date system? */
function date1904(parts: Parts): boolean {
  const wb = text(parts, "xl/workbook.xml") ?? "";
  return /<(\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*["'](1|true)["']/.test(wb);
}

/** Excel serial of an ISO date/time written as local wall-clock time ("2024-01-01", "2024-01-01T12:00:00"). */
export function isoToSerial(iso: string, use1904: boolean): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?Z?$/.exec(iso.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? "0", m[5] ?? "0", m[6] ?? "0"].map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) + (m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0);
  if (!Number.isFinite(ms) || new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return undefined;
  let serial = ms / 86400000 + 25569;
  // Excel's 1900 system counts the non-existent 1900-02-29: serials before 1900-03-01 are one less.
  if (serial < 61) serial -= 1;
  return use1904 ? serial - 1462 : serial;
}

/** <c t="d"><v>ISO</v></c> (ISO 8601 date cells, allowed by the standard, unknown to ExcelJS which reads "2024-…" as 2024) → a serial number. */
function isoDateCells(parts: Parts): boolean {
  let changed = false;
  const use1904 = date1904(parts);
  for (const [name, data] of parts) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/i.test(name) || !data.includes('t="d"')) continue;
    const xml = data.toString("utf8");
    const sheet = name;
    const out = xml.replace(/<c\b([^>]*?)\bt="d"([^>]*)>([\s\S]*?)<\/c>/g, (_whole, before: string, after: string, inner: string) => {
      const ref = /\br="([A-Z]+\d+)"/.exec(before + after)?.[1] ?? "?";
      const v = /<v>([^<]*)<\/v>/.exec(inner);
      if (!v) return `<c${before}${after}>${inner}</c>`;
      const serial = isoToSerial(v[1], use1904);
      if (serial === undefined) {
        throw new ShantyFileError(`${sheet} 的单元格 ${ref} 是无法识别的日期“${v[1]}”`, `${sheet}: cell ${ref} holds an unreadable date "${v[1]}"`);
      }
      return `<c${before}${after}>${inner.replace(v[0], `<v>${serial}</v>`)}</c>`;
    });
    if (out !== xml) {
      parts.set(name, Buffer.from(out, "utf8"));
      changed = true;
    }
  }
  return changed;
}

const MINIMAL_STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  "</styleSheet>";

/** A package without xl/styles.xml (some generators leave it out): ExcelJS needs one. */
function addStyles(parts: Parts): boolean {
  if (parts.has("xl/styles.xml")) return false;
  parts.set("xl/styles.xml", Buffer.from(MINIMAL_STYLES, "utf8"));
  const rels = text(parts, "xl/_rels/workbook.xml.rels");
  if (rels && !/relationships\/styles"/.test(rels)) {
    const ids = [...rels.matchAll(/\bId="rId(\d+)"/g)].map((m) => Number(m[1]));
    const id = `rId${Math.max(0, ...ids) + 1}`;
    const rel = `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`;
    parts.set("xl/_rels/workbook.xml.rels", Buffer.from(rels.replace(/<\/Relationships>/, `${rel}</Relationships>`), "utf8"));
  }
  const ct = text(parts, "[Content_Types].xml");
  if (ct && !ct.includes('PartName="/xl/styles.xml"')) {
    const over = '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>';
    parts.set("[Content_Types].xml", Buffer.from(ct.replace(/<\/Types>/, `${over}</Types>`), "utf8"));
  }
  return true;
}

/**
 * Rewrite in place what other writers (LibreOffice, openpyxl, generators) do differently from Excel in ways
 * ExcelJS cannot read or would read wrong. Returns the rules that changed something.
 */
export function normalisePackage(parts: Parts): (keyof typeof NORMALISATION_RULES)[] {
  const applied: (keyof typeof NORMALISATION_RULES)[] = [];
  if (normaliseRelTargets(parts)) applied.push("relTargets");
  if (addTableStyleInfo(parts)) applied.push("tableStyle");
  if (isoDateCells(parts)) applied.push("isoDates");
  if (parts.has("xl/workbook.xml") && addStyles(parts)) applied.push("styles");
  return applied;
}

// ---------- what ExcelJS drops when it writes ----------

/** What ExcelJS would drop when it writes this workbook again, as notes for the user. */
export function unsupportedParts(parts: Parts): string[] {
  const notes: string[] = [];
  const names = [...parts.keys()];
  const count = (re: RegExp) => names.filter((n) => re.test(n)).length;
  const charts = count(/^xl\/charts\/chart\d+\.xml$/);
  if (charts) notes.push(`注意：输入中的 ${charts} 个图表不会出现在输出文件中 / note: ${charts} chart(s) of the input are not carried into the output`);
  const pivots = count(/^xl\/pivotTables\/.+\.xml$/);
  if (pivots) notes.push(`注意：输入中的 ${pivots} 个数据透视表不会出现在输出文件中 / note: ${pivots} pivot table(s) of the input are not carried into the output`);
  const slicers = count(/^xl\/(slicers|timelines)\/.+\.xml$/);
  if (slicers) notes.push(`注意：输入中的切片器/日程表不会出现在输出文件中 / note: slicers and timelines of the input are not carried into the output`);
  const xml = text(parts, "xl/workbook.xml");
  if (xml) {
    const dropped: string[] = [];
    for (const m of xml.matchAll(/<definedName\b([^>]*)>([^<]*)<\/definedName>/g)) {
      const name = /\bname="([^"]*)"/.exec(m[1])?.[1] ?? "";
      const body = xmlDecode(m[2]).trim();
      if (name.startsWith("_xlnm.")) continue;
      // ExcelJS keeps names made of absolute cell ranges ('Sheet'!$A$1:$B$2, several separated by commas).
      const pieces = body.match(/(?:'(?:[^']|'')*'|[^,'])+/g) ?? [];
      const plain = /^(?:'(?:[^']|'')+'|[^'!]+)!\$[A-Z]+\$\d+(?::\$[A-Z]+\$\d+)?$/;
      if (pieces.length === 0 || !pieces.every((p) => plain.test(p.trim()))) dropped.push(name);
    }
    if (dropped.length) {
      notes.push(
        `注意：以下名称不是单元格区域（常量、公式或相对引用），不会出现在输出文件中：${dropped.join("、")} / note: these names are not plain cell ranges and are not carried into the output: ${dropped.join(", ")}`,
      );
    }
  }
  return notes;
}
