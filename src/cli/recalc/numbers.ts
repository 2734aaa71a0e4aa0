import DecimalBase from "decimal.js";

/*
 * Numbers as a user sees and writes them. A JS number is a binary double; Excel shows at most 15 significant
 * digits, and its ROUND rounds that shown decimal, not the binary value (ROUND(9739.755,2) = 9739.76 although
 * the double 9739.755 lies just below). Amounts up to 9e13 元 carry the fen in a double but need 16
 * significant digits above 1e13: the shown decimal keeps at least two decimals for them.
 */

const D = DecimalBase.clone({ precision: 40, rounding: DecimalBase.ROUND_HALF_UP, toExpNeg: -400, toExpPos: 400 });
type D = InstanceType<typeof D>;

/** Significant digits of the shown decimal: 15 as Excel shows, or the integer digits + 2 (the fen), at most 17. */
function shownDigits(x: number): number {
  const a = Math.abs(x);
  const intDigits = a >= 1 ? Math.floor(Math.log10(a)) + 1 : 0;
  return Math.min(17, Math.max(15, intDigits + 2));
}

/** The decimal a user sees for a finite double: 0.1+0.2 → 0.3, 9739.755 → 9739.755, 89999999999999.99 → itself. */
export function shownDecimal(x: number): D {
  if (x === 0) return new D(0);
  return new D(x.toPrecision(shownDigits(x)));
}

/**
 * A number as a user writes it: no binary noise, no exponent for amounts (1234560012.35, 0.3, 1000000000000),
 * exponent notation only beyond Excel's own (|x| ≥ 1e21 or < 1e-9, as 1.5E+21).
 */
export function numberText(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e21 || a < 1e-9) {
    return new D(x.toPrecision(15))
      .toExponential()
      .replace(/\.?0+e/, "e")
      .replace("e+", "E+")
      .replace("e-", "E-");
  }
  const d = shownDecimal(x);
  const s = d.toFixed();
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

type Mode = "round" | "up" | "down";
const MODES: Record<Mode, DecimalBase.Rounding> = {
  round: DecimalBase.ROUND_HALF_UP, // half away from zero, as Excel
  up: DecimalBase.ROUND_UP, // away from zero
  down: DecimalBase.ROUND_DOWN, // toward zero
};

/** Excel's ROUND / ROUNDUP / ROUNDDOWN (TRUNC) on the shown decimal; places are truncated to an integer like Excel. */
export function excelRound(x: number, places: number, mode: Mode): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const p = Math.trunc(Math.max(-330, Math.min(330, places)));
  const d = shownDecimal(x);
  const r = p >= 0 ? d.toDecimalPlaces(p, MODES[mode]) : d.toNearest(new D(10).pow(-p), MODES[mode]);
  const out = Number(r.toString());
  return out === 0 ? 0 : out;
}
