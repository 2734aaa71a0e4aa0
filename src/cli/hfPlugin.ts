import {
  ArraySize,
  CellError,
  DenseSparseChooseBasedOnThreshold,
  EmptyValue,
  ErrorType,
  FunctionArgumentType,
  FunctionPlugin,
  HyperFormula,
  SimpleRangeValue,
} from "hyperformula";
import type { FunctionMetadata, ImplementedFunctions } from "hyperformula";
import { DomainError } from "../engine/errors";
import { FUNCTIONS, NAMESPACE } from "../registry";
import { InputError, RawArg } from "../registry/coerce";
import { hostErrorCode } from "../registry/hostError";
import { excelRound, generalText } from "./recalc/numbers";
import { invokeHf, shantyMessage } from "./shantyHost";
import type { CellResult, FunctionSpec, SpillProbe } from "../registry/types";

/*
 * HyperFormula (GPL-3.0-only, licenseKey 'gpl-v3') runs the SHANTY functions headless: the CLI and the tests.
 * It is never bundled into the add-in. Every function comes from the registry and runs through the same
 * `invoke` as the Excel adapters: no rule exists twice.
 */

/** Same policy as the Excel adapters (hostErrorCode): the CLI and Excel show the same error in the same cell. */
const HF_ERROR: Record<ReturnType<typeof hostErrorCode>, ErrorType> = { VALUE: ErrorType.VALUE, NA: ErrorType.NA };

const HF_ERROR_DISPLAY: Partial<Record<string, string>> = {
  DIV_BY_ZERO: "#DIV/0!",
  NA: "#N/A",
  VALUE: "#VALUE!",
  NUM: "#NUM!",
  REF: "#REF!",
  NAME: "#NAME?",
  CYCLE: "#CYCLE!",
  ERROR: "#ERROR!",
};

export { emptyTextForNumber, invokeHf, shantyValue } from "./shantyHost";

type HfValue = unknown;

/** HyperFormula's argument values → what Excel would hand the adapter (RawArg). */
function fromHf(v: HfValue): RawArg {
  if (v === undefined || v === null || v === EmptyValue) return null;
  if (v instanceof SimpleRangeValue) return v.data.map((row) => row.map((c) => fromHf(c)));
  if (v instanceof CellError) return new InputError(HF_ERROR_DISPLAY[v.type] ?? `#${v.type}`);
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "object" && "val" in (v as object)) return (v as { val: number }).val; // RichNumber
  return new InputError(String(v));
}

/** A registry result → HyperFormula's value; a spilled table is padded to the size announced beforehand. */
function toHf(spec: FunctionSpec, result: CellResult | DomainError, size?: { rows: number; cols: number }) {
  if (result instanceof DomainError) {
    return new CellError(HF_ERROR[hostErrorCode(result.kind)], shantyMessage(spec, result));
  }
  if (!Array.isArray(result)) return result;
  const rows = Math.max(size?.rows ?? result.length, 1);
  const cols = Math.max(size?.cols ?? result[0].length, 1);
  if (result.length > rows || result[0].length > cols) {
    return new CellError(ErrorType.VALUE, `${spec.id}: 结果超出预计的 ${rows}×${cols} 区域`);
  }
  const data: (number | string | boolean | typeof EmptyValue)[][] = [];
  for (let r = 0; r < rows; r++) {
    const src = result[r];
    const row: (number | string | boolean | typeof EmptyValue)[] = [];
    for (let c = 0; c < cols; c++) row.push(src && c < src.length ? src[c] : EmptyValue);
    data.push(row);
  }
  return SimpleRangeValue.onlyValues(data);
}

interface AstLike {
  type: string;
  value?: unknown;
  value2?: unknown;
}

