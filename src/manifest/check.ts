/**
 * Offline check of the add-in manifest (manifest.xml). `office-addin-manifest validate` needs an online service,
 * and `office-addin-manifest info` only catches malformed XML, so this checks what breaks a shared-runtime
 * custom-functions add-in in practice: well-formed XML, every resid defined, https everywhere, the SHANTY
 * namespace, one runtime id used by the functions page, the task pane button and the function file, the
 * functions script/metadata URLs with the zh-CN metadata override, and ReadWriteDocument permission.
 * Pure: text in, report out (scripts/check-manifest.ts does the file and exit code).
 */
import { fillTemplate } from "../engine/messages/fill";
import { attr, attrNS, childElements, descendants, parseXml, textOf, XmlElement } from "./xml";

/** Namespace every SHANTY custom function lives in (equals NAMESPACE in src/registry/index.ts; a test keeps them equal). */
export const EXPECTED_NAMESPACE = "SHANTY";

export const BT_NS = "http://schemas.microsoft.com/office/officeappbasictypes/1.0";
export const XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";

/** Office limits: resid ≤ 32 characters; bt:ShortStrings ≤ 125, bt:LongStrings ≤ 250. */
const MAX_RESID = 32;
const MAX_SHORT = 125;
const MAX_LONG = 250;

/** Problem catalogue: Chinese first, English second; {keys} are replaced from the problem's params. */
const MESSAGES = {
  malformed: ["XML 格式错误（第 {line} 行第 {col} 列）：{zh}", "Malformed XML (line {line}, column {col}): {en}"],
  rootNotOfficeApp: ["根元素应为 <OfficeApp>，实际为 <{name}>", "The root element must be <OfficeApp>, found <{name}>"],
  idNotGuid: ["<Id> 应为 GUID，实际为 “{value}”", '<Id> must be a GUID, found "{value}"'],
  hostNotWorkbook: ['<Hosts> 中缺少 <Host Name="Workbook"/>（Excel）', '<Hosts> lacks <Host Name="Workbook"/> (Excel)'],
  sharedRuntimeSetMissing: ["<Requirements> 中缺少 SharedRuntime 1.1 要求集", "<Requirements> lacks the SharedRuntime 1.1 requirement set"],
  permissions: ["<Permissions> 应为 ReadWriteDocument，实际为 “{value}”", '<Permissions> must be ReadWriteDocument, found "{value}"'],
  resourcesMissing: ["缺少 <Resources>（VersionOverrides 内）", "<Resources> (inside VersionOverrides) is missing"],
  duplicateResource: ["资源 id “{id}” 重复定义（第 {line} 行）", 'Resource id "{id}" is defined more than once (line {line})'],
  residTooLong: ["资源 id “{id}” 超过 32 个字符（第 {line} 行）", 'Resource id "{id}" is longer than 32 characters (line {line})'],
  residUndefined: [
    "resid “{id}” 未在 <Resources> 中定义（第 {line} 行 <{element}>）",
    'resid "{id}" is not defined in <Resources> (line {line}, <{element}>)',
  ],
  residWrongType: [
    "resid “{id}” 应指向 {expected}，实际是 {actual}（第 {line} 行 <{element}>）",
    'resid "{id}" must refer to a {expected}, but it is a {actual} (line {line}, <{element}>)',
  ],
  stringTooLong: [
    "字符串 “{id}” 长度 {length} 超过上限 {max}（第 {line} 行）",
    'String "{id}" is {length} characters long, over the limit of {max} (line {line})',
  ],
  urlNotHttps: ["URL 必须使用 https：{url}（第 {line} 行）", "URL must use https: {url} (line {line})"],
  urlInvalid: ["不是有效的绝对 URL：“{url}”（第 {line} 行）", 'Not a valid absolute URL: "{url}" (line {line})'],
  urlExternal: [
    "URL 指向外部站点 {host}，只允许本加载项自身的 {own}：{url}（第 {line} 行）",
    "URL points to an external site {host}; only the add-in's own {own} is allowed: {url} (line {line})",
  ],
  customFunctionsMissing: [
    '缺少 <ExtensionPoint xsi:type="CustomFunctions">',
    'The <ExtensionPoint xsi:type="CustomFunctions"> is missing',
  ],
  scriptMissing: [
    "自定义函数缺少脚本 URL（<Script><SourceLocation resid>）",
    "Custom functions lack the script URL (<Script><SourceLocation resid>)",
  ],
  metadataMissing: [
    "自定义函数缺少元数据 URL（<Metadata><SourceLocation resid>）",
    "Custom functions lack the metadata URL (<Metadata><SourceLocation resid>)",
  ],
  metadataZhMissing: [
    '元数据 URL “{id}” 缺少 zh-CN 覆盖（<bt:Override Locale="zh-CN" Value="…functions-zh-cn.json"/>）',
    'Metadata URL "{id}" lacks its zh-CN override (<bt:Override Locale="zh-CN" Value="…functions-zh-cn.json"/>)',
  ],
  namespaceMissing: ["自定义函数缺少 <Namespace resid>", "Custom functions lack <Namespace resid>"],
  namespaceWrong: [
    "函数命名空间应为 “{expected}”，实际为 “{value}”（资源 “{id}”）",
    'The function namespace must be "{expected}", found "{value}" (resource "{id}")',
  ],
  runtimeMissing: [
    '缺少共享运行时 <Runtimes><Runtime resid="…" lifetime="long"/>',
    'The shared runtime <Runtimes><Runtime resid="…" lifetime="long"/> is missing',
  ],
  runtimeMultiple: ["共享运行时应只有一个 <Runtime>，实际有 {count} 个", "A shared runtime needs exactly one <Runtime>, found {count}"],
  runtimeLifetime: [
    '<Runtime resid="{id}"> 的 lifetime 应为 long，实际为 “{value}”',
    '<Runtime resid="{id}"> must have lifetime="long", found "{value}"',
  ],
  runtimeUseMissing: [
    "缺少 {whereZh}，它必须使用共享运行时 “{runtime}”",
    '{whereEn} is missing; it must use the shared runtime "{runtime}"',
  ],
  runtimeMismatch: [
    "{whereZh} 的 resid “{id}” 与共享运行时 “{runtime}” 不一致（第 {line} 行）",
    '{whereEn} uses resid "{id}", not the shared runtime "{runtime}" (line {line})',
  ],
} as const satisfies Record<string, readonly [string, string]>;

