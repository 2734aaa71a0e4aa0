import { readFileSync } from "fs";
import { join } from "path";

const root = join(__dirname, "../..");
const read = (p: string) => readFileSync(join(root, p), "utf8");

describe("security of the add-in surface", () => {
  it("the manifest asks for ReadWriteDocument and nothing more", () => {
    const permissions = read("manifest.xml").match(/<Permissions>([^<]*)<\/Permissions>/g) ?? [];
    expect(permissions).toEqual(["<Permissions>ReadWriteDocument</Permissions>"]);
  });

  it("the task pane's CSP allows connections only to its own origin, scripts only from itself and Office", () => {
    const html = read("src/taskpane/taskpane.html");
    const csp = /Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? "";
    const directives = Object.fromEntries(
      csp
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v]),
    );
    expect(directives["default-src"]).toEqual(["'self'"]);
    expect(directives["connect-src"]).toEqual(["'self'"]);
    expect(directives["script-src"]).toEqual(["'self'", "https://appsforoffice.microsoft.com"]);
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline/);
  });

  it("production dependencies are the declared few, and the build enforces it", () => {
    const pkg = JSON.parse(read("package.json")) as { dependencies: Record<string, string> };
    // decimal.js is the add-in's; the rest serve the CLI only (ExcelJS, JSZip and fast-xml-parser for packages,
    // HyperFormula for formulas) and never reach a bundle (next test).
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["decimal.js", "exceljs", "fast-xml-parser", "hyperformula", "jszip"]);
    expect(read("webpack.config.js")).toContain(
      'const ALLOWED_DEPENDENCIES = ["decimal.js", "exceljs", "fast-xml-parser", "hyperformula", "jszip"]',
    );
  });

  it("the add-in sources never reach for HyperFormula, ExcelJS, eval or the Function constructor", () => {
    const { execSync } = jest.requireActual("child_process") as typeof import("child_process");
    const files = execSync("git ls-files src/functions src/taskpane src/excel src/workbook src/registry src/engine", {
      cwd: root,
      encoding: "utf8",
    })
      .split("\n")
      .filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) {
      const text = read(f);
      // One exception: the pane's portable export zips in a chunk of its own, loaded on its click (next test).
      const forbidden =
        f === "src/excel/portableFile.ts"
          ? /from "(hyperformula|exceljs|fast-xml-parser)"/
          : /from "(hyperformula|exceljs|jszip|fast-xml-parser)"/;
      expect([f, forbidden.test(text)]).toEqual([f, false]);
      expect([f, /\beval\s*\(|new Function\s*\(/.test(text)]).toEqual([f, false]);
    }
  });

  it("JSZip reaches the add-in only through portable.ts's on-demand import of portableFile.ts", () => {
    const { execSync } = jest.requireActual("child_process") as typeof import("child_process");
    const importers = execSync(
      'git grep --untracked -l -E \'portableFile"|from "jszip"\' -- src/excel src/taskpane src/workbook src/registry src/engine src/functions',
      { cwd: root, encoding: "utf8" },
    )
      .split("\n")
      .filter(Boolean)
      .sort();
    expect(importers).toEqual(["src/excel/portable.ts", "src/excel/portableFile.ts"]);
    expect(read("src/excel/portable.ts")).toMatch(/await import\(\/\* webpackChunkName: "portable" \*\/ "\.\/portableFile"\)/);
    expect(read("src/excel/portable.ts")).not.toMatch(/^import .*portableFile/m);
  });
});
