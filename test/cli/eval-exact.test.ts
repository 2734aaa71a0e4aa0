import fc from "fast-check";
import { evaluateFormula } from "../../src/cli/evaluate";
import { excelRound, numberText } from "../../src/cli/recalc/numbers";
import { shanty } from "../support/shanty";

/*
 * `shanty eval`: exact to the fen, printed as a user writes numbers, Excel's decimal rounding, and every input —
 * wrong argument counts, parse errors, array literals, deep nesting — a value or an error value with a Chinese
 * message (English in brackets) naming the function and argument, never an exception.
 */

describe("exact values, printed as written", () => {
  it("COMPENSATION(1234.56,1000000.01) prints 1234560012.35, not HyperFormula's 11-digit 1234560012.4", async () => {
    // 1234.56 × 1,000,000.01 = 1,234,560,000 + 12.3456 = 1,234,560,012.3456 → half-up to the fen: 1,234,560,012.35
    const { code, out } = await shanty("eval", "=SHANTY.COMPENSATION(1234.56,1000000.01)");
    expect(out).toBe("1234560012.35");
    expect(code).toBe(0);
  });

  it.each([
    ["=0.1+0.2", "0.3"], // 0.30000000000000004 in binary: shown as Excel shows it
    ["=1.1*1.1", "1.21"],
    ["=10^15", "1000000000000000"], // no exponent for amounts
    ["=12345678901234.56", "12345678901234.56"], // the fen kept above 1e13 (16 significant digits)
    ["=1E+20", "100000000000000000000"], // Excel's upper-case exponent is read
    ["=-0.5", "-0.5"],
    ['="a""b"', 'a"b'], // a doubled quote inside a string, as Excel writes it
    ["=2^80", "1.20892581961463E+24"], // beyond 1e21: exponent notation, as Excel
  ])("%s prints %s", async (formula, printed) => {
    expect((await shanty("eval", formula)).out).toBe(printed);
  });

  it("numberText keeps every digit the fen needs and drops binary noise", () => {
    expect(numberText(0.7 + 0.1)).toBe("0.8"); // 0.7999999999999999
    expect(numberText(12345678901234.51)).toBe("12345678901234.51");
    expect(numberText(4125000)).toBe("4125000");
    expect(numberText(0)).toBe("0");
    expect(numberText(-0)).toBe("0");
  });
});

describe("native rounding as Excel: on the decimal the user sees", () => {
  it.each([
    ["=ROUND(9739.755,2)", 9739.76], // the double lies just below 9739.755; Excel gives 9739.76
    ["=ROUND(1.005,2)", 1.01],
    ["=ROUND(2.675,2)", 2.68],
    ["=ROUND(-2.5,0)", -3], // half away from zero
    ["=ROUND(1234.5678,-2)", 1200],
    ["=ROUND(0.1+0.2,16)", 0.3],
    ["=ROUNDUP(0.1+0.2,1)", 0.3], // not 0.4: the shown value is 0.3
    ["=ROUNDUP(-1.21,1)", -1.3], // away from zero
    ["=ROUNDDOWN(8.95-0.05,1)", 8.9], // 8.899999999999999 shown as 8.9
    ["=TRUNC(-7.89,1)", -7.8],
    ["=ROUND(2.5,0.9)", 3], // places truncated to 0, like Excel
  ])("%s = %d", (formula, value) => {
    expect(evaluateFormula(formula)).toEqual({ ok: true, value });
  });

  it("excelRound agrees with decimal rounding of the shown value on random cents (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 0, max: 9 }), (cents, third) => {
        // x = cents/100 + third/1000 exactly as typed; ROUND(x,2) must be the half-up rounding of that decimal
        const typed = `${cents < 0 ? "-" : ""}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, "0")}${third}`;
        const x = Number(typed);
        const abs = Math.abs(cents) * 10 + third; // in thousandths
        const roundedCents = Math.floor(abs / 10) + (abs % 10 >= 5 ? 1 : 0);
        const expected = (x < 0 ? -1 : 1) * (roundedCents / 100);
        expect(excelRound(x, 2, "round")).toBe(expected === 0 ? 0 : expected);
      }),
      { numRuns: 500, seed: 15 },
    );
  });
});

