import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as path from "path";
import { Browser, chromium, Page } from "playwright-core";
import JSZip from "jszip";
import { portablePackage } from "../../src/excel/portableFile";
import { officeDouble } from "./officeDouble";

/** A package's XML parts, name → text (the parts the converter reads and writes). */
async function xmlParts(bytes: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const out: Record<string, string> = {};
  for (const f of Object.values(zip.files)) if (!f.dir && /\.(xml|rels|vml)$/.test(f.name)) out[f.name] = await f.async("string");
  return out;
}

/*
 * The BUILT task pane (dist/taskpane.html + taskpane.js + functions.js, `npm run build` first) in a real
 * chromium. Office.js is replaced by a test double: the page's request for appsforoffice.microsoft.com's
 * office.js is fulfilled locally with a script defining Office, Excel and CustomFunctions, where Excel.run
 * runs against the in-memory fake Excel of test/excel/fakeExcel.ts on office-addin-mock (./officeDouble.ts). So the page runs the
 * real excel/ layer (readWorkbook, writeOutputs with tables, charts, names …) and the real generator.
 */

const ROOT = path.resolve(__dirname, "../..");
const DIST = path.join(ROOT, "dist");
const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const XSS = "<img src=x onerror=alert(1)>";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".png": "image/png",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

function serve(dir: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const file = path.normalize(path.join(dir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

let server: http.Server;
let origin: string;
let browser: Browser;
let double: string;

beforeAll(async () => {
  if (!fs.existsSync(path.join(DIST, "taskpane.html")) || !fs.existsSync(path.join(DIST, "taskpane.js"))) {
    throw new Error("dist/ is not built: run `npm run build` (npm run test:browser does it)");
  }
  double = officeDouble();
  server = await serve(DIST);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

interface Opened {
  page: Page;
  /** Every URL the page asked for. */
  requests: string[];
  /** Requests to other origins that were not the office.js double (aborted). */
  foreign: string[];
  dialogs: string[];
  errors: string[];
}

interface OpenOptions {
  /** Runs in the page before any script (e.g. the starting workbook, a missing requirement set). */
  init?: string;
  /** Serve office.js as a 404 (the CDN unreachable). */
  noOffice?: boolean;
  /** Do not wait for the buttons (for pages that must stay disabled). */
  noWait?: boolean;
  lang?: "zh" | "en";
}

async function open(viewport = { width: 380, height: 900 }, options: OpenOptions = {}): Promise<Opened> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.addInitScript(
    `try { localStorage.setItem("shanty-balance.lang", ${JSON.stringify(options.lang ?? "zh")}); } catch (e) {} ${options.init ?? ""}`,
  );
  const opened: Opened = { page, requests: [], foreign: [], dialogs: [], errors: [] };
  page.on("request", (r) => opened.requests.push(r.url()));
  page.on("dialog", (d) => {
    opened.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("pageerror", (e) => opened.errors.push(String(e)));
  await page.route("**/*", async (route) => {
    const url = route.request().url();
    if (url === OFFICE_JS)
      return options.noOffice
        ? route.fulfill({ status: 404, body: "" })
        : route.fulfill({ status: 200, contentType: "text/javascript", body: double });
    if (url.startsWith(`${origin}/`)) return route.continue();
    opened.foreign.push(url);
    return route.abort();
  });
  await page.goto(`${origin}/taskpane.html`);
  if (options.noWait) return opened;
  await page.waitForFunction(() => !(document.getElementById("btn-plan") as HTMLButtonElement).disabled);
  // the parameter editor is filled once the workbook was read
  await page.waitForFunction(() => document.querySelectorAll("#params-list .param").length > 0);
  // Record every step text the progress line shows.
  await page.evaluate(() => {
    const w = window as unknown as { __steps: string[] };
    w.__steps = [];
    const text = document.getElementById("progress-text")!;
    new MutationObserver(() => {
      if (w.__steps[w.__steps.length - 1] !== text.textContent) w.__steps.push(text.textContent ?? "");
    }).observe(text, { childList: true, characterData: true, subtree: true });
  });
  return opened;
}

async function clickAndWait(page: Page, selector: string): Promise<void> {
  await page.click(selector);
  await page.waitForFunction(() => document.body.getAttribute("aria-busy") === "false");
}

const sheetNames = (page: Page) => page.evaluate(() => (window as any).__fakeExcel.sheets.map((s: { name: string }) => s.name) as string[]);
const valuesOf = (page: Page, sheet: string) => page.evaluate((name) => (window as any).__fakeExcel.valuesOf(name) as unknown[][], sheet);
const steps = (page: Page) => page.evaluate(() => (window as any).__steps.splice(0) as string[]);
const text = (page: Page, selector: string) => page.locator(selector).innerText();
const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");
/** The value of a workbook name's cell (the parameter cells). */
const nameValue = (page: Page, name: string) =>
  page.evaluate((n) => {
    const fake = (window as any).__fakeExcel;
    const formula: string = fake.nameFormula(fake.names.find((x: { name: string }) => x.name === n));
    const m = /^=(?:'([^']+)'|([^!]+))!\$([A-Z]+)\$(\d+)$/.exec(formula);
    if (!m) return formula;
    const col = m[3].split("").reduce((a: number, ch: string) => a * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    return fake.valuesOf(m[1] ?? m[2])[Number(m[4]) - 1]?.[col];
  }, name);

const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** axe-core in the page (evaluated over CDP, so the page's CSP is untouched); serious and critical violations. */
async function axeSerious(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as any).axe;
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n: any) => `${n.target.join(" ")}: ${n.failureSummary}`),
    }));
  });
  return violations
    .filter((v: { impact: string }) => v.impact === "serious" || v.impact === "critical")
    .map((v: any) => `${v.id} (${v.impact}): ${v.nodes.join(" | ")}`);
}

