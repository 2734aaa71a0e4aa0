/**
 * Writes the help pages: <outDir>/<ID>.html for every registry function, <outDir>/index.html and <outDir>/help.css.
 * The examples are evaluated by the engine now, at generation time (src/help/site.ts).
 * The manifest's SupportUrl and GetStarted LearnMore link point at https://localhost:3000/help/index.html.
 *
 *   npx ts-node --transpile-only scripts/gen-help.ts [outDir=dist/help]
 */
import { mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import { helpSite } from "../src/help/site";

const outDir = process.argv[2] ?? join("dist", "help");
mkdirSync(outDir, { recursive: true });
const files = helpSite();
for (const [name, content] of files) writeFileSync(join(outDir, name), content, "utf8");
console.log(`help: ${files.size} files → ${outDir}`);
