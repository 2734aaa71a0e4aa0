import { a1, parseRange } from "../address";
import { slideFormula } from "../ooxml/formula";
import { partName, relationshipsIn, relativeTarget, relsOf, type Relationship } from "../ooxml/parts";
import { scanSheetXml, sheetDataBounds, type ScannedCell } from "../ooxml/sheet";
import { withFullCalcOnLoad } from "../ooxml/workbook";
import { attributes, elements, escapeXml, runText } from "../ooxml/xml";
import { portableCell, type ComputedValue, type PortableCell } from "./convert";

/*
 * The portable workbook made on the package itself, host-neutral (text in, text out; no zip, no ExcelJS, no
 * Office.js): the CLI hands over the parts of the recalculated .xlsx (src/cli/portable.ts), the task pane the
 * parts of the file Office.js gives. Only what the conversion needs is rewritten — the formula cells that call
 * SHANTY, the comments and their legacy drawings of the sheets that get notes, the content types, workbook.xml's
 * calcPr, the shared strings when a value is text — and every other part is left to the caller as it was.
 *
 * For each formula cell that calls SHANTY (portableCell decides): "native" replaces the <f> text and keeps the
 * cached <v>; "value" drops the <f>, keeps the cached value and its type, and gives the cell a comment with the
 * original formula (appended after a blank line to a comment the cell already has). A shared formula whose
 * master converts is un-shared: every cell of the group is written with its own full formula.
 */

export interface PortableCellReport {
  readonly sheet: string;
  readonly address: string;
  readonly original: string;
  readonly decision: PortableCell;
}

export interface PortableResult {
  readonly cells: readonly PortableCellReport[];
  readonly converted: number;
  readonly values: number;
}

const NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_RELS = "http://schemas.openxmlformats.org/package/2006/relationships";
const NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL_COMMENTS = `${NS_R}/comments`;
const REL_VML = `${NS_R}/vmlDrawing`;
const CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml";
const CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing";
const CONTENT_TYPES = "[Content_Types].xml";
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** The author of the notes the conversion adds. */
const AUTHOR = "Shanty Balance";

const typeIs = (r: Relationship, name: string) => !r.external && r.type.endsWith(`/${name}`);

/** The package as it is being rewritten: the input's parts, with the changes on top. */
class Package {
  readonly write = new Map<string, string>();
  readonly removed = new Set<string>();
  constructor(private readonly input: ReadonlyMap<string, string>) {}

  /** The part's name as spelt in the package (part names compare without case), or undefined. */
  name(part: string): string | undefined {
    const found = partName(this.write, part) ?? partName(this.input, part);
    return found === undefined || this.removed.has(found) ? undefined : found;
  }

  text(part: string): string | undefined {
    const name = this.name(part);
    return name === undefined ? undefined : (this.write.get(name) ?? this.input.get(name));
  }

  set(part: string, xml: string): void {
    const name = this.name(part) ?? part;
    if (this.input.get(name) === xml) this.write.delete(name);
    else this.write.set(name, xml);
  }

  remove(part: string): void {
    const name = this.name(part);
    if (name === undefined) return;
    this.write.delete(name);
    if (this.input.has(name)) this.removed.add(name);
  }

  /** A new part name `${stem}N${ext}` that the package does not have (N from 1). */
  fresh(stem: string, ext: string): string {
    for (let n = 1; ; n++) if (this.name(`${stem}${n}${ext}`) === undefined) return `${stem}${n}${ext}`;
  }

  /** Every part name, input and new. */
  names(): string[] {
    return [...new Set([...this.input.keys(), ...this.write.keys()])].filter((n) => !this.removed.has(n));
  }
}

