import type { CellRange, ChartSpec } from "../workbook/model";

/*
 * Charts sit behind this one-method interface, so the writer's tests can pass a spy; the real implementation
 * below builds the chart series by series from the model's cell ranges (categories and values of the sheet's
 * own table), with both value axes titled. Everything is queued; the caller syncs. ExcelApi 1.7+.
 */
export interface ChartWriter {
  addChart(sheet: Excel.Worksheet, spec: ChartSpec): void;
}

const rangeOf = (sheet: Excel.Worksheet, r: CellRange) => sheet.getRangeByIndexes(r.row, r.col, r.rows, r.cols);

export const officeChartWriter: ChartWriter = {
  addChart(sheet, spec) {
    const [first, ...rest] = spec.series;
    const chart = sheet.charts.add(spec.type, rangeOf(sheet, first.values), "Columns");
    chart.title.text = spec.title;
    const a = spec.anchor;
    chart.setPosition(sheet.getRangeByIndexes(a.row, a.col, 1, 1), sheet.getRangeByIndexes(a.row + a.rows - 1, a.col + a.cols - 1, 1, 1));
    const categories = rangeOf(sheet, spec.categories);
    const configure = (series: Excel.ChartSeries, s: ChartSpec["series"][number]) => {
      series.name = s.name;
      series.setXAxisValues(categories);
      if (s.secondaryAxis) {
        // Column and bar charts draw their secondary-axis series as a line, so the two scales do not hide each other.
        if (spec.type !== "Line") series.chartType = "Line";
        series.axisGroup = "Secondary";
      }
    };
    configure(chart.series.getItemAt(0), first);
    for (const s of rest) {
      const series = chart.series.add(s.name);
      series.setValues(rangeOf(sheet, s.values));
      configure(series, s);
    }
    chart.axes.categoryAxis.title.text = spec.categoryAxisTitle;
    chart.axes.valueAxis.title.text = spec.valueAxisTitle;
    if (spec.series.some((s) => s.secondaryAxis)) {
      chart.axes.getItem("Value", "Secondary").title.text = spec.secondaryAxisTitle ?? spec.series.find((s) => s.secondaryAxis)!.name;
    }
  },
};
