/**
 * Help pages, derived from the function registry: one standalone HTML5 page per SHANTY function and an index
 * grouped by family (SupportUrl and the GetStarted LearnMore link of the manifest point at index.html).
 * Chinese first, English below. Pure: registry specs in, HTML strings out; scripts/gen-help.ts writes the files.
 *
 * Security: every piece of text is HTML-escaped, pages carry a strict Content-Security-Policy (no scripts at all,
 * styles only from the shared help.css next to the pages), and there is no inline script or style.
 */
import type { EvalOutcome } from "../cli/evaluate";
import type { Family, FunctionSpec, ParamKind, ParamSpec } from "../registry/types";
import type { FunctionHelp, HelpExample } from "./text";

/** Namespace shown in every formula (equals NAMESPACE of src/registry/index.ts; kept here so this module stays pure). */
const NS = "SHANTY";

/** Name of the shared stylesheet written next to the pages. */
export const HELP_CSS_FILE = "help.css";
export const HELP_INDEX_FILE = "index.html";

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** File name of a function's page, relative to the help directory (FEEEXEMPT.html). */
export function helpFileName(spec: Pick<FunctionSpec, "id">): string {
  return `${encodeURIComponent(spec.id)}.html`;
}

/** Families in catalogue order, with their headings (functions.md). */
export const FAMILIES: readonly { readonly family: Family; readonly zh: string; readonly en: string }[] = [
  { family: "fees", zh: "费用与税收减免", en: "Fee and tax relief" },
  { family: "compensation", zh: "征收补偿", en: "Compensation" },
  { family: "land", zh: "土地出让收入", en: "Land income" },
  { family: "bonds", zh: "专项债券", en: "Bonds" },
  { family: "balance", zh: "资金平衡", en: "Fund balance" },
  { family: "plan", zh: "改造计划", en: "Planning" },
];

const KIND_TEXT: Readonly<Record<ParamKind, readonly [string, string]>> = {
  decimal: ["数值", "number"],
  integer: ["整数", "whole number"],
  text: ["文本", "text"],
  boolean: ["逻辑值", "TRUE/FALSE"],
  investor: ["文本（政府 / 民间资本）", "text (政府 / 民间资本)"],
  decimals: ["数值区域", "range of numbers"],
  texts: ["文本区域", "range of text"],
  column: ["区域", "range"],
  aligned: ["区域（逐行对应）", "range (row by row)"],
};

export const HELP_CSS = `/* Shanty Balance help pages — shared stylesheet (the pages' CSP allows styles from 'self' only). */
:root { color-scheme: light; --ink: #1b1f23; --muted: #57606a; --line: #d0d7de; --accent: #1f6f5c; --code-bg: #f3f5f4; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.6;
  font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "Segoe UI", system-ui, sans-serif; }
header, main, footer { max-width: 60rem; margin: 0 auto; padding: 0 1.25rem; }
header { border-bottom: 3px solid var(--accent); padding-top: 1rem; padding-bottom: .75rem; }
header nav a { color: var(--accent); text-decoration: none; font-size: .9rem; }
h1 { margin: .25rem 0 0; font-size: 1.6rem; }
h1 code { font-size: inherit; background: none; padding: 0; }
.subtitle { margin: .25rem 0 0; color: var(--muted); }
h2 { margin-top: 2rem; font-size: 1.25rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { margin: 1.25rem 0 .25rem; font-size: 1.05rem; }
section[lang="en"] { margin-top: 2.5rem; }
p, li { max-width: 52rem; }
.rule { white-space: pre-line; }
code, .formula { font-family: Consolas, "Cascadia Mono", "Sarasa Mono SC", monospace; background: var(--code-bg); border-radius: 4px; padding: .05rem .3rem; }
.formula { display: block; padding: .5rem .75rem; overflow-x: auto; white-space: pre; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .95rem; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
.family { margin-top: 1.5rem; }
.fn-list { list-style: none; padding: 0; }
.fn-list li { padding: .4rem 0; border-bottom: 1px solid #eef0f2; }
.fn-list a { font-weight: 600; color: var(--accent); }
table.spill { width: auto; }
table.spill td.num { text-align: right; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: var(--muted); font-size: .85rem; }
.example { margin: .75rem 0 1.25rem; }
h4 { margin: .5rem 0 .25rem; font-size: .95rem; }
.error-text { color: #a4262c; }
.fn-list .en { color: var(--muted); display: block; font-size: .9rem; }
footer { color: var(--muted); font-size: .85rem; margin-top: 2.5rem; padding-bottom: 2rem; border-top: 1px solid var(--line); padding-top: .75rem; }
`;

