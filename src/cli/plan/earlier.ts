import { parseCellAddress, parseRange, quoteSheet, splitSheetAddress } from "../../workbook/address";
import {
  addFormula,
  editStateOfHash,
  overlayFingerprint,
  type EditState,
  type FormulasByRow,
  type ReadBackCell,
} from "../../workbook/fingerprint";
import { fingerprintName, ownershipName, type OutputRole, type WorkbookGrid } from "../../workbook/model";
import { slideFormula } from "../../workbook/ooxml/formula";
import { relsOf } from "../../workbook/ooxml/parts";
import { scanSheetXml, sheetDataBounds } from "../../workbook/ooxml/sheet";
import { attributes, elements, escapeXml, xmlText } from "../../workbook/ooxml/xml";
import type { Parts } from "../package";
import { partText, relationships, workbookIndex } from "../recalc/package";
import { namePieces } from "./readParts";

/*
 * An earlier output of the add-in in the workbook `shanty plan` reads (issue 15): the sheet an ownership name
 * (SHANTY_OUTPUT_<ROLE>) points at. As in writeSheets (src/cli/sheets.ts), an output the user did not edit — its
 * fingerprint matches its cells, or it has none — is replaced in its place (removeSheets: the sheet, its
 * relationship, the names on it and every part only it reached — tables, drawings, charts, comments — go, so that the
 * rest of the package is copied as it came); an edited one is kept under a new name (renameSheet: every reference to
 * it, its charts' included, follows it).
 */

export interface EarlierOutput {
  readonly role: OutputRole;
  readonly sheet: string;
  readonly state: EditState;
}

/** Every formula cell of a sheet's XML with its formula text, shared formulas slid from their master to the cell. */
function sheetFormulas(xml: string): { row: number; col: number; text: string }[] {
  const formulas: { row: number; col: number; text: string }[] = [];
  const masters = new Map<string, { row: number; col: number; text: string }>();
  const add = (row: number, col: number, f: { attrs: Record<string, string>; text: string }) => {
    let text = f.text;
    if (f.attrs.t === "shared" && f.attrs.si !== undefined) {
      const master = masters.get(f.attrs.si);
      if (text.trim() !== "" && !master) masters.set(f.attrs.si, { row, col, text });
      else if (master) text = slideFormula(master.text, row - master.row, col - master.col);
    }
    formulas.push({ row, col, text });
  };
  const found = formulasByCell(xml);
  if (found) for (const c of found) add(c.row, c.col, c.f);
  else scanSheetXml(xml, (c) => void (c.f && add(c.row, c.col, c.f)));
  return formulas;
}

/**
 * The <f> elements of sheetData, each with the r of the cell it is in, found by searching for "<f" alone: a large
 * report has a formula in few of its cells, and scanSheetXml reads every cell. undefined when a cell holding one has
 * no r attribute (its position is counted by scanSheetXml then).
 */
export function formulasByCell(
  xml: string,
): { row: number; col: number; f: { attrs: Record<string, string>; text: string } }[] | undefined {
  const bounds = sheetDataBounds(xml);
  if (!bounds || bounds.selfClosing) return [];
  const p = bounds.prefix;
  const open = `<${p}f`;
  const close = `</${p}f>`;
  const cellOpen = new RegExp(`<${p}c(?=[\\s/>])[^>]*>`, "y");
  const out: { row: number; col: number; f: { attrs: Record<string, string>; text: string } }[] = [];
  for (let at = xml.indexOf(open, bounds.start); at >= 0 && at < bounds.end; at = xml.indexOf(open, at + open.length)) {
    const next = xml.charCodeAt(at + open.length);
    if (next !== 0x3e && next !== 0x20 && next !== 0x2f && next !== 0x09 && next !== 0x0a && next !== 0x0d) continue; // <fo…
    const tagEnd = xml.indexOf(">", at);
    if (tagEnd < 0) return undefined;
    const selfClosing = xml.charCodeAt(tagEnd - 1) === 0x2f;
    const attrs = attributes(xml.slice(at + open.length, selfClosing ? tagEnd - 1 : tagEnd));
    let text = "";
    if (!selfClosing) {
      const end = xml.indexOf(close, tagEnd);
      if (end < 0) return undefined;
      text = xmlText(xml.slice(tagEnd + 1, end));
    }
    const c = xml.lastIndexOf(`<${p}c`, at);
    cellOpen.lastIndex = c;
    const tag = c >= 0 ? cellOpen.exec(xml) : null;
    const r = tag ? /\br="([A-Za-z]{1,3}\d+)"/.exec(tag[0]) : null;
    const cell = r ? parseCellAddress(r[1]) : undefined;
    if (!cell) return undefined;
    out.push({ row: cell.row, col: cell.col, f: { attrs, text } });
  }
  return out;
}

