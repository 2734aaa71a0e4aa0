import type { ChartWriter } from "../src/excel/charts";
import { writeOutputs } from "../src/excel/write";
import type { SheetModel } from "../src/workbook/model";
import { createFakeExcel } from "../support/fakeExcel";

/**
 * context.sync() round trips the task pane needs to write these sheets, counted on the in-memory Excel the
 * Excel-layer tests use (support/fakeExcel.ts). Charts go through their own writer and are left out here.
 */
export async function countSyncs(sheets: readonly SheetModel[]): Promise<number> {
  const fake = createFakeExcel({ sheets: [{ name: "Sheet1" }] });
  const noCharts: ChartWriter = { addChart: () => undefined };
  const context = fake.context as unknown as Excel.RequestContext;
  await writeOutputs(context, sheets, undefined, { charts: noCharts });
  return fake.stats.syncs;
}
