import { FLOW_COLUMNS, PROJECT_READ_COLUMNS, SHEET_NAMES, TABLE_NAMES } from "../../src/workbook/contract";
import type { Cell, InputProblem, WorkbookGrid } from "../../src/workbook/model";
import { FlowTableBuilder } from "../../src/workbook/flowTable";
import { makeProjectRecord, readPlanningWorkbook, type FlowRow } from "../../src/workbook/read";
import { locate } from "../../src/workbook/reader/locate";
import { readTable, type RowRecord } from "../../src/workbook/reader/rows";
import { checkTotals } from "../../src/workbook/reader/totals";
import { sampleGrid } from "../support/sampleGrid";
import { clerkWorkbook } from "./clerkFixture";

/*
 * The project table's records are made at once from a row's values (makeProjectRecord: one object layout), and the
 * cash-flow table's rows are kept by column (FlowTableBuilder), instead of records made one key at a time: the same
 * values, the same problems and notices (the total rows' check reads the rows back from the columns), the same rows
 * left out, on a clerk's messy list and on the sample; the keys without a value are there as undefined and nothing
 * else differs.
 */

/** The record's keys with a value, as readTable writes them without a maker. */
function defined(r: RowRecord | FlowRow): Record<string, unknown> {
  return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined));
}

function readFlowsBoth(grid: WorkbookGrid) {
  const loc = locate(grid, FLOW_COLUMNS, { tableName: TABLE_NAMES.flows, sheetName: SHEET_NAMES.flows, exclude: new Set<string>() });
  if (!loc) throw new Error("no cash-flow table");
  const plainProblems: InputProblem[] = [];
  const madeProblems: InputProblem[] = [];
  const plain = readTable(loc, FLOW_COLUMNS, plainProblems, { idKey: "projectId", date1904: false });
  const made = readTable(loc, FLOW_COLUMNS, madeProblems, { idKey: "projectId", date1904: false, sink: new FlowTableBuilder() });
  // The total rows' check reads the rows back from each sink.
  checkTotals(plain, FLOW_COLUMNS, loc.sheet.name, plainProblems);
  checkTotals(made, FLOW_COLUMNS, loc.sheet.name, madeProblems);
  return { plain: { ...plain, rows: plain.rows.records }, made: { ...made, rows: [...made.rows.build()] }, plainProblems, madeProblems };
}

describe("the cash-flow table by column (FlowTableBuilder)", () => {
  it("a clerk's list: units, typed numbers, optional columns in some rows, a bad cell, a note and a 合计 row", () => {
    const rows: Cell[][] = [
      ["现金流量表", null, null, null, null, null, null],
      ["项目编号", "年度", "收入（亿元）", "支出（万元）", "债券还本付息（万元）", "土地出让收入（万元）", "运营支出（万元）"],
      ["PG-01", 2024, 0.5, "1,200", null, 3000, null],
      ["PG-01", "２０２５", 1.25, 800, 50.5, null, 10],
      ["PG-02", 2024, "x", 100, null, null, null], // a bad number: the row is rejected, reported once
      ["PG-02", 2025, 0, 0, 0, null, null],
      [" PG-03 ", 2026, 0.0001, 1e-2, null, null, null],
      ["注：单位见表头", null, null, null, null, null, null],
      ["合计", null, 1.7501, 2100.01, 50.5, 3000, 10],
    ];
    const grid: WorkbookGrid = { sheets: [{ name: "现金流", values: rows, origin: { row: 0, col: 0 } }], names: [] };
    const { plain, made, plainProblems, madeProblems } = readFlowsBoth(grid);
    expect(made.rows).toHaveLength(4);
    expect(made.rows.map(defined)).toEqual(plain.rows.map((r) => ({ ...r })));
    // Every key of the table is on the made record, the ones without a value as undefined.
    for (const r of made.rows) expect(Object.keys(r).sort()).toEqual(["sheet", "row", ...FLOW_COLUMNS.map((c) => c.key)].sort());
    expect(made.rows[0]).toMatchObject({ projectId: "PG-01", year: 2024, income: 5000, cost: 1200, landIncome: 3000 });
    expect(made.rows[0].bondService).toBeUndefined();
    expect(made.rows[1]).toMatchObject({ year: 2025, income: 12500, bondService: 50.5, operatingCost: 10 });
    expect(made.rows[3]).toMatchObject({ projectId: "PG-03", income: 1, cost: 0.01, sheet: "现金流", row: 6 });
    expect(madeProblems).toEqual(plainProblems);
    expect(madeProblems.some((p) => p.severity === "error" && p.address === "C5")).toBe(true);
    expect(made.rejected).toEqual(plain.rejected);
    expect(made.rejectedRows).toEqual([4]);
    expect(made.totals).toEqual(plain.totals);
    expect(made.totals).toHaveLength(1);
  });

  it("the total rows' check reads the columns: a 小计 and a 合计 that do not add up are named with their rows", () => {
    const rows: Cell[][] = [
      ["项目编号", "年度", "收入（万元）", "支出（万元）"],
      ["P1", 2024, 100, 10],
      ["P1", 2025, 200, 20],
      ["小计", null, 300, 31], // 支出: 10 + 20 = 30, not 31
      ["P2", 2024, 5, 1],
      ["合计", null, 306, 31], // 收入: 100 + 200 + 5 = 305, not 306; 支出 10 + 20 + 1 = 31
    ];
    const grid: WorkbookGrid = { sheets: [{ name: "现金流", values: rows, origin: { row: 0, col: 0 } }], names: [] };
    const { plainProblems, madeProblems } = readFlowsBoth(grid);
    const warnings = madeProblems.filter((p) => p.severity === "warning");
    expect(warnings.map((p) => [p.address, p.zh])).toEqual([
      ["D4", "支出小计 31 ≠ 各项目之和 30 万元（D4，第 2–3 行）"],
      ["C6", "收入合计 306 ≠ 各项目之和 305 万元（C6，第 2–5 行）"],
    ]);
    expect(madeProblems).toEqual(plainProblems);
  });

  it("the sample: the reader's cash flows equal the records made one key at a time", () => {
    const grid = sampleGrid();
    const { plain, made } = readFlowsBoth(grid);
    expect(made.rows.length).toBeGreaterThan(50);
    expect(made.rows.map(defined)).toEqual(plain.rows.map((r) => ({ ...r })));
    // readPlanningWorkbook makes them so.
    const input = readPlanningWorkbook(grid);
    expect([...input.flows].map(defined)).toEqual(plain.rows.map((r) => ({ ...r })));
  });
});