export type ProblemCode = keyof typeof MESSAGES;

export interface Problem {
  readonly code: ProblemCode;
  readonly zh: string;
  readonly en: string;
  readonly line?: number;
}

/** What a passing manifest declares, for the summary line. */
export interface ManifestFacts {
  readonly resources: number;
  readonly residReferences: number;
  readonly runtime?: string;
  readonly namespace?: string;
  readonly scriptUrl?: string;
  readonly metadataUrl?: string;
  readonly metadataZhUrl?: string;
  readonly urls: number;
}

export interface ManifestReport {
  readonly ok: boolean;
  readonly problems: readonly Problem[];
  readonly facts: ManifestFacts;
}

export interface CheckOptions {
  readonly expectedNamespace?: string;
  /** Hosts a URL may point to besides the add-in's own origin (e.g. Office's go.microsoft.com LearnMore link). */
  readonly allowedExternalHosts?: readonly string[];
}

type ResourceKind = "bt:Image" | "bt:Url" | "bt:String";
interface Resource {
  readonly id: string;
  readonly kind: ResourceKind;
  readonly el: XmlElement;
  readonly defaultValue?: string;
  readonly overrides: readonly { locale?: string; value?: string; line: number }[];
}

function problem(code: ProblemCode, params: Record<string, string | number> = {}, line?: number): Problem {
  const fill = (template: string): string => fillTemplate(template, params);
  const [zh, en] = MESSAGES[code];
  return { code, zh: fill(zh), en: fill(en), line };
}

/** Elements whose DefaultValue (and Override Value) is a URL: the top-level URL elements and bt:Image / bt:Url. */
function isUrlElement(el: XmlElement): boolean {
  if (["IconUrl", "HighResolutionIconUrl", "SupportUrl", "SourceLocation"].includes(el.local)) return true;
  return el.ns === BT_NS && (el.local === "Image" || el.local === "Url");
}

