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

/**
 * A number turned into text by `&` or CONCATENATE, as Excel's General format does it: 15 significant digits, no
 * trailing zeros (0.1+0.2 → "0.3", 1/3 → "0.333333333333333"), E notation as numberText (1E+21, 1E-10).
 */
export function generalText(x: number): string {
  const a = Math.abs(x);
  if (!Number.isFinite(x) || x === 0 || a >= 1e21 || a < 1e-9) return numberText(x);
  const s = new D(x.toPrecision(15)).toFixed();
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

export type Mode = "round" | "up" | "down";
const MODES: Record<Mode, DecimalBase.Rounding> = {
  round: DecimalBase.ROUND_HALF_UP, // half away from zero, as Excel
  up: DecimalBase.ROUND_UP, // away from zero
  down: DecimalBase.ROUND_DOWN, // toward zero
};

/** Excel's ROUND / ROUNDUP / ROUNDDOWN (TRUNC) on the shown decimal; places are truncated to an integer like Excel. */
export function excelRound(x: number, places: number, mode: Mode): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const p = Math.trunc(Math.max(-330, Math.min(330, places)));
  if (p >= 0) {
    const fast = roundShownText(x.toPrecision(shownDigits(x)), p, mode);
    if (fast !== undefined) return fast === 0 ? 0 : fast;
  }
  return excelRoundDecimal(x, p, mode);
}

/**
 * The same rounding done on the digits of the shown decimal as text (no decimal.js: 20× faster, the common
 * case — a plain decimal and places ≥ 0); undefined for the shown text in exponent form. The result is the
 * double nearest the rounded decimal, as Number(decimal.toString()) gives.
 */
function roundShownText(shown: string, p: number, mode: Mode): number | undefined {
  if (shown.indexOf("e") >= 0) return undefined;
  const negative = shown.charCodeAt(0) === 45;
  const body = negative ? shown.slice(1) : shown;
  const dot = body.indexOf(".");
  if (dot < 0 || body.length - dot - 1 <= p) return Number(shown); // no digits beyond the places
  const keep = body.slice(0, dot) + body.slice(dot + 1, dot + 1 + p);
  const rest = body.slice(dot + 1 + p);
  let up = false;
  if (mode === "round")
    up = rest.charCodeAt(0) >= 53; // "5"
  else if (mode === "up") up = /[1-9]/.test(rest);
  let digits = keep;
  let intLength = dot;
  if (up) {
    const chars = digits.split("");
    let k = chars.length - 1;
    while (k >= 0 && chars[k] === "9") chars[k--] = "0";
    if (k >= 0) chars[k] = String.fromCharCode(chars[k].charCodeAt(0) + 1);
    else {
      chars.unshift("1");
      intLength++;
    }
    digits = chars.join("");
  }
  const text = p === 0 ? digits : `${digits.slice(0, intLength)}.${digits.slice(intLength)}`;
  const out = Number(text);
  return negative ? -out : out;
}

/** excelRound with decimal.js throughout (the reference the text rounding is tested against). */
export function excelRoundDecimal(x: number, places: number, mode: Mode): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const p = Math.trunc(Math.max(-330, Math.min(330, places)));
  const d = shownDecimal(x);
  const r = p >= 0 ? d.toDecimalPlaces(p, MODES[mode]) : d.toNearest(new D(10).pow(-p), MODES[mode]);
  const out = Number(r.toString());
  return out === 0 ? 0 : out;
}
