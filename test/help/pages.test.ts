import { spawnSync } from "child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import {
  CONTENT_SECURITY_POLICY,
  escapeHtml,
  FAMILIES,
  HELP_CSS,
  helpFileName,
  helpIndex,
  helpPage,
  syntaxOf,
  type ComputedExample,
} from "../../src/help/pages";
import { computeExamples, helpSite, relatedOf } from "../../src/help/site";
import { FunctionHelp, HELP_TEXT } from "../../src/help/text";
import { FUNCTIONS } from "../../src/registry/index";
import type { FunctionSpec } from "../../src/registry/types";

const XSS = "<img src=x onerror=alert(1)>";
const XSS_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;";

/** A spec whose every text field carries markup, to prove nothing reaches the page unescaped. */
const hostile: FunctionSpec = {
  id: "EVIL",
  family: "fees",
  zh: `中文${XSS}`,
  en: `en${XSS}`,
  returns: { kind: "number", zh: `返回${XSS}`, en: `returns${XSS}`, unit: XSS },
  params: [
    {
      name: `arg${XSS}`,
      kind: "decimal",
      label: `标签${XSS}`,
      zh: `说明${XSS}`,
      en: `desc${XSS}`,
      unit: XSS,
      optional: true,
      default: XSS,
    },
  ],
  impl: () => 0,
};
const hostileHelp: FunctionHelp = {
  ruleZh: `规则${XSS}`,
  ruleEn: `rule${XSS}`,
  sources: [`依据${XSS}`],
  examples: [],
  remarksZh: [`备注${XSS}`],
  seeAlso: [],
};
const hostileExamples: ComputedExample[] = [
  { formula: `=SHANTY.EVIL("${XSS}")`, noteZh: XSS, outcome: { ok: true, value: XSS } },
  { formula: "=SHANTY.EVIL(1)", outcome: { ok: true, value: 1, rows: [[XSS, 1]] } },
  { formula: "=SHANTY.EVIL(2)", expectError: true, outcome: { ok: false, error: "#VALUE!", message: XSS } },
];
const page = (spec: FunctionSpec) => helpPage(spec, HELP_TEXT[spec.id], computeExamples(spec), relatedOf(spec));

