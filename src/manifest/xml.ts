/**
 * The add-in manifest as a namespace-resolved element tree with line numbers, for the offline check
 * (check.ts). Parsing and well-formedness are fast-xml-parser's (a maintained, dependency-free XML library
 * already among the project's dependencies): XMLValidator for the errors with line and column, XMLParser
 * (preserveOrder, captureMetaData) for the tree. On top of it, only what a manifest check needs and the
 * library does not do: namespace prefixes resolved (and an undeclared prefix reported), DOCTYPE refused (a
 * manifest has none, and refusing it rules out entity expansion), positions turned into lines.
 * Errors are values with a line and column, never throws.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";

export const XML_NS = "http://www.w3.org/XML/1998/namespace";

export interface XmlAttribute {
  /** Qualified name as written, e.g. xsi:type. */
  readonly name: string;
  readonly local: string;
  /** Namespace URI of a prefixed attribute; "" for an unprefixed one (attributes take no default namespace). */
  readonly ns: string;
  readonly value: string;
}

export interface XmlElement {
  readonly type: "element";
  /** Qualified name as written, e.g. bt:Url. */
  readonly name: string;
  readonly local: string;
  /** Resolved namespace URI ("" when none applies). */
  readonly ns: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlNode[];
  readonly line: number;
  readonly col: number;
}

export interface XmlText {
  readonly type: "text";
  readonly text: string;
  /** The line of the element that holds the text. */
  readonly line: number;
  readonly col: number;
}

export type XmlNode = XmlElement | XmlText;

export interface XmlSyntaxError {
  readonly line: number;
  readonly col: number;
  readonly zh: string;
  readonly en: string;
}

export type XmlParseResult = { readonly ok: true; readonly root: XmlElement } | { readonly ok: false; readonly error: XmlSyntaxError };

const PARSER = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  allowBooleanAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  // Decodes character references (&#39; &#x4E2D;); HTML's named entities never get here (checkRawText refuses them).
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: "#comment",
  cdataPropName: "#cdata",
  captureMetaData: true,
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

type RawNode = Record<string, unknown> & { ":@"?: Record<string, string> };

/** 1-based line and column of a character index. */
function position(source: string, index: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = source.indexOf("\n"); i >= 0 && i < index; i = source.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: index - start + 1 };
}

const syntaxError = (line: number, col: number, zh: string, en: string): XmlParseResult => ({ ok: false, error: { line, col, zh, en } });

export function parseXml(source: string): XmlParseResult {
  const text = source.replace(/^\uFEFF/, "");
  if (text.trim() === "") return syntaxError(1, 1, "文档为空", "Empty document");
  const doctype = /<!DOCTYPE/i.exec(text);
  if (doctype) {
    const p = position(text, doctype.index);
    return syntaxError(
      p.line,
      p.col,
      "不允许 DOCTYPE（清单不需要，且会带来实体扩展）",
      "DOCTYPE is not allowed (a manifest has none, and it allows entity expansion)",
    );
  }
  const raw1 = checkRawText(text);
  if (raw1) return raw1;
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    return syntaxError(valid.err.line, valid.err.col, `${valid.err.msg}（${valid.err.code}）`, `${valid.err.msg} (${valid.err.code})`);
  }
  let raw: RawNode[];
  try {
    raw = PARSER.parse(text) as RawNode[];
  } catch (e) {
    return syntaxError(1, 1, `无法解析：${(e as Error).message}`, `Cannot parse: ${(e as Error).message}`);
  }
  const roots = raw.filter((n) => elementName(n) !== undefined);
  if (roots.length !== 1) return syntaxError(1, 1, "文档必须恰好有一个根元素", "The document must have exactly one root element");
  const built = build(roots[0], text, new Map([["xml", XML_NS]]));
  return "error" in built ? { ok: false, error: built.error } : { ok: true, root: built.element };
}

const LEGAL_CHAR = (c: number): boolean =>
  c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);

/**
 * What XML 1.0 forbids and fast-xml-parser's validator lets through (it is lenient by design): an XML
 * declaration after the start, "--" inside a comment, a raw "<" in an attribute value, entities other than the
 * five predefined ones and character references to characters XML does not allow.
 */