export function makePackagePortable(xml: ReadonlyMap<string, string>): {
  write: Map<string, string>;
  remove: string[];
  result: PortableResult;
} {
  const pkg = new Package(xml);
  const main = [...relationshipsIn(pkg.text("_rels/.rels"), "").values()].find((r) => typeIs(r, "officeDocument"));
  const workbookPath = pkg.name(main?.target ?? "xl/workbook.xml");
  if (workbookPath === undefined) {
    throw new Error(
      "工作簿中没有 workbook.xml，不是有效的 .xlsx 工作簿 / the package has no workbook part; it is not a valid .xlsx workbook",
    );
  }
  const workbookXml = pkg.text(workbookPath)!;
  const workbookRels = relationshipsIn(pkg.text(relsOf(workbookPath)), workbookPath);
  const strings = new SharedStrings(pkg, [...workbookRels.values()].find((r) => typeIs(r, "sharedStrings"))?.target);

  const cells: PortableCellReport[] = [];
  for (const { attrs } of elements(workbookXml, "sheet")) {
    const rel = workbookRels.get(attrs.id ?? "");
    const path = rel && typeIs(rel, "worksheet") ? pkg.name(rel.target) : undefined;
    if (path === undefined) continue;
    const converted = convertSheet(pkg.text(path)!, strings);
    if (converted.cells.length === 0) continue;
    for (const c of converted.cells) cells.push({ sheet: attrs.name ?? "", ...c });
    const notes = converted.cells.flatMap((c) => (c.decision.kind === "value" ? [{ row: c.row, col: c.col, note: c.decision.note }] : []));
    pkg.set(path, notes.length > 0 ? addNotes(pkg, path, converted.xml, notes) : converted.xml);
  }
  strings.save();
  if (cells.length > 0) removeCalcChain(pkg, workbookPath, workbookRels);
  pkg.set(workbookPath, withFullCalcOnLoad(workbookXml));
  return {
    write: pkg.write,
    remove: [...pkg.removed],
    result: {
      cells: cells.map(({ sheet, address, original, decision }) => ({ sheet, address, original, decision })),
      converted: cells.filter((c) => c.decision.kind === "native").length,
      values: cells.filter((c) => c.decision.kind === "value").length,
    },
  };
}

// ---------- the formula cells of one sheet ----------

interface Converted {
  readonly row: number;
  readonly col: number;
  readonly address: string;
  readonly original: string;
  readonly decision: Exclude<PortableCell, { kind: "keep" }>;
}

type FormulaCell = ScannedCell & { readonly f: NonNullable<ScannedCell["f"]> };

function convertSheet(xml: string, strings: SharedStrings): { xml: string; cells: Converted[] } {
  const bounds = sheetDataBounds(xml);
  if (!bounds) return { xml, cells: [] };
  const p = bounds.prefix;
  const formulas: FormulaCell[] = [];
  scanSheetXml(xml, (c) => {
    if (c.f) formulas.push(c as FormulaCell);
  });
  const masters = new Map<string, FormulaCell>();
  for (const c of formulas) {
    const si = c.f.attrs.si;
    if (c.f.attrs.t === "shared" && si !== undefined && c.f.text.trim() !== "" && !masters.has(si)) masters.set(si, c);
  }
  /** The formula a cell computes: its own, or its shared master's slid to it. */
  const formulaOf = (c: FormulaCell): string | undefined => {
    if (c.f.attrs.t === "dataTable") return undefined;
    if (c.f.attrs.t === "shared" && c.f.text.trim() === "") {
      const m = masters.get(c.f.attrs.si ?? "");
      return m ? slideFormula(m.f.text, c.row - m.row, c.col - m.col) : undefined;
    }
    return c.f.text.trim() === "" ? undefined : c.f.text;
  };
  const edits: { start: number; end: number; text: string }[] = [];
  const cells: Converted[] = [];
  const unshared = new Set<string>();
  const kept: { cell: FormulaCell; formula: string }[] = [];
  for (const c of formulas) {
    const formula = formulaOf(c);
    if (formula === undefined) continue;
    const ref = c.f.attrs.t === "array" && c.f.attrs.ref ? parseRange(c.f.attrs.ref) : undefined;
    const decision = portableCell(formula, cachedValue(c, strings), !!ref && (ref.rows > 1 || ref.cols > 1));
    if (decision.kind === "keep") {
      if (c.f.attrs.t === "shared") kept.push({ cell: c, formula });
      continue;
    }
    if (c.f.attrs.t === "shared") unshared.add(c.f.attrs.si ?? "");
    cells.push({ row: c.row, col: c.col, address: a1(c.row, c.col), original: formula.replace(/^=/, ""), decision });
    const element = xml.slice(c.start, c.end);
    edits.push({
      start: c.start,
      end: c.end,
      text: decision.kind === "native" ? withFormula(element, p, decision.formula) : asValue(element, p, c, strings),
    });
  }
  // A cell left alone in a group that was un-shared (cannot happen when the master calls SHANTY, as sliding
  // keeps the calls) still needs its own formula once the master no longer carries the group's.
  for (const { cell, formula } of kept) {
    if (unshared.has(cell.f.attrs.si ?? ""))
      edits.push({ start: cell.start, end: cell.end, text: withFormula(xml.slice(cell.start, cell.end), p, formula) });
  }
  edits.sort((a, b) => a.start - b.start);
  const pieces: string[] = [];
  let at = 0;
  for (const e of edits) {
    pieces.push(xml.slice(at, e.start), e.text);
    at = e.end;
  }
  pieces.push(xml.slice(at));
  return { xml: pieces.join(""), cells };
}

