import type { DomainError } from "../engine/errors";
import type { Aligned, AlignedCellKind, AlignedValueByCell, CellResult, CoercedByKind, FunctionSpec, ParamKind, ParamSpec } from "./types";

/** The coerced type of one declared parameter: optional ones without a default may be undefined. */
type ValueOf<P> = P extends { kind: "aligned"; cell: infer C extends AlignedCellKind }
  ? Aligned<AlignedValueByCell[C]>
  : P extends { kind: infer K extends ParamKind }
    ? CoercedByKind[K]
    : never;
type ArgOf<P> = P extends { optional: true }
  ? P extends { default: number | string | boolean }
    ? ValueOf<P>
    : ValueOf<P> | undefined
  : ValueOf<P>;

/** The arguments by position (older declarations destructure `([a, b]) =>`). */
export type ArgsOf<P extends readonly ParamSpec[]> = { readonly [I in keyof P]: ArgOf<P[I]> };
/** The value of one parameter in the fast path: decimal values as JS numbers. */
type FastValueOf<P> = P extends { kind: "aligned"; cell: "decimal" }
  ? Aligned<number>
  : P extends { kind: "decimal" }
    ? number
    : P extends { kind: "decimals" }
      ? number[]
      : ValueOf<P>;
type FastArgOf<P> = P extends { optional: true }
  ? P extends { default: number | string | boolean }
    ? FastValueOf<P>
    : FastValueOf<P> | undefined
  : FastValueOf<P>;
export type FastArgsOf<P extends readonly ParamSpec[]> = { readonly [S in P[number] as S["name"]]: FastArgOf<S> };

/** The arguments by name: `({ resettleArea, devArea }) =>`. */
export type NamedArgsOf<P extends readonly ParamSpec[]> = { readonly [S in P[number] as S["name"]]: ArgOf<S> };

/**
 * Declare a function once: its parameters as data and its computation typed from them. Everything else —
 * Excel adapters and metadata, HyperFormula, help pages, property tests — is derived from the result.
 */
export function defineFunction<const P extends readonly ParamSpec[]>(
  spec: Omit<FunctionSpec, "params" | "impl" | "fast"> & {
    readonly params: P;
    readonly impl: (args: NamedArgsOf<P> & ArgsOf<P>) => CellResult | DomainError;
    readonly fast?: (args: FastArgsOf<P>) => CellResult | undefined;
  },
): FunctionSpec {
  return spec as unknown as FunctionSpec;
}
