import { withFullCalcOnLoad } from "../../workbook/ooxml/workbook";
import { attributes, escapeXml } from "../../workbook/ooxml/xml";
import { MAIN_NS, REL_NS } from "./sheetXml";

/*
 * workbook.xml, its relationships and [Content_Types].xml of the output: the input's, with the new sheets, their
 * defined names and (when formulas were written) a full calculation on load added — nothing else changes.
 * Namespace prefixes of the input are kept (a workbook written with "x:" elements gets "x:" elements).
 */

export interface WorkbookInfo {
  /** Element prefix of the main namespace ("" or "x:"). */
  readonly p: string;
  readonly sheets: readonly { readonly name: string; readonly sheetId: number }[];
  /** Every defined name (any scope), as written. */
  readonly names: readonly string[];
}

function rootTag(xml: string): { p: string; tag: string; index: number } | undefined {
  const m = /<([\w.-]+:)?workbook(?=[\s>])[^>]*>/.exec(xml);
  return m ? { p: m[1] ?? "", tag: m[0], index: m.index } : undefined;
}

export function readWorkbook(xml: string): WorkbookInfo | { decline: string } {
  const root = rootTag(xml);
  if (!root) return { decline: "workbook.xml has no workbook element" };
  const { p } = root;
  const ns = p ? new RegExp(`\\sxmlns:${p.slice(0, -1)}="([^"]*)"`).exec(root.tag)?.[1] : /\sxmlns="([^"]*)"/.exec(root.tag)?.[1];
  if (ns !== MAIN_NS) return { decline: `workbook.xml is not in the transitional namespace (${ns ?? "none"})` };
  if (!new RegExp(`</${p}sheets>`).test(xml)) return { decline: "workbook.xml has no sheets" };
  const sheets: { name: string; sheetId: number }[] = [];
  for (const m of xml.matchAll(new RegExp(`<${p}sheet(?=[\\s/>])[^>]*>`, "g"))) {
    const a = attributes(m[0]);
    sheets.push({ name: a.name ?? "", sheetId: Number(a.sheetId) });
  }
  const names: string[] = [];
  for (const m of xml.matchAll(new RegExp(`<${p}definedName(?=[\\s/>])[^>]*>`, "g"))) names.push(attributes(m[0]).name ?? "");
  return { p, sheets, names };
}

export interface NewSheet {
  readonly name: string;
  readonly sheetId: number;
  readonly rId: string;
  /** Its position in the final sheet list (default: after the others). */
  readonly index?: number;
  readonly hidden?: boolean;
}

export interface NewName {
  readonly name: string;
  readonly ref: string;
  readonly localSheetId?: number;
}

const AFTER_DEFINED_NAMES =
  "calcPr|oleSize|customWorkbookViews|pivotCaches|smartTagPr|smartTagTypes|webPublishing|fileRecoveryPr|webPublishObjects|extLst";