describe("every eval input gives a value or a bilingual error naming the function", () => {
  it("wrong argument count of a native function names it and the count", () => {
    const r = evaluateFormula("=ROUND(1,2,3)");
    expect(r).toEqual({
      ok: false,
      error: "#N/A",
      message: "函数 ROUND 的参数个数不对：给了 3 个，应为 1–2 个（wrong number of arguments for ROUND: 3 given, 1–2 expected）",
    });
  });

  it("wrong argument count of a SHANTY function lists its arguments", () => {
    const r = evaluateFormula("=SHANTY.FEEEXEMPT(1)");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toMatch(
      /^函数 SHANTY\.FEEEXEMPT 的参数个数不对：给了 1 个，应为 3–\d 个；参数 arguments: 安置面积\(resettleArea\), 开发面积\(devArea\), 基础费率\(baseRate\)/,
    );
    expect(r.message).toContain("（wrong number of arguments for SHANTY.FEEEXEMPT: 1 given");
  });

  it('"" for a required number is #VALUE! naming baseRate, never a silent 0', () => {
    const r = evaluateFormula('=SHANTY.FEEEXEMPT(10000,20000,"")');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBe("#VALUE!");
    expect(r.message).toMatch(
      /^SHANTY\.FEEEXEMPT: 基础费率\(baseRate\)应为数值，收到文本“”.*（基础费率\(baseRate\) must be a number, got text ""）$/,
    );
  });

  it("array literals evaluate: ={1,TRUE} is the row 1, TRUE", async () => {
    expect(evaluateFormula("={1,TRUE}")).toEqual({ ok: true, value: 1, rows: [[1, true]] });
    const { code, out } = await shanty("eval", "={1,TRUE}");
    expect(out).toBe("1\tTRUE");
    expect(code).toBe(0);
  });

  it("numbers become text as Excel's General format, and AND/OR ignore text in arrays", () => {
    expect(evaluateFormula('=(0.1+0.2)&""')).toEqual({ ok: true, value: "0.3" });
    expect(evaluateFormula('=1E+21&"元"')).toEqual({ ok: true, value: "1E+21元" });
    // "0.333333333333333": 15 significant digits, 17 characters
    expect(evaluateFormula("=LEN(1/3)")).toEqual({ ok: true, value: 17 });
    expect(evaluateFormula('=AND({TRUE,"x"})')).toEqual({ ok: true, value: true });
    expect(evaluateFormula('=OR({"x",""})')).toMatchObject({ ok: false, error: "#VALUE!" });
  });

  it("140 nested parentheses: an error value with a Chinese message, no stack trace", async () => {
    const deep = `=${"(".repeat(140)}1${")".repeat(140)}`;
    const { code, out } = await shanty("eval", deep);
    expect(code).toBe(2);
    expect(out).toBe("#ERROR! 公式嵌套 140 层，超过 Excel 的上限 64 层（nested 140 levels deep, Excel allows 64）");
    expect(evaluateFormula(`=${"ABS(".repeat(64)}1${")".repeat(64)}`)).toEqual({ ok: true, value: 1 }); // 64 levels are fine
  });

  it.each([
    ["=SUM(1,", "#ERROR!", /^公式无法解析，请检查括号、引号和分隔符（Parsing error/],
    ["=FOO(1)", "#NAME?", /^未知函数 FOO：本工具不能计算它（unknown function FOO）$/],
    ["=1/0", "#DIV/0!", /^除数为零（division by zero）$/],
    ["=undefinedname+1", "#NAME?", /^名称 undefinedname 未定义（name undefinedname is not defined）$/],
  ])("%s → %s with a Chinese message", (formula, error, message) => {
    const r = evaluateFormula(formula);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBe(error);
    expect(r.message).toMatch(message);
  });

  it("random formula-like input never throws and always explains itself in Chinese (property)", () => {
    const piece = fc.constantFrom(
      "SHANTY.FEEEXEMPT(",
      "ROUND(",
      "SUM(",
      "IF(",
      "(",
      ")",
      ",",
      "1",
      "1E+5",
      '"民间资本"',
      "TRUE",
      "{1,2}",
      "{",
      "}",
      "A1",
      "+",
      "*",
      "-",
      ":",
      "#N/A",
      "''",
      "!",
      "[",
      "]",
      "SHANTY.FEETABLE(",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 25 }), (parts) => {
        const r = evaluateFormula(`=${parts.join("")}`);
        if (!r.ok) expect(r.message).toMatch(/[\u4e00-\u9fff]/);
      }),
      { numRuns: 300, seed: 10 },
    );
  });
});
