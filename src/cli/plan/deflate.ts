import { Worker } from "worker_threads";
import * as zlib from "zlib";
import type { PackedPart } from "../recalc/zip";
import { DEFAULT_COMPRESSION, type PackageCompression } from "../writePackage";

/*
 * The generated sheets deflated on the second core while the first writes their XML (issue 15). A sheet's XML is
 * made in ~1 MB chunks (chunks.ts); each is deflated on its own, ending with a sync flush (byte-aligned, not final),
 * and the pieces joined with one final empty block are one valid deflate stream — as pigz does it. A worker thread
 * does the deflating: its messages are handled while this thread is busy (zlib's asynchronous calls would wait for
 * this thread's event loop between output buffers). The CRC is computed here, piece by piece, and combined.
 */

/** The last block of a deflate stream: empty and final (what zlib ends an empty input with). */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

const WORKER = `
const { parentPort } = require("worker_threads");
const zlib = require("zlib");
parentPort.on("message", (m) => {
  const input = Buffer.from(m.buffer, m.offset, m.length);
  const out = zlib.deflateRawSync(input, { level: m.level, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  parentPort.postMessage({ id: m.id, out });
});
`;

// ---------- CRC-32 of joined pieces (zlib's crc32_combine) ----------

function gf2Times(mat: Uint32Array, vec: number): number {
  let sum = 0;
  for (let i = 0; vec !== 0; i++, vec >>>= 1) if (vec & 1) sum ^= mat[i];
  return sum >>> 0;
}

function gf2Square(square: Uint32Array, mat: Uint32Array): void {
  for (let n = 0; n < 32; n++) square[n] = gf2Times(mat, mat[n]);
}

/** The CRC-32 of A‖B from crc(A), crc(B) and B's length. */
export function crc32Combine(crc1: number, crc2: number, len2: number): number {
  if (len2 <= 0) return crc1 >>> 0;
  const even = new Uint32Array(32);
  const odd = new Uint32Array(32);
  odd[0] = 0xedb88320; // the CRC-32 polynomial: the operator for one zero bit
  for (let n = 1, row = 1; n < 32; n++, row <<= 1) odd[n] = row;
  gf2Square(even, odd); // two zero bits
  gf2Square(odd, even); // four
  let c = crc1 >>> 0;
  let len = len2;
  do {
    gf2Square(even, odd);
    if (len % 2 === 1) c = gf2Times(even, c);
    len = Math.floor(len / 2);
    if (len === 0) break;
    gf2Square(odd, even);
    if (len % 2 === 1) c = gf2Times(odd, c);
    len = Math.floor(len / 2);
  } while (len !== 0);
  return (c ^ crc2) >>> 0;
}

// ---------- the deflater ----------

/** A part being written: body chunks are added as they are made; the head and tail come last. */
export interface PartStream {
  /**
   * A finished chunk of the body (in order). `owned`: no other view of its memory exists (a chunk buffer of its own),
   * so it is handed to the worker — the chunk is unusable afterwards.
   */
  push(chunk: Buffer, owned?: boolean): void;
  /** The part head‖body‖tail, deflated, with its CRC and size. */
  finish(head: Buffer, tail: Buffer): Promise<PackedPart>;
}

/** One worker deflating the pieces of every part of a run; `close` when the parts are finished. */
export class Deflater {
  private worker?: Worker;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (b: Buffer) => void; reject: (e: unknown) => void }>();

  constructor(private readonly compression: PackageCompression = DEFAULT_COMPRESSION) {}

  /** Deflate one piece on the worker; an `owned` piece's memory (no other view of it) is handed over, not copied. */
  private deflate(piece: Buffer, level: number, owned = false): Promise<Buffer> {
    if (piece.length === 0) return Promise.resolve(Buffer.alloc(0));
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const message = { id, level, buffer: piece.buffer, offset: piece.byteOffset, length: piece.length };
      worker.postMessage(message, owned ? [piece.buffer as ArrayBuffer] : []);
    });
  }

  private start(): Worker {
    const worker = new Worker(WORKER, { eval: true });
    worker.on("message", (m: { id: number; out: Uint8Array }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      w?.resolve(Buffer.from(m.out.buffer, m.out.byteOffset, m.out.length));
    });
    const rejectAll = (e: unknown) => {
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    worker.on("error", rejectAll);
    worker.on("exit", (code) => {
      if (this.waiting.size > 0) rejectAll(new Error(`压缩线程意外停止（${code}）/ the deflate worker stopped (${code})`));
    });
    return worker;
  }

  /** A new part. Its chunks are deflated as they come once the part is known to be large (compression policy). */
  part(): PartStream {
    const { level, largeLevel, largeBytes } = this.compression;
    const pieces: Promise<Buffer>[] = [];
    const pending: { chunk: Buffer; owned: boolean }[] = [];
    let size = 0;
    let crc = 0;
    return {
      push: (chunk, owned = false) => {
        if (chunk.length === 0) return;
        crc = zlib.crc32(chunk, crc);
        size += chunk.length;
        pending.push({ chunk, owned });
        if (size > largeBytes) for (const c of pending.splice(0)) pieces.push(this.deflate(c.chunk, largeLevel, c.owned));
      },
      finish: async (head, tail) => {
        const total = head.length + size + tail.length;
        const lv = total > largeBytes ? largeLevel : level;
        const rest = pending.splice(0).map((c) => this.deflate(c.chunk, lv, c.owned));
        const all = [this.deflate(head, lv), ...pieces, ...rest, this.deflate(tail, lv)];
        // The head is known only now: its CRC combined with the body's; the tail's continues from both.
        const whole = zlib.crc32(tail, crc32Combine(zlib.crc32(head), crc, size));
        const packed = Buffer.concat([...(await Promise.all(all)), FINAL_BLOCK]);
        return { packed, crc: whole, size: total };
      },
    };
  }

  /** Stops the worker (after every part is finished). */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
