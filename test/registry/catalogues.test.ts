import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { placeholders } from "../../src/engine/catalogue";
import { MESSAGES } from "../../src/engine/messages";
import { fillMessage } from "../../src/engine/messages/fill";
import { LEVEL_WORDS, VERDICT_CELL_TEXT, VERDICT_KINDS, VERDICT_WORDS } from "../../src/registry/verdicts";
import { STRINGS } from "../../src/taskpane/i18n";

/*
 * Issue 17 item 1: one bilingual catalogue shape in every layer, one fill. Every key a layer uses exists in Chinese
 * and in English with the same {placeholders}: the function-error catalogue (also test/registry/errors-catalogue),
 * the verdict words, the task pane's strings.
 */

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(n) ? [p] : [];
  });
}
const SRC = join(__dirname, "..", "..", "src");

function bothLanguages(name: string, table: Readonly<Record<string, { zh: string; en: string }>>): void {
  for (const [key, entry] of Object.entries(table)) {
    expect(`${name}.${key} zh: ${entry.zh.trim() !== ""}`).toBe(`${name}.${key} zh: true`);
    expect(`${name}.${key} en: ${entry.en.trim() !== ""}`).toBe(`${name}.${key} en: true`);
    expect([name, key, [...placeholders(entry.en)].sort()]).toEqual([name, key, [...placeholders(entry.zh)].sort()]);
  }
}

describe("every catalogue has each key in zh and en with the same placeholders", () => {
  test("function errors, verdict words, verdict cell texts, levels", () => {
    bothLanguages("MESSAGES", MESSAGES);
    bothLanguages("VERDICT_WORDS", VERDICT_WORDS);
    bothLanguages("VERDICT_CELL_TEXT", VERDICT_CELL_TEXT);
    bothLanguages("LEVEL_WORDS", LEVEL_WORDS);
    expect(Object.keys(VERDICT_WORDS).sort()).toEqual([...VERDICT_KINDS].sort());
  });

  test("task pane strings: the same keys in both languages and the same placeholders (zh may leave the …One plural empty)", () => {
    expect(Object.keys(STRINGS.en).sort()).toEqual(Object.keys(STRINGS.zh).sort());
    for (const key of Object.keys(STRINGS.zh) as (keyof typeof STRINGS.zh)[]) {
      const zh = STRINGS.zh[key];
      const en = STRINGS.en[key];
      if (zh === "" && key.endsWith("One")) continue;
      expect([key, [...placeholders(en)].sort()]).toEqual([key, [...placeholders(zh)].sort()]);
    }
  });

  test("every task-pane key used in src/taskpane exists in both languages", () => {
    const used = new Set<string>();
    for (const f of files(join(SRC, "taskpane"))) {
      const text = readFileSync(f, "utf8");
      for (const m of text.matchAll(/\b(?:t|tr|tc|both)\((?:lang, |[a-z]+, )?"(\w+)"/g)) used.add(m[1]);
      for (const m of text.matchAll(/\bkey: "(\w+)"/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(10);
    const missing = [...used].filter((k) => k !== "zh" && k !== "en" && (!(k in STRINGS.zh) || !(k in STRINGS.en)));
    expect(missing).toEqual([]);
  });

  test("the one fill: numbers as a user writes them, unknown keys left visible", () => {
    // 0.1 + 0.2 shows as 0.3; {missing} stays so a forgotten parameter is seen.
    expect(fillMessage({ zh: "比例 {x}，{missing}", en: "share {x}, {missing}" }, { x: 0.1 + 0.2 })).toEqual({
      zh: "比例 0.3，{missing}",
      en: "share 0.3, {missing}",
    });
  });

  test("no other {key} fill in src: every layer uses engine/messages/fill.ts", () => {
    const own = files(SRC)
      .filter((f) => !f.endsWith(join("engine", "messages", "fill.ts")) && !f.endsWith(join("functions", "functions.ts")))
      .filter((f) => /\.replace\(\/\\\{\(\\w\+\)\\\}\/g/.test(readFileSync(f, "utf8")));
    expect(own).toEqual([]);
  });
});