/** The value a formula cell holds in the file (its cached result), as a host hands it over. */
function cachedValue(c: ScannedCell, strings: SharedStrings): ComputedValue {
  if (c.t === "inlineStr") return c.inline ?? null;
  if (c.v === undefined) return null;
  switch (c.t) {
    case "str":
    case "e":
    case "d":
      return c.v;
    case "b":
      return c.v === "1" || c.v.toLowerCase() === "true";
    case "s":
      return strings.at(Number(c.v)) ?? null;
    default: {
      const n = Number(c.v);
      return c.v.trim() !== "" && Number.isFinite(n) ? n : c.v;
    }
  }
}

const fElement = (p: string) => new RegExp(`<${p}f(?=[\\s/>])([^>]*?)(?:/>|>[\\s\\S]*?</${p}f>)`);

function splitCell(element: string, p: string): { attrs: string; inner: string } {
  const openEnd = element.indexOf(">") + 1;
  const selfClosing = element[openEnd - 2] === "/";
  return {
    attrs: element.slice(p.length + 2, selfClosing ? openEnd - 2 : openEnd - 1),
    inner: selfClosing ? "" : element.slice(openEnd, element.length - `</${p}c>`.length),
  };
}

/** The cell with `formula` as its own (un-shared) formula; the cached value and every other part kept. */
function withFormula(element: string, p: string, formula: string): string {
  const { attrs, inner } = splitCell(element, p);
  const f = fElement(p).exec(inner)!;
  const shared = /\bt="shared"/.test(f[1]);
  const fAttrs = shared ? f[1].replace(/\s+(?:t|ref|si)="[^"]*"/g, "") : f[1].replace(/\s*\/$/, "");
  const replaced = `<${p}f${fAttrs}>${escapeXml(formula.replace(/^=/, ""))}</${p}f>`;
  return `<${p}c${attrs}>${inner.slice(0, f.index)}${replaced}${inner.slice(f.index + f[0].length)}</${p}c>`;
}

/** The cell with its formula dropped: the cached value and type kept (a text result becomes a string cell). */
function asValue(element: string, p: string, c: ScannedCell, strings: SharedStrings): string {
  const split = splitCell(element, p);
  // cm= points at dynamic-array metadata, which belongs to the formula
  let attrs = split.attrs.replace(/\s+cm="[^"]*"/, "");
  let inner = split.inner.replace(fElement(p), "");
  if (c.t === "str") {
    attrs = attrs.replace(/\s+t="[^"]*"/, "");
    const v = new RegExp(`<${p}v(?:\\s[^>]*)?(?:/>|>[\\s\\S]*?</${p}v>)`);
    if (c.v !== undefined) {
      const index = strings.add(c.v);
      attrs += index === undefined ? ' t="inlineStr"' : ' t="s"';
      const value =
        index === undefined ? `<${p}is><${p}t xml:space="preserve">${escapeXml(c.v)}</${p}t></${p}is>` : `<${p}v>${index}</${p}v>`;
      inner = inner.replace(v, () => value);
    }
  }
  return inner === "" ? `<${p}c${attrs}/>` : `<${p}c${attrs}>${inner}</${p}c>`;
}

// ---------- shared strings ----------

