import { MAX_MAGNITUDE } from "../engine/decimal";
import type { PolicyParameter } from "../registry/policy";
import { policyRangeError, POLICY_PARAMETERS } from "../registry/policy";
import { a1 } from "../workbook/address";
import type { WorkbookGrid } from "../workbook/model";
import type { Bilingual } from "./controller";

/*
 * The parameter editor's rules, without the DOM: what each 参数 field shows (current value, default, range,
 * source) and whether a typed value may be written. Pure, so every rule is tested directly.
 */

export interface ParameterField {
  readonly spec: PolicyParameter;
  /** The workbook's current value (undefined when the named cell is missing; a string when it is not a number). */
  readonly current?: number | string | boolean;
  /** Where the named cell is, e.g. 参数!B3 (undefined when missing). */
  readonly cell?: string;
}

/** The editor's rows: every policy parameter, with what the workbook holds now. */
export function parameterFields(grid: WorkbookGrid): ParameterField[] {
  return POLICY_PARAMETERS.filter((spec) => !("onSheet" in spec && spec.onSheet === false)).map((spec) => {
    const n = grid.names.find((x) => x.name.toLowerCase() === spec.name.toLowerCase());
    if (!n) return { spec };
    return { spec, current: n.value === null ? undefined : n.value, cell: `${n.sheet}!${a1(n.row, n.col)}` };
  });
}

/** A number as the editor shows it: shares as percentages (10%), others plainly; no float noise (0.1 + 0.2). */
export function formatParameter(spec: Pick<PolicyParameter, "share">, value: number): string {
  if (spec.share) return `${Number((value * 100).toPrecision(12))}%`;
  return String(Number(value.toPrecision(15)));
}

/** The allowed range as text, Chinese and English, e.g. "≥ 0", "> 0", "0%–100%". */
export function rangeText(spec: PolicyParameter): Bilingual {
  if (spec.share) return { zh: "0%–100%", en: "0%–100%" };
  const low = spec.above !== undefined ? `> ${spec.above}` : `≥ ${spec.min}`;
  const high = spec.max !== undefined ? `，≤ ${spec.max}` : "";
  return { zh: `${low}${high}`, en: `${low}${high.replace("，", ", ")}` };
}

/**
 * Whole-number parameters (years of delay). The policy table has no integer flag yet; its rows say "整数" in the
 * label, and an `integer: true` field, once the table has one, is honoured too.
 */
export function wholeNumberOnly(spec: PolicyParameter): boolean {
  return (spec as { integer?: boolean }).integer === true || /整数/.test(spec.zh);
}

export type ParseResult = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly message: Bilingual };

/**
 * A typed value → the number to write, or why not (Chinese first, saying what to type). Accepts full-width
 * digits, thousands separators and, for shares, a percentage ("12%" = 0.12).
 */
export function parseParameter(spec: PolicyParameter, raw: string): ParseResult {
  const label = spec.zh;
  const text = raw
    .normalize("NFKC")
    .trim()
    .replace(/[,，\s]/g, "");
  if (text === "") {
    return {
      ok: false,
      message: {
        zh: `“${label}”不能为空。请输入数值，或点“恢复默认”（默认 ${formatParameter(spec, spec.default)}）。`,
        en: `“${spec.en}” cannot be empty. Type a number, or choose Reset (default ${formatParameter(spec, spec.default)}).`,
      },
    };
  }
  const percent = text.endsWith("%");
  const body = percent ? text.slice(0, -1) : text;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(body)) {
    return {
      ok: false,
      message: {
        zh: `“${label}”应为数值，收到“${raw.trim()}”。请输入数字，如 ${formatParameter(spec, spec.default)}。`,
        en: `“${spec.en}” must be a number, got “${raw.trim()}”. Type a number such as ${formatParameter(spec, spec.default)}.`,
      },
    };
  }
  if (percent && !spec.share) {
    return {
      ok: false,
      message: {
        zh: `“${label}”不是比例，不能用百分号。请输入${spec.unit ? `以 ${spec.unit} 计的` : ""}数值，如 ${formatParameter(spec, spec.default)}。`,
        en: `“${spec.en}” is not a share; type a plain number${spec.unit ? ` in ${spec.unit}` : ""}, such as ${formatParameter(spec, spec.default)}.`,
      },
    };
  }
  let value = Number(body);
  if (percent) value = Number((value / 100).toPrecision(15));
  if (!Number.isFinite(value) || Math.abs(value) >= MAX_MAGNITUDE) {
    return {
      ok: false,
      message: {
        zh: `“${label}”的数值过大：${raw.trim()}。请检查是否多输了零。`,
        en: `“${spec.en}” is too large: ${raw.trim()}. Check for extra zeros.`,
      },
    };
  }
  const range = rangeText(spec);
  if (wholeNumberOnly(spec) && !Number.isInteger(value)) {
    return {
      ok: false,
      message: {
        zh: `“${label}”应为整数，收到 ${formatParameter(spec, value)}。`,
        en: `“${spec.en}” must be a whole number, got ${formatParameter(spec, value)}.`,
      },
    };
  }
  switch (policyRangeError(spec, value)) {
    case "notPositive":
      return {
        ok: false,
        message: {
          zh: `“${label}”必须大于 ${spec.above}，收到 ${formatParameter(spec, value)}。允许范围：${range.zh}。`,
          en: `“${spec.en}” must be greater than ${spec.above}, got ${formatParameter(spec, value)}. Allowed: ${range.en}.`,
        },
      };
    case "belowMin":
      return {
        ok: false,
        message: {
          zh: `“${label}”不能小于 ${formatParameter(spec, spec.min)}，收到 ${formatParameter(spec, value)}。允许范围：${range.zh}。`,
          en: `“${spec.en}” cannot be below ${formatParameter(spec, spec.min)}, got ${formatParameter(spec, value)}. Allowed: ${range.en}.`,
        },
      };
    case "aboveMax":
      return {
        ok: false,
        message: {
          zh: `“${label}”不能大于 ${formatParameter(spec, spec.max!)}，收到 ${formatParameter(spec, value)}${spec.share ? "（比例请填 0%–100%，如 10%）" : ""}。允许范围：${range.zh}。`,
          en: `“${spec.en}” cannot exceed ${formatParameter(spec, spec.max!)}, got ${formatParameter(spec, value)}${spec.share ? " (a share is 0%–100%, e.g. 10%)" : ""}. Allowed: ${range.en}.`,
        },
      };
    default:
      return { ok: true, value };
  }
}

/** Sections of the editor, so that 20-odd parameters stay findable at 320 px. Unknown names go to "other". */
export type ParameterGroup = "fees" | "land" | "compensation" | "bonds" | "stress" | "plan" | "other";

export const PARAMETER_GROUPS: readonly ParameterGroup[] = ["fees", "land", "compensation", "bonds", "stress", "plan", "other"];

export function groupOf(name: string): ParameterGroup {
  if (/^p_stress/.test(name)) return "stress";
  if (/^p_(coverage|bond)/.test(name)) return "bonds";
  if (/^p_(baseRate|collectRate|metroRate|ratio)$/.test(name)) return "fees";
  if (/^p_(edu|irrigation|housing|fund)Rate$/.test(name)) return "land";
  if (/^p_(reloc|temp|bonus)Rate$/.test(name)) return "compensation";
  if (/^p_(dilapidatedMinAge|villageMinAge|dangerRatingMin|maxHouseholdsPerFloor|weight\w+|priorityTier\w+)$/.test(name)) return "plan";
  return "other";
}
