import { absRef, isValidDefinedName, quoteSheet } from "../../workbook/address";
import { columnLetters, fingerprintName, freeSheetName, ownershipName } from "../../workbook/model";
import type { OutputRole, SheetModel } from "../../workbook/model";
import { relsOf, resolveTarget } from "../../workbook/ooxml/parts";
import { attributes } from "../../workbook/ooxml/xml";
import type { Parts } from "../package";
import { skippedNamesNote, tableHeaders, uniqueName } from "../sheetRules";
import type { SheetContent, WriteSheetsResult } from "../sheets";
import type { PackedPart } from "../recalc/zip";
import { addSheetCharts, type SheetEnds } from "./charts";
import { Deflater, type PartStream } from "./deflate";
import { extent, REL_NS, sheetXml, SheetXml } from "./sheetXml";
import { StyleGrid, styleGrid, StyleStates } from "./styleStates";
import { addStyles } from "./stylesXml";
import { TablePart, tableXml } from "./tableXml";
import { addOverrides, addRelationships, addToWorkbook, NewName, NewSheet, readWorkbook, relationshipIds } from "./workbookXml";

/*
 * `shanty plan`'s fast writer (issue 15): the generated SheetModels written straight into the input's package,
 * without ExcelJS — the same sheets, styles, tables, names and charts as writeSheets + workbookBytes
 * (src/cli/sheets.ts), every part it does not need to change kept as it was (the same Buffer). What it does not
 * support it declines, with the reason, and the caller uses the ExcelJS path: never a half-right file.
 */

/**
 * The output's parts: bytes, or — for the generated sheets — their deflated bytes on the way (./deflate.ts).
 * `close` stops the deflate worker once they are all there (settleParts does both).
 */
export type OutputParts = Map<string, Buffer | Promise<PackedPart>>;
export type WritePartsOutcome = { parts: OutputParts; result: WriteSheetsResult; close: () => Promise<void> } | { decline: string };

/** Every part's bytes or deflated bytes, the deflate worker stopped. */
export async function settleParts(outcome: { parts: OutputParts; close: () => Promise<void> }): Promise<Map<string, Buffer | PackedPart>> {
  try {
    // All awaited together: a failed part fails the whole, none is left rejected unawaited.
    const parts = await Promise.all([...outcome.parts].map(async ([name, part]) => [name, await part] as const));
    return new Map(parts);
  } finally {
    await outcome.close();
  }
}

const TYPE = {
  officeDocument: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
  worksheet: `${REL_NS}/worksheet`,
  styles: `${REL_NS}/styles`,
  table: `${REL_NS}/table`,
} as const;

const CONTENT = {
  worksheet: "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
  table: "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml",
} as const;

const WORKBOOK = "xl/workbook.xml";
const WORKBOOK_RELS = "xl/_rels/workbook.xml.rels";

class Decline extends Error {}

function must<T>(v: T | { decline: string }): T {
  if (typeof v === "object" && v !== null && "decline" in v) throw new Decline(v.decline);
  return v as T;
}

function text(parts: Parts, name: string): string | undefined {
  return parts.get(name)?.toString("utf8");
}

/** The highest N of the parts named like `re` (its first group), case-insensitively. */
function highest(parts: Parts, re: RegExp): number {
  let n = 0;
  for (const k of parts.keys()) {
    const m = re.exec(k);
    if (m) n = Math.max(n, Number(m[1]));
  }
  return n;
}

function validSheetName(name: string): boolean {
  return name.length > 0 && name.length <= 31 && !/[[\]*?:/\\]/.test(name) && !/^'|'$/.test(name);
}

/** A sheet written that is not an output of a role (the hidden settings sheet of a stored column mapping). */
export interface PlainSheet {
  readonly content: SheetContent;
  readonly hidden: boolean;
  /** The place of the sheet it replaces (removeSheets' plainAt); default: after the others. */
  readonly index?: number;
}

interface PlannedSheet {
  readonly model: SheetContent;
  /** The output's role; none for a plain sheet (no ownership name, not listed as written). */
  readonly role?: OutputRole;
  readonly hidden: boolean;
  /** Its position in the final sheet list. */
  readonly index: number;
  readonly name: string;
  readonly part: string;
  readonly rId: string;
  readonly grid: StyleGrid;
  readonly headers: Map<number, string>;
  readonly tables: { part: TablePart; path: string; rId: string }[];
}

