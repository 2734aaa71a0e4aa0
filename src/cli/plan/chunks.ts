/*
 * Text built as many small strings and kept as Buffers of about a megabyte each: a part of hundreds of megabytes
 * is never one JavaScript string (nor an array of millions of strings).
 */
export class Chunks {
  private pending: string[] = [];
  private length = 0;
  readonly buffers: Buffer[] = [];

  constructor(private readonly flushAt = 1 << 20) {}

  push(s: string): void {
    this.pending.push(s);
    this.length += s.length;
    if (this.length >= this.flushAt) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    this.buffers.push(Buffer.from(this.pending.join(""), "utf8"));
    this.pending = [];
    this.length = 0;
  }

  /** The buffers, everything pushed included. */
  done(): Buffer[] {
    this.flush();
    return this.buffers;
  }
}
