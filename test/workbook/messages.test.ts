import * as fs from "fs";
import * as path from "path";
import { fillTemplate } from "../../src/engine/messages/fill";
import { WORKBOOK_MESSAGES } from "../../src/engine/messages/workbook";
import type { Cell, InputProblem, WorkbookGrid } from "../../src/workbook/model";
import { readPlanningWorkbook } from "../../src/workbook/read";
import { parseMapArguments } from "../../src/workbook/reader/mapping";

/*
 * Every workbook message lives in the catalogue (src/engine/messages/workbook.ts), is used by the reader, and is
 * filled completely in both languages: a workbook that is wrong in every way the reader knows is read and no
 * message shows a "{placeholder}".
 */

const SRC = path.join(__dirname, "..", "..", "src");
function sources(dir: string): string[] {
  return fs.readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return fs.statSync(p).isDirectory() ? sources(p) : /\.ts$/.test(n) ? [fs.readFileSync(p, "utf8")] : [];
  });
}

const WRONG: Cell[][] = [
  [
    "项目编号",
    "项目名称",
    "计划年度",
    "户数",
    "建筑面积",
    "总投资（亿元）",
    "用地面积",
    "签约率",
    "唯一住房",
    "核准状态",
    "户数",
    "奇怪的列",
    "房龄（年）",
  ],
  ["P1", "甲", "明年", "十", 100, 1, 1, 1.5, "也许", "待定", 1, 1, -1],
  ["P1", "甲", 2024, 1.5, 1e16, 1, 1, 0.5, "是", "核准", 1, 1, 1],
  ["P4", "乙", 1899, 5, 100, 1, 1, 0.5, "是", "核准", 1, 1, 1],
  ["Q1", "丁", 2024, 5, 100, 1, 1, 0.5, "是", "核准", 1, 1, 1],
  ["ｑ１", "戊", 2024, 5, 100, 1, 1, 0.5, "是", "核准", 1, 1, 1],
  ["P2", "丙", 2024, 5, 100, "12.5万", 1, 0.5, "是", "核准", 1, 1, 1],
  ["P3", null, 2024, 5, 100, 1, 1, 0.5, "是", "核准", 1, 1, 1],
  ["合计", null, null, 999, 999, null, null, null, null, null, null, null, null],
];
const FLOWS: Cell[][] = [
  ["项目编号", "年度", "收入", "支出"],
  ["P9", 2024, 1, 1],
  ["P2", 2024, "x", 1],
];

function allProblems(): InputProblem[] {
  const grid: WorkbookGrid = {
    sheets: [
      { name: "项目库", values: WRONG },
      { name: "现金流", values: FLOWS },
    ],
    names: [
      { name: "p_eduRate", sheet: "参数", row: 0, col: 1, value: "十" },
      { name: "p_baseRate", sheet: "参数", row: 1, col: 1, value: -5 },
    ],
  };
  return [
    ...readPlanningWorkbook(grid).problems,
    ...readPlanningWorkbook({ sheets: [{ name: "S", values: [["项目编号", "项目名称"]] }], names: [] }).problems,
    ...readPlanningWorkbook({ sheets: [{ name: "S", values: [["x"]] }], names: [] }).problems,
    ...readPlanningWorkbook({ sheets: [{ name: "项目库", values: [["项目编号", "项目名称", "计划年度", "户数", "建筑面积"]] }], names: [] })
      .problems,
    ...readPlanningWorkbook(
      { sheets: [{ name: "项目库", values: WRONG.slice(0, 1) }], names: [] },
      { mapping: { projects: { households: "不存在" }, flows: {} } },
    ).problems,
    ...parseMapArguments(["x", "人口=常住人口"]).problems,
    ...readPlanningWorkbook({
      sheets: [
        {
          name: "项目库",
          values: [
            ["项目编号", "项目名称", "计划年度", "户数", "建筑面积（平方公里）"],
            ["P1", "甲", 2024, 1, 1],
            ["P2", "乙", 2024, 1, 1],
          ],
        },
      ],
      names: [],
    }).problems,
  ];
}

