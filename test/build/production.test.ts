import { execFileSync } from "child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "fs";
import { tmpdir } from "os";
import { join, relative } from "path";
import { checkManifest } from "../../src/manifest/check";
import { validateManifestXsd } from "../manifest/xsdValidate";

/* eslint-disable @typescript-eslint/no-require-imports */
const ROOT = join(__dirname, "..", "..");
const config = require(join(ROOT, "webpack.config.js")) as {
  productionUrl: () => { base: string; origin: string };
  toProdUrls: (text: string, prod: { base: string; origin: string }) => string;
  localhostLeft: (assets: { name: string; text: string }[]) => string[];
  localOfficeJsHtml: (html: string) => string;
};

function withEnv<T>(env: Record<string, string | undefined>, f: () => T): T {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  try {
    return f();
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

describe("the production URL rewrite (pure parts of webpack.config.js)", () => {
  const prod = { base: "https://addin.example.org/shanty/", origin: "https://addin.example.org" };

  it("rewrites URLs with a path and the bare origin of <AppDomain> (no trailing slash, no path)", () => {
    const text = '<AppDomain>https://localhost:3000</AppDomain><bt:Url DefaultValue="https://localhost:3000/functions.json"/>';
    expect(config.toProdUrls(text, prod)).toBe(
      '<AppDomain>https://addin.example.org</AppDomain><bt:Url DefaultValue="https://addin.example.org/shanty/functions.json"/>',
    );
  });

  it("SHANTY_PROD_URL: a trailing slash is added; http, local addresses, queries are refused", () => {
    expect(withEnv({ SHANTY_PROD_URL: "https://addin.example.org/shanty" }, () => config.productionUrl())).toEqual(prod);
    for (const bad of ["http://addin.example.org/", "https://localhost:8443/", "https://addin.example.org/?v=1", "addin.example.org"]) {
      expect(() => withEnv({ SHANTY_PROD_URL: bad }, () => config.productionUrl())).toThrow(/SHANTY_PROD_URL/);
    }
  });

  it("the gate names every file that still says localhost, except Microsoft's verbatim office-js/ copy", () => {
    const left = config.localhostLeft([
      { name: "functions.json", text: '{"helpUrl":"https://localhost:3000/help/X.html"}' },
      { name: "taskpane.html", text: "<html>ok</html>" },
      { name: "office-js/excel-win32-16.01.js", text: "if(host==='localhost')" },
    ]);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^functions\.json: /);
  });

  it("the intranet build points the page at its own office.js and drops the CDN from the CSP", () => {
    const html = readFileSync(join(ROOT, "src/taskpane/taskpane.html"), "utf8");
    const local = config.localOfficeJsHtml(html);
    expect(local).toContain('<script src="office-js/office.js"></script>');
    expect(local).not.toMatch(/appsforoffice|https?:\/\//);
  });
});

/** Every file under dir, relative, with its text (office-js/ listed but not read). */
function files(dir: string): { name: string; text?: string }[] {
  const out: { name: string; text?: string }[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const name = relative(dir, p).split("\\").join("/");
        out.push({ name, text: name.startsWith("office-js/") || name.endsWith(".png") ? undefined : readFileSync(p, "utf8") });
      }
    }
  };
  walk(dir);
  return out;
}

/** XML namespace names in the manifest are identifiers, never fetched. */
// XML namespace names (identifiers, never fetched): Office's, W3C's and the OOXML package's (the portable export writes them).
const NAMESPACE_URI = /^http:\/\/(schemas\.microsoft\.com\/office\/|www\.w3\.org\/|schemas\.openxmlformats\.org\/)/;

