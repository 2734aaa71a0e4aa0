import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { MESSAGES } from "../../src/engine/messages";

/*
 * The one catalogue of user-facing messages (src/engine/messages): every entry is well formed, every
 * `fail("code", …)` / `new DomainError("code", …)` in src/ uses a code it has and supplies the placeholders
 * its message needs, and no other file builds the text of an Excel or HyperFormula error by itself.
 */

const ROOT = join(__dirname, "..", "..");
const SRC = join(ROOT, "src");
const HAN = /\p{Script=Han}/u;
const KINDS = new Set(["VALUE", "NA", "NUM", "DIV0"]);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(name) && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

const FILES = sourceFiles(SRC).map((path) => ({ path, rel: relative(ROOT, path).split(sep).join("/"), text: readFileSync(path, "utf8") }));
const ENTRIES = Object.entries(MESSAGES) as [string, { kind: string; zh: string; en: string }][];

function placeholders(template: string): Set<string> {
  return new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split("\n").length;
}

/** The text between the bracket at `open` and its partner; strings and template literals are skipped. */
function balanced(text: string, open: number): string | undefined {
  const close = { "(": ")", "{": "}", "[": "]" }[text[open]];
  if (!close) return undefined;
  const stack: string[] = [close];
  for (let i = open + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'" || ch === "`") {
      for (i++; i < text.length && text[i] !== ch; i++) if (text[i] === "\\") i++;
      continue;
    }
    if (ch === "(" || ch === "{" || ch === "[") stack.push({ "(": ")", "{": "}", "[": "]" }[ch]!);
    else if (ch === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return text.slice(open + 1, i);
    }
  }
  return undefined;
}

/** Top-level keys of an object literal's body (`arg: x`, shorthand `arg`, `"arg": x`); undefined if it spreads. */
function literalKeys(body: string): Set<string> | undefined {
  const keys = new Set<string>();
  let depth = 0;
  let start = 0;
  const parts: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '"' || ch === "'" || ch === "`") {
      for (i++; i < body.length && body[i] !== ch; i++) if (body[i] === "\\") i++;
      continue;
    }
    if ("({[".includes(ch)) depth++;
    else if (")}]".includes(ch)) depth--;
    else if (ch === "," && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) continue;
    if (part.startsWith("...")) return undefined;
    const m = /^["']?(\w+)["']?\s*(:|$)/.exec(part);
    if (m) keys.add(m[1]);
  }
  return keys;
}

interface CallSite {
  readonly file: string;
  readonly line: number;
  readonly code: string | undefined;
  /** Keys of the params literal; undefined when params are not an object literal (variable, spread). */
  readonly keys: Set<string> | undefined;
  readonly source: string;
}

