import type { Bilingual } from "../engine/catalogue";
import { fillTemplate } from "../engine/messages/fill";

/*
 * Errors of the Excel layer, Chinese first and English second like every message of the add-in. The task
 * pane shows `zh` or `en` by the chosen language; `message` carries both for logs. Every message says what
 * happened and what to do; Office.js error codes are translated (officeCause), never shown raw on their own.
 */

export type ExcelErrorCode =
  | "writeFailed"
  | "commitFailed"
  | "templateExists"
  | "readFailed"
  | "selectFailed"
  | "selectSheetFailed"
  | "paramsWriteFailed"
  | "paramNotACell"
  | "paramIsFormula"
  | "mappingWriteFailed"
  | "selectionFailed"
  | "approvalWriteFailed"
  | "portableReadFailed"
  | "portableConvertFailed"
  | "portableOpenFailed";

/** The one bilingual shape of every layer (engine/catalogue.ts). */
export type { Bilingual };

const MESSAGES: Record<ExcelErrorCode, Bilingual> = {
  writeFailed: {
    zh: "写入工作表失败，已撤销本次创建的工作表，原有数据未改动。原因：{cause}",
    en: "Writing the sheets failed; the sheets created by this run were removed and your data is unchanged. Cause: {cause}",
  },
  commitFailed: {
    zh: "新工作表已写入，但替换旧的输出表时失败；请检查工作簿后重新生成。原因：{cause}",
    en: "The new sheets were written but replacing the previous output sheets failed; check the workbook and generate again. Cause: {cause}",
  },
  templateExists: {
    zh: "工作簿中已有模板工作表“{sheets}”，为保护已录入的数据未作更改。",
    en: "The workbook already holds the template sheets “{sheets}”; nothing was changed to protect the data entered there.",
  },
  readFailed: {
    zh: "读取工作簿失败，未作任何更改。原因：{cause}",
    en: "Reading the workbook failed; nothing was changed. Cause: {cause}",
  },
  selectFailed: {
    zh: "无法定位到单元格 {cell}。原因：{cause}",
    en: "Could not select cell {cell}. Cause: {cause}",
  },
  selectSheetFailed: {
    zh: "无法切换到工作表“{sheet}”。原因：{cause}",
    en: "Could not switch to the sheet “{sheet}”. Cause: {cause}",
  },
  paramsWriteFailed: {
    zh: "写入参数失败，参数单元格已恢复原值。原因：{cause}",
    en: "Writing the parameters failed; the parameter cells were restored. Cause: {cause}",
  },
  paramNotACell: {
    zh: "名称 {name} 指向的不是单个单元格（{formula}），未改写。请在“公式 › 名称管理器”中把它改为一个单元格，或删除该名称后再编辑。",
    en: "The name {name} does not refer to one cell ({formula}); nothing was written. Point it at one cell in Formulas › Name Manager, or delete the name, then edit again.",
  },
  selectionFailed: {
    zh: "无法读取所选单元格（请只选择一个连续区域）。原因：{cause}",
    en: "Could not read the selected cells (select one contiguous area). Cause: {cause}",
  },
  approvalWriteFailed: {
    zh: "写入核准状态失败，请检查项目库后重试。原因：{cause}",
    en: "Writing the approval status failed; check the project table and try again. Cause: {cause}",
  },
  mappingWriteFailed: {
    zh: "保存列对应失败，数据未改动。原因：{cause}",
    en: "Saving the column mapping failed; your data is unchanged. Cause: {cause}",
  },
  portableReadFailed: {
    zh: "无法从 Excel 取得当前工作簿的文件，未作任何更改。请保存工作簿后重试，或改用命令行 shanty portable。原因：{cause}",
    en: "Could not get the workbook's file from Excel; nothing was changed. Save the workbook and try again, or use the command line shanty portable. Cause: {cause}",
  },
  portableConvertFailed: {
    zh: "转换为通用工作簿失败，当前工作簿未改动。请改用命令行 shanty portable 并把这条消息发给技术支持。原因：{cause}",
    en: "Converting to a portable workbook failed; this workbook is unchanged. Use the command line shanty portable and send this message to support. Cause: {cause}",
  },
  portableOpenFailed: {
    zh: "通用工作簿已生成，但 Excel 未能在新窗口中打开它，当前工作簿未改动。请重试，或保存工作簿后改用命令行 shanty portable。原因：{cause}",
    en: "The portable workbook was made but Excel could not open it in a new window; this workbook is unchanged. Try again, or save the workbook and use the command line shanty portable. Cause: {cause}",
  },
  paramIsFormula: {
    zh: "参数单元格 {cell}（{name}）中是公式 {formula}，为保护公式未改写。请直接在该单元格中修改，或先清除公式。",
    en: "The parameter cell {cell} ({name}) holds the formula {formula}; it was not overwritten. Change it in the cell itself, or clear the formula first.",
  },
};

