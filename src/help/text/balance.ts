import type { FunctionHelp } from "./types";

/** Help text of the balance family (资金平衡): rules, policy sources and examples. Build-time only: never imported by the add-in bundles. */
export const BALANCE_HELP: Readonly<Record<string, FunctionHelp>> = {
  BALANCE: {
    ruleZh:
      "平衡期内收入合计减支出合计；结余 ≥ 0 为项目自平衡。专项债券本金是融资，不计入收入。两个区域分别求和，空白单元格跳过，长短可以不同（如收入 5 项、支出 8 项）。",
    ruleEn:
      "Σ income − Σ cost over the balance period; a surplus ≥ 0 means the project balances itself. Special-bond principal is financing, not income. Each range is summed on its own (blanks skipped), so they may differ in length.",
    sources: ["《XX区进一步推进棚户区改造工作实施方案》五(一)", "《西安市棚户区改造管理办法》第十、十一、二十四、二十七条"],
    examples: [
      { formula: "=SHANTY.BALANCE({500;700},{300;100;150})", expected: "650", noteZh: "1200 − 550" },
      { formula: "=SHANTY.BALANCE({100},{150;20})", expected: "-70", noteZh: "100 − 170：负数为资金缺口" },
    ],
  },
  BALANCEYEAR: {
    ruleZh:
      "逐年累计净现金流，取“自该年起到最后一年累计值始终 ≥ 0”的最早年度；累计值先转正后又转负的，以后来重新转正的年度为准。到最后一年累计仍为负的，返回 #N/A 并说明。",
    ruleEn:
      "Accumulate the yearly net flows; the balance year is the earliest year from which the cumulative value stays ≥ 0 through the last year. A cumulative value that turns positive and then negative again does not count. Still negative in the last year: #N/A with an explanation.",
    sources: ["《XX区进一步推进棚户区改造工作实施方案》五(一)", "《西安市棚户区改造管理办法》第十、十一、二十四、二十七条"],
    examples: [
      {
        formula: "=SHANTY.BALANCEYEAR({2024;2025;2026;2027;2028;2029;2030},{-500;-300;200;300;400;-50;100})",
        expected: "2028",
        noteZh: "累计 −500, −800, −600, −300, 100, 50, 150",
      },
      {
        formula: "=SHANTY.BALANCEYEAR({2024;2025;2026},{100;-50;20})",
        expected: "2024",
        noteZh: "累计 100, 50, 70，自 2024 年起均不小于 0",
      },
    ],
  },
  EXTENDYEARS: {
    ruleZh:
      "当期不能平衡的，适当延长平衡期限：延长年数 = 平衡年度 − 计划完成年度，平衡年度不晚于计划完成年度时为 0；在给定年度内不能平衡时返回 #N/A。",
    ruleEn:
      "Where a project does not balance in its period, the period may be extended: extension = balance year − planned end year, 0 when it balances by then; #N/A when it does not balance within the years given.",
    sources: ["《XX区进一步推进棚户区改造工作实施方案》五(一)", "《西安市棚户区改造管理办法》第十、十一、二十四、二十七条"],
    examples: [
      {
        formula: "=SHANTY.EXTENDYEARS({2024;2025;2026;2027;2028;2029;2030},{-500;-300;200;300;400;-50;100},2026)",
        expected: "2",
        noteZh: "平衡年度 2028 − 2026",
      },
      {
        formula: "=SHANTY.EXTENDYEARS({2024;2025;2026},{100;-50;20},2026)",
        expected: "0",
        noteZh: "平衡年度 2024 早于计划完成年度，不需延长",
      },
    ],
  },
  BALANCELEVEL: {
    ruleZh:
      "结余统筹按“每一笔结余只统筹一次”分配：① 所需资金 = 本项目缺口（结余为负时取其绝对值）；所需资金为 0 的项目为项目自平衡，其正结余可供统筹；需要资金的项目不提供结余。② 由小到大逐级统筹、全区一起进行：先让所有需要资金的项目在各自片区统筹，仍不能平衡的再到镇街，最后到全区——能在本片区平衡的项目，不会因别处项目先在全区统筹而失去本片区的结余。同一层级内按项目列表的先后顺序依次统筹（顺序由用户决定，例如先按 SHANTY.PRIORITY 优先级排序）。③ 轮到某项目时，该区域内其他项目尚未被统筹的结余之和 ≥ 本项目所需资金，即在该层级平衡；统筹伙伴按可用结余从大到小选取（相同时按列表顺序），直到弥补缺口为止（伙伴最少）；被统筹的金额即被占用，最后一个伙伴可只用去一部分，剩余部分留给后面的项目。④ 全区仍不能平衡的，不能平衡，缺口 = 所需资金 − 轮到该项目在全区统筹时其他项目尚未被统筹的结余。因此：任何一笔结余不会被重复统筹；某区域结余合计 ≥ 0 时，该区域内各亏损项目都能在该层级或更小层级平衡；两个项目争用同一笔结余时，列表中靠前的项目优先。",
    ruleEn:
      "Surpluses are allocated so that each 万元 is claimed at most once (每一笔结余只统筹一次). (1) A project's need is its deficit (−surplus when negative); need 0 means 项目自平衡, and such a project offers its positive surplus; a project in need offers nothing. (2) Levels are tried smallest first across the whole list: every project in need is tried in its 片区, those still unbalanced in their 镇街, then in the whole district — so a project that can balance locally never loses local surplus to a district-wide claim. Within a level, projects take their turn in list order (the user's order, e.g. sorted by SHANTY.PRIORITY). (3) A project balances at a level when the unclaimed surplus of the other projects of its region covers its need; partners are taken largest available surplus first (ties: list order) until the need is covered (fewest partners), and what they give is used up — the last partner may give only part and keeps the rest for later projects. (4) Not balanced in the district: the gap is the need less the others' unclaimed surplus in the district when its turn came. So no surplus is counted twice; when a region's surpluses add up to ≥ 0, every deficit project of it balances at that level or a smaller one; when two projects compete for the same surplus, the one earlier in the list wins.",
    sources: ["《XX区进一步推进棚户区改造工作实施方案》五(一)", "《西安市棚户区改造管理办法》第十、十一、二十四、二十七条"],
    examples: [
      {
        formula: '=SHANTY.BALANCELEVEL("P2",{"P1";"P2";"P3"},{800;-200;-400},{"东关";"东关";"西关"})',
        expected: "片区平衡（东关）",
        noteZh: "P2 缺 200，同在东关片区的 P1 结余 800 ≥ 200",
      },
      {
        formula: '=SHANTY.BALANCELEVEL("P3",{"P1";"P2";"P3"},{800;-200;-400},{"东关";"东关";"西关"})',
        expected: "全区平衡",
        noteZh: "P3 缺 400，西关片区无结余；P1 的 800 先给 P2 200，余 600 ≥ 400 在全区统筹",
      },
    ],
  },
  BALANCEPARTNERS: {
    ruleZh:
      "结余统筹按“每一笔结余只统筹一次”分配：① 所需资金 = 本项目缺口（结余为负时取其绝对值）；所需资金为 0 的项目为项目自平衡，其正结余可供统筹；需要资金的项目不提供结余。② 由小到大逐级统筹、全区一起进行：先让所有需要资金的项目在各自片区统筹，仍不能平衡的再到镇街，最后到全区——能在本片区平衡的项目，不会因别处项目先在全区统筹而失去本片区的结余。同一层级内按项目列表的先后顺序依次统筹（顺序由用户决定，例如先按 SHANTY.PRIORITY 优先级排序）。③ 轮到某项目时，该区域内其他项目尚未被统筹的结余之和 ≥ 本项目所需资金，即在该层级平衡；统筹伙伴按可用结余从大到小选取（相同时按列表顺序），直到弥补缺口为止（伙伴最少）；被统筹的金额即被占用，最后一个伙伴可只用去一部分，剩余部分留给后面的项目。④ 全区仍不能平衡的，不能平衡，缺口 = 所需资金 − 轮到该项目在全区统筹时其他项目尚未被统筹的结余。因此：任何一笔结余不会被重复统筹；某区域结余合计 ≥ 0 时，该区域内各亏损项目都能在该层级或更小层级平衡；两个项目争用同一笔结余时，列表中靠前的项目优先。 结果按轮到该项目时的可用结余从大到小列出伙伴项目编号。",
    ruleEn:
      "Surpluses are allocated so that each 万元 is claimed at most once (每一笔结余只统筹一次). (1) A project's need is its deficit (−surplus when negative); need 0 means 项目自平衡, and such a project offers its positive surplus; a project in need offers nothing. (2) Levels are tried smallest first across the whole list: every project in need is tried in its 片区, those still unbalanced in their 镇街, then in the whole district — so a project that can balance locally never loses local surplus to a district-wide claim. Within a level, projects take their turn in list order (the user's order, e.g. sorted by SHANTY.PRIORITY). (3) A project balances at a level when the unclaimed surplus of the other projects of its region covers its need; partners are taken largest available surplus first (ties: list order) until the need is covered (fewest partners), and what they give is used up — the last partner may give only part and keeps the rest for later projects. (4) Not balanced in the district: the gap is the need less the others' unclaimed surplus in the district when its turn came. So no surplus is counted twice; when a region's surpluses add up to ≥ 0, every deficit project of it balances at that level or a smaller one; when two projects compete for the same surplus, the one earlier in the list wins. The partner ids are listed largest available surplus (at the project's turn) first.",
    sources: ["《XX区进一步推进棚户区改造工作实施方案》五(一)", "《西安市棚户区改造管理办法》第十、十一、二十四、二十七条"],
    examples: [
      {
        formula: '=SHANTY.BALANCEPARTNERS("T",{"T";"S1";"S2";"B"},{-500;100;100;600},{"甲";"甲";"甲";"甲"})',
        noteZh: "缺 500：B 结余 600 一个即可（从小到大选要 S1、S2、B 三个）",
      },
      { formula: '=SHANTY.BALANCEPARTNERS("P3",{"P1";"P2";"P3"},{800;-200;-400},{"东关";"东关";"西关"})', expected: "P1" },
    ],
  },
  FARCHECK: {
    ruleZh: "不得因单个地块资金平衡等问题突破规定的容积率：计容建筑面积 ÷ 用地面积 ≤ 容积率上限（等于上限视为未突破）。",
    ruleEn: "A plot may not exceed its plot ratio to balance its funding: building area ÷ land area ≤ maximum (equal is within).",
    sources: ["《西安市棚户区改造管理办法》第二十七条"],
    examples: [
      { formula: "=SHANTY.FARCHECK(10000,25000,2.5)", expected: "TRUE", noteZh: "25000 ÷ 10000 = 2.5 ≤ 2.5" },
      { formula: "=SHANTY.FARCHECK(10000,26000,2.5)", expected: "FALSE", noteZh: "26000 ÷ 10000 = 2.6 > 2.5" },
    ],
  },
  FAREXTRA: {
    ruleZh:
      "需增加开发面积 = 资金缺口 ÷ 每平方米净收益；增加后（计容建筑面积 + 增加面积）÷ 用地面积超过容积率上限的，返回 #VALUE! 并说明超出多少——不得突破容积率，应扩大平衡区域或延长平衡期限。",
    ruleEn:
      "Extra area = deficit ÷ net income per ㎡. If (building area + extra) ÷ land area would exceed the maximum plot ratio, #VALUE! says by how much: the plot ratio may not be exceeded, so the project must expand the balance area or extend the period.",
    sources: ["《西安市棚户区改造管理办法》第二十七条"],
    examples: [
      {
        formula: "=SHANTY.FAREXTRA(5000000,2000,10000,22000,2.5)",
        expected: "2500",
        noteZh: "5000000 ÷ 2000 = 2500；(22000 + 2500) ÷ 10000 = 2.45 ≤ 2.5",
      },
      {
        formula: "=SHANTY.FAREXTRA(5000000,1000,10000,22000,2.5)",
        expectError: true,
        noteZh: "需增加 5000000 ÷ 1000 = 5000㎡，(22000+5000) ÷ 10000 = 2.7 > 2.5：返回错误，不突破容积率",
        noteEn: "needs 5000 ㎡, plot ratio 2.7 > 2.5: an error, the limit is never breached",
      },
    ],
  },
  BALANCETABLE: {
    ruleZh:
      "与每行一个 BALANCELEVEL / BALANCEPARTNERS 的结果逐行完全相同（规则见 BALANCELEVEL：每一笔结余只统筹一次，片区、镇街、全区逐级统筹），但整个清单只调用一次：2000 个项目的清单只传递一次区域，而不是 2000 次，长清单请用本函数。结果 5 列：项目编号、平衡层级（项目自平衡/片区平衡/镇街平衡/全区平衡/不能平衡）、统筹区域、统筹伙伴（以“、”分隔）、缺口（万元，平衡时为 0）。结果与项目编号区域逐行对应（放在清单第一行旁边即可），不含表头；区域中的空行输出空行。金额按万元保留 2 位小数比较：显示为 0.00 的缺口视为平衡。",
    ruleEn:
      "Row for row identical to one BALANCELEVEL / BALANCEPARTNERS per project (rules: see BALANCELEVEL — each 万元 of surplus is claimed once, 片区 → 镇街 → district), from a single call: a 2,000-project list passes its ranges once instead of 2,000 times — use it for long lists. Five columns: id, level (项目自平衡/片区平衡/镇街平衡/全区平衡/不能平衡), region, partners (joined by 、), gap (万元, 0 when balanced). The rows line up with the ids range (put it beside the list's first row); no header row; a blank row of the ranges gives a blank row. Amounts are compared in 万元 to 2 decimals: a gap that shows as 0.00 is balanced.",
    sources: ["《XX区进一步推进棚户区改造工作实施方案》五(一)", "《西安市棚户区改造管理办法》第十、十一、二十四、二十七条"],
    examples: [
      {
        formula: '=SHANTY.BALANCETABLE({"P1";"P2";"P3"},{800;-200;-400},{"东关";"东关";"西关"})',
        noteZh: "P2 缺 200 由同片区 P1 统筹；P3 缺 400，西关片区无结余，全区 P1 剩余 600 ≥ 400",
      },
      {
        formula: '=SHANTY.BALANCETABLE({"P1";"P2";"P3"},{100;-300;-50},{"甲";"甲";"乙"})',
        noteZh: "P2 缺 300 > 100：不能平衡，缺口 200；P3 缺 50 由全区 P1 的 100 统筹",
      },
    ],
    seeAlso: ["BALANCELEVEL", "BALANCEPARTNERS"],
  },
};
