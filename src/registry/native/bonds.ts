import type { NativeSpec } from "./types";

export const BONDS_NATIVE: Readonly<Record<string, NativeSpec>> = {
  // Σ income ÷ Σ debt service, 4 decimals; a zero debt service is #DIV/0! in both (the engine's coverageNoDebt).
  COVERAGE: { body: (a) => `ROUND(SUM(${a.income})/SUM(${a.debtService}),4)` },
};