/** Every call of the catalogue's `fail(` (not a method `x.fail(`) and every `new DomainError(`. */
const CALL_SITES: CallSite[] = FILES.flatMap(({ rel, text }) => {
  const sites: CallSite[] = [];
  for (const m of text.matchAll(/(?<![\w.$])(?:new\s+DomainError|fail)\s*\(/g)) {
    const before = text.slice(Math.max(0, m.index - 30), m.index);
    if (/(function|private|public|protected|static)\s+$/.test(before)) continue; // a declaration, not a call
    const open = m.index + m[0].length - 1;
    const args = balanced(text, open) ?? "";
    const code = /^\s*"(\w+)"/.exec(args)?.[1];
    let keys: Set<string> | undefined = new Set();
    const rest = code ? args.slice(args.indexOf(`"${code}"`) + code.length + 2).replace(/^\s*,?\s*/, "") : "";
    if (rest.startsWith("{")) keys = literalKeys(balanced(rest, 0) ?? "");
    else if (rest.trim() !== "") keys = undefined;
    sites.push({ file: rel, line: lineOf(text, m.index), code, keys, source: `${m[0]}${args})`.replace(/\s+/g, " ").slice(0, 160) });
  }
  return sites;
});

/**
 * The only calls with a computed code: the catalogue's own constructor helper. Anything else would escape the
 * checks below (TypeScript still types the code as MessageCode, but the placeholders cannot be checked).
 */
const COMPUTED_CODE_ALLOWED = [{ file: "src/engine/errors.ts", source: "new DomainError(code, params)" }];

describe("the message catalogue (src/engine/messages)", () => {
  it("has entries", () => {
    expect(ENTRIES.length).toBeGreaterThan(0);
  });

  it.each(ENTRIES)("%s has a kind in VALUE/NA/NUM/DIV0, a Chinese message and an English one with the same placeholders", (code, entry) => {
    expect(KINDS.has(entry.kind)).toBe(true);
    expect(entry.zh.trim()).not.toBe("");
    expect(HAN.test(entry.zh)).toBe(true);
    expect(entry.en.trim()).not.toBe("");
    expect([...placeholders(entry.en)].sort()).toEqual([...placeholders(entry.zh)].sort());
    expect(code).toMatch(/^\w+$/);
  });

  it("is scanned from every fail(...) and new DomainError(...) in src/", () => {
    expect(CALL_SITES.filter((s) => s.code).length).toBeGreaterThan(20);
  });

  it('every fail("code") and new DomainError("code") call site in src/ uses a code that exists in MESSAGES', () => {
    const unknown = CALL_SITES.filter((s) => s.code && !(s.code in MESSAGES)).map((s) => `${s.file}:${s.line} ${s.code}`);
    expect(unknown).toEqual([]);
  });

  it("no call site computes its code, except the catalogue's own helper", () => {
    const computed = CALL_SITES.filter((s) => !s.code)
      .filter((s) => !COMPUTED_CODE_ALLOWED.some((a) => a.file === s.file && s.source.startsWith(a.source)))
      .map((s) => `${s.file}:${s.line} ${s.source}`);
    expect(computed).toEqual([]);
  });

  it("every message that concerns an argument contains {arg} (a call site passing `arg` gets a message that shows it)", () => {
    const bad = CALL_SITES.filter((s) => s.code && s.code in MESSAGES && s.keys?.has("arg"))
      .filter(
        (s) =>
          !MESSAGES[s.code as keyof typeof MESSAGES].zh.includes("{arg}") ||
          !MESSAGES[s.code as keyof typeof MESSAGES].en.includes("{arg}"),
      )
      .map((s) => `${s.file}:${s.line} ${s.code} passes arg, but its message has no {arg}`);
    expect(bad).toEqual([]);
  });

  it("every call site supplies each placeholder its message needs (no “{arg}” left in a cell)", () => {
    const bad: string[] = [];
    for (const s of CALL_SITES) {
      if (!s.code || !(s.code in MESSAGES) || s.keys === undefined) continue;
      const needed = placeholders(MESSAGES[s.code as keyof typeof MESSAGES].zh);
      for (const key of needed) if (!s.keys.has(key)) bad.push(`${s.file}:${s.line} ${s.code} lacks {${key}}: ${s.source}`);
    }
    expect(bad).toEqual([]);
  });
});

/**
 * Where a host error (CustomFunctions.Error in Excel, CellError in HyperFormula) is made with a text that does
 * not come from the catalogue. Each exception is a host-side condition that has no DomainError behind it:
 */
const HOST_TEXT_ALLOWED = [
  {
    // excelResult for an id the registry does not know: only a stale generated adapter can cause it (a build
    // mistake, not a user's input), and there is no function — hence no argument labels — to render with.
    file: "src/functions/runtime.ts",
    contains: "未知函数",
  },
  {
    // HyperFormula reserves the spill area before evaluating; a result larger than the function's own spill()
    // announced is a registry inconsistency found only by this host, after the DomainError path has run.
    file: "src/cli/hfPlugin.ts",
    contains: "结果超出预计的",
  },
  {
    // Excel's own AND/OR (ExcelLogicPlugin replaces HyperFormula's): errors of a native function, not of a SHANTY one.
    file: "src/cli/hfPlugin.ts",
    contains: "AND/OR: ",
  },
  {
    // The same plugin's arity error, in HyperFormula's own words, which recalc/messages.ts translates like HyperFormula's.
    file: "src/cli/hfPlugin.ts",
    contains: '"Wrong number of arguments."',
  },
];

describe("host errors are rendered from the catalogue", () => {
  // Exported functions of any src/ file whose body renders a DomainError (e.g. runtime.ts's messageOf,
  // shantyHost.ts's shantyMessage, which hfPlugin.ts imports).
  const renderers = FILES.flatMap(({ text }) =>
    [...text.matchAll(/function\s+(\w+)\s*\([^)]*\)[^{]*\{/g)]
      .filter((f) => (balanced(text, f.index + f[0].length - 1) ?? "").includes(".render("))
      .map((f) => f[1]),
  );
  const sites = FILES.flatMap(({ rel, text }) =>
    [...text.matchAll(/new\s+(CustomFunctions\.Error|CellError)\s*\(/g)].map((m) => {
      const args = balanced(text, m.index + m[0].length - 1) ?? "";
      const fedByRender = args.includes(".render(") || renderers.some((name) => new RegExp(`\\b${name}\\s*\\(`).test(args));
      return { file: rel, line: lineOf(text, m.index), args: args.replace(/\s+/g, " "), fedByRender };
    }),
  );

  it("finds the host error constructors of runtime.ts and hfPlugin.ts", () => {
    expect(sites.some((s) => s.file === "src/functions/runtime.ts")).toBe(true);
    expect(sites.some((s) => s.file === "src/cli/hfPlugin.ts")).toBe(true);
  });

  it("no src/ file outside src/engine/messages builds the message of a CustomFunctions.Error or CellError other than via render(), except the allow-listed host conditions", () => {
    const own = sites
      .filter((s) => !s.file.startsWith("src/engine/messages/"))
      .filter((s) => !s.fedByRender)
      .filter((s) => !HOST_TEXT_ALLOWED.some((a) => a.file === s.file && s.args.includes(a.contains)))
      .map((s) => `${s.file}:${s.line} new …(${s.args})`);
    expect(own).toEqual([]);
  });

  it("every allow-listed exception still exists (the list does not rot)", () => {
    for (const a of HOST_TEXT_ALLOWED) expect(sites.some((s) => s.file === a.file && s.args.includes(a.contains))).toBe(true);
  });
});
