import { gt, type NativeArgs, type NativeSpec } from "./types";

const G = (a: NativeArgs): string => `MAX(0,${a.grossIncome}-${a.costItems})`;
/** Σ provisions: G·edu + G·irr + (G − G·edu − G·irr)·housing + gross·fund */
const provisions = (a: NativeArgs): string => {
  const g = G(a);
  return `${g}*${a.eduRate}+${g}*${a.irrigationRate}+(${g}-${g}*${a.eduRate}-${g}*${a.irrigationRate})*${a.housingRate}+${a.grossIncome}*${a.fundRate}`;
};

export const LAND_NATIVE: Readonly<Record<string, NativeSpec>> = {
  // G = max(0, gross − costItems); usable = gross − (G·edu + G·irr + (G − G·edu − G·irr)·housing + gross·fund) (§3.4)
  LANDNET: {
    body: (a) => `ROUND(${a.grossIncome}-(${provisions(a)}),2)`,
    // the engine's errors: rates on G adding up to more than 1; provisions above the gross income
    errorIf: (a) => [gt(`${a.eduRate}+${a.irrigationRate}`, "1"), gt(provisions(a), a.grossIncome)],
  },
};
