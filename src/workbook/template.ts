import { FLOW_COLUMNS, PARAMETERS, PROJECT_COLUMNS, SHEET_NAMES, TABLE_NAMES, defaultParameters } from "./contract";
import { BOND_COLUMNS, BOND_SHEET_NAME, BOND_TABLE_NAME } from "./bondContract";
import type { Cell, NumberFormat, SheetModel } from "./model";

/** Data rows for the template, keyed by contract column keys (values as a user would type them). */
export type TemplateRecord = Readonly<Record<string, Cell | undefined>>;

const FORMAT_BY_KIND: Record<string, string | undefined> = {
  integer: "0",
  number: "#,##0.00",
  share: "0%",
  rate: "0.00%",
};

function tableSheet(
  role: "projects" | "flows" | "bonds",
  name: string,
  tableName: string,
  columns: readonly { key: string; header: string; kind: string }[],
  records: readonly TemplateRecord[],
): SheetModel {
  const header: Cell[] = columns.map((c) => c.header);
  const body: Cell[][] = records.map((r) => columns.map((c) => (r[c.key] === undefined ? null : (r[c.key] as Cell))));
  // An Excel table needs at least one data row: an empty template gets one blank row to type into.
  const rows = [header, ...(body.length ? body : [columns.map(() => null)])];
  const formats: NumberFormat[] = [];
  columns.forEach((c, col) => {
    const f = FORMAT_BY_KIND[c.kind];
    if (f && c.key !== "planYear" && c.key !== "year" && c.key !== "plannedEndYear") {
      // A coupon rate (债券 利率) needs its decimals: 2.5% must not show as 3%.
      const format = c.key === "households" ? "#,##0" : c.key === "rate" ? (FORMAT_BY_KIND.rate as string) : f;
      formats.push({ range: { row: 1, col, rows: rows.length - 1, cols: 1 }, format });
    }
  });
  return {
    role,
    name,
    rows,
    columnWidths: columns.map((c) => Math.min(24, Math.max(8, c.header.length * 2 + 2))),
    numberFormats: formats,
    tables: [{ name: tableName, range: { row: 0, col: 0, rows: rows.length, cols: columns.length }, style: "TableStyleMedium2" }],
    freeze: { rows: 1, cols: role === "projects" ? 2 : 1 },
  };
}

/** The 参数 sheet: one named cell per policy parameter, with its label and unit; defaults filled in. */
export function parametersSheet(): SheetModel {
  const defaults = defaultParameters();
  const rows: Cell[][] = [["参数 Parameter", "值 Value", "单位 Unit", "名称 Name（公式中可引用）"]];
  PARAMETERS.forEach((p) => rows.push([p.label, defaults[p.name], p.unit, p.name]));
  return {
    role: "params",
    name: SHEET_NAMES.params,
    rows,
    columnWidths: [40, 12, 12, 26],
    namedCells: PARAMETERS.map((p, i) => ({ name: p.name, row: i + 1, col: 1 })),
    highlights: [{ range: { row: 0, col: 0, rows: 1, cols: 4 }, fill: "#DEEAF6", bold: true }],
    numberFormats: PARAMETERS.flatMap((p, i) => (p.share ? [{ range: { row: i + 1, col: 1, rows: 1, cols: 1 }, format: "0.00%" }] : [])),
    freeze: { rows: 1, cols: 0 },
  };
}

/** The template workbook: 项目库, 现金流 and 债券 (tranches, optional) as Excel tables, 参数 as named cells; optionally with data rows. */
export function buildTemplate(
  projects: readonly TemplateRecord[] = [],
  flows: readonly TemplateRecord[] = [],
  bonds: readonly TemplateRecord[] = [],
): SheetModel[] {
  return [
    tableSheet("projects", SHEET_NAMES.projects, TABLE_NAMES.projects, PROJECT_COLUMNS, projects),
    tableSheet("flows", SHEET_NAMES.flows, TABLE_NAMES.flows, FLOW_COLUMNS, flows),
    tableSheet("bonds", BOND_SHEET_NAME, BOND_TABLE_NAME, BOND_COLUMNS, bonds),
    parametersSheet(),
  ];
}
