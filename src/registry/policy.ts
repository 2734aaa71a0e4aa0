/*
 * Policy defaults: the ONE table of every policy number the add-in uses. The 参数 sheet (workbook contract and
 * template), the task pane's parameter editor, the registry's argument defaults and the reader's range checks all
 * read it; the engine never holds a default — it receives every threshold and rate as an argument.
 *
 * `argument` names the catalogue argument (functions.md) the parameter feeds where a function has one, so the
 * argument's default is this table's `default`. Exception, on purpose: 搬迁费/临时安置费/签约奖励 standards are
 * local figures the 参数 sheet proposes (20/15/300), while COMPENSATION's optional rates keep default 0 (functions.md:
 * "[relocRate=0]"), so those three rows have `argumentDefault: 0`.
 */

export interface PolicyParameter {
  /** Name of the named cell on the 参数 sheet. */
  readonly name: string;
  readonly zh: string;
  readonly en: string;
  /** Unit as shown next to the value ("" for a plain ratio or a share). */
  readonly unit: string;
  readonly default: number;
  /** Inclusive lower bound. */
  readonly min: number;
  /** Exclusive lower bound, where zero is meaningless (a coverage threshold of 0 checks nothing). */
  readonly above?: number;
  /** Inclusive upper bound. */
  readonly max?: number;
  /** A share in [0, 1], shown as a percentage. */
  readonly share: boolean;
  /** The policy document that sets the rule (by name, never an internal file). */
  readonly source: string;
  /** The catalogue argument this parameter feeds, if a function takes it. */
  readonly argument?: string;
  /** The argument's default where it differs from the sheet's (see the header). */
  readonly argumentDefault?: number;
  /**
   * false for rule constants no catalogue function takes as an argument (the plan rules' ages, unit limit and
   * priority weights): they are kept here as the one place of their value and source, but not offered on the 参数
   * sheet or in the pane's editor, where a changed value would have no effect.
   */
  readonly onSheet?: false;
}

const XIAN = "《西安市棚户区改造管理办法》";
const PLAN = "《XX区进一步推进棚户区改造工作实施方案》";