describe("workbook messages", () => {
  const problems = allProblems();

  it("every message is filled in both languages (no {placeholder} left) and carries its code", () => {
    for (const p of problems) {
      expect([p.code, p.zh]).toEqual([p.code, expect.not.stringMatching(/\{\w+\}/)]);
      expect([p.code, p.en]).toEqual([p.code, expect.not.stringMatching(/\{\w+\}/)]);
      expect(p.code! in WORKBOOK_MESSAGES).toBe(true);
    }
  });

  it("the wrong workbook produces the messages of every rule it breaks, each once per cause", () => {
    const codes = new Set(problems.map((p) => p.code));
    for (const c of [
      "wbNotYear",
      "wbNotNumber",
      "wbNotInteger",
      "wbTooLarge",
      "wbBelowMin",
      "wbNotShare",
      "wbNotBoolean",
      "wbNotChoice",
      "wbIdClash",
      "wbUnitUnknown",
      "wbColumnDuplicate",
      "wbColumnUnknown",
      "wbRequired",
      "wbFlowOrphan",
      "wbParamNotNumber",
      "wbParamOutOfRange",
      "wbTypedSuffix",
      "wbUnitConverted",
      "wbTotalRow",
      "wbTotalUnchecked",
      "wbClosestTable",
      "wbNoProjectTable",
      "wbNoDataRows",
      "wbMappedMissing",
      "wbMapSyntax",
      "wbMapFieldUnknown",
    ]) {
      expect([c, codes.has(c)]).toEqual([c, true]);
    }
    // one unit error for the 用地面积 column, not one per row
    expect(problems.filter((p) => p.code === "wbUnitUnknown")).toHaveLength(1);
    // P2's bad cash-flow cell and the orphan P9: one each; rows of rejected P1 never appear as orphans
    expect(problems.filter((p) => p.code === "wbFlowOrphan").map((p) => p.zh)).toEqual([
      "现金流中的项目编号“P9”不在项目表中（1 行，首行 A2）",
    ]);
  });

  it("every catalogue entry is used by src/ (no dead message), and no other workbook message is inlined in the reader", () => {
    const text = sources(SRC).join("\n");
    for (const code of Object.keys(WORKBOOK_MESSAGES)) expect([code, text.includes(`"${code}"`)]).toEqual([code, true]);
    const reader =
      sources(path.join(SRC, "workbook", "reader")).join("\n") + fs.readFileSync(path.join(SRC, "workbook", "read.ts"), "utf8");
    expect(reader).not.toMatch(/zh:\s*`/); // messages are worded in the catalogue, not in template literals here
  });
});

describe("one fill function for every layer", () => {
  it("fillTemplate fills {keys}, leaves a key without a value visible, and shows values through `show`", () => {
    expect(fillTemplate("第 {row} 行：{header}", { row: 5, header: "户数" })).toBe("第 5 行：户数");
    expect(fillTemplate("{a}{b}", { a: 1 })).toBe("1{b}");
    expect(fillTemplate("{arg}", { arg: "years" }, (k, v) => (k === "arg" ? `年度(${v})` : String(v)))).toBe("年度(years)");
  });

  it("no src/ file other than src/engine/messages/fill.ts fills {placeholders} itself", () => {
    const own: string[] = [];
    const walk = (dir: string) => {
      for (const n of fs.readdirSync(dir)) {
        const p = path.join(dir, n);
        if (fs.statSync(p).isDirectory()) walk(p);
        else if (
          /\.ts$/.test(n) &&
          !p.endsWith(path.join("messages", "fill.ts")) &&
          /\.replace\(\/\\\{\(\\w\+\)\\\}\/g/.test(fs.readFileSync(p, "utf8"))
        )
          own.push(path.relative(SRC, p));
      }
    };
    walk(SRC);
    expect(own).toEqual([]);
  });
});
