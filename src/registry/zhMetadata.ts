import type { FunctionSpec } from "./types";

/** The parts of custom-functions-metadata's functions.json this project reads and rewrites. */
export interface FunctionsJson {
  functions: Array<{
    id: string;
    name: string;
    description?: string;
    helpUrl?: string;
    parameters?: Array<{ name: string; description?: string; [k: string]: unknown }>;
    result?: { [k: string]: unknown };
    [k: string]: unknown;
  }>;
  [k: string]: unknown;
}

/**
 * functions-zh-cn.json: the generated functions.json with Chinese descriptions from the registry. Ids, names,
 * types and options are copied unchanged — function names are the same in every locale (functions.md), so a
 * user of Chinese Excel types =SHANTY.FEEEXEMPT(...) exactly as documented. Fails loudly on drift.
 */
export function zhMetadata(generated: FunctionsJson, functions: readonly FunctionSpec[]): FunctionsJson {
  const byId = new Map(functions.map((f) => [f.id, f]));
  return {
    ...generated,
    functions: generated.functions.map((fn) => {
      const spec = byId.get(fn.id);
      if (!spec) throw new Error(`functions.json has ${fn.id}, which the registry does not declare`);
      const params = fn.parameters ?? [];
      if (params.length !== spec.params.length)
        throw new Error(`${fn.id}: ${params.length} parameters in functions.json, ${spec.params.length} in the registry`);
      return {
        ...fn,
        description: spec.zh,
        parameters: params.map((p, i) => {
          const decl = spec.params[i];
          if (decl.name !== p.name)
            throw new Error(`${fn.id}: parameter ${i + 1} is ${p.name} in functions.json, ${decl.name} in the registry`);
          const unit = decl.unit ? `（${decl.unit}）` : "";
          const text = decl.zh.includes(decl.label) ? decl.zh : `${decl.label}：${decl.zh}`;
          return { ...p, description: text.includes("（") || !unit ? text : `${text}${unit}` };
        }),
      };
    }),
  };
}
