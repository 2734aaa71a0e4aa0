import * as fs from "fs";
import * as path from "path";
import type { ExcelHost } from "../../src/excel/host";
import { ExcelLayerError } from "../../src/excel/errors";
import { Generate, PaneState, TaskPaneController, toBilingual } from "../../src/taskpane/controller";
import { orderVerdicts, STRINGS, t, verdictName } from "../../src/taskpane/i18n";
import { generateOutputs, GenerationResult } from "../../src/workbook/generate";
import type { SheetModel, WorkbookGrid } from "../../src/workbook/model";

const grid: WorkbookGrid = { sheets: [{ name: "项目库", values: [["项目编号"]] }], names: [] };
const planSheet: SheetModel = { role: "plan", name: "年度计划", rows: [["x"]] };

function memoryHost(overrides: Partial<ExcelHost> = {}): ExcelHost & { written: SheetModel[][]; selected: string[] } {
  const written: SheetModel[][] = [];
  const selected: string[] = [];
  return {
    written,
    selected,
    readWorkbook: async () => grid,
    writeOutputs: async (sheets, onProgress) => {
      written.push([...sheets]);
      onProgress?.({ phase: "inspect", done: 0, total: sheets.length });
      sheets.forEach((s, i) => onProgress?.({ phase: "write", done: i, total: sheets.length, sheet: s.name }));
      onProgress?.({ phase: "commit", done: sheets.length, total: sheets.length });
      return { sheets: sheets.map((s) => ({ role: s.role, name: s.name })), skippedNames: [], syncs: 3 };
    },
    selectCell: async (sheet, address) => void selected.push(`${sheet}!${address}`),
    templatePresence: async () => ({ present: [], missing: ["projects", "flows", "params"] }),
    insertTemplate: async () => ({ sheets: [{ role: "projects", name: "项目库" }], skippedNames: ["贴现率"], syncs: 3 }),
    storeMapping: async () => undefined,
    selectedArea: async () => ({ sheet: "项目库", row: 1, rows: 1, col: 0, cols: 1, address: "项目库!A2" }),
    writeApproval: async (plan) => ({ rows: plan.cells.length, created: [], syncs: 1 }),
    canInsertWorksheets: () => false,
    canExportPortable: () => true,
    exportPortable: async (onPhase) => {
      onPhase?.("file");
      onPhase?.("convert");
      onPhase?.("open");
      return {
        converted: 3,
        values: 1,
        functions: [
          { id: "FEEEXEMPT", cells: 2 },
          { id: "BALANCELEVEL", cells: 2 },
        ],
        opened: true,
      };
    },
    writeParameters: async (edits) => ({
      changes: edits.map((e) => ({ name: e.name, to: e.value, created: false, cell: "参数!B2", from: 150 })),
      syncs: 3,
    }),
    ...overrides,
  };
}

const ok: GenerationResult = {
  sheets: [planSheet],
  problems: [],
  summary: { sentence: "计划改造 3 个项目。", verdicts: { 项目自平衡: 2, 片区平衡: 1 }, projectCount: 3 },
};

const last = <T>(xs: readonly T[]): T => xs[xs.length - 1];

function run(host: ExcelHost, generate: Generate = () => ok) {
  const states: PaneState[] = [];
  const controller = new TaskPaneController(host, (s) => states.push(s), generate);
  return { controller, states };
}