/** Check manifest text; never throws. */
export function checkManifest(xml: string, options: CheckOptions = {}): ManifestReport {
  const expectedNamespace = options.expectedNamespace ?? EXPECTED_NAMESPACE;
  const allowedHosts = new Set((options.allowedExternalHosts ?? ["go.microsoft.com"]).map((h) => h.toLowerCase()));
  const problems: Problem[] = [];
  const noFacts: ManifestFacts = { resources: 0, residReferences: 0, urls: 0 };

  const parsed = parseXml(xml);
  if (!parsed.ok) {
    const e = parsed.error;
    return { ok: false, problems: [problem("malformed", { line: e.line, col: e.col, zh: e.zh, en: e.en }, e.line)], facts: noFacts };
  }
  const root = parsed.root;
  if (root.local !== "OfficeApp") {
    return { ok: false, problems: [problem("rootNotOfficeApp", { name: root.name }, root.line)], facts: noFacts };
  }
  const all = descendants(root);
  const byLocal = (local: string): XmlElement[] => all.filter((e) => e.local === local);
  const xsiType = (e: XmlElement): string | undefined => attrNS(e, XSI_NS, "type");

  // --- identity, host, requirements, permissions
  const id = childElements(root, "Id")[0];
  const idText = id ? textOf(id).trim() : "";
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(idText))
    problems.push(problem("idNotGuid", { value: idText }, id?.line));
  const topHosts = childElements(root, "Hosts").flatMap((h) => childElements(h, "Host"));
  if (!topHosts.some((h) => attr(h, "Name") === "Workbook")) problems.push(problem("hostNotWorkbook"));
  const sets = childElements(root, "Requirements")
    .flatMap((r) => childElements(r, "Sets"))
    .flatMap((s) => childElements(s, "Set"));
  if (!sets.some((s) => attr(s, "Name") === "SharedRuntime")) problems.push(problem("sharedRuntimeSetMissing"));
  const permissions = childElements(root, "Permissions")[0];
  const permissionText = permissions ? textOf(permissions).trim() : "";
  if (permissionText !== "ReadWriteDocument") problems.push(problem("permissions", { value: permissionText }, permissions?.line));

  // --- resources
  const resources = new Map<string, Resource>();
  const resourcesEls = byLocal("Resources");
  if (resourcesEls.length === 0) problems.push(problem("resourcesMissing"));
  for (const container of resourcesEls) {
    const longStrings = new Set(childElements(container, "LongStrings").flatMap((l) => childElements(l, "String")));
    for (const el of descendants(container)) {
      if (el.ns !== BT_NS || !["Image", "Url", "String"].includes(el.local) || attr(el, "id") === undefined) continue;
      const resId = attr(el, "id")!;
      const kind = `bt:${el.local}` as ResourceKind;
      if (resources.has(resId)) problems.push(problem("duplicateResource", { id: resId, line: el.line }, el.line));
      if (resId.length > MAX_RESID) problems.push(problem("residTooLong", { id: resId, line: el.line }, el.line));
      const overrides = childElements(el, "Override").map((o) => ({ locale: attr(o, "Locale"), value: attr(o, "Value"), line: o.line }));
      resources.set(resId, { id: resId, kind, el, defaultValue: attr(el, "DefaultValue"), overrides });
      if (kind === "bt:String") {
        // Which list the string sits in decides its limit.
        const max = longStrings.has(el) ? MAX_LONG : MAX_SHORT;
        for (const text of [attr(el, "DefaultValue") ?? "", ...overrides.map((o) => o.value ?? "")]) {
          const length = [...text].length;
          if (length > max) problems.push(problem("stringTooLong", { id: resId, length, max, line: el.line }, el.line));
        }
      }
    }
  }

  // --- every resid reference resolves
  let residReferences = 0;
  for (const el of all) {
    const ref = attr(el, "resid");
    if (ref === undefined) continue;
    residReferences++;
    if (!resources.has(ref)) {
      problems.push(problem("residUndefined", { id: ref, line: el.line, element: el.name }, el.line));
      continue;
    }
    const expected: ResourceKind | undefined =
      el.ns === BT_NS && el.local === "Image"
        ? "bt:Image"
        : ["SourceLocation", "FunctionFile", "Runtime", "LearnMoreUrl"].includes(el.local)
          ? "bt:Url"
          : ["Namespace", "Label", "Title", "Description"].includes(el.local)
            ? "bt:String"
            : undefined;
    const actual = resources.get(ref)!.kind;
    if (expected && actual !== expected)
      problems.push(problem("residWrongType", { id: ref, expected, actual, line: el.line, element: el.name }, el.line));
  }

  // --- URLs: https, absolute, own origin
  const defaultSource = childElements(root, "DefaultSettings").flatMap((d) => childElements(d, "SourceLocation"))[0];
  // The add-in's own host (host:port) — compared without the scheme, so one http:// URL is reported once, as not https.
  const ownHost =
    hostOf(defaultSource ? attr(defaultSource, "DefaultValue") : undefined) ?? hostOf(resources.get(runtimeIdOf(all) ?? "")?.defaultValue);
  let urls = 0;
  const reported = new Set<string>();
  const checkUrl = (url: string, line: number): void => {
    urls++;
    const key = `${line}\u0000${url}`;
    if (reported.has(key)) return;
    reported.add(key);
    let parsedUrl: URL;
    try {
      parsedUrl = new URL(url);
    } catch {
      problems.push(problem("urlInvalid", { url, line }, line));
      return;
    }
    if (parsedUrl.protocol !== "https:") problems.push(problem("urlNotHttps", { url, line }, line));
    else if (ownHost && parsedUrl.host !== ownHost && !allowedHosts.has(parsedUrl.hostname.toLowerCase())) {
      problems.push(problem("urlExternal", { url, host: parsedUrl.hostname, own: ownHost, line }, line));
    }
  };
  for (const el of all) {
    if (isUrlElement(el)) {
      const value = attr(el, "DefaultValue");
      if (value !== undefined) checkUrl(value, el.line);
      for (const o of childElements(el, "Override")) {
        const v = attr(o, "Value");
        if (v !== undefined) checkUrl(v, o.line);
      }
    } else if (el.local === "AppDomain") {
      checkUrl(textOf(el).trim(), el.line);
    }
  }
  // Anywhere else (strings, other attributes), a plain-http URL is still a problem; namespace declarations are names, not links.
  for (const el of all) {
    const values = [
      ...el.attributes.filter((a) => a.name !== "xmlns" && !a.name.startsWith("xmlns:")).map((a) => ({ v: a.value, line: el.line })),
      ...el.children.flatMap((c) => (c.type === "text" ? [{ v: c.text, line: c.line }] : [])),
    ];
    for (const { v, line } of values) {
      for (const m of v.matchAll(/\bhttp:\/\/[^\s"'<>]*/gi)) {
        const key = `${line}\u0000${m[0]}`;
        if (reported.has(key) || reported.has(`${line}\u0000${v}`)) continue;
        reported.add(key);
        problems.push(problem("urlNotHttps", { url: m[0], line }, line));
      }
    }
  }

  // --- custom functions: script, metadata (+ zh-CN), namespace, page
  const cf = byLocal("ExtensionPoint").find((e) => xsiType(e) === "CustomFunctions");
  const facts: { -readonly [K in keyof ManifestFacts]: ManifestFacts[K] } = { resources: resources.size, residReferences, urls };
  const sourceResid = (parent: XmlElement | undefined, local: string): { id?: string; el?: XmlElement } => {
    const holder = parent ? childElements(parent, local)[0] : undefined;
    const source = holder ? childElements(holder, "SourceLocation")[0] : undefined;
    return { id: source ? attr(source, "resid") : undefined, el: source };
  };
  const page = sourceResid(cf, "Page");
  if (!cf) problems.push(problem("customFunctionsMissing"));
  else {
    const script = sourceResid(cf, "Script");
    if (!script.id) problems.push(problem("scriptMissing"));
    else facts.scriptUrl = resources.get(script.id)?.defaultValue;
    const metadata = sourceResid(cf, "Metadata");
    if (!metadata.id) problems.push(problem("metadataMissing"));
    else {
      const res = resources.get(metadata.id);
      facts.metadataUrl = res?.defaultValue;
      const zh = res?.overrides.find((o) => o.locale?.toLowerCase() === "zh-cn" && o.value);
      if (res && !zh) problems.push(problem("metadataZhMissing", { id: metadata.id }, res.el.line));
      facts.metadataZhUrl = zh?.value;
    }
    const ns = childElements(cf, "Namespace")[0];
    const nsId = ns ? attr(ns, "resid") : undefined;
    if (!nsId) problems.push(problem("namespaceMissing"));
    else {
      const res = resources.get(nsId);
      if (res) {
        // The namespace is part of every formula, so no locale may change it.
        const values = [
          { value: res.defaultValue ?? "", line: res.el.line },
          ...res.overrides.map((o) => ({ value: o.value ?? "", line: o.line })),
        ];
        for (const { value, line } of values) {
          if (value !== expectedNamespace) problems.push(problem("namespaceWrong", { expected: expectedNamespace, value, id: nsId }, line));
        }
        facts.namespace = res.defaultValue;
      }
    }
  }

  // --- one shared runtime, used by the functions page, the task pane button and the function file
  const runtimes = byLocal("Runtime");
  const runtimeId = runtimeIdOf(all);
  if (runtimes.length === 0 || runtimeId === undefined) problems.push(problem("runtimeMissing"));
  else {
    if (runtimes.length > 1) problems.push(problem("runtimeMultiple", { count: runtimes.length }));
    facts.runtime = runtimeId;
    const lifetime = attr(runtimes[0], "lifetime") ?? "";
    if (lifetime !== "long") problems.push(problem("runtimeLifetime", { id: runtimeId, value: lifetime }, runtimes[0].line));
    const uses: { whereZh: string; whereEn: string; found: { id?: string; el?: XmlElement }[] }[] = [];
    if (cf)
      uses.push({ whereZh: "自定义函数 <Page><SourceLocation>", whereEn: "The custom functions <Page><SourceLocation>", found: [page] });
    const buttons = byLocal("Action").filter((a) => xsiType(a) === "ShowTaskpane");
    if (buttons.length > 0) {
      uses.push({
        whereZh: '任务窗格按钮 <Action xsi:type="ShowTaskpane"><SourceLocation>',
        whereEn: 'The task pane button <Action xsi:type="ShowTaskpane"><SourceLocation>',
        found: buttons.map((b) => {
          const source = childElements(b, "SourceLocation")[0];
          return { id: source ? attr(source, "resid") : undefined, el: source ?? b };
        }),
      });
    }
    const functionFiles = byLocal("FunctionFile");
    uses.push({ whereZh: "<FunctionFile>", whereEn: "<FunctionFile>", found: functionFiles.map((f) => ({ id: attr(f, "resid"), el: f })) });
    for (const use of uses) {
      if (use.found.length === 0 || use.found.some((f) => f.id === undefined)) {
        problems.push(problem("runtimeUseMissing", { whereZh: use.whereZh, whereEn: use.whereEn, runtime: runtimeId }));
      }
      for (const f of use.found) {
        if (f.id !== undefined && f.id !== runtimeId) {
          problems.push(
            problem(
              "runtimeMismatch",
              { whereZh: use.whereZh, whereEn: use.whereEn, id: f.id, runtime: runtimeId, line: f.el?.line ?? 0 },
              f.el?.line,
            ),
          );
        }
      }
    }
  }

  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { ok: problems.length === 0, problems, facts };
}

/** The resid of the first <Runtimes><Runtime>. */
function runtimeIdOf(all: readonly XmlElement[]): string | undefined {
  const runtime = all.find((e) => e.local === "Runtime");
  return runtime ? attr(runtime, "resid") : undefined;
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/** The text printed by `npm run check:manifest`. */
export function formatReport(report: ManifestReport, file: string): string {
  if (report.ok) {
    const f = report.facts;
    return [
      `manifest OK（清单检查通过）: ${file}`,
      `  ${f.resources} resources, ${f.residReferences} resid references resolved, ${f.urls} URLs all https`,
      `  runtime ${f.runtime}; namespace ${f.namespace}`,
      `  functions ${f.scriptUrl} + ${f.metadataUrl} (zh-CN ${f.metadataZhUrl})`,
    ].join("\n");
  }
  const lines = [`manifest 检查未通过 / manifest check failed: ${file} — ${report.problems.length} 个问题 / problem(s)`];
  for (const p of report.problems) lines.push(`  ✗ ${p.zh}`, `    ${p.en}`);
  return lines.join("\n");
}
