import { spawnSync } from "child_process";
import { readFileSync } from "fs";
import { join } from "path";
import { checkManifest, EXPECTED_NAMESPACE, formatReport, ProblemCode } from "../../src/manifest/check";
import { parseXml, XmlElement } from "../../src/manifest/xml";
import { NAMESPACE } from "../../src/registry/index";

const ROOT = join(__dirname, "..", "..");
const MANIFEST_PATH = join(ROOT, "manifest.xml");
const MANIFEST = readFileSync(MANIFEST_PATH, "utf8");
const fixture = (name: string): string => join(__dirname, "fixtures", name);

/** The real manifest with one exact substring replaced (every occurrence); fails loudly if it is not there. */
function mutate(from: string | RegExp, to: string): string {
  const out = typeof from === "string" ? MANIFEST.split(from).join(to) : MANIFEST.replace(from, to);
  expect(out).not.toBe(MANIFEST);
  return out;
}

function codes(xml: string): ProblemCode[] {
  return checkManifest(xml).problems.map((p) => p.code);
}

describe("the real manifest.xml", () => {
  it("passes every check", () => {
    const report = checkManifest(MANIFEST);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it("declares the shared runtime, SHANTY namespace and the zh-CN metadata the add-in is built around", () => {
    const { facts } = checkManifest(MANIFEST);
    expect(facts.runtime).toBe("Taskpane.Url");
    expect(facts.namespace).toBe("SHANTY");
    expect(facts.scriptUrl).toBe("https://localhost:3000/functions.js");
    expect(facts.metadataUrl).toBe("https://localhost:3000/functions.json");
    expect(facts.metadataZhUrl).toBe("https://localhost:3000/functions-zh-cn.json");
  });

  it("has a zh-CN override for every user-visible display string", () => {
    const parsed = parseXml(MANIFEST);
    if (!parsed.ok) throw new Error("manifest must parse");
    const all: XmlElement[] = [];
    const walk = (e: XmlElement): void => {
      all.push(e);
      e.children.forEach((c) => c.type === "element" && walk(c));
    };
    walk(parsed.root);
    const hasZh = (e: XmlElement): boolean =>
      e.children.some(
        (c) => c.type === "element" && c.local === "Override" && c.attributes.some((a) => a.name === "Locale" && a.value === "zh-CN"),
      );
    const displayName = all.find((e) => e.local === "DisplayName")!;
    const description = all.find((e) => e.local === "Description" && e.attributes.some((a) => a.name === "DefaultValue"))!;
    expect(hasZh(displayName)).toBe(true);
    expect(hasZh(description)).toBe(true);
    const strings = all.filter((e) => e.name === "bt:String");
    for (const s of strings) {
      const id = s.attributes.find((a) => a.name === "id")!.value;
      // The namespace is the one string that must NOT be translated.
      expect([id, hasZh(s)]).toEqual([id, id !== "Functions.Namespace"]);
    }
  });

  it("expects the same namespace as the function registry", () => {
    expect(EXPECTED_NAMESPACE).toBe(NAMESPACE);
  });
});

describe("problems the check catches", () => {
  it("a dangling resid fails and names the missing id", () => {
    const report = checkManifest(mutate('<LearnMoreUrl resid="Help.Url"/>', '<LearnMoreUrl resid="Help.Missing"/>'));
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.code)).toEqual(["residUndefined"]);
    expect(report.problems[0].zh).toContain("Help.Missing");
    expect(report.problems[0].en).toContain('resid "Help.Missing" is not defined');
  });

  it("malformed XML (mismatched end tag) fails with its line", () => {
    const report = checkManifest(mutate("</Version>", "</Versio>"));
    expect(report.problems.map((p) => p.code)).toEqual(["malformed"]);
    const versionLine = MANIFEST.split("\n").findIndex((l) => l.includes("<Version>")) + 1;
    expect(report.problems[0].line).toBe(versionLine);
    expect(report.problems[0].en).toContain("'Versio'");
  });

  it("a malformed fixture (unclosed element) fails", () => {
    const report = checkManifest(readFileSync(fixture("malformed.xml"), "utf8"));
    expect(report.problems.map((p) => p.code)).toEqual(["malformed"]);
    expect(report.problems[0].en).toMatch(/DisplayName/);
  });

  it("a bare & in a display string is malformed", () => {
    expect(codes(mutate("Home &gt; Open", "Home & Open"))).toEqual(["malformed"]);
  });

  it("an http:// icon URL fails naming the URL", () => {
    const report = checkManifest(mutate("https://localhost:3000/assets/icon-16.png", "http://localhost:3000/assets/icon-16.png"));
    expect(report.problems.map((p) => p.code)).toEqual(["urlNotHttps"]);
    expect(report.problems[0].en).toContain("http://localhost:3000/assets/icon-16.png");
  });

  it("an http:// URL in a zh-CN override fails", () => {
    expect(
      codes(mutate('Value="https://localhost:3000/functions-zh-cn.json"', 'Value="http://localhost:3000/functions-zh-cn.json"')),
    ).toEqual(["urlNotHttps"]);
  });

  it("an http:// link inside a display string fails too", () => {
    expect(codes(mutate('DefaultValue="Shanty Balance is ready"', 'DefaultValue="See http://example.com"'))).toEqual(["urlNotHttps"]);
  });

  it("an http:// URL in the minimal fixture fails", () => {
    const report = checkManifest(readFileSync(fixture("http-learn-more.xml"), "utf8"));
    expect(report.problems.map((p) => p.code)).toEqual(["urlNotHttps"]);
    expect(report.problems[0].en).toContain("http://localhost:3000/help/index.html");
  });

  it("a URL on another origin fails, Office's go.microsoft.com is allowed", () => {
    expect(
      codes(
        mutate(
          '<bt:Url id="Help.Url" DefaultValue="https://localhost:3000/help/index.html"/>',
          '<bt:Url id="Help.Url" DefaultValue="https://example.com/help"/>',
        ),
      ),
    ).toEqual(["urlExternal"]);
    expect(
      codes(
        mutate(
          '<bt:Url id="Help.Url" DefaultValue="https://localhost:3000/help/index.html"/>',
          '<bt:Url id="Help.Url" DefaultValue="https://go.microsoft.com/fwlink/?LinkId=276812"/>',
        ),
      ),
    ).toEqual([]);
  });

  it("a wrong namespace fails", () => {
    const report = checkManifest(mutate('DefaultValue="SHANTY"', 'DefaultValue="CONTOSO"'));
    expect(report.problems.map((p) => p.code)).toEqual(["namespaceWrong"]);
    expect(report.problems[0].en).toContain('"CONTOSO"');
  });

  it("a namespace translated for zh-CN fails (function names are the same in every locale)", () => {
    expect(
      codes(
        mutate(
          '<bt:String id="Functions.Namespace" DefaultValue="SHANTY"/>',
          '<bt:String id="Functions.Namespace" DefaultValue="SHANTY"><bt:Override Locale="zh-CN" Value="棚改"/></bt:String>',
        ),
      ),
    ).toEqual(["namespaceWrong"]);
  });

  it("a function file on another runtime id fails", () => {
    const report = checkManifest(mutate('<FunctionFile resid="Taskpane.Url"/>', '<FunctionFile resid="Help.Url"/>'));
    expect(report.problems.map((p) => p.code)).toEqual(["runtimeMismatch"]);
    expect(report.problems[0].en).toContain("<FunctionFile>");
  });

  it("a custom functions page on another runtime id fails", () => {
    const report = checkManifest(mutate(/<Page>\s*<SourceLocation resid="Taskpane.Url"\/>/, '<Page><SourceLocation resid="Help.Url"/>'));
    expect(report.problems.map((p) => p.code)).toEqual(["runtimeMismatch"]);
    expect(report.problems[0].en).toContain("<Page>");
  });

  it("a task pane button on another runtime id fails", () => {
    const report = checkManifest(
      mutate(/(<TaskpaneId>\w+<\/TaskpaneId>\s*)<SourceLocation resid="Taskpane.Url"\/>/, '$1<SourceLocation resid="Help.Url"/>'),
    );
    expect(report.problems.map((p) => p.code)).toEqual(["runtimeMismatch"]);
    expect(report.problems[0].en).toContain("ShowTaskpane");
  });

  it("a runtime declared with another id than its users fails for each of them", () => {
    const report = checkManifest(mutate('<Runtime resid="Taskpane.Url"', '<Runtime resid="Help.Url"'));
    expect(report.problems.map((p) => p.code)).toEqual(["runtimeMismatch", "runtimeMismatch", "runtimeMismatch"]);
  });

  it("a runtime that is not long-lived fails", () => {
    expect(codes(mutate('lifetime="long"', 'lifetime="short"'))).toEqual(["runtimeLifetime"]);
  });

  it("missing script and metadata URLs fail", () => {
    expect(codes(mutate(/<Script>[\s\S]*?<\/Script>/, ""))).toContain("scriptMissing");
    expect(codes(mutate(/<Metadata>[\s\S]*?<\/Metadata>/, ""))).toContain("metadataMissing");
  });

  it("a metadata URL without its zh-CN override fails", () => {
    expect(codes(mutate(/\s*<bt:Override Locale="zh-CN" Value="https:\/\/localhost:3000\/functions-zh-cn.json"\/>/, ""))).toEqual([
      "metadataZhMissing",
    ]);
  });

  it("any permission other than ReadWriteDocument fails", () => {
    expect(codes(mutate("<Permissions>ReadWriteDocument</Permissions>", "<Permissions>ReadDocument</Permissions>"))).toEqual([
      "permissions",
    ]);
  });

  it("a resid pointing at the wrong kind of resource fails", () => {
    expect(codes(mutate('<Namespace resid="Functions.Namespace"/>', '<Namespace resid="Help.Url"/>'))).toEqual(
      expect.arrayContaining(["residWrongType"]),
    );
  });

  it("a duplicated resource id fails", () => {
    expect(codes(mutate('<bt:Url id="Help.Url"', '<bt:Url id="Taskpane.Url"'))).toEqual(expect.arrayContaining(["duplicateResource"]));
  });

  it("a resource id over 32 characters fails", () => {
    const long = "Functions.Metadata.Url.Localised.X"; // 34 characters
    expect(codes(mutate(/Functions\.Metadata\.Url/g, long))).toEqual(["residTooLong"]);
  });

  it("a document that is not an OfficeApp fails", () => {
    expect(codes(readFileSync(fixture("not-officeapp.xml"), "utf8"))).toEqual(["rootNotOfficeApp"]);
  });

  it("reports every problem at once", () => {
    const broken = MANIFEST.replace('DefaultValue="SHANTY"', 'DefaultValue="X"')
      .replace("<Permissions>ReadWriteDocument</Permissions>", "<Permissions>ReadDocument</Permissions>")
      .replace('<LearnMoreUrl resid="Help.Url"/>', '<LearnMoreUrl resid="Nope"/>');
    expect(new Set(codes(broken))).toEqual(new Set(["namespaceWrong", "permissions", "residUndefined"]));
  });
});

