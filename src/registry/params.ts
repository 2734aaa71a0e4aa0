import { argumentDefault } from "./policy";
import type { ParamSpec } from "./types";

/**
 * Parameter declarations shared by several functions, so that an argument that appears in more than one
 * catalogue row (FEEEXEMPT/FEEDUE/FEETABLE, COMPENSATION/COMPTABLE …) is described once.
 */
export const FEE_ARGS = {
  resettleArea: {
    name: "resettleArea",
    kind: "decimal",
    label: "安置面积",
    unit: "㎡",
    min: 0,
    zh: "安置房建筑面积（㎡），基础部分全额免收",
    en: "Resettlement building area (㎡); its base fee is fully exempt",
  },
  devArea: {
    name: "devArea",
    kind: "decimal",
    label: "开发面积",
    unit: "㎡",
    min: 0,
    zh: "开发（商品房）建筑面积（㎡）",
    en: "Development (commercial) building area (㎡)",
  },
  baseRate: {
    name: "baseRate",
    kind: "decimal",
    label: "基础费率",
    unit: "元/㎡",
    min: 0,
    zh: "城市基础设施配套费基础费率（元/㎡）",
    en: "Base rate of the infrastructure supporting fee (元/㎡)",
  },
  investor: {
    name: "investor",
    kind: "investor",
    label: "投资主体",
    optional: true,
    default: "政府",
    zh: "投资主体：政府 或 民间资本（默认 政府）",
    en: "Investor type: 政府 (government, default) or 民间资本 (private capital)",
  },
  ratio: {
    name: "ratio",
    kind: "decimal",
    label: "安置开发比",
    optional: true,
    default: argumentDefault("p_ratio"),
    min: 0,
    zh: "安置面积与开发面积之比上限，1∶1.5 填 1.5（默认 1.5）",
    en: "Ratio limit of development to resettlement area, 1:1.5 → 1.5 (default 1.5)",
  },
  collectRate: {
    name: "collectRate",
    kind: "decimal",
    label: "代收资金费率",
    unit: "元/㎡",
    optional: true,
    default: argumentDefault("p_collectRate"),
    min: 0,
    zh: "代收资金费率（元/㎡），不予减免（默认 0）",
    en: "Collected-on-behalf funds rate (元/㎡), never relieved (default 0)",
  },
  metroRate: {
    name: "metroRate",
    kind: "decimal",
    label: "地铁专项费率",
    unit: "元/㎡",
    optional: true,
    default: argumentDefault("p_metroRate"),
    min: 0,
    zh: "地铁专项配套费费率（元/㎡），不予减免（默认 0）",
    en: "Metro special supporting fee rate (元/㎡), never relieved (default 0)",
  },
} as const satisfies Record<string, ParamSpec>;