export const POLICY_PARAMETERS = [
  {
    name: "p_baseRate",
    zh: "城市基础设施配套费基础费率",
    en: "Base rate of the infrastructure supporting fee",
    unit: "元/㎡",
    default: 150,
    min: 0,
    share: false,
    source: `${XIAN}第二十九条（费率按当地核定标准）`,
    argument: "baseRate",
  },
  {
    name: "p_collectRate",
    zh: "代收资金费率",
    en: "Collected-on-behalf funds rate",
    unit: "元/㎡",
    default: 0,
    min: 0,
    share: false,
    source: `${XIAN}第二十九条`,
    argument: "collectRate",
  },
  {
    name: "p_metroRate",
    zh: "地铁专项配套费费率",
    en: "Metro special supporting fee rate",
    unit: "元/㎡",
    default: 0,
    min: 0,
    share: false,
    source: `${XIAN}第二十九条`,
    argument: "metroRate",
  },
  {
    name: "p_ratio",
    zh: "安置面积与开发面积之比上限（1∶1.5 填 1.5）",
    en: "Limit of development to resettlement area (1:1.5 → 1.5)",
    unit: "",
    default: 1.5,
    min: 0,
    share: false,
    source: `${XIAN}第二十九条（安置面积与开发面积之比在1∶1.5以内）`,
    argument: "ratio",
  },
  {
    name: "p_coverageThreshold",
    zh: "债券本息覆盖倍数下限",
    en: "Minimum bond coverage ratio",
    unit: "倍",
    default: 1.2,
    min: 0,
    above: 0,
    share: false,
    source: "财预〔2018〕28号（各地要求 1.1–1.3 倍）",
    argument: "coverageThreshold",
  },
  {
    name: "p_eduRate",
    zh: "教育资金计提比例（土地出让收益）",
    en: "Education fund rate (on land-transfer income)",
    unit: "",
    default: 0.1,
    min: 0,
    max: 1,
    share: true,
    source: "财综〔2011〕62号",
    argument: "eduRate",
  },
  {
    name: "p_irrigationRate",
    zh: "农田水利建设资金计提比例（土地出让收益）",
    en: "Farmland irrigation fund rate (on land-transfer income)",
    unit: "",
    default: 0.1,
    min: 0,
    max: 1,
    share: true,
    source: "财综〔2011〕48号",
    argument: "irrigationRate",
  },
  {
    name: "p_housingRate",
    zh: "保障性安居工程资金计提比例（净收益）",
    en: "Affordable housing fund rate (on net land income)",
    unit: "",
    default: 0,
    min: 0,
    max: 1,
    share: true,
    source: "国家规定不低于 10%；留在棚改内使用时填 0（《XX区进一步推进棚户区改造工作实施方案》五(一)）",
    argument: "housingRate",
  },
  {
    name: "p_fundRate",
    zh: "国有土地收益基金计提比例（出让收入）",
    en: "State land income fund rate (on gross income)",
    unit: "",
    default: 0,
    min: 0,
    max: 1,
    share: true,
    source: "省级财政规定",
    argument: "fundRate",
  },
  {
    name: "p_relocRate",
    zh: "搬迁费标准",
    en: "Relocation fee standard",
    unit: "元/㎡/次",
    default: 20,
    min: 0,
    share: false,
    source: "《国有土地上房屋征收与补偿条例》第十七条；标准由当地规定",
    argument: "relocRate",
    argumentDefault: 0,
  },
  {
    name: "p_tempRate",
    zh: "临时安置费标准",
    en: "Temporary resettlement fee standard",
    unit: "元/㎡/月",
    default: 15,
    min: 0,
    share: false,
    source: "《国有土地上房屋征收与补偿条例》第十七条；标准由当地规定",
    argument: "tempRate",
    argumentDefault: 0,
  },
  {
    name: "p_bonusRate",
    zh: "签约奖励标准",
    en: "Signing incentive standard",
    unit: "元/㎡",
    default: 300,
    min: 0,
    share: false,
    source: "《国有土地上房屋征收与补偿条例》第十七条；标准由当地规定",
    argument: "bonusRate",
    argumentDefault: 0,
  },
  // Special bonds (domain §5): coverage bounds of the debt-management system, fee rates, stress scenarios. A scenario
  // size of 0 (or a blank cell) leaves that scenario out; p_coverageMax 0 (or blank) turns the upper bound off.
  {
    name: "p_coverageMax",
    zh: "债券本息覆盖倍数上限（0 或空白 = 不检查；过高视为数据错误）",
    en: "Maximum plausible bond coverage (0 or blank: off; above it is flagged as a data error)",
    unit: "倍",
    default: 0,
    min: 0,
    share: false,
    source: "政府债务管理系统项目收支平衡校验（上限由各省设定）",
    argument: undefined,
  },
  {
    name: "p_bondIssueFeeRate",
    zh: "专项债券发行费率（按发行额）",
    en: "Bond issuance fee rate (on the amount issued)",
    unit: "",
    default: 0,
    min: 0,
    max: 1,
    share: true,
    source: "各地专项债券发行兑付办法（示例：0.08%）",
    argument: "issueFeeRate",
  },
  {
    name: "p_bondRegistrationFeeRate",
    zh: "专项债券登记托管费率（按发行额）",
    en: "Bond registration fee rate (on the amount issued)",
    unit: "",
    default: 0,
    min: 0,
    max: 1,
    share: true,
    source: "各地专项债券发行兑付办法（示例：0.0064%）",
    argument: "registrationFeeRate",
  },
  {
    name: "p_bondRedemptionFeeRate",
    zh: "专项债券兑付手续费率（按每年还本付息额）",
    en: "Bond redemption fee rate (on each year's interest + principal)",
    unit: "",
    default: 0,
    min: 0,
    max: 1,
    share: true,
    source: "各地专项债券发行兑付办法（示例：0.005%）",
    argument: "redemptionFeeRate",
  },
  {
    name: "p_stressIncomeDrop1",
    zh: "敏感性分析：收入下降幅度一（0 = 不做）",
    en: "Stress test: first income drop (0: left out)",
    unit: "",
    default: 0.1,
    min: 0,
    max: 1,
    share: true,
    source: "财预〔2018〕28号（项目收益与融资自求平衡的压力测试）",
    argument: undefined,
  },
  {
    name: "p_stressIncomeDrop2",
    zh: "敏感性分析：收入下降幅度二（0 = 不做）",
    en: "Stress test: second income drop (0: left out)",
    unit: "",
    default: 0.2,
    min: 0,
    max: 1,
    share: true,
    source: "财预〔2018〕28号（项目收益与融资自求平衡的压力测试）",
    argument: undefined,
  },
  {
    name: "p_stressCostRise",
    zh: "敏感性分析：成本上升幅度（0 = 不做）",
    en: "Stress test: cost rise (0: left out)",
    unit: "",
    default: 0.1,
    min: 0,
    max: 10,
    share: false,
    source: "财预〔2018〕28号（项目收益与融资自求平衡的压力测试）",
    argument: undefined,
  },
  {
    name: "p_stressRateRise",
    zh: "敏感性分析：利率上升（0.01 = 100BP，0 = 不做）",
    en: "Stress test: rate rise (0.01 = 100 BP; 0: left out)",
    unit: "",
    default: 0.01,
    min: 0,
    max: 1,
    share: false,
    source: "财预〔2018〕28号（项目收益与融资自求平衡的压力测试）",
    argument: undefined,
  },
  {
    name: "p_stressLandDelay1",
    zh: "敏感性分析：土地出让推迟年数一（整数，0 = 不做）",
    en: "Stress test: first land-sale delay in years (whole number; 0: left out)",
    unit: "年",
    default: 1,
    min: 0,
    max: 10,
    share: false,
    source: "财预〔2018〕28号（项目收益与融资自求平衡的压力测试）",
    argument: undefined,
  },
  {
    name: "p_stressLandDelay2",
    zh: "敏感性分析：土地出让推迟年数二（整数，0 = 不做）",
    en: "Stress test: second land-sale delay in years (whole number; 0: left out)",
    unit: "年",
    default: 2,
    min: 0,
    max: 10,
    share: false,
    source: "财预〔2018〕28号（项目收益与融资自求平衡的压力测试）",
    argument: undefined,
  },
  // Planning (年度计划): the scope's age thresholds and ratings, the unit rule, the priority order. ELIGIBLE, UNITCHECK
  // and PRIORITY take these defaults (PRIORITY's weights argument overrides the three weights).
  {
    name: "p_dilapidatedMinAge",
    zh: "城市危（旧）房纳入改造的最低使用年限（含本数）",
    en: "Minimum years of use of dilapidated urban housing (inclusive)",
    unit: "年",
    default: 30,
    min: 0,
    share: false,
    source: `${PLAN}一（城市危（旧）房使用年限原则上以30年以上的房屋为主）`,
    argument: undefined,
    onSheet: false,
  },
  {
    name: "p_villageMinAge",
    zh: "城中村、城边村房屋纳入改造的最低使用年限（含本数）",
    en: "Minimum years of use of urban-village housing (inclusive)",
    unit: "年",
    default: 20,
    min: 0,
    share: false,
    source: `${PLAN}一（城中村、城边村房屋以20年以上的为主）`,
    argument: undefined,
    onSheet: false,
  },
  {
    name: "p_dangerRatingMin",
    zh: "不论年限即纳入改造的最低鉴定等级（3 = C级局部危房，4 = D级整幢危房）",
    en: "Lowest safety rating that qualifies whatever the age (3 = C, 4 = D)",
    unit: "级",
    default: 3,
    min: 1,
    max: 4,
    share: false,
    source: `${XIAN}第三条（经鉴定属于C级、D级的危险房屋）`,
    argument: undefined,
    onSheet: false,
  },
  {
    name: "p_maxHouseholdsPerFloor",
    zh: "安置房每单元平层户数上限",
    en: "Maximum households per floor per stair unit of resettlement housing",
    unit: "户",
    default: 8,
    min: 0,
    share: false,
    source: `${XIAN}第三十一条（每单元平层不得超过8户）`,
    argument: undefined,
    onSheet: false,
  },
  {
    name: "p_weightSafety",
    zh: "优先级权重：安全隐患（三项权重合计为 1）",
    en: "Priority weight: safety hazard (the three weights sum to 1)",
    unit: "",
    default: 0.5,
    min: 0,
    max: 1,
    share: true,
    source: `${PLAN}二(二)（先急后缓）`,
    argument: undefined,
    onSheet: false,
  },
  {
    name: "p_weightLiving",
    zh: "优先级权重：居住条件（三项权重合计为 1）",
    en: "Priority weight: living conditions (the three weights sum to 1)",
    unit: "",
    default: 0.3,
    min: 0,
    max: 1,
    share: true,
    source: `${PLAN}二(二)（先急后缓）`,
    argument: undefined,
    onSheet: false,
  },
  {
    name: "p_weightEnvironment",
    zh: "优先级权重：周边环境（三项权重合计为 1）",
    en: "Priority weight: surroundings (the three weights sum to 1)",
    unit: "",
    default: 0.2,
    min: 0,
    max: 1,
    share: true,
    source: `${PLAN}二(二)（先急后缓）`,
    argument: undefined,
    onSheet: false,
  },
  {
    name: "p_priorityTierBonus",
    zh: "优先级：仅有一套自住房且签约率、交房率均达标的项目加分（不小于 100，使其排在其他项目之前）",
    en: "Priority: bonus of projects whose residents own one home and reach both rates (≥ 100, so they sort first)",
    unit: "分",
    default: 1000,
    min: 100,
    share: false,
    source: `${PLAN}二(二)（仅有一套自住房、签约率和交房率均达到100%的项目优先）`,
    argument: undefined,
    onSheet: false,
  },
  {
    name: "p_priorityTierRate",
    zh: "优先级：签约率、交房率均须达到的比例",
    en: "Priority: share both the signing and the handover rate must reach",
    unit: "",
    default: 1,
    min: 0,
    max: 1,
    share: true,
    source: `${PLAN}二(二)（签约率、交房率均达到100%）`,
    argument: undefined,
    onSheet: false,
  },
] as const satisfies readonly PolicyParameter[];

export type PolicyName = (typeof POLICY_PARAMETERS)[number]["name"];

/** The table by name: `POLICY.p_ratio.default`. */
export const POLICY: { readonly [N in PolicyName]: Extract<(typeof POLICY_PARAMETERS)[number], { name: N }> } = Object.fromEntries(
  POLICY_PARAMETERS.map((p) => [p.name, p]),
) as never;

/** The default a function argument takes: the table's, or `argumentDefault` where the function's differs. */
export function argumentDefault(name: PolicyName): number {
  const p: PolicyParameter = POLICY[name];
  return p.argumentDefault ?? p.default;
}

/** Every parameter at its default, by name. */
export function policyDefaults(): Record<PolicyName, number> {
  return Object.fromEntries(POLICY_PARAMETERS.map((p) => [p.name, p.default])) as Record<PolicyName, number>;
}

/** Range check of a parameter value (the reader's check of the 参数 sheet): undefined when acceptable. */
export function policyRangeError(p: PolicyParameter, v: number): "belowMin" | "aboveMax" | "notPositive" | undefined {
  if (p.above !== undefined && v <= p.above) return "notPositive";
  if (v < p.min) return "belowMin";
  if (p.max !== undefined && v > p.max) return "aboveMax";
  return undefined;
}
