/*
 * The prose of the help pages, kept out of the registry so that the add-in's runtime bundle (functions.js)
 * carries none of it: only the help generator (src/help/site.ts, at build time) imports these files.
 */

export interface HelpExample {
  /** A formula with literal arguments only: the generator evaluates it with the engine and shows the result. */
  readonly formula: string;
  /** The hand-worked result (as the cell shows it); the generator fails when the engine disagrees. */
  readonly expected?: string;
  /** The example shows an error on purpose (a limit the function enforces). */
  readonly expectError?: boolean;
  /** The working, step by step. */
  readonly noteZh?: string;
  readonly noteEn?: string;
}

export interface FunctionHelp {
  readonly ruleZh: string;
  readonly ruleEn: string;
  /** Policy sources by document name and article, e.g. 《西安市棚户区改造管理办法》第二十九条. */
  readonly sources: readonly string[];
  /** Two or more examples. */
  readonly examples: readonly HelpExample[];
  /** Remarks beyond those derived from the declaration (errors, rounding, limits). */
  readonly remarksZh?: readonly string[];
  readonly remarksEn?: readonly string[];
  /** Related functions outside the family (the family's own are listed anyway). */
  readonly seeAlso?: readonly string[];
}