/** workbook.xml with the sheets and names added, and calcPr fullCalcOnLoad="1" when `fullCalc`. */
export function addToWorkbook(
  xml: string,
  sheets: readonly NewSheet[],
  names: readonly NewName[],
  fullCalc: boolean,
): string | { decline: string } {
  const root = rootTag(xml);
  if (!root) return { decline: "workbook.xml has no workbook element" };
  const { p } = root;
  let out = xml;
  // The relationships namespace: the input's prefix for it, else xmlns:r added to the root.
  let r = /\sxmlns:([\w.-]+)="http:\/\/schemas\.openxmlformats\.org\/officeDocument\/2006\/relationships"/.exec(root.tag)?.[1];
  if (!r) {
    if (/\sxmlns:r=/.test(root.tag)) return { decline: "workbook.xml binds the prefix r to another namespace" };
    r = "r";
    const tag = root.tag.replace(/^(<[\w.:-]+)/, `$1 xmlns:r="${REL_NS}"`);
    out = out.slice(0, root.index) + tag + out.slice(root.index + root.tag.length);
  }
  const close = out.indexOf(`</${p}sheets>`);
  const open = new RegExp(`<${p}sheets(?=[\\s>])[^>]*>`).exec(out);
  if (close < 0 || !open || open.index > close) return { decline: "workbook.xml has no sheets" };
  const start = open.index + open[0].length;
  const inner = out.slice(start, close);
  const sheetTag = new RegExp(`<${p}sheet(?=[\\s/>])[^>]*>`, "g");
  const list = inner.match(sheetTag) ?? [];
  if (inner.replace(sheetTag, "").trim() !== "" || list.some((t) => !t.endsWith("/>")))
    return { decline: "workbook.xml's sheets are not in the usual form" };
  for (const s of [...sheets].sort((a, b) => (a.index ?? Number.MAX_SAFE_INTEGER) - (b.index ?? Number.MAX_SAFE_INTEGER))) {
    const tag = `<${p}sheet name="${escapeXml(s.name)}" sheetId="${s.sheetId}"${s.hidden ? ' state="hidden"' : ""} ${r}:id="${s.rId}"/>`;
    list.splice(s.index === undefined ? list.length : Math.min(s.index, list.length), 0, tag);
  }
  out = out.slice(0, start) + list.join("") + out.slice(close);
  if (names.length > 0) {
    const nameXml = names
      .map(
        (n) =>
          `<${p}definedName name="${escapeXml(n.name)}"${n.localSheetId !== undefined ? ` localSheetId="${n.localSheetId}"` : ""}>${escapeXml(n.ref)}</${p}definedName>`,
      )
      .join("");
    const end = out.indexOf(`</${p}definedNames>`);
    const empty = new RegExp(`<${p}definedNames\\s*/>`).exec(out);
    if (end >= 0) out = out.slice(0, end) + nameXml + out.slice(end);
    else if (empty)
      out = out.slice(0, empty.index) + `<${p}definedNames>${nameXml}</${p}definedNames>` + out.slice(empty.index + empty[0].length);
    else {
      const after = new RegExp(`<${p}(?:${AFTER_DEFINED_NAMES})(?=[\\s/>])|</${p}workbook>`).exec(out);
      if (!after) return { decline: "workbook.xml has no end" };
      out = out.slice(0, after.index) + `<${p}definedNames>${nameXml}</${p}definedNames>` + out.slice(after.index);
    }
  }
  return fullCalc ? withFullCalcOnLoad(out) : out;
}

export interface NewRelationship {
  readonly id: string;
  readonly type: string;
  readonly target: string;
}

/** A .rels part with relationships added (a new part when `relsXml` is undefined). */
export function addRelationships(relsXml: string | undefined, rels: readonly NewRelationship[]): string | { decline: string } {
  const items = rels.map((x) => `<Relationship Id="${escapeXml(x.id)}" Type="${x.type}" Target="${escapeXml(x.target)}"/>`).join("");
  if (relsXml === undefined) {
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items}</Relationships>`;
  }
  const end = relsXml.lastIndexOf("</Relationships>");
  if (end < 0) return { decline: "a relationships part is not in the usual form" };
  return relsXml.slice(0, end) + items + relsXml.slice(end);
}

/** The relationship ids of a .rels part. */
export function relationshipIds(relsXml: string): Set<string> {
  return new Set([...relsXml.matchAll(/<(?:[\w.-]+:)?Relationship(?=[\s/>])[^>]*>/g)].map((m) => attributes(m[0]).Id ?? ""));
}

/** [Content_Types].xml with overrides added. */
export function addOverrides(
  typesXml: string,
  overrides: readonly { partName: string; contentType: string }[],
): string | { decline: string } {
  // An Override the input has for one of these part names (left from a deleted sheet) goes: OPC allows one per
  // part name, compared case-insensitively.
  const added = new Set(overrides.map((o) => o.partName.toLowerCase()));
  const kept = typesXml.replace(/<Override\b[^>]*>(?:\s*<\/Override>)?/g, (tag) =>
    added.has((attributes(tag).PartName ?? "").toLowerCase()) ? "" : tag,
  );
  const end = kept.lastIndexOf("</Types>");
  if (end < 0) return { decline: "[Content_Types].xml is not in the usual form" };
  const items = overrides.map((o) => `<Override PartName="${escapeXml(o.partName)}" ContentType="${o.contentType}"/>`).join("");
  return kept.slice(0, end) + items + kept.slice(end);
}
