import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import { SOFFICE } from "../../scripts/libreoffice";

/*
 * The real programs some tests drive: LibreOffice Calc headless (`soffice`) and openpyxl (`/usr/bin/python3`).
 * Where one is missing the tests that need it are skipped with a visible notice — unless
 * SHANTY_REQUIRE_REAL_PROGRAMS=1 (CI), where a missing program fails the suite. Finding and running LibreOffice is
 * scripts/libreoffice.ts (the scripts use it too).
 */

export { convertWithLibreOffice, SOFFICE } from "../../scripts/libreoffice";

export const REQUIRE_REAL = process.env.SHANTY_REQUIRE_REAL_PROGRAMS === "1";
export const PYTHON = "/usr/bin/python3";

export const HAS_OPENPYXL: boolean = fs.existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "import openpyxl"]).status === 0;

/**
 * `describe` when the program is there; otherwise a skipped describe with a console.warn notice, or — with
 * SHANTY_REQUIRE_REAL_PROGRAMS=1 — a failing test saying what is missing.
 */
export function describeWith(program: "soffice" | "openpyxl" | "both", title: string, body: () => void): void {
  const missing = [
    ...(program !== "openpyxl" && !SOFFICE ? ["LibreOffice (soffice)"] : []),
    ...(program !== "soffice" && !HAS_OPENPYXL ? ["openpyxl (/usr/bin/python3 -c 'import openpyxl')"] : []),
  ];
  if (missing.length === 0) {
    describe(title, body);
  } else if (REQUIRE_REAL) {
    describe(title, () => {
      it(`needs ${missing.join(" and ")}`, () => {
        throw new Error(`SHANTY_REQUIRE_REAL_PROGRAMS=1 but ${missing.join(" and ")} is not installed`);
      });
    });
  } else {
    console.warn(`SKIPPED "${title}": ${missing.join(" and ")} not installed (set SHANTY_REQUIRE_REAL_PROGRAMS=1 to make this fail)`);
    describe.skip(title, body);
  }
}

/** Run a Python snippet with /usr/bin/python3 (openpyxl importable); argv after the snippet is sys.argv[1:]. Returns stdout. */
export function runPython(code: string, ...args: string[]): string {
  return execFileSync(PYTHON, ["-c", code, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
}