/**
 * The fingerprint (gridFingerprint, the fingerprint cell `skip` left out) of the sheet's cells as writeSheets' readBack
 * gives them — formulas as "=…" (shared ones slid), values, merged-away cells blank —, hashed from the grid's values and
 * the formulas in place (a re-planned report is as large as the input's tables: no copy of it is made).
 */
function readBackFingerprint(
  xml: string,
  values: readonly (readonly ReadBackCell[])[],
  origin: { row: number; col: number },
  skip: { row: number; col: number },
): string {
  const data = sheetDataBounds(xml);
  const merged = new Set<string>();
  for (const m of elements(data ? xml.slice(data.end) : xml, "mergeCell")) {
    const r = m.attrs.ref ? parseRange(m.attrs.ref) : undefined;
    if (!r) continue;
    for (let i = 0; i < r.rows; i++) for (let j = 0; j < r.cols; j++) if (i > 0 || j > 0) merged.add(`${r.row + i},${r.col + j}`);
  }
  const formulas = sheetFormulas(xml);
  // From the sheet's top-left corner with something in it (values or formulas) to its last row.
  let top = origin.row;
  let left = origin.col;
  for (const f of formulas) {
    top = Math.min(top, f.row);
    left = Math.min(left, f.col);
  }
  let bottom = origin.row + values.length - 1;
  const byRow: FormulasByRow = new Map();
  for (const f of formulas) {
    if (merged.has(`${f.row},${f.col}`)) continue;
    addFormula(byRow, f.row, f.col, `=${f.text}`);
    bottom = Math.max(bottom, f.row);
  }
  return overlayFingerprint((row) => values[row - origin.row], origin.col, byRow, { top, left, bottom }, skip);
}

/**
 * The earlier outputs of `roles` in the (normalised) package, with their edit state. An ownership name that does
 * not point at A1 of a worksheet is returned with state "edited" and no sheet (the ExcelJS path decides what it is).
 */
export function earlierOutputs(parts: Parts, grid: WorkbookGrid, roles: readonly OutputRole[], shown: string): EarlierOutput[] {
  const index = workbookIndex(parts, shown);
  const out: EarlierOutput[] = [];
  for (const role of roles) {
    const own = grid.names.find((n) => n.name.toUpperCase() === ownershipName(role));
    const def = index.names.find((n) => n.name.toUpperCase() === ownershipName(role));
    if (!def) continue;
    const sheet = own && own.row === 0 && own.col === 0 ? grid.sheets.find((s) => s.name === own.sheet) : undefined;
    const ref = sheet && index.sheets.find((s) => s.name === sheet.name && s.isWorksheet);
    const xml = ref && partText(parts, ref.path);
    if (!sheet || xml === undefined) {
      out.push({ role, sheet: "", state: "edited" });
      continue;
    }
    const fp = grid.names.find((n) => n.name.toUpperCase() === fingerprintName(role));
    if (!fp || fp.sheet.toLowerCase() !== sheet.name.toLowerCase()) {
      out.push({ role, sheet: sheet.name, state: "unknown" });
      continue;
    }
    const at = { row: fp.row, col: fp.col };
    const state = editStateOfHash(fp.value ?? null, () => readBackFingerprint(xml, sheet.values, sheet.origin ?? { row: 0, col: 0 }, at));
    out.push({ role, sheet: sheet.name, state });
  }
  return out;
}

/** Whether a name's references ('a b'!… or a!…, compared case-insensitively) are all, some or none on `sheet`. */
function refersOnlyTo(body: string, sheet: string): boolean | "mixed" {
  const hits = namePieces(body).map((p) => splitSheetAddress(p.trim())?.sheet.toLowerCase() === sheet.toLowerCase());
  if (hits.every(Boolean)) return true;
  return hits.some(Boolean) ? "mixed" : false;
}

/**
 * The package without the sheets `remove` names (and the names `dropName` picks): returns the parts (unchanged Buffers
 * kept), and for each removed output its position in the workbook's sheet list, where the new sheet of the same role
 * goes (so no other sheet moves and no sheet-scoped name needs renumbering). Declines on what it does not handle.
 */
