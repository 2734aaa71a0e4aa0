import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import * as ts from "typescript";

const ROOT = join(__dirname, "..", "..");
const { stripDocs } = require(join(ROOT, "scripts/strip-docs-loader.js")) as {
  stripDocs: (source: string, file?: string, options?: { policy?: boolean }) => { source: string; stripped: number };
};

/*
 * issue 17 (functions.js size): the bundles get the registry without its descriptions. The loader may blank only
 * the zh/en of a function spec, its returns and its arguments; everything else must reach the bundle unchanged.
 */
describe("strip-docs loader", () => {
  const sample = `
import { defineFunction } from "./define";
const P = { a: { name: "a", kind: "decimal", label: "安置面积", min: 0, zh: "安置房建筑面积（㎡）", en: "Resettlement area" } };
export const WORDS = { ok: { zh: "项目自平衡", en: "Self-balancing" } };
export const POLICY = [{ name: "p_rate", zh: "费率", en: "Rate", default: 1 }];
export const F = [
  defineFunction({
    id: "X", family: "fees", zh: "函数说明", en: \`Function \${1}\`,
    returns: { kind: "number", zh: "金额（元）", en: "Amount", unit: "元" },
    params: [P.a, { name: "b", kind: "text", label: "名称", zh: "名称说明", en: "Name" }],
    impl: () => ({ zh: "运行时文字", en: "runtime text" }),
  }),
];`;

  it("blanks the descriptions of functions, returns and arguments, and nothing else", () => {
    const { source, stripped } = stripDocs(sample);
    // 2 (P.a) + 2 (function) + 2 (returns) + 2 (argument b) = 8
    expect(stripped).toBe(8);
    for (const gone of ["安置房建筑面积", "Resettlement area", "函数说明", "Function ${1}", "金额（元）", "名称说明", '"Name"'])
      expect(source).not.toContain(gone);
    // labels, ids, units, bounds, other objects' zh/en (verdict words, policy rows, values a function returns) stay
    for (const kept of [
      'label: "安置面积"',
      'label: "名称"',
      'id: "X"',
      'unit: "元"',
      "min: 0",
      '"项目自平衡"',
      '"Self-balancing"',
      '"费率"',
      '"Rate"',
      '"运行时文字"',
      '"runtime text"',
    ])
      expect(source).toContain(kept);
  });

  it("policy rows lose zh, en and source only with the policy option (the engine's copy); numbers stay", () => {
    const row = `export const P = [{ name: "p_rate", zh: "费率", en: "Rate", unit: "元/㎡", default: 150, min: 0, share: false, source: \`\${DOC}第二十九条\`, argument: "baseRate" }];`;
    expect(stripDocs(row).source).toBe(row);
    const slim = stripDocs(row, "policy.ts", { policy: true });
    expect(slim.stripped).toBe(3);
    expect(slim.source).toBe(
      'export const P = [{ name: "p_rate", zh: "", en: "", unit: "元/㎡", default: 150, min: 0, share: false, source: "", argument: "baseRate" }];',
    );
  });

  it("on the real registry: only zh/en string initializers change, the code still parses, labels all survive", () => {
    const dir = join(ROOT, "src/registry");
    let total = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      const original = readFileSync(join(dir, file), "utf8");
      const { source, stripped } = stripDocs(original, file);
      total += stripped;
      const out = ts.transpileModule(source, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.CommonJS } });
      expect({ file, diagnostics: out.diagnostics ?? [] }).toEqual({ file, diagnostics: [] });
      const labels = (text: string) => [...text.matchAll(/label: "([^"]*)"/g)].map((m) => m[1]);
      expect(labels(source)).toEqual(labels(original));
      // what remains after removing every blanked description is the same text on both sides
      const skeleton = (text: string) => text.replace(/\b(zh|en): (?:"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`)/g, "$1: #");
      expect(skeleton(source)).toBe(skeleton(original));
    }
    // every catalogue function has zh, en and returns' zh, en at least: 4 per defineFunction call
    const calls = readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .reduce((n, f) => n + (readFileSync(join(dir, f), "utf8").match(/defineFunction\(\{/g)?.length ?? 0), 0);
    expect(calls).toBeGreaterThan(20);
    expect(total).toBeGreaterThanOrEqual(4 * calls);
  });

  it("no module the functions bundle runs reads a description (only metadata, zh-CN metadata and help do)", () => {
    // the readers of FunctionSpec/ParamSpec descriptions: spec.zh / spec.en / returns.zh / p.zh … in src/registry and src/functions
    const files = [
      ...readdirSync(join(ROOT, "src/registry")).map((f) => `src/registry/${f}`),
      ...readdirSync(join(ROOT, "src/functions")).map((f) => `src/functions/${f}`),
    ].filter((f) => f.endsWith(".ts"));
    const readers = files.filter((f) => /\b(spec|returns|param|p|f|fn)\.(zh|en)\b/.test(readFileSync(join(ROOT, f), "utf8")));
    expect(readers.filter((f) => !/adapterSource|zhMetadata/.test(f))).toEqual([]);
    expect(readers.length).toBeGreaterThan(0); // the scan sees the generators that do read them
  });
});