export type MessageParam = string | Bilingual;

function fill(text: string, params: Readonly<Record<string, MessageParam>>, lang: "zh" | "en"): string {
  const values = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === "string" ? v : v[lang]]));
  return fillTemplate(text, values);
}

/** An error the task pane can show in either language. */
export class ExcelLayerError extends Error {
  readonly zh: string;
  readonly en: string;
  constructor(
    readonly code: ExcelErrorCode,
    params: Readonly<Record<string, MessageParam>> = {},
    readonly cause?: unknown,
  ) {
    const zh = fill(MESSAGES[code].zh, params, "zh");
    const en = fill(MESSAGES[code].en, params, "en");
    super(`${zh} (${en})`);
    this.name = "ExcelLayerError";
    this.zh = zh;
    this.en = en;
  }
}

/** Office.js error codes (Excel.ErrorCodes) → what happened and what to do, Chinese and English. */
const OFFICE_CAUSES: Readonly<Record<string, Bilingual>> = {
  InvalidOperationInCellEditMode: {
    zh: "Excel 正处于单元格编辑状态。请先按 Enter 或 Esc 结束单元格编辑，再试一次",
    en: "Excel is in cell-edit mode. Press Enter or Esc to finish editing the cell, then try again",
  },
  ItemNotFound: {
    zh: "找不到所需的工作表、表格或名称（可能已被删除或改名）。请检查工作簿后重试",
    en: "A sheet, table or name that is needed was not found (it may have been deleted or renamed). Check the workbook and try again",
  },
  ItemAlreadyExists: {
    zh: "工作簿中已有同名的工作表、表格或名称。请改名或删除后重试",
    en: "A sheet, table or name of that name already exists. Rename or delete it, then try again",
  },
  AccessDenied: {
    zh: "工作簿或工作表受保护，不允许修改。请在“审阅”中撤销保护后重试",
    en: "The workbook or sheet is protected. Unprotect it (Review tab), then try again",
  },
  InsufficientPermissions: {
    zh: "没有修改此工作簿的权限（可能以只读方式打开）。请以可编辑方式打开后重试",
    en: "You do not have permission to change this workbook (it may be open read-only). Open it for editing and try again",
  },
  InvalidArgument: {
    zh: "Excel 拒绝了写入的内容（参数无效）。请重试；如仍失败，请把工作簿和这条消息发给技术支持",
    en: "Excel rejected the content written (invalid argument). Try again; if it keeps failing, send the workbook and this message to support",
  },
  InvalidReference: {
    zh: "引用的区域无效（可能指向已删除的工作表，显示为 #REF!）。请检查“名称管理器”后重试",
    en: "A reference is invalid (it may point at a deleted sheet, #REF!). Check the Name Manager and try again",
  },
  Conflict: {
    zh: "工作簿正被其他人或其他操作同时修改。请稍候再试",
    en: "The workbook is being changed by someone or something else at the same time. Wait a moment and try again",
  },
  ActivityLimitReached: {
    zh: "Excel 暂时限制了操作次数。请稍候片刻再试",
    en: "Excel is limiting requests for the moment. Wait a little and try again",
  },
  RequestPayloadSizeLimitExceeded: {
    zh: "一次写入的数据超过 Excel 网页版的上限。请减少项目行数，或改用桌面版 Excel",
    en: "The data written at once exceeds Excel on the web's limit. Reduce the number of rows or use desktop Excel",
  },
  ResponsePayloadSizeLimitExceeded: {
    zh: "读取的数据超过 Excel 网页版的上限。请删除工作表中多余的空行列，或改用桌面版 Excel",
    en: "The data read exceeds Excel on the web's limit. Delete unused rows and columns, or use desktop Excel",
  },
  RequestAborted: {
    zh: "操作被中断（可能关闭了工作簿或断开了网络）。请重试",
    en: "The request was aborted (the workbook may have closed or the network dropped). Try again",
  },
  ServiceNotAvailable: {
    zh: "Excel 服务暂时不可用。请检查网络后重试",
    en: "The Excel service is not available at the moment. Check the network and try again",
  },
  GeneralException: {
    zh: "Excel 内部错误。请保存工作簿后重试；如仍失败，请关闭并重新打开工作簿",
    en: "An internal Excel error occurred. Save the workbook and try again; if it keeps failing, close and reopen it",
  },
  UnsupportedOperation: {
    zh: "此版本的 Excel 不支持该操作。请更新 Excel 或改用 Microsoft 365 版",
    en: "This version of Excel does not support the operation. Update Excel or use Microsoft 365",
  },
  ApiNotFound: {
    zh: "此版本的 Excel 缺少所需的功能。请更新 Excel 或改用 Microsoft 365 版",
    en: "This version of Excel lacks a needed feature. Update Excel or use Microsoft 365",
  },
};

