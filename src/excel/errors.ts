import { fill } from "../engine/catalogue";
/*
 * Errors of the Excel layer, Chinese first and English second like every message of the add-in. The task
 * pane shows `zh` or `en` by the chosen language; `message` carries both for logs.
 */

export type ExcelErrorCode = "writeFailed" | "commitFailed" | "templateExists" | "readFailed" | "selectFailed";

const MESSAGES: Record<ExcelErrorCode, { zh: string; en: string }> = {
  writeFailed: {
    zh: "写入工作表失败，已撤销本次创建的工作表，原有数据未改动。原因：{cause}",
    en: "Writing the sheets failed; the sheets created by this run were removed and your data is unchanged. Cause: {cause}",
  },
  commitFailed: {
    zh: "新工作表已写入，但替换旧的输出表时失败；请检查工作簿后重新生成。原因：{cause}",
    en: "The new sheets were written but replacing the previous output sheets failed; check the workbook and generate again. Cause: {cause}",
  },
  templateExists: {
    zh: "工作簿中已有模板工作表“{sheets}”，为保护已录入的数据未作更改。如需新模板，请先删除或重命名这些工作表。",
    en: "The workbook already holds the template sheets “{sheets}”; nothing was changed to protect the data entered there. Delete or rename them first to insert a new template.",
  },
  readFailed: {
    zh: "读取工作簿失败。原因：{cause}",
    en: "Reading the workbook failed. Cause: {cause}",
  },
  selectFailed: {
    zh: "无法定位到单元格 {cell}。原因：{cause}",
    en: "Could not select cell {cell}. Cause: {cause}",
  },
};


/** An error the task pane can show in either language. */
export class ExcelLayerError extends Error {
  readonly zh: string;
  readonly en: string;
  constructor(
    readonly code: ExcelErrorCode,
    params: Readonly<Record<string, string>> = {},
    readonly cause?: unknown,
  ) {
    const zh = fill(MESSAGES[code].zh, params);
    const en = fill(MESSAGES[code].en, params);
    super(`${zh} (${en})`);
    this.name = "ExcelLayerError";
    this.zh = zh;
    this.en = en;
  }
}

/** A short description of whatever was thrown (OfficeExtension.Error carries `code` and `message`). */
export function describeCause(error: unknown): string {
  if (error instanceof ExcelLayerError) return error.en;
  if (error && typeof error === "object") {
    const e = error as { code?: unknown; message?: unknown };
    const message = typeof e.message === "string" ? e.message : String(error);
    return typeof e.code === "string" && e.code && !message.includes(e.code) ? `${e.code}: ${message}` : message;
  }
  return String(error);
}
