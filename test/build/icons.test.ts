import { readFileSync } from "fs";
import { join } from "path";
import { PNG } from "pngjs";
import { encodePng, ICON_SIZES, renderIcon } from "../../scripts/gen-icons";

describe("add-in icons (scripts/gen-icons.ts)", () => {
  it.each(ICON_SIZES.map((s) => [s]))("assets/icon-%i.png is what the script renders, as a valid RGBA PNG", (size) => {
    const committed = PNG.sync.read(readFileSync(join(__dirname, "..", "..", "assets", `icon-${size}.png`)));
    expect([committed.width, committed.height]).toEqual([size, size]);
    expect(Buffer.compare(committed.data, Buffer.from(renderIcon(size)))).toBe(0);
  });

  it("encodePng round-trips pixels, transparency included", () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 10, 20, 30, 40]);
    const back = PNG.sync.read(encodePng(2, 2, rgba));
    expect([...back.data]).toEqual([...rgba]);
  });
});
