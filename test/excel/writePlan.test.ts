import { isValidDefinedName, parseCellAddress, parseNameFormula, quoteSheetName, splitSheetAddress } from "../../src/workbook/address";
import { planWrite, resolvePrevious, WorkbookInventory } from "../../src/excel/writePlan";
import type { SheetModel } from "../../src/workbook/model";

const plan: SheetModel = {
  role: "plan",
  name: "年度计划",
  rows: [["x"]],
  tables: [{ name: "ShantyPlanByYear", range: { row: 0, col: 0, rows: 1, cols: 1 }, style: "TableStyleLight9" }],
};
const params: SheetModel = { role: "params", name: "参数", rows: [["x", 1]], namedCells: [{ name: "贴现率", row: 0, col: 1 }] };

describe("address parsing", () => {
  test("names' formulas give sheet and cell, quoted names unescaped", () => {
    expect(parseNameFormula("=年度计划!$A$1")).toEqual({ sheet: "年度计划", row: 0, col: 0 });
    expect(parseNameFormula("='年度计划 (2)'!$AB$10")).toEqual({ sheet: "年度计划 (2)", row: 9, col: 27 });
    expect(parseNameFormula("='It''s'!C3")).toEqual({ sheet: "It's", row: 2, col: 2 });
  });
  test("broken, constant and multi-cell names are not cells", () => {
    expect(parseNameFormula("=#REF!")).toBeUndefined();
    expect(parseNameFormula("=#REF!$A$1")).toBeUndefined();
    expect(parseNameFormula("=0.05")).toBeUndefined();
    expect(parseNameFormula("=Sheet1!$A$1:$B$2")).toBeUndefined();
    expect(parseCellAddress("A0")).toBeUndefined();
    expect(splitSheetAddress("'unterminated!A1")).toBeUndefined();
  });
  test("defined names follow Excel's rules (no cell references, no spaces)", () => {
    for (const ok of ["p_baseRate", "贴现率", "_x", "\\x", "ABCD1", "XFE1", "Rate.2"])
      expect([ok, isValidDefinedName(ok)]).toEqual([ok, true]);
    for (const bad of ["", "A1", "xfd10", "R", "c", "R1C1", "rc", "1abc", "a b", "a-b"])
      expect([bad, isValidDefinedName(bad)]).toEqual([bad, false]);
  });

  test("sheet names are quoted when Excel would quote them", () => {
    expect(quoteSheetName("项目库")).toBe("项目库");
    expect(quoteSheetName("年度计划 (2)")).toBe("'年度计划 (2)'");
    expect(quoteSheetName("It's")).toBe("'It''s'");
  });
});

