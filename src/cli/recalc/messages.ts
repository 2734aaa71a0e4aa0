import type { HyperFormula as HyperFormulaClass } from "hyperformula";
import { FUNCTIONS, NAMESPACE } from "../../registry";
import { functionCalls } from "./translate";

/*
 * HyperFormula's own error messages are English and name no function ("Wrong number of arguments."). The
 * runner shows every error in Chinese with the English in brackets, naming the function (and, for SHANTY
 * functions, the arguments it expects). SHANTY functions' own messages are already bilingual (hfPlugin).
 */

interface Arity {
  readonly min: number;
  readonly max: number;
}

/** Argument counts a function accepts, from HyperFormula's metadata (SHANTY functions: from the registry). */
export function arity(name: string): Arity | undefined {
  const upper = name.toUpperCase();
  if (upper.startsWith(`${NAMESPACE}.`)) {
    const spec = FUNCTIONS.find((s) => `${NAMESPACE}.${s.id}` === upper);
    if (!spec) return undefined;
    let min = 0;
    spec.params.forEach((p, i) => {
      if (!p.optional && p.default === undefined) min = i + 1;
    });
    return { min, max: spec.params.length };
  }
  // loaded here, not at the top: the direct evaluator reports errors through this file without HyperFormula
  const { HyperFormula } = require("hyperformula") as { HyperFormula: typeof HyperFormulaClass };
  const plugin = HyperFormula.getFunctionPlugin(upper) as unknown as
    | {
        implementedFunctions?: Record<
          string,
          { parameters?: { optionalArg?: boolean; defaultValue?: unknown }[]; repeatLastArgs?: number }
        >;
        aliases?: Record<string, string>;
      }
    | undefined;
  if (!plugin) return undefined;
  const target = plugin.aliases?.[upper] ?? upper;
  const meta = plugin.implementedFunctions?.[target];
  if (!meta) return undefined;
  const params = meta.parameters ?? [];
  let min = 0;
  params.forEach((p, i) => {
    if (!p.optionalArg && p.defaultValue === undefined) min = i + 1;
  });
  return { min, max: meta.repeatLastArgs ? Infinity : params.length };
}

const EMPTY_BY_TYPE: Record<string, string> = {
  DIV_BY_ZERO: "除数为零（division by zero）",
  NA: "值不可用（value not available, #N/A）",
  NUM: "数值无效或超出范围（invalid or out-of-range number）",
  REF: "引用无效（invalid reference）",
  VALUE: "参数的类型不对（wrong type of argument）",
  NAME: "名称或函数未定义（unknown name or function）",
};

function expected(a: Arity): { zh: string; en: string } {
  if (a.max === Infinity) return { zh: `至少 ${a.min} 个`, en: `at least ${a.min}` };
  const n = a.min === a.max ? `${a.min}` : `${a.min}–${a.max}`;
  return { zh: `${n} 个`, en: n };
}

function shantyParams(name: string): string {
  const spec = FUNCTIONS.find((s) => `${NAMESPACE}.${s.id}` === name.toUpperCase());
  return spec
    ? `；参数 arguments: ${spec.params.map((p) => `${p.label}(${p.name})${p.optional || p.default !== undefined ? "?" : ""}`).join(", ")}`
    : "";
}

/** The call of a formula that has a wrong number of arguments, as a bilingual message. */
function wrongArgs(formula: string): string {
  for (const call of functionCalls(formula)) {
    const a = arity(call.name);
    if (a && (call.args < a.min || call.args > a.max)) {
      const want = expected(a);
      return `函数 ${call.name} 的参数个数不对：给了 ${call.args} 个，应为 ${want.zh}${shantyParams(call.name)}（wrong number of arguments for ${call.name}: ${call.args} given, ${want.en} expected）`;
    }
  }
  return `参数个数不对（wrong number of arguments）`;
}

/**
 * A HyperFormula error message → Chinese (English in brackets), naming the function where the message is
 * about one. Messages that are already bilingual (SHANTY functions) are returned as they are.
 */
export function bilingualMessage(type: string, message: string, formula: string): string {
  const m = message.trim();
  if (/[\u4e00-\u9fff]/.test(m)) return m;
  let r: RegExpExecArray | null;
  if (m === "Wrong number of arguments.") return wrongArgs(formula);
  if ((r = /^Function name (.+) not recognized\.$/.exec(m))) return `未知函数 ${r[1]}：本工具不能计算它（unknown function ${r[1]}）`;
  if ((r = /^Named expression (.+) not recognized\.$/.exec(m))) return `名称 ${r[1]} 未定义（name ${r[1]} is not defined）`;
  if (m.startsWith("Parsing error")) return `公式无法解析，请检查括号、引号和分隔符（${m}）`;
  if (m === "Division by zero.") return `除数为零（division by zero）`;
  if (m === "Value cannot be coerced to number.") return `参数应为数值，收到不能转换为数值的值（value cannot be coerced to a number）`;
  if (m === "Cyclic dependency.") return `循环引用：公式直接或间接引用了自身（cyclic dependency）`;
  if (m === "Empty function argument.") return `函数参数为空（empty function argument）`;
  if (m === "Cell range not allowed.") return `这里需要单个值，不能是区域（a single value is expected here, not a range）`;
  if (m === "Array dimensions are not compatible.") return `数组的行列数不匹配（array dimensions are not compatible）`;
  if (m === "") return EMPTY_BY_TYPE[type] ?? `计算结果为错误值（the formula evaluates to an error）`;
  return `计算结果为错误值（${m}）`;
}
