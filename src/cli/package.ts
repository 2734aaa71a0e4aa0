import type { PackedPart } from "./recalc/zip";
import * as path from "path";
import * as zlib from "zlib";
import JSZip from "jszip";
import { errorText, ShantyFileError } from "./errors";
import { relsOf, resolveTarget } from "../workbook/ooxml/parts";
import { XSD_DOUBLE } from "../workbook/ooxml/xml";

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

/** Parts from this size on are inflated on zlib's thread pool (a workbook's large sheets). */
const ASYNC_INFLATE_BYTES = 8 * 1024 * 1024;

/**
 * One output buffer of the declared size (and a little room, so the end of the stream is seen in it): zlib's default
 * 16 KB chunks cost a buffer each and a concatenation (0.6 s over the 555 MB of 200,000 projects); never below zlib's
 * default, so a small part still has a buffer of its own, not a slice of Node's pool.
 */
function inflateOptions(data: CompressedEntry): zlib.ZlibOptions {
  return {
    maxOutputLength: Math.max(1, data.uncompressedSize),
    chunkSize: Math.max(zlib.constants.Z_DEFAULT_CHUNK, data.uncompressedSize + 64),
  };
}

/**
 * inflateRawSync on zlib's thread pool. The result is given once its engine has closed: an engine holds its output
 * until then, and until Node's native side lets it go on the next turn of the event loop (readPackage waits for that
 * turn) — what follows (plan's grid scan, the reader) runs for seconds without one, and a 385 MB sheet stayed held
 * through the whole run.
 */
function inflateAsync(data: CompressedEntry): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    zlib.inflateRaw(data.compressedContent, { ...inflateOptions(data), info: true }, (error, result) => {
      if (error) return reject(error);
      const { buffer, engine } = result as unknown as { buffer: Buffer; engine: zlib.InflateRaw };
      if (engine.closed) resolve(buffer);
      else engine.once("close", () => resolve(buffer));
    }),
  );
}

