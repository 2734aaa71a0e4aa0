import { landNet } from "../engine/land";
import { isError } from "../engine/errors";
import { landNetFast } from "../engine/fast";
import { toOutput } from "../engine/money";
import { defineFunction } from "./define";
import { argumentDefault } from "./policy";
import type { FunctionSpec } from "./types";

/** SHANTY functions of the land family, declared once. */
export const LAND_FUNCTIONS: readonly FunctionSpec[] = [
  defineFunction({
    id: "LANDNET",
    family: "land",
    zh: "可用于项目的土地出让收益（元）：土地出让收入扣除按规定计提的各项资金",
    en: "Land-transfer income usable for the project (元): gross income less the provisions required by national and provincial rules",
    returns: {
      kind: "number",
      zh: "可用土地出让收益（元）",
      en: "Usable land-transfer income (元)",
      unit: "元",
    },
    params: [
      {
        name: "grossIncome",
        kind: "decimal",
        label: "土地出让收入",
        unit: "元",
        min: 0,
        zh: "土地出让收入总额（元）",
        en: "Gross land-transfer income (元)",
      },
      {
        name: "costItems",
        kind: "decimal",
        label: "成本性支出",
        unit: "元",
        min: 0,
        zh: "征地拆迁补偿、土地开发等成本性支出（元），只用于计算土地出让收益",
        en: "Cost items such as land acquisition compensation and land development (元); they only form the base of the income-based provisions",
      },
      {
        name: "eduRate",
        kind: "decimal",
        label: "教育资金比例",
        optional: true,
        default: argumentDefault("p_eduRate"),
        share: true,
        zh: "教育资金计提比例，按土地出让收益计（默认 0.1）",
        en: "Education fund rate on land-transfer income net of cost items (default 0.1)",
      },
      {
        name: "irrigationRate",
        kind: "decimal",
        label: "农田水利比例",
        optional: true,
        default: argumentDefault("p_irrigationRate"),
        share: true,
        zh: "农田水利建设资金计提比例，按土地出让收益计（默认 0.1）",
        en: "Farmland irrigation fund rate on land-transfer income net of cost items (default 0.1)",
      },
      {
        name: "housingRate",
        kind: "decimal",
        label: "保障性安居工程比例",
        optional: true,
        default: argumentDefault("p_housingRate"),
        share: true,
        zh: "保障性安居工程资金计提比例，按土地出让净收益计（默认 0，须上缴时填写）",
        en: "Affordable housing fund rate on net land income (default 0; set it where the district must hand it over)",
      },
      {
        name: "fundRate",
        kind: "decimal",
        label: "国有土地收益基金比例",
        optional: true,
        default: argumentDefault("p_fundRate"),
        share: true,
        zh: "国有土地收益基金计提比例，按土地出让收入计（省定，默认 0）",
        en: "State land income fund rate on gross income (set by the province, default 0)",
      },
    ],
    impl: ({ grossIncome, costItems, eduRate, irrigationRate, housingRate, fundRate }) => {
      const usable = landNet(grossIncome, costItems, { eduRate, irrigationRate, housingRate, fundRate });
      return isError(usable) ? usable : toOutput(usable);
    },
    fast: ({ grossIncome, costItems, eduRate, irrigationRate, housingRate, fundRate }) =>
      landNetFast({ gross: grossIncome, costItems, eduRate, irrigationRate, housingRate, fundRate }),
  }),
];