/** Build the plugin class for a list of specs (all of the registry by default). */
export function buildShantyPlugin(functions: readonly FunctionSpec[] = FUNCTIONS) {
  const implementedFunctions: ImplementedFunctions = {};
  const translations: Record<string, string> = {};

  class ShantyPlugin extends FunctionPlugin {
    static implementedFunctions = implementedFunctions;
  }
  const proto = ShantyPlugin.prototype as unknown as Record<string, unknown>;

  for (const spec of functions) {
    const name = `${NAMESPACE}.${spec.id}`;
    translations[name] = name;
    const method = `run_${spec.id}`;
    const meta: FunctionMetadata = {
      method,
      // ANY: the registry reads every argument itself, so text, blanks and errors get its Chinese messages.
      parameters: spec.params.map((p) => ({ argumentType: FunctionArgumentType.ANY, optionalArg: Boolean(p.optional) })),
      vectorizationForbidden: true,
    };
    const spill = spec.spill;
    if (spill) {
      const sizeMethod = `size_${spec.id}`;
      meta.sizeOfResultArrayMethod = sizeMethod;
      proto[sizeMethod] = function (
        this: ShantyPlugin & { arraySizeForAst: (a: unknown, s: unknown) => ArraySize },
        ast: { args: AstLike[] },
        state: unknown,
      ) {
        const probe: SpillProbe = {
          argCount: ast.args.length,
          literal: (i) => {
            const a = ast.args[i];
            if (!a) return undefined;
            if (a.type === "NUMBER" && typeof a.value === "number") return a.value;
            return undefined;
          },
          rangeRows: (i) => {
            const a = ast.args[i];
            if (!a || a.type === "EMPTY") return undefined;
            // A cell range (A1:C3): HyperFormula's arraySizeForAst reports it as a scalar, so count it here.
            const range = a as AstLike & { start?: { row: number; col: number }; end?: { row: number; col: number } };
            if (a.type === "CELL_RANGE" && range.start && range.end) {
              return (Math.abs(range.end.row - range.start.row) + 1) * (Math.abs(range.end.col - range.start.col) + 1);
            }
            const size = this.arraySizeForAst(a, state);
            // A range is a reference (isRef), which ArraySize.isScalar() counts as scalar: use its cells.
            const cells = size.height * size.width;
            return Number.isFinite(cells) && cells > 0 ? cells : undefined;
          },
        };
        const { rows, cols } = spill(probe);
        return new ArraySize(cols, rows);
      };
    }
    implementedFunctions[name] = meta;
    proto[method] = function (
      this: ShantyPlugin & { runFunction: Function; metadata: (n: string) => FunctionMetadata; arraySizeForAst: Function },
      ast: { args: AstLike[] },
      state: unknown,
    ) {
      const size = spill ? ((proto[`size_${spec.id}`] as Function).call(this, ast, state) as ArraySize) : undefined;
      return this.runFunction(ast.args as never, state as never, this.metadata(name), (...args: HfValue[]) =>
        toHf(spec, invokeHf(spec, args.map(fromHf)), size ? { rows: size.height, cols: size.width } : undefined),
      );
    };
  }
  return { plugin: ShantyPlugin, translations: { enGB: translations } };
}

/**
 * Excel's ROUND, ROUNDUP, ROUNDDOWN and TRUNC round the decimal the user sees (15 significant digits, at least
 * the fen for amounts — see recalc/numbers.ts), not the binary double: ROUND(9739.755,2) = 9739.76, where
 * HyperFormula's own functions give 9739.75. They replace HyperFormula's functions of the same names.
 */
export class ExcelRoundingPlugin extends FunctionPlugin {
  static implementedFunctions: ImplementedFunctions = {
    ROUND: {
      method: "round",
      parameters: [{ argumentType: FunctionArgumentType.NUMBER }, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }],
    },
    ROUNDUP: {
      method: "roundup",
      parameters: [{ argumentType: FunctionArgumentType.NUMBER }, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }],
    },
    ROUNDDOWN: {
      method: "rounddown",
      parameters: [{ argumentType: FunctionArgumentType.NUMBER }, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }],
    },
    TRUNC: {
      method: "rounddown",
      parameters: [{ argumentType: FunctionArgumentType.NUMBER }, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }],
    },
  };
  round(ast: { args: unknown[] }, state: unknown) {
    return this.runFunction(ast.args as never, state as never, this.metadata("ROUND"), (x: number, p: number) => excelRound(x, p, "round"));
  }
  roundup(ast: { args: unknown[] }, state: unknown) {
    return this.runFunction(ast.args as never, state as never, this.metadata("ROUNDUP"), (x: number, p: number) => excelRound(x, p, "up"));
  }
  rounddown(ast: { args: unknown[] }, state: unknown) {
    return this.runFunction(ast.args as never, state as never, this.metadata("ROUNDDOWN"), (x: number, p: number) =>
      excelRound(x, p, "down"),
    );
  }
}