/** Text content with tags removed and the five escapes decoded — what a reader sees. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

function expectSafeDocument(html: string): void {
  expect(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
  expect(html).toContain('<meta charset="utf-8">');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  expect(csp).not.toBeNull();
  expect(csp![1].replace(/&#39;/g, "'")).toBe(CONTENT_SECURITY_POLICY);
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<style/i);
  expect(html).not.toMatch(/\sstyle=/i);
  expect(html).not.toMatch(/<[^>]*\son\w+=/i); // no event-handler attribute on any element
  expect(html).toContain('<link rel="stylesheet" href="help.css">');
  expect(html.trimEnd().endsWith("</html>")).toBe(true);
}

describe("escapeHtml", () => {
  it("neutralises an injected image with an onerror handler", () => {
    expect(escapeHtml(XSS)).toBe(XSS_ESCAPED);
  });

  it("escapes all five HTML-special characters, ampersand first", () => {
    expect(escapeHtml(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;");
    expect(escapeHtml("&lt;")).toBe("&amp;lt;");
  });

  it("leaves Chinese text and ordinary punctuation alone", () => {
    expect(escapeHtml("安置面积（㎡）×1.5 ≥ 0")).toBe("安置面积（㎡）×1.5 ≥ 0");
  });
});

describe("helpPage", () => {
  it("escapes every text field of the spec", () => {
    const html = helpPage(hostile, hostileHelp, hostileExamples, [hostile]);
    expect(html).not.toContain("<img");
    expect(html).toContain(XSS_ESCAPED);
    expectSafeDocument(html);
    // Each field is still shown, as text.
    for (const t of [
      `中文${XSS}`,
      `en${XSS}`,
      `返回${XSS}`,
      `arg${XSS}`,
      `标签${XSS}`,
      `说明${XSS}`,
      `desc${XSS}`,
      `规则${XSS}`,
      `rule${XSS}`,
      `依据${XSS}`,
      `备注${XSS}`,
    ]) {
      expect(visibleText(html)).toContain(t);
    }
  });

  it("exists for every registry function and names every argument, the examples with their results, remarks and sources", () => {
    expect(FUNCTIONS.length).toBeGreaterThan(0);
    for (const spec of FUNCTIONS) {
      const help = HELP_TEXT[spec.id];
      const html = page(spec);
      expectSafeDocument(html);
      const text = visibleText(html);
      expect(text).toContain(`SHANTY.${spec.id}`);
      expect(text).toContain(spec.zh);
      expect(text).toContain(spec.en);
      expect(text).toContain(help.ruleZh);
      expect(text).toContain(help.ruleEn);
      for (const source of help.sources) expect(text).toContain(source);
      expect(help.examples.length).toBeGreaterThanOrEqual(2);
      for (const ex of help.examples) {
        expect(text).toContain(ex.formula);
        if (ex.expected)
          expect(html).toMatch(
            new RegExp(`<(code|td)( class="num")?>${escapeHtml(ex.expected).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}</(code|td)>`),
          );
        if (ex.noteZh) expect(text).toContain(ex.noteZh);
      }
      for (const heading of [
        "<h2>说明</h2>",
        "<h2>语法</h2>",
        "<h2>备注</h2>",
        "<h2>示例</h2>",
        "<h2>政策依据</h2>",
        "<h2>另请参阅</h2>",
        "<h3>Remarks</h3>",
        "<h3>See also</h3>",
      ]) {
        expect(html).toContain(heading);
      }
      expect(text).toContain(spec.returns.zh);
      expect(text).toContain(spec.returns.en);
      for (const p of spec.params) {
        expect(html).toContain(`<code>${escapeHtml(p.name)}</code>`);
        expect(text).toContain(p.label);
        expect(text).toContain(p.zh);
        expect(text).toContain(p.en);
        if (p.unit) expect(text).toContain(p.unit);
      }
    }
  });

  it("names policy documents, never the project's internal domain notes", () => {
    for (const spec of FUNCTIONS) {
      const text = visibleText(page(spec));
      expect(text).not.toMatch(/domain\s*§/i);
      expect(HELP_TEXT[spec.id].sources.every((s) => /《[^》]+》|〔\d{4}〕\d+号|公告\d{4}年第\d+号|办法/.test(s))).toBe(true);
    }
    expect(visibleText(page(FUNCTIONS.find((f) => f.id === "FEEEXEMPT")!))).toContain("《西安市棚户区改造管理办法》第二十九条");
    expect(visibleText(page(FUNCTIONS.find((f) => f.id === "PLANTEXT")!))).toContain("《XX区进一步推进棚户区改造工作实施方案》");
    expect(visibleText(page(FUNCTIONS.find((f) => f.id === "COVERAGE")!))).toContain("财预〔2018〕28号");
  });

  it("shows a spilled result as a table with every cell, and a deliberate error with its message", () => {
    // FEETABLE(10000,20000,150,"民间资本",1.5,20,30), hand-worked: exempt 10000×150 + 15000×150 + 5000×75 = 4125000;
    // due = 30000×150 − 4125000 + 30000×(20+30) = 1875000.
    const fee = page(FUNCTIONS.find((f) => f.id === "FEETABLE")!);
    const table = /<table class="spill">([\s\S]*?)<\/table>/.exec(fee)![1];
    expect(table).toContain('<td>减免金额（元）</td><td class="num">4125000</td>');
    expect(table).toContain('<td class="num">1875000</td>');
    expect(table).toContain("10 行 × 2 列");
    // FAREXTRA(5000000,1000,10000,22000,2.5): 5000000 ÷ 1000 = 5000 ㎡ more, (22000 + 5000) ÷ 10000 = 2.7 > 2.5.
    const far = visibleText(page(FUNCTIONS.find((f) => f.id === "FAREXTRA")!));
    expect(far).toMatch(/返回错误\s+#VALUE!/);
    expect(far).toContain("超过上限 2.5（超出 2000㎡）");
  });

  it("derives remarks from the declaration: bounds, rounding to the fen, the magnitude limit", () => {
    const text = visibleText(page(FUNCTIONS.find((f) => f.id === "FEEEXEMPT")!));
    expect(text).toContain("resettleArea（安置面积）须 ≥ 0，否则返回 #VALUE!");
    expect(text).toContain("四舍五入到分");
    expect(text).toContain("10^15");
    expect(text).toContain("resettleArea must be ≥ 0; otherwise #VALUE!");
  });

  it("lists the rest of the family under 另请参阅, with links", () => {
    const spec = FUNCTIONS.find((f) => f.id === "FEEEXEMPT")!;
    const html = page(spec);
    const see = html.slice(html.indexOf("<h2>另请参阅</h2>"));
    for (const other of FUNCTIONS.filter((f) => f.family === "fees" && f.id !== "FEEEXEMPT"))
      expect(see).toContain(`<a href="${other.id}.html">`);
    expect(see.slice(0, see.indexOf("</ul>"))).not.toContain('href="FEEEXEMPT.html"');
  });

  it("refuses to build a page whose example disagrees with the engine", () => {
    const spec = FUNCTIONS.find((f) => f.id === "BIZLOSS")!;
    const saved = HELP_TEXT.BIZLOSS;
    (HELP_TEXT as Record<string, FunctionHelp>).BIZLOSS = {
      ...saved,
      examples: [{ formula: "=SHANTY.BIZLOSS(2000000,0.05)", expected: "100001" }, saved.examples[1]],
    };
    try {
      expect(() => computeExamples(spec)).toThrow("gives 100000, the help says 100001");
    } finally {
      (HELP_TEXT as Record<string, FunctionHelp>).BIZLOSS = saved;
    }
  });

  it("puts Chinese first and English below", () => {
    for (const spec of FUNCTIONS) {
      const html = page(spec);
      const zh = html.indexOf('<section lang="zh-CN">');
      const en = html.indexOf('<section lang="en">');
      expect(zh).toBeGreaterThan(0);
      expect(en).toBeGreaterThan(zh);
      expect(html.indexOf(escapeHtml(HELP_TEXT[spec.id].ruleZh))).toBeLessThan(en);
      expect(html.indexOf(escapeHtml(HELP_TEXT[spec.id].ruleEn))).toBeGreaterThan(en);
    }
  });

  it("shows the syntax with optional arguments in brackets, in catalogue order", () => {
    const spec: FunctionSpec = {
      ...hostile,
      id: "DEMO",
      params: [
        { name: "area", kind: "decimal", label: "面积", zh: "面积", en: "area" },
        { name: "rate", kind: "decimal", label: "费率", zh: "费率", en: "rate", optional: true, default: 0 },
      ],
    };
    expect(syntaxOf(spec)).toBe("=SHANTY.DEMO(area, [rate])");
  });

  it("states optional arguments with their default in both languages", () => {
    const spec: FunctionSpec = {
      ...hostile,
      params: [
        { name: "firstHome", kind: "boolean", label: "首套", zh: "是否首套", en: "first home", optional: true, default: true },
        { name: "investor", kind: "investor", label: "投资主体", zh: "投资主体", en: "investor", optional: true, default: "政府" },
      ],
    };
    const text = visibleText(helpPage(spec, hostileHelp, hostileExamples));
    expect(text).toContain("可选，默认 TRUE");
    expect(text).toContain("optional, default TRUE");
    expect(text).toContain('可选，默认 "政府"');
  });
});

describe("helpIndex", () => {
  it("links every registry function to its page", () => {
    const html = helpIndex(FUNCTIONS);
    expectSafeDocument(html);
    for (const spec of FUNCTIONS) {
      expect(helpFileName(spec)).toBe(`${spec.id}.html`);
      expect(html).toContain(`<a href="${spec.id}.html">`);
    }
  });

  it("groups functions by family in catalogue order", () => {
    const html = helpIndex(FUNCTIONS);
    const present = FAMILIES.filter((f) => FUNCTIONS.some((s) => s.family === f.family));
    const positions = present.map((f) => html.indexOf(`<h2>${escapeHtml(f.zh)} `));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const spec of FUNCTIONS) {
      const fam = present.findIndex((f) => f.family === spec.family);
      const at = html.indexOf(`<a href="${spec.id}.html">`);
      expect(at).toBeGreaterThan(positions[fam]);
      if (fam + 1 < positions.length) expect(at).toBeLessThan(positions[fam + 1]);
    }
  });

  it("escapes hostile names and still lists a function of an unknown family", () => {
    const odd = { ...hostile, id: "ODD", family: "misc" as FunctionSpec["family"] };
    const html = helpIndex([hostile, odd]);
    expect(html).not.toContain("<img");
    expect(html).toContain('<a href="EVIL.html">');
    expect(html).toContain('<a href="ODD.html">');
    expect(html).toContain("<h2>misc ");
  });
});

describe("HELP_CSS", () => {
  it("is plain CSS with no remote imports", () => {
    expect(HELP_CSS).not.toMatch(/@import|url\(/i);
    expect(HELP_CSS).toContain("body");
  });
});

describe("scripts/gen-help.ts", () => {
  it("writes a page per function, index.html and help.css into the given directory", () => {
    const dir = mkdtempSync(join(tmpdir(), "shanty-help-"));
    const out = join(dir, "nested", "help");
    try {
      const r = spawnSync(
        process.execPath,
        ["-r", "ts-node/register/transpile-only", join(__dirname, "..", "..", "scripts", "gen-help.ts"), out],
        {
          cwd: join(__dirname, "..", ".."),
          encoding: "utf8",
        },
      );
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      const files = readdirSync(out).sort();
      expect(files).toEqual([...FUNCTIONS.map((f) => `${f.id}.html`), "help.css", "index.html"].sort());
      expect(readFileSync(join(out, "help.css"), "utf8")).toBe(HELP_CSS);
      expect(readFileSync(join(out, "FEEEXEMPT.html"), "utf8")).toBe(helpSite().get("FEEEXEMPT.html"));
      expect(existsSync(join(out, "index.html"))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
