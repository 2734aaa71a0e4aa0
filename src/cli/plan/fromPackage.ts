import { generateFromInput, type GenerationResult, type OutputKind } from "../../workbook/generate";
import { ownedSheets, readPlanningWorkbook, type PlanningInput } from "../../workbook/read";
import {
  applyMapping,
  MAP_NAME_PREFIX,
  mappingSheet,
  mergeMappings,
  SETTINGS_SHEET,
  storedMapping,
  type WorkbookMapping,
} from "../../workbook/reader/mapping";
import { splitSheetAddress } from "../../workbook/address";
import { keptSheetName, ownershipName, type OutputRole, type WorkbookGrid } from "../../workbook/model";
import { partName } from "../../workbook/ooxml/parts";
import { EXIT } from "../errors";
import { readWorkbookInput } from "../input";
import { DEFAULT_GRID_LIMITS } from "../gridLimits";
import { writeFileAtomic, type OutputOptions } from "../output";
import {
  DEFAULT_PACKAGE_LIMITS,
  hiddenNamesNote,
  normalisePackage,
  readPackage,
  requireWorkbookPart,
  requireWorksheets,
  scopedNames,
  type Parts,
} from "../package";
import { workbookIndex, type WorkbookIndex } from "../recalc/package";
import { collectGarbage, phase } from "../recalc/profile";
import { writeZip, type PackedPart } from "../recalc/zip";
import type { WriteSheetsResult } from "../sheets";
import { partLevel } from "../writePackage";
import { trackReads } from "../trackReads";
import { keptNote } from "../sheetRules";
import { earlierOutputs, removeSheets, renameSheet, type EarlierOutput } from "./earlier";
import { gridFromParts } from "./readParts";
import { nothingToWrite, reportAmbiguousNames, reportProblems, reportWritten } from "./report";
import { settleParts, writeSheetsToParts, type PlainSheet } from "./writeParts";

/*
 * `shanty plan` without ExcelJS (issue 15): the grid read straight from the package's XML (readParts.ts), the
 * generated sheets written straight into it (writeParts.ts), and every part the run does not change copied into the
 * output as it was — its deflated bytes included, so nothing the workbook holds is lost or re-encoded. ExcelJS kept a
 * cell object per cell and ran out of memory on 200,000 projects.
 *
 * An earlier output the user did not edit is replaced in its place, an edited one kept under a new name (earlier.ts);
 * with --map the mapping is stored in the hidden settings sheet, replaced in its place too. It declines
 * (src/cli/plan.ts then takes the ExcelJS path) when the tables read a formula cell without a cached value (computed in
 * memory there), when an ownership name does not point at A1 of a worksheet, or when the writer meets anything it does
 * not support. A decline happens before anything is printed or written.
 */

/** The roles `plan` writes (an earlier sheet of one of them is replaced, or kept under a new name when edited). */
const OUTPUT_ROLES: readonly OutputRole[] = ["plan", "balance", "bondBalance", "approval"];

export interface PackagePlanOutcome {
  readonly code: number;
  readonly generation?: GenerationResult;
  readonly written?: WriteSheetsResult;
}

/** Why the package path leaves a workbook to the ExcelJS path. */
export type Declined = { readonly declined: string };

/** The planning input from the normalised parts; the grid is let go when this returns (as large as generation's data). */
function readInput(
  parts: Parts,
  kinds: readonly OutputKind[],
  shown: string,
  release: (path: string) => void,
  mapping: WorkbookMapping | undefined,
): ReadInput | Declined {
  const scanned = scanGrid(parts, shown, release);
  if ("declined" in scanned) return scanned;
  // --map: the mapping given now wins over the one stored in the workbook; both are stored in the output.
  const merged = mapping && mergeMappings(scanned.stored, mapping);
  const tables = readTables(merged ? applyMapping(scanned.grid, merged) : scanned.grid, scanned.uncomputed, kinds);
  if ("declined" in tables) return tables;
  return { ...tables, earlier: scanned.earlier, mapping: merged, settings: scanned.settings };
}

/**
 * The grid of the workbook without the cells of the add-in's own reports (the reader never reads them, and a re-plan's
 * earlier reports are as large as the input's tables: the whole grid is let go when this returns), with what the
 * earlier outputs are (read from their cells first), the stored mapping and the settings sheets.
 */
