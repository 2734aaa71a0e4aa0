/**
 * Real programs the tests use (LibreOffice Calc headless, openpyxl through /usr/bin/python3). Where one is
 * missing, its tests skip with a visible notice — except when SHANTY_REQUIRE_REAL_PROGRAMS=1 (CI), where a
 * missing program fails the run.
 */
import { execFileSync, spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { basename, join } from "path";

const has = (cmd: string, args: string[]): boolean => spawnSync(cmd, args, { stdio: "ignore" }).status === 0;

export const HAS_SOFFICE = has("soffice", ["--version"]);
export const HAS_OPENPYXL = has("/usr/bin/python3", ["-c", "import openpyxl"]);

/** `describe` when the programs are there; otherwise a skipped describe with a notice, or a failure in CI. */
export function describeWith(programs: { soffice?: boolean; openpyxl?: boolean }, name: string, body: () => void): void {
  const missing = [programs.soffice && !HAS_SOFFICE ? "LibreOffice (soffice)" : "", programs.openpyxl && !HAS_OPENPYXL ? "openpyxl (/usr/bin/python3)" : ""].filter(Boolean);
  if (missing.length === 0) return describe(name, body);
  if (process.env.SHANTY_REQUIRE_REAL_PROGRAMS === "1") {
    describe(name, () => it("has the real programs it needs", () => expect(missing).toEqual([])));
    return;
  }
  console.warn(`SKIPPED "${name}": ${missing.join(", ")} not installed`);
  describe.skip(name, body);
}

/**
 * Open `file` in LibreOffice headless with a private profile that forces a full recalculation on load, and save
 * it as .xlsx in a new folder; returns the saved file's path.
 */
export function libreOfficeRecalc(file: string): string {
  const profile = mkdtempSync(join(tmpdir(), "lo-shanty-"));
  mkdirSync(join(profile, "user"), { recursive: true });
  writeFileSync(
    join(profile, "user", "registrymodifications.xcu"),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`,
  );
  const outDir = join(profile, "out");
  mkdirSync(outDir);
  execFileSync("soffice", [`-env:UserInstallation=file://${profile}`, "--headless", "--convert-to", "xlsx", "--outdir", outDir, file], { stdio: "pipe", timeout: 120_000 });
  return join(outDir, basename(file).replace(/\.[^.]+$/, "") + ".xlsx");
}

/** Every non-empty cell's cached value, read by openpyxl (data_only): { sheet: { A1: value } }. */
export function cachedValues(file: string): Record<string, Record<string, number | string | boolean>> {
  const script = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
out = {}
for ws in wb.worksheets:
    d = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                v = c.value
                d[c.coordinate] = v if isinstance(v, (int, float, str, bool)) else str(v)
    out[ws.title] = d
json.dump(out, sys.stdout, ensure_ascii=False)
`;
  return JSON.parse(execFileSync("/usr/bin/python3", ["-c", script, file], { encoding: "utf8", maxBuffer: 64 << 20 }));
}
