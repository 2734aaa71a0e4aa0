import { Dec, MAX_MAGNITUDE, MAX_RESULT } from "../../engine/decimal";
import { DomainError } from "../../engine/errors";
import { INVESTOR_ALIASES } from "../../engine/investor";
import { coerceArg, type RawArg } from "../../registry/coerce";
import { getFunction } from "../../registry/index";
import { NATIVE } from "../../registry/native/index";
import type { FunctionSpec, ParamSpec } from "../../registry/types";

/*
 * SHANTY formula → native formula, host-neutral (text in, text out; no Office.js, no ExcelJS). Formulas are
 * written without the leading "=", as workbook files store them. A formula converts when every SHANTY call in
 * it has a native declaration (src/registry/native) and every argument can be read natively; otherwise the
 * caller keeps the computed value and records the original formula (see convert.ts).
 */

export type Translation =
  | { readonly ok: true; readonly formula: string; readonly functions: readonly string[] }
  | { readonly ok: false; readonly reason: string; readonly functions: readonly string[] };

/** How a workbook may spell a SHANTY call: typed, as Excel stores a JavaScript custom function, or as _xludf. */
const CALL = /(?:_xldudf_SHANTY_|_xludf\.SHANTY\.|SHANTY\.)([A-Za-z][A-Za-z0-9]*)\s*\(/iy;
const NAME_CHAR = /[\p{L}\p{N}_.\\]/u;

/** True if the formula text calls a SHANTY function (outside string literals). */
export function hasShantyCall(formula: string): boolean {
  let found = false;
  walk(formula, () => {
    found = true;
    return undefined;
  });
  return found;
}

/** Translate every SHANTY call of a formula into its native equivalent. */
export function toNativeFormula(formula: string): Translation {
  const functions: string[] = [];
  let failure: string | undefined;
  const out = walk(formula, (id, args) => {
    functions.push(id);
    if (failure) return undefined;
    const translatedArgs: string[] = [];
    for (const arg of args) {
      const inner = toNativeFormula(arg);
      functions.push(...inner.functions);
      if (!inner.ok) {
        failure = inner.reason;
        return undefined;
      }
      translatedArgs.push(inner.formula);
    }
    const native = nativeCall(id, translatedArgs);
    if (typeof native !== "string") failure = native.reason;
    return typeof native === "string" ? native : undefined;
  });
  if (failure !== undefined) return { ok: false, reason: failure, functions: unique(functions) };
  // Excel's limits: 8,192 characters and 64 levels of nested functions in one formula.
  if (out.length > MAX_FORMULA_LENGTH) {
    return {
      ok: false,
      reason: `原生公式过长（${out.length} 个字符，Excel 上限 8192）(native formula too long for Excel)`,
      functions: unique(functions),
    };
  }
  if (nesting(out) > MAX_NESTING) {
    return {
      ok: false,
      reason: `原生公式嵌套超过 ${MAX_NESTING} 层 (native formula nested deeper than Excel allows)`,
      functions: unique(functions),
    };
  }
  return { ok: true, formula: out, functions: unique(functions) };
}

const MAX_FORMULA_LENGTH = 8192;
const MAX_NESTING = 64;

/** Deepest level of parentheses outside string literals and quoted names. */
function nesting(formula: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < formula.length; i++) {
    const ch = formula[i];
    if (ch === '"' || ch === "'") i = quotedEnd(formula, i) - 1;
    else if (ch === "(") max = Math.max(max, ++depth);
    else if (ch === ")") depth--;
  }
  return max;
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/**
 * Copy `formula`, handing every top-level SHANTY call (id upper-case, argument texts) to `onCall`; its result
 * replaces the call's text (undefined keeps the call as written).
 */
function walk(formula: string, onCall: (id: string, args: string[]) => string | undefined): string {
  let out = "";
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i];
    if (ch === '"' || ch === "'") {
      const end = quotedEnd(formula, i);
      out += formula.slice(i, end);
      i = end;
      continue;
    }
    if (i === 0 || !NAME_CHAR.test(formula[i - 1])) {
      CALL.lastIndex = i;
      const m = CALL.exec(formula);
      if (m) {
        const parsed = splitArgs(formula, CALL.lastIndex);
        if (parsed) {
          const replacement = onCall(m[1].toUpperCase(), parsed.args);
          out += replacement ?? formula.slice(i, parsed.end);
          i = parsed.end;
          continue;
        }
      }
    }
    out += ch;
    i++;
  }
  return out;
}