/** Office's InvalidOperation while a cell is being edited (older hosts say so only in the message). */
function isCellEditMode(code: string, message: string): boolean {
  return (
    code === "InvalidOperationInCellEditMode" || (code === "InvalidOperation" && /edit/i.test(message)) || /cell[- ]?edit/i.test(message)
  );
}

/**
 * Whatever was thrown → what happened and what to do, both languages. Known Office.js codes are translated;
 * Office's own text follows in brackets for support, never alone.
 */
export function describeCause(error: unknown): Bilingual {
  if (error instanceof ExcelLayerError) return { zh: error.zh, en: error.en };
  const e = (error && typeof error === "object" ? error : {}) as { code?: unknown; message?: unknown };
  const code = typeof e.code === "string" ? e.code : "";
  const message = typeof e.message === "string" ? e.message : error instanceof Error ? error.message : String(error);
  const known = isCellEditMode(code, message)
    ? OFFICE_CAUSES.InvalidOperationInCellEditMode
    : code === "InvalidOperation"
      ? {
          zh: "Excel 当前不允许此操作（可能正在编辑单元格，或有对话框未关闭）。请先按 Enter 或 Esc 结束单元格编辑，再试一次",
          en: "Excel does not allow the operation right now (a cell may be in edit mode, or a dialog is open). Press Enter or Esc to finish editing, then try again",
        }
      : OFFICE_CAUSES[code];
  const detail = code && message && !message.includes(code) ? `${code}: ${message}` : message || code;
  if (known) return { zh: `${known.zh}。（${detail}）`, en: `${known.en}. (${detail})` };
  return {
    zh: `Excel 报告了错误。请重试；如仍失败，请保存工作簿、重新打开后再试。（${detail}）`,
    en: `Excel reported an error. Try again; if it keeps failing, save the workbook, reopen it and try again. (${detail})`,
  };
}

/** ItemNotFound while selecting `sheet`: name the sheet, and call it a sheet. */
export function sheetNotFound(sheet: string, error: unknown): Bilingual | undefined {
  const code = error && typeof error === "object" ? (error as { code?: unknown }).code : undefined;
  if (code !== "ItemNotFound") return undefined;
  return {
    zh: `找不到工作表“${sheet}”（可能已被删除或改名）。请恢复该工作表，或重新生成后再点击问题`,
    en: `There is no sheet “${sheet}” (it may have been deleted or renamed). Restore it, or generate again and click the problem then`,
  };
}
