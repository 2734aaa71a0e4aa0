/**
 * Writes the help pages: <outDir>/<ID>.html for every registry function, <outDir>/index.html and <outDir>/help.css.
 * The manifest's SupportUrl and GetStarted LearnMore link point at https://localhost:3000/help/index.html.
 *
 *   npx ts-node --transpile-only scripts/gen-help.ts [outDir=dist/help]
 */
import { mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import { HELP_CSS, HELP_CSS_FILE, HELP_INDEX_FILE, helpFileName, helpIndex, helpPage } from "../src/help/pages";
import { FUNCTIONS } from "../src/registry/index";

const outDir = process.argv[2] ?? join("dist", "help");
mkdirSync(outDir, { recursive: true });
for (const spec of FUNCTIONS) writeFileSync(join(outDir, helpFileName(spec)), helpPage(spec), "utf8");
writeFileSync(join(outDir, HELP_INDEX_FILE), helpIndex(FUNCTIONS), "utf8");
writeFileSync(join(outDir, HELP_CSS_FILE), HELP_CSS, "utf8");
console.log(`help: ${FUNCTIONS.length} function pages + ${HELP_INDEX_FILE} + ${HELP_CSS_FILE} → ${outDir}`);