function scanGrid(
  parts: Parts,
  shown: string,
  release: (path: string) => void,
):
  | {
      grid: WorkbookGrid;
      uncomputed: ReadonlyMap<string, readonly [number, number][]>;
      earlier: readonly EarlierOutput[];
      stored: WorkbookMapping;
      settings: string[];
    }
  | Declined {
  // Each worksheet's bytes go once its cells are read (a large workbook's sheets are hundreds of MB), but those of the
  // add-in's earlier outputs (their formulas are read for the fingerprint) and a part two sheets name (read twice).
  const index = workbookIndex(parts, shown);
  const outputs = outputSheetNames(index);
  const uses = new Map<string, number>();
  for (const s of index.sheets) uses.set(s.path, (uses.get(s.path) ?? 0) + 1);
  const { grid, uncomputed } = gridFromParts(parts, DEFAULT_GRID_LIMITS, shown, (sheet) => {
    if (!outputs.has(sheet.name) && uses.get(sheet.path) === 1) release(sheet.path);
  });
  phase("grid");
  const read = new Set(grid.sheets.map((s) => s.name));
  requireWorksheets(parts, shown, (name) => read.has(name));
  // An earlier output the user did not edit is replaced, an edited one kept under a new name (renameSheet); one whose
  // name points elsewhere is left to the ExcelJS path.
  const earlier = earlierOutputs(parts, grid, OUTPUT_ROLES, shown);
  const lost = earlier.find((e) => e.state === "edited" && e.sheet === "");
  if (lost) return { declined: `the name of an earlier output (${lost.role}) does not point at A1 of a worksheet` };
  const skipped = ownedSheets(grid);
  const sheets = grid.sheets.map((s) => (skipped.has(s.name) ? { name: s.name, values: [], origin: { row: 0, col: 0 } } : s));
  return {
    grid: { ...grid, sheets },
    uncomputed,
    earlier,
    stored: storedMapping(grid),
    settings: grid.sheets.filter(isSettings).map((s) => s.name),
  };
}

/** What the package path read: the input, the earlier outputs, and with --map the mapping to store (and the old settings sheets). */
interface ReadInput {
  input?: PlanningInput;
  readonly earlier: readonly EarlierOutput[];
  readonly mapping?: WorkbookMapping;
  readonly settings: readonly string[];
}

const isSettings = (s: { name: string }) => s.name.toLowerCase() === SETTINGS_SHEET;

function readTables(
  grid: WorkbookGrid,
  uncomputed: ReadonlyMap<string, readonly [number, number][]>,
  kinds: readonly OutputKind[],
): { input?: PlanningInput } | Declined {
  // Formula cells without a cached value (openpyxl, the sample's 测算示例) are watched: only when the tables need one
  // does the ExcelJS path compute them in memory; otherwise they stay as they are, in the output too.
  const watched = uncomputed.size > 0 ? trackReads(grid, uncomputed) : undefined;
  const input = readPlanningWorkbook(watched?.grid ?? grid, { kinds });
  phase("read tables");
  if (watched && watched.read().length > 0) return { declined: "the tables read formula cells without a cached value" };
  return { input };
}

/** The sheets the add-in's ownership names point at (its earlier outputs), by the workbook's names. */
function outputSheetNames(index: WorkbookIndex): Set<string> {
  const owned = new Set(OUTPUT_ROLES.map(ownershipName));
  const out = new Set<string>();
  for (const n of index.names) {
    const sheet = owned.has(n.name.toUpperCase()) ? splitSheetAddress(n.body)?.sheet : undefined;
    if (sheet !== undefined) out.add(sheet);
  }
  return out;
}

/** The input, handed over once: nothing here holds it while the sheets are written (it is as large as they are). */
function release(read: { input?: PlanningInput }): PlanningInput {
  const input = read.input!;
  read.input = undefined;
  return input;
}