describe("TaskPaneController", () => {
  test("generate: read → compute → write, with progress steps in order and a summary at the end", async () => {
    const host = memoryHost();
    const kinds: unknown[] = [];
    const { controller, states } = run(host, (g, k) => {
      expect(g).toBe(grid);
      kinds.push(k);
      return ok;
    });
    await controller.generateReport("plan");
    expect(kinds).toEqual([["plan"]]);
    expect(host.written).toEqual([[planSheet]]);
    const steps = states.map((s) => s.progress?.key).filter((k, i, all) => k && k !== all[i - 1]);
    // nothing was replaced (the memory host reports no previous output), so the commit step does not say "替换"
    expect(steps).toEqual(["stepRead", "stepCompute", "stepInspect", "stepWrite", "stepFinish", "stepDone"]);
    expect(last(states).hint).toEqual({ key: "hintAfterPlan", params: { sheet: "年度计划" } });
    const fractions = states.map((s) => s.progress?.fraction ?? 0);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions); // the bar never goes back
    const final = controller.current;
    expect(final.busy).toBe(false);
    expect(final.outcome).toEqual({ action: "plan", sheets: [{ role: "plan", name: "年度计划" }], skippedNames: [], summary: ok.summary });
    expect(states[0].busy).toBe(true);
  });

  test("input errors: the problems are shown, nothing is written", async () => {
    const host = memoryHost();
    const problems = [
      { sheet: "项目库", address: "D7", zh: "户数不是数字", en: "households is not a number", severity: "error" as const },
      { sheet: "项目库", address: "", zh: "未知列", en: "unknown column", severity: "warning" as const },
    ];
    const { controller } = run(host, () => ({ ...ok, sheets: [], problems }));
    await controller.generateReport("balance");
    expect(host.written).toEqual([]);
    expect(controller.current.problems).toEqual(problems);
    expect(controller.current.notice).toEqual({ zh: t("zh", "blockedByProblems"), en: t("en", "blockedByProblems"), kind: "warning" });
    expect(controller.current.hint).toEqual({ key: "hintBlocked" });
    expect(controller.current.busy).toBe(false);

    await controller.select(problems[0]);
    expect(host.selected).toEqual(["项目库!D7"]);
  });

  test("warnings alone do not stop the run", async () => {
    const host = memoryHost();
    const warning = { sheet: "项目库", address: "A2", zh: "提示", en: "note", severity: "warning" as const };
    const { controller } = run(host, () => ({ ...ok, problems: [warning] }));
    await controller.generateReport("plan");
    expect(host.written.length).toBe(1);
    expect(controller.current.problems).toEqual([warning]);
  });

  test("an Excel-layer failure is shown in both languages and the pane is usable again", async () => {
    const host = memoryHost({
      writeOutputs: async () => {
        throw new ExcelLayerError("writeFailed", { cause: "boom" });
      },
    });
    const { controller } = run(host);
    await controller.generateReport("plan");
    expect(controller.current.error?.zh).toMatch(/已撤销本次创建的工作表.*boom/);
    expect(controller.current.error?.en).toMatch(/boom/);
    expect(controller.current.busy).toBe(false);
    expect(controller.current.progress).toBeUndefined();
  });

  test("a second click while a run is busy is ignored", async () => {
    let release!: () => void;
    const host = memoryHost({ readWorkbook: () => new Promise((resolve) => (release = () => resolve(grid))) });
    const calls: number[] = [];
    const { controller } = run(host, () => (calls.push(1), ok));
    const first = controller.generateReport("plan");
    await controller.generateReport("balance");
    release();
    await first;
    expect(calls.length).toBe(1);
  });

  test("template: the outcome lists the sheets and the names kept", async () => {
    const host = memoryHost();
    const { controller } = run(host);
    await controller.insertTemplate(true);
    expect(controller.current.outcome).toEqual({
      action: "template",
      sheets: [{ role: "projects", name: "项目库" }],
      skippedNames: ["贴现率"],
    });
    expect(controller.current.hint).toEqual({ key: "hintAfterTemplateSample" });
  });

  test("a failed cell selection shows an error; problems without a sheet are not clickable targets", async () => {
    const host = memoryHost({
      selectCell: async () => Promise.reject(new ExcelLayerError("selectFailed", { cell: "X!A1", cause: "gone" })),
    });
    const { controller } = run(host);
    await controller.select({ sheet: "", address: "", zh: "", en: "", severity: "error" });
    expect(controller.current.error).toBeUndefined();
    await controller.select({ sheet: "X", address: "A1", zh: "", en: "", severity: "error" });
    expect(controller.current.error?.zh).toMatch(/X!A1/);
  });

  test("unknown errors become a bilingual message with the original text", () => {
    expect(toBilingual(new Error("oops"))).toEqual({
      zh: "操作失败：oops。请重试；如仍失败，请保存工作簿并重新打开。",
      en: "The operation failed: oops. Try again; if it keeps failing, save the workbook and reopen it.",
    });
  });
});

