import { MAX_COVERAGE } from "../../engine/bonds";
import { MIN_DROP } from "../../engine/bonds/breakeven";
import type { NativeSpec } from "./types";

export const BONDS_NATIVE: Readonly<Record<string, NativeSpec>> = {
  // Σ income ÷ Σ debt service, 4 decimals; a zero debt service is #DIV/0! in both (the engine's coverageNoDebt).
  COVERAGE: {
    body: (a) => `ROUND(SUM(${a.income})/SUM(${a.debtService}),4)`,
    // the engine's coverageOutOfRange: a ratio of MAX_COVERAGE (9e11) or more cannot keep its 4 decimals
    errorIf: (a) => [`ABS(SUM(${a.income})/SUM(${a.debtService}))>=${MAX_COVERAGE.toString()}`],
  },
  // 1 − threshold × Σ debt service ÷ Σ income, 4 decimals; the engine's errors: Σ income ≤ 0, a drop ≤ −9e11.
  BREAKEVEN: {
    body: (a) => `ROUND(1-${a.threshold}*SUM(${a.debtService})/SUM(${a.income}),4)`,
    errorIf: (a) => [`SUM(${a.income})<=0`, `1-${a.threshold}*SUM(${a.debtService})/SUM(${a.income})<=${MIN_DROP.toString()}`],
  },
};
