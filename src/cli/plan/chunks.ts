/*
 * Text built as many small strings, written straight into Buffers of about a megabyte each: a part of hundreds
 * of megabytes is never one JavaScript string (nor an array of millions of strings).
 */
export class Chunks {
  private buffer: Buffer;
  private offset = 0;
  readonly buffers: Buffer[] = [];

  /**
   * `sink`: each finished buffer goes there instead of `buffers` (it owns its memory: no other view of it exists,
   * so the sink may hand it over to another thread).
   */
  constructor(
    private readonly size = 1 << 20,
    private readonly sink?: (chunk: Buffer) => void,
  ) {
    this.buffer = Buffer.allocUnsafeSlow(size); // never a slice of Node's shared pool
  }

  private emit(chunk: Buffer): void {
    if (this.sink) this.sink(chunk);
    else this.buffers.push(chunk);
  }

  push(s: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.offset + s.length * 3 > this.buffer.length) {
      this.flush();
      if (s.length * 3 > this.buffer.length) {
        const bytes = Buffer.byteLength(s, "utf8");
        const big = Buffer.allocUnsafeSlow(bytes);
        big.write(s, 0, "utf8");
        this.emit(big);
        return;
      }
    }
    this.offset += this.buffer.write(s, this.offset, "utf8");
  }

  private flush(): void {
    if (this.offset === 0) return;
    this.emit(this.buffer.subarray(0, this.offset));
    this.buffer = Buffer.allocUnsafeSlow(this.size);
    this.offset = 0;
  }

  /** The buffers, everything pushed included (none when a sink took them). */
  done(): Buffer[] {
    this.flush();
    return this.buffers;
  }
}
