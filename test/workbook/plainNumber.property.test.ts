import fc from "fast-check";
import { BOND_COLUMNS, FLOW_SPLIT_COLUMNS, PROJECT_BOND_COLUMNS } from "../../src/workbook/bondContract";
import { ColumnSpec, FLOW_COLUMNS, PROJECT_READ_COLUMNS } from "../../src/workbook/contract";
import type { PlacedColumn } from "../../src/workbook/reader/headers";
import { plainNumber, readCell, readCellExact } from "../../src/workbook/reader/rows";
import { baseUnit, Unit } from "../../src/workbook/reader/units";

/*
 * The reader's plain-number path (numbers stored as numbers, in a column of the engine's unit) against the exact
 * path through Dec that every other cell takes: on every column of the contracts and random numbers around their
 * bounds, both give the same value or the same problem.
 */
const COLUMNS: readonly ColumnSpec[] = [
  ...PROJECT_READ_COLUMNS,
  ...FLOW_COLUMNS,
  ...BOND_COLUMNS,
  ...PROJECT_BOND_COLUMNS,
  ...FLOW_SPLIT_COLUMNS,
];
const NUMERIC = COLUMNS.filter((c) => c.kind !== "text" && c.kind !== "boolean");
const IDENTITY: Unit = { label: "", names: [], num: 1, den: 1 };

function placed(spec: ColumnSpec, unit: Unit = spec.dimension ? baseUnit(spec.dimension) : IDENTITY): PlacedColumn {
  return { col: 0, text: spec.header, unit } as PlacedColumn;
}

const edges = [
  0,
  -0,
  1,
  -1,
  0.5,
  1 + 2 ** -52,
  1 - 2 ** -53,
  0.1 + 0.2,
  5e-324,
  1e15,
  1e15 - 0.125,
  -1e15,
  999,
  1000,
  1899,
  1900,
  2200,
  2201,
];
const numbers = fc.oneof(
  fc.constantFrom(...edges),
  fc.integer({ min: -3000, max: 3000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: -2, max: 2, noNaN: true }),
  fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 100),
);

describe("reader: plain numbers read as through Dec", () => {
  it("a number in a column of the engine's unit reads the same as through Dec, value or problem", () => {
    fc.assert(
      fc.property(fc.constantFrom(...NUMERIC), numbers, fc.boolean(), (spec, v, isDate) => {
        const p = placed(spec);
        const exact = readCellExact(spec, p, v, false, isDate);
        const fast = readCell(spec, p, v, false, isDate);
        const plain = plainNumber(spec, p, v, isDate);
        if (plain !== undefined) {
          // Taken only where the exact path reads the number itself, unchanged, without a problem or a rule.
          expect(exact.error).toBeUndefined();
          expect(exact.rule).toBeUndefined();
          expect(Object.is(exact.value, v)).toBe(true);
          expect(Object.is(fast.value, v)).toBe(true);
        } else {
          expect(fast).toEqual(exact);
        }
      }),
      { numRuns: 20000 },
    );
  });

  it("hand cases: in range → the number; out of range, a conversion or a date → left to the exact path", () => {
    const year = COLUMNS.find((c) => c.kind === "year")!; // 1900 … 2200
    const share = COLUMNS.find((c) => c.kind === "share")!; // 0 … 1
    const area = COLUMNS.find((c) => c.dimension === "area")!; // ≥ 0, ㎡
    expect(plainNumber(year, placed(year), 2024, false)).toBe(2024);
    expect(plainNumber(year, placed(year), 2200, false)).toBe(2200);
    expect(plainNumber(year, placed(year), 2201, false)).toBeUndefined();
    expect(plainNumber(year, placed(year), 2024.5, false)).toBeUndefined();
    expect(plainNumber(year, placed(year), 45292, true)).toBeUndefined(); // a date serial (2024-01-01): its year is read exactly
    expect(readCell(year, placed(year), 45292, false, true)).toEqual({ value: 2024, rule: "date" });
    expect(plainNumber(share, placed(share), 0.35, false)).toBe(0.35);
    expect(plainNumber(share, placed(share), 1.01, false)).toBeUndefined();
    expect(plainNumber(share, placed(share), -0, false)).toBeUndefined();
    expect(plainNumber(area, placed(area), 1234.56, false)).toBe(1234.56);
    expect(plainNumber(area, placed(area), -1, false)).toBeUndefined();
    expect(plainNumber(area, placed(area), 1e15, false)).toBeUndefined();
    expect(plainNumber(area, placed(area), "1234", false)).toBeUndefined();
    const wan: Unit = { label: "万㎡", names: ["万㎡"], num: 10000, den: 1 };
    expect(plainNumber(area, placed(area, wan), 1.5, false)).toBeUndefined();
    expect(readCell(area, placed(area, wan), 1.5, false, false)).toEqual({ value: 15000, rule: undefined });
  });
});
