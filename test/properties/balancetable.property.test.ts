import fc from "fast-check";
import { DomainError } from "../../src/engine/errors";
import { call, col } from "../support/invoke";
import { seedFor } from "./guard";

/*
 * BALANCETABLE is the balance check of the whole list in one call: row for row identical to BALANCELEVEL and
 * BALANCEPARTNERS asked once per project (issue 13 item 1c, issue 15 item 4).
 */

type Cell = string | number | null;

/** What BALANCELEVEL's text and BALANCEPARTNERS' list say, as BALANCETABLE's five columns. */
function expectedRow(id: string, level: string, partners: string[][]): (string | number)[] {
  const pooled = /^(片区|镇街)平衡（(.*)）$/.exec(level);
  if (level === "项目自平衡") return [id, "项目自平衡", "", "", 0];
  if (pooled) return [id, `${pooled[1]}平衡`, pooled[2], partners.map((r) => r[0]).join("、"), 0];
  if (level === "全区平衡") return [id, "全区平衡", "全区", partners.map((r) => r[0]).join("、"), 0];
  const gap = /^不能平衡，缺口 (-?[\d.]+) 万元$/.exec(level);
  if (gap) return [id, "不能平衡", "", "", Number(gap[1])];
  throw new Error(`unexpected BALANCELEVEL text ${level}`);
}

const project = fc.record({
  blank: fc.integer({ min: 0, max: 9 }).map((n) => n === 0), // about one row in ten left blank
  surplus: fc.oneof(
    fc.integer({ min: -2000, max: 2000 }),
    fc.integer({ min: -2_000_000, max: 2_000_000 }).map((n) => n / 1000),
  ),
  area: fc.constantFrom<Cell>("东关", "西关", "南湖", null, 0),
  town: fc.constantFrom<Cell>("城关街道", "南湖镇", null),
});

describe("BALANCETABLE = BALANCELEVEL + BALANCEPARTNERS, row for row", () => {
  test("every kept row equals the per-row functions; blank rows stay blank rows", () => {
    fc.assert(
      fc.property(fc.array(project, { minLength: 1, maxLength: 25 }), fc.boolean(), (list, withTowns) => {
        const ids: Cell[] = list.map((p, i) => (p.blank ? null : `P${i + 1}`));
        const surpluses: Cell[] = list.map((p) => (p.blank ? null : p.surplus));
        const areas: Cell[] = list.map((p) => (p.blank ? null : p.area));
        const towns: Cell[] = list.map((p) => (p.blank ? null : p.town));
        const ranges = withTowns
          ? [col(...ids), col(...surpluses), col(...areas), col(...towns)]
          : [col(...ids), col(...surpluses), col(...areas)];
        const table = call("BALANCETABLE", ...ranges);
        if (ids.every((id) => id === null)) {
          expect((table as DomainError).code).toBe("rangeEmpty");
          return;
        }
        const rows = table as (string | number)[][];
        const last = ids.reduce<number>((at, id, i) => (id === null ? at : i), -1);
        expect(rows.length).toBe(last + 1);
        ids.slice(0, last + 1).forEach((id, i) => {
          if (id === null) {
            expect(rows[i]).toEqual(["", "", "", "", ""]);
            return;
          }
          const level = call("BALANCELEVEL", id, ...ranges) as string;
          const partners = call("BALANCEPARTNERS", id, ...ranges) as string[][];
          expect(rows[i]).toEqual(expectedRow(String(id), level, partners));
        });
      }),
      { numRuns: 300, seed: seedFor("BALANCETABLE rows") },
    );
  });
});
