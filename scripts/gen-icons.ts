/**
 * Writes the add-in icons assets/icon-{16,32,64,80,128}.png (manifest: IconUrl 32, HighResolutionIconUrl 64,
 * ribbon 16/32/80; 128 for stores). Encoded by pngjs (a maintained pure-JS PNG codec, a dev dependency);
 * shapes are anti-aliased by 4×4 supersampling.
 * The glyph: a white roof over three rising bars (a house and a balance sheet) on a rounded teal square.
 *
 *   npx ts-node --transpile-only scripts/gen-icons.ts [outDir=assets]
 */
import { mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import { PNG } from "pngjs";

export const ICON_SIZES = [16, 32, 64, 80, 128] as const;

const BACKGROUND = [0x1f, 0x6f, 0x5c] as const; // teal green
const GLYPH = [0xff, 0xff, 0xff] as const;
const SUPERSAMPLE = 4;

/** An RGBA (8 bits per channel, non-interlaced) PNG from `width × height × 4` bytes, rows top to bottom (pngjs). */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const png = new PNG({ width, height, colorType: 6, inputColorType: 6, bitDepth: 8 });
  png.data = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  return PNG.sync.write(png, { colorType: 6, deflateLevel: 9 });
}

/** Inside the rounded square (unit coordinates, corner radius r). */
function inRoundedSquare(x: number, y: number, r: number): boolean {
  if (x < 0 || y < 0 || x > 1 || y > 1) return false;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The white glyph: a roof chevron and three bars rising left to right. */
function inGlyph(x: number, y: number): boolean {
  const roof = 0.05; // half stroke width
  if (distanceToSegment(x, y, 0.2, 0.47, 0.5, 0.22) <= roof || distanceToSegment(x, y, 0.5, 0.22, 0.8, 0.47) <= roof) return true;
  const bars: readonly (readonly [number, number, number])[] = [
    [0.27, 0.39, 0.63],
    [0.44, 0.56, 0.53],
    [0.61, 0.73, 0.43],
  ];
  return bars.some(([x0, x1, top]) => x >= x0 && x <= x1 && y >= top && y <= 0.8);
}

/** Renders one icon as RGBA bytes. */
export function renderIcon(size: number): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const n = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let glyph = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = (px + (sx + 0.5) / SUPERSAMPLE) / size;
          const y = (py + (sy + 0.5) / SUPERSAMPLE) / size;
          if (!inRoundedSquare(x, y, 0.2)) continue;
          bg++;
          if (inGlyph(x, y)) glyph++;
        }
      }
      const i = (py * size + px) * 4;
      if (bg === 0) continue; // transparent corner
      const g = glyph / bg;
      for (let c = 0; c < 3; c++) out[i + c] = Math.round(GLYPH[c] * g + BACKGROUND[c] * (1 - g));
      out[i + 3] = Math.round((255 * bg) / n);
    }
  }
  return out;
}

function main(): void {
  const outDir = process.argv[2] ?? "assets";
  mkdirSync(outDir, { recursive: true });
  for (const size of ICON_SIZES) {
    const file = join(outDir, `icon-${size}.png`);
    const png = encodePng(size, size, renderIcon(size));
    writeFileSync(file, png);
    console.log(`${file}  ${size}×${size}  ${png.length} bytes`);
  }
}

if (require.main === module) main();
