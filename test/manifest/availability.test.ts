import { readFileSync } from "fs";
import { join } from "path";
import { availability, detectCapabilities, REQUIREMENT_SETS } from "../../src/taskpane/availability";

const manifest = readFileSync(join(__dirname, "..", "..", "manifest.xml"), "utf8");
const all = { ExcelApi: true, CustomFunctionsRuntime: true, SharedRuntime: true };

describe("what the pane says when the host cannot do everything", () => {
  it("knows exactly the manifest's requirement sets", () => {
    const declared = [...manifest.matchAll(/<Set Name="(\w+)" MinVersion="([\d.]+)"\s*\/>/g)].map((m) => `${m[1]} ${m[2]}`).sort();
    expect(REQUIREMENT_SETS.map((s) => `${s.name} ${s.version}`).sort()).toEqual(declared);
  });

  it("everything supported: no message, everything enabled", () => {
    expect(availability({ officeLoaded: true, host: "Excel", sets: all })).toEqual({
      level: "ok",
      paneEnabled: true,
      functionsEnabled: true,
      missing: [],
      zh: "",
      en: "",
    });
  });

  it("office.js did not load: says so first in Chinese, names the CDN and the intranet build, and what still works", () => {
    const a = availability({ officeLoaded: false });
    expect(a).toMatchObject({ level: "none", paneEnabled: false, functionsEnabled: false, missing: ["office.js"] });
    expect(a.zh).toMatch(/^无法加载 Office\.js/);
    expect(a.zh).toContain("appsforoffice.microsoft.com");
    expect(a.zh).toContain("shanty portable");
    expect(a.en).toMatch(/command-line tool/);
  });

  it("volume-licensed Office 2019 (no custom-functions runtime): the functions are named as missing, the pane still works", () => {
    const a = availability({
      officeLoaded: true,
      host: "Excel",
      sets: { ExcelApi: true, CustomFunctionsRuntime: false, SharedRuntime: false },
    });
    expect(a).toMatchObject({
      level: "partial",
      paneEnabled: true,
      functionsEnabled: false,
      missing: ["CustomFunctionsRuntime 1.3", "SharedRuntime 1.1"],
    });
    expect(a.zh).toMatch(/^此版本的 Excel 不支持 CustomFunctionsRuntime 1\.3、SharedRuntime 1\.1。/);
    expect(a.zh).toContain("批量许可版 Office 2019");
    expect(a.zh).toContain("任务窗格仍可生成");
  });

  it("an old ExcelApi: the pane's table buttons are off, the functions still calculate", () => {
    const a = availability({ officeLoaded: true, host: "Excel", sets: { ...all, ExcelApi: false } });
    expect(a).toMatchObject({ level: "partial", paneEnabled: false, functionsEnabled: true, missing: ["ExcelApi 1.8"] });
    expect(a.zh).toContain("需要 ExcelApi 1.8");
  });

  it("another Office host: nothing works, and it says which host", () => {
    expect(availability({ officeLoaded: true, host: "Word", sets: all })).toMatchObject({ level: "none", missing: ["Excel"] });
  });

  it("detectCapabilities reads the Office global; no global or a throwing check count as not available", () => {
    const asked: string[] = [];
    const office = {
      context: {
        host: "Excel",
        requirements: {
          isSetSupported(name: string, version?: string) {
            asked.push(`${name} ${version}`);
            if (name === "SharedRuntime") throw new Error("unknown set");
            return name === "ExcelApi";
          },
        },
      },
    };
    expect(detectCapabilities(office)).toEqual({
      officeLoaded: true,
      host: "Excel",
      sets: { ExcelApi: true, CustomFunctionsRuntime: false, SharedRuntime: false },
    });
    expect(asked).toEqual(["ExcelApi 1.8", "CustomFunctionsRuntime 1.3", "SharedRuntime 1.1"]);
    expect(detectCapabilities(undefined)).toEqual({ officeLoaded: false });
  });
});
