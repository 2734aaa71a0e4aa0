/**
 * A minimal, strict XML 1.0 parser for the add-in manifest — enough to prove well-formedness and walk the tree
 * offline, with no dependency. It accepts: an optional BOM and XML declaration, comments, processing instructions,
 * elements with single- or double-quoted attributes, character data, CDATA sections, the five predefined entities
 * and character references. It rejects DOCTYPE (a manifest has none, and refusing it rules out entity expansion),
 * and checks namespace prefixes: every prefixed element or attribute name must use a prefix declared in scope.
 * Errors are values with a line and column, never throws.
 */

export const XML_NS = "http://www.w3.org/XML/1998/namespace";
export const XMLNS_NS = "http://www.w3.org/2000/xmlns/";

export interface XmlAttribute {
  /** Qualified name as written, e.g. xsi:type. */
  readonly name: string;
  readonly local: string;
  /** Namespace URI of a prefixed attribute; "" for an unprefixed one (attributes take no default namespace). */
  readonly ns: string;
  /** Value with entities decoded and whitespace normalised (XML 1.0 §3.3.3). */
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

const NAME_START = "A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD";
// Combining marks (U+0300–U+036F) come first in the class, so no class reads as a base letter plus a combining mark.
const NAME_CHAR = "\\u0300-\\u036F" + NAME_START + "\\-.0-9\\u00B7\\u203F-\\u2040";
/** A name with at most one colon (namespace well-formedness: NCName or prefix:NCName). */
const QNAME = new RegExp(`[${NAME_START}][${NAME_CHAR}]*(?::[${NAME_START}][${NAME_CHAR}]*)?`, "y");
const ANY_NAME = new RegExp(`[:${NAME_START}][${NAME_CHAR}:]*`, "y");
const WS = /[ \t\r\n]*/y;
const PREDEFINED: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Characters XML 1.0 allows in a document (§2.2). */
function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

class SyntaxFailure {
  constructor(
    readonly offset: number,
    readonly zh: string,
    readonly en: string,
  ) {}
}

interface OpenElement {
  readonly name: string;
  readonly offset: number;
  readonly attributes: { name: string; value: string }[];
  readonly children: XmlNode[];
  readonly scope: ReadonlyMap<string, string>;
}

/** Parse a whole document; the result names the first well-formedness error with its line and column. */
export function parseXml(source: string): XmlParseResult {
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const position = (offset: number): { line: number; col: number } => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - lineStarts[lo] + 1 };
  };
  try {
    return { ok: true, root: new Parser(source, position).document() };
  } catch (e) {
    // The parser unwinds with SyntaxFailure only; anything else is a bug and must surface.
    if (!(e instanceof SyntaxFailure)) throw e;
    return { ok: false, error: { ...position(e.offset), zh: e.zh, en: e.en } };
  }
}

class Parser {
  private pos = 0;

  constructor(
    private readonly src: string,
    private readonly position: (offset: number) => { line: number; col: number },
  ) {}

  private fail(zh: string, en: string, offset = this.pos): never {
    throw new SyntaxFailure(offset, zh, en);
  }

  private startsWith(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }

  private skipWs(): boolean {
    WS.lastIndex = this.pos;
    WS.exec(this.src);
    const moved = WS.lastIndex > this.pos;
    this.pos = WS.lastIndex;
    return moved;
  }

