/*
 * Pure string work on the XML of an .xlsx package (no parser, no host API, no Node): entity decoding and
 * escaping, attributes, elements, the text of string items. Shared by `shanty recalc` (src/cli/recalc) and the
 * host-neutral portable converter (src/workbook/portable/package.ts).
 */

/**
 * A number as a cell's <v> holds it (xsd:double), white space around allowed; INF and NaN are not finite and are not
 * taken as numbers. Anything else — "1,234", "0x10", "1e" — is no number (parseFloat would read its leading digits).
 */
export const XSD_DOUBLE = /^[ \t\r\n]*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[ \t\r\n]*$/;

/** XML entities and OOXML's _xHHHH_ escapes → text. */
export function xmlText(s: string): string {
  if (s.indexOf("&") < 0 && s.indexOf("_x") < 0 && s.indexOf("\r") < 0) return s;
  return s
    .replace(/\r\n?/g, "\n") // XML end-of-line handling: a raw CR or CRLF is read as LF (&#13; stays a CR)
    .replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (m, e: string) => {
      if (e === "lt") return "<";
      if (e === "gt") return ">";
      if (e === "amp") return "&";
      if (e === "quot") return '"';
      if (e === "apos") return "'";
      const code = e.startsWith("#x") ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    })
    .replace(/_x([0-9a-fA-F]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Characters XML 1.0 forbids in content: written as OOXML _xHHHH_ escapes. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Text → XML element content (and attribute values). Characters XML 1.0 forbids are written as OOXML escapes. */
export function escapeXml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/_(x[0-9a-fA-F]{4}_)/g, "_x005F_$1")
    .replace(XML_FORBIDDEN, (c) => `_x${c.charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}_`);
}

/** The attributes of an opening tag's text (` r="A1" t="s"`), by local name (prefixes dropped). */
export function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const local = m[1].includes(":") && !m[1].startsWith("xml:") ? m[1].slice(m[1].indexOf(":") + 1) : m[1];
    out[local] = xmlText(m[2] ?? m[3] ?? "");
  }
  return out;
}

/** Every element `<name …>…</name>` or `<name …/>` (any prefix) in a piece of XML: its attributes and inner text. */
export function elements(xml: string, name: string): { attrs: Record<string, string>; inner: string }[] {
  const re = new RegExp(`<(?:[\\w.-]+:)?${name}(?=[\\s/>])([^>]*?)(/?)>`, "g");
  const out: { attrs: Record<string, string>; inner: string }[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) {
    let inner = "";
    if (m[2] !== "/") {
      const close = new RegExp(`</(?:[\\w.-]+:)?${name}\\s*>`, "g");
      close.lastIndex = re.lastIndex;
      const c = close.exec(xml);
      inner = c ? xml.slice(re.lastIndex, c.index) : "";
      if (c) re.lastIndex = close.lastIndex;
    }
    out.push({ attrs: attributes(m[1]), inner });
  }
  return out;
}

/** The text of a rich or plain string item: its <t> runs, without phonetic (<rPh>) runs. */
export function runText(inner: string): string {
  const body = inner.replace(/<(?:[\w.-]+:)?rPh\b[\s\S]*?<\/(?:[\w.-]+:)?rPh>/g, "");
  let text = "";
  for (const m of body.matchAll(/<(?:[\w.-]+:)?t(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?t>)/g)) text += contentText(m[1] ?? "");
  return text;
}

/** Element content: entities read, CDATA sections taken as they are (no entities in them), _xHHHH_ escapes read in both. */
function contentText(s: string): string {
  if (s.indexOf("<![CDATA[") < 0) return xmlText(s);
  let out = "";
  for (const piece of s.split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)) {
    if (!piece.startsWith("<![CDATA[")) out += xmlText(piece);
    // "&" written as &amp; so that xmlText reads only the end-of-line and _xHHHH_ escapes of the section
    else out += xmlText(piece.slice(9, -3).replace(/&/g, "&amp;"));
  }
  return out;
}
