/** Planning (年度计划, domain §4): scope, unit rule, priority, the annual plan table and its report sentence. */
export * from "./policy";
export * from "./eligibility";
export * from "./priority";
export * from "./table";
export * from "./sentence";
