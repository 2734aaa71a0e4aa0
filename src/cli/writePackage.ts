import type * as ExcelJS from "exceljs";
import { addChartsToParts, type SheetCharts } from "./chartPart";
import { Parts, readPackage } from "./package";
import { writeZip } from "./recalc/zip";

/*
 * The output package of `shanty plan`: ExcelJS serialises the workbook into a stored (uncompressed) zip, the
 * charts are added to its parts (src/cli/chartPart.ts), and the parts are compressed once, by Node's zlib.
 * Before (issue 15): ExcelJS deflated every part with JSZip's JavaScript deflate, the chart step inflated the
 * package and deflated it again — two JavaScript deflates of the whole package, about a third of a large run.
 * Then: the stored zip itself (JSZip's JavaScript CRC of every byte, the zip read back) is skipped where ExcelJS
 * allows it: its writer's steps are run with a sink that keeps the parts (excelJsParts).
 */

/** zlib levels of the output's parts: policy values with defaults. */
export interface PackageCompression {
  /** Level of parts up to `largeBytes` (zlib 0–9). */
  readonly level: number;
  /** Level of larger parts (the generated sheets of a big portfolio): fast, the file a little larger. */
  readonly largeLevel: number;
  readonly largeBytes: number;
}

export const DEFAULT_COMPRESSION: PackageCompression = { level: 6, largeLevel: 1, largeBytes: 1024 * 1024 };

/** The zlib level of a part of `bytes` bytes under a compression policy (writeZip's per-part level). */
export function partLevel(compression: PackageCompression = DEFAULT_COMPRESSION): (name: string, bytes: number) => number {
  return (_name, bytes) => (bytes > compression.largeBytes ? compression.largeLevel : compression.level);
}

/** Parts of a package this process wrote itself (no zip-bomb guard needed beyond the part size V8 can hold). */
const OWN_PACKAGE_LIMITS = {
  maxEntries: Infinity,
  maxEntryBytes: Infinity,
  maxTotalBytes: Infinity,
  maxRatio: Infinity,
  ratioFloorBytes: Infinity,
};

/**
 * Cells with equal styles given one shared style object. ExcelJS gives every cell its own style object and, when
 * writing, serialises each one to find its style id unless it has seen that very object before (a WeakMap):
 * a third of the write of a large plan went there. A cell without a number format is keyed with its type too,
 * as ExcelJS picks the default format by type. Done just before writing: nothing changes a style afterwards.
 * Only cells that exist and hold something are visited (includeEmpty would create the gaps' cells and rows).
 */
export function shareStyles(workbook: ExcelJS.Workbook): void {
  const shared = new Map<string, Partial<ExcelJS.Style>>();
  // A loaded cell's style is ExcelJS's one object per style id: serialised once per object, not once per cell
  // (and a cell without a style, the most common, not at all).
  const json = new WeakMap<object, string>();
  for (const ws of workbook.worksheets) {
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        const style = cell.style;
        let text = isEmpty(style) ? "{}" : json.get(style);
        if (text === undefined) {
          text = JSON.stringify(style);
          json.set(style, text);
        }
        const key = `${style.numFmt ? "" : cell.type}|${text}`;
        const seen = shared.get(key);
        if (seen) cell.style = seen;
        else shared.set(key, style);
      });
    });
  }
}

function isEmpty(o: object): boolean {
  for (const key in o) if (Object.prototype.hasOwnProperty.call(o, key)) return false;
  return true;
}

/** The steps of ExcelJS 4.4's XLSX.write (lib/xlsx/xlsx.js), each appending parts to a zip. */
interface ExcelJsWriter {
  prepareModel(model: unknown, options: object): void;
  [step: string]: unknown;
}

interface PartSink {
  append(data: string | Uint8Array, options: { name: string; base64?: boolean }): void;
}

