/**
 * The balance check (资金平衡), domain §3: years and balance year (years.ts), pooling by 片区 / 镇街 / 全区
 * (pool.ts), plot ratio (far.ts) and the one portfolio check every cell function and table is built on
 * (portfolio.ts).
 */
export { balanceOf, checkYears, cumulative, balanceYearIndex, balanceYear, extensionYears, extendYears } from "./years";
export { PoolIndex, POOL_LEVELS, DISTRICT_NAME, nameKey } from "./pool";
export type { PoolLevel, PoolMember, PoolOutcome, RegionSummary, PoolBuildOptions } from "./pool";
export { plotRatio, farWithin, farExtra, farBreach } from "./far";
export type { FarExtra } from "./far";
export { checkPortfolio } from "./portfolio";
export { projectFlows } from "./flows";
export type { Flows } from "./flows";
export type { ProjectInput, Portfolio, BalanceOptions, Verdict, FarAssessment, ProjectBalance, PortfolioBalance } from "./portfolio";
