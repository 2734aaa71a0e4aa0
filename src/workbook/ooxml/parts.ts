import { elements } from "./xml";

/*
 * Part names and relationships of an .xlsx package (OPC), as pure string work: no Node `path`, so the task
 * pane can use it on the package Office.js hands over. src/cli/package.ts and src/cli/recalc re-export these.
 */

/** POSIX dirname of a part name: "xl/worksheets/sheet1.xml" → "xl/worksheets"; "a.xml" → ".". */
function dirname(p: string): string {
  const s = p.length > 1 ? p.replace(/\/+$/, "") : p;
  const i = s.lastIndexOf("/");
  if (i < 0) return ".";
  if (i === 0) return "/";
  return s.slice(0, i);
}

function basename(p: string): string {
  const s = p.replace(/\/+$/, "");
  return s.slice(s.lastIndexOf("/") + 1);
}

/** POSIX path normalisation ("a/./b/../c" → "a/c"), as Node's path.posix.normalize. */
function normalize(p: string): string {
  if (p === "") return ".";
  const absolute = p.startsWith("/");
  const out: string[] = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!absolute) out.push("..");
      continue;
    }
    out.push(seg);
  }
  let r = out.join("/");
  if (r === "" && !absolute) r = ".";
  if (p.endsWith("/") && r !== "") r += "/";
  return absolute ? `/${r}` : r;
}

/** Resolve a relationship target against its source part (OPC): "/xl/a.xml" absolute, otherwise relative to the source's folder. */
export function resolveTarget(source: string, target: string): string {
  let t = target.trim();
  try {
    t = decodeURIComponent(t);
  } catch {
    /* keep it as written */
  }
  const joined = t.startsWith("/") ? t.slice(1) : normalize(t === "" ? dirname(source) : `${dirname(source)}/${t}`);
  return normalize(joined).replace(/^(\.\/)+/, "");
}

/** The .rels part of a part: "xl/worksheets/sheet1.xml" → "xl/worksheets/_rels/sheet1.xml.rels". */
export function relsOf(part: string): string {
  const dir = dirname(part);
  return `${dir === "." ? "" : `${dir}/`}_rels/${basename(part)}.rels`;
}

/** A target for a relationship from `source` to the part `target` (both part names): relative to the source's folder. */
export function relativeTarget(source: string, target: string): string {
  const from = dirname(source)
    .split("/")
    .filter((s) => s !== "" && s !== ".");
  const to = target.split("/");
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  return [...from.slice(common).map(() => ".."), ...to.slice(common)].join("/");
}

/** The name a part has in the package (some writers differ in the case of part names), or undefined. */
export function partName(parts: ReadonlyMap<string, unknown>, name: string): string | undefined {
  if (parts.has(name)) return name;
  const lower = name.toLowerCase();
  for (const k of parts.keys()) if (k.toLowerCase() === lower) return k;
  return undefined;
}

export interface Relationship {
  readonly type: string;
  /** The target resolved to a part name (as written when external). */
  readonly target: string;
  readonly external: boolean;
}

/** The relationships of a .rels part's XML (of the part `source`): id → type, target (resolved), external. */
export function relationshipsIn(relsXml: string | undefined, source: string): Map<string, Relationship> {
  const out = new Map<string, Relationship>();
  if (relsXml === undefined) return out;
  for (const { attrs } of elements(relsXml, "Relationship")) {
    const external = attrs.TargetMode === "External";
    out.set(attrs.Id, { type: attrs.Type ?? "", target: external ? attrs.Target : resolveTarget(source, attrs.Target ?? ""), external });
  }
  return out;
}
