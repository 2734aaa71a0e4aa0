import type { NativeSpec } from "./types";

export const LAND_NATIVE: Readonly<Record<string, NativeSpec>> = {
  // G = max(0, gross − costItems); usable = gross − (G·edu + G·irr + (G − G·edu − G·irr)·housing + gross·fund) (§3.4)
  LANDNET: {
    body: (a) => {
      const g = `MAX(0,${a.grossIncome}-${a.costItems})`;
      return `ROUND(${a.grossIncome}-(${g}*${a.eduRate}+${g}*${a.irrigationRate}+(${g}-${g}*${a.eduRate}-${g}*${a.irrigationRate})*${a.housingRate}+${a.grossIncome}*${a.fundRate}),2)`;
    },
  },
};
