import {
  Fx,
  FX_ZERO,
  fx,
  fxAdd,
  fxCmp,
  fxDivRound,
  fxHalf,
  fxInt,
  fxMax,
  fxMin,
  fxMul,
  fxRound,
  fxSub,
  fxToNumber,
  isExact,
} from "./fixed";
import { MAX_COVERAGE } from "./bonds";

const MAX_COVERAGE_NUMBER = MAX_COVERAGE.toNumber();

/*
 * Exact fast twins of the common calculations, in scaled integers (fixed.ts): each returns exactly the number its
 * decimal.js original returns after rounding at the output, or undefined when an input or an intermediate does not
 * fit (then the caller takes the Decimal path). Errors are never decided here: where the original may refuse its
 * input (rates adding up to more than 1, a zero divisor, a flow that never balances) the twin returns undefined
 * and the original speaks.
 * The originals: fees.ts infraFee + showInfraFee, compensation.ts compensation + showCompensation, land.ts landNet,
 * bonds.ts coverage, balance/years.ts balanceYear. Agreement: test/properties/fastpath.property.test.ts.
 */

/** The rounded output as a number, or undefined when not exact. */
function out(a: Fx, dp = 2): number | undefined {
  const r = fxRound(a, dp);
  return isExact(r) ? fxToNumber(r) : undefined;
}

export interface FeeNumbers {
  readonly resettleArea: number;
  readonly devArea: number;
  readonly baseRate: number;
  readonly isPrivate: boolean;
  readonly ratio: number;
  readonly collectRate: number;
  readonly metroRate: number;
}

/** FEEEXEMPT and FEEDUE as shown (showInfraFee): exempt, and total due = base due + 代收 + 地铁, each rounded. */
export function feeShownFast(a: FeeNumbers): { exempt: number; totalDue: number } | undefined {
  const ar = fx(a.resettleArea);
  const ad = fx(a.devArea);
  const r = fx(a.baseRate);
  let exempt = fxMul(ar, r);
  if (a.isPrivate) {
    const limit = fxMul(fx(a.ratio), ar);
    const within = fxMin(ad, limit);
    const beyond = fxMax(FX_ZERO, fxSub(ad, limit));
    exempt = fxAdd(fxAdd(exempt, fxMul(within, r)), fxHalf(fxMul(beyond, r)));
  }
  const total = fxAdd(ar, ad);
  const exemptShown = fxRound(exempt, 2);
  const baseDue = fxSub(fxRound(fxMul(total, r), 2), exemptShown);
  const due = fxAdd(fxAdd(baseDue, fxRound(fxMul(total, fx(a.collectRate)), 2)), fxRound(fxMul(total, fx(a.metroRate)), 2));
  const e = out(exemptShown);
  const d = out(due);
  return e === undefined || d === undefined ? undefined : { exempt: e, totalDue: d };
}

export interface CompensationNumbers {
  readonly area: number;
  readonly unitPrice: number;
  readonly relocRate: number;
  readonly tempRate: number;
  readonly tempMonths: number;
  readonly moves: number;
  readonly bonusRate: number;
  readonly lumpSum: number;
}

/** COMPENSATION: the exact total of the five parts, rounded half-up to the fen. */
export function compensationTotalFast(a: CompensationNumbers): number | undefined {
  const area = fx(a.area);
  const total = [
    fxMul(area, fx(a.unitPrice)),
    fxMul(fxMul(area, fx(a.relocRate)), fxInt(a.moves)),
    fxMul(fxMul(area, fx(a.tempRate)), fx(a.tempMonths)),
    fxMul(area, fx(a.bonusRate)),
    fx(a.lumpSum),
  ].reduce(fxAdd);
  return out(total);
}

export interface LandNumbers {
  readonly gross: number;
  readonly costItems: number;
  readonly eduRate: number;
  readonly irrigationRate: number;
  readonly housingRate: number;
  readonly fundRate: number;
}

/** LANDNET: gross − Σ provisions, rounded; undefined where landNet would refuse the rates. */
export function landNetFast(a: LandNumbers): number | undefined {
  const gross = fx(a.gross);
  const edu = fx(a.eduRate);
  const irr = fx(a.irrigationRate);
  if (!(fxCmp(fxAdd(edu, irr), fxInt(1)) <= 0)) return undefined; // > 1 or not exact: the original decides
  const income = fxMax(FX_ZERO, fxSub(gross, fx(a.costItems)));
  const education = fxMul(income, edu);
  const irrigation = fxMul(income, irr);
  const net = fxSub(fxSub(income, education), irrigation);
  const provisions = [education, irrigation, fxMul(net, fx(a.housingRate)), fxMul(gross, fx(a.fundRate))].reduce(fxAdd);
  if (!(fxCmp(provisions, gross) <= 0)) return undefined;
  return out(fxSub(gross, provisions));
}

/**
 * COVERAGE: Σ income ÷ Σ debt service, half-up to 4 decimals; undefined for a zero debt service or a ratio of
 * MAX_COVERAGE or more (errors: the original decides).
 */
export function coverageFast(income: readonly number[], debtService: readonly number[]): number | undefined {
  let inc = FX_ZERO;
  for (let k = 0; k < income.length; k++) inc = fxAdd(inc, fx(income[k]));
  let debt = FX_ZERO;
  for (let k = 0; k < debtService.length; k++) debt = fxAdd(debt, fx(debtService[k]));
  if (!isExact(debt) || debt.m === 0) return undefined;
  const ratio = fxDivRound(inc, debt, 4);
  if (!isExact(ratio)) return undefined;
  const n = fxToNumber(ratio);
  // At or beyond MAX_COVERAGE the original refuses (coverageOutOfRange); a ratio that only rounds up to the bound
  // is left to the original too, which compares the exact ratio.
  return Math.abs(n) >= MAX_COVERAGE_NUMBER ? undefined : n;
}

/**
 * BALANCEYEAR for years already checked (whole, ascending by 1): the earliest year from which the cumulative
 * net flow stays ≥ 0; undefined when it never does (the #N/A comes from the original) or a flow does not fit.
 */
export function balanceYearFast(years: readonly number[], netFlows: readonly number[]): number | undefined {
  let running = FX_ZERO;
  let from = -1;
  for (let k = 0; k < netFlows.length; k++) {
    running = fxAdd(running, fx(netFlows[k]));
    if (!isExact(running)) return undefined;
    if (running.m < 0) from = -1;
    else if (from < 0) from = k;
  }
  return from < 0 ? undefined : years[from];
}
