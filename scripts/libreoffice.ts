import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/*
 * The outside programs the scripts drive: LibreOffice Calc headless (`soffice`) to convert and print workbooks, and
 * poppler (`pdfinfo`) to measure the pages. The tests use them through test/support (which adds the skip-or-fail
 * rules around missing programs); scripts never import from test/.
 */

export function which(cmd: string): string | undefined {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  const found = r.status === 0 ? r.stdout.trim() : "";
  return found || undefined;
}

export const SOFFICE: string | undefined = which("soffice");

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

/** Page sizes (points) of a PDF, from pdfinfo. */
export function pdfPageSizes(pdf: string): { width: number; height: number }[] {
  const info = execFileSync("pdfinfo", ["-f", "1", "-l", "9999", pdf], { encoding: "utf8" });
  return [...info.matchAll(/Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => ({ width: Number(m[1]), height: Number(m[2]) }));
}
