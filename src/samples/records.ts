import type { TemplateRecord } from "../workbook/template";
import type { SampleBond, SampleCashFlow, SampleProject } from "./district";

/*
 * The sample district's projects and cash flows as template records (keyed by the workbook contract's column
 * keys, values as a clerk types them): one mapping for the bundled sample workbook, the template with sample data
 * and the towns' sample submissions.
 */

export function sampleProjectRecord(p: SampleProject): TemplateRecord {
  return {
    id: p.id,
    name: p.name,
    town: p.town,
    area: p.area,
    planYear: p.planYear,
    households: p.households,
    buildingArea: p.buildingArea,
    resettleArea: p.resettleArea,
    devArea: p.devArea,
    landArea: p.landArea,
    maxFar: p.maxFar,
    investor: p.investor,
    investment: p.investment,
    houseType: p.houseType,
    ageYears: p.ageYears,
    rating: p.rating || null,
    plannedEndYear: p.plannedEndYear,
    onlyHome: p.onlyHome ? "是" : "否",
    signRate: p.signRate,
    handoverRate: p.handoverRate,
    safety: p.safety,
    living: p.living,
    environment: p.environment,
    startYear: p.startYear,
    constructionEndYear: p.constructionEndYear,
    capital: p.capital,
    marketFinancing: p.marketFinancing,
    budgetSubsidy: p.budgetSubsidy,
  };
}

export function sampleBondRecord(b: SampleBond): TemplateRecord {
  return { ...b, capitalPart: b.capitalPart || null };
}

export function sampleFlowRecord(f: SampleCashFlow): TemplateRecord {
  return { ...f };
}
