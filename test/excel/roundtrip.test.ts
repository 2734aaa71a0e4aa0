import { officeHost } from "../../src/excel/host";
import { generateOutputs } from "../../src/workbook/generate";
import { ownershipName } from "../../src/workbook/model";
import { mockExcel } from "./mockExcel";

/*
 * The whole Excel path on the mock: insert the template with sample data, read it back, generate the plan and
 * the balance report and write them — the same calls the task pane makes, through officeHost (Excel.run).
 */
describe("template → read → generate → write, through officeHost on the mock", () => {
  test("the sample workbook generates both reports without errors, and regeneration keeps one sheet per role", async () => {
    const fake = mockExcel({ sheets: [{ name: "Sheet1" }] });
    const host = officeHost((batch) => fake.run(batch));
    const template = await host.insertTemplate(true);
    expect(template.sheets.map((s) => s.role)).toEqual(["projects", "flows", "bonds", "params"]);

    for (const kind of ["plan", "balance"] as const) {
      const result = generateOutputs(await host.readWorkbook(), [kind]);
      expect(result.problems.filter((p) => p.severity === "error")).toEqual([]);
      expect(result.sheets.length).toBeGreaterThan(0);
      await host.writeOutputs(result.sheets);
    }
    const names = fake.sheets.map((s) => s.name);
    const again = generateOutputs(await host.readWorkbook(), ["plan", "balance"]);
    await host.writeOutputs(again.sheets);
    expect(fake.sheets.map((s) => s.name)).toEqual(names);
    for (const role of ["projects", "flows", "params", "plan", "balance"] as const) {
      expect(fake.names.some((n) => n.name === ownershipName(role))).toBe(true);
    }
  });
});
