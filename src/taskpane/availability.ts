/**
 * What works in this host, and what to tell the user when something does not (issue 14): office.js may fail to
 * load (an intranet that blocks Microsoft's CDN), or the host may lack a requirement set (volume-licensed Office
 * 2019 has no JavaScript custom functions). Pure: the pane hands in what it observed (`detectCapabilities` reads
 * it from the Office global) and shows the message; nothing here touches the DOM. Chinese first, English second.
 */

/** The manifest's requirement sets and what each one enables (a test keeps this list equal to manifest.xml). */
export const REQUIREMENT_SETS = [
  { name: "ExcelApi", version: "1.8", feature: "pane" },
  { name: "CustomFunctionsRuntime", version: "1.3", feature: "functions" },
  { name: "SharedRuntime", version: "1.1", feature: "functions" },
] as const;

export type Feature = (typeof REQUIREMENT_SETS)[number]["feature"];

export interface Capabilities {
  /** office.js loaded and Office.onReady answered within the pane's wait. */
  readonly officeLoaded: boolean;
  /** Office.context.host once ready ("Excel" expected); null when unknown. */
  readonly host?: string | null;
  /** isSetSupported(name, version) per requirement set name; a set left out counts as unsupported. */
  readonly sets?: Readonly<Record<string, boolean>>;
}

export interface Availability {
  /** everything works / some parts work / the pane cannot work with the workbook */
  readonly level: "ok" | "partial" | "none";
  /** The pane's buttons that write to the workbook may be enabled. */
  readonly paneEnabled: boolean;
  /** The SHANTY functions can calculate in this Excel. */
  readonly functionsEnabled: boolean;
  /** The requirement sets this host lacks ("ExcelApi 1.8"). */
  readonly missing: readonly string[];
  /** The message for the pane ("" when everything works). */
  readonly zh: string;
  readonly en: string;
}

const STILL_WORKS_ZH =
  "仍可使用：命令行工具 shanty（plan、recalc、portable），以及用 shanty portable 导出的通用工作簿（在不支持加载项的 Excel、WPS 表格、LibreOffice 中也能计算）。";
const STILL_WORKS_EN =
  "Still available: the shanty command-line tool (plan, recalc, portable) and the portable workbook from shanty portable, which calculates in Excel without the add-in, WPS and LibreOffice.";

export function availability(cap: Capabilities): Availability {
  if (!cap.officeLoaded) {
    return {
      level: "none",
      paneEnabled: false,
      functionsEnabled: false,
      missing: ["office.js"],
      zh:
        "无法加载 Office.js，任务窗格无法读写工作簿，SHANTY 函数也不能计算。常见原因：网络不能访问 appsforoffice.microsoft.com（内网部署请使用带本地 Office.js 的版本），或页面不是在 Excel 中打开的。" +
        STILL_WORKS_ZH,
      en:
        "Office.js could not be loaded: the pane cannot read or write the workbook and the SHANTY functions cannot calculate. Usual causes: the network blocks appsforoffice.microsoft.com (intranets: deploy the build with the local Office.js), or the page was not opened in Excel. " +
        STILL_WORKS_EN,
    };
  }
  if (cap.host && cap.host !== "Excel") {
    return {
      level: "none",
      paneEnabled: false,
      functionsEnabled: false,
      missing: ["Excel"],
      zh: `棚改测算只能在 Excel 中使用（当前为 ${cap.host}）。` + STILL_WORKS_ZH,
      en: `Shanty Balance works in Excel only (this is ${cap.host}). ` + STILL_WORKS_EN,
    };
  }
  const lacking = REQUIREMENT_SETS.filter((s) => cap.sets?.[s.name] !== true);
  const missing = lacking.map((s) => `${s.name} ${s.version}`);
  const paneEnabled = !lacking.some((s) => s.feature === "pane");
  const functionsEnabled = !lacking.some((s) => s.feature === "functions");
  if (paneEnabled && functionsEnabled) return { level: "ok", paneEnabled, functionsEnabled, missing, zh: "", en: "" };
  const list = missing.join("、");
  const listEn = missing.join(", ");
  const zh: string[] = [`此版本的 Excel 不支持 ${list}。`];
  const en: string[] = [`This version of Excel lacks ${listEn}.`];
  if (!functionsEnabled) {
    zh.push(
      "SHANTY 自定义函数需要 Microsoft 365、零售版 Office 2016 及以上或批量许可版 Office 2021 及以上，批量许可版 Office 2019 及更早版本不能计算这些函数。",
    );
    en.push(
      "The SHANTY custom functions need Microsoft 365, retail Office 2016 or later, or volume-licensed Office 2021 or later; volume-licensed Office 2019 and earlier cannot calculate them.",
    );
  }
  if (!paneEnabled) {
    zh.push("任务窗格不能生成表格（需要 ExcelApi 1.8）。");
    en.push("The task pane cannot generate tables (it needs ExcelApi 1.8).");
  } else {
    zh.push("任务窗格仍可生成年度计划表和资金平衡报告。");
    en.push("The task pane still generates the annual plan tables and the balance report.");
  }
  return {
    level: paneEnabled || functionsEnabled ? "partial" : "none",
    paneEnabled,
    functionsEnabled,
    missing,
    zh: zh.join("") + STILL_WORKS_ZH,
    en: `${en.join(" ")} ${STILL_WORKS_EN}`,
  };
}

/** The part of the Office global this reads (duck-typed, so tests pass a plain object). */
export interface OfficeLike {
  readonly context?: { readonly host?: unknown; readonly requirements?: { isSetSupported(name: string, version?: string): boolean } };
}

/**
 * Capabilities from the Office global once Office.onReady has answered; `office` undefined (office.js did not
 * load, or onReady never answered) means not loaded. A throwing isSetSupported counts as unsupported.
 */
export function detectCapabilities(office: OfficeLike | undefined): Capabilities {
  if (!office || !office.context) return { officeLoaded: false };
  const requirements = office.context.requirements;
  const sets: Record<string, boolean> = {};
  for (const s of REQUIREMENT_SETS) {
    try {
      sets[s.name] = requirements?.isSetSupported(s.name, s.version) === true;
    } catch {
      sets[s.name] = false;
    }
  }
  const host = office.context.host;
  return { officeLoaded: true, host: typeof host === "string" ? host : host == null ? null : String(host), sets };
}

/**
 * What the pane shows before enabling any button: undefined when its writer can work here, else the message (both
 * languages). `host` is Office.onReady's answer (null when unknown). A host that lacks only the custom-functions
 * sets keeps the pane working: the tables are still generated.
 */
export function unavailableReason(office: OfficeLike | undefined, host: string | null | undefined): { zh: string; en: string } | undefined {
  const cap = detectCapabilities(office);
  const found = cap.officeLoaded ? { ...cap, host: host ?? cap.host ?? null } : cap;
  if (cap.officeLoaded && found.host === null) {
    return { zh: "需要在 Excel 中打开棚改测算的任务窗格。", en: "Open the Shanty Balance task pane inside Excel." };
  }
  const a = availability(found);
  return a.paneEnabled ? undefined : { zh: a.zh, en: a.en };
}
