import { BOND_SHEET_NAME, BOND_TABLE_NAME } from "../workbook/bondContract";
import { PARAMETERS, SHEET_NAMES, TABLE_NAMES } from "../workbook/contract";
import { templateSheets } from "../workbook/generate";
import { ownershipName } from "../workbook/model";
import { parseNameFormula, sameSheetName } from "../workbook/address";
import { describeCause, ExcelLayerError } from "./errors";
import { WriteProgress, WriteReport, writeOutputs } from "./write";

/*
 * The template's sheets (项目库, 现金流, 债券, 参数), each inserted only when the workbook lacks it: inserting again
 * offers to add the missing ones, never an error and never a second 项目库 beside the user's.
 */

export type TemplateRole = "projects" | "flows" | "bonds" | "params";
export const TEMPLATE_ROLES: readonly TemplateRole[] = ["projects", "flows", "bonds", "params"];

export interface TemplatePresence {
  /** Roles the workbook already has, with the sheet that holds each. */
  readonly present: readonly { readonly role: TemplateRole; readonly sheet: string }[];
  readonly missing: readonly TemplateRole[];
}

/** A role is present when its sheet name, its table, the add-in's mark or (for 参数) any parameter name exists. One round trip. */
export async function templatePresence(context: Excel.RequestContext): Promise<TemplatePresence> {
  try {
    const wb = context.workbook;
    wb.worksheets.load("items/name");
    wb.names.load("items/name, items/formula");
    wb.tables.load("items/name, items/worksheet/name");
    await context.sync();
    const sheets = wb.worksheets.items.map((s) => s.name);
    const hasSheet = (name: string) => sheets.find((s) => sameSheetName(s, name));
    const nameSheet = (name: string) => {
      const n = wb.names.items.find((x) => x.name.toLowerCase() === name.toLowerCase());
      const ref = n && parseNameFormula(String(n.formula ?? ""));
      return ref ? hasSheet(ref.sheet) : undefined;
    };
    const tableSheet = (name: string) => wb.tables.items.find((t) => t.name.toLowerCase() === name.toLowerCase())?.worksheet.name;
    const where: Record<TemplateRole, string | undefined> = {
      projects: nameSheet(ownershipName("projects")) ?? tableSheet(TABLE_NAMES.projects) ?? hasSheet(SHEET_NAMES.projects),
      flows: nameSheet(ownershipName("flows")) ?? tableSheet(TABLE_NAMES.flows) ?? hasSheet(SHEET_NAMES.flows),
      bonds: nameSheet(ownershipName("bonds")) ?? tableSheet(BOND_TABLE_NAME) ?? hasSheet(BOND_SHEET_NAME),
      params:
        nameSheet(ownershipName("params")) ??
        hasSheet(SHEET_NAMES.params) ??
        PARAMETERS.map((p) => nameSheet(p.name)).find((s) => s !== undefined),
    };
    return {
      present: TEMPLATE_ROLES.flatMap((role) => (where[role] ? [{ role, sheet: where[role]! }] : [])),
      missing: TEMPLATE_ROLES.filter((role) => !where[role]),
    };
  } catch (error) {
    throw new ExcelLayerError("readFailed", { cause: describeCause(error) }, error);
  }
}

/** Inserts the template sheets of `roles` (default all) through the output writer, never replacing a sheet. */
export async function insertTemplateSheets(
  context: Excel.RequestContext,
  withSample: boolean,
  roles: readonly TemplateRole[] = TEMPLATE_ROLES,
  onProgress?: (progress: WriteProgress) => void,
): Promise<WriteReport> {
  const sheets = templateSheets(withSample).filter((m) => (roles as readonly string[]).includes(m.role));
  return writeOutputs(context, sheets, onProgress, { replaceOwned: false });
}
