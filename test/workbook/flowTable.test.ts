import { FlowTable } from "../../src/workbook/flowTable";
import type { FlowRow } from "../../src/workbook/read";

/*
 * The cash-flow table by column: the rows it gives back are the rows put in — every number as it was (−0 and
 * fractions included), a value missing where it was missing, also in a column that starts part-way down or stops —
 * across the columns' growth; `where` keeps and renames rows; `release` lets them go.
 */

const flow = (projectId: string, year: number, income: number, cost: number, row: number, more: Partial<FlowRow> = {}): FlowRow =>
  ({ sheet: "现金流", row, projectId, year, income, cost, ...more }) as FlowRow;

describe("FlowTable", () => {
  it("gives back the rows put in, across the columns' growth (2,500 rows: past 1,024 and 2,048)", () => {
    const rows: FlowRow[] = [];
    for (let i = 0; i < 2500; i++) {
      // 债券还本付息 from row 1,500 on; 运营支出 in every third row only; 土地出让收入 in row 2,100 alone
      const more: Partial<FlowRow> = {};
      if (i >= 1500) more.bondService = i / 8;
      if (i % 3 === 0) more.operatingCost = -i;
      if (i === 2100) more.landIncome = 0.01;
      rows.push(flow(`P${Math.floor(i / 8)}`, 2024 + (i % 8), i * 1.25, i === 7 ? -0 : 3, i + 1, more));
    }
    // (given one at a time, so that the builder starts at its default size and grows twice)
    const table = FlowTable.of(
      (function* () {
        yield* rows;
      })(),
    );
    expect(table).toHaveLength(2500);
    expect([...table]).toEqual(rows);
    expect(Object.is(table.get(7).cost, -0)).toBe(true);
    expect(table.get(1499).bondService).toBeUndefined();
    expect(table.get(1500).bondService).toBe(187.5);
    expect(table.get(3).operatingCost).toBe(-3);
    expect(table.get(4).operatingCost).toBeUndefined();
    expect(table.get(2100)).toMatchObject({ projectId: "P262", year: 2028, income: 2625, landIncome: 0.01, sheet: "现金流", row: 2101 });
    expect(table.value("landIncome", 2099)).toBeUndefined();
    // A column no row has is absent; one every row has needs no marks.
    expect(table.column("specialIncome")).toBeUndefined();
    expect(table.column("income")?.has).toBeUndefined();
    expect(table.column("bondService")?.has).toBeDefined();
  });

  it("where: the rows kept, in their order, with their projects' spelling; the same table when nothing changes", () => {
    const table = FlowTable.of([flow("p1", 2024, 1, 0, 2), flow("x", 2024, 2, 0, 3), flow("Ｐ１ ", 2025, 3, 0, 4, { bondService: 5 })]);
    const kept = table.where(
      (i) => table.projectId(i) !== "x",
      () => "P1",
    );
    expect([...kept]).toEqual([flow("P1", 2024, 1, 0, 2), flow("P1", 2025, 3, 0, 4, { bondService: 5 })]);
    expect(kept.get(0).bondService).toBeUndefined();
    expect(table.where(() => true)).toBe(table);
    expect(table).toHaveLength(3);
  });

  it("release: no rows left", () => {
    const table = FlowTable.of([flow("P1", 2024, 1, 0, 2)]);
    table.release();
    expect(table).toHaveLength(0);
    expect([...table]).toEqual([]);
    expect(FlowTable.of([])).toHaveLength(0);
  });
});
