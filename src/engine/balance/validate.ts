import type { Dec } from "../decimal";
import { DomainError, fail } from "../errors";
import type { ProjectInput } from "./portfolio";
import { isNegativeDec, isPositiveDec } from "./sign";

/**
 * The first input error of one project of a portfolio (blank id, yearly arrays of the wrong length, negative debt
 * service, planned end not whole or before the first year, non-positive land area / plot ratio / net income per ㎡,
 * negative areas); undefined when the project can be checked.
 */
export function validateProject(p: ProjectInput, i: number, years: readonly number[]): DomainError | undefined {
  if (p.id === undefined || p.id === null || String(p.id).trim() === "") return fail("projectIdBlank", { arg: "id", pos: i + 1 });
  const id = p.id;
  const n = years.length;
  const lengthOf = (arg: string, a: readonly Dec[]) =>
    a.length === n ? undefined : fail("projectFlowLength", { arg, id, count: a.length, years: n });
  const bad = lengthOf("income", p.income) ?? lengthOf("cost", p.cost) ?? (p.debtService && lengthOf("debtService", p.debtService));
  if (bad) return bad;
  if (p.debtService) {
    for (const d of p.debtService) if (isNegativeDec(d)) return fail("projectNegative", { arg: "debtService", id, value: d });
  }
  if (!Number.isInteger(p.plannedEndYear)) return fail("projectNotWhole", { arg: "plannedEndYear", id, value: p.plannedEndYear });
  if (p.plannedEndYear < years[0]) {
    return fail("projectPlannedEndBeforeStart", { arg: "plannedEndYear", id, value: p.plannedEndYear, first: years[0] });
  }
  const positive = (arg: string, v: Dec | undefined) =>
    v !== undefined && !isPositiveDec(v) ? fail("projectNotPositive", { arg, id, value: v }) : undefined;
  const nonNegative = (arg: string, v: Dec | undefined) =>
    v !== undefined && isNegativeDec(v) ? fail("projectNegative", { arg, id, value: v }) : undefined;
  return (
    positive("landArea", p.landArea) ??
    positive("maxFar", p.maxFar) ??
    positive("netIncomePerSqm", p.netIncomePerSqm) ??
    nonNegative("resettleArea", p.resettleArea) ??
    nonNegative("devArea", p.devArea)
  );
}