function documentShell(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CONTENT_SECURITY_POLICY)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${HELP_CSS_FILE}">
</head>
<body>
${body}
<footer><p>棚改测算 Shanty Balance · ${escapeHtml(NS)} 函数帮助 / function help</p></footer>
</body>
</html>
`;
}

function formatDefault(value: number | string | boolean): string {
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") return `"${value}"`;
  return String(value);
}

/** Chinese and English wording of whether an argument is required, and its default. */
function optionality(p: ParamSpec): readonly [string, string] {
  if (!p.optional) return ["必填", "required"];
  if (p.default === undefined) return ["可选", "optional"];
  const d = formatDefault(p.default);
  return [`可选，默认 ${d}`, `optional, default ${d}`];
}

/** The declared bounds as a short range text, e.g. "≥ 0", "> 0", "0–1". */
function bounds(p: ParamSpec): string {
  if (p.share) return "0–1";
  const parts: string[] = [];
  if (p.above !== undefined) parts.push(`> ${p.above}`);
  else if (p.min !== undefined) parts.push(`≥ ${p.min}`);
  if (p.max !== undefined) parts.push(`≤ ${p.max}`);
  return parts.join(", ");
}

/** `=SHANTY.ID(a, b, [c])`. */
export function syntaxOf(spec: FunctionSpec): string {
  const args = spec.params.map((p) => (p.optional ? `[${p.name}]` : p.name));
  return `=${NS}.${spec.id}(${args.join(", ")})`;
}

function cell(text: string): string {
  return `<td>${escapeHtml(text)}</td>`;
}

function paramRowsZh(spec: FunctionSpec): string {
  return spec.params
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(p.name)}</code></td>${cell(p.label)}${cell(KIND_TEXT[p.kind]?.[0] ?? p.kind)}${cell(p.unit ?? "")}${cell(bounds(p))}${cell(optionality(p)[0])}${cell(p.zh)}</tr>`,
    )
    .join("\n");
}

function paramRowsEn(spec: FunctionSpec): string {
  return spec.params
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(p.name)}</code></td>${cell(KIND_TEXT[p.kind]?.[1] ?? p.kind)}${cell(p.unit ?? "")}${cell(bounds(p))}${cell(optionality(p)[1])}${cell(p.en)}</tr>`,
    )
    .join("\n");
}

function returnText(r: FunctionSpec["returns"], lang: 0 | 1): string {
  const kind =
    {
      number: ["数值", "number"],
      boolean: ["逻辑值", "TRUE/FALSE"],
      text: ["文本", "text"],
      matrix: ["溢出区域（动态数组）", "spilled range (dynamic array)"],
    }[r.kind]?.[lang] ?? r.kind;
  const text = lang === 0 ? r.zh : r.en;
  const unit = r.unit ? (lang === 0 ? `，单位 ${r.unit}` : `, unit ${r.unit}`) : "";
  const [open, close] = lang === 0 ? ["（", "）"] : [" (", ")"];
  return `${escapeHtml(text)}<span class="kind">${open}${escapeHtml(kind)}${escapeHtml(unit)}${close}</span>`;
}

/** An example as the help page shows it: the formula and what the engine computed for it at generation time. */
export interface ComputedExample extends HelpExample {
  readonly outcome: EvalOutcome;
}

function formatValue(value: number | string | boolean | null): string {
  if (value === null) return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return String(value);
}

/** A spilled result as a small table (as it appears in the cells), a scalar as code, an error with its message. */
function outcomeHtml(outcome: EvalOutcome, lang: 0 | 1): string {
  if (!outcome.ok) {
    const label = lang === 0 ? "返回错误" : "Returns the error";
    const colon = lang === 0 ? "：" : ": ";
    return `<p>${label} <code>${escapeHtml(outcome.error)}</code>${outcome.message ? `${colon}<span class="error-text" lang="zh-CN">${escapeHtml(outcome.message)}</span>` : ""}</p>`;
  }
  if (outcome.rows && outcome.rows.length > 0) {
    const caption =
      lang === 0
        ? `溢出区域 ${outcome.rows.length} 行 × ${outcome.rows[0].length} 列`
        : `Spills ${outcome.rows.length} rows × ${outcome.rows[0].length} columns`;
    const body = outcome.rows
      .map(
        (r) => `<tr>${r.map((v) => `<td${typeof v === "number" ? ' class="num"' : ""}>${escapeHtml(formatValue(v))}</td>`).join("")}</tr>`,
      )
      .join("\n");
    return `<table class="spill">\n<caption>${escapeHtml(caption)}</caption>\n<tbody>\n${body}\n</tbody>\n</table>`;
  }
  return `<p>${lang === 0 ? "结果：" : "Result: "}<code>${escapeHtml(formatValue(outcome.value))}</code></p>`;
}

function examplesHtml(examples: readonly ComputedExample[], lang: 0 | 1): string {
  return examples
    .map((ex, i) => {
      const note = lang === 0 ? ex.noteZh : (ex.noteEn ?? ex.noteZh);
      const noteLabel = lang === 0 ? "计算过程" : "Working";
      const noteLang = lang === 1 && !ex.noteEn ? ' lang="zh-CN"' : "";
      return `<div class="example">