/** The workbook's shared strings: read for a formula cached as one, appended to for text values. */
class SharedStrings {
  private items?: string[];
  private readonly added: string[] = [];
  private readonly index = new Map<string, number>();
  private references = 0;

  constructor(
    private readonly pkg: Package,
    private readonly path: string | undefined,
  ) {}

  private existing(): string[] {
    if (this.items === undefined) {
      const xml = this.path === undefined ? undefined : this.pkg.text(this.path);
      this.items = xml === undefined ? [] : elements(xml, "si").map((s) => runText(s.inner));
    }
    return this.items;
  }

  at(i: number): string | undefined {
    return this.existing()[i];
  }

  /** The index of a new string item for `text`, or undefined when the workbook has no shared strings (use an inline string). */
  add(text: string): number | undefined {
    if (this.path === undefined || this.pkg.text(this.path) === undefined) return undefined;
    this.references++;
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.existing().length + this.added.length;
      this.added.push(text);
      this.index.set(text, i);
    }
    return i;
  }

  save(): void {
    if (this.added.length === 0 || this.path === undefined) return;
    const xml = this.pkg.text(this.path)!;
    const root = /<([\w.-]+:)?sst(?=[\s/>])([^>]*?)(\/?)>/.exec(xml);
    if (!root) return;
    const p = root[1] ?? "";
    const items = this.added.map((s) => `<${p}si><${p}t xml:space="preserve">${escapeXml(s)}</${p}t></${p}si>`).join("");
    let attrs = root[2];
    const count = /\bcount="(\d+)"/.exec(attrs);
    if (count) attrs = attrs.replace(/\bcount="\d+"/, `count="${Number(count[1]) + this.references}"`);
    if (/\buniqueCount="\d+"/.test(attrs))
      attrs = attrs.replace(/\buniqueCount="\d+"/, `uniqueCount="${this.existing().length + this.added.length}"`);
    const open = `<${p}sst${attrs}>`;
    const rest = xml.slice(root.index + root[0].length);
    const updated =
      root[3] === "/"
        ? `${open}${items}</${p}sst>${rest}`
        : `${open}${rest.replace(new RegExp(`</${p}sst>(?![\\s\\S]*</${p}sst>)`), `${items}</${p}sst>`)}`;
    this.pkg.set(this.path, xml.slice(0, root.index) + updated);
  }
}

// ---------- notes: comments and their legacy (VML) shapes ----------

interface Note {
  readonly row: number;
  readonly col: number;
  readonly note: string;
}

/** A relationship id not used in a .rels part yet. */
function freshRelId(rels: ReadonlyMap<string, Relationship>): string {
  for (let n = rels.size + 1; ; n++) if (!rels.has(`rId${n}`)) return `rId${n}`;
}

/** The .rels XML with one more relationship (a new .rels part when there is none). */
function addRelationship(relsXml: string | undefined, id: string, type: string, target: string): string {
  const el = `<Relationship Id="${id}" Type="${type}" Target="${escapeXml(target)}"/>`;
  if (relsXml === undefined) return `${XML_DECLARATION}<Relationships xmlns="${NS_RELS}">${el}</Relationships>`;
  if (/<Relationships\b[^>]*\/>/.test(relsXml))
    return relsXml.replace(/<Relationships\b([^>]*?)\s*\/>/, `<Relationships$1>${el}</Relationships>`);
  return relsXml.replace(/<\/Relationships>\s*$/, `${el}</Relationships>`);
}