  private match(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.src);
    if (!m) return undefined;
    this.pos = re.lastIndex;
    return m[0];
  }

  document(): XmlElement {
    for (let i = 0; i < this.src.length; i++) {
      const cp = this.src.codePointAt(i)!;
      if (cp > 0xffff) i++;
      if (!isXmlChar(cp)) this.fail(`非法字符 U+${cp.toString(16).toUpperCase()}`, `Character U+${cp.toString(16).toUpperCase()} is not allowed in XML`, i);
    }
    if (this.src.charCodeAt(0) === 0xfeff) this.pos = 1;
    if (this.startsWith("<?xml") && /[ \t\r\n?]/.test(this.src.charAt(this.pos + 5))) this.xmlDeclaration();
    this.misc();
    if (this.startsWith("<!DOCTYPE")) this.fail("清单中不允许 DOCTYPE", "DOCTYPE is not allowed in the manifest");
    if (!this.startsWith("<")) {
      this.fail(this.pos >= this.src.length ? "文档为空，缺少根元素" : "根元素之前有文本", this.pos >= this.src.length ? "Empty document: no root element" : "Text before the root element");
    }
    const root = this.element(new Map([["xml", XML_NS]]));
    this.misc();
    if (this.pos < this.src.length) this.fail("根元素之后还有内容（只能有一个根元素）", "Content after the root element (only one root element is allowed)");
    return root;
  }

  private xmlDeclaration(): void {
    const end = this.src.indexOf("?>", this.pos);
    if (end < 0) this.fail("XML 声明没有以 ?> 结束", "XML declaration is not closed with ?>");
    const body = this.src.slice(this.pos + 5, end);
    if (!/^\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*$/.test(body)) {
      this.fail("XML 声明格式错误", "Malformed XML declaration");
    }
    this.pos = end + 2;
  }

  /** Whitespace, comments and processing instructions between top-level items. */
  private misc(): void {
    for (;;) {
      this.skipWs();
      if (this.startsWith("<!--")) this.comment();
      else if (this.startsWith("<?")) this.processingInstruction();
      else return;
    }
  }

  private comment(): void {
    const start = this.pos;
    const end = this.src.indexOf("-->", this.pos + 4);
    if (end < 0) this.fail("注释没有以 --> 结束", "Comment is not closed with -->", start);
    const body = this.src.slice(start + 4, end);
    if (body.includes("--") || body.endsWith("-")) this.fail("注释中不能出现 --", 'A comment must not contain "--"', start);
    this.pos = end + 3;
  }

  private processingInstruction(): void {
    const start = this.pos;
    this.pos += 2;
    const target = this.match(ANY_NAME);
    if (!target) this.fail("处理指令缺少名称", "Processing instruction without a target", start);
    if (target.toLowerCase() === "xml") this.fail("XML 声明只能出现在文档开头", "The XML declaration may only appear at the very start", start);
    const end = this.src.indexOf("?>", this.pos);
    if (end < 0) this.fail("处理指令没有以 ?> 结束", "Processing instruction is not closed with ?>", start);
    this.pos = end + 2;
  }

  private element(parentScope: ReadonlyMap<string, string>): XmlElement {
    const open = this.startTag(parentScope);
    const { line, col } = this.position(open.offset);
    const finish = (): XmlElement => this.resolve(open, line, col);
    if (this.startsWith("/>")) {
      this.pos += 2;
      return finish();
    }
    this.pos += 1; // ">"
    for (;;) {
      if (this.pos >= this.src.length) this.fail(`元素 <${open.name}> 没有结束标记`, `Element <${open.name}> is never closed`, open.offset);
      if (this.startsWith("</")) {
        const closeAt = this.pos;
        this.pos += 2;
        const name = this.match(ANY_NAME);
        this.skipWs();
        if (!name || !this.startsWith(">")) this.fail("结束标记格式错误", "Malformed end tag", closeAt);
        if (name !== open.name) {
          this.fail(`结束标记 </${name}> 与开始标记 <${open.name}>（第 ${line} 行）不匹配`, `End tag </${name}> does not match start tag <${open.name}> (line ${line})`, closeAt);
        }
        this.pos += 1;
        return finish();
      }
      if (this.startsWith("<!--")) this.comment();
      else if (this.startsWith("<![CDATA[")) {
        const start = this.pos;
        const end = this.src.indexOf("]]>", start + 9);
        if (end < 0) this.fail("CDATA 段没有以 ]]> 结束", "CDATA section is not closed with ]]>", start);
        open.children.push({ type: "text", text: this.src.slice(start + 9, end), ...this.position(start) });
        this.pos = end + 3;
      } else if (this.startsWith("<!")) this.fail("此处不允许 <! 声明", "Declaration <! is not allowed here");
      else if (this.startsWith("<?")) this.processingInstruction();
      else if (this.startsWith("<")) open.children.push(this.element(open.scope));
      else {
        const start = this.pos;
        const end = this.src.indexOf("<", start);
        const raw = this.src.slice(start, end < 0 ? this.src.length : end);
        const cdataEnd = raw.indexOf("]]>");
        if (cdataEnd >= 0) this.fail("文本中不能出现 ]]>", 'Character data must not contain "]]>"', start + cdataEnd);
        open.children.push({ type: "text", text: this.decode(raw, start), ...this.position(start) });
        this.pos = start + raw.length;
      }
    }
  }

  /** Reads `<name attr="v" …` and stops before `>` or `/>`. */
  private startTag(parentScope: ReadonlyMap<string, string>): OpenElement {
    const offset = this.pos;
    this.pos += 1;
    const name = this.match(QNAME);
    if (!name) this.fail("< 之后应为元素名", "Expected an element name after <");
    const attributes: { name: string; value: string }[] = [];
    for (;;) {
      const hadWs = this.skipWs();
      if (this.startsWith("/>") || this.startsWith(">")) break;
      if (this.pos >= this.src.length) this.fail(`开始标记 <${name}> 没有结束`, `Start tag <${name}> is not closed`, offset);
      if (!hadWs) this.fail(`元素 <${name}> 的属性之间缺少空白`, `Attributes of <${name}> must be separated by whitespace`);
      const attrAt = this.pos;
      const attrName = this.match(QNAME);
      if (!attrName) this.fail(`元素 <${name}> 中的属性名无效`, `Invalid attribute name in <${name}>`);
      if (attributes.some((a) => a.name === attrName)) this.fail(`元素 <${name}> 的属性 ${attrName} 重复`, `Attribute ${attrName} is repeated on <${name}>`, attrAt);
      this.skipWs();
      if (!this.startsWith("=")) this.fail(`属性 ${attrName} 缺少 =`, `Attribute ${attrName} has no "="`);
      this.pos += 1;
      this.skipWs();
      const quote = this.src.charAt(this.pos);
      if (quote !== '"' && quote !== "'") this.fail(`属性 ${attrName} 的值必须用引号括起`, `The value of ${attrName} must be quoted`);
      const valueStart = this.pos + 1;
      const end = this.src.indexOf(quote, valueStart);
      if (end < 0) this.fail(`属性 ${attrName} 的值没有结束引号`, `The value of ${attrName} has no closing quote`, attrAt);
      const raw = this.src.slice(valueStart, end);
      const lt = raw.indexOf("<");
      if (lt >= 0) this.fail(`属性 ${attrName} 的值中不能出现 <`, `"<" is not allowed in the value of ${attrName}`, valueStart + lt);
      attributes.push({ name: attrName, value: this.decode(raw.replace(/[\t\r\n]/g, " "), valueStart) });
      this.pos = end + 1;
    }
    const scope = new Map(parentScope);
    for (const a of attributes) {
      if (a.name === "xmlns") scope.set("", a.value);
      else if (a.name.startsWith("xmlns:")) {
        const prefix = a.name.slice(6);
        if (a.value === "") this.fail(`命名空间前缀 ${prefix} 不能绑定到空值`, `Namespace prefix ${prefix} cannot be bound to an empty URI`, offset);
        scope.set(prefix, a.value);
      }
    }
    return { name, offset, attributes, children: [], scope };
  }

  private resolve(open: OpenElement, line: number, col: number): XmlElement {
    const split = (qname: string, isAttribute: boolean): { local: string; ns: string } => {
      const colon = qname.indexOf(":");
      if (colon < 0) return { local: qname, ns: isAttribute ? "" : (open.scope.get("") ?? "") };
      const prefix = qname.slice(0, colon);
      if (prefix === "xmlns") return { local: qname.slice(colon + 1), ns: XMLNS_NS };
      const ns = open.scope.get(prefix);
      if (ns === undefined) this.fail(`命名空间前缀 ${prefix}: 未声明（${qname}）`, `Namespace prefix ${prefix}: is not declared (${qname})`, open.offset);
      return { local: qname.slice(colon + 1), ns };
    };
    const attributes = open.attributes.map((a) => ({ name: a.name, value: a.value, ...split(a.name, true) }));
    for (let i = 0; i < attributes.length; i++) {
      for (let j = i + 1; j < attributes.length; j++) {
        if (attributes[i].ns !== "" && attributes[i].ns === attributes[j].ns && attributes[i].local === attributes[j].local) {
          this.fail(`元素 <${open.name}> 上的属性 ${attributes[j].name} 与 ${attributes[i].name} 重复`, `Attributes ${attributes[i].name} and ${attributes[j].name} on <${open.name}> are the same`, open.offset);
        }
      }
    }
    return { type: "element", name: open.name, ...split(open.name, false), attributes, children: open.children, line, col };
  }

  /** Replaces entity and character references; `&` must start a valid one. */
  private decode(raw: string, offset: number): string {
    if (!raw.includes("&")) return raw;
    return raw.replace(/&([^;&<\s]*);?/g, (whole, body: string, at: number) => {
      const where = offset + at;
      if (!whole.endsWith(";")) this.fail("& 必须写成 &amp; 或有效的实体引用", 'A bare "&" must be written &amp; (or be a valid reference)', where);
      if (body in PREDEFINED) return PREDEFINED[body];
      const m = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(body);
      if (m) {
        const cp = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2], 10);
        if (isXmlChar(cp)) return String.fromCodePoint(cp);
        this.fail(`字符引用 &${body}; 不是合法的 XML 字符`, `Character reference &${body}; is not a legal XML character`, where);
      }
      return this.fail(`未定义的实体 &${body};`, `Undefined entity &${body};`, where);
    });
  }
}

/** Child elements, optionally only those with a given local name. */
export function childElements(el: XmlElement, local?: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => c.type === "element" && (local === undefined || c.local === local));
}

/** Every element below (and including) `el`, in document order. */
export function descendants(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    out.push(e);
    for (const c of e.children) if (c.type === "element") walk(c);
  };
  walk(el);
  return out;
}

/** Value of an attribute by qualified name as written (unprefixed names in a manifest: DefaultValue, resid, id …). */
export function attr(el: XmlElement, name: string): string | undefined {
  return el.attributes.find((a) => a.name === name)?.value;
}

/** Value of an attribute by namespace URI and local name (xsi:type whatever the prefix). */
export function attrNS(el: XmlElement, ns: string, local: string): string | undefined {
  return el.attributes.find((a) => a.ns === ns && a.local === local)?.value;
}

/** Concatenated character data directly inside an element. */
export function textOf(el: XmlElement): string {
  return el.children.map((c) => (c.type === "text" ? c.text : "")).join("");
}
