import { unavailableReason } from "../../src/taskpane/availability";
import { COMMANDS, registerCommands } from "../../src/taskpane/commands";
import type { TaskPaneController } from "../../src/taskpane/controller";
import { tc } from "../../src/taskpane/i18n";
import { formatParameter, parameterFields, parseParameter, rangeText } from "../../src/taskpane/paramEdit";
import { causeText, groupProblems } from "../../src/taskpane/problems";
import { POLICY, POLICY_PARAMETERS } from "../../src/registry/policy";
import type { InputProblem } from "../../src/workbook/model";

describe("parameter values typed in the editor", () => {
  test("numbers, full-width digits, thousands separators; shares as percentages or fractions", () => {
    expect(parseParameter(POLICY.p_baseRate, "180")).toEqual({ ok: true, value: 180 });
    expect(parseParameter(POLICY.p_baseRate, " １８０ ")).toEqual({ ok: true, value: 180 });
    expect(parseParameter(POLICY.p_bonusRate, "1,200")).toEqual({ ok: true, value: 1200 });
    expect(parseParameter(POLICY.p_eduRate, "12%")).toEqual({ ok: true, value: 0.12 }); // 12 ÷ 100
    expect(parseParameter(POLICY.p_eduRate, "0.12")).toEqual({ ok: true, value: 0.12 });
    expect(parseParameter(POLICY.p_eduRate, "14.5%")).toEqual({ ok: true, value: 0.145 }); // no float noise: 14.5/100 = 0.145
  });

  test("rejections say what is wrong and what to type, Chinese first", () => {
    const zero = parseParameter(POLICY.p_coverageThreshold, "0");
    expect(zero).toEqual({
      ok: false,
      message: {
        zh: "“债券本息覆盖倍数下限”必须大于 0，收到 0。允许范围：> 0。",
        en: "“Minimum bond coverage ratio” must be greater than 0, got 0. Allowed: > 0.",
      },
    });
    const share = parseParameter(POLICY.p_eduRate, "150%");
    expect(!share.ok && share.message.zh).toBe(
      "“教育资金计提比例（土地出让收益）”不能大于 100%，收到 150%（比例请填 0%–100%，如 10%）。允许范围：0%–100%。",
    );
    const text = parseParameter(POLICY.p_baseRate, "abc");
    expect(!text.ok && text.message.zh).toBe("“城市基础设施配套费基础费率”应为数值，收到“abc”。请输入数字，如 150。");
    const empty = parseParameter(POLICY.p_baseRate, "");
    expect(!empty.ok && empty.message.zh).toContain("不能为空");
    const negative = parseParameter(POLICY.p_relocRate, "-5");
    expect(!negative.ok && negative.message.zh).toContain("不能小于 0，收到 -5");
    const pct = parseParameter(POLICY.p_baseRate, "10%");
    expect(!pct.ok && pct.message.zh).toContain("不是比例，不能用百分号");
    const half = parseParameter(POLICY.p_stressLandDelay1, "1.5");
    expect(!half.ok && half.message.zh).toBe("“敏感性分析：土地出让推迟年数一（整数，0 = 不做）”应为整数，收到 1.5。");
    expect(parseParameter(POLICY.p_stressLandDelay1, "3")).toEqual({ ok: true, value: 3 });
    const huge = parseParameter(POLICY.p_baseRate, "1e16");
    expect(!huge.ok && huge.message.zh).toContain("数值过大");
  });

  test("display: shares as percentages, ranges in both languages", () => {
    expect(formatParameter(POLICY.p_eduRate, 0.1)).toBe("10%");
    expect(formatParameter(POLICY.p_eduRate, 0.145)).toBe("14.5%");
    expect(formatParameter(POLICY.p_ratio, 1.5)).toBe("1.5");
    expect(rangeText(POLICY.p_coverageThreshold)).toEqual({ zh: "> 0", en: "> 0" });
    expect(rangeText(POLICY.p_baseRate)).toEqual({ zh: "≥ 0", en: "≥ 0" });
    expect(rangeText(POLICY.p_fundRate).zh).toBe("0%–100%");
  });

  test("every policy parameter of the 参数 sheet is a field; the workbook's value and cell where the name exists", () => {
    const fields = parameterFields({ sheets: [], names: [{ name: "p_baseRate", sheet: "参数", row: 1, col: 1, value: 180 }] });
    expect(fields.map((f) => f.spec.name)).toEqual(
      POLICY_PARAMETERS.filter((p) => !("onSheet" in p && p.onSheet === false)).map((p) => p.name),
    );
    expect(fields[0]).toMatchObject({ current: 180, cell: "参数!B2" });
    expect(fields[1].current).toBeUndefined();
    expect(fields[1].cell).toBeUndefined();
  });
});