<h4>${lang === 0 ? `示例 ${i + 1}` : `Example ${i + 1}`}</h4>
<code class="formula">${escapeHtml(ex.formula)}</code>
${outcomeHtml(ex.outcome, lang)}
${note ? `<p>${noteLabel}${lang === 0 ? "：" : ": "}<span${noteLang}>${escapeHtml(note)}</span></p>` : ""}
</div>`;
    })
    .join("\n");
}

/** Remarks derived from the declaration: error conditions from the bounds, rounding from the result, Excel's limits. */
export function derivedRemarks(spec: FunctionSpec): { zh: string[]; en: string[] } {
  const zh: string[] = [];
  const en: string[] = [];
  const required = spec.params.filter((p) => !p.optional);
  if (required.length) {
    zh.push(
      `缺少必填参数（${required.map((p) => p.name).join("、")}）或参数类型不对（如数值参数填了文字）时返回 #VALUE!，错误信息写明是哪个参数。`,
    );
    en.push(
      `A missing required argument (${required.map((p) => p.name).join(", ")}) or one of the wrong type (text where a number is expected) returns #VALUE!, with a message naming the argument.`,
    );
  }
  for (const p of spec.params) {
    const b = bounds(p);
    if (!b) continue;
    zh.push(`${p.name}（${p.label}）须 ${b}，否则返回 #VALUE!。`);
    en.push(`${p.name} must be ${b}; otherwise #VALUE!.`);
  }
  if (spec.params.some((p) => p.kind === "decimal" || p.kind === "decimals" || p.kind === "column")) {
    zh.push("数值的绝对值须小于 10^15（一千万亿），更大的数会损失精度，返回 #VALUE!。");
    en.push("Numbers must be below 10^15 in magnitude; larger ones would lose precision and return #VALUE!.");
  }
  if (spec.params.some((p) => p.kind === "column")) {
    zh.push("逐行对应的区域须行数相同；空单元格按空白处理（桌面版 Excel 传入的 0 也视为空白）。");
    en.push(
      "Ranges that correspond row by row must have the same number of rows; blank cells are treated as blank (so are the zeros desktop Excel sends for them).",
    );
  }
  const unit = spec.returns.unit;
  if (unit === "元") {
    zh.push("金额在输出时四舍五入到分（0.01 元），计算过程中不舍入。");
    en.push("Amounts are rounded half-up to the fen (0.01 元) at the output only; intermediate steps are exact.");
  } else if (spec.returns.kind === "matrix") {
    zh.push(
      "结果是动态数组，自动溢出到右侧和下方；溢出区域已有内容时 Excel 显示 #SPILL!。表中金额四舍五入到分，各分项之和等于显示的合计（尾差调整）。",
    );
    en.push(
      "The result is a dynamic array that spills right and down; Excel shows #SPILL! when the cells are not empty. Amounts are rounded to the fen and the parts add up to the totals shown.",
    );
  } else if (spec.returns.kind === "number") {
    zh.push("结果在输出时四舍五入（半数进位），计算过程中不舍入。");
    en.push("The result is rounded half-up at the output only.");
  }
  return { zh, en };
}

function listHtml(items: readonly string[], itemLang?: string): string {
  return `<ul>\n${items.map((t) => `<li${itemLang ? ` lang="${itemLang}"` : ""}>${escapeHtml(t)}</li>`).join("\n")}\n</ul>`;
}

function seeAlsoHtml(related: readonly Pick<FunctionSpec, "id" | "zh" | "en">[], lang: 0 | 1): string {
  if (related.length === 0) return "";
  return `${lang === 0 ? "<h2>另请参阅</h2>" : "<h3>See also</h3>"}
<ul class="see-also">
${related.map((f) => `<li><a href="${escapeHtml(helpFileName(f))}"><code>${escapeHtml(`${NS}.${f.id}`)}</code></a> ${escapeHtml(lang === 0 ? f.zh : f.en)}</li>`).join("\n")}
</ul>`;
}

/**
 * A complete standalone help page for one function, in the layout of Excel's own function help: syntax,
 * arguments, returns, remarks (备注), examples with their computed results, policy sources, see also.
 * `examples` carry the engine's result (src/help/site.ts evaluates them); `related` are the 另请参阅 links.
 */
