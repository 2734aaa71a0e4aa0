import { lte, type NativeSpec } from "./types";

export const BALANCE_NATIVE: Readonly<Record<string, NativeSpec>> = {
  BALANCE: { body: (a) => `ROUND(SUM(${a.income})-SUM(${a.cost}),2)` },
  // building area ≤ maxFar × land area
  FARCHECK: { body: (a) => lte(a.buildingArea, `${a.maxFar}*${a.landArea}`) },
};
