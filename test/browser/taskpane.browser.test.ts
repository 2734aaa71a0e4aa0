import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as path from "path";
import { Browser, chromium, Page } from "playwright-core";
import ts from "typescript";

/*
 * The BUILT task pane (dist/taskpane.html + taskpane.js + functions.js, `npm run build` first) in a real
 * chromium. Office.js is replaced by a test double: the page's request for appsforoffice.microsoft.com's
 * office.js is fulfilled locally with a script defining Office, Excel and CustomFunctions, where Excel.run
 * runs against the in-memory fake Excel of test/excel/fakeExcel.ts (transpiled here). So the page runs the
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

/** office.js for the test: the fake Excel (CommonJS, transpiled) plus minimal Office/Excel/CustomFunctions globals. */
function officeDouble(): string {
  const source = fs.readFileSync(path.join(ROOT, "test/excel/fakeExcel.ts"), "utf8");
  const fake = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
  return `(function () {
  var module = { exports: {} };
  var exports = module.exports;
  ${fake}
  var excel = module.exports.createFakeExcel(window.__initialWorkbook || { sheets: [{ name: "Sheet1" }] });
  window.__fakeExcel = excel;
  window.__excelRuns = 0;
  var info = { host: "Excel", platform: "OfficeOnline" };
  window.Office = {
    HostType: { Excel: "Excel" },
    context: { displayLanguage: "zh-CN", requirements: { isSetSupported: function () { return true; } } },
    onReady: function (callback) {
      return new Promise(function (resolve) {
        setTimeout(function () { if (callback) callback(info); resolve(info); }, 0);
      });
    },
  };
  window.Excel = { run: function (batch) { window.__excelRuns++; return excel.run(batch); } };
  window.CustomFunctions = {
    associate: function () {},
    Error: function (code, message) { this.code = code; this.message = message; },
    ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", divisionByZero: "#DIV/0!", invalidNumber: "#NUM!" },
  };
})();`;
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
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
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

async function open(viewport = { width: 380, height: 900 }): Promise<Opened> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const opened: Opened = { page, requests: [], foreign: [], dialogs: [], errors: [] };
  page.on("request", (r) => opened.requests.push(r.url()));
  page.on("dialog", (d) => {
    opened.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("pageerror", (e) => opened.errors.push(String(e)));
  await page.route("**/*", async (route) => {
    const url = route.request().url();
    if (url === OFFICE_JS) return route.fulfill({ status: 200, contentType: "text/javascript", body: double });
    if (url.startsWith(`${origin}/`)) return route.continue();
    opened.foreign.push(url);
    return route.abort();
  });
  await page.goto(`${origin}/taskpane.html`);
  await page.waitForFunction(() => !(document.getElementById("btn-plan") as HTMLButtonElement).disabled);
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

function expectOnlyOwnOrigin(opened: Opened): void {
  expect(opened.foreign).toEqual([]);
  const outside = opened.requests.filter((u) => !u.startsWith(`${origin}/`));
  expect(outside).toEqual([OFFICE_JS]); // the only foreign URL, fulfilled locally by the route
  expect(opened.errors).toEqual([]);
}

describe("task pane in chromium (built dist/, Office.js double)", () => {
  test("insert template, generate the annual plan and the balance report: sheets written, progress and summary shown", async () => {
    const opened = await open();
    const { page } = opened;
    expect(await sheetNames(page)).toEqual(["Sheet1"]);

    await clickAndWait(page, "#btn-template");
    expect(await sheetNames(page)).toEqual(["Sheet1", "项目库", "现金流", "参数"]);
    const projects = await valuesOf(page, "项目库");
    expect(projects[0].slice(0, 2)).toEqual(["项目编号", "项目名称"]);
    expect(projects.length).toBeGreaterThan(2); // sample rows
    expect(await page.evaluate(() => (window as any).__fakeExcel.sheet("项目库").tables[0].name)).toBe("ShantyProjects");
    expect(await text(page, "#result")).toContain("已插入模板：项目库、现金流、参数");
    // the three sheets are queued in one synchronous pass, so the observer sees the last write step
    const templateSteps = await steps(page);
    expect(templateSteps[0]).toBe("检查工作簿…");
    expect(templateSteps).toEqual(expect.arrayContaining([expect.stringMatching(/^写入 \d\/3：/), "替换旧的输出表…", "完成"]));

    await clickAndWait(page, "#btn-plan");
    expect(await sheetNames(page)).toEqual(["Sheet1", "项目库", "现金流", "参数", "年度计划"]);
    const plan = await valuesOf(page, "年度计划");
    expect(String(plan[0][0])).toMatch(/^棚户区改造年度计划表/);
    const planSheet = await page.evaluate(() => (window as any).__fakeExcel.sheet("年度计划"));
    expect(planSheet.charts.length).toBe(1);
    expect(planSheet.tables).toEqual([]); // totals are formulas in a plain bordered range (issue 12)
    const planSteps = await steps(page);
    expect(planSteps[0]).toBe("读取工作簿…");
    expect(planSteps).toEqual(expect.arrayContaining(["计算…", "写入 1/1：年度计划…", "完成"]));
    expect(planSteps.indexOf("计算…")).toBeLessThan(planSteps.indexOf("完成"));
    expect(await text(page, "#result .result-line")).toBe("已写入：年度计划");
    expect((await text(page, "#result .result-sentence")).length).toBeGreaterThan(10);
    expect(await page.locator("#progress-bar").getAttribute("aria-valuenow")).toBe("100");

    await clickAndWait(page, "#btn-balance");
    expect(await sheetNames(page)).toContain("资金平衡报告");
    expect(String((await valuesOf(page, "资金平衡报告"))[0][0])).toMatch(/资金平衡/);
    expect(await page.locator(".verdict").count()).toBeGreaterThan(0);
    expect(await text(page, "#result")).toContain("项目自平衡");

    // regeneration replaces the add-in's own sheet instead of adding "年度计划 (2)"
    await clickAndWait(page, "#btn-plan");
    expect((await sheetNames(page)).filter((n) => n.startsWith("年度计划"))).toEqual(["年度计划"]);
    expect(await text(page, "#result .result-line")).toContain("替换了上次生成的表");

    expectOnlyOwnOrigin(opened);
    expect(opened.dialogs).toEqual([]);
  });

  test("a bad row gives a clickable problem list; markup in the data is shown as text, never run", async () => {
    const opened = await open();
    const { page } = opened;
    await clickAndWait(page, "#btn-template");
    // 户数 (column F) of the first project becomes a piece of HTML
    await page.evaluate((payload) => (window as any).__fakeExcel.setCell("项目库", 1, 5, payload), XSS);
    await clickAndWait(page, "#btn-plan");

    expect(await sheetNames(page)).not.toContain("年度计划"); // nothing written
    expect(await page.locator("#notice").isVisible()).toBe(true);
    expect(await text(page, "#notice")).toContain("输入数据有误");
    const first = page.locator("#problems-list .problem").first();
    expect(await first.locator(".problem-where").innerText()).toBe("项目库!F2");
    expect(await first.locator(".problem-text").innerText()).toContain(XSS);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator("img").count()).toBe(1); // the logo only
    expect(await text(page, "#problems-heading")).toMatch(/^发现 \d+ 个问题$/);

    await first.click();
    await page.waitForFunction(() => (window as any).__fakeExcel.selection !== undefined);
    expect(await page.evaluate(() => ({ selection: (window as any).__fakeExcel.selection, active: (window as any).__fakeExcel.activeSheet }))).toEqual({
      selection: { sheet: "项目库", address: "F2" },
      active: "项目库",
    });

    // the same markup as a project name goes into the report sheet as plain text
    await page.evaluate((payload) => {
      const fake = (window as any).__fakeExcel;
      fake.setCell("项目库", 1, 5, 520);
      fake.setCell("项目库", 1, 1, payload);
    }, XSS);
    await clickAndWait(page, "#btn-balance");
    const report = await valuesOf(page, "资金平衡报告");
    expect(report.some((row) => row.includes(XSS))).toBe(true);
    // the only formulas are the report's own totals (issue 12), never text from the data
    expect(await page.evaluate(() => [...(window as any).__fakeExcel.sheet("资金平衡报告").cells.values()].filter((c: { formula?: string }) => c.formula && !/^=(SUM|SUMIF|SUMIFS|COUNTIF|COUNTIFS|ROWS)\(\$[A-Z]+\$\d+:\$[A-Z]+\$\d+[,)]/.test(c.formula)).length)).toBe(0);

    await page.waitForTimeout(300); // an onerror handler, had markup been parsed, would have fired by now
    expect(opened.dialogs).toEqual([]);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expectOnlyOwnOrigin(opened);
  });

  test("a failing write shows the error in both languages and leaves the workbook as it was", async () => {
    const opened = await open();
    const { page } = opened;
    await clickAndWait(page, "#btn-template");
    await clickAndWait(page, "#btn-plan");
    const before = await page.evaluate(() => JSON.stringify((window as any).__fakeExcel.snapshot()));
    // Regenerating replaces the plan sheet: the first new-sheet write of this run fails inside Excel's batch.
    await page.evaluate(() => (window as any).__fakeExcel.failWhen((op: { kind: string; sheet?: string }) => op.kind === "range.values" && String(op.sheet).startsWith("SHANTY_TMP_")));
    await clickAndWait(page, "#btn-plan");
    expect(await page.evaluate(() => JSON.stringify((window as any).__fakeExcel.snapshot()))).toBe(before);
    expect(await page.locator("#error").isVisible()).toBe(true);
    expect(await text(page, "#error")).toContain("已撤销本次创建的工作表");
    expect(await page.locator("#progress").isHidden()).toBe(true);
    await page.click("#lang-en");
    expect(await text(page, "#error")).toContain("the sheets created by this run were removed");
    // the pane is usable again
    expect(await page.locator("#btn-plan").isEnabled()).toBe(true);
    expectOnlyOwnOrigin(opened);
  });

  test("the English switch changes every label, and back", async () => {
    const opened = await open();
    const { page } = opened;
    await page.evaluate(() => localStorage.clear());
    expect(await text(page, "#btn-plan")).toBe("生成年度计划表");
    await page.click("#lang-en");
    expect(await text(page, "#btn-template")).toBe("Insert template");
    expect(await text(page, "#btn-plan")).toBe("Generate annual plan");
    expect(await text(page, "#btn-balance")).toBe("Generate balance report");
    expect(await text(page, "label[for=chk-sample]")).toBe("Include sample data");
    expect(await text(page, "#help-link")).toBe("Function help");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.getAttribute("#lang-en", "aria-pressed")).toBe("true");
    await clickAndWait(page, "#btn-template");
    expect(await text(page, "#result .result-line")).toBe("Template inserted: 项目库, 现金流, 参数");
    await page.click("#lang-zh");
    expect(await text(page, "#btn-plan")).toBe("生成年度计划表");
    expect(await text(page, "#result .result-line")).toBe("已插入模板：项目库、现金流、参数");
    // the help link stays on the add-in's own origin
    const help = await page.locator("#help-link").evaluate((a) => (a as HTMLAnchorElement).href);
    expect(help).toBe(`${origin}/help/index.html`);
    expect(fs.existsSync(path.join(DIST, "help/index.html"))).toBe(true);
    expectOnlyOwnOrigin(opened);
  });

  test("screenshot for the docs (docs/taskpane.png)", async () => {
    const opened = await open({ width: 360, height: 760 });
    const { page } = opened;
    await clickAndWait(page, "#btn-template");
    await clickAndWait(page, "#btn-balance");
    await page.mouse.move(0, 0); // no hover state in the picture
    await page.screenshot({ path: path.join(ROOT, "docs/taskpane.png"), fullPage: true });
    expect(fs.statSync(path.join(ROOT, "docs/taskpane.png")).size).toBeGreaterThan(10_000);
    expectOnlyOwnOrigin(opened);
  });
});
