import type { NativeArgs, NativeSpec } from "./types";

/** Σ provisions: G·edu + G·irr + (G − G·edu − G·irr)·housing + gross·fund, with G = max(0, gross − costItems). */
const provisions = (a: NativeArgs): string => {
  const g = `MAX(0,${a.grossIncome}-${a.costItems})`;
  return `${g}*${a.eduRate}+${g}*${a.irrigationRate}+(${g}-${g}*${a.eduRate}-${g}*${a.irrigationRate})*${a.housingRate}+${a.grossIncome}*${a.fundRate}`;
};

export const LAND_NATIVE: Readonly<Record<string, NativeSpec>> = {
  // G = max(0, gross − costItems); usable = gross − (G·edu + G·irr + (G − G·edu − G·irr)·housing + gross·fund) (§3.4)
  LANDNET: {
    body: (a) => {
      return `ROUND(${a.grossIncome}-(${provisions(a)}),2)`;
    },
    // landNet refuses impossible provisions: rates on G adding up to more than 1, provisions above the income.
    errorIf: (a) => [`${a.eduRate}+${a.irrigationRate}>1`, `${provisions(a)}>${a.grossIncome}`],
  },
};
