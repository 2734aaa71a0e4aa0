/*
 * Render the report sheets of a `shanty plan` output to PDF (one per sheet) and PNG through LibreOffice:
 *   npx ts-node --transpile-only scripts/render-reports.ts OUT.xlsx DIR
 * Used for the screenshots in docs/ (docs/plan-page1.png …) and by test/render/reports.render.test.ts.
 */
import * as path from "path";
import { renderSheets } from "./renderSheets";

const [file, dir] = process.argv.slice(2);
renderSheets(file, dir ?? path.dirname(file)).then((r) => console.log(JSON.stringify(r, null, 2)));