/** Give the cells their notes: merged into the sheet's comments (and legacy drawing), created when it has none. Returns the sheet XML. */
function addNotes(pkg: Package, sheetPath: string, sheetXml: string, notes: readonly Note[]): string {
  const relsPath = pkg.name(relsOf(sheetPath)) ?? relsOf(sheetPath);
  let relsXml = pkg.text(relsPath);
  const rels = relationshipsIn(relsXml, sheetPath);
  let out = sheetXml;

  // comments
  const commentsRel = [...rels.values()].find((r) => typeIs(r, "comments"));
  let commentsPath = commentsRel ? (pkg.name(commentsRel.target) ?? commentsRel.target) : undefined;
  if (commentsPath === undefined) {
    commentsPath = pkg.fresh("xl/comments", ".xml");
    relsXml = addRelationship(relsXml, freshRelId(rels), REL_COMMENTS, relativeTarget(sheetPath, commentsPath));
  }
  addOverride(pkg, commentsPath, CT_COMMENTS);
  const { xml: commentsXml, fresh } = mergeComments(pkg.text(commentsPath), notes);
  pkg.set(commentsPath, commentsXml);

  // legacy drawing: the shapes Excel needs to show a comment
  if (fresh.length > 0) {
    const legacy = /<([\w.-]+:)?legacyDrawing(?=[\s/>])([^>]*?)\/?>/.exec(out);
    const legacyRel = legacy ? relationshipsIn(relsXml, sheetPath).get(attributes(legacy[2]).id ?? "") : undefined;
    const vmlPath = legacyRel && !legacyRel.external ? pkg.name(legacyRel.target) : undefined;
    if (vmlPath !== undefined) {
      pkg.set(vmlPath, withShapes(pkg.text(vmlPath)!, fresh, usedBlocks(pkg, vmlPath)));
    } else {
      const path = pkg.fresh("xl/drawings/vmlDrawing", ".vml");
      pkg.set(path, newVml(pkg, fresh));
      const id = freshRelId(relationshipsIn(relsXml, sheetPath));
      relsXml = addRelationship(relsXml, id, REL_VML, relativeTarget(sheetPath, path));
      addDefault(pkg, "vml", CT_VML);
      out = legacy
        ? out.slice(0, legacy.index) + legacyDrawing(out, legacy[1] ?? "", id) + out.slice(legacy.index + legacy[0].length)
        : insertLegacyDrawing(out, id);
    }
  }
  if (relsXml !== undefined) pkg.set(relsPath, relsXml);
  return out;
}

/** The comments part with the notes merged in; `fresh`: the notes that became new comments (they need shapes). */
function mergeComments(xml: string | undefined, notes: readonly Note[]): { xml: string; fresh: Note[] } {
  let doc = xml ?? `${XML_DECLARATION}<comments xmlns="${NS_MAIN}"><authors/><commentList/></comments>`;
  const p = /<([\w.-]+:)?comments(?=[\s>])/.exec(doc)?.[1] ?? "";
  // author
  const authors = elements(doc, "author").map((a) => runText(`<t>${a.inner}</t>`));
  let authorId = authors.indexOf(AUTHOR);
  if (authorId < 0) {
    authorId = authors.length;
    const el = `<${p}author>${escapeXml(AUTHOR)}</${p}author>`;
    if (new RegExp(`<${p}authors\\s*/>`).test(doc)) doc = doc.replace(new RegExp(`<${p}authors\\s*/>`), `<${p}authors>${el}</${p}authors>`);
    else if (doc.includes(`</${p}authors>`)) doc = doc.replace(`</${p}authors>`, `${el}</${p}authors>`);
    else doc = doc.replace(new RegExp(`(<${p}comments(?=[\\s>])[^>]*>)`), `$1<${p}authors>${el}</${p}authors>`);
  }
  // the comment list: existing comments kept where they are (a note appended in place), new ones inserted in cell order
  if (new RegExp(`<${p}commentList\\s*/>`).test(doc))
    doc = doc.replace(new RegExp(`<${p}commentList\\s*/>`), `<${p}commentList></${p}commentList>`);
  const open = new RegExp(`<${p}commentList(?=[\\s>])[^>]*>`).exec(doc);
  const close = doc.lastIndexOf(`</${p}commentList>`);
  if (!open || close < 0) throw new Error("批注部件无法读取 / the comments part could not be read");
  const listStart = open.index + open[0].length;
  const body = doc.slice(listStart, close);
  const list: { row: number; col: number; start: number; end: number; xml: string }[] = [];
  for (const m of body.matchAll(new RegExp(`<${p}comment(?=[\\s/>])[^>]*?(?:/>|>[\\s\\S]*?</${p}comment>)`, "g"))) {
    const ref = parseRange(attributes(/^<[^>]*>/.exec(m[0])![0]).ref ?? "");
    list.push({ row: ref?.row ?? -1, col: ref?.col ?? -1, start: m.index!, end: m.index! + m[0].length, xml: m[0] });
  }
  const byCell = new Map(list.map((c) => [`${c.row},${c.col}`, c]));
  const fresh: Note[] = [];
  for (const n of notes) {
    const existing = byCell.get(`${n.row},${n.col}`);
    if (existing) existing.xml = appendNote(existing.xml, p, n.note);
    else fresh.push(n);
  }
  const added = [...fresh].sort((x, y) => x.row - y.row || x.col - y.col);
  const comment = (n: Note) =>
    `<${p}comment ref="${a1(n.row, n.col)}" authorId="${authorId}"><${p}text>${run(p, n.note)}</${p}text></${p}comment>`;
  let out = "";
  let at = 0;
  let j = 0;
  for (const c of list) {
    out += body.slice(at, c.start);
    for (; j < added.length && (added[j].row < c.row || (added[j].row === c.row && added[j].col < c.col)); j++) out += comment(added[j]);
    out += c.xml;
    at = c.end;
  }
  out += body.slice(at);
  for (; j < added.length; j++) out += comment(added[j]);
  return { xml: doc.slice(0, listStart) + out + doc.slice(close), fresh };
}