export async function planFromPackage(
  input: string,
  output: string,
  kinds: readonly OutputKind[],
  options: OutputOptions,
  mapping?: WorkbookMapping,
): Promise<PackagePlanOutcome | Declined> {
  const buffer = readWorkbookInput(input);
  const packed = new Map<string, PackedPart>();
  const parts = await readPackage(buffer, input, DEFAULT_PACKAGE_LIMITS, packed);
  // The reader reads the normalised parts; the output copies the parts as they came.
  const original: Parts = new Map(parts);
  phase("read package");
  normalisePackage(parts);
  phase("normalise");
  requireWorkbookPart(parts, input);
  const scoped = scopedNames(parts);
  if (scoped.ambiguous.length > 0) return { code: reportAmbiguousNames(scoped.ambiguous) };
  // A worksheet read is let go in both maps: the writer copies it deflated as it came (a placeholder keeps its place).
  const isSheet = (name: string) => packed.has(name) && /^xl\/worksheets\/[^/]+\.xml$/i.test(name);
  const letGo = (name: string) => {
    for (const m of [parts, original]) if (isSheet(name) && (m.get(name)?.length ?? 0) > 0) m.set(name, Buffer.alloc(0));
  };
  const read = readInput(
    parts,
    kinds,
    input,
    (path) => {
      parts.set(path, Buffer.alloc(0));
      const name = partName(original, path);
      if (name !== undefined) letGo(name);
    },
    mapping,
  );
  if ("declined" in read) return read;
  // The input's worksheets are read: the writer never looks into them (it copies them, deflated as they came), so
  // their inflated bytes — most of the package — are let go before generation (a placeholder keeps each one's place).
  parts.clear();
  for (const name of original.keys()) letGo(name);
  // The grid and the sheets' bytes are garbage now: collected before generation grows the heap on top of them.
  collectGarbage();
  phase("collect");
  // The input is handed over, and garbage collected once the portfolio is made (the cash-flow rows let go): the peak is
  // the largest step's, not their sum. (A collection after the plan sheet too left the peak as it was, 1.2 GB at 200,000
  // projects, and cost 0.3 s: three runs each, taken in turn.)
  const generation = generateFromInput(release(read), kinds, {
    consume: true,
    between: (step) => {
      if (step === "portfolio") collectGarbage();
      phase(`generate: ${step}`);
    },
  });
  // The input and generation's working data are garbage now: collected before the sheets' XML is made on top of them.
  collectGarbage();
  phase("generate");
  if (nothingToWrite(generation)) return { code: reportProblems(generation) ?? EXIT.INPUT_ERRORS, generation };
  // The earlier outputs of the roles written now: an edited one is kept under a new name, the others go, each leaving
  // its place to the new sheet.
  const written = new Set(generation.sheets.map((m) => m.role));
  const replaced = read.earlier.filter((e) => written.has(e.role) && e.state !== "edited");
  const keptAs = new Map<OutputRole, { from: string; kept: string }>();
  let base: Parts = original;
  const taken = new Set(workbookIndex(original, input).sheets.map((s) => s.name));
  for (const e of read.earlier) {
    const model = generation.sheets.find((m) => m.role === e.role);
    if (!model || e.state !== "edited") continue;
    const kept = keptSheetName(model.name, taken);
    taken.add(kept);
    const renamed = renameSheet(base, e.role, e.sheet, kept, input);
    if ("decline" in renamed) return { declined: renamed.decline };
    base = renamed;
    keptAs.set(e.role, { from: e.sheet, kept });
  }
  // A mapping to store: the settings sheet replaced (in its place) and every SHANTY_MAP_ name made again, as storeMapping does.
  const settings = read.mapping ? read.settings.map((sheet) => ({ sheet })) : [];
  const prefixes = Object.values(MAP_NAME_PREFIX);
  const isMapName = (n: string) => read.mapping !== undefined && prefixes.some((p) => n.toUpperCase().startsWith(p));
  const removed =
    replaced.length + settings.length > 0 || read.mapping
      ? removeSheets(base, [...replaced, ...settings], input, isMapName)
      : { parts: base, at: new Map<OutputRole, number>(), plainAt: new Map<string, number>() };
  if ("decline" in removed) return { declined: removed.decline };
  const plain: PlainSheet[] = [];
  if (read.mapping) {
    const m = mappingSheet(read.mapping);
    plain.push({
      content: { name: m.name, rows: m.rows, namedCells: m.namedCells, columnWidths: [0, 0, 30] },
      hidden: true,
      index: read.settings.length > 0 ? removed.plainAt.get(read.settings[0]) : undefined,
    });
  }
  const out = writeSheetsToParts(removed.parts, generation.sheets, removed.at, plain);
  if ("decline" in out) return { declined: out.decline };
  phase("sheet XML");
  const settled = await settleParts(out);
  phase("deflate (rest)");
  reportProblems(generation);
  // Parts the writer kept (the same bytes) go into the zip as they were deflated in the input.
  const zipParts = new Map<string, Buffer | PackedPart>();
  for (const [name, bytes] of settled) {
    const kept = bytes === original.get(name) ? packed.get(name) : undefined;
    zipParts.set(name, kept ?? bytes);
  }
  const zip = writeZip(zipParts, partLevel());
  phase("zip");
  writeFileAtomic(output, zip, options);
  phase("write file");
  const notes = [
    ...[...keptAs.values()].map((k) => keptNote(k.from, k.kept)),
    ...out.result.notes,
    ...(scoped.hidden.length > 0 ? [hiddenNamesNote(scoped.hidden, true)] : []),
  ];
  const result: WriteSheetsResult = {
    ...out.result,
    sheets: out.result.sheets.map((s) => {
      const old = replaced.find((e) => e.role === s.role);
      const kept = keptAs.get(s.role as OutputRole);
      return old ? { ...s, replaced: old.sheet } : kept ? { ...s, kept: kept.kept } : s;
    }),
  };
  reportWritten(output, result.sheets, notes);
  return { code: EXIT.OK, generation, written: result };
}
