// The only part of the add-in that touches Office.js: reading the workbook, writing output sheets, selecting cells.
export { readWorkbook } from "./read";
export { writeOutputs, insertTemplate, toExcelValue, widthToPoints } from "./write";
export type { WriteOptions, WriteProgress, WriteReport } from "./write";
export { selectCell } from "./select";
export { officeHost } from "./host";
export type { BatchRunner, ExcelHost } from "./host";
export { ExcelLayerError } from "./errors";
export type { ChartWriter } from "./charts";
export { writeParameters } from "./params";
export type { ParameterChange, ParameterEdit, ParamsReport } from "./params";
export { insertTemplateSheets, templatePresence, TEMPLATE_ROLES } from "./template";
export type { TemplatePresence, TemplateRole } from "./template";
export { selectedArea, writeApproval } from "./approval";
export type { ApprovalPlan, ApprovalReport, SelectedArea } from "./approval";
export { canInsertWorksheets } from "./consolidate";
export { canExportPortable, exportPortableWorkbook, readDocumentFile } from "./portable";
export type { OfficeFileHost, PortableExportReport, PortablePhase, WorkbookOpener } from "./portable";
