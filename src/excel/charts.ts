import type { ChartSpec } from "../workbook/model";

/*
 * Charts sit behind this one-method interface: office-addin-mock cannot model Excel's chart object, so the
 * writer's tests pass a spy, and the real implementation below is exercised by the browser test's Office
 * double. Everything is queued; the caller syncs.
 */
export interface ChartWriter {
  addChart(sheet: Excel.Worksheet, spec: ChartSpec): void;
}

/** Column and bar charts draw their secondary-axis series as a line, so the two scales do not hide each other. */
const SECONDARY_AS_LINE: ReadonlySet<ChartSpec["type"]> = new Set(["ColumnClustered", "BarClustered"]);

export const officeChartWriter: ChartWriter = {
  addChart(sheet, spec) {
    const { row, col, rows, cols } = spec.source;
    const chart = sheet.charts.add(spec.type, sheet.getRangeByIndexes(row, col, rows, cols), "Columns");
    chart.title.text = spec.title;
    chart.setPosition(sheet.getRangeByIndexes(spec.anchor.row, spec.anchor.col, 1, 1));
    for (const index of spec.secondaryAxisSeries ?? []) {
      const series = chart.series.getItemAt(index);
      if (SECONDARY_AS_LINE.has(spec.type)) series.chartType = "Line";
      series.axisGroup = "Secondary";
    }
  },
};
