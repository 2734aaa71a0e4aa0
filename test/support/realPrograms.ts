import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/*
 * Real programs the tests use (LibreOffice, poppler). Where one is missing, its tests are skipped with a visible
 * notice — unless SHANTY_REQUIRE_REAL_PROGRAMS=1 (CI), where a missing program fails the run.
 */

export function hasProgram(name: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).status === 0;
}

/** true when every program is there; otherwise warns (or throws under SHANTY_REQUIRE_REAL_PROGRAMS=1) and returns false. */
export function requirePrograms(what: string, ...programs: string[]): boolean {
  const missing = programs.filter((p) => !hasProgram(p));
  if (missing.length === 0) return true;
  const message = `${what}: ${missing.join(", ")} not found`;
  if (process.env.SHANTY_REQUIRE_REAL_PROGRAMS === "1") throw new Error(`${message} (SHANTY_REQUIRE_REAL_PROGRAMS=1)`);
  console.warn(`SKIPPED — ${message}`);
  return false;
}

/** Convert a file with LibreOffice headless (private profile per call); returns the path of the result. */
export function sofficeConvert(file: string, format: string, outDir: string): string {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "lo-"));
  try {
    execFileSync("soffice", [`-env:UserInstallation=file://${profile}`, "--headless", "--convert-to", format, "--outdir", outDir, file], { stdio: "pipe", timeout: 120_000 });
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  const out = path.join(outDir, `${path.basename(file, path.extname(file))}.${format.split(":")[0]}`);
  if (!fs.existsSync(out)) throw new Error(`soffice did not write ${out}`);
  return out;
}

/** Page sizes (points) of a PDF, from pdfinfo. */
export function pdfPageSizes(pdf: string): { width: number; height: number }[] {
  const info = execFileSync("pdfinfo", ["-f", "1", "-l", "9999", pdf], { encoding: "utf8" });
  return [...info.matchAll(/Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => ({ width: Number(m[1]), height: Number(m[2]) }));
}

export function pdfText(pdf: string): string {
  return execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
}