/**
 * `at`: for a role whose earlier output was removed (./earlier.ts), the position in the workbook's sheet list its
 * new sheet takes; the other sheets are added after the workbook's.
 */
export function writeSheetsToParts(
  parts: Parts,
  sheets: readonly SheetModel[],
  at: ReadonlyMap<OutputRole, number> = new Map(),
  plain: readonly PlainSheet[] = [],
): WritePartsOutcome {
  const deflater = new Deflater();
  try {
    const written = write(parts, sheets, at, deflater, plain);
    return { ...written, close: () => deflater.close() };
  } catch (e) {
    void deflater.close();
    if (e instanceof Decline) return { decline: e.message };
    throw e;
  }
}

function write(
  input: Parts,
  sheets: readonly SheetModel[],
  at: ReadonlyMap<OutputRole, number>,
  deflater: Deflater,
  plain: readonly PlainSheet[],
): { parts: OutputParts; result: WriteSheetsResult } {
  const roles = new Set<OutputRole>();
  for (const m of sheets) {
    if (roles.has(m.role)) throw new Decline(`two output sheets with role "${m.role}"`);
    roles.add(m.role);
  }
  // The package's main parts, where Excel puts them.
  const rootRels = text(input, "_rels/.rels") ?? "";
  const office = [...rootRels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => attributes(m[0])).find((a) => a.Type === TYPE.officeDocument);
  if (!office || resolveTarget("", office.Target ?? "") !== WORKBOOK) throw new Decline("the workbook part is not xl/workbook.xml");
  const workbookXml = text(input, WORKBOOK);
  const workbookRels = text(input, WORKBOOK_RELS);
  const typesXml = text(input, "[Content_Types].xml");
  if (workbookXml === undefined || workbookRels === undefined || typesXml === undefined)
    throw new Decline("the package lacks workbook.xml, its rels or [Content_Types].xml");
  if (!/^(?:<\?xml[^>]*\?>\s*)?<Types(?=[\s>])/.test(typesXml)) throw new Decline("[Content_Types].xml is not in the usual form");
  const relAttrs = [...workbookRels.matchAll(/<(?:[\w.-]+:)?Relationship(?=[\s/>])[^>]*>/g)].map((m) => attributes(m[0]));
  const stylesRel = relAttrs.find((a) => a.Type === TYPE.styles);
  const stylesPart = stylesRel && resolveTarget(WORKBOOK, stylesRel.Target ?? "");
  const stylesXml = stylesPart !== undefined ? text(input, stylesPart) : undefined;
  if (stylesPart === undefined || stylesXml === undefined) throw new Decline("the workbook has no styles part");
  const info = must(readWorkbook(workbookXml));

  // An earlier output of one of these roles: replacing or keeping it stays with the ExcelJS writer.
  const nameSet = new Set(info.names.map((n) => n.toLowerCase()));
  for (const m of sheets) {
    for (const n of [ownershipName(m.role), fingerprintName(m.role)]) {
      if (nameSet.has(n.toLowerCase())) throw new Decline(`the workbook already has ${n} (an earlier output)`);
    }
  }

  // Tables of the input: their names (one namespace with defined names) and ids.
  const tableTaken = new Set(nameSet);
  let tableId = 0;
  const tableParts = new Set([...input.keys()].filter((n) => /^xl\/tables\/[^/]+\.xml$/i.test(n)));
  for (const m of typesXml.matchAll(/<Override\b[^>]*>/g)) {
    const a = attributes(m[0]);
    if (a.ContentType === CONTENT.table && a.PartName && input.has(a.PartName.replace(/^\//, "")))
      tableParts.add(a.PartName.replace(/^\//, ""));
  }
  for (const name of tableParts) {
    const bytes = input.get(name)!;
    const root = /<(?:[\w.-]+:)?table(?=[\s>])[^>]*>/.exec(bytes.toString("utf8", 0, Math.min(bytes.length, 4096)));
    if (!root) throw new Decline(`${name} has no table element`);
    const a = attributes(root[0]);
    for (const n of [a.name, a.displayName]) if (n) tableTaken.add(n.toLowerCase());
    tableId = Math.max(tableId, Number(a.id) || 0);
  }

  const takenSheets = new Set(info.sheets.map((s) => s.name));
  let sheetId = Math.max(0, ...info.sheets.map((s) => s.sheetId).filter(Number.isFinite));
  // Past the sheets and any rels part left from a deleted sheet (a new sheet would take its relationships over)
  let sheetNo = highest(input, /^xl\/worksheets\/(?:_rels\/)?sheet(\d+)\.xml(?:\.rels)?$/i);
  let tableNo = highest(input, /^xl\/tables\/table(\d+)\.xml$/i);
  const relIds = relationshipIds(workbookRels);
  let relNo = 0;
  const nextRelId = () => {
    let id: string;
    do id = `rIdShanty${++relNo}`;
    while (relIds.has(id));
    relIds.add(id);
    return id;
  };

  const states = new StyleStates();
  const planned: PlannedSheet[] = [];
  const names: NewName[] = [];
  const skippedNames: string[] = [];
  // Each new sheet's place in the final sheet list: a replaced sheet's place (ascending, each one is then where it
  // was), the others after the workbook's sheets — the outputs in the models' order, then the plain sheets (the
  // ExcelJS path adds the settings sheet last).
  const items = [
    ...sheets.map((m) => ({
      model: m as SheetContent,
      role: m.role as OutputRole | undefined,
      hidden: false,
      at: at.get(m.role),
      index: -1,
    })),
    ...plain.map((p) => ({ model: p.content, role: undefined, hidden: p.hidden, at: p.index, index: -1 })),
  ];
  const placed = items.filter((x) => x.at !== undefined).sort((a, b) => a.at! - b.at!);
  placed.forEach((x, k) => {
    if (x.at! > info.sheets.length + k) throw new Decline(`no place ${x.at} for the new sheet ${x.model.name}`);
    x.index = x.at!;
  });
  let appended = info.sheets.length + placed.length;
  for (const x of items) if (x.at === undefined) x.index = appended++;
  for (const { model, role, hidden, index } of items) {
    const name = freeSheetName(model.name, takenSheets);
    if (!validSheetName(name)) throw new Decline(`"${name}" is not a valid sheet name`);
    takenSheets.add(name);
    const size = extent(model);
    const grid = must(styleGrid(states, model, size.rows, size.cols));
    const headers = new Map<number, string>();
    const tables: PlannedSheet["tables"] = [];
    for (const spec of model.tables ?? []) {
      const { row, col, rows, cols } = spec.range;
      if (rows - 1 - (spec.totalRow ? 1 : 0) < 1) throw new Decline(`table ${spec.name} has no data row`);
      const header = tableHeaders(Array.from({ length: cols }, (_, j) => model.rows[row]?.[col + j] ?? null));
      header.forEach((h, j) => headers.set(row * grid.cols + col + j, h));
      const label = spec.totalRow ? model.rows[row + rows - 1]?.[col] : undefined;
      tables.push({
        part: {
          id: ++tableId,
          name: uniqueName(spec.name, tableTaken),
          spec,
          headers: header,
          totalsLabel: label === null || label === undefined ? "" : String(label),
        },
        path: `xl/tables/table${++tableNo}.xml`,
        rId: `rId${tables.length + 1}`,
      });
    }
    if (tables.some((t) => t.part.spec.totalRow)) throw new Decline("tables with a totals row are written by ExcelJS");
    const sheetRef = (r: number, c: number) => `${quoteSheet(name)}!${absRef(r, c)}`;
    const addName = (n: string, ref: string) => {
      names.push({ name: n, ref });
      nameSet.add(n.toLowerCase());
      tableTaken.add(n.toLowerCase());
    };
    for (const nc of model.namedCells ?? []) {
      if (!isValidDefinedName(nc.name) || nameSet.has(nc.name.toLowerCase())) {
        skippedNames.push(nc.name);
        continue;
      }
      addName(nc.name, sheetRef(nc.row, nc.col));
    }
    if (role) {
      addName(ownershipName(role), sheetRef(0, 0));
      if (model.fingerprintCell) addName(fingerprintName(role), sheetRef(model.fingerprintCell.row, model.fingerprintCell.col));
    }
    const p = model.print;
    if (p) {
      const localSheetId = index;
      const area = p.printArea;
      names.push({
        name: "_xlnm.Print_Area",
        localSheetId,
        ref: `${sheetRef(area.row, area.col)}:${absRef(area.row + area.rows - 1, area.col + area.cols - 1)}`,
      });
      const titles: string[] = [];
      if (p.titleColumns) titles.push(`${quoteSheet(name)}!$${columnLetters(p.titleColumns.first)}:$${columnLetters(p.titleColumns.last)}`);
      if (p.titleRows) titles.push(`${quoteSheet(name)}!$${p.titleRows.first + 1}:$${p.titleRows.last + 1}`);
      if (titles.length > 0) names.push({ name: "_xlnm.Print_Titles", localSheetId, ref: titles.join(",") });
    }
    planned.push({
      model,
      role,
      hidden,
      index,
      name,
      part: `xl/worksheets/sheet${++sheetNo}.xml`,
      rId: nextRelId(),
      grid,
      headers,
      tables,
    });
  }

  const styled = must(
    addStyles(
      stylesXml,
      Array.from({ length: states.size }, (_, i) => states.get(i)),
    ),
  );

  const out: Parts = new Map(input);
  const added = new Map<string, Buffer>();
  const xmls: { sheet: PlannedSheet; xml: SheetXml; stream: PartStream }[] = [];
  let anyFormulas = false;
  for (const s of planned) {
    // sheetData's chunks are deflated on the worker as they are made (none kept here).
    const stream = deflater.part();
    const xml = sheetXml({
      model: s.model,
      grid: s.grid,
      xf: styled.xf,
      headers: s.headers,
      tableRels: s.tables.map((t) => t.rId),
      sink: (chunk) => stream.push(chunk, true),
    });
    if (xml.formulas) anyFormulas = true;
    xmls.push({ sheet: s, xml, stream });
    if (s.tables.length > 0) {
      const rels = s.tables.map((t) => ({ id: t.rId, type: TYPE.table, target: `../tables/${t.path.slice("xl/tables/".length)}` }));
      added.set(relsOf(s.part), Buffer.from(must(addRelationships(undefined, rels)), "utf8"));
      for (const t of s.tables) added.set(t.path, Buffer.from(tableXml(t.part), "utf8"));
    }
  }
  for (const name of added.keys()) if (input.has(name)) throw new Decline(`${name} exists already`);

  const newSheets: NewSheet[] = planned.map((s) => ({
    name: s.name,
    sheetId: ++sheetId,
    rId: s.rId,
    index: s.index,
    hidden: s.hidden,
  }));
  out.set(WORKBOOK, Buffer.from(must(addToWorkbook(workbookXml, newSheets, names, anyFormulas)), "utf8"));
  out.set(
    WORKBOOK_RELS,
    Buffer.from(
      must(
        addRelationships(
          workbookRels,
          planned.map((s) => ({ id: s.rId, type: TYPE.worksheet, target: s.part.slice("xl/".length) })),
        ),
      ),
      "utf8",
    ),
  );
  out.set(stylesPart, Buffer.from(styled.xml, "utf8"));
  const overrides = [
    ...planned.map((s) => ({ partName: `/${s.part}`, contentType: CONTENT.worksheet })),
    ...planned.flatMap((s) => s.tables.map((t) => ({ partName: `/${t.path}`, contentType: CONTENT.table }))),
  ];
  out.set("[Content_Types].xml", Buffer.from(must(addOverrides(typesXml, overrides)), "utf8"));

  // Charts through addChartsToParts (src/cli/chartPart.ts), on a small view of the package (see ./charts.ts).
  const sheetParts = new Map(xmls.map(({ sheet, xml }) => [sheet.part, xml]));
  const ends = new Map<string, SheetEnds>();
  must(
    addSheetCharts(
      out,
      added,
      planned.map((s) => ({ name: s.name, part: s.part, rId: s.rId, charts: s.model.charts ?? [], rows: s.model.rows })),
      sheetParts,
      ends,
    ),
  );
  const result: OutputParts = new Map(out);
  const sheetBytes = new Map<string, Promise<PackedPart>>();
  for (const { sheet, xml, stream } of xmls) {
    const end = ends.get(sheet.part) ?? { head: Buffer.from(xml.head, "utf8"), tail: Buffer.from(xml.tail, "utf8") };
    sheetBytes.set(sheet.part, stream.finish(end.head, end.tail));
  }
  // New parts after the input's, sheets first (each with its rels and tables), as ExcelJS orders them.
  const order = [...planned.flatMap((s) => [s.part, relsOf(s.part), ...s.tables.map((t) => t.path)])];
  for (const name of order) {
    const part = sheetBytes.get(name) ?? added.get(name);
    if (part) result.set(name, part);
  }
  for (const [name, bytes] of added) if (!result.has(name)) result.set(name, bytes);

  const notes = skippedNames.length > 0 ? [skippedNamesNote(skippedNames)] : [];
  return {
    parts: result,
    result: { sheets: planned.flatMap((s) => (s.role ? [{ role: s.role, name: s.name }] : [])), charts: [], skippedNames, notes },
  };
}
