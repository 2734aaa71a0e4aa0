import { PROJECT_COLUMNS } from "./contract";

/**
 * Argument names of engine errors → the project-table column they come from, so that a problem found while
 * generating tables speaks of the user's column ("户数"), not of a function argument.
 */
const ARG_TO_COLUMN: Record<string, string> = {
  years: "计划年度",
  households: "户数",
  areas: "建筑面积（㎡）",
  investment: "总投资（万元）",
};

export function argLabelFor(name: string): string {
  return ARG_TO_COLUMN[name] ?? PROJECT_COLUMNS.find((c) => c.key === name)?.header ?? name;
}
