import { evaluateFormula } from "../cli/evaluate";
import { FUNCTIONS } from "../registry";
import type { FunctionSpec } from "../registry/types";
import { ComputedExample, HELP_CSS, HELP_CSS_FILE, HELP_INDEX_FILE, helpFileName, helpIndex, helpPage } from "./pages";
import { HELP_TEXT } from "./text";

/*
 * The whole help site, built at build time (webpack's HelpPagesPlugin and scripts/gen-help.ts): every example
 * is evaluated by the engine (through the CLI's HyperFormula binding) and must agree with its hand-worked
 * result; a function without help text, with fewer than two examples, or with an example that fails
 * unexpectedly stops the build instead of publishing a wrong page.
 */

function shown(value: number | string | boolean | null): string {
  return typeof value === "boolean" ? (value ? "TRUE" : "FALSE") : String(value);
}

/** The examples of one function with the engine's results; throws on a missing text or a disagreeing result. */
export function computeExamples(spec: FunctionSpec): ComputedExample[] {
  const help = HELP_TEXT[spec.id];
  if (!help) throw new Error(`help text missing for SHANTY.${spec.id} (src/help/text)`);
  if (help.examples.length < 2) throw new Error(`SHANTY.${spec.id}: the help needs at least two examples`);
  return help.examples.map((ex) => {
    if (!ex.formula.startsWith(`=SHANTY.${spec.id}(`)) throw new Error(`SHANTY.${spec.id}: example ${ex.formula} calls another function`);
    const outcome = evaluateFormula(ex.formula);
    if (!outcome.ok && !ex.expectError)
      throw new Error(`SHANTY.${spec.id}: example ${ex.formula} failed: ${outcome.error} ${outcome.message}`);
    if (outcome.ok && ex.expectError) throw new Error(`SHANTY.${spec.id}: example ${ex.formula} should show an error`);
    if (outcome.ok && ex.expected !== undefined && shown(outcome.value) !== ex.expected) {
      throw new Error(`SHANTY.${spec.id}: example ${ex.formula} gives ${shown(outcome.value)}, the help says ${ex.expected}`);
    }
    return { ...ex, outcome };
  });
}

/** 另请参阅: the explicitly named functions, then the rest of the family. */
export function relatedOf(spec: FunctionSpec, functions: readonly FunctionSpec[] = FUNCTIONS): FunctionSpec[] {
  const named = (HELP_TEXT[spec.id]?.seeAlso ?? []).map((id) => functions.find((f) => f.id === id)).filter((f): f is FunctionSpec => !!f);
  const family = functions.filter((f) => f.family === spec.family && f.id !== spec.id && !named.includes(f));
  return [...named, ...family];
}

/** File name → content of every help file. */
export function helpSite(functions: readonly FunctionSpec[] = FUNCTIONS): Map<string, string> {
  const files = new Map<string, string>();
  for (const spec of functions) {
    files.set(helpFileName(spec), helpPage(spec, HELP_TEXT[spec.id]!, computeExamples(spec), relatedOf(spec, functions)));
  }
  files.set(HELP_INDEX_FILE, helpIndex(functions));
  files.set(HELP_CSS_FILE, HELP_CSS);
  return files;
}
