import type { DomainError } from "../engine/errors";
import type { CellResult, CoercedByKind, FunctionSpec, ParamKind, ParamSpec } from "./types";

/** The coerced type of one declared parameter: optional ones without a default may be undefined. */
type ArgOf<P> = P extends { kind: infer K extends ParamKind }
  ? P extends { optional: true }
    ? P extends { default: number | string | boolean }
      ? CoercedByKind[K]
      : CoercedByKind[K] | undefined
    : CoercedByKind[K]
  : never;

export type ArgsOf<P extends readonly ParamSpec[]> = { readonly [I in keyof P]: ArgOf<P[I]> };

/**
 * Declare a function once: its parameters as data and its computation typed from them. Everything else —
 * Excel adapters and metadata, HyperFormula, help pages, property tests — is derived from the result.
 */
export function defineFunction<const P extends readonly ParamSpec[]>(
  spec: Omit<FunctionSpec, "params" | "impl"> & {
    readonly params: P;
    readonly impl: (args: ArgsOf<P>) => CellResult | DomainError;
  },
): FunctionSpec {
  return spec as unknown as FunctionSpec;
}
