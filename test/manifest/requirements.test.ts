import { readFileSync } from "fs";
import { join } from "path";
import { apiUses, compareVersions, requiredSets } from "./apiSets";

/**
 * The manifest's <Requirements> match what the code calls: each requirement set at exactly the highest version
 * that unguarded code uses (a lower minimum lets Excel load the add-in where it then fails; a higher one shuts
 * out hosts that could run it). APIs used only after an isSetSupported check are optional and do not count.
 */
const manifest = readFileSync(join(__dirname, "..", "..", "manifest.xml"), "utf8");
const declared = new Map([...manifest.matchAll(/<Set Name="(\w+)" MinVersion="([\d.]+)"\s*\/>/g)].map((m) => [m[1], m[2]]));

describe("requirement sets derived from the code", () => {
  const uses = apiUses();
  const required = requiredSets(uses);

  it("the page setup (ExcelApi 1.9) is used only behind its run-time check", () => {
    const pageLayout = uses.filter((u) => u.api === "Excel.Worksheet.pageLayout");
    expect(pageLayout.length).toBeGreaterThan(0);
    expect(pageLayout.every((u) => u.guarded)).toBe(true);
  });

  it("the scan sees the calls it must see (CustomFunctions.Error 1.2, ErrorCode 1.3, ChartSeries.axisGroup 1.8)", () => {
    const seen = (api: string, set: string, version: string) => uses.some((u) => u.api === api && u.set === set && u.version === version);
    expect(seen("CustomFunctions.Error", "CustomFunctionsRuntime", "1.2")).toBe(true);
    expect(seen("CustomFunctions.ErrorCode.invalidValue", "CustomFunctionsRuntime", "1.3")).toBe(true);
    expect(seen("Excel.ChartSeries.axisGroup", "ExcelApi", "1.8")).toBe(true);
    expect(uses.length).toBeGreaterThan(50);
  });

  it.each([["ExcelApi"], ["CustomFunctionsRuntime"]])("%s: the manifest's minimum is what the code needs, no more", (set) => {
    const need = required.get(set);
    expect(need).toBeDefined();
    expect({ set, declared: declared.get(set), because: need!.api }).toEqual({ set, declared: need!.version, because: need!.api });
  });

  it("declares no other set than the derived ones and SharedRuntime 1.1 (the one runtime of <Runtimes>)", () => {
    const expected = new Map([...required].map(([k, v]) => [k, v.version]));
    expected.set("SharedRuntime", "1.1");
    expect(Object.fromEntries(declared)).toEqual(Object.fromEntries(expected));
  });

  it("compareVersions orders numerically (1.10 after 1.9)", () => {
    expect(compareVersions("1.10", "1.9")).toBeGreaterThan(0);
    expect(compareVersions("1.3", "1.3")).toBe(0);
  });
});

describe("optional APIs behind isSetSupported", () => {
  it("a call in a file that checks isSetSupported(set, ≥ version) is optional; the same call in a file without the check is required", () => {
    const uses = apiUses(["test/manifest/fixtures/guarded"]).filter((u) => u.api === "Excel.Range.getCellProperties");
    expect(uses.map((u) => [u.file.replace(/.*\//, ""), u.version, u.guarded]).sort()).toEqual([
      ["optional.ts", "1.9", true],
      ["unguarded.ts", "1.9", false],
    ]);
    expect(requiredSets(uses).get("ExcelApi")?.version).toBe("1.9");
    expect(requiredSets(uses.filter((u) => u.guarded)).size).toBe(0);
  });
});
