/**
 * Offline manifest check: `npm run check:manifest` (= ts-node scripts/check-manifest.ts manifest.xml).
 * Prints "manifest OK" and exits 0, or lists every problem (Chinese, then English) and exits 1.
 * `npm run validate` (office-addin-manifest, online service) remains the full schema validation.
 */
import { readFileSync } from "fs";
import { checkManifest, formatReport } from "../src/manifest/check";

const file = process.argv[2] ?? "manifest.xml";
let xml: string;
try {
  xml = readFileSync(file, "utf8");
} catch (e) {
  console.error(`无法读取清单 / cannot read manifest: ${file} (${(e as Error).message})`);
  process.exit(2);
}
// The expected namespace is EXPECTED_NAMESPACE ("SHANTY"); a test keeps it equal to the registry's NAMESPACE, so this
// script stays independent of the function registry.
const report = checkManifest(xml);
const text = formatReport(report, file);
if (report.ok) console.log(text);
else console.error(text);
process.exitCode = report.ok ? 0 : 1;
