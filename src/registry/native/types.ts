/**
 * Native Excel equivalents of SHANTY functions, for the portable workbook (`shanty portable`, the task pane's
 * 导出通用工作簿): a formula with only functions every spreadsheet has (Excel 2007+, WPS 表格, LibreOffice) that
 * computes the same number from the same cells as the engine, to the fen.
 *
 * A declaration sees each argument as a native expression, keyed by the catalogue's parameter name, already
 * normalised by the translator (src/workbook/portable/translate.ts) from the parameter's declaration:
 * - decimal / integer: a number (a blank optional argument is its default; text makes the formula #VALUE!);
 * - boolean: TRUE/FALSE (1/0 accepted, anything else #N/A);
 * - investor: TRUE for private capital (民间资本 and its aliases), FALSE for government, #N/A otherwise;
 * - decimals: the range as written.
 * The translator adds the declared bounds of every argument (min, share, integer …) as #N/A guards; `errorIf`
 * adds the rule's own error conditions. Money is rounded once, half-up at the output, as the engine does: ROUND
 * of the exact expression (binary floats carry the expression to ~15 significant digits, ROUND then lands on the
 * same fen as the decimal engine for the magnitudes money has).
 */
export type NativeArgs = Readonly<Record<string, string>>;

export interface NativeSpec {
  /**
   * For an optional argument without a default: its native expression when it is left out or blank, from the
   * arguments before it (DEEDTAX's onlyHome follows firstHome). Without an entry, such a call does not convert.
   */
  readonly omitted?: Readonly<Record<string, (a: NativeArgs) => string>>;
  /** The formula body (no "="); undefined when this call has no native form (e.g. an optional argument left out). */
  readonly body: (a: NativeArgs) => string | undefined;
  /** Conditions (native boolean expressions) under which the engine returns an error value. */
  readonly errorIf?: (a: NativeArgs) => readonly string[];
}

/** Comparisons of computed products: round the difference first, so binary noise cannot flip a boundary case. */
export const lte = (left: string, right: string): string => `ROUND((${left})-(${right}),8)<=0`;
export const gt = (left: string, right: string): string => `ROUND((${left})-(${right}),8)>0`;
