import type { EditState } from "../workbook/fingerprint";
import { fingerprintName, freeSheetName, keptSheetName, NamedCell, ownershipName, SheetModel, TableSpec } from "../workbook/model";
import { isValidDefinedName, parseNameFormula, sameSheetName } from "../workbook/address";
import { ExcelLayerError } from "./errors";

/*
 * Decides, before anything is written, which names every sheet, table and defined name will get — pure, so
 * the rules that protect the user's data are tested without Excel:
 *  - a sheet is replaced only when the add-in's ownership name (SHANTY_OUTPUT_<ROLE>) points at it;
 *  - a user's sheet that merely has the preferred name survives and the new sheet gets "name (2)";
 *  - new sheets are written first; when the final name is still held by the sheet they replace, they are
 *    written under a temporary name and renamed at commit, after the old sheet is gone (same for tables,
 *    whose names are unique in the whole workbook);
 *  - a defined name is replaced only if it pointed into a replaced sheet or is broken (#REF!).
 */

/** What the first round trip tells the writer about the workbook. */
export interface WorkbookInventory {
  readonly sheets: readonly string[];
  readonly names: readonly { readonly name: string; readonly formula: string }[];
  readonly tables: readonly { readonly name: string; readonly sheet: string }[];
}

export interface TablePlan {
  readonly spec: TableSpec;
  /** Name given when the table is created. */
  readonly writeName: string;
  /** Name after commit (differs from writeName only while an old table of that name still exists). */
  readonly finalName: string;
}

export interface SheetPlan {
  readonly model: SheetModel;
  readonly writeName: string;
  readonly finalName: string;
  /** The add-in's previous sheet for this role: deleted at commit, or kept (renamed) when the user edited it. */
  readonly replaces?: string;
  /** Where the previous sheet's fingerprint cell is (from SHANTY_FINGERPRINT_<ROLE>), to tell whether it was edited. */
  readonly previousFingerprint?: { readonly row: number; readonly col: number };
  readonly tables: readonly TablePlan[];
  /** Named cells to add at commit (those that would overwrite a user's name are left out, see skippedNames). */
  readonly namedCells: readonly NamedCell[];
}

export interface WritePlan {
  readonly sheets: readonly SheetPlan[];
  /** The add-in's previous output sheets, deleted at commit. */
  readonly deleteSheets: readonly string[];
  /** Defined names deleted at commit, before the new ones are added (ownership marks, replaced named cells). */
  readonly deleteNames: readonly string[];
  /** Named cells not created: a user's name of that name exists, or the name is not a valid Excel name. */
  readonly skippedNames: readonly string[];
}

export interface PlanOptions {
  /** false for the template: its sheets hold the user's input, so an existing one is never replaced. */
  readonly replaceOwned: boolean;
}

const lower = (s: string) => s.toLowerCase();

/** A table/defined name not in `taken` (case-insensitive): the name itself, else name_2, name_3 … */
function freeIdentifier(preferred: string, taken: ReadonlySet<string>): string {
  if (!taken.has(lower(preferred))) return preferred;
  for (let i = 2; ; i++) {
    const candidate = `${preferred}_${i}`;
    if (!taken.has(lower(candidate))) return candidate;
  }
}

function isBroken(formula: string): boolean {
  return formula.includes("#REF!");
}

