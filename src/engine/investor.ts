import { DomainError, fail } from "./errors";
import { normalizeText } from "./text";

/** 投资主体 (domain §0): government-led (default) or private capital. */
export type Investor = "government" | "private";

/** Every accepted spelling, normalised (normalizeText), and what it means; the portable workbook's native formulas read this list too. */
export const INVESTOR_ALIASES: ReadonlyMap<string, Investor> = new Map(
  (
    [
      ["政府", "government"],
      ["政府投资", "government"],
      ["政府主导", "government"],
      ["国有", "government"],
      ["gov", "government"],
      ["government", "government"],
      ["民间", "private"],
      ["民间资本", "private"],
      ["民间投资", "private"],
      ["社会资本", "private"],
      ["private", "private"],
    ] as const
  ).map(([alias, investor]) => [normalizeText(alias), investor]),
);

/** Spellings already seen, exactly as typed (a sheet repeats the same few): skips the Unicode normalisation. */
const SEEN = new Map<string, Investor>();

/** Parse an investor type; `arg` names the argument for the error message. */
export function parseInvestor(text: string, arg = "investor"): Investor | DomainError {
  const seen = SEEN.get(text);
  if (seen !== undefined) return seen;
  const investor = INVESTOR_ALIASES.get(normalizeText(text));
  if (investor === undefined) return fail("unknownInvestor", { arg, value: text });
  if (SEEN.size < 256) SEEN.set(text, investor);
  return investor;
}