describe("problem groups", () => {
  const p = (sheet: string, address: string, zh: string, en: string, severity: InputProblem["severity"] = "error"): InputProblem => ({
    sheet,
    address,
    zh,
    en,
    severity,
  });
  const problems = [
    p("项目库", "X1", "列“备注”无法识别，未使用", "Column not recognised", "warning"),
    p("项目库", "F2", "第 2 行：“户数”应为数值，收到“abc”", 'Row 2: "Households" must be a number, got "abc"'),
    p("现金流", "A3", "现金流中的项目编号“P1”不在项目表中", 'Cash-flow project id "P1" is not in the project table'),
    p("项目库", "F3", "第 3 行：“户数”应为数值，收到“x”", 'Row 3: "Households" must be a number, got "x"'),
    p("现金流", "A4", "现金流中的项目编号“P2”不在项目表中", 'Cash-flow project id "P2" is not in the project table'),
    p("", "", "找不到项目表：需要一张含“项目编号”列的表", "No project table found"),
  ];

  test("same cause on the same sheet is one group; errors first, workbook-wide first, then reading order", () => {
    const groups = groupProblems(problems);
    expect(groups.map((g) => [g.severity, g.sheet, g.zh, g.items.length])).toEqual([
      ["error", "", "找不到项目表：需要一张含“项目编号”列的表", 1],
      ["error", "项目库", "“户数”应为数值", 2],
      ["error", "现金流", "现金流中的项目编号 …不在项目表中", 2],
      ["warning", "项目库", "列“备注”无法识别，未使用", 1],
    ]);
    expect(groups[1].en).toBe('"Households" must be a number');
    expect(groups[1].items.map((x) => x.address)).toEqual(["F2", "F3"]);
  });

  test("same code and same cause: one group; same code, another field: another group (its title must fit every line)", () => {
    const coded: InputProblem[] = [
      { ...p("项目库", "F2", "第 2 行：“户数”应为数值，收到“a”", 'Row 2: "Households" must be a number, got "a"'), code: "wbNotNumber" },
      { ...p("项目库", "F3", "第 3 行：“户数”应为数值，收到“b”", 'Row 3: "Households" must be a number, got "b"'), code: "wbNotNumber" },
      { ...p("项目库", "G2", "第 2 行：“建筑面积”应为数值，收到“c”", 'Row 2: "Area" must be a number, got "c"'), code: "wbNotNumber" },
    ];
    expect(groupProblems(coded).map((g) => [g.zh, g.items.length])).toEqual([
      ["“户数”应为数值", 2],
      ["“建筑面积”应为数值", 1],
    ]);
  });

  test("causeText drops the row prefix and the value received", () => {
    expect(causeText("第 12 行：“签约率”是比例，应在 0 到 1 之间（100% 填 1），收到 1.5")).toBe(
      "“签约率”是比例，应在 0 到 1 之间（100% 填 1）",
    );
  });
});

describe("English plurals", () => {
  test("one and many", () => {
    expect(tc("en", "problemsHeading", 1)).toBe("1 problem found");
    expect(tc("en", "problemsHeading", 2)).toBe("2 problems found");
    expect(tc("en", "problemsHeading", 0)).toBe("0 problems found");
    expect(tc("en", "projectCount", 1)).toBe("1 project");
    expect(tc("en", "problemsMore", 1)).toBe("1 more");
    expect(tc("en", "paramsWritten", 1)).toBe("1 parameter written:");
    expect(tc("en", "problemGroupCount", 1)).toBe("1 cell");
    expect(tc("en", "problemGroupCount", 4)).toBe("4 cells");
    expect(tc("zh", "problemsHeading", 1)).toBe("发现 1 个问题");
  });
});

describe("availability", () => {
  const office = (supported: boolean) => ({ context: { requirements: { isSetSupported: () => supported } } });
  test("office.js missing, outside Excel, a requirement set missing, all fine", () => {
    expect(unavailableReason(undefined, undefined)?.zh).toContain("无法加载 Office.js");
    expect(unavailableReason(office(true), null)?.zh).toContain("需要在 Excel 中打开");
    expect(unavailableReason(office(false), "Excel")?.zh).toContain("ExcelApi 1.8");
    expect(unavailableReason(office(true), "Excel")).toBeUndefined();
  });
});

describe("ribbon commands", () => {
  test("each command opens the pane, runs the generator and completes the event even when the run fails", async () => {
    const handlers: Record<string, (e: { completed(): void }) => unknown> = {};
    const runs: string[] = [];
    let shown = 0;
    const controller = {
      generateReport: async (kind: string) => {
        runs.push(kind);
        if (kind === "balance") throw new Error("boom");
      },
    } as unknown as TaskPaneController;
    const names = registerCommands(
      { actions: { associate: (n, h) => void (handlers[n] = h) }, addin: { showAsTaskpane: async () => void shown++ } },
      controller,
    );
    expect(names).toEqual(Object.keys(COMMANDS));
    let completed = 0;
    await handlers.generatePlan({ completed: () => void completed++ });
    await handlers.generateAll({ completed: () => void completed++ });
    await expect(handlers.generateBalance({ completed: () => void completed++ })).rejects.toThrow("boom");
    expect(runs).toEqual(["plan", "all", "balance"]);
    expect(completed).toBe(3);
    expect(shown).toBe(3);
    expect(registerCommands({}, controller)).toEqual([]); // hosts without Office.actions: nothing registered
  });
});

describe("parameter sections", () => {
  test("every policy parameter has a known section (none falls into 其他)", () => {
    const { groupOf } = jest.requireActual("../../src/taskpane/paramEdit") as typeof import("../../src/taskpane/paramEdit");
    expect(POLICY_PARAMETERS.filter((p) => groupOf(p.name) === "other").map((p) => p.name)).toEqual([]);
    expect(groupOf("p_baseRate")).toBe("fees");
    expect(groupOf("p_coverageMax")).toBe("bonds");
    expect(groupOf("p_stressLandDelay2")).toBe("stress");
  });
});

describe("ribbon commands in the manifest", () => {
  test("every ExecuteFunction button names a command the pane registers, and every command has a button with zh-CN labels", () => {
    const xml = require("fs").readFileSync(require("path").join(__dirname, "../../manifest.xml"), "utf8") as string;
    const names = [...xml.matchAll(/<Action xsi:type="ExecuteFunction">\s*<FunctionName>(\w+)<\/FunctionName>/g)].map((m) => m[1]);
    expect(names.sort()).toEqual(Object.keys(COMMANDS).sort());
    for (const label of ["生成年度计划表", "生成资金平衡报告", "生成全部"])
      expect(xml).toContain(`<bt:Override Locale="zh-CN" Value="${label}"/>`);
  });
});