export function planWrite(inventory: WorkbookInventory, models: readonly SheetModel[], options: PlanOptions): WritePlan {
  const roles = new Set<string>();
  for (const m of models) {
    if (roles.has(m.role)) throw new Error(`two output sheets with role "${m.role}"`);
    roles.add(m.role);
  }
  const nameByLower = new Map(inventory.names.map((n) => [lower(n.name), n]));
  const existingSheet = (name: string) => inventory.sheets.find((s) => sameSheetName(s, name));

  // The sheets the add-in owns now, by role.
  const owned = new Map<string, string>();
  for (const m of models) {
    const mark = nameByLower.get(lower(ownershipName(m.role)));
    const ref = mark && parseNameFormula(mark.formula);
    const sheet = ref && existingSheet(ref.sheet);
    if (sheet) owned.set(m.role, sheet);
  }
  const fingerprints = new Map<string, { row: number; col: number }>();
  for (const [role, sheet] of owned) {
    const fp = nameByLower.get(lower(fingerprintName(role as SheetModel["role"])));
    const ref = fp && parseNameFormula(fp.formula);
    if (ref && sameSheetName(ref.sheet, sheet)) fingerprints.set(role, { row: ref.row, col: ref.col });
  }
  if (!options.replaceOwned && owned.size > 0) {
    throw new ExcelLayerError("templateExists", { sheets: [...owned.values()].join("、") });
  }
  const deleteSheets = [...new Set(owned.values())];
  const deleted = new Set(deleteSheets.map(lower));

  // Final sheet names: the preferred name unless a sheet that stays (the user's) holds it.
  const taken = new Set(inventory.sheets.filter((s) => !deleted.has(lower(s))));
  const finals = models.map((m) => {
    const final = freeSheetName(m.name, taken);
    taken.add(final);
    return final;
  });
  const allSheetNames = new Set([...inventory.sheets, ...finals]);
  const writeNames = finals.map((final) => {
    if (!existingSheet(final)) return final;
    const temp = freeSheetName(`SHANTY_TMP_${final}`.slice(0, 31), allSheetNames);
    allSheetNames.add(temp);
    return temp;
  });

  // Defined names: ownership marks are always re-made; named cells replace only the add-in's own or broken ones.
  const deleteNames: string[] = [];
  const skippedNames: string[] = [];
  const namedCellsBySheet = models.map((m) =>
    (m.namedCells ?? []).filter((cell) => {
      if (!isValidDefinedName(cell.name)) {
        // Checked here because names are added at commit, after the old sheets are gone.
        skippedNames.push(cell.name);
        return false;
      }
      const existing = nameByLower.get(lower(cell.name));
      if (!existing) return true;
      const ref = parseNameFormula(existing.formula);
      if (isBroken(existing.formula) || (ref && deleted.has(lower(ref.sheet)))) {
        deleteNames.push(existing.name);
        return true;
      }
      skippedNames.push(cell.name);
      return false;
    }),
  );
  for (const m of models) {
    for (const marker of [ownershipName(m.role), fingerprintName(m.role)]) {
      const mark = nameByLower.get(lower(marker));
      if (mark) deleteNames.push(mark.name);
    }
  }

  // Table names share one namespace with defined names. Names freed at commit may be reused, but only then.
  const freedAtCommit = new Set([
    ...inventory.tables.filter((t) => deleted.has(lower(t.sheet))).map((t) => lower(t.name)),
    ...deleteNames.map(lower),
  ]);
  const identifiersAfter = new Set<string>([
    ...inventory.tables.map((t) => lower(t.name)),
    ...inventory.names.map((n) => lower(n.name)),
    ...models.flatMap((m, i) => [
      ...namedCellsBySheet[i].map((c) => lower(c.name)),
      lower(ownershipName(m.role)),
      lower(fingerprintName(m.role)),
    ]),
  ]);
  for (const f of freedAtCommit) identifiersAfter.delete(f);
  const identifiersNow = new Set<string>([...identifiersAfter, ...freedAtCommit]);
  const tablePlans = models.map((m) =>
    (m.tables ?? []).map((spec) => {
      const finalName = freeIdentifier(spec.name, identifiersAfter);
      identifiersAfter.add(lower(finalName));
      identifiersNow.add(lower(finalName));
      let writeName = finalName;
      if (freedAtCommit.has(lower(finalName))) {
        writeName = freeIdentifier(`SHANTY_TMP_${finalName}`, identifiersNow);
        identifiersNow.add(lower(writeName));
      }
      return { spec, writeName, finalName };
    }),
  );

  return {
    sheets: models.map((model, i) => ({
      model,
      writeName: writeNames[i],
      finalName: finals[i],
      replaces: owned.get(model.role),
      ...(fingerprints.has(model.role) ? { previousFingerprint: fingerprints.get(model.role) } : {}),
      tables: tablePlans[i],
      namedCells: namedCellsBySheet[i],
    })),
    deleteSheets,
    deleteNames,
    skippedNames,
  };
}

/** What the commit does with one previous output sheet, once its content was compared with its fingerprint. */
export interface PreviousSheetAction {
  readonly sheet: string;
  readonly action: "delete" | "keep";
  /** For "keep": the sheet's new name ("年度计划（旧）"). */
  readonly keptName?: string;
  /** For "keep": its tables are renamed out of the way of the new ones (name → name_旧…). */
  readonly tableRenames?: readonly { readonly from: string; readonly to: string }[];
  readonly editState: EditState;
}

/**
 * The decision for every previous output sheet: an edited one is kept under "…（旧）" (its ownership and
 * fingerprint names are dropped with the others, so it becomes the user's sheet) unless `onEdited` is
 * "replace"; an unchanged one (or one without fingerprint, written before fingerprints existed) is deleted.
 * The task pane may ask the user and pass onEdited; the default keeps the edits.
 */
export function resolvePrevious(
  plan: WritePlan,
  inventory: WorkbookInventory,
  states: ReadonlyMap<string, EditState>,
  onEdited: "keep" | "replace" = "keep",
): PreviousSheetAction[] {
  const taken = new Set(inventory.sheets.filter((s) => !plan.deleteSheets.some((d) => sameSheetName(d, s))));
  for (const p of plan.sheets) taken.add(p.finalName);
  const identifiers = new Set<string>([...inventory.tables.map((t) => lower(t.name)), ...inventory.names.map((n) => lower(n.name))]);
  for (const p of plan.sheets) for (const t of p.tables) identifiers.add(lower(t.finalName));
  return plan.sheets.flatMap((p): PreviousSheetAction[] => {
    if (!p.replaces) return [];
    const state = states.get(p.replaces) ?? "unknown";
    if (state !== "edited" || onEdited === "replace") return [{ sheet: p.replaces, action: "delete" as const, editState: state }];
    const keptName = keptSheetName(p.model.name, taken);
    taken.add(keptName);
    const tableRenames = inventory.tables
      .filter((t) => sameSheetName(t.sheet, p.replaces!))
      .map((t) => {
        const to = freeIdentifier(`${t.name}_old`, identifiers);
        identifiers.add(lower(to));
        return { from: t.name, to };
      });
    return [{ sheet: p.replaces, action: "keep" as const, keptName, tableRenames, editState: state }];
  });
}