describe("TaskPaneController: parameters and template", () => {
  const withParams: WorkbookGrid = { sheets: [], names: [{ name: "p_baseRate", sheet: "参数", row: 1, col: 1, value: 150 }] };

  test("saveParameters: one rejected value → nothing written, the field's message and a notice; then both written", async () => {
    const edits: unknown[] = [];
    const host = memoryHost({
      readWorkbook: async () => withParams,
      writeParameters: async (e) => {
        edits.push(e);
        return { changes: e.map((x) => ({ name: x.name, to: x.value, created: x.name !== "p_baseRate", cell: "参数!B2" })), syncs: 3 };
      },
    });
    const { controller } = run(host);
    await controller.loadParameters();
    await controller.saveParameters({ p_baseRate: "180", p_coverageThreshold: "0" });
    expect(edits).toEqual([]);
    expect(Object.keys(controller.current.paramErrors)).toEqual(["p_coverageThreshold"]);
    expect(controller.current.notice?.zh).toBe("以下 1 个参数未通过检查，未写入任何参数：债券本息覆盖倍数下限。请按提示修改后再保存。");
    expect(controller.current.notice?.en).toBe(
      "This parameter was rejected, so none was written: Minimum bond coverage ratio. Correct it as shown and save again.",
    );

    await controller.saveParameters({ p_baseRate: "180", p_coverageThreshold: "1.3", p_ratio: "1.5" });
    // p_ratio is missing in the workbook: it is written (created) even at its default value
    expect(edits).toEqual([
      [
        { name: "p_baseRate", value: 180 },
        { name: "p_coverageThreshold", value: 1.3 },
        { name: "p_ratio", value: 1.5 },
      ],
    ]);
    expect(controller.current.paramErrors).toEqual({});
    expect(controller.current.outcome?.action).toBe("params");
    expect(controller.current.hint).toEqual({ key: "hintAfterParams" });
  });

  test("saveParameters: values equal to the workbook's are not rewritten", async () => {
    const host = memoryHost({
      readWorkbook: async () => withParams,
      writeParameters: async () => Promise.reject(new Error("must not write")),
    });
    const { controller } = run(host);
    await controller.loadParameters();
    await controller.saveParameters({ p_baseRate: "150" });
    expect(controller.current.notice).toEqual({
      zh: "参数没有改动，未写入。",
      en: "No parameter was changed; nothing was written.",
      kind: "info",
    });
    expect(controller.current.error).toBeUndefined();
  });

  test("checkParameter marks and clears a field's message", () => {
    const { controller } = run(memoryHost());
    expect(controller.checkParameter("p_eduRate", "200%")).toBe(false);
    expect(controller.current.paramErrors.p_eduRate?.zh).toContain("不能大于 100%");
    expect(controller.checkParameter("p_eduRate", "20%")).toBe(true);
    expect(controller.current.paramErrors).toEqual({});
  });

  test("template again: all present → an info notice, never an error; some present → an offer, then only the missing", async () => {
    const inserted: unknown[] = [];
    let presence = {
      present: [
        { role: "projects" as const, sheet: "项目库" },
        { role: "flows" as const, sheet: "现金流" },
        { role: "params" as const, sheet: "参数" },
      ],
      missing: [] as ("projects" | "flows" | "bonds" | "params")[],
    };
    const host = memoryHost({
      templatePresence: async () => presence,
      insertTemplate: async (withSample, _p, roles) => {
        inserted.push([withSample, roles]);
        return { sheets: (roles ?? []).map((r) => ({ role: r, name: r === "flows" ? "现金流" : r })), skippedNames: [], syncs: 3 };
      },
    });
    const { controller } = run(host);
    await controller.insertTemplate(false);
    expect(controller.current.error).toBeUndefined();
    expect(controller.current.notice).toEqual({
      zh: "工作簿中已有模板的全部工作表（项目库、现金流、参数），未作更改。",
      en: "The workbook already has all the template sheets (项目库, 现金流, 参数); nothing was changed.",
      kind: "info",
    });
    expect(inserted).toEqual([]);

    presence = { present: presence.present.filter((p) => p.role !== "flows"), missing: ["flows"] };
    await controller.insertTemplate(true);
    expect(controller.current.pendingTemplate).toEqual({ withSample: true, present: presence.present, missing: ["flows"] });
    expect(inserted).toEqual([]);
    await controller.confirmTemplate();
    expect(inserted).toEqual([[true, ["flows"]]]);
    expect(controller.current.pendingTemplate).toBeUndefined();
    expect(controller.current.outcome?.sheets).toEqual([{ role: "flows", name: "现金流" }]);

    await controller.insertTemplate(true);
    controller.cancelTemplate();
    expect(controller.current.pendingTemplate).toBeUndefined();
    expect(controller.current.notice?.zh).toBe("已取消，工作簿未作更改。");
    expect(inserted.length).toBe(1);
  });

  test("generate all: plan, balance and bonds in one run", async () => {
    const kinds: unknown[] = [];
    const { controller } = run(memoryHost(), (_g, k) => (kinds.push(k), ok));
    await controller.generateReport("all");
    expect(kinds).toEqual([["plan", "balance", "bonds"]]);
  });

  test("the commit step says 替换 only when previous output is being replaced", async () => {
    const host = memoryHost({
      writeOutputs: async (sheets, onProgress) => {
        onProgress?.({ phase: "commit", done: 1, total: 1, replacing: true });
        return { sheets: sheets.map((s) => ({ role: s.role, name: s.name, replaced: s.name })), skippedNames: [], syncs: 3 };
      },
    });
    const { controller, states } = run(host);
    await controller.generateReport("plan");
    expect(states.map((s) => s.progress?.key)).toContain("stepCommit");
    expect(states.map((s) => s.progress?.key)).not.toContain("stepFinish");
  });
});