/** Contrast of the computed text colour against the computed background of the nearest opaque ancestor. */
async function contrastOf(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const parse = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const node = document.querySelector(sel) as HTMLElement;
    const fg = parse(getComputedStyle(node).color);
    let bgNode: HTMLElement | null = node;
    let bg = [255, 255, 255];
    while (bgNode) {
      const c = parse(getComputedStyle(bgNode).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) {
        bg = c.slice(0, 3);
        break;
      }
      bgNode = bgNode.parentElement;
    }
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
  }, selector);
}

async function insertSample(page: Page): Promise<void> {
  await page.check("#tpl-sample");
  await clickAndWait(page, "#btn-template");
}

async function setParam(page: Page, name: string, value: string): Promise<void> {
  if (!(await page.locator("#params-details").evaluate((d) => (d as HTMLDetailsElement).open))) await page.click("#params-summary");
  await page.fill(`#param-${name}`, value);
  await page.locator(`#param-${name}`).dispatchEvent("change");
}

function expectOnlyOwnOrigin(opened: Opened): void {
  expect(opened.foreign).toEqual([]);
  const outside = opened.requests.filter((u) => !u.startsWith(`${origin}/`));
  expect(outside).toEqual([OFFICE_JS]); // the only foreign URL, fulfilled locally by the route
  expect(opened.errors).toEqual([]);
}

/** Texts of the pane in each language, for the walk-through. */
const WALK = {
  zh: {
    templateLine: "已插入模板：项目库、现金流、债券、参数",
    hintSample: "示例数据已填好",
    rejected: "“债券本息覆盖倍数下限”必须大于 0，收到 0",
    rejectedNotice: "未通过检查，未写入任何参数",
    written: "已写入 2 个参数",
    changeBase: "城市基础设施配套费基础费率（p_baseRate）：150 → 180",
    changeCoverage: "债券本息覆盖倍数下限（p_coverageThreshold）：1.2 → 1.3",
    hintParams: "重新生成年度计划表或资金平衡报告",
    planLine: "已写入：年度计划",
    hintPlan: "点击“生成资金平衡报告”",
    hintBalance: "不能平衡的项目已标红",
    replaced: "替换了上次生成的表",
    stepReplace: "替换旧的输出表…",
    stepFinish: "完成写入…",
    verdict: "项目自平衡",
  },
  en: {
    templateLine: "Template inserted: 项目库, 现金流, 债券, 参数",
    hintSample: "The sample data is filled in",
    rejected: "“Minimum bond coverage ratio” must be greater than 0, got 0",
    rejectedNotice: "This parameter was rejected, so none was written",
    written: "2 parameters written",
    changeBase: "Base rate of the infrastructure supporting fee (p_baseRate): 150 → 180",
    changeCoverage: "Minimum bond coverage ratio (p_coverageThreshold): 1.2 → 1.3",
    hintParams: "Generate the annual plan or the balance report again",
    planLine: "Written: 年度计划",
    hintPlan: "choose Generate balance report",
    hintBalance: "projects that cannot balance are marked red",
    replaced: "replaced the previous output",
    stepReplace: "Replacing the previous output sheets…",
    stepFinish: "Finishing the write…",
    verdict: "Self-balancing",
  },
} as const;

