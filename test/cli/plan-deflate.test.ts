import fc from "fast-check";
import * as zlib from "zlib";
import { crc32Combine, Deflater } from "../../src/cli/plan/deflate";
import { DEFAULT_COMPRESSION } from "../../src/cli/writePackage";

/*
 * The generated sheets are deflated in pieces on a worker (src/cli/plan/deflate.ts): the joined pieces must inflate to
 * the part itself, with its CRC-32 and size, at the level the compression policy gives the part's size.
 */

describe("crc32Combine", () => {
  it("is the CRC-32 of the two byte strings joined (random strings, empty ones too)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), (a, b) => {
        const ab = Buffer.concat([a, b]);
        expect(crc32Combine(zlib.crc32(a), zlib.crc32(b), b.length)).toBe(zlib.crc32(ab) >>> 0);
      }),
      { numRuns: 500 },
    );
  });

  it("a megabyte-long second part (the length taken bit by bit over 20 squarings)", () => {
    const a = Buffer.from("<worksheet>");
    const b = Buffer.alloc(1_234_567, 0x61);
    expect(crc32Combine(zlib.crc32(a), zlib.crc32(b), b.length)).toBe(zlib.crc32(Buffer.concat([a, b])) >>> 0);
  });
});

describe("Deflater", () => {
  let deflater: Deflater;
  beforeEach(() => (deflater = new Deflater()));
  afterEach(() => deflater.close());

  async function roundTrip(head: string, chunks: readonly Buffer[], tail: string, owned = false) {
    const whole = Buffer.concat([Buffer.from(head), ...chunks.map((c) => Buffer.from(c)), Buffer.from(tail)]);
    const part = deflater.part();
    for (const c of chunks) part.push(owned ? Buffer.from(c) : c, owned);
    const packed = await part.finish(Buffer.from(head), Buffer.from(tail));
    expect(packed.size).toBe(whole.length);
    expect(packed.crc).toBe(zlib.crc32(whole) >>> 0);
    expect(zlib.inflateRawSync(packed.packed).equals(whole)).toBe(true);
    return { packed, whole };
  }

  it("joins the pieces into one deflate stream that inflates to the part (small and large parts, owned chunks)", async () => {
    await roundTrip("<head>", [], "</tail>");
    await roundTrip("", [Buffer.from("only a body")], "");
    const row = Buffer.from('<row r="1"><c r="A1" t="inlineStr"><is><t>东关南街棚户区改造项目</t></is></c></row>'.repeat(3000));
    const big = await roundTrip("<sheetData>", [row, row, row, row, row], "</sheetData>", true);
    expect(big.whole.length).toBeGreaterThan(DEFAULT_COMPRESSION.largeBytes);
  });

  it("random parts: any split of any bytes inflates back to the bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.array(fc.uint8Array({ maxLength: 5000 }), { maxLength: 6 }), fc.string(), async (h, cs, t) => {
        await roundTrip(
          h,
          cs.map((c) => Buffer.from(c)),
          t,
        );
      }),
      { numRuns: 60 },
    );
  });

  it("uses the policy's level for the part's size: a small part at the normal level, a large one at the fast level", async () => {
    const text = Buffer.from("abcdefghij".repeat(50_000)); // 500 kB: small
    const small = await roundTrip("", [text], "");
    expect(small.packed.packed.length).toBeLessThanOrEqual(zlib.deflateRawSync(text, { level: DEFAULT_COMPRESSION.level }).length + 16);
  });
});
