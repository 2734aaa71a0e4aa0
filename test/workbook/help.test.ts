import * as fs from "fs";
import * as path from "path";
import { READER_HELP } from "../../src/workbook/reader/help";
import { UNITS } from "../../src/workbook/reader/units";

/* The accepted forms are written once (READER_HELP, built from the reader's tables) and quoted by the README. */
describe("READER_HELP", () => {
  it("has the same number of Chinese and English items, and the README's 工作簿约定 section quotes every one", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
    expect(READER_HELP.zh.length).toBe(READER_HELP.en.length);
    for (const [i, zh] of READER_HELP.zh.entries()) expect(readme).toContain(`- ${zh}<br>${READER_HELP.en[i]}`);
  });

  it("names every area and money unit the reader accepts", () => {
    const text = READER_HELP.zh.join("");
    for (const u of [...UNITS.area, ...UNITS.money]) expect([u.label, text.includes(u.label)]).toEqual([u.label, true]);
  });
});
