import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/*
 * The real programs some tests drive: LibreOffice Calc headless (`soffice`) and openpyxl (`/usr/bin/python3`).
 * Where one is missing the tests that need it are skipped with a visible notice — unless
 * SHANTY_REQUIRE_REAL_PROGRAMS=1 (CI), where a missing program fails the suite.
 */

export const REQUIRE_REAL = process.env.SHANTY_REQUIRE_REAL_PROGRAMS === "1";
export const PYTHON = "/usr/bin/python3";

function which(cmd: string): string | undefined {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  const found = r.status === 0 ? r.stdout.trim() : "";
  return found || undefined;
}

export const SOFFICE: string | undefined = which("soffice");
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

/** A private LibreOffice profile (one per call: parallel runs never share a lock). */
function loProfile(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "lo-shanty-"));
}

/**
 * Convert `file` with LibreOffice headless (`--convert-to xlsx|ods|pdf`) into `outDir`; returns the new file's path.
 * `recalc`: the private profile forces a full recalculation on load (OOXMLRecalcMode 0), so every cached value in
 * the output is LibreOffice's own.
 */
export function convertWithLibreOffice(
  file: string,
  to: "xlsx" | "ods" | "pdf",
  outDir: string,
  options: { recalc?: boolean } = {},
): string {
  if (!SOFFICE) throw new Error("LibreOffice is not installed");
  const profile = loProfile();
  if (options.recalc) {
    fs.mkdirSync(path.join(profile, "user"), { recursive: true });
    fs.writeFileSync(
      path.join(profile, "user", "registrymodifications.xcu"),
      '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' +
        '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n</oor:items>\n',
    );
  }
  try {
    execFileSync(
      SOFFICE,
      [`-env:UserInstallation=file://${profile}`, "--headless", "--norestore", "--convert-to", to, "--outdir", outDir, file],
      {
        stdio: "pipe",
        timeout: 120_000,
      },
    );
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  const out = path.join(outDir, `${path.basename(file, path.extname(file))}.${to}`);
  if (!fs.existsSync(out)) throw new Error(`LibreOffice did not write ${out}`);
  return out;
}

/** Run a Python snippet with /usr/bin/python3 (openpyxl importable); argv after the snippet is sys.argv[1:]. Returns stdout. */
export function runPython(code: string, ...args: string[]): string {
  return execFileSync(PYTHON, ["-c", code, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
}
