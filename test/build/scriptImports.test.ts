import * as fs from "fs";
import * as path from "path";

/*
 * Dependency direction around the sources: tests may import from src/ and scripts/, never the other way. A script
 * or a source file reaching into test/ would ship or run test support code (jest's describe, fixtures).
 */

const ROOT = path.join(__dirname, "..", "..");

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : /\.(ts|js)$/.test(e.name) ? [p] : [];
  });
}

/** Module specifiers of import/export … from, import(), require() in a file. */
function specifiers(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm)].map((m) => m[1]);
}

describe("scripts/ and src/ never import from test/", () => {
  it.each(["scripts", "src", "bench", "support"])("%s/", (dir) => {
    const wrong: string[] = [];
    for (const file of tsFiles(path.join(ROOT, dir))) {
      for (const s of specifiers(fs.readFileSync(file, "utf8"))) {
        if (!s.startsWith(".")) continue;
        const target = path.relative(ROOT, path.resolve(path.dirname(file), s));
        if (target === "test" || target.startsWith(`test${path.sep}`)) wrong.push(`${path.relative(ROOT, file)} → ${s}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("the check sees an import into test/ (the one scripts/render-reports.ts had)", () => {
    expect(specifiers('import { renderSheets } from "../test/support/renderSheets";\nconst x = require("./y");')).toEqual([
      "../test/support/renderSheets",
      "./y",
    ]);
  });
});