const run = (p: string, text: string) => `<${p}r><${p}t xml:space="preserve">${escapeXml(text)}</${p}t></${p}r>`;

/** A comment element with the note appended after a blank line (as a new run, or in its plain text). */
function appendNote(comment: string, p: string, note: string): string {
  const text = new RegExp(`<${p}text(?=[\\s/>])([^>]*?)(?:/>|>([\\s\\S]*?)</${p}text>)`).exec(comment);
  if (!text) return comment.replace(new RegExp(`</${p}comment>$`), `<${p}text>${run(p, note)}</${p}text></${p}comment>`);
  const inner = text[2] ?? "";
  const before = runText(inner);
  const addition = before === "" ? note : `\n\n${note}`;
  let updated: string;
  if (new RegExp(`<${p}r(?=[\\s>])`).test(inner)) {
    // after the last run, before any phonetic runs and properties
    const tail = new RegExp(`<${p}(?:rPh|phoneticPr)(?=[\\s/>])`).exec(inner);
    const at = tail ? tail.index : inner.length;
    updated = inner.slice(0, at) + run(p, addition) + inner.slice(at);
  } else {
    const t = new RegExp(`<${p}t(?=[\\s/>])[^>]*?(?:/>|>[\\s\\S]*?</${p}t>)`).exec(inner);
    const plain = `<${p}t xml:space="preserve">${escapeXml(before + addition)}</${p}t>`;
    updated = t ? inner.slice(0, t.index) + plain + inner.slice(t.index + t[0].length) : plain + inner;
  }
  return comment.slice(0, text.index) + `<${p}text${text[1]}>${updated}</${p}text>` + comment.slice(text.index + text[0].length);
}

const SHAPETYPE =
  '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>';