/** Asts whose value comes from the grid: Excel ignores blanks and text there in AND and OR. */
const REFERENCE_ASTS = new Set(["CELL_REFERENCE", "CELL_RANGE", "COLUMN_RANGE", "ROW_RANGE"]);

/**
 * Excel's AND and OR (HyperFormula counts a blank in a range as FALSE: AND(B4:B5) with B4 TRUE, B5 blank is FALSE,
 * Excel's TRUE). In a reference, range or array blanks and text are ignored; a direct text is TRUE/FALSE or #VALUE!;
 * numbers are logical (0 is FALSE); the first error in argument order wins; no logical value at all is #VALUE!.
 */
export function excelLogical(args: readonly { value: unknown; reference: boolean }[], and: boolean): boolean | CellError {
  let seen = false;
  let result = and;
  const step = (v: unknown, ignoreText: boolean): CellError | undefined => {
    if (v instanceof CellError) return v;
    let b: boolean;
    if (v === EmptyValue || v === undefined || v === null) {
      if (ignoreText) return undefined;
      b = false; // an omitted argument: AND(,TRUE)
    } else if (typeof v === "string") {
      if (ignoreText) return undefined;
      const t = v.toUpperCase();
      if (t !== "TRUE" && t !== "FALSE")
        return new CellError(ErrorType.VALUE, `AND/OR: 文本 "${v}" 不是逻辑值 (text is not a logical value)`);
      b = t === "TRUE";
    } else if (typeof v === "boolean") b = v;
    else if (typeof v === "number") b = v !== 0;
    else if (typeof v === "object" && "val" in (v as object))
      b = (v as { val: number }).val !== 0; // RichNumber
    else return new CellError(ErrorType.VALUE, "AND/OR: 参数不是逻辑值 (an argument is not a logical value)");
    seen = true;
    if (and ? !b : b) result = !and;
    return undefined;
  };
  for (const { value, reference } of args) {
    if (value instanceof SimpleRangeValue) {
      for (const row of value.data) {
        for (const c of row) {
          const e = step(c, true);
          if (e) return e;
        }
      }
    } else {
      const e = step(value, reference);
      if (e) return e;
    }
  }
  return seen ? result : new CellError(ErrorType.VALUE, "AND/OR: 没有逻辑值 (no logical value)");
}

/** Excel's AND and OR (excelLogical); they replace HyperFormula's. */
export class ExcelLogicPlugin extends FunctionPlugin {
  static implementedFunctions: ImplementedFunctions = {
    AND: { method: "and", parameters: [{ argumentType: FunctionArgumentType.ANY }], repeatLastArgs: 1, vectorizationForbidden: true },
    OR: { method: "or", parameters: [{ argumentType: FunctionArgumentType.ANY }], repeatLastArgs: 1, vectorizationForbidden: true },
  };
  private logical(ast: { args: { type: string }[] }, state: unknown, and: boolean) {
    if (ast.args.length === 0) return new CellError(ErrorType.NA, "Wrong number of arguments.");
    const self = this as unknown as { evaluateAst: (a: unknown, s: unknown) => unknown };
    return excelLogical(
      ast.args.map((a) => ({ value: self.evaluateAst(a, state), reference: REFERENCE_ASTS.has(a.type) })),
      and,
    );
  }
  and(ast: { args: { type: string }[] }, state: unknown) {
    return this.logical(ast, state, true);
  }
  or(ast: { args: { type: string }[] }, state: unknown) {
    return this.logical(ast, state, false);
  }
}

/**
 * `&`, CONCATENATE and every text argument turn numbers into text as Excel's General format does ((0.1+0.2)&""
 * is "0.3", not "0.30000000000000004"; 1E+21&"" is "1E+21"). HyperFormula has no option for it: its one
 * conversion, ArithmeticHelper.coerceScalarToString, is replaced once per process (before any engine is built,
 * since buildFromSheets already evaluates). Fails loudly if a HyperFormula version no longer has it.
 */