describe("planWrite", () => {
  const empty: WorkbookInventory = { sheets: ["Sheet1"], names: [], tables: [] };

  test("first run: preferred names, nothing deleted", () => {
    const p = planWrite(empty, [plan, params], { replaceOwned: true });
    expect(p.sheets.map((s) => [s.writeName, s.finalName, s.replaces])).toEqual([
      ["年度计划", "年度计划", undefined],
      ["参数", "参数", undefined],
    ]);
    expect(p.deleteSheets).toEqual([]);
    expect(p.deleteNames).toEqual([]);
  });

  test("the owned sheet is written under a temporary name and replaced at commit; its table and names are re-made", () => {
    const inv: WorkbookInventory = {
      sheets: ["Sheet1", "年度计划", "参数"],
      names: [
        { name: "SHANTY_OUTPUT_PLAN", formula: "=年度计划!$A$1" },
        { name: "SHANTY_OUTPUT_PARAMS", formula: "=参数!$A$1" },
        { name: "贴现率", formula: "=参数!$B$1" },
      ],
      tables: [{ name: "ShantyPlanByYear", sheet: "年度计划" }],
    };
    const p = planWrite(inv, [plan, params], { replaceOwned: true });
    expect(p.sheets[0]).toMatchObject({ writeName: "SHANTY_TMP_年度计划", finalName: "年度计划", replaces: "年度计划" });
    expect(p.sheets[0].tables[0]).toMatchObject({ writeName: "SHANTY_TMP_ShantyPlanByYear", finalName: "ShantyPlanByYear" });
    expect(p.deleteSheets).toEqual(["年度计划", "参数"]);
    expect([...p.deleteNames].sort()).toEqual(["SHANTY_OUTPUT_PARAMS", "SHANTY_OUTPUT_PLAN", "贴现率"].sort());
    expect(p.sheets[1].namedCells.map((c) => c.name)).toEqual(["贴现率"]);
  });

  test("a user's sheet with the preferred name keeps it; case does not matter", () => {
    const p = planWrite({ sheets: ["年度计划", "年度计划 (2)"], names: [], tables: [] }, [plan], { replaceOwned: true });
    expect(p.sheets[0].finalName).toBe("年度计划 (3)");
    const q = planWrite({ sheets: ["PLAN"], names: [], tables: [] }, [{ ...plan, name: "Plan" }], { replaceOwned: true });
    expect(q.sheets[0].finalName).toBe("Plan (2)");
  });

  test("a broken ownership mark (#REF!) is removed and the sheet written fresh", () => {
    const p = planWrite({ sheets: ["S"], names: [{ name: "SHANTY_OUTPUT_PLAN", formula: "=#REF!$A$1" }], tables: [] }, [plan], {
      replaceOwned: true,
    });
    expect(p.deleteSheets).toEqual([]);
    expect(p.deleteNames).toEqual(["SHANTY_OUTPUT_PLAN"]);
    expect(p.sheets[0].finalName).toBe("年度计划");
  });

  test("a user's name equal to a table name pushes the table to a free name", () => {
    const p = planWrite({ sheets: ["S"], names: [{ name: "shantyplanbyyear", formula: "=S!$A$1" }], tables: [] }, [plan], {
      replaceOwned: true,
    });
    expect(p.sheets[0].tables[0]).toMatchObject({ writeName: "ShantyPlanByYear_2", finalName: "ShantyPlanByYear_2" });
  });

  test("the template mode refuses to replace an owned sheet", () => {
    expect(() =>
      planWrite({ sheets: ["参数"], names: [{ name: "SHANTY_OUTPUT_PARAMS", formula: "=参数!$A$1" }], tables: [] }, [params], {
        replaceOwned: false,
      }),
    ).toThrow(expect.objectContaining({ code: "templateExists" }));
  });

  test("a named cell with an invalid Excel name is skipped (not left to fail the commit)", () => {
    const p = planWrite(empty, [{ ...params, namedCells: [{ name: "B2", row: 0, col: 1 }] }], { replaceOwned: true });
    expect(p.sheets[0].namedCells).toEqual([]);
    expect(p.skippedNames).toEqual(["B2"]);
  });

  test("two models with the same role are a programming error", () => {
    expect(() => planWrite(empty, [plan, plan], { replaceOwned: true })).toThrow(/two output sheets/);
  });
});

describe("resolvePrevious: what happens to the add-in's earlier sheet", () => {
  const inv: WorkbookInventory = {
    sheets: ["Sheet1", "年度计划", "年度计划（旧）"],
    names: [
      { name: "SHANTY_OUTPUT_PLAN", formula: "=年度计划!$A$1" },
      { name: "SHANTY_FINGERPRINT_PLAN", formula: "=年度计划!$K$1" },
    ],
    tables: [{ name: "ShantyPlanByYear", sheet: "年度计划" }],
  };

  test("the write plan knows where the earlier sheet's fingerprint is, and drops both marker names at commit", () => {
    const p = planWrite(inv, [plan], { replaceOwned: true });
    expect(p.sheets[0].previousFingerprint).toEqual({ row: 0, col: 10 });
    expect([...p.deleteNames].sort()).toEqual(["SHANTY_FINGERPRINT_PLAN", "SHANTY_OUTPUT_PLAN"]);
  });

  test("unchanged or without fingerprint → deleted; edited → kept under a free …（旧） name, its tables renamed out of the way", () => {
    const p = planWrite(inv, [plan], { replaceOwned: true });
    expect(resolvePrevious(p, inv, new Map([["年度计划", "unchanged"]]))).toEqual([
      { sheet: "年度计划", action: "delete", editState: "unchanged" },
    ]);
    expect(resolvePrevious(p, inv, new Map())).toEqual([{ sheet: "年度计划", action: "delete", editState: "unknown" }]);
    expect(resolvePrevious(p, inv, new Map([["年度计划", "edited"]]))).toEqual([
      {
        sheet: "年度计划",
        action: "keep",
        keptName: "年度计划（旧） (2)",
        tableRenames: [{ from: "ShantyPlanByYear", to: "ShantyPlanByYear_old" }],
        editState: "edited",
      },
    ]);
  });

  test("the task pane can choose to replace an edited sheet anyway", () => {
    const p = planWrite(inv, [plan], { replaceOwned: true });
    expect(resolvePrevious(p, inv, new Map([["年度计划", "edited"]]), "replace")).toEqual([
      { sheet: "年度计划", action: "delete", editState: "edited" },
    ]);
  });
});