/** A hidden note shape for a comment on (row, col), 0-based, as Excel writes one. */
function shape(id: number, n: Note): string {
  const anchor = [n.col + 1, 15, n.row, 2, n.col + 5, 15, n.row + 6, 16].join(", ");
  return (
    `<v:shape id="_x0000_s${id}" type="#_x0000_t202" style="position:absolute;margin-left:60pt;margin-top:1.5pt;width:240pt;height:80pt;z-index:${id};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
    '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>' +
    '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>' +
    `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${anchor}</x:Anchor><x:AutoFill>False</x:AutoFill>` +
    `<x:Row>${n.row}</x:Row><x:Column>${n.col}</x:Column></x:ClientData></v:shape>`
  );
}

/**
 * The 1024-id blocks of shape ids the package's legacy drawings reserve (o:idmap) or use (_x0000_sN), but for
 * the drawing `except`. Excel numbers VML shapes workbook-wide: two drawings sharing a block is a corrupt file.
 */
function usedBlocks(pkg: Package, except?: string): Set<number> {
  const used = new Set<number>();
  for (const name of pkg.names()) {
    if (!/\.vml$/i.test(name) || name === except) continue;
    for (const m of (pkg.text(name) ?? "").matchAll(/<(?:[\w.-]+:)?idmap\b[^>]*\bdata="([^"]*)"/g))
      for (const d of m[1].split(",")) if (d.trim() !== "") used.add(Number(d));
    for (const m of (pkg.text(name) ?? "").matchAll(/_x0000_s(\d+)/g)) used.add(Math.floor(Number(m[1]) / 1024));
  }
  return used;
}

/** `count` shape ids from `from` on, skipping the blocks `taken` (and each block's id 0, as Excel does). */
function shapeIds(from: number, count: number, taken: ReadonlySet<number>): number[] {
  const ids: number[] = [];
  for (let id = from; ids.length < count; id++) {
    const block = Math.floor(id / 1024);
    if (taken.has(block)) id = (block + 1) * 1024;
    else if (id % 1024 !== 0) ids.push(id);
  }
  return ids;
}

const blocksOf = (ids: readonly number[]): number[] => [...new Set(ids.map((id) => Math.floor(id / 1024)))];

/** A new legacy drawing with the notes' shapes; its shape ids in blocks (o:idmap) no other drawing uses. */
function newVml(pkg: Package, notes: readonly Note[]): string {
  const used = usedBlocks(pkg);
  let block = 1;
  while (used.has(block)) block++;
  const ids = shapeIds(block * 1024 + 1, notes.length, used);
  return (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">' +
    `<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${blocksOf(ids).join(",")}"/></o:shapelayout>${SHAPETYPE}` +
    notes.map((n, i) => shape(ids[i], n)).join("") +
    "</xml>"
  );
}

const VML_NAMESPACES: readonly [string, string][] = [
  ["v", "urn:schemas-microsoft-com:vml"],
  ["o", "urn:schemas-microsoft-com:office:office"],
  ["x", "urn:schemas-microsoft-com:office:excel"],
];

/**
 * An existing legacy drawing with the notes' shapes appended (and the note shape type, the v/o/x prefixes when
 * missing); their ids after the drawing's own, in blocks no other drawing uses, which its o:idmap then lists.
 */
function withShapes(vml: string, notes: readonly Note[], taken: ReadonlySet<number>): string {
  let max = 1024;
  for (const m of vml.matchAll(/_x0000_s(\d+)/g)) max = Math.max(max, Number(m[1]));
  const ids = shapeIds(max + 1, notes.length, taken);
  const root = /<xml(?=[\s>])([^>]*)>/.exec(vml);
  if (!root) throw new Error("批注的绘图部件无法读取 / the comments' drawing part could not be read");
  const missing = VML_NAMESPACES.filter(([prefix]) => !new RegExp(`\\sxmlns:${prefix}=`).test(root[1]))
    .map(([prefix, uri]) => ` xmlns:${prefix}="${uri}"`)
    .join("");
  const type = /<v:shapetype\b[^>]*\bid="_x0000_t202"/.test(vml) ? "" : SHAPETYPE;
  const shapes = type + notes.map((n, i) => shape(ids[i], n)).join("");
  const end = vml.lastIndexOf("</xml>");
  const head = vml.slice(0, root.index) + `<xml${root[1]}${missing}>`;
  let body = vml.slice(root.index + root[0].length, end < 0 ? vml.length : end);
  body = body.replace(/(<[\w.-]+:idmap\b[^>]*\bdata=")([^"]*)(")/, (_m, open: string, data: string, close: string) => {
    const listed = data.split(",").filter((d) => d.trim() !== "");
    const more = blocksOf(ids).filter((b) => !listed.map(Number).includes(b));
    return `${open}${[...listed, ...more.map(String)].join(",")}${close}`;
  });
  return `${head}${body}${shapes}</xml>${end < 0 ? "" : vml.slice(end + "</xml>".length)}`;
}

/** The <legacyDrawing r:id> element, with the relationships namespace as the sheet declares it (or declared on it). */
function legacyDrawing(sheetXml: string, p: string, id: string): string {
  const root = /<([\w.-]+:)?worksheet(?=[\s>])([^>]*)>/.exec(sheetXml);
  const declared = root ? [...root[2].matchAll(/\sxmlns:([\w.-]+)="([^"]*)"/g)].find((m) => m[2] === NS_R)?.[1] : undefined;
  return declared ? `<${p}legacyDrawing ${declared}:id="${id}"/>` : `<${p}legacyDrawing xmlns:r="${NS_R}" r:id="${id}"/>`;
}