/** Index just past a quoted string or quoted sheet name starting at `start` (the quote is doubled inside). */
function quotedEnd(s: string, start: number): number {
  const q = s[start];
  let j = start + 1;
  while (j < s.length) {
    if (s[j] === q) {
      if (s[j + 1] === q) j += 2;
      else return j + 1;
    } else j++;
  }
  return s.length;
}

/** The comma-separated arguments from `start` (just after "(") to the matching ")"; undefined if unbalanced. */
function splitArgs(s: string, start: number): { args: string[]; end: number } | undefined {
  const args: string[] = [];
  let depth = 0;
  let from = start;
  let i = start;
  while (i < s.length) {
    const ch = s[i];
    if (ch === '"' || ch === "'") {
      i = quotedEnd(s, i);
      continue;
    }
    if (ch === "(" || ch === "{" || ch === "[") depth++;
    else if (ch === "}" || ch === "]") depth--;
    else if (ch === ")") {
      if (depth === 0) {
        const last = s.slice(from, i);
        if (args.length > 0 || last.trim() !== "") args.push(last);
        return { args: args.map((a) => a.trim()), end: i + 1 };
      }
      depth--;
    } else if (ch === "," && depth === 0) {
      args.push(s.slice(from, i));
      from = i + 1;
    }
    i++;
  }
  return undefined;
}

// ---------- one call ----------

const NUMBER_LITERAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const STRING_LITERAL = /^"(?:[^"]|"")*"$/;

/** The literal value of an argument text, or undefined when it is an expression (reference, name, call …). */
function literalOf(text: string): { value: RawArg } | undefined {
  if (text === "") return { value: null };
  if (NUMBER_LITERAL.test(text)) return { value: Number(text) };
  if (STRING_LITERAL.test(text)) return { value: text.slice(1, -1).replace(/""/g, '"') };
  if (/^TRUE(?:\(\))?$/i.test(text)) return { value: true };
  if (/^FALSE(?:\(\))?$/i.test(text)) return { value: false };
  return undefined;
}

const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;

function numberText(d: Dec | number): string {
  const s = typeof d === "number" ? String(d) : d.toString();
  return s.replace("e", "E");
}

/** A literal argument, read exactly as the engine reads it, as a native literal. */
function literalNative(spec: ParamSpec, coerced: unknown): string | undefined {
  switch (spec.kind) {
    case "decimal":
      return numberText(coerced as Dec);
    case "integer":
      return numberText(coerced as number);
    case "boolean":
      return coerced ? "TRUE()" : "FALSE()";
    case "investor":
      return coerced === "private" ? "TRUE()" : "FALSE()";
    default:
      return undefined;
  }
}

/** Aliases of an investor type as a native array constant (normalised spellings; MATCH ignores case). */
function aliasArray(investor: "private" | "government"): string {
  const names = [...INVESTOR_ALIASES].filter(([, v]) => v === investor).map(([k]) => quote(k));
  return `{${names.join(",")}}`;
}

/** Native reading of a non-literal argument, plus the guards its declaration implies. */
function expressionNative(spec: ParamSpec, x: string, omitted?: string): { expr: string; guards: string[] } | undefined {
  const blank = `(${x})&""=""`;
  const bounds = (v: string): string[] => {
    const g = [`ABS(${v})>=${numberText(MAX_MAGNITUDE)}`];
    if (spec.share) g.push(`${v}<0`, `${v}>1`);
    if (spec.min !== undefined) g.push(`${v}<${spec.min}`);
    if (spec.above !== undefined) g.push(`${v}<=${spec.above}`);
    if (spec.max !== undefined) g.push(`${v}>${spec.max}`);
    if (spec.kind === "integer") g.push(`${v}<>INT(${v})`);
    return g;
  };
  switch (spec.kind) {
    case "decimal":
    case "integer": {
      // +0 turns text into #VALUE! (MIN/MAX would skip a text cell silently); a blank optional takes its default.
      const expr =
        spec.default !== undefined && typeof spec.default === "number" ? `IF(${blank},${numberText(spec.default)},(${x})+0)` : `((${x})+0)`;
      return { expr, guards: bounds(expr) };
    }
    case "boolean": {
      const fallback = typeof spec.default === "boolean" ? (spec.default ? "TRUE()" : "FALSE()") : (omitted ?? "NA()");
      return {
        expr: `IF(${blank},${fallback},IF(OR((${x})=TRUE(),(${x})=1),TRUE(),IF(OR((${x})=FALSE(),(${x})=0),FALSE(),NA())))`,
        guards: [],
      };
    }
    case "investor": {
      const key = `SUBSTITUTE(TRIM(${x})," ","")`;
      const fallback = spec.default !== undefined ? `ISNUMBER(MATCH(${quote(String(spec.default))},${aliasArray("private")},0))` : "NA()";
      return {
        expr: `IF(${blank},${fallback},IF(ISNUMBER(MATCH(${key},${aliasArray("private")},0)),TRUE(),IF(ISNUMBER(MATCH(${key},${aliasArray("government")},0)),FALSE(),NA())))`,
        guards: [],
      };
    }
    case "decimals": {
      // Text or TRUE/FALSE in a numeric range is an error in the engine; SUM would skip it.
      const g = [`COUNTA(${x})<>COUNT(${x})`, `SUMPRODUCT(--(ABS(${x})>=${numberText(MAX_MAGNITUDE)}))>0`];
      if (spec.min !== undefined) g.push(`SUMPRODUCT(--(${x}<${spec.min}))>0`);
      if (spec.share) g.push(`SUMPRODUCT(--(${x}<0))+SUMPRODUCT(--(${x}>1))>0`);
      return { expr: x, guards: g };
    }
    default:
      return undefined;
  }
}

