import type { PortableResult } from "../workbook/portable/package";
import { describeCause, ExcelLayerError } from "./errors";

/*
 * 导出通用工作簿 in the task pane: the same conversion as `shanty portable` (src/workbook/portable/package.ts),
 * on the file Excel itself hands over. The current workbook is never changed:
 *   1. Office.context.document.getFileAsync(Compressed) — the .xlsx as Excel holds it now, with the values
 *      Excel (and the add-in's functions) computed as every formula's cached value;
 *   2. the package converter, in a chunk of its own loaded only on this click (it carries JSZip);
 *   3. Excel.createWorkbook(base64) opens the portable copy as a new, unsaved workbook (ExcelApi 1.8, the
 *      manifest's minimum), which the user saves where they like.
 * getFileAsync needs the common CompressedFile set, which the manifest does not require: the pane checks it
 * first and otherwise points to the command line.
 */

/** Excel's largest slice (4 MB); hosts reject more with an internal error. */
const SLICE_SIZE = 4194304;

export interface PortableExportReport {
  /** SHANTY formulas rewritten as native formulas / kept as values with the original in a comment. */
  readonly converted: number;
  readonly values: number;
  /** Functions met, with how many cells called each (converted and kept alike). */
  readonly functions: readonly { readonly id: string; readonly cells: number }[];
  /** False when the workbook had no SHANTY formula: nothing to convert, no new workbook opened. */
  readonly opened: boolean;
}

export type PortablePhase = "file" | "convert" | "open";

interface AsyncResult<T> {
  readonly status: unknown;
  readonly value: T;
  readonly error?: { readonly code?: unknown; readonly message?: string };
}

interface OfficeFile {
  readonly sliceCount: number;
  readonly size: number;
  getSliceAsync(index: number, callback: (result: AsyncResult<{ readonly data: ArrayLike<number> }>) => void): void;
  closeAsync(callback?: (result: AsyncResult<void>) => void): void;
}

/** The few parts of Office.js the export uses (structural, so tests hand a double). */
export interface OfficeFileHost {
  readonly FileType?: { readonly Compressed: unknown };
  readonly AsyncResultStatus?: { readonly Succeeded: unknown };
  readonly context?: {
    readonly requirements?: { isSetSupported(name: string, version?: string): boolean };
    readonly document?: {
      getFileAsync(fileType: unknown, options: { sliceSize: number }, callback: (result: AsyncResult<OfficeFile>) => void): void;
    };
  };
}

export interface WorkbookOpener {
  createWorkbook(base64: string): Promise<unknown>;
}

const globalOffice = (): OfficeFileHost | undefined => (globalThis as unknown as { Office?: OfficeFileHost }).Office;

/** Whether this host can hand over its file and open a new workbook; a throwing or missing check counts as no. */
export function canExportPortable(office: OfficeFileHost | undefined = globalOffice()): boolean {
  try {
    const requirements = office?.context?.requirements;
    return (
      typeof office?.context?.document?.getFileAsync === "function" &&
      requirements?.isSetSupported("CompressedFile", "1.1") === true &&
      requirements.isSetSupported("ExcelApi", "1.8") === true
    );
  } catch {
    return false;
  }
}

function succeeded(office: OfficeFileHost, result: AsyncResult<unknown>): boolean {
  return result.status === (office.AsyncResultStatus?.Succeeded ?? "succeeded");
}

function asyncFailure(result: AsyncResult<unknown>): Error & { code?: unknown } {
  const error = new Error(result.error?.message || "getFileAsync failed") as Error & { code?: unknown };
  error.code = result.error?.code;
  return error;
}

/** The workbook's .xlsx bytes as Excel holds them now; the file handle is closed whatever happens. */
export async function readDocumentFile(office: OfficeFileHost): Promise<Uint8Array> {
  const document = office.context?.document;
  if (!document) throw new Error("Office.context.document is not available");
  const file = await new Promise<OfficeFile>((resolve, reject) =>
    document.getFileAsync(office.FileType?.Compressed ?? "compressed", { sliceSize: SLICE_SIZE }, (result) =>
      succeeded(office, result) ? resolve(result.value) : reject(asyncFailure(result)),
    ),
  );
  try {
    const slices: ArrayLike<number>[] = [];
    for (let i = 0; i < file.sliceCount; i++) {
      slices.push(
        await new Promise<ArrayLike<number>>((resolve, reject) =>
          file.getSliceAsync(i, (result) => (succeeded(office, result) ? resolve(result.value.data) : reject(asyncFailure(result)))),
        ),
      );
    }
    const total = slices.reduce((n, s) => n + s.length, 0);
    if (total !== file.size) throw new Error(`file slices hold ${total} bytes, the file has ${file.size}`);
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const s of slices) {
      bytes.set(s, at);
      at += s.length;
    }
    return bytes;
  } finally {
    // Only one file may be open at a time: a handle left open makes the next export fail.
    await new Promise<void>((resolve) => file.closeAsync(() => resolve()));
  }
}

function functionCounts(result: PortableResult): PortableExportReport["functions"] {
  const counts = new Map<string, number>();
  for (const c of result.cells)
    if (c.decision.kind !== "keep") for (const id of c.decision.functions) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts].map(([id, cells]) => ({ id, cells }));
}

/**
 * Reads the file, converts it and opens the portable copy as a new workbook. Errors name the step that failed
 * and say that the current workbook is unchanged (it is never written).
 */
export async function exportPortableWorkbook(
  opener: WorkbookOpener,
  onPhase: (phase: PortablePhase) => void = () => undefined,
  office: OfficeFileHost | undefined = globalOffice(),
): Promise<PortableExportReport> {
  onPhase("file");
  let bytes: Uint8Array;
  try {
    if (!office) throw new Error("Office is not available");
    bytes = await readDocumentFile(office);
  } catch (error) {
    throw new ExcelLayerError("portableReadFailed", { cause: describeCause(error) }, error);
  }
  onPhase("convert");
  let converted: { base64: string; result: PortableResult };
  try {
    const { portablePackage } = await import(/* webpackChunkName: "portable" */ "./portableFile");
    converted = await portablePackage(bytes);
  } catch (error) {
    throw new ExcelLayerError("portableConvertFailed", { cause: describeCause(error) }, error);
  }
  const { result } = converted;
  const report = { converted: result.converted, values: result.values, functions: functionCounts(result) };
  if (result.cells.length === 0) return { ...report, opened: false };
  onPhase("open");
  try {
    await opener.createWorkbook(converted.base64);
  } catch (error) {
    throw new ExcelLayerError("portableOpenFailed", { cause: describeCause(error) }, error);
  }
  return { ...report, opened: true };
}