/** Elements of a worksheet that come after <legacyDrawing> (CT_Worksheet's sequence). */
const AFTER_LEGACY_DRAWING = new Set([
  "legacyDrawingHF",
  "drawingHF",
  "picture",
  "oleObjects",
  "controls",
  "webPublishItems",
  "tableParts",
  "extLst",
]);

/** The sheet XML with <legacyDrawing> inserted where the schema's order puts it. */
function insertLegacyDrawing(sheetXml: string, id: string): string {
  const bounds = sheetDataBounds(sheetXml)!;
  const p = bounds.prefix;
  const from = bounds.selfClosing ? sheetXml.indexOf(">", bounds.tagStart) + 1 : bounds.end + `</${p}sheetData>`.length;
  // the worksheet's children after sheetData, tag by tag (attribute values may hold ">")
  const tag =
    /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<(\/?)(?:[\w.-]+:)?([\w.-]+)(?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(\/?)>/g;
  tag.lastIndex = from;
  let depth = 0;
  let at = sheetXml.length;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(sheetXml))) {
    if (m[2] === undefined) continue; // comment, CDATA, processing instruction
    if (m[1] === "/") {
      if (depth === 0) {
        at = m.index; // </worksheet>
        break;
      }
      depth--;
      continue;
    }
    if (depth === 0 && AFTER_LEGACY_DRAWING.has(m[2])) {
      at = m.index;
      break;
    }
    if (m[3] !== "/") depth++;
  }
  return sheetXml.slice(0, at) + legacyDrawing(sheetXml, p, id) + sheetXml.slice(at);
}

// ---------- content types, calculation chain ----------

function addOverride(pkg: Package, part: string, contentType: string): void {
  const xml = pkg.text(CONTENT_TYPES);
  if (xml === undefined) return;
  const name = `/${part}`;
  const exists = [...xml.matchAll(/<Override\b[^>]*>/g)].some(
    (m) => (attributes(m[0]).PartName ?? "").toLowerCase() === name.toLowerCase(),
  );
  if (!exists)
    pkg.set(CONTENT_TYPES, xml.replace(/<\/Types>\s*$/, `<Override PartName="${escapeXml(name)}" ContentType="${contentType}"/></Types>`));
}

function addDefault(pkg: Package, extension: string, contentType: string): void {
  const xml = pkg.text(CONTENT_TYPES);
  if (xml === undefined) return;
  const exists = [...xml.matchAll(/<Default\b[^>]*>/g)].some((m) => (attributes(m[0]).Extension ?? "").toLowerCase() === extension);
  if (!exists)
    pkg.set(CONTENT_TYPES, xml.replace(/(<Types\b[^>]*>)/, `$1<Default Extension="${extension}" ContentType="${contentType}"/>`));
}

/** Drop the calculation chain (cells it lists are no longer formulas): the part, its relationship and its content type. */
function removeCalcChain(pkg: Package, workbookPath: string, rels: ReadonlyMap<string, Relationship>): void {
  const entry = [...rels].find(([, r]) => typeIs(r, "calcChain"));
  if (!entry) return;
  const [id, rel] = entry;
  const path = pkg.name(rel.target);
  if (path !== undefined) pkg.remove(path);
  const relsPath = pkg.name(relsOf(workbookPath))!;
  pkg.set(
    relsPath,
    pkg
      .text(relsPath)!
      .replace(/<Relationship\b[^>]*?(?:\/>|>[\s\S]*?<\/Relationship>)/g, (el) =>
        attributes(el.slice(0, el.indexOf(">") + 1)).Id === id ? "" : el,
      ),
  );
  const types = pkg.text(CONTENT_TYPES);
  if (types !== undefined) {
    const name = `/${path ?? rel.target}`.toLowerCase();
    pkg.set(
      CONTENT_TYPES,
      types.replace(/<Override\b[^>]*>/g, (el) => ((attributes(el).PartName ?? "").toLowerCase() === name ? "" : el)),
    );
  }
}
