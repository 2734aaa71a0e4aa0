import type { SheetModel, WorkbookGrid } from "../workbook/model";
import type { WorkbookMapping } from "../workbook/reader/mapping";
import { ApprovalPlan, ApprovalReport, SelectedArea, selectedArea, writeApproval } from "./approval";
import { canInsertWorksheets } from "./consolidate";
import { storeMapping } from "./mapping";
import { canExportPortable, exportPortableWorkbook, PortableExportReport, PortablePhase } from "./portable";
import { ParameterEdit, ParamsReport, writeParameters } from "./params";
import { readWorkbook } from "./read";
import { selectCell } from "./select";
import { insertTemplateSheets, TemplatePresence, templatePresence, TemplateRole } from "./template";
import { WriteOptions, WriteProgress, WriteReport, writeOutputs } from "./write";

/**
 * Everything the task pane asks of Excel. The task pane's controller depends on this interface only, so it
 * runs against an in-memory double in tests; `officeHost` is the real one, one `Excel.run` per call.
 */
export interface ExcelHost {
  readWorkbook(): Promise<WorkbookGrid>;
  /** `options.onEdited`: what to do with an earlier output the user edited ("keep" as …（旧）, the default, or "replace"). */
  writeOutputs(
    sheets: readonly SheetModel[],
    onProgress?: (progress: WriteProgress) => void,
    options?: Pick<WriteOptions, "onEdited">,
  ): Promise<WriteReport>;
  selectCell(sheet: string, address: string): Promise<void>;
  /** Which template sheets the workbook already has. */
  templatePresence(): Promise<TemplatePresence>;
  /** Inserts the template sheets of `roles` (all three by default). */
  insertTemplate(
    withSample: boolean,
    onProgress?: (progress: WriteProgress) => void,
    roles?: readonly TemplateRole[],
  ): Promise<WriteReport>;
  writeParameters(edits: readonly ParameterEdit[]): Promise<ParamsReport>;
  /** Stores a column mapping in the workbook (hidden shanty_settings sheet + SHANTY_MAP_… names). */
  storeMapping(mapping: WorkbookMapping): Promise<void>;
  /** The selected area (getSelectedRange). */
  selectedArea(): Promise<SelectedArea>;
  /** Writes 核准状态 / 核准意见 cells as planned by src/taskpane/approve.ts. */
  writeApproval(plan: ApprovalPlan): Promise<ApprovalReport>;
  /** Whether the host can insert worksheets from a file (ExcelApi 1.13, needed for 汇总 in the pane). */
  canInsertWorksheets(): boolean;
  /** Whether this host can hand over its file and open a new workbook (导出通用工作簿). */
  canExportPortable(): boolean;
  /** 导出通用工作簿: converts a copy of the file and opens it as a new workbook; this workbook is not changed. */
  exportPortable(onPhase?: (phase: PortablePhase) => void): Promise<PortableExportReport>;
}

/** How a batch reaches Excel: `Excel.run` in the add-in; tests pass a fake's run. */
export type BatchRunner = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export function officeHost(run: BatchRunner = (batch) => Excel.run(batch)): ExcelHost {
  return {
    readWorkbook: () => run((context) => readWorkbook(context)),
    writeOutputs: (sheets, onProgress, options) => run((context) => writeOutputs(context, sheets, onProgress, options)),
    selectCell: (sheet, address) => run((context) => selectCell(context, sheet, address)),
    templatePresence: () => run((context) => templatePresence(context)),
    insertTemplate: (withSample, onProgress, roles) => run((context) => insertTemplateSheets(context, withSample, roles, onProgress)),
    writeParameters: (edits) => run((context) => writeParameters(context, edits)),
    storeMapping: (mapping) => run(async (context) => void (await storeMapping(context, mapping))),
    selectedArea: () => run((context) => selectedArea(context)),
    writeApproval: (plan) => run((context) => writeApproval(context, plan)),
    canInsertWorksheets: () => canInsertWorksheets(),
    canExportPortable: () => canExportPortable(),
    exportPortable: (onPhase) => exportPortableWorkbook({ createWorkbook: (base64) => Excel.createWorkbook(base64) }, onPhase),
  };
}