describe("an intranet production build (SHANTY_PROD_URL=https://addin.example.org/ SHANTY_OFFICE_JS=local)", () => {
  jest.setTimeout(600_000);
  const dist = mkdtempSync(join(tmpdir(), "shanty-dist-"));
  let all: { name: string; text?: string }[] = [];

  beforeAll(() => {
    execFileSync(process.execPath, [require.resolve("webpack-cli/bin/cli.js"), "--mode", "production"], {
      cwd: ROOT,
      env: { ...process.env, SHANTY_PROD_URL: "https://addin.example.org/", SHANTY_OFFICE_JS: "local", SHANTY_DIST: dist },
      stdio: "pipe",
    });
    all = files(dist);
  });
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it("has no localhost in any file of its own", () => {
    const left = all.filter((f) => f.text?.includes("localhost")).map((f) => f.name);
    expect(left).toEqual([]);
    expect(all.filter((f) => f.text !== undefined).length).toBeGreaterThan(30); // manifest, metadata, 28+ help pages, html, js
  });

  it("references no external URL at all: every URL is the add-in's own origin (or an XML namespace name)", () => {
    const external: string[] = [];
    // *.LICENSE.txt are the bundled libraries' licence notices (decimal.js names its home page); no page loads them.
    for (const f of all.filter((x) => !x.name.endsWith(".LICENSE.txt"))) {
      for (const m of f.text?.matchAll(/https?:\/\/[^\s"'<>)\\]+/g) ?? []) {
        if (m[0].startsWith("https://addin.example.org/") || m[0] === "https://addin.example.org" || NAMESPACE_URI.test(m[0])) continue;
        external.push(`${f.name}: ${m[0]}`);
      }
    }
    expect(external).toEqual([]);
  });

  it("loads office.js from its own copy, with a CSP that allows scripts from itself only", () => {
    const html = all.find((f) => f.name === "taskpane.html")!.text!;
    expect(html).toMatch(/<script src="?office-js\/office\.js"?>/);
    const csp = /Content-Security-Policy"?\s+content="([^"]+)"/.exec(html)?.[1] ?? "";
    expect(csp).toMatch(/script-src 'self';/);
    expect(all.some((f) => f.name === "office-js/office.js")).toBe(true);
    expect(all.some((f) => /^office-js\/excel-win32-16\.01\.js$/.test(f.name))).toBe(true);
    expect(all.some((f) => /^office-js\/zh-cn\/office_strings\.js$/.test(f.name))).toBe(true);
    expect(all.filter((f) => /\.debug\.js$|^office-js\/(.*\/)?(outlook|word|powerpoint)/.test(f.name))).toEqual([]);
    // Microsoft's copy, byte for byte (not minified again, not URL-rewritten)
    const pkg = join(require.resolve("@microsoft/office-js/package.json"), "..", "dist");
    for (const f of ["office.js", "excel-win32-16.01.js", "zh-cn/office_strings.js"]) {
      expect([f, readFileSync(join(dist, "office-js", f)).equals(readFileSync(join(pkg, f)))]).toEqual([f, true]);
    }
  });

  it("every helpUrl of both metadata files points at the production help pages", () => {
    for (const file of ["functions.json", "functions-zh-cn.json"]) {
      const meta = JSON.parse(all.find((f) => f.name === file)!.text!) as { functions: { id: string; helpUrl: string }[] };
      expect(meta.functions.length).toBeGreaterThanOrEqual(28);
      for (const fn of meta.functions) expect([file, fn.helpUrl]).toEqual([file, `https://addin.example.org/help/${fn.id}.html`]);
    }
  });

  it("dist/manifest.xml passes check:manifest and the XSD, with the AppDomain as an origin", async () => {
    const xml = all.find((f) => f.name === "manifest.xml")!.text!;
    expect(checkManifest(xml).problems).toEqual([]);
    expect(await validateManifestXsd(xml, "dist/manifest.xml")).toEqual([]);
    expect(xml).toContain("<AppDomain>https://addin.example.org</AppDomain>");
    expect(xml).toContain("<Permissions>ReadWriteDocument</Permissions>");
  });
});