export function helpPage(
  spec: FunctionSpec,
  help: FunctionHelp,
  examples: readonly ComputedExample[],
  related: readonly Pick<FunctionSpec, "id" | "zh" | "en">[] = [],
): string {
  const family = FAMILIES.find((f) => f.family === spec.family);
  const derived = derivedRemarks(spec);
  const remarksZh = [...derived.zh, ...(help.remarksZh ?? [])];
  const remarksEn = [...derived.en, ...(help.remarksEn ?? [])];
  const body = `<header>
<nav><a href="${HELP_INDEX_FILE}">← 全部函数 All functions</a>${family ? ` · ${escapeHtml(family.zh)} ${escapeHtml(family.en)}` : ""}</nav>
<h1><code>${escapeHtml(`${NS}.${spec.id}`)}</code> 函数</h1>
<p class="subtitle">${escapeHtml(spec.zh)}</p>
</header>
<main>
<section lang="zh-CN">
<h2>说明</h2>
<p>${escapeHtml(spec.zh)}</p>
<p class="rule">${escapeHtml(help.ruleZh)}</p>
<h2>语法</h2>
<code class="formula">${escapeHtml(syntaxOf(spec))}</code>
${
  spec.params.length === 0
    ? "<p>无参数。</p>"
    : `<table>
<thead><tr><th>参数</th><th>名称</th><th>类型</th><th>单位</th><th>取值范围</th><th>必填 / 可选</th><th>说明</th></tr></thead>
<tbody>
${paramRowsZh(spec)}
</tbody>
</table>`
}
<h3>返回值</h3>
<p>${returnText(spec.returns, 0)}</p>
<h2>备注</h2>
${listHtml(remarksZh)}
<h2>示例</h2>
${examplesHtml(examples, 0)}
<h2>政策依据</h2>
${listHtml(help.sources)}
${seeAlsoHtml(related, 0)}
</section>
<section lang="en">
<h2>${escapeHtml(`${NS}.${spec.id}`)} — English</h2>
<h3>Description</h3>
<p>${escapeHtml(spec.en)}</p>
<p class="rule">${escapeHtml(help.ruleEn)}</p>
<h3>Syntax</h3>
<code class="formula">${escapeHtml(syntaxOf(spec))}</code>
${
  spec.params.length === 0
    ? "<p>No arguments.</p>"
    : `<table>
<thead><tr><th>Argument</th><th>Type</th><th>Unit</th><th>Range</th><th>Required / optional</th><th>Description</th></tr></thead>
<tbody>
${paramRowsEn(spec)}
</tbody>
</table>`
}
<h3>Returns</h3>
<p>${returnText(spec.returns, 1)}</p>
<h3>Remarks</h3>
${listHtml(remarksEn)}
<h3>Examples</h3>
${examplesHtml(examples, 1)}
<h3>Policy sources</h3>
${listHtml(help.sources, "zh-CN")}
${seeAlsoHtml(related, 1)}
</section>
</main>`;
  return documentShell(`${NS}.${spec.id} — ${spec.zh} | 棚改测算 帮助`, body);
}

/** The index: every function, grouped by family in catalogue order, each linking to its page. */
export function helpIndex(functions: readonly FunctionSpec[]): string {
  const known = new Set<string>(FAMILIES.map((f) => f.family));
  // A family not (yet) in FAMILIES still gets listed, under its own name, so no function is ever left out.
  const extra = [...new Set(functions.map((f) => f.family as string).filter((f) => !known.has(f)))].map((f) => ({
    family: f,
    zh: f,
    en: f,
  }));
  const groups = [...FAMILIES, ...extra]
    .map((fam) => ({ fam, members: functions.filter((f) => f.family === fam.family) }))
    .filter((g) => g.members.length > 0);
  const sections = groups
    .map(
      ({ fam, members }) => `<section class="family">
<h2>${escapeHtml(fam.zh)} <span lang="en">${escapeHtml(fam.en === fam.zh ? "" : fam.en)}</span></h2>
<ul class="fn-list">
${members
  .map(
    (f) =>
      `<li><a href="${escapeHtml(helpFileName(f))}"><code>${escapeHtml(`${NS}.${f.id}`)}</code></a> ${escapeHtml(f.zh)}<span class="en" lang="en">${escapeHtml(f.en)}</span></li>`,
  )
  .join("\n")}
</ul>
</section>`,
    )
    .join("\n");
  const body = `<header>
<h1>棚改测算 Shanty Balance — 函数帮助</h1>
<p class="subtitle">在单元格中输入 <code>=${NS}.</code> 即可使用下列 ${functions.length} 个函数；函数名在所有语言的 Excel 中相同。</p>
<p class="subtitle" lang="en">Type <code>=${NS}.</code> in a cell to use the ${functions.length} functions below; function names are the same in every language of Excel.</p>
</header>
<main>
${sections}
</main>`;
  return documentShell("棚改测算 Shanty Balance — 函数帮助 Function help", body);
}