describe("makeProjectRecord", () => {
  const both = (grid: WorkbookGrid) => {
    const loc = locate(grid, PROJECT_READ_COLUMNS, {
      tableName: TABLE_NAMES.projects,
      sheetName: SHEET_NAMES.projects,
      exclude: new Set<string>(),
    });
    if (!loc) throw new Error("no project table");
    const plainProblems: InputProblem[] = [];
    const madeProblems: InputProblem[] = [];
    const options = { idKey: "id", nameKey: "name", date1904: false } as const;
    const plain = readTable(loc, PROJECT_READ_COLUMNS, plainProblems, options);
    const made = readTable(loc, PROJECT_READ_COLUMNS, madeProblems, { ...options, make: makeProjectRecord });
    return { plain: { ...plain, rows: plain.rows.records }, made: { ...made, rows: made.rows.records }, plainProblems, madeProblems };
  };

  it("a clerk's list (title rows, full-width digits, a date as 计划年度, a blank row, 合计) and the sample: the same records", () => {
    const clerk = clerkWorkbook({ edit: [3, "改造户数（户）", "很多"] }); // one bad 户数: that row is rejected
    const grids: WorkbookGrid[] = [
      {
        sheets: clerk.map((s) => ({
          name: s.name,
          values: s.rows.map((r) => [...r]),
          origin: { row: 0, col: 0 },
          dates: (s.dates ?? []).map((d): [number, number] => [d.row, d.col]),
        })),
        names: [],
      },
      sampleGrid(),
    ];
    for (const grid of grids) {
      const { plain, made, plainProblems, madeProblems } = both(grid);
      expect(made.rows.length).toBeGreaterThan(20);
      expect(made.rows.map(defined)).toEqual(plain.rows.map((r) => ({ ...r })));
      for (const r of made.rows) expect(Object.keys(r).sort()).toEqual(["sheet", "row", ...PROJECT_READ_COLUMNS.map((c) => c.key)].sort());
      expect(madeProblems).toEqual(plainProblems);
      expect(made.rejectedRows).toEqual(plain.rejectedRows);
      expect(made.totals).toEqual(plain.totals);
    }
    expect(both(grids[0]).made.rejectedRows).toHaveLength(1);
  });

  it("every column filled with its own value: each lands under its own key", () => {
    // A valid value per column, no two alike (a swapped pair of keys in the maker shows).
    const valueOf = (c: (typeof PROJECT_READ_COLUMNS)[number], i: number): Cell => {
      if (c.key === "approvalStatus") return "核准";
      if (c.kind === "text") return "choices" in c && c.choices ? Object.keys(c.choices)[0] : `文本${i}`;
      if (c.kind === "boolean") return "是";
      if (c.kind === "share") return (i + 1) / 100;
      if (c.kind === "year" || ("max" in c && c.max === 2200)) return 2000 + i;
      if (c.kind === "integer") return 100 + i;
      return i + 0.25;
    };
    const header = PROJECT_READ_COLUMNS.map((c) => c.header as Cell);
    const line = PROJECT_READ_COLUMNS.map(valueOf);
    const grid: WorkbookGrid = { sheets: [{ name: "项目库", values: [header, line], origin: { row: 0, col: 0 } }], names: [] };
    const { plain, made, madeProblems } = both(grid);
    expect(madeProblems.filter((p) => p.severity === "error")).toEqual([]);
    expect(made.rows).toHaveLength(1);
    expect(Object.values(made.rows[0]).filter((v) => v === undefined)).toEqual([]);
    expect(made.rows[0]).toEqual(plain.rows[0]);
    expect(made.rows[0]).toMatchObject({ netIncomePerSqm: 17.25, approvalStatus: "核准", approvalComment: "文本30" });
  });
});
