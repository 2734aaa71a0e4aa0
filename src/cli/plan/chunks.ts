/*
 * Text built as many small strings, written straight into Buffers of about a megabyte each: a part of hundreds
 * of megabytes is never one JavaScript string (nor an array of millions of strings).
 */
export class Chunks {
  private buffer: Buffer;
  private offset = 0;
  readonly buffers: Buffer[] = [];

  constructor(private readonly size = 1 << 20) {
    this.buffer = Buffer.allocUnsafe(size);
  }

  push(s: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.offset + s.length * 3 > this.buffer.length) {
      this.flush();
      if (s.length * 3 > this.buffer.length) {
        this.buffers.push(Buffer.from(s, "utf8"));
        return;
      }
    }
    this.offset += this.buffer.write(s, this.offset, "utf8");
  }

  private flush(): void {
    if (this.offset === 0) return;
    this.buffers.push(this.buffer.subarray(0, this.offset));
    this.buffer = Buffer.allocUnsafe(this.size);
    this.offset = 0;
  }

  /** The buffers, everything pushed included. */
  done(): Buffer[] {
    this.flush();
    return this.buffers;
  }
}