function excelTextCoercion(): void {
  const path = require("path") as typeof import("path");
  const file = path.join(path.dirname(require.resolve("hyperformula")), "interpreter", "ArithmeticHelper.js");
  const helper = require(file) as { coerceScalarToString?: (v: unknown) => unknown };
  if (typeof helper.coerceScalarToString !== "function") {
    throw new Error("HyperFormula internals changed: coerceScalarToString not found (& would print numbers unlike Excel)");
  }
  const original = helper.coerceScalarToString;
  const patched = (v: unknown) => {
    if (typeof v === "number") return generalText(v);
    if (v !== null && typeof v === "object" && "val" in (v as object)) return generalText((v as { val: number }).val); // RichNumber
    return original(v);
  };
  helper.coerceScalarToString = patched;
  if (helper.coerceScalarToString !== patched) {
    throw new Error("HyperFormula internals changed: coerceScalarToString cannot be replaced");
  }
}

let registered = false;

/** Register the SHANTY functions (and Excel's decimal rounding) with HyperFormula once per process. */
export function registerShantyFunctions(): void {
  if (registered) return;
  const { plugin, translations } = buildShantyPlugin();
  HyperFormula.registerFunctionPlugin(plugin, translations);
  HyperFormula.registerFunctionPlugin(ExcelRoundingPlugin);
  HyperFormula.registerFunctionPlugin(ExcelLogicPlugin);
  excelTextCoercion();
  registered = true;
}

/**
 * HyperFormula options the add-in's headless side always uses, chosen deliberately:
 * - Excel's grid (1,048,576 rows × 16,384 columns) instead of HyperFormula's 40,000 × 18,278, and memory that
 *   follows the cells that exist: a sheet whose used box is less than half filled is kept sparse (HyperFormula's
 *   default AlwaysDense allocates the whole box: one cell at XFD1048576 ran out of memory);
 * - smartRounding with precisionEpsilon 1e-13: comparisons and a sum that cancels to within 1e-13 of its
 *   operands behave as in Excel (0.1+0.2=0.3 is TRUE, 0.3-0.2-0.1 is 0);
 * - values are read back unrounded: HyperFormula's precisionRounding would cut every result to 11
 *   significant digits (1234560012.35 → 1234560012.4), so buildEngine switches that export rounding off
 *   (exactValues); numbers are shown at Excel's 15 digits only when printed (recalc/numbers.ts);
 * - evaluateNullToZero: a formula that evaluates to an empty value is 0, as Excel's is, for its dependents too.
 */
export const HF_CONFIG = {
  licenseKey: "gpl-v3",
  useArrayArithmetic: true,
  maxRows: 1_048_576,
  maxColumns: 16_384,
  chooseAddressMappingPolicy: new DenseSparseChooseBasedOnThreshold(0.5),
  smartRounding: true,
  precisionEpsilon: 1e-13,
  // a formula whose result is empty (=B9 with B9 blank) is the number 0, as in Excel: =MIN(A1,5) is 0 and
  // =A1&"x" is "0x" where A1 is that formula (HyperFormula's default keeps it empty: 5 and "x")
  evaluateNullToZero: true,
} as const;

/**
 * Turn off the 11-digit rounding HyperFormula applies when a value is read (Exporter.cellValueRounding). Fails
 * loudly if a HyperFormula version no longer has it, rather than returning rounded values silently.
 */
export function exactValues(hf: HyperFormula): HyperFormula {
  const exporter = (hf as unknown as { _exporter?: { cellValueRounding?: (v: number) => number } })._exporter;
  if (!exporter || typeof exporter.cellValueRounding !== "function") {
    throw new Error("HyperFormula internals changed: Exporter.cellValueRounding not found (values would be rounded to 11 digits)");
  }
  exporter.cellValueRounding = (v: number) => v;
  return hf;
}

/**
 * Excel writes the logical constants as bare TRUE and FALSE; HyperFormula only knows the functions TRUE()
 * and FALSE(), so every engine gets them as workbook-level named expressions.
 */
export const LOGICAL_NAMES = [
  { name: "TRUE", expression: "=TRUE()" },
  { name: "FALSE", expression: "=FALSE()" },
];

/** A HyperFormula engine over named sheets, with the SHANTY functions and Excel's logical constants. */
export function buildEngine(sheets: Record<string, unknown[][]>, config: Record<string, unknown> = {}): HyperFormula {
  registerShantyFunctions();
  return exactValues(HyperFormula.buildFromSheets(sheets as never, { ...HF_CONFIG, ...config }, LOGICAL_NAMES));
}

export { HyperFormula };
