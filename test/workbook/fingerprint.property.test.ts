import fc from "fast-check";
import {
  addFormula,
  FormulasByRow,
  gridFingerprint,
  modelFingerprint,
  overlayFingerprint,
  ReadBackCell,
} from "../../src/workbook/fingerprint";
import type { Cell } from "../../src/workbook/model";

/*
 * The fingerprint is stored in every generated sheet: hashing the cells piece by piece must give what the
 * hash of their joined text gave (the earlier implementation, kept here as the reference), or every earlier
 * output would read as edited.
 */
function referenceHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, "0");
}

function referenceFingerprint(grid: ReadBackCell[][], origin: { row: number; col: number }, skip?: { row: number; col: number }): string {
  const canonical = (cell: ReadBackCell): string | undefined => {
    if (cell === null || cell === undefined || cell === "") return undefined;
    if (typeof cell === "number") return `n${String(cell)}`;
    if (typeof cell === "boolean") return `b${cell ? 1 : 0}`;
    if (cell.startsWith("=")) return `f${cell.slice(1)}`;
    return `s${cell.startsWith("'") ? cell.slice(1) : cell}`;
  };
  // The earlier implementation: every part's text, joined, hashed at once.
  const parts = grid.flatMap((cells, i) =>
    cells.flatMap((cell, j) => {
      const at = { row: origin.row + i, col: origin.col + j };
      const text = skip && skip.row === at.row && skip.col === at.col ? undefined : canonical(cell);
      return text === undefined ? [] : [`${at.row},${at.col}:${text}`];
    }),
  );
  return "SHANTY-FP1:" + referenceHash(parts.join("\u0001"));
}

describe("fingerprint: piecewise hash", () => {
  it("equals the hash of the joined cell texts on random grids", () => {
    const cell = fc.oneof(
      fc.constant(null),
      fc.constant(""),
      fc.double({ noNaN: true }),
      // integers are hashed digit by digit, without String(n): around 0, the safe limit and beyond it
      fc.integer(),
      fc.maxSafeInteger(),
      fc.constantFrom(-0, 0, 9, 10, 2 ** 53 - 1, 2 ** 53, -(2 ** 53), 1e21, 1e20, -1e15),
      // amounts in whole fen are hashed from their digits too: one and two decimals, signs, the 10¹⁵-fen bound
      fc.integer({ min: -1e14, max: 1e14 }).map((u) => u / 100),
      fc.integer({ min: -1e15 + 1, max: 1e15 - 1 }).map((u) => u / 100),
      fc.constantFrom(0.5, -0.05, 0.01, -0.01, 0.1 + 0.2, 1.15, 9999999999999.99, -9999999999999.99, 1e13 + 0.5, 123.4, 0.005, 1e-7),
      fc.boolean(),
      fc.string(),
      fc.string().map((s) => `=${s}`),
      fc.string().map((s) => `'${s}`),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 8 }),
        // origins: positions, and (no caller's, but the hash must still be the reference's) negative ones
        fc.integer({ min: -3, max: 5 }),
        fc.integer({ min: -3, max: 5 }),
        fc.nat(8),
        fc.nat(8),
        (grid, r0, c0, sr, sc) => {
          const origin = { row: r0, col: c0 };
          const skip = { row: sr, col: sc };
          expect(gridFingerprint(grid, origin, skip)).toBe(referenceFingerprint(grid, origin, skip));
          expect(gridFingerprint(grid, origin)).toBe(referenceFingerprint(grid, origin));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("an empty grid hashes the empty text; one cell hashes '0,0:n1'", () => {
    expect(gridFingerprint([])).toBe("SHANTY-FP1:" + referenceHash(""));
    expect(gridFingerprint([[1]])).toBe("SHANTY-FP1:" + referenceHash("0,0:n1"));
    expect(gridFingerprint([[1, "a"]])).toBe("SHANTY-FP1:" + referenceHash("0,0:n1\u00010,1:sa"));
  });

  it("a model's fingerprint, hashed in place, equals the hash of its read-back copy (formulas beyond its rows too)", () => {
    const value: fc.Arbitrary<Cell> = fc.oneof(fc.constant(null), fc.constant(""), fc.double({ noNaN: true }), fc.boolean(), fc.string());
    const formula = fc.record({
      row: fc.nat(9),
      col: fc.nat(9),
      formula: fc.oneof(
        fc.string(),
        fc.string().map((s) => `=${s}`),
      ),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(value, { maxLength: 6 }), { maxLength: 6 }),
        fc.array(formula, { maxLength: 6 }),
        fc.nat(9),
        fc.nat(9),
        (rows, formulas, sr, sc) => {
          const model = { rows, formulas };
          // The reference: the read-back copy as hosts see it (modelReadBack's rule, written out here).
          const grid: ReadBackCell[][] = rows.map((r) => [...r]);
          for (const f of formulas) {
            while (grid.length <= f.row) grid.push([]);
            while (grid[f.row].length <= f.col) grid[f.row].push(null);
            grid[f.row][f.col] = `=${f.formula.replace(/^=/, "")}`;
          }
          const skip = { row: sr, col: sc };
          expect(modelFingerprint(model, skip)).toBe(referenceFingerprint(grid, { row: 0, col: 0 }, skip));
          expect(modelFingerprint(model)).toBe(referenceFingerprint(grid, { row: 0, col: 0 }));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("fingerprint: values with formulas laid over them", () => {
  it("overlayFingerprint equals gridFingerprint of the grid it stands for (values from any column, formulas anywhere)", () => {
    const value = fc.oneof(fc.constant(null), fc.integer({ min: -99, max: 99 }), fc.string({ maxLength: 3 }), fc.boolean());
    const formula = fc.record({ row: fc.nat(7), col: fc.nat(7), text: fc.string({ maxLength: 4 }).map((s) => `=${s}`) });
    fc.assert(
      fc.property(
        fc.array(fc.array(value, { maxLength: 5 }), { maxLength: 5 }),
        fc.nat(4),
        fc.nat(4),
        fc.array(formula, { maxLength: 6 }),
        fc.option(fc.record({ row: fc.nat(7), col: fc.nat(7) }), { nil: undefined }),
        (values, r0, c0, formulas, skip) => {
          const byRow: FormulasByRow = new Map();
          for (const f of formulas) addFormula(byRow, f.row, f.col, f.text);
          const top = Math.min(r0, ...formulas.map((f) => f.row));
          const left = Math.min(c0, ...formulas.map((f) => f.col));
          const bottom = Math.max(r0 + values.length - 1, ...formulas.map((f) => f.row));
          // The grid itself: the values from (r0, c0), each formula (the last given for a cell) over them.
          const grid: ReadBackCell[][] = [];
          for (let r = top; r <= bottom; r++) grid.push([]);
          values.forEach((line, i) => line.forEach((v, j) => (grid[r0 + i - top][c0 + j - left] = v)));
          for (const [row, cols] of byRow) for (const [col, text] of cols) grid[row - top][col - left] = text;
          const expected = gridFingerprint(
            grid.map((line) => Array.from(line, (v) => v ?? null)),
            { row: top, col: left },
            skip,
          );
          expect(overlayFingerprint((row) => values[row - r0], c0, byRow, { top, left, bottom }, skip)).toBe(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
