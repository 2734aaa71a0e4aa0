import { evaluateFormula } from "../../src/cli/evaluate";
import { HELP_TEXT } from "../../src/help/text";
import { BALANCE_FUNCTIONS } from "../../src/registry/balance";

/*
 * The balance family through HyperFormula (the headless path of `shanty eval`), with inline arrays as ranges:
 * {a;b;c} is one column. The hand-worked surplus table (test/engine/balance.test.ts), 万元:
 *   P1 800 东关/城关, P2 −200 东关/城关, P3 −400 西关/城关, P4 −700 南塬/新城, P5 400 南塬/新城, P6 150 西关/城关.
 * Surplus allocation: 片区 pass P2 takes 200 of P1 (600 left); 镇街 pass P3 takes 400 of P1 (200 left);
 * 全区 pass P4 takes P5 400 + P1 200 + 100 of P6's 150 = 700.
 */
const IDS = '{"P1";"P2";"P3";"P4";"P5";"P6"}';
const SURPLUSES = "{800;-200;-400;-700;400;150}";
const AREAS = '{"东关片区";"东关片区";"西关片区";"南塬片区";"南塬片区";"西关片区"}';
const TOWNS = '{"城关街道";"城关街道";"城关街道";"新城镇";"新城镇";"城关街道"}';
const POOL = `${IDS},${SURPLUSES},${AREAS},${TOWNS}`;

const YEARS7 = "{2024;2025;2026;2027;2028;2029;2030}";
const FLOWS7 = "{-500;-300;200;300;400;-50;100}";

describe("balance functions through HyperFormula", () => {
  it.each([
    // cumulative −500, −800, −600, −300, 100, 50, 150 → 2028
    [`=SHANTY.BALANCEYEAR(${YEARS7},${FLOWS7})`, 2028],
    // cumulative −500, 100, −100, 200 → 2027, not 2025
    ["=SHANTY.BALANCEYEAR({2024;2025;2026;2027},{-500;600;-200;300})", 2027],
    // 2028 − 2026
    [`=SHANTY.EXTENDYEARS(${YEARS7},${FLOWS7},2026)`, 2],
    // 500 + 700 − (300 + 100 + 150)
    ["=SHANTY.BALANCE({500;700},{300;100;150})", 650],
    ["=SHANTY.FARCHECK(10000,25000,2.5)", true],
    ["=SHANTY.FARCHECK(10000,25001,2.5)", false],
    // 5,000,000 ÷ 2000
    ["=SHANTY.FAREXTRA(5000000,2000,10000,22000,2.5)", 2500],
    [`=SHANTY.BALANCELEVEL("P1",${POOL})`, "项目自平衡"],
    [`=SHANTY.BALANCELEVEL("P2",${POOL})`, "片区平衡（东关片区）"],
    // 西关: P6 150 < 400; 城关街道: P1 600 + P6 150 = 750 ≥ 400
    [`=SHANTY.BALANCELEVEL("P3",${POOL})`, "镇街平衡（城关街道）"],
    // 南塬 / 新城镇: P5 400 < 700; 全区: P1 200 + P5 400 + P6 150 = 750 ≥ 700
    [`=SHANTY.BALANCELEVEL("P4",${POOL})`, "全区平衡"],
  ])("%s → %s", (formula, expected) => {
    expect(evaluateFormula(formula)).toEqual({ ok: true, value: expected });
  });

  it("BALANCEPARTNERS spills the partner ids into one column", () => {
    // T needs 500: largest first 300 + 250 (two partners), not 100 + 100 + 100 + 250 (four)
    const r = evaluateFormula(
      '=SHANTY.BALANCEPARTNERS("T",{"T";"S1";"S2";"B1";"S3";"B2"},{-500;100;100;300;100;250},{"甲";"甲";"甲";"甲";"甲";"甲"})',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toBe("B1");
    expect(r.rows?.filter((row) => row[0] !== null)).toEqual([["B1"], ["B2"]]);
  });

  it("BALANCEPARTNERS of P4: largest available at its turn first — P5 400, P1 200, P6 (150, of which 100 is claimed)", () => {
    const r = evaluateFormula(`=SHANTY.BALANCEPARTNERS("P4",${POOL})`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows?.filter((row) => row[0] !== null)).toEqual([["P5"], ["P1"], ["P6"]]);
  });

  it("two deficits competing for one surplus: the earlier row balances, the later is short by what is left", () => {
    // One 片区: X −300, Y −300, S +400. X claims 300 (S left 100); Y: 100 < 300 → gap 300 − 100 = 200.
    expect(evaluateFormula('=SHANTY.BALANCELEVEL("X",{"X";"Y";"S"},{-300;-300;400},{"A";"A";"A"})')).toEqual({
      ok: true,
      value: "片区平衡（A）",
    });
    expect(evaluateFormula('=SHANTY.BALANCELEVEL("Y",{"X";"Y";"S"},{-300;-300;400},{"A";"A";"A"})')).toEqual({
      ok: true,
      value: "不能平衡，缺口 200.00 万元",
    });
  });

  it("not balancing within the years is #N/A with the Chinese explanation", () => {
    const r = evaluateFormula("=SHANTY.BALANCEYEAR({2024;2025;2026},{-500;100;-200})");
    expect(r).toMatchObject({ ok: false, error: "#N/A" });
    expect(!r.ok && r.message).toContain("在给定年度（2024–2026）内不能实现平衡");
  });

  it("years with a gap are #VALUE! naming the years", () => {
    const r = evaluateFormula("=SHANTY.BALANCEYEAR({2024;2025;2027},{-500;600;100})");
    expect(r).toMatchObject({ ok: false, error: "#VALUE!" });
    expect(!r.ok && r.message).toContain("年度(years)不连续");
  });

  it("a target not in the list is #N/A naming the target", () => {
    const r = evaluateFormula(`=SHANTY.BALANCELEVEL("P9",${POOL})`);
    expect(r).toMatchObject({ ok: false, error: "#N/A" });
    expect(!r.ok && r.message).toContain("目标项目(target)“P9”");
  });

  it("FAREXTRA beyond the plot ratio is #VALUE! saying by how much", () => {
    const r = evaluateFormula("=SHANTY.FAREXTRA(5000000,1000,10000,22000,2.5)");
    expect(r).toMatchObject({ ok: false, error: "#VALUE!" });
    expect(!r.ok && r.message).toContain("超过上限 2.5（超出 2000㎡）");
  });
});

describe("help examples of the balance family evaluate to the result they show", () => {
  it.each(
    BALANCE_FUNCTIONS.flatMap((f) =>
      HELP_TEXT[f.id].examples.filter((e) => e.expected !== undefined).map((e) => [f.id, e.formula, e.expected!] as const),
    ),
  )("%s: %s → %s", (_id, formula, result) => {
    const r = evaluateFormula(formula);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // A table with several columns is shown as its rows joined by "；", each row's non-empty cells by spaces.
    const rows = "rows" in r ? r.rows : undefined;
    const wide = rows !== undefined && rows.some((row) => row.length > 1);
    const shown = wide
      ? rows!.map((row) => row.filter((c) => c !== "" && c !== null).join(" ")).join("；")
      : typeof r.value === "boolean"
        ? r.value
          ? "TRUE"
          : "FALSE"
        : String(r.value);
    expect(shown).toBe(result);
  });
});
