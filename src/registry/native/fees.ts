import { lte, type NativeArgs, type NativeSpec } from "./types";

/** E = Ar·r + [private] (min(Ad, k·Ar)·r + max(0, Ad − k·Ar)·r/2), exact (domain §1.1). */
const exempt = (a: NativeArgs): string =>
  `${a.resettleArea}*${a.baseRate}+IF(${a.investor},MIN(${a.devArea},${a.ratio}*${a.resettleArea})*${a.baseRate}+MAX(0,${a.devArea}-${a.ratio}*${a.resettleArea})*${a.baseRate}/2,0)`;

export const FEES_NATIVE: Readonly<Record<string, NativeSpec>> = {
  FEEEXEMPT: { body: (a) => `ROUND(${exempt(a)},2)` },
  // showInfraFee: due = (rounded base gross − rounded exempt) + rounded 代收资金 + rounded 地铁专项, so that the
  // parts FEETABLE shows add up to it.
  FEEDUE: {
    body: (a) => {
      const total = `(${a.resettleArea}+${a.devArea})`;
      return `ROUND(ROUND(${total}*${a.baseRate},2)-ROUND(${exempt(a)},2)+ROUND(${total}*${a.collectRate},2)+ROUND(${total}*${a.metroRate},2),2)`;
    },
  },
  TAXSHARE: {
    body: (a) => `ROUND(${a.taxAmount}*${a.resettleArea}/${a.totalArea},2)`,
    errorIf: (a) => [`${a.totalArea}=0`, `${a.resettleArea}>${a.totalArea}`],
  },
  LATEXEMPT: {
    body: (a) => lte(a.appreciation, `${a.deductions}*${a.threshold}`),
    errorIf: (a) => [`${a.deductions}<=0`],
  },
  // The lower of the resettlement-housing rule and (householdRule TRUE) the 2024 household rule, on the same base.
  DEEDTAX: {
    omitted: { onlyHome: (a) => a.firstHome },
    body: (a) => {
      const resettlement = `IF(AND(${a.firstHome},${a.area}<=${a.areaLimit}),${a.reducedRate},IF(${a.ordinary},${a.statutoryRate}/2,${a.statutoryRate}))`;
      const household = `IF(${a.area}<=${a.householdAreaLimit},${a.reducedRate},IF(${a.onlyHome},${a.largeOnlyRate},${a.largeSecondRate}))`;
      return `ROUND(MAX(0,${a.price}-${a.compensation})*IF(${a.householdRule},MIN(${resettlement},${household}),${resettlement}),2)`;
    },
  },
};