/** Read the parts of an .xlsx package, refusing zip bombs from the directory before inflating anything. */
export async function readPackage(
  bytes: Buffer,
  shown: string,
  limits: PackageLimits = DEFAULT_PACKAGE_LIMITS,
  packed?: Map<string, PackedPart>,
): Promise<Parts> {
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
  // 2. Inflate, never beyond the declared size. The large parts (a big workbook's sheets) are inflated on zlib's
  // thread pool, side by side, while this thread checks the ones already done (their CRC is computed from the bytes):
  // 200,000 projects' two sheets, 555 MB, took 1.0 s here in turn. The results are taken in the directory's order, so a
  // damaged file reports the same part as before.
  const inflated: Inflated[] = entries.map(({ data }) =>
    data.compression?.magic === "\x08\x00" && data.uncompressedSize >= ASYNC_INFLATE_BYTES
      ? inflateAsync(data).then(
          (out) => ({ out }),
          (error: unknown) => ({ error }),
        )
      : undefined,
  );
  const anyAsync = inflated.some((p) => p !== undefined);
  try {
    return await takeParts(entries, inflated, shown, packed);
  } finally {
    // A damaged part stops the reading, but the later parts' inflation cannot be stopped: it is waited for, so that
    // nothing runs (and allocates) after readPackage.
    if (anyAsync) {
      await Promise.all(inflated);
      // (a closed engine is let go by Node's native side on the next turn of the event loop)
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

type Inflated = Promise<{ out: Buffer } | { error: unknown }> | undefined;

/** Step 2 of readPackage: each part inflated (or taken from the thread pool's result), checked, in the directory's order. */
async function takeParts(
  entries: readonly { name: string; data: CompressedEntry }[],
  inflated: Inflated[],
  shown: string,
  packed: Map<string, PackedPart> | undefined,
): Promise<Parts> {
  const parts: Parts = new Map();
  for (let k = 0; k < entries.length; k++) {
    const { name, data } = entries[k];
    const magic = data.compression?.magic;
    let out: Buffer;
    try {
      const pending = inflated[k];
      if (pending) {
        const done = await pending;
        inflated[k] = undefined;
        if ("error" in done) throw done.error;
        out = done.out;
      } else if (magic === "\x00\x00") out = Buffer.from(data.compressedContent);
      else if (magic === "\x08\x00") out = zlib.inflateRawSync(data.compressedContent, inflateOptions(data));
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
    // The entry's deflated bytes as they are, for a writer that copies the part unchanged (no deflate again): the CRC
    // is computed from the bytes (the reader does not check the archive's), so a copy is never more damaged than its source.
    if (packed && magic === "\x08\x00" && out.length > 0) {
      const c = data.compressedContent;
      packed.set(name, { packed: Buffer.from(c.buffer, c.byteOffset, c.byteLength), crc: zlib.crc32(out) >>> 0, size: out.length });
    }
  }
  return parts;
}

/**
 * A JSZip of the package whose parts were inflated under readPackage's guards (for code that reads parts with
 * JSZip itself): nothing in it can expand beyond the limits.
 */
export async function openGuardedZip(bytes: Buffer, shown: string, limits: PackageLimits = DEFAULT_PACKAGE_LIMITS): Promise<JSZip> {
  const parts = await readPackage(bytes, shown, limits);
  const zip = new JSZip();
  for (const [name, data] of parts) zip.file(name, data, { binary: true, createFolders: false });
  return zip;
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
  partNames: "部件改用 Excel 的标准名称 / parts renamed to Excel's standard names (xl/worksheets/sheetN.xml …)",
  namespaces:
    "XML 命名空间前缀改为 ExcelJS 识别的写法 / namespace prefixes as ExcelJS reads them (x:worksheet → worksheet; openpyxl drawings → xdr:)",
  tableStyle: "为没有样式元素的表添加“无样式” / tables without a tableStyleInfo get an explicit 'no style' one (LibreOffice)",
  commentRuns: "批注的纯文本改为文本段 / plain comment text wrapped in a rich-text run (openpyxl; ExcelJS reads runs only)",
  isoDates: 'ISO 日期单元格（t="d"）改为日期序列号 / ISO date cells (t="d") become date serial numbers',
} as const;

const REL_ATTR = /\b(Id|Type|Target|TargetMode)\s*=\s*("([^"]*)"|'([^']*)')/g;

export function xmlDecode(s: string): string {
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

export { resolveTarget };

function text(parts: Parts, name: string): string | undefined {
  return parts.get(name)?.toString("utf8");
}

interface Rel {
  readonly type: string;
  /** The target resolved to a part name (as spelt in the zip when it exists), or undefined when external. */
  target?: string;
}

/** The internal relationships of one .rels part, with a way to write them back. */
function readRels(xml: string, source: string, lower: ReadonlyMap<string, string>): Rel[] {
  const rels: Rel[] = [];
  for (const m of xml.matchAll(/<Relationship\b[^>]*>/g)) {
    const attrs: Record<string, string> = {};
    for (const a of m[0].matchAll(REL_ATTR)) attrs[a[1]] = xmlDecode(a[3] ?? a[4] ?? "");
    const external = (attrs.TargetMode ?? "").toLowerCase() === "external" || attrs.Target === undefined;
    const resolved = external ? undefined : resolveTarget(source, attrs.Target!);
    // OPC part names compare without case: point at the part as it is spelt in the zip.
    rels.push({
      type: (attrs.Type ?? "").replace(/^.*\//, ""),
      target: resolved === undefined ? undefined : (lower.get(resolved.toLowerCase()) ?? resolved),
    });
  }
  return rels;
}

function writeRels(xml: string, source: string, rels: readonly Rel[]): string {
  let i = 0;
  return xml.replace(/<Relationship\b[^>]*>/g, (el) => {
    const rel = rels[i++];
    if (!rel || rel.target === undefined) return el;
    const relative = path.posix.relative(path.posix.dirname(source) || ".", rel.target) || rel.target;
    const current = /\bTarget\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(el);
    if (current && xmlDecode(current[1] ?? current[2] ?? "") === relative) return el;
    return el.replace(/\bTarget\s*=\s*("[^"]*"|'[^']*')/, `Target="${xmlEncode(relative)}"`);
  });
}

export { relsOf };

/**
 * Relationship targets and part names as ExcelJS finds them: it matches targets as text (relative to the source
 * part: "../tables/table1.xml") and parts by fixed names (xl/workbook.xml, xl/worksheets/sheetN.xml,
 * xl/tables/tableN.xml, xl/commentsN.xml, xl/drawings/vmlDrawingN.vml, xl/sharedStrings.xml, xl/styles.xml). A writer's absolute targets (openpyxl) are made
 * relative; parts under other names are renamed (their .rels and content types follow). Returns the rules used.
 */
function normaliseRelations(parts: Parts): ("relTargets" | "partNames")[] {
  const before = new Map([...parts].filter(([n]) => n.endsWith(".rels")));
  const lower = new Map<string, string>();
  for (const name of parts.keys()) lower.set(name.toLowerCase(), name);
  // 1. Every .rels part read, targets resolved to part names.
  const all = new Map<string, { source: string; xml: string; rels: Rel[] }>();
  for (const name of parts.keys()) {
    if (!name.endsWith(".rels")) continue;
    const source = relsSource(name);
    if (source === undefined) continue;
    const xml = text(parts, name)!;
    all.set(name, { source, xml, rels: readRels(xml, source, lower) });
  }
  // 2. Parts ExcelJS looks for under fixed names.
  const renames = new Map<string, string>();
  const taken = new Set([...parts.keys()].map((n) => n.toLowerCase()));
  const want = (from: string | undefined, fits: RegExp, make: (n: number) => string) => {
    if (!from || !parts.has(from) || fits.test(from) || renames.has(from)) return;
    let to = "";
    for (let n = 1; !to || taken.has(to.toLowerCase()); n++) to = make(n);
    taken.add(to.toLowerCase());
    renames.set(from, to);
  };
  const fixed = (from: string | undefined, to: string) => want(from, new RegExp(`^${to.replace(/[.]/g, "\\.")}$`), () => to);
  const relsFrom = (source: string) => all.get(relsOf(source))?.rels ?? [];
  const rootRels = all.get("_rels/.rels")?.rels ?? [];
  const workbook = rootRels.find((r) => r.type === "officeDocument")?.target;
  fixed(workbook, "xl/workbook.xml");
  for (const r of workbook ? relsFrom(workbook) : []) {
    if (r.type === "worksheet") want(r.target, /^xl\/worksheets\/sheet\d+\.xml$/, (n) => `xl/worksheets/sheet${n}.xml`);
    else if (r.type === "sharedStrings") fixed(r.target, "xl/sharedStrings.xml");
    else if (r.type === "styles") fixed(r.target, "xl/styles.xml");
  }
  for (const r of workbook ? relsFrom(workbook) : []) {
    if (r.type !== "worksheet" || !r.target) continue;
    for (const t of relsFrom(r.target)) {
      if (t.type === "table") want(t.target, /^xl\/tables\/table\d+\.xml$/, (n) => `xl/tables/table${n}.xml`);
      // openpyxl: xl/comments/comment1.xml and xl/drawings/commentsDrawing1.vml
      else if (t.type === "comments") want(t.target, /^xl\/comments\d+\.xml$/, (n) => `xl/comments${n}.xml`);
      else if (t.type === "vmlDrawing") want(t.target, /^xl\/drawings\/vmlDrawing\d+\.vml$/, (n) => `xl/drawings/vmlDrawing${n}.vml`);
    }
  }
  // 3. Renames applied: the part, its .rels, every target pointing at it, its content type.
  for (const [from, to] of renames) {
    parts.set(to, parts.get(from)!);
    parts.delete(from);
    const oldRels = relsOf(from);
    const entry = all.get(oldRels);
    if (entry) {
      all.delete(oldRels);
      parts.delete(oldRels);
      all.set(relsOf(to), { ...entry, source: to });
    }
  }
  for (const entry of all.values()) for (const r of entry.rels) if (r.target && renames.has(r.target)) r.target = renames.get(r.target);
  const ct = text(parts, "[Content_Types].xml");
  if (ct && renames.size) {
    const out = ct.replace(/\bPartName\s*=\s*"([^"]*)"/g, (whole, name: string) => {
      const to = renames.get(xmlDecode(name).replace(/^\//, ""));
      return to ? `PartName="/${xmlEncode(to)}"` : whole;
    });
    parts.set("[Content_Types].xml", Buffer.from(out, "utf8"));
  }
  // 4. Every .rels written back with relative targets.
  let relTargets = false;
  for (const [name, entry] of all) {
    const xml = writeRels(entry.xml, entry.source, entry.rels);
    const old = before.get(name);
    if (!old || !old.equals(Buffer.from(xml, "utf8"))) relTargets = relTargets || old !== undefined;
    parts.set(name, Buffer.from(xml, "utf8"));
  }
  return [...(relTargets ? (["relTargets"] as const) : []), ...(renames.size ? (["partNames"] as const) : [])];
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

/**
 * Comment text written as a plain <t> (openpyxl; allowed by the standard) instead of rich-text runs: ExcelJS reads
 * only runs and would drop the text, so the plain text becomes one run.
 */
function commentRuns(parts: Parts): boolean {
  let changed = false;
  for (const [name, data] of parts) {
    if (!/^xl\/comments\d+\.xml$/.test(name)) continue;
    const xml = data.toString("utf8");
    const out = xml.replace(
      /<((?:\w+:)?)text>\s*<((?:\w+:)?)t(\s[^>]*)?>([\s\S]*?)<\/\2t>\s*<\/\1text>/g,
      (_m, tp: string, p: string, attrs: string | undefined, body: string) =>
        `<${tp}text><${p}r><${p}t${attrs ?? ' xml:space="preserve"'}>${body}</${p}t></${p}r></${tp}text>`,
    );
    if (out !== xml) {
      parts.set(name, Buffer.from(out, "utf8"));
      changed = true;
    }
  }
  return changed;
}

/** The namespace prefixes ExcelJS matches literally (it reads tag and attribute names as written). */
const EXCELJS_PREFIXES: readonly { uri: string; prefix: string; attributes: boolean }[] = [
  { uri: "http://schemas.openxmlformats.org/spreadsheetml/2006/main", prefix: "", attributes: false },
  { uri: "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing", prefix: "xdr", attributes: false },
  { uri: "http://schemas.openxmlformats.org/drawingml/2006/main", prefix: "a", attributes: false },
  { uri: "http://schemas.openxmlformats.org/officeDocument/2006/relationships", prefix: "r", attributes: true },
];

/**
 * One XML part with its namespaces bound to the prefixes ExcelJS expects: `<x:worksheet xmlns:x=…>` (generators on
 * the .NET Open XML SDK) → `<worksheet xmlns=…>`; `<wsDr xmlns=…spreadsheetDrawing>` (openpyxl) → `<xdr:wsDr …>`.
 * A part whose declarations are ambiguous (a prefix bound twice, a namespace under two prefixes) is left as it is.
 */
export function rebindPrefixes(xml: string): string {
  const decls = [...xml.matchAll(/\sxmlns(?::([\w.-]+))?\s*=\s*"([^"]*)"/g)].map((m) => ({ prefix: m[1] ?? "", uri: m[2] }));
  let out = xml;
  for (const { current, want } of rebindSteps(decls)) {
    const to = want.prefix ? `${want.prefix}:` : "";
    if (current === "") {
      out = out.replace(/<(\/?)(?![\w.-]+:)([A-Za-z_][\w.-]*)/g, `<$1${to}$2`);
    } else {
      out = out.replace(new RegExp(`<(/?)${current.replace(/[.]/g, "\\.")}:`, "g"), `<$1${to}`);
      if (want.attributes) out = out.replace(new RegExp(`(\\s)${current.replace(/[.]/g, "\\.")}:([\\w.-]+\\s*=)`, "g"), `$1${to}$2`);
    }
    out = out.replace(
      new RegExp(`(\\s)xmlns${current ? `:${current.replace(/[.]/g, "\\.")}` : ""}(\\s*=\\s*"${want.uri.replace(/[.]/g, "\\.")}")`, "g"),
      `$1xmlns${want.prefix ? `:${want.prefix}` : ""}$2`,
    );
  }
  return out;
}

/** The rebindings rebindPrefixes makes for these declarations, in order: none when they are ambiguous or already right. */
function rebindSteps(decls: readonly { prefix: string; uri: string }[]): { current: string; want: (typeof EXCELJS_PREFIXES)[number] }[] {
  const byPrefix = new Map<string, Set<string>>();
  const byUri = new Map<string, Set<string>>();
  for (const d of decls) {
    byPrefix.set(d.prefix, (byPrefix.get(d.prefix) ?? new Set()).add(d.uri));
    byUri.set(d.uri, (byUri.get(d.uri) ?? new Set()).add(d.prefix));
  }
  if ([...byPrefix.values(), ...byUri.values()].some((set) => set.size > 1)) return [];
  const steps: { current: string; want: (typeof EXCELJS_PREFIXES)[number] }[] = [];
  for (const want of EXCELJS_PREFIXES) {
    const have = byUri.get(want.uri);
    if (!have) continue;
    const current = [...have][0];
    if (current === want.prefix || byPrefix.has(want.prefix)) continue;
    steps.push({ current, want });
    byPrefix.delete(current);
    byPrefix.set(want.prefix, new Set([want.uri]));
  }
  return steps;
}

/**
 * The namespace declarations of a part read from its bytes, as rebindPrefixes finds them in its text (URIs and
 * prefixes are ASCII), without decoding the whole part: a 400 MB sheet is not turned into an 800 MB string when
 * nothing in it is to be rebound.
 */
function declarationsIn(data: Buffer): { prefix: string; uri: string }[] {
  const out: { prefix: string; uri: string }[] = [];
  const decl = /\sxmlns(?::([\w.-]+))?\s*=\s*"([^"]*)"/y;
  for (let at = data.indexOf("xmlns"); at >= 0; at = data.indexOf("xmlns", at + 5)) {
    if (at === 0) continue;
    const open = data.indexOf(34, at);
    const end = open < 0 || open - at > 256 ? -1 : data.indexOf(34, open + 1); // the value's closing quote
    decl.lastIndex = 0;
    const m = end < 0 || end - open > 4096 ? null : decl.exec(data.toString("utf8", at - 1, end + 1));
    if (m) out.push({ prefix: m[1] ?? "", uri: m[2] });
  }
  return out;
}

/** Every XML part of the workbook with ExcelJS's prefixes (rebindPrefixes). */
function rebindAll(parts: Parts): boolean {
  let changed = false;
  for (const [name, data] of parts) {
    if (!/^xl\/.+\.xml$/.test(name)) continue;
    if (rebindSteps(declarationsIn(data)).length === 0) continue;
    const xml = data.toString("utf8");
    const out = rebindPrefixes(xml);
    if (out !== xml) {
      parts.set(name, Buffer.from(out, "utf8"));
      changed = true;
    }
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
    const out = editCells(xml, (attrs, inner) => {
      if (!/\st="d"/.test(attrs)) return undefined;
      const plain = attrs.replace(/\st="d"/, "");
      if (inner === undefined) return `<c${plain}/>`; // a date cell without a value: blank
      const v = /<v(?:\s[^>]*)?>([^<]*)<\/v>/.exec(inner);
      if (!v) return `<c${plain}>${inner}</c>`;
      const serial = isoToSerial(v[1], use1904);
      if (serial === undefined) {
        const ref = /\br="([A-Z]+\d+)"/.exec(attrs)?.[1] ?? "?";
        throw new ShantyFileError(
          `${sheet} 的单元格 ${ref} 是无法识别的日期“${v[1]}”`,
          `${sheet}: cell ${ref} holds an unreadable date "${v[1]}"`,
        );
      }
      return `<c${plain}>${inner.replace(v[0], `<v>${serial}</v>`)}</c>`;
    });
    if (out !== xml) {
      parts.set(name, Buffer.from(out, "utf8"));
      changed = true;
    }
  }
  return changed;
}

/**
 * The sheet XML with each cell handed to `edit` — its attributes as written (with their leading space) and its content
 * (undefined for a self-closing <c …/>) — and replaced by the text it returns (undefined: the cell as it is). A cell is a
 * start tag, then its content up to its own </c>: cells do not nest and their text is escaped, so the next </c> closes
 * this cell and no match runs into the next.
 */
function editCells(xml: string, edit: (attrs: string, inner: string | undefined) => string | undefined): string {
  const start = /<c(?=[\s/>])([^>]*?)(\/?)>/g;
  let out = "";
  let at = 0;
  for (let m = start.exec(xml); m; m = start.exec(xml)) {
    const selfClosing = m[2] === "/";
    const contentStart = m.index + m[0].length;
    const close = selfClosing ? contentStart : xml.indexOf("</c>", contentStart);
    if (close < 0) break;
    const cellEnd = selfClosing ? contentStart : close + "</c>".length;
    start.lastIndex = cellEnd;
    const cell = edit(m[1], selfClosing ? undefined : xml.slice(contentStart, close));
    if (cell === undefined) continue;
    out += xml.slice(at, m.index) + cell;
    at = cellEnd;
  }
  return out + xml.slice(at);
}

/**
 * Whether a <v>'s text is a number, or empty (openpyxl's formula without a cached value: no value, not a malformed
 * one); the plain decimal (the usual number, a shared string's index, a logical's 0 or 1) is taken without XSD_DOUBLE.
 */
function numberOrEmpty(text: string): boolean {
  return /^(?:-?\d+(?:\.\d+)?|[ \t\r\n]*)$/.test(text) || XSD_DOUBLE.test(text);
}

/**
 * For ExcelJS only: a number cell (no t, or t="n") whose <v> is no number — "1,234", "0x10", "1e" — gets <v>NaN</v>.
 * ExcelJS reads parseFloat's leading digits (1, 0, 1): a silently wrong number. The package path's grid
 * (src/cli/plan/readParts.ts) reads NaN there, and the reader reports the cell as not a number on both paths.
 * Returns whether a cell was changed. Only a sheet with such a <v> is taken apart cell by cell. (Run after
 * normalisePackage: a prefix it could not rebind is one ExcelJS reads no cells under.)
 */
export function malformedNumbers(parts: Parts): boolean {
  const V = /(<v(?:\s[^>]*)?>)([^<]*)(<\/v>)/;
  let changed = false;
  for (const [name, data] of parts) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/i.test(name)) continue;
    const xml = data.toString("utf8");
    let suspect = false;
    for (const m of xml.matchAll(new RegExp(V.source, "g"))) {
      if (!numberOrEmpty(m[2])) {
        suspect = true;
        break;
      }
    }
    if (!suspect) continue;
    const out = editCells(xml, (attrs, inner) => {
      const t = /\st\s*=\s*["']([^"']*)["']/.exec(attrs)?.[1];
      if (inner === undefined || (t !== undefined && t !== "n")) return undefined;
      const fixed = inner.replace(V, (v, open: string, text: string, close: string) => (numberOrEmpty(text) ? v : `${open}NaN${close}`));
      return fixed === inner ? undefined : `<c${attrs}>${fixed}</c>`;
    });
    if (out !== xml) {
      parts.set(name, Buffer.from(out, "utf8"));
      changed = true;
    }
  }
  return changed;
}

/**
 * Rewrite in place what other writers (LibreOffice, openpyxl, generators) do differently from Excel in ways
 * ExcelJS cannot read or would read wrong. Returns the rules that changed something.
 */
export function normalisePackage(parts: Parts): (keyof typeof NORMALISATION_RULES)[] {
  const applied: (keyof typeof NORMALISATION_RULES)[] = [];
  applied.push(...normaliseRelations(parts));
  if (rebindAll(parts)) applied.push("namespaces");
  if (addTableStyleInfo(parts)) applied.push("tableStyle");
  if (isoDateCells(parts)) applied.push("isoDates");
  if (commentRuns(parts)) applied.push("commentRuns");
  return applied;
}

// ---------- sheet-scoped defined names ----------

/** What scopedNames found: sheet-scoped copies hidden from ExcelJS, and names defined only per sheet, on several sheets. */
export interface ScopedNames {
  /** Sheet-scoped definitions of a name that also has a workbook-level one (Excel's "copy sheet" makes these). */
  readonly hidden: readonly { readonly name: string; readonly sheet: string }[];
  /** Names defined on two or more sheets and not for the workbook: no single value for the workbook as a whole. */
  readonly ambiguous: readonly { readonly name: string; readonly sheets: readonly string[] }[];
}

/**
 * ExcelJS keeps one definition per name and drops `localSheetId`: of a workbook-level `p_baseRate` and a copy
 * scoped to a copied sheet, it keeps whichever comes last and reads it as the workbook's — a silently wrong
 * parameter. Here the workbook-level definition is the one ExcelJS sees (the sheet-scoped copies are left out of
 * its view, and listed); names defined only per sheet, on several sheets, are listed as ambiguous.
 */
export function scopedNames(parts: Parts): ScopedNames {
  const xml = text(parts, "xl/workbook.xml");
  if (!xml || !/\blocalSheetId\s*=/.test(xml)) return { hidden: [], ambiguous: [] };
  const sheets = [...xml.matchAll(/<(?:\w+:)?sheet\b[^>]*\bname\s*=\s*"([^"]*)"[^>]*>/g)].map((m) => xmlDecode(m[1]));
  const defs = [...xml.matchAll(/<((?:\w+:)?)definedName\b([^>]*)>[\s\S]*?<\/\1definedName>/g)].map((m) => {
    const name = xmlDecode(/\bname\s*=\s*"([^"]*)"/.exec(m[2])?.[1] ?? "");
    const local = /\blocalSheetId\s*=\s*"(\d+)"/.exec(m[2])?.[1];
    return { whole: m[0], name, key: name.toLowerCase(), local: local === undefined ? undefined : Number(local) };
  });
  const hidden: { name: string; sheet: string }[] = [];
  const ambiguous: { name: string; sheets: string[] }[] = [];
  const drop = new Set<string>();
  for (const key of new Set(defs.map((d) => d.key))) {
    if (key.startsWith("_xlnm.")) continue;
    const group = defs.filter((d) => d.key === key);
    const locals = group.filter((d) => d.local !== undefined);
    if (locals.length === 0) continue;
    const sheetOf = (d: (typeof defs)[number]) => sheets[d.local!] ?? `#${d.local}`;
    if (group.some((d) => d.local === undefined)) {
      for (const d of locals) {
        drop.add(d.whole);
        hidden.push({ name: d.name, sheet: sheetOf(d) });
      }
    } else if (locals.length > 1) {
      ambiguous.push({ name: locals[0].name, sheets: locals.map(sheetOf) });
    }
  }
  if (drop.size > 0) {
    let out = xml;
    for (const whole of drop) out = out.replace(whole, "");
    parts.set("xl/workbook.xml", Buffer.from(out, "utf8"));
  }
  return { hidden, ambiguous };
}

// ---------- what ExcelJS drops when it writes ----------

/**
 * The note on names that also have sheet-scoped definitions: the workbook-level one is read; `carried` says whether
 * the output keeps the sheet-scoped ones (a writer that copies the workbook's parts does, ExcelJS does not).
 */
export function hiddenNamesNote(hidden: ScopedNames["hidden"], carried: boolean): string {
  const list = hidden.map((h) => `${h.name}（${h.sheet}）`).join("、");
  const listEn = hidden.map((h) => `${h.name} (${h.sheet})`).join(", ");
  return carried
    ? `注意：以下名称另有工作表级的同名定义，读取时使用工作簿级的定义：${list} / note: these names also have sheet-scoped definitions; the workbook-level one is read: ${listEn}`
    : `注意：以下名称另有工作表级的同名定义，读取时使用工作簿级的定义，工作表级的定义不会出现在输出文件中：${list} / note: these names also have sheet-scoped definitions; the workbook-level one is read, and the sheet-scoped ones are not carried into the output: ${listEn}`;
}

/** What ExcelJS would drop when it writes this workbook again, as notes for the user. */
export function unsupportedParts(parts: Parts): string[] {
  const notes: string[] = [];
  const names = [...parts.keys()];
  const count = (re: RegExp) => names.filter((n) => re.test(n)).length;
  const charts = count(/^xl\/charts\/chart\d+\.xml$/);
  if (charts)
    notes.push(
      `注意：输入中的 ${charts} 个图表不会出现在输出文件中 / note: ${charts} chart(s) of the input are not carried into the output`,
    );
  const pivots = count(/^xl\/pivotTables\/.+\.xml$/);
  if (pivots)
    notes.push(
      `注意：输入中的 ${pivots} 个数据透视表不会出现在输出文件中 / note: ${pivots} pivot table(s) of the input are not carried into the output`,
    );
  const slicers = count(/^xl\/(slicers|timelines)\/.+\.xml$/);
  if (slicers)
    notes.push(
      `注意：输入中的切片器/日程表不会出现在输出文件中 / note: slicers and timelines of the input are not carried into the output`,
    );
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

/** Every command's check that the package is a workbook at all. */
export function requireWorkbookPart(parts: Parts, shown: string): void {
  if (!parts.has("xl/workbook.xml")) {
    throw new ShantyFileError(
      `${shown} 中没有工作簿部件（xl/workbook.xml），不是有效的 .xlsx 工作簿`,
      `${shown} has no workbook part (xl/workbook.xml); it is not a valid .xlsx workbook`,
    );
  }
}

/** Every worksheet workbook.xml lists was read (`read`): one left out would silently be missing from the plan. */
export function requireWorksheets(parts: Parts, shown: string, read: (name: string) => boolean): void {
  const missing = expectedWorksheets(parts).filter((name) => !read(name));
  if (missing.length > 0) {
    throw new ShantyFileError(
      `无法读取 ${shown} 中的工作表：${missing.join("、")}（部件缺失或格式无法识别），为免漏算未继续`,
      `Cannot read the worksheets ${missing.join(", ")} of ${shown} (part missing or not understood); stopped rather than leave them out`,
    );
  }
}

/** Names of the worksheets (not chart sheets) workbook.xml lists. */
function expectedWorksheets(parts: Parts): string[] {
  const wb = parts.get("xl/workbook.xml")?.toString("utf8") ?? "";
  const rels = parts.get("xl/_rels/workbook.xml.rels")?.toString("utf8") ?? "";
  const worksheetIds = new Set<string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    if (!/\bType\s*=\s*["'][^"']*\/worksheet["']/.test(m[0])) continue;
    const id = /\bId\s*=\s*["']([^"']*)["']/.exec(m[0])?.[1];
    if (id) worksheetIds.add(id);
  }
  const names: string[] = [];
  for (const m of wb.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const id = /\br:id\s*=\s*["']([^"']*)["']/.exec(m[0])?.[1] ?? /\b\w+:id\s*=\s*["']([^"']*)["']/.exec(m[0])?.[1];
    const name = /\bname\s*=\s*"([^"]*)"/.exec(m[0])?.[1];
    if (id && name !== undefined && worksheetIds.has(id)) names.push(xmlDecode(name));
  }
  return names;
}