describe("task pane in chromium (built dist/, Office.js double)", () => {
  test.each(["zh", "en"] as const)(
    "at 320 px (%s): template → two parameter edits, one rejected → plan → balance → regenerate; hints, focus, messages, cells; axe clean",
    async (lang) => {
      const w = WALK[lang];
      const opened = await open({ width: 320, height: 560 }, { lang });
      const { page } = opened;
      expect(await page.getAttribute("html", "lang")).toBe(lang === "zh" ? "zh-CN" : "en");
      // nothing to fix before any run: the empty pane passes the scan too
      expect(await axeSerious(page)).toEqual([]);

      // 1. template with sample data
      await insertSample(page);
      expect(await sheetNames(page)).toEqual(["Sheet1", "项目库", "现金流", "债券", "参数"]);
      expect(await text(page, "#result .result-line")).toBe(w.templateLine);
      expect(await text(page, "#result .next-step")).toContain(w.hintSample);
      expect(await activeId(page)).toBe("result"); // focus went to the result, not the page body
      expect(
        await page
          .locator("#result")
          .evaluate((r) => r.getBoundingClientRect().top >= 0 && r.getBoundingClientRect().top < window.innerHeight),
      ).toBe(true);
      expect(await text(page, "#status")).toContain(w.templateLine);
      const templateSteps = await steps(page);
      expect(templateSteps).toContain(w.stepFinish);
      expect(templateSteps).not.toContain(w.stepReplace); // nothing was being replaced
      expect(await nameValue(page, "p_baseRate")).toBe(150);

      // 2. two parameter edits: p_baseRate 180 is accepted, p_coverageThreshold 0 is rejected (must be > 0)
      await setParam(page, "p_baseRate", "180");
      await setParam(page, "p_coverageThreshold", "0");
      expect(await text(page, `#param-p_coverageThreshold-error`)).toContain(w.rejected);
      expect(await page.getAttribute("#param-p_coverageThreshold", "aria-invalid")).toBe("true");
      await clickAndWait(page, "#btn-params-save");
      expect(await text(page, "#notice")).toContain(w.rejectedNotice);
      expect(await activeId(page)).toBe("param-p_coverageThreshold"); // focus on the field to correct
      expect(await nameValue(page, "p_baseRate")).toBe(150); // nothing written while one value is rejected
      expect(await nameValue(page, "p_coverageThreshold")).toBe(1.2);
      await setParam(page, "p_coverageThreshold", "1.3");
      expect(await page.locator("#param-p_coverageThreshold-error").isHidden()).toBe(true);
      await clickAndWait(page, "#btn-params-save");
      expect(await text(page, "#result .result-line")).toContain(w.written);
      expect(await text(page, "#result .changes")).toContain(w.changeBase);
      expect(await text(page, "#result .changes")).toContain(w.changeCoverage);
      expect(await text(page, "#result .next-step")).toContain(w.hintParams);
      expect(await activeId(page)).toBe("result");
      expect(await nameValue(page, "p_baseRate")).toBe(180);
      expect(await nameValue(page, "p_coverageThreshold")).toBe(1.3);
      expect(await page.inputValue("#param-p_baseRate")).toBe("180");
      expect(await axeSerious(page)).toEqual([]); // with the editor open, errors cleared and a result shown

      // 3. plan
      await clickAndWait(page, "#btn-plan");
      expect(await text(page, "#result .result-line")).toBe(w.planLine);
      expect(await text(page, "#result .next-step")).toContain(w.hintPlan);
      expect(await activeId(page)).toBe("result");
      expect((await valuesOf(page, "年度计划"))[0][0]).toMatch(/^棚户区改造年度计划表/);
      const planSheet = await page.evaluate(() => (window as any).__fakeExcel.sheet("年度计划"));
      expect(planSheet.charts.length).toBe(1);
      expect(planSheet.tables).toEqual([]); // totals are formulas in a plain bordered range (issue 12)

      // 4. balance
      await clickAndWait(page, "#btn-balance");
      expect(await sheetNames(page)).toContain("资金平衡报告");
      expect(await text(page, "#result .verdicts")).toContain(w.verdict);
      expect(await text(page, "#result .next-step")).toContain(w.hintBalance);
      expect(await activeId(page)).toBe("result");
      await steps(page);

      // 5. regenerate: the add-in's own sheet is replaced, and now the step says so
      await clickAndWait(page, "#btn-plan");
      expect((await sheetNames(page)).filter((n) => n.startsWith("年度计划"))).toEqual(["年度计划"]);
      expect(await text(page, "#result .result-line")).toContain(w.replaced);
      expect(await steps(page)).toContain(w.stepReplace);
      expect(await activeId(page)).toBe("result");

      expect(await axeSerious(page)).toEqual([]);
      await page.mouse.move(0, 0);
      await page.waitForTimeout(300); // the progress bar's width transition has ended
      await page.screenshot({ path: path.join(ROOT, `docs/taskpane-320-${lang}.png`), fullPage: true });
      expectOnlyOwnOrigin(opened);
      expect(opened.dialogs).toEqual([]);
    },
  );

  test("a missing parameter is created on 参数 when first edited (and 参数 itself when absent); reset returns the default", async () => {
    const opened = await open({ width: 320, height: 700 });
    const { page } = opened;
    await page.click("#params-summary");
    expect(await text(page, "#param-p_ratio-meta")).toContain("工作簿中还没有此参数");
    await setParam(page, "p_ratio", "2");
    await setParam(page, "p_eduRate", "12%");
    await clickAndWait(page, "#btn-params-save");
    expect(await sheetNames(page)).toEqual(["Sheet1", "参数"]);
    // 参数: header, then one row per created parameter (label, value, unit, name)
    expect(await valuesOf(page, "参数")).toEqual([
      ["参数 Parameter", "值 Value", "单位 Unit", "名称 Name（公式中可引用）"],
      ["安置面积与开发面积之比上限（1∶1.5 填 1.5）", 2, "", "p_ratio"],
      ["教育资金计提比例（土地出让收益）", 0.12, "", "p_eduRate"],
    ]);
    expect(await nameValue(page, "p_ratio")).toBe(2);
    expect(await nameValue(page, "p_eduRate")).toBe(0.12);
    expect(await text(page, "#result .changes")).toContain("新建于 参数!B2，值 2");
    expect(await text(page, "#param-p_ratio-meta")).toContain("单元格 参数!B2");
    // reset: the default goes into the field, and saving writes it into the (now existing) cell
    await page.click('#params-list .param[data-name="p_ratio"] .param-reset');
    expect(await page.inputValue("#param-p_ratio")).toBe("1.5");
    await clickAndWait(page, "#btn-params-save");
    expect(await nameValue(page, "p_ratio")).toBe(1.5);
    expect(await text(page, "#result .changes")).toContain("p_ratio）：2 → 1.5");
    expectOnlyOwnOrigin(opened);
  });

  test("核准: two selected sample projects are 退回 with a reason; the columns are added and the plan counts the other 22", async () => {
    const opened = await open({ width: 320, height: 900 });
    const { page } = opened;
    await insertSample(page);
    const before = await valuesOf(page, "项目库");
    const header = before.findIndex((r) => r.includes("项目编号"));
    const width = before[header].length;
    // the first two projects (the rows right under the header, 1-based header + 2 … header + 3)
    await page.evaluate(
      (rows) => ((window as any).__fakeExcel.selection = { sheet: "项目库", address: `B${rows[0]}:B${rows[1]}` }),
      [header + 2, header + 3],
    );
    await page.check("#approval-return");
    await page.fill("#approval-comment", "资金来源未落实");
    await clickAndWait(page, "#btn-approval");
    expect(await page.locator("#error").isHidden()).toBe(true);
    expect(await text(page, "#notice")).toContain("设为“退回”");
    const after = await valuesOf(page, "项目库");
    expect(after[header].slice(width, width + 2)).toEqual(["核准状态", "核准意见"]);
    expect(after.slice(header + 1, header + 4).map((r) => r.slice(width, width + 2))).toEqual([
      ["退回", "资金来源未落实"],
      ["退回", "资金来源未落实"],
      ["", ""],
    ]);
    // nothing else on 项目库 changed
    expect(after.map((r) => r.slice(0, width))).toEqual(before.map((r) => r.slice(0, width)));
    // with the column present only 核准 rows count: the other 22 projects (rows header + 4 … header + 25) are approved
    await page.evaluate(
      (rows) => ((window as any).__fakeExcel.selection = { sheet: "项目库", address: `A${rows[0]}:C${rows[1]}` }),
      [header + 4, header + 25],
    );
    await page.check("#approval-approve");
    await page.fill("#approval-comment", "");
    await clickAndWait(page, "#btn-approval");
    expect(await text(page, "#notice")).toContain("已将 22 个项目");
    await clickAndWait(page, "#btn-plan");
    expect(await page.locator("#error").isHidden()).toBe(true);
    const plan = (await sheetNames(page)).find((n) => !["Sheet1", "项目库", "现金流", "债券", "参数"].includes(n))!;
    // 24 sample projects − 2 returned = 22
    expect(JSON.stringify(await valuesOf(page, plan))).toContain("实施棚户区改造项目22个");
    expectOnlyOwnOrigin(opened);
  });

  test("inserting the template again: an offer to add only the missing sheets, never an error", async () => {
    const opened = await open({ width: 320, height: 700 });
    const { page } = opened;
    await clickAndWait(page, "#btn-template"); // 空白模板 is the default choice
    expect((await valuesOf(page, "项目库")).length).toBe(1); // headers only, no sample projects
    await clickAndWait(page, "#btn-template");
    expect(await page.locator("#error").isHidden()).toBe(true);
    expect(await text(page, "#notice")).toContain("已有模板的全部工作表");
    expect(await sheetNames(page)).toEqual(["Sheet1", "项目库", "现金流", "债券", "参数"]);
    // the user deletes 现金流: inserting again offers to add it alone
    await page.evaluate(() => {
      const fake = (window as any).__fakeExcel;
      fake.sheets.splice(
        fake.sheets.findIndex((s: { name: string }) => s.name === "现金流"),
        1,
      );
    });
    await clickAndWait(page, "#btn-template");
    expect(await page.locator("#template-confirm").isVisible()).toBe(true);
    expect(await text(page, "#template-confirm")).toContain("工作簿中已有 项目库、债券、参数，缺少 现金流");
    expect(await activeId(page)).toBe("btn-template-missing");
    expect(await sheetNames(page)).toEqual(["Sheet1", "项目库", "债券", "参数"]); // nothing yet
    await clickAndWait(page, "#btn-template-missing");
    expect(await sheetNames(page)).toEqual(["Sheet1", "项目库", "债券", "参数", "现金流"]);
    expect(await text(page, "#result .result-line")).toBe("已插入模板：现金流");
    expect(await page.locator("#error").isHidden()).toBe(true);
    expectOnlyOwnOrigin(opened);
  });

  test("mapping step: no project table, a close header row → choose the column, stored in the workbook, generated", async () => {
    const opened = await open({ width: 320, height: 700 });
    const { page } = opened;
    await insertSample(page);
    await page.evaluate(() => (window as any).__fakeExcel.setCell("项目库", 0, 5, "拆迁户数合计")); // 户数 under a name the reader does not know
    await clickAndWait(page, "#btn-plan");
    expect(await page.locator("#mapping").isVisible()).toBe(true);
    expect(await activeId(page)).toBe("mapping");
    expect(await text(page, "#mapping-intro")).toContain("缺少：户数");
    expect(await page.inputValue("#map-households")).toBe("拆迁户数合计"); // proposed: it contains the field's name
    expect(await text(page, "#notice .next-step")).toContain("列对应");
    expect(await axeSerious(page)).toEqual([]);
    await clickAndWait(page, "#btn-mapping-save");
    expect(await page.locator("#mapping").isHidden()).toBe(true);
    expect(await text(page, "#result .result-line")).toBe("已写入：年度计划");
    const settings = await page.evaluate(() => {
      const fake = (window as any).__fakeExcel;
      return {
        visibility: fake.sheet("shanty_settings")?.visibility,
        row: fake.valuesOf("shanty_settings")[1],
        names: fake.names.map((n: { name: string }) => n.name).filter((n: string) => n.startsWith("SHANTY_MAP_")),
      };
    });
    expect(settings).toEqual({ visibility: "Hidden", row: ["项目库", "户数", "拆迁户数合计"], names: ["SHANTY_MAP_P_households"] });
    // the next run needs no mapping: it is read from the workbook
    await clickAndWait(page, "#btn-plan");
    expect(await page.locator("#mapping").isHidden()).toBe(true);
    expect(await text(page, "#result .result-line")).toContain("年度计划");
    expectOnlyOwnOrigin(opened);
  });

  test("ribbon commands run in the shared runtime and the pane shows the outcome", async () => {
    const opened = await open({ width: 320, height: 700 });
    const { page } = opened;
    expect(await page.evaluate(() => Object.keys((window as any).__actions).sort())).toEqual([
      "generateAll",
      "generateBalance",
      "generatePlan",
    ]);
    await insertSample(page);
    await page.evaluate(() => new Promise<void>((resolve) => (window as any).__actions.generateAll({ completed: resolve })));
    expect(await sheetNames(page)).toEqual(expect.arrayContaining(["年度计划", "资金平衡报告"]));
    expect(await text(page, "#result .result-line")).toBe("已写入：年度计划、资金平衡报告、收支平衡表"); // the sample has bond projects
    expect(await page.evaluate(() => (window as any).__shownAsTaskpane)).toBe(1);
    await page.evaluate(() => new Promise<void>((resolve) => (window as any).__actions.generatePlan({ completed: resolve })));
    expect(await text(page, "#result .result-line")).toContain("年度计划（替换了上次生成的表）");
    expectOnlyOwnOrigin(opened);
  });

  test("a bad row gives a grouped, capped, clickable problem list; markup in the data is shown as text, never run", async () => {
    const opened = await open();
    const { page } = opened;
    await insertSample(page);
    // 户数 (column F) of five projects becomes text: one group of five, three shown, "还有 2 条"
    await page.evaluate((payload) => {
      const fake = (window as any).__fakeExcel;
      fake.setCell("项目库", 1, 5, payload);
      for (let r = 2; r <= 5; r++) fake.setCell("项目库", r, 5, "很多");
    }, XSS);
    await clickAndWait(page, "#btn-plan");

    expect(await sheetNames(page)).not.toContain("年度计划"); // nothing written
    expect(await text(page, "#notice")).toContain("输入数据有误");
    expect(await text(page, "#notice .next-step")).toContain("按下面的问题逐条修改");
    expect(await activeId(page)).toBe("notice");
    const group = page.locator("#problems-list .problem-group").first();
    expect(await group.locator(".group-title").innerText()).toBe("项目库 · “户数”应为数值");
    expect(await group.locator(".group-count").innerText()).toBe("5 处");
    expect(await group.locator(".problem").count()).toBe(3);
    expect(await group.locator(".problems-more").innerText()).toBe("还有 2 条");
    const first = group.locator(".problem").first();
    expect(await first.locator(".problem-where").innerText()).toBe("项目库!F2");
    expect(await first.locator(".problem-text").innerText()).toContain(XSS);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator("img").count()).toBe(1); // the logo only
    expect(await text(page, "#problems-heading")).toMatch(/^发现 \d+ 个问题$/);
    await group.locator(".problems-more").click();
    expect(await page.locator("#problems-list .problem-group").first().locator(".problem").count()).toBe(5);
    expect(await activeId(page)).toBe(""); // focus on the fourth problem button (which has no id)
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain("项目库!F5");

    await first.click();
    await page.waitForFunction(() => (window as any).__fakeExcel.selection !== undefined);
    expect(
      await page.evaluate(() => ({ selection: (window as any).__fakeExcel.selection, active: (window as any).__fakeExcel.activeSheet })),
    ).toEqual({
      selection: { sheet: "项目库", address: "F2" },
      active: "项目库",
    });
    expect(await axeSerious(page)).toEqual([]); // with the problem list shown

    // English: plural right — one unknown column is one warning (the run goes on)
    await page.evaluate(() => {
      const fake = (window as any).__fakeExcel;
      for (let r = 1; r <= 5; r++) fake.setCell("项目库", r, 5, 100);
      fake.setCell("项目库", 0, 23, "自定义列");
    });
    await page.click("#lang-en");
    await clickAndWait(page, "#btn-plan");
    expect(await text(page, "#problems-heading")).toBe("1 problem found");
    expect(await text(page, "#problems-list .badge")).toBe("Warning");
    expect(await sheetNames(page)).toContain("年度计划");
    await page.click("#lang-zh");

    // the same markup as a project name goes into the report sheet as plain text
    await page.evaluate((payload) => {
      const fake = (window as any).__fakeExcel;
      fake.setCell("项目库", 1, 5, 520);
      fake.setCell("项目库", 1, 1, payload);
    }, XSS);
    await clickAndWait(page, "#btn-balance");
    const report = await valuesOf(page, "资金平衡报告");
    expect(report.some((row) => row.includes(XSS))).toBe(true);
    // the cell holding the name is a plain value, and no formula of the report contains the markup
    const cells = await page.evaluate(
      () => [...(window as any).__fakeExcel.sheet("资金平衡报告").cells.values()] as { value: unknown; formula?: string }[],
    );
    expect(cells.filter((c) => c.value === XSS).every((c) => c.formula === undefined)).toBe(true);
    expect(cells.some((c) => c.formula?.includes("img"))).toBe(false);

    await page.waitForTimeout(300); // an onerror handler, had markup been parsed, would have fired by now
    expect(opened.dialogs).toEqual([]);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expectOnlyOwnOrigin(opened);
  });

  test("regenerating after the user edited the generated plan keeps the edited sheet as 年度计划（旧） (issue 12 item 5)", async () => {
    const opened = await open();
    const { page } = opened;
    await insertSample(page);
    await clickAndWait(page, "#btn-plan");
    expect((await sheetNames(page)).filter((n) => n.startsWith("年度计划"))).toEqual(["年度计划"]);
    // A clerk types a remark into the generated sheet (its fingerprint no longer matches what was generated).
    await page.evaluate(() => (window as any).__fakeExcel.setCell("年度计划", 1, 0, "已由区财政局审核（手工修改）"));
    await clickAndWait(page, "#btn-plan");
    const plans = (await sheetNames(page)).filter((n) => n.startsWith("年度计划"));
    expect(plans.sort()).toEqual(["年度计划", "年度计划（旧）"]);
    const kept = await page.evaluate(() => (window as any).__fakeExcel.valuesOf("年度计划（旧）")[1][0]);
    expect(kept).toBe("已由区财政局审核（手工修改）");
    const fresh = await page.evaluate(() => (window as any).__fakeExcel.valuesOf("年度计划")[1][0]);
    expect(fresh).not.toBe("已由区财政局审核（手工修改）");
    expectOnlyOwnOrigin(opened);
  });

  test("a failing write shows the error in both languages and leaves the workbook as it was", async () => {
    const opened = await open();
    const { page } = opened;
    await insertSample(page);
    await clickAndWait(page, "#btn-plan");
    const before = await page.evaluate(() => JSON.stringify((window as any).__fakeExcel.snapshot()));
    // Regenerating replaces the plan sheet: the first new-sheet write of this run fails inside Excel's batch.
    await page.evaluate(() =>
      (window as any).__fakeExcel.failWhen(
        (op: { kind: string; sheet?: string }) => op.kind === "range.values" && String(op.sheet).startsWith("SHANTY_TMP_"),
      ),
    );
    await clickAndWait(page, "#btn-plan");
    expect(await page.evaluate(() => JSON.stringify((window as any).__fakeExcel.snapshot()))).toBe(before);
    expect(await page.locator("#error").isVisible()).toBe(true);
    expect(await text(page, "#error")).toContain("已撤销本次创建的工作表");
    expect(await text(page, "#error")).toContain("Excel 内部错误。请保存工作簿后重试"); // GeneralException, in Chinese
    expect(await activeId(page)).toBe("error");
    expect(await page.locator("#progress").isHidden()).toBe(true);
    await page.click("#lang-en");
    expect(await text(page, "#error")).toContain("the sheets created by this run were removed");
    // the pane is usable again
    expect(await page.locator("#btn-plan").isEnabled()).toBe(true);
    expectOnlyOwnOrigin(opened);
  });

  test("cell-edit mode: the message says to press Enter or Esc, in Chinese first", async () => {
    const opened = await open();
    const { page } = opened;
    await page.evaluate(() =>
      (window as any).__fakeExcel.failWhen((op: { kind: string }) => op.kind === "worksheets.add", {
        code: "InvalidOperationInCellEditMode",
        message: "The operation cannot be performed because Excel is in cell-editing mode.",
      }),
    );
    await clickAndWait(page, "#btn-template");
    expect(await text(page, "#error")).toContain("请先按 Enter 或 Esc 结束单元格编辑，再试一次");
    expect(await text(page, "#error")).not.toMatch(/^操作失败：The operation/);
    expect(await sheetNames(page)).toEqual(["Sheet1"]);
    expectOnlyOwnOrigin(opened);
  });

  test("a problem whose sheet was deleted: the message calls it a sheet and names it", async () => {
    const opened = await open();
    const { page } = opened;
    await insertSample(page);
    await page.evaluate(() => (window as any).__fakeExcel.setCell("现金流", 1, 0, "不存在的项目"));
    await clickAndWait(page, "#btn-balance");
    await page.evaluate(() => {
      const fake = (window as any).__fakeExcel;
      fake.sheets.splice(
        fake.sheets.findIndex((s: { name: string }) => s.name === "现金流"),
        1,
      );
    });
    await page.locator("#problems-list .problem", { hasText: "现金流!" }).first().click();
    await page.waitForSelector("#error:not([hidden])");
    const message = await text(page, "#error");
    expect(message).toContain("找不到工作表“现金流”");
    expect(message).not.toContain("单元格 现金流。");
    expectOnlyOwnOrigin(opened);
  });

  test("导出通用工作簿: the file Excel hands over is converted in a chunk loaded on the click and opened as a new workbook, exactly as the converter does it in Node", async () => {
    const sample = fs.readFileSync(path.join(ROOT, "assets/samples/sample-district.xlsx"));
    const opened = await open(undefined, { init: `window.__fileBase64 = ${JSON.stringify(sample.toString("base64"))};` });
    const { page } = opened;
    expect(opened.requests.filter((r) => r.endsWith(".chunk.js"))).toEqual([]); // the zip code is not loaded at start
    await clickAndWait(page, "#btn-portable");
    const w = await page.evaluate(() => {
      const g = window as unknown as { __createdWorkbooks: string[]; __openFiles: number };
      return { created: g.__createdWorkbooks, openFiles: g.__openFiles };
    });
    expect(w.openFiles).toBe(0); // the file handle was closed
    expect(w.created.length).toBe(1);
    expect(opened.requests.filter((r) => r.endsWith(".chunk.js")).length).toBeGreaterThan(0);
    const expected = await portablePackage(new Uint8Array(sample));
    expect(await xmlParts(Buffer.from(w.created[0], "base64"))).toEqual(await xmlParts(Buffer.from(expected.base64, "base64")));
    const notice = await text(page, "#notice");
    expect(notice).toContain(`${expected.result.converted} 个 SHANTY 公式改写为原生公式，${expected.result.values} 个改为数值`);
    expect(expected.result.converted).toBeGreaterThan(0);
    expect(opened.errors).toEqual([]);
    expectOnlyOwnOrigin(opened);
  });

  test("导出通用工作簿 where Excel cannot hand over its file: the command line is named, no file is asked for", async () => {
    const opened = await open(undefined, { init: 'window.__missingSets = ["CompressedFile 1.1"];' });
    const { page } = opened;
    await page.click("#btn-portable");
    await page.waitForSelector("#notice:not([hidden])");
    expect(await text(page, "#notice")).toContain("shanty portable 工作簿.xlsx -o 通用工作簿.xlsx");
    expect(await page.evaluate(() => (window as unknown as { __createdWorkbooks: string[] }).__createdWorkbooks.length)).toBe(0);
    expectOnlyOwnOrigin(opened);
  });

  test("office.js cannot load: the pane says so and every button stays disabled", async () => {
    const opened = await open({ width: 320, height: 560 }, { noOffice: true, noWait: true });
    const { page } = opened;
    await page.waitForSelector("#unavailable:not([hidden])");
    expect(await text(page, "#unavailable")).toContain("无法加载 Office.js");
    for (const id of ["btn-template", "btn-plan", "btn-balance", "btn-all"]) expect(await page.locator(`#${id}`).isDisabled()).toBe(true);
    expect(await axeSerious(page)).toEqual([]);
  });

  test("a missing requirement set or a page outside Excel gets a message, buttons disabled", async () => {
    const missing = await open({ width: 320, height: 560 }, { noWait: true, init: 'window.__missingSets = ["ExcelApi 1.8"];' });
    await missing.page.waitForSelector("#unavailable:not([hidden])");
    expect(await text(missing.page, "#unavailable")).toContain("此版本的 Excel 不支持 ExcelApi 1.8。任务窗格不能生成表格");
    expect(await missing.page.locator("#btn-plan").isDisabled()).toBe(true);
    const outside = await open({ width: 320, height: 560 }, { noWait: true, init: "window.__hostName = null;" });
    await outside.page.waitForSelector("#unavailable:not([hidden])");
    expect(await text(outside.page, "#unavailable")).toContain("需要在 Excel 中打开棚改测算的任务窗格");
    // only the custom-functions sets missing (volume-licensed Office 2019): the pane works and says what does not
    const partial = await open({ width: 320, height: 560 }, { init: 'window.__missingSets = ["CustomFunctionsRuntime 1.3"];' });
    expect(await text(partial.page, "#unavailable")).toContain("SHANTY 自定义函数需要 Microsoft 365");
    expect(await partial.page.getAttribute("#unavailable", "class")).toContain("message-info");
    expect(await partial.page.locator("#btn-plan").isEnabled()).toBe(true);
    await outside.page.click("#lang-en");
    expect(await text(outside.page, "#unavailable")).toContain("Open the Shanty Balance task pane inside Excel");
  });

  test("focus ring is at least 2 px; the help link and secondary texts have contrast ≥ 4.5:1", async () => {
    const opened = await open({ width: 320, height: 700 });
    const { page } = opened;
    await page.keyboard.press("Tab");
    await page.focus("#btn-plan");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab"); // keyboard focus → :focus-visible
    const ring = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement as HTMLElement);
      return { width: parseFloat(s.outlineWidth), style: s.outlineStyle, id: document.activeElement?.id };
    });
    expect(ring.id).toBe("btn-plan");
    expect(ring.style).toBe("solid");
    expect(ring.width).toBeGreaterThanOrEqual(2);
    for (const selector of ["#help-link", ".footer-hint", ".hint", ".radio-hint"])
      expect([selector, (await contrastOf(page, selector)) >= 4.5]).toEqual([selector, true]);
    expectOnlyOwnOrigin(opened);
  });

  test("the English switch changes every label, and back", async () => {
    const opened = await open();
    const { page } = opened;
    expect(await text(page, "#btn-plan")).toBe("生成年度计划表");
    await page.click("#lang-en");
    expect(await text(page, "#btn-template")).toBe("Insert template");
    expect(await text(page, "#btn-plan")).toBe("Generate annual plan");
    expect(await text(page, "#btn-balance")).toBe("Generate balance report");
    expect(await text(page, "#btn-all")).toBe("Generate all");
    expect(await text(page, "label[for=tpl-sample] .radio-title")).toBe("With sample data");
    expect(await text(page, "#help-link")).toBe("Function help");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.getAttribute("#lang-en", "aria-pressed")).toBe("true");
    await insertSample(page);
    expect(await text(page, "#result .result-line")).toBe("Template inserted: 项目库, 现金流, 债券, 参数");
    await page.click("#lang-zh");
    expect(await text(page, "#btn-plan")).toBe("生成年度计划表");
    expect(await text(page, "#result .result-line")).toBe("已插入模板：项目库、现金流、债券、参数");
    // the help link stays on the add-in's own origin, and the help prose is not in the runtime bundle
    const help = await page.locator("#help-link").evaluate((a) => (a as HTMLAnchorElement).href);
    expect(help).toBe(`${origin}/help/index.html`);
    expect(fs.existsSync(path.join(DIST, "help/index.html"))).toBe(true);
    const bundle = fs.readFileSync(path.join(DIST, "functions.js"), "utf8");
    expect(bundle).not.toContain("政策依据");
    expect(bundle).not.toContain("安置面积的基础部分全额免收");
    expect(fs.readFileSync(path.join(DIST, "help/FEEEXEMPT.html"), "utf8")).toContain("安置面积的基础部分全额免收");
    expectOnlyOwnOrigin(opened);
  });

  test("screenshots for the docs (docs/taskpane.png, docs/taskpane-params.png)", async () => {
    const opened = await open({ width: 360, height: 760 });
    const { page } = opened;
    await insertSample(page);
    await clickAndWait(page, "#btn-balance");
    await page.mouse.move(0, 0); // no hover state in the picture
    await page.waitForTimeout(300); // the progress bar's width transition has ended
    await page.screenshot({ path: path.join(ROOT, "docs/taskpane.png"), fullPage: true });
    expect(fs.statSync(path.join(ROOT, "docs/taskpane.png")).size).toBeGreaterThan(10_000);
    await setParam(page, "p_eduRate", "150%");
    await page.locator("#params-details").scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ROOT, "docs/taskpane-params.png"), fullPage: true });
    expectOnlyOwnOrigin(opened);
  });
});