export function removeSheets(
  input: Parts,
  remove: readonly { role?: OutputRole; sheet: string }[],
  shown: string,
  dropName: (name: string) => boolean = () => false,
): { parts: Parts; at: Map<OutputRole, number>; plainAt: Map<string, number> } | { decline: string } {
  const parts: Parts = new Map(input);
  const index = workbookIndex(parts, shown);
  const wbPath = index.workbookPath;
  const wbRelsPath = relsOf(wbPath);
  let wbXml = index.workbookXml;
  let relsXml = partText(parts, wbRelsPath) ?? "";
  let typesXml = partText(parts, "[Content_Types].xml") ?? "";
  const sheetTags = [...wbXml.matchAll(/<(?:[\w.-]+:)?sheet(?=[\s/>])[^>]*>/g)];
  if (sheetTags.length !== index.sheets.length) return { decline: "workbook.xml lists sheets the package lacks" };
  const at = new Map<OutputRole, number>();
  const plainAt = new Map<string, number>();
  const gone = new Set<string>();
  const removedIds = new Set<number>();
  for (const r of remove) {
    const i = index.sheets.findIndex((s) => s.name === r.sheet);
    if (i < 0 || !index.sheets[i].isWorksheet) return { decline: `the earlier output "${r.sheet}" is not a worksheet` };
    if (r.role) at.set(r.role, i);
    else plainAt.set(r.sheet, i);
    removedIds.add(i);
    gone.add(index.sheets[i].path);
    const rId = /\br:id="([^"]*)"|\b[\w.-]+:id="([^"]*)"/.exec(sheetTags[i][0]);
    const id = rId ? (rId[1] ?? rId[2]) : undefined;
    if (!id) return { decline: `the sheet "${r.sheet}" has no relationship id` };
    wbXml = wbXml.replace(sheetTags[i][0], "");
    const quoted = id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    relsXml = relsXml.replace(
      new RegExp(`<(?:[\\w.-]+:)?Relationship\\b[^>]*\\bId="${quoted}"[^>]*?(?:/>|>\\s*</(?:[\\w.-]+:)?Relationship>)`),
      "",
    );
  }
  // Names: the roles' own names, names scoped to a removed sheet, names that refer only to one.
  const names = new Set(remove.flatMap((r) => (r.role ? [ownershipName(r.role), fingerprintName(r.role)] : [])));
  let mixed: string | undefined;
  wbXml = wbXml.replace(
    /<((?:[\w.-]+:)?)definedName\b([^>]*)>([\s\S]*?)<\/\1definedName>/g,
    (tag, _p: string, attrText: string, inner: string) => {
      const a = attributes(attrText);
      if (names.has((a.name ?? "").toUpperCase()) || dropName(a.name ?? "")) return "";
      if (a.localSheetId !== undefined && removedIds.has(Number(a.localSheetId))) return "";
      for (const r of remove) {
        const hit = refersOnlyTo(xmlText(inner).trim(), r.sheet);
        if (hit === true) return "";
        if (hit === "mixed") mixed = a.name;
      }
      return tag;
    },
  );
  if (mixed !== undefined) return { decline: `the name ${mixed} refers to an earlier output and other sheets` };
  wbXml = wbXml.replace(/<((?:[\w.-]+:)?)definedNames>\s*<\/\1definedNames>/, "");

  // calcChain lists cells of the removed sheets: Excel rebuilds it when it is absent.
  for (const rel of relationships(parts, wbPath).values()) {
    if (!rel.external && /\/calcChain$/.test(rel.type)) {
      gone.add(rel.target);
      relsXml = relsXml.replace(/<(?:[\w.-]+:)?Relationship\b[^>]*\/calcChain"[^>]*?(?:\/>|>\s*<\/(?:[\w.-]+:)?Relationship>)/, "");
    }
  }
  parts.set(wbPath, Buffer.from(wbXml, "utf8"));
  parts.set(wbRelsPath, Buffer.from(relsXml, "utf8"));

  // Every part the removed sheets reached that nothing left reaches goes, with its relationships part.
  const reachable = (from: readonly string[], skip: ReadonlySet<string>): Set<string> => {
    const seen = new Set<string>();
    const todo = [...from];
    while (todo.length > 0) {
      const p = todo.pop()!;
      if (seen.has(p) || skip.has(p)) continue;
      seen.add(p);
      for (const rel of relationships(parts, p).values()) if (!rel.external && parts.has(rel.target)) todo.push(rel.target);
    }
    return seen;
  };
  const kept = reachable([""], gone);
  const reached = reachable([...gone], new Set());
  const drop = [...reached].filter((p) => !kept.has(p));
  for (const p of drop) {
    parts.delete(p);
    parts.delete(relsOf(p));
  }
  const dropped = new Set(drop.map((p) => `/${p}`.toLowerCase()));
  typesXml = typesXml.replace(/<Override\b[^>]*?(?:\/>|>\s*<\/Override>)/g, (tag) =>
    dropped.has((attributes(tag).PartName ?? "").toLowerCase()) ? "" : tag,
  );
  parts.set("[Content_Types].xml", Buffer.from(typesXml, "utf8"));
  return { parts, at, plainAt };
}

/**
 * A formula with every reference to sheet `from` (quoted or not, any case) made a reference to sheet `to`; text in
 * string literals and other sheets (年度计划2!A1 for 年度计划) left alone.
 */
export function renameSheetInFormula(formula: string, from: string, to: string): string {
  const lower = from.toLowerCase();
  const token = /[A-Za-z0-9_.\u0080-\uffff]/;
  let out = "";
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < formula.length && !(formula[j] === '"' && formula[j + 1] !== '"')) j += formula[j] === '"' ? 2 : 1;
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === "'") {
      let j = i + 1;
      let name = "";
      while (j < formula.length) {
        if (formula[j] === "'" && formula[j + 1] === "'") {
          name += "'";
          j += 2;
        } else if (formula[j] === "'") break;
        else name += formula[j++];
      }
      const quoted = formula.slice(i, j + 1);
      out += formula[j + 1] === "!" && name.toLowerCase() === lower ? quoteSheet(to) : quoted;
      i = j + 1;
      continue;
    }
    const atStart = i === 0 || !token.test(formula[i - 1]);
    if (atStart && formula.slice(i, i + from.length).toLowerCase() === lower && formula[i + from.length] === "!") {
      out += quoteSheet(to);
      i += from.length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/**
 * The package with the sheet `sheet` (an earlier output the user edited) renamed `to` and no longer the add-in's: its
 * role's names dropped, every defined name's and every chart's reference to it following it (a chart of the kept sheet
 * keeps showing the kept sheet, not the new output that takes its old name).
 */
export function renameSheet(input: Parts, role: OutputRole, sheet: string, to: string, shown: string): Parts | { decline: string } {
  const parts: Parts = new Map(input);
  const index = workbookIndex(parts, shown);
  const tags = [...index.workbookXml.matchAll(/<(?:[\w.-]+:)?sheet(?=[\s/>])[^>]*>/g)];
  const i = index.sheets.findIndex((s) => s.name === sheet);
  if (i < 0 || tags.length !== index.sheets.length) return { decline: `the edited output "${sheet}" is not in workbook.xml` };
  const tag = tags[i][0];
  const renamed = tag.replace(/\bname="[^"]*"/, `name="${escapeXml(to)}"`);
  if (renamed === tag) return { decline: `the sheet "${sheet}" has no name attribute` };
  const own = new Set([ownershipName(role), fingerprintName(role)]);
  let wbXml = index.workbookXml.replace(tag, renamed);
  wbXml = wbXml.replace(
    /<((?:[\w.-]+:)?)definedName\b([^>]*)>([\s\S]*?)<\/\1definedName>/g,
    (whole: string, p: string, attrText: string, inner: string) => {
      if (own.has((attributes(attrText).name ?? "").toUpperCase())) return "";
      const text = xmlText(inner);
      const body = renameSheetInFormula(text, sheet, to);
      return body === text ? whole : `<${p}definedName${attrText}>${escapeXml(body)}</${p}definedName>`;
    },
  );
  parts.set(index.workbookPath, Buffer.from(wbXml, "utf8"));
  // Charts the kept sheet draws (sheet → drawing → chart): their series' references.
  const seen = new Set<string>();
  const todo = [index.sheets[i].path];
  while (todo.length > 0) {
    const p = todo.pop()!;
    if (seen.has(p)) continue;
    seen.add(p);
    for (const rel of relationships(parts, p).values()) {
      if (rel.external || !parts.has(rel.target)) continue;
      if (/\/drawing$/.test(rel.type)) todo.push(rel.target);
      if (/\/chart$/.test(rel.type)) {
        const xml = parts.get(rel.target)!.toString("utf8");
        const fixed = xml.replace(/(<(?:[\w.-]+:)?f>)([\s\S]*?)(<\/(?:[\w.-]+:)?f>)/g, (m: string, a: string, f: string, b: string) => {
          const text = xmlText(f);
          const moved = renameSheetInFormula(text, sheet, to);
          return moved === text ? m : a + escapeXml(moved) + b;
        });
        if (fixed !== xml) parts.set(rel.target, Buffer.from(fixed, "utf8"));
      }
    }
  }
  return parts;
}
