import { canInsertWorksheets } from "../../src/excel/consolidate";
import { officeHost, BatchRunner } from "../../src/excel/host";
import { TaskPaneController } from "../../src/taskpane/controller";
import { createFakeExcel } from "../excel/fakeExcel";

/* 汇总 in the pane (issue 18 item 1): ExcelApi 1.13 is detected, never required; the user is pointed to shanty merge. */
describe("汇总: insertWorksheetsFromBase64 (ExcelApi 1.13) is detected at run time", () => {
  const asked: [string, string | undefined][] = [];
  const requirements = (supported: string[]) => ({
    isSetSupported: (name: string, version?: string) => {
      asked.push([name, version]);
      return supported.includes(`${name} ${version}`);
    },
  });

  it("asks for ExcelApi 1.13 exactly; missing, throwing or absent counts as unsupported", () => {
    expect(canInsertWorksheets(requirements(["ExcelApi 1.13"]))).toBe(true);
    expect(asked).toEqual([["ExcelApi", "1.13"]]);
    expect(canInsertWorksheets(requirements(["ExcelApi 1.12"]))).toBe(false);
    expect(
      canInsertWorksheets({
        isSetSupported: () => {
          throw new Error("no");
        },
      }),
    ).toBe(false);
    expect(canInsertWorksheets(undefined)).toBe(false);
  });

  it.each([
    [false, "warning", "此版本的 Excel 不支持从文件插入工作表（需要 ExcelApi 1.13），请使用命令行 shanty merge"],
    [true, "info", "任务窗格暂不提供汇总，请使用命令行 shanty merge"],
  ])("host supports 1.13: %s → a %s pointing to shanty merge; the workbook is not touched", (supported, kind, zh) => {
    const fake = createFakeExcel({ sheets: [{ name: "项目库", values: [["项目编号"]] }] });
    const before = JSON.stringify(fake.snapshot());
    const host = { ...officeHost(fake.run as unknown as BatchRunner), canInsertWorksheets: () => supported };
    const controller = new TaskPaneController(host, () => undefined);
    controller.consolidate();
    expect(controller.current.notice?.kind).toBe(kind);
    expect(controller.current.notice?.zh.startsWith(zh)).toBe(true);
    expect(controller.current.notice?.en).toContain("shanty merge");
    expect(fake.stats.syncs).toBe(0);
    expect(JSON.stringify(fake.snapshot())).toBe(before);
  });
});