const WRITE_STEPS: readonly (readonly string[])[] = [
  ["addContentTypes"],
  ["addOfficeRels"],
  ["addWorkbookRels"],
  ["addWorksheets"],
  ["addSharedStrings"], // always after worksheets
  ["addDrawings"],
  ["addTables"],
  ["addThemes", "addStyles"],
  ["addMedia"],
  ["addApp", "addCore"],
  ["addWorkbook"],
];

/**
 * The parts ExcelJS writes for a workbook, in its order, without its zip: XLSX.write's steps (ExcelJS 4.4, the
 * version package.json pins) with a sink for the parts; a part appended twice keeps its first place, as in JSZip.
 * undefined when this ExcelJS does not have those steps (then its own writer is used).
 */
export async function excelJsParts(workbook: ExcelJS.Workbook): Promise<Parts | undefined> {
  const xlsx = workbook.xlsx as unknown as ExcelJsWriter;
  if (!(workbook as unknown as { _definedNames?: { model?: unknown } })._definedNames?.model) return undefined;
  if (typeof xlsx.prepareModel !== "function" || !WRITE_STEPS.flat().every((step) => typeof xlsx[step] === "function")) return undefined;
  const parts: Parts = new Map();
  const sink: PartSink = {
    append(data, options) {
      const bytes =
        typeof data === "string"
          ? Buffer.from(data, options.base64 ? "base64" : "utf8")
          : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      parts.set(options.name, bytes);
    },
  };
  const model = writeModel(workbook);
  xlsx.prepareModel(model, {});
  for (const steps of WRITE_STEPS) {
    await Promise.all(steps.map((step) => (xlsx[step] as (zip: PartSink, model: unknown) => Promise<void>).call(xlsx, sink, model)));
  }
  return parts;
}

/**
 * ExcelJS 4.4's Workbook.model, with `sheets` the same models as `worksheets`: the getter builds every sheet's
 * model (all its rows and cells) a second time for `sheets`, which XLSX.write's first step replaces with
 * `worksheets` anyway (WorkbookXform.prepare) — a whole copy of the workbook in memory at the peak, for nothing.
 */
function writeModel(workbook: ExcelJS.Workbook): Record<string, unknown> {
  const wb = workbook as unknown as Record<string, unknown> & { worksheets: { model: unknown }[] };
  const worksheets = wb.worksheets.map((ws) => ws.model);
  return {
    creator: wb.creator || "Unknown",
    lastModifiedBy: wb.lastModifiedBy || "Unknown",
    lastPrinted: wb.lastPrinted,
    created: wb.created,
    modified: wb.modified,
    properties: wb.properties,
    worksheets,
    sheets: worksheets.filter(Boolean),
    definedNames: (wb._definedNames as { model: unknown }).model,
    views: wb.views,
    company: wb.company,
    manager: wb.manager,
    title: wb.title,
    subject: wb.subject,
    keywords: wb.keywords,
    category: wb.category,
    description: wb.description,
    language: wb.language,
    revision: wb.revision,
    contentStatus: wb.contentStatus,
    themes: wb._themes,
    media: wb.media,
    calcProperties: wb.calcProperties,
  };
}

/** The package bytes of an ExcelJS workbook with the charts added, compressed once with zlib. */
export async function packageWithCharts(
  workbook: ExcelJS.Workbook,
  charts: readonly SheetCharts[],
  compression: PackageCompression = DEFAULT_COMPRESSION,
): Promise<Buffer> {
  shareStyles(workbook);
  const parts = (await excelJsParts(workbook)) ?? (await storedParts(workbook));
  addChartsToParts(parts, charts);
  return writeZip(parts, partLevel(compression));
}

/** The parts through ExcelJS's own writer: a stored zip, read back. */
export async function storedParts(workbook: ExcelJS.Workbook): Promise<Parts> {
  const stored = Buffer.from(
    (await workbook.xlsx.writeBuffer({ zip: { compression: "STORE" } } as unknown as Partial<ExcelJS.XlsxWriteOptions>)) as ArrayBuffer,
  );
  return readPackage(stored, "output", OWN_PACKAGE_LIMITS);
}
