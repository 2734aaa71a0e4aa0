import type { NativeSpec } from "./types";

export const COMPENSATION_NATIVE: Readonly<Record<string, NativeSpec>> = {
  // house value + relocation × moves + temporary resettlement × months + incentive + lump sum (domain §2)
  COMPENSATION: {
    body: (a) =>
      `ROUND(${a.area}*${a.unitPrice}+${a.area}*${a.relocRate}*${a.moves}+${a.area}*${a.tempRate}*${a.tempMonths}+${a.area}*${a.bonusRate}+${a.lumpSum},2)`,
  },
  BIZLOSS: { body: (a) => `ROUND(${a.houseValue}*${a.lossRate},2)` },
};