function checkRawText(text: string): XmlParseResult | undefined {
  const at = (index: number, zh: string, en: string): XmlParseResult => {
    const p = position(text, index);
    return syntaxError(p.line, p.col, zh, en);
  };
  const decl = /<\?xml[\s?]/g;
  for (let m = decl.exec(text); m; m = decl.exec(text))
    if (m.index > 0) return at(m.index, "XML 声明只能位于文档最开头", "The XML declaration must be at the very start of the document");
  // Comments and CDATA are checked (comments) or skipped (both) before looking at markup and entities.
  const skipped = text.replace(/<!--([\s\S]*?)-->|<!\[CDATA\[[\s\S]*?\]\]>/g, (whole, comment: string | undefined) =>
    comment !== undefined && /--|-$/.test(comment) ? "\u0000" : " ".repeat(whole.length),
  );
  const badComment = skipped.indexOf("\u0000");
  if (badComment >= 0) return at(badComment, "注释中不能出现 “--”", 'A comment must not contain "--"');
  const lt = /=\s*("[^"]*<[^"]*"|'[^']*<[^']*')/.exec(skipped);
  if (lt) return at(lt.index, "属性值中不允许出现 “<”（请写作 &lt;）", 'A "<" is not allowed in an attribute value (write &lt;)');
  const entity = /&([^;\s<>&]*);?/g;
  for (let m = entity.exec(skipped); m; m = entity.exec(skipped)) {
    const body = m[1];
    if (!m[0].endsWith(";")) return at(m.index, "“&” 必须写作 &amp;", 'A bare "&" must be written &amp;');
    if (["amp", "lt", "gt", "quot", "apos"].includes(body)) continue;
    const num = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(body);
    if (!num) return at(m.index, `未定义的实体 &${body};`, `Undefined entity &${body};`);
    const code = num[1] !== undefined ? parseInt(num[1], 16) : parseInt(num[2], 10);
    if (!LEGAL_CHAR(code)) return at(m.index, `&${body}; 不是合法的 XML 字符`, `&${body}; is not a legal XML character`);
  }
  return undefined;
}

/** The tag name of a raw node, or undefined for text, comments and CDATA. */
function elementName(n: RawNode): string | undefined {
  return Object.keys(n).find((k) => k !== ":@" && !k.startsWith("#"));
}

function split(qname: string): { prefix?: string; local: string } {
  const i = qname.indexOf(":");
  return i < 0 ? { local: qname } : { prefix: qname.slice(0, i), local: qname.slice(i + 1) };
}

function build(node: RawNode, source: string, inherited: ReadonlyMap<string, string>): { element: XmlElement } | { error: XmlSyntaxError } {
  const name = elementName(node)!;
  const meta = (node as unknown as Record<symbol, { startIndex?: number } | undefined>)[META];
  const { line, col } = position(source, meta?.startIndex ?? 0);
  const rawAttributes = Object.entries(node[":@"] ?? {});
  const scope = new Map(inherited);
  for (const [k, v] of rawAttributes) {
    if (k === "xmlns") scope.set("", v);
    else if (k.startsWith("xmlns:")) scope.set(k.slice(6), v);
  }
  const unbound = (prefix: string) => ({
    error: {
      line,
      col,
      zh: `命名空间前缀 “${prefix}” 未声明（<${name}>）`,
      en: `Namespace prefix "${prefix}" is not declared (<${name}>)`,
    },
  });
  const q = split(name);
  if (q.prefix !== undefined && !scope.has(q.prefix)) return unbound(q.prefix);
  const attributes: XmlAttribute[] = [];
  for (const [k, v] of rawAttributes) {
    const a = split(k);
    if (a.prefix !== undefined && a.prefix !== "xmlns" && !scope.has(a.prefix)) return unbound(a.prefix);
    attributes.push({
      name: k,
      local: a.local,
      ns: a.prefix === undefined || a.prefix === "xmlns" ? "" : scope.get(a.prefix)!,
      value: String(v),
    });
  }
  const children: XmlNode[] = [];
  for (const child of (node[name] as RawNode[]) ?? []) {
    if ("#text" in child) children.push({ type: "text", text: String(child["#text"]), line, col });
    else if ("#cdata" in child) {
      const parts = (child["#cdata"] as RawNode[]) ?? [];
      children.push({ type: "text", text: parts.map((p) => String(p["#text"] ?? "")).join(""), line, col });
    } else if (elementName(child) !== undefined) {
      const built = build(child, source, scope);
      if ("error" in built) return built;
      children.push(built.element);
    }
  }
  return { element: { type: "element", name, local: q.local, ns: scope.get(q.prefix ?? "") ?? "", attributes, children, line, col } };
}

export function childElements(el: XmlElement, local?: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => c.type === "element" && (local === undefined || c.local === local));
}

/** The element and every element below it, in document order. */
export function descendants(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [el];
  for (const c of childElements(el)) out.push(...descendants(c));
  return out;
}

/** An attribute by its qualified name as written (e.g. "resid", "xsi:type"). */
export function attr(el: XmlElement, name: string): string | undefined {
  return el.attributes.find((a) => a.name === name)?.value;
}

/** An attribute by namespace URI and local name, whatever its prefix. */
export function attrNS(el: XmlElement, ns: string, local: string): string | undefined {
  return el.attributes.find((a) => a.ns === ns && a.local === local)?.value;
}

/** The element's own text (its text children joined). */
export function textOf(el: XmlElement): string {
  return el.children.map((c) => (c.type === "text" ? c.text : "")).join("");
}
