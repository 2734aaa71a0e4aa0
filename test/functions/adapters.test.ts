import { readFileSync } from "fs";
import { join } from "path";
import { FUNCTIONS } from "../../src/registry";
import { adapterSource } from "../../src/registry/adapterSource";

describe("generated Excel adapters", () => {
  it("src/functions/functions.ts is current with the registry (run `npm run gen` if this fails)", () => {
    const onDisk = readFileSync(join(__dirname, "../../src/functions/functions.ts"), "utf8");
    expect(onDisk).toBe(adapterSource(FUNCTIONS));
  });

  it("declares every registry function with @customfunction and its arguments in catalogue order", () => {
    const src = adapterSource(FUNCTIONS);
    for (const spec of FUNCTIONS) {
      expect(src).toContain(`@customfunction ${spec.id} ${spec.id}`);
      const names = spec.params.map((p) => p.name).join(", ");
      expect(src).toContain(`excelCall("${spec.id}", [${names}])`);
    }
  });
});
