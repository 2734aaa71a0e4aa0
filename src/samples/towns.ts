import { dec } from "../engine/decimal";

import type { Cell, SheetModel } from "../workbook/model";
import { buildTemplate, TemplateRecord } from "../workbook/template";
import { SAMPLE_DISTRICT, SampleDistrict } from "./district";
import { sampleBondRecord, sampleFlowRecord, sampleProjectRecord } from "./records";

/*
 * The sample district split into the towns' submissions (实施方案 四(一): each 镇/街道 builds its 项目库 and reports
 * its annual plan to the district office). One workbook per 镇街; the last town's is laid out the way a town clerk
 * often lays it out — a title row above the header, 建筑面积 in 万㎡, 总投资 and the cash flows in 亿元 — so that the
 * consolidation exercises the reader's units. Consolidating all four gives back exactly the sample district.
 */

export interface TownSubmission {
  readonly town: string;
  /** File name of the town's workbook, e.g. "东关街道.xlsx". */
  readonly file: string;
  readonly sheets: readonly SheetModel[];
}

/** Exact division of a number by 10⁴ (㎡ → 万㎡, 万元 → 亿元), as the shortest decimal a clerk would type. */
const per10k = (v: Cell | undefined): Cell => (typeof v === "number" ? dec(v).div(10000).toNumber() : (v ?? null));

/** Replace a header cell's text on row `row` of a sheet model (the unit in brackets changes with the values). */
function renameHeaders(sheet: SheetModel, row: number, renames: Readonly<Record<string, string>>): SheetModel {
  const rows = sheet.rows.map((r, i) => (i === row ? r.map((c) => (typeof c === "string" && renames[c] ? renames[c] : c)) : r));
  return { ...sheet, rows };
}

/** A title row above the table: the model shifts down one row (tables, formats, freeze follow). */
function withTitle(sheet: SheetModel, title: string): SheetModel {
  const width = sheet.rows[0]?.length ?? 1;
  const titleRow: Cell[] = [title, ...new Array<Cell>(Math.max(0, width - 1)).fill(null)];
  const down = <T extends { range: { row: number } }>(x: T): T => ({ ...x, range: { ...x.range, row: x.range.row + 1 } });
  return {
    ...sheet,
    rows: [titleRow, ...sheet.rows],
    tables: (sheet.tables ?? []).map(down),
    numberFormats: (sheet.numberFormats ?? []).map(down),
    highlights: [{ range: { row: 0, col: 0, rows: 1, cols: 1 }, fill: "#FFFFFF", bold: true }, ...(sheet.highlights ?? []).map(down)],
    freeze: sheet.freeze ? { rows: sheet.freeze.rows + 1, cols: sheet.freeze.cols } : undefined,
  };
}

/** The towns' submissions of a sample district (default: the bundled one), in the district's town order. */
export function townSubmissions(district: SampleDistrict = SAMPLE_DISTRICT): TownSubmission[] {
  return district.towns.map((town, i) => {
    const projects = district.projects.filter((p) => p.town === town);
    const ids = new Set(projects.map((p) => p.id));
    const flows = district.cashFlows.filter((f) => ids.has(f.projectId));
    const bonds = district.bonds.filter((b) => ids.has(b.projectId)).map(sampleBondRecord);
    const clerkLayout = i === district.towns.length - 1;
    let projectRecords: TemplateRecord[] = projects.map(sampleProjectRecord);
    let flowRecords: TemplateRecord[] = flows.map(sampleFlowRecord);
    if (clerkLayout) {
      projectRecords = projectRecords.map((r) => ({ ...r, buildingArea: per10k(r.buildingArea), investment: per10k(r.investment) }));
      flowRecords = flowRecords.map((r) => ({ ...r, income: per10k(r.income), cost: per10k(r.cost), bondService: per10k(r.bondService) }));
    }
    let [projectSheet, flowSheet, bondSheet, paramSheet] = buildTemplate(projectRecords, flowRecords, bonds);
    if (clerkLayout) {
      projectSheet = withTitle(
        renameHeaders(projectSheet, 0, { "建筑面积（㎡）": "建筑面积（万㎡）", "总投资（万元）": "总投资（亿元）" }),
        `${town}棚户区改造项目申报表`,
      );
      flowSheet = withTitle(
        renameHeaders(flowSheet, 0, {
          "收入（万元）": "收入（亿元）",
          "支出（万元）": "支出（亿元）",
          "债券还本付息（万元）": "债券还本付息（亿元）",
        }),
        `${town}棚户区改造项目资金流量表`,
      );
    }
    const sheets = bonds.length > 0 ? [projectSheet, flowSheet, bondSheet, paramSheet] : [projectSheet, flowSheet, paramSheet];
    return { town, file: `${town}.xlsx`, sheets };
  });
}
