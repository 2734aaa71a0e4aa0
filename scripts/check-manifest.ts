/**
 * Offline manifest check: `npm run check:manifest` (= ts-node scripts/check-manifest.ts manifest.xml), and, as
 * the last step of `npm run build`, `npm run check:manifest -- dist/manifest.xml` (the source and the built
 * production manifest). Prints "manifest OK" per file and exits 0, or lists every problem (Chinese, then
 * English) and exits 1. `npm run validate` (office-addin-manifest, online service) remains the full schema
 * validation; the XSD check runs in the tests (test/manifest/xsd.test.ts).
 */
import { readFileSync } from "fs";
import { checkManifest, formatReport } from "../src/manifest/check";

const files = process.argv.slice(2).length ? process.argv.slice(2) : ["manifest.xml"];
let exitCode = 0;
for (const file of files) {
  let xml: string;
  try {
    xml = readFileSync(file, "utf8");
  } catch (e) {
    console.error(`无法读取清单 / cannot read manifest: ${file} (${(e as Error).message})`);
    exitCode = 2;
    continue;
  }
  // The expected namespace is EXPECTED_NAMESPACE ("SHANTY"); a test keeps it equal to the registry's NAMESPACE, so
  // this script stays independent of the function registry.
  const report = checkManifest(xml);
  const text = formatReport(report, file);
  if (report.ok) console.log(text);
  else {
    console.error(text);
    exitCode = Math.max(exitCode, 1);
  }
}
process.exitCode = exitCode;