describe("i18n", () => {
  test("every string exists in both languages and placeholders match", () => {
    const keys = Object.keys(STRINGS.zh);
    expect(Object.keys(STRINGS.en).sort()).toEqual([...keys].sort());
    for (const key of keys as (keyof typeof STRINGS.zh)[]) {
      const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      if (key.endsWith("One")) {
        // English singular variants; Chinese has no plural, so its entry stays empty and the base string is used
        expect([key, STRINGS.zh[key]]).toEqual([key, ""]);
        expect(STRINGS.en[key].length).toBeGreaterThan(0);
        expect(keys).toContain(key.slice(0, -3));
        continue;
      }
      expect([key, holes(STRINGS.en[key])]).toEqual([key, holes(STRINGS.zh[key])]);
    }
  });

  test("every data-i18n key in taskpane.html is in the table", () => {
    const html = fs.readFileSync(path.join(__dirname, "../../src/taskpane/taskpane.html"), "utf8");
    const used = [...html.matchAll(/data-i18n(?:-label)?="(\w+)"/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(10);
    for (const key of used) expect(Object.keys(STRINGS.zh)).toContain(key);
  });

  test("the task pane never builds HTML from strings (no innerHTML and friends)", () => {
    const dir = path.join(__dirname, "../../src/taskpane");
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      expect([file, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(fs.readFileSync(path.join(dir, file), "utf8"))]).toEqual([
        file,
        false,
      ]);
    }
  });
});

describe("verdicts", () => {
  test("are listed in the domain's order with English names, unknown ones last", () => {
    expect(orderVerdicts({ 不能平衡: 2, 新结论: 1, 项目自平衡: 19, 片区平衡: 0, 镇街平衡: 1 })).toEqual([
      ["项目自平衡", 19],
      ["镇街平衡", 1],
      ["不能平衡", 2],
      ["新结论", 1],
    ]);
    expect(verdictName("en", "片区平衡")).toBe("Balanced in area");
    expect(verdictName("zh", "片区平衡")).toBe("片区平衡");
    expect(verdictName("en", "新结论")).toBe("新结论");
  });
});

describe("TaskPaneController: mapping step", () => {
  // a project list whose 户数 column is headed 拆迁户数合计 (not an alias): the reader finds no project table
  const odd: WorkbookGrid = {
    sheets: [
      {
        name: "我的项目",
        values: [
          ["项目编号", "项目名称", "计划年度", "拆迁户数合计", "建筑面积（㎡）"],
          ["P1", "东关", 2025, 120, 9000],
        ],
      },
    ],
    names: [],
  };

  test("no project table but a close header row: the pane offers the mapping, stores it and generates again", async () => {
    let grid: WorkbookGrid = odd;
    const stored: unknown[] = [];
    const host = memoryHost({
      readWorkbook: async () => grid,
      storeMapping: async (m) => {
        stored.push(m);
        // as the workbook would hold it after the write: the SHANTY_MAP_ names with the header texts
        grid = { ...odd, names: [{ name: "SHANTY_MAP_P_households", sheet: "shanty_settings", row: 1, col: 2, value: "拆迁户数合计" }] };
      },
    });
    const { controller } = run(host, generateOutputs);
    await controller.generateReport("plan");
    const step = controller.current.mappingStep!;
    expect(step.suggestion.sheet).toBe("我的项目");
    expect(step.suggestion.missing.map((m) => m.key)).toEqual(["households"]);
    expect(step.suggestion.proposal).toEqual({ households: "拆迁户数合计" });
    expect(controller.current.hint).toEqual({ key: "hintMapping" });
    expect(host.written).toEqual([]);

    await controller.confirmMapping({});
    expect(controller.current.notice?.zh).toBe("请为以下各项选择对应的列：户数。");
    expect(stored).toEqual([]);

    await controller.confirmMapping({ households: "拆迁户数合计" });
    expect(stored).toEqual([{ projects: { households: "拆迁户数合计" }, flows: {} }]);
    expect(controller.current.mappingStep).toBeUndefined();
    expect(host.written.length).toBe(1); // the plan, generated with the stored mapping
    expect(host.written[0][0].name).toBe("年度计划");
  });
});

describe("TaskPaneController: 导出通用工作簿", () => {
  test("the copy is converted and opened: the steps in order, the counts and functions in both languages, nothing written here", async () => {
    const host = memoryHost();
    const { controller, states } = run(host);
    await controller.exportPortable();
    const steps = states.map((s) => s.progress?.key).filter((k, i, all) => k && k !== all[i - 1]);
    expect(steps).toEqual(["stepPortableFile", "stepPortableConvert", "stepPortableOpen", "stepDone"]);
    expect(controller.current.notice).toEqual({
      kind: "info",
      zh: "已在新窗口中打开通用工作簿（尚未保存）：3 个 SHANTY 公式改写为原生公式，1 个改为数值并在批注中保留原公式（FEEEXEMPT×2、BALANCELEVEL×2）。当前工作簿未改动。",
      en: "The portable workbook is open in a new window (not saved yet): 3 SHANTY formulas became native formulas, 1 became values with the original formula in a comment (FEEEXEMPT×2, BALANCELEVEL×2). This workbook is unchanged.",
    });
    expect(controller.current.hint).toEqual({ key: "hintAfterPortable" });
    expect(controller.current.busy).toBe(false);
    expect(host.written).toEqual([]);
  });

  test("a workbook without SHANTY formulas: nothing opened, said so", async () => {
    const host = memoryHost({ exportPortable: async () => ({ converted: 0, values: 0, functions: [], opened: false }) });
    const { controller } = run(host);
    await controller.exportPortable();
    expect(controller.current.notice?.kind).toBe("info");
    expect(controller.current.notice?.zh).toContain("没有 SHANTY 公式");
  });

  test("a host that cannot hand over its file: the command line is named, nothing is attempted", async () => {
    let attempted = false;
    const host = memoryHost({
      canExportPortable: () => false,
      exportPortable: async () => {
        attempted = true;
        throw new Error("must not run");
      },
    });
    const { controller } = run(host);
    await controller.exportPortable();
    expect(attempted).toBe(false);
    expect(controller.current.notice?.kind).toBe("warning");
    expect(controller.current.notice?.zh).toContain("shanty portable 工作簿.xlsx -o 通用工作簿.xlsx");
    expect(controller.current.notice?.en).toContain("shanty portable WORKBOOK.xlsx -o PORTABLE.xlsx");
  });

  test("a failure shows the Excel layer's message and leaves the pane usable", async () => {
    const host = memoryHost({
      exportPortable: async () => {
        throw new ExcelLayerError("portableOpenFailed", { cause: "blocked" });
      },
    });
    const { controller } = run(host);
    await controller.exportPortable();
    expect(controller.current.error?.zh).toBe(
      "通用工作簿已生成，但 Excel 未能在新窗口中打开它，当前工作簿未改动。请重试，或保存工作簿后改用命令行 shanty portable。原因：blocked",
    );
    expect(controller.current.busy).toBe(false);
  });
});
