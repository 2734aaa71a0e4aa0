import fc from "fast-check";
import vm from "node:vm";
import type { FunctionSpec } from "../../src/registry/types";
import { keyOf, showArgs, type Arg } from "./arbitraries";

/*
 * Calls that do not come back. A custom function that loops forever freezes Excel's calculation (and the
 * add-in's shared runtime), so a hang is a defect the properties must REPORT — not a test run that never ends.
 * Synchronous JavaScript cannot be interrupted by a timer, but V8 can terminate it: node's `vm` runs a script
 * with a watchdog (`timeout`) that stops whatever the script calls, including our functions.
 *
 * The watchdog costs ~0.3 ms per guarded call, so results are computed in guarded CHUNKS ahead of the property
 * (fc.sample with the property's seed yields exactly the vectors fc.assert will try), cached, and only cache
 * misses (shrinking) are guarded one by one.
 */

const context = vm.createContext({ __task: undefined as unknown });
const runTask = new vm.Script("__task()");

/** Run `task`; stop it after `ms`. */
export function withinTime<T>(task: () => T, ms: number): { done: true; value: T } | { done: false } {
  (context as { __task: unknown }).__task = task;
  try {
    return { done: true, value: runTask.runInContext(context, { timeout: ms }) as T };
  } catch (e) {
    if ((e as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") return { done: false };
    throw e;
  } finally {
    (context as { __task: unknown }).__task = undefined;
  }
}

export type Outcome = { readonly hung: false; readonly result: unknown } | { readonly hung: true; readonly limitMs: number };

/** How long a chunk of calls may take before the running call counts as a hang (a call takes well under 10 ms). */
const CHUNK_LIMIT_MS = 1000;
const CHUNK = 100;
/** How long one call may take when guarded alone (cache misses while shrinking). */
const CALL_LIMIT_MS = 500;
/**
 * Once a function has hung, further hangs only need telling from answers, and each costs its limit: a tight
 * one keeps a function that hangs on many vectors (and its shrinking) from eating the suite's time budget.
 */
const CALL_LIMIT_AFTER_HANG_MS = 25;

/** Results of one function per argument vector, computed under a watchdog and shared by its properties. */
export class Outcomes {
  private readonly cache = new Map<string, Outcome>();
  private hangs = 0;

  constructor(private readonly call: (args: readonly Arg[]) => unknown) {}

  get hangCount(): number {
    return this.hangs;
  }

  /** Compute (and cache) the outcomes of `samples`: CHUNK calls per watchdog, or one per watchdog after a hang. */
  prime(samples: readonly (readonly Arg[])[]): void {
    let i = 0;
    while (i < samples.length) {
      if (this.hangs) {
        this.get(samples[i++]);
        continue;
      }
      const end = Math.min(samples.length, i + CHUNK);
      const run = withinTime(() => {
        for (; i < end; i++) {
          const key = keyOf(samples[i]);
          if (!this.cache.has(key)) this.cache.set(key, { hung: false, result: this.call(samples[i]) });
        }
      }, CHUNK_LIMIT_MS);
      if (!run.done) {
        // `i` is the vector that was running when the watchdog fired.
        this.cache.set(keyOf(samples[i]), { hung: true, limitMs: CHUNK_LIMIT_MS });
        this.hangs++;
        i++;
      }
    }
  }

  /** Call without cache or watchdog (the caller guards it). */
  callDirect(args: readonly Arg[]): unknown {
    return this.call(args);
  }

  get(args: readonly Arg[]): Outcome {
    const key = keyOf(args);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const limit = this.hangs ? CALL_LIMIT_AFTER_HANG_MS : CALL_LIMIT_MS;
    const run = withinTime(() => this.call(args), limit);
    const outcome: Outcome = run.done ? { hung: false, result: run.value } : { hung: true, limitMs: limit };
    if (outcome.hung) this.hangs++;
    this.cache.set(key, outcome);
    return outcome;
  }
}

/** A stable seed per function and property family, so that a red run is reproducible; FC_SEED overrides it. */
export function seedFor(id: string): number {
  const env = process.env.FC_SEED;
  if (env && /^-?\d+$/.test(env)) return Number(env);
  let h = 2166136261;
  for (const ch of id) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h | 0;
}

export interface GuardedPropertyOptions {
  readonly numRuns: number;
  /** Report a hang as this property's violation (one property per function does; the others skip it). */
  readonly reportHang: boolean;
}

/** A hang found under the tight limit is confirmed with this one before it is reported. */
const CONFIRM_LIMIT_MS = 2000;

/**
 * fc.assert over `arb` where each vector's result comes from `outcomes` (computed once, under the watchdog).
 * `check` throws on a violation; a hang is reported (or skipped) according to `reportHang`. A reported hang is
 * re-run once with a generous limit, so that the report says whether it is a true hang or only slow.
 */
export function assertOverOutcomes(
  spec: FunctionSpec,
  arb: fc.Arbitrary<Arg[]>,
  outcomes: Outcomes,
  check: (args: readonly Arg[], result: unknown) => void,
  options: GuardedPropertyOptions,
): void {
  const seed = seedFor(spec.id);
  outcomes.prime(fc.sample(arb, { seed, numRuns: options.numRuns }));
  const details = fc.check(
    fc.property(arb, (args) => {
      const outcome = outcomes.get(args);
      if (outcome.hung) {
        if (!options.reportHang) return;
        throw new Error(
          `SHANTY.${spec.id}(${showArgs(args).slice(1, -1)}): did not return within ${outcome.limitMs} ms — it hangs (Excel's calculation would freeze)`,
        );
      }
      check(args, outcome.result);
    }),
    { seed, numRuns: options.numRuns },
  );
  if (!details.failed) return;
  const report = fc.defaultReportMessage(details) ?? "property failed";
  const args = details.counterexample?.[0];
  const outcome = args ? outcomes.get(args) : undefined;
  if (args && outcome?.hung && outcome.limitMs < CONFIRM_LIMIT_MS) {
    const again = withinTime(() => outcomes.callDirect(args), CONFIRM_LIMIT_MS);
    const verdict = again.done
      ? `NOTE: on a second try it returned within ${CONFIRM_LIMIT_MS} ms — slow (over ${outcome.limitMs} ms), not an endless loop`
      : `Confirmed: it did not return within ${CONFIRM_LIMIT_MS} ms either`;
    throw new Error(`${report}\n\n${verdict}`);
  }
  throw new Error(report);
}