describe("report text", () => {
  it("says manifest OK for a passing manifest", () => {
    expect(formatReport(checkManifest(MANIFEST), "manifest.xml")).toMatch(/^manifest OK/);
  });

  it("lists each problem in Chinese then English", () => {
    const text = formatReport(checkManifest(mutate('<LearnMoreUrl resid="Help.Url"/>', '<LearnMoreUrl resid="Help.Missing"/>')), "m.xml");
    const lines = text.split("\n");
    expect(lines[1]).toContain("未在 <Resources> 中定义");
    expect(lines[2]).toContain("is not defined in <Resources>");
  });
});

describe("the manifest's XML reading (fast-xml-parser, plus namespaces and the XML 1.0 rules it lets through)", () => {
  const ok = (xml: string): XmlElement => {
    const r = parseXml(xml);
    if (!r.ok) throw new Error(`expected well-formed: ${r.error.en}`);
    return r.root;
  };
  const err = (xml: string): string => {
    const r = parseXml(xml);
    if (r.ok) throw new Error("expected a syntax error");
    return r.error.en;
  };

  it("decodes entities, character references and CDATA", () => {
    const root = ok(`<a t="x &amp; &lt;y&gt; &#39;&#x4E2D;&quot;">1 &amp; 2<![CDATA[<raw> & ]]></a>`);
    expect(root.attributes[0].value).toBe(`x & <y> '中"`);
    expect(root.children.map((c) => (c.type === "text" ? c.text : "")).join("")).toBe("1 & 2<raw> & ");
  });

  it("resolves namespace prefixes and the default namespace", () => {
    const root = ok(`<r xmlns="urn:d" xmlns:bt="urn:bt"><bt:Url id="u"/><x/></r>`);
    const [url, x] = root.children.filter((c): c is XmlElement => c.type === "element");
    expect([url.local, url.ns, x.ns]).toEqual(["Url", "urn:bt", "urn:d"]);
  });

  it.each([
    ["<a><b></a>", "Expected closing tag"],
    ["<a>", "Unclosed tag"],
    ['<a x="1" x="2"/>', "repeated"],
    ["<a x=1/>", "without value"],
    ['<a x="<"/>', '"<" is not allowed'],
    ["<a>&nbsp;</a>", "Undefined entity"],
    ["<a>&#0;</a>", "not a legal XML character"],
    ["<a/><b/>", "exactly one root element"],
    ["text<a/>", "is not expected"],
    ["<!DOCTYPE a><a/>", "DOCTYPE"],
    ["<a><!-- a -- b --></a>", '"--"'],
    ["<bt:a/>", "not declared"],
    ['<a x="1"y="2"/>', "has no space"],
    ["", "Empty document"],
    ["<a>a & b</a>", 'bare "&"'],
    ['<a/><?xml version="1.0"?>', "very start"],
  ])("rejects %s", (xml, message) => {
    expect(err(xml)).toContain(message);
  });

  it("reports line and column of the error", () => {
    const r = parseXml("<a>\n  <b>\n  </c>\n</a>");
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.error.line, r.error.col]).toEqual([3, 3]);
  });
});

describe("npm run check:manifest (the script)", () => {
  const run = (file: string) =>
    spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", join(ROOT, "scripts", "check-manifest.ts"), file], {
      cwd: ROOT,
      encoding: "utf8",
    });

  it("exits 0 and prints manifest OK for the real manifest", () => {
    const r = run(MANIFEST_PATH);
    expect(r.stdout).toMatch(/manifest OK/);
    expect(r.status).toBe(0);
  });

  it("exits 1 and lists the problem for a broken manifest", () => {
    const r = run(fixture("http-learn-more.xml"));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("URL 必须使用 https");
    expect(r.stderr).toContain("URL must use https");
  });
});