/** One SHANTY call with translated argument texts → its native text, or why it has none. */
export function nativeCall(id: string, argTexts: readonly string[]): string | { reason: string } {
  const spec: FunctionSpec | undefined = getFunction(id);
  if (!spec) return { reason: `未知函数 SHANTY.${id} (unknown function)` };
  const native = NATIVE[id];
  if (!native) return { reason: `SHANTY.${id} 没有等价的原生公式 (no native equivalent)` };
  if (argTexts.length > spec.params.length) return { reason: `SHANTY.${id} 参数过多 (too many arguments)` };
  const args: Record<string, string> = {};
  const guards: string[] = [];
  for (let i = 0; i < spec.params.length; i++) {
    const p = spec.params[i];
    const text = argTexts[i] ?? "";
    const literal = literalOf(text);
    if (literal) {
      if (Array.isArray(literal.value)) return { reason: `SHANTY.${id}: ${p.name}` };
      if (p.kind === "decimals") {
        if (literal.value === null) return { reason: `SHANTY.${id}: ${p.name} 缺失 (missing)` };
        args[p.name] = text;
        continue;
      }
      const coerced = coerceArg(p, literal.value);
      if (coerced instanceof DomainError) return { reason: `SHANTY.${id}: ${coerced.render().zh} (${coerced.render().en})` };
      if (coerced === undefined) {
        const fallback = native.omitted?.[p.name];
        if (!fallback) return { reason: `SHANTY.${id}: ${p.name} 省略时没有原生形式 (left out, no native form)` };
        args[p.name] = fallback(args);
        continue;
      }
      const v = literalNative(p, coerced);
      if (v === undefined) return { reason: `SHANTY.${id}: ${p.name} (${p.kind})` };
      args[p.name] = v;
      continue;
    }
    const omitted = p.optional && p.default === undefined ? native.omitted?.[p.name]?.(args) : undefined;
    const read = expressionNative(p, text, omitted);
    if (!read) return { reason: `SHANTY.${id}: ${p.name} (${p.kind}) 无原生读法 (no native reading)` };
    args[p.name] = read.expr;
    guards.push(...read.guards);
  }
  // Correct by construction: a declaration that does not read every argument (e.g. one appended to the
  // catalogue after it was written) must not silently drop it.
  const used = new Set<string>();
  const tracked = new Proxy(args, { get: (target, key: string) => (used.add(key), target[key]) });
  const body = native.body(tracked);
  const unread = spec.params.filter((p) => !used.has(p.name)).map((p) => p.name);
  if (unread.length) return { reason: `SHANTY.${id} 的原生形式未包含参数 ${unread.join(", ")} (native form does not cover them)` };
  if (body === undefined) return { reason: `SHANTY.${id}: 此参数组合没有原生形式 (no native form for these arguments)` };
  guards.push(...(native.errorIf?.(args) ?? []));
  // The engine refuses a number it cannot show to the fen (|result| ≥ MAX_RESULT): so does the native form.
  const result = spec.returns.kind === "number" ? `IF(ABS(${body})>=${numberText(MAX_RESULT)},NA(),${body})` : body;
  return guards.length ? `IF(OR(${guards.join(",")}),NA(),${result})` : result;
}
