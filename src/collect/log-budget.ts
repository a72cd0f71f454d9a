/**
 * The per-log budget: keep the head and the tail of a log, drop its middle, whatever its size. A boot failure is
 * at the head of a previous log and the death at its tail, so both ends are worth more than the middle.
 * Bytes stream through: at most `maxBytes` (plus one line being assembled, itself capped) is ever held.
 */

export interface LogBudget {
  headLines: number;
  tailLines: number;
  /** Bytes kept per log, head and tail together. */
  maxBytes: number;
  /** A single line longer than this keeps its start; the rest of the line is dropped and counted. */
  maxLineBytes: number;
}

export const DEFAULT_LOG_BUDGET: LogBudget = {
  headLines: 500,
  tailLines: 2000,
  maxBytes: 5_000_000,
  maxLineBytes: 64 * 1024,
};

/** Share of `maxBytes` the head may use; the tail gets the rest. */
const HEAD_SHARE = 0.2;

export interface KeptLog {
  text: string;
  totalLines: number;
  totalBytes: number;
  /** Whole lines dropped from the middle. */
  droppedLines: number;
  /** Bytes dropped: the middle's lines plus the ends of over-long lines. */
  droppedBytes: number;
}

export function cutMarker(droppedLines: number, droppedBytes: number): string {
  return `[podmortem: ${droppedLines} lines (${droppedBytes} bytes) cut here to keep this log within its budget; see logPolicy in podmortem.json]`;
}

export class HeadTailBuffer {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailStart = 0;
  private tailBytes = 0;
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private totalLines = 0;
  private totalBytes = 0;
  private droppedLines = 0;
  private droppedBytes = 0;
  private endsWithNewline = false;
  private readonly headMax: number;
  private readonly tailMax: number;

  constructor(private readonly budget: LogBudget = DEFAULT_LOG_BUDGET) {
    this.headMax = Math.floor(budget.maxBytes * HEAD_SHARE);
    this.tailMax = budget.maxBytes - this.headMax;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.totalBytes += chunk.length;
    let from = 0;
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    for (;;) {
      const newline = bytes.indexOf(10, from);
      if (newline < 0) {
        this.appendPartial(bytes.subarray(from));
        this.endsWithNewline = false;
        return;
      }
      this.appendPartial(bytes.subarray(from, newline));
      this.completeLine();
      from = newline + 1;
      this.endsWithNewline = true;
      if (from === bytes.length) return;
    }
  }

  finish(): KeptLog {
    if (this.partialBytes > 0) this.completeLine();
    const marker = this.droppedLines > 0 ? [Buffer.from(cutMarker(this.droppedLines, this.droppedBytes))] : [];
    // concat, not push(...spread): --log-tail can ask for more lines than a call may take arguments.
    const lines = this.head.concat(marker, this.tail.slice(this.tailStart));
    let text = lines.map((line) => line.toString('utf8')).join('\n');
    if (this.endsWithNewline && lines.length > 0) text += '\n';
    return {
      text,
      totalLines: this.totalLines,
      totalBytes: this.totalBytes,
      droppedLines: this.droppedLines,
      droppedBytes: this.droppedBytes,
    };
  }

  private appendPartial(piece: Buffer): void {
    if (piece.length === 0) return;
    const room = this.budget.maxLineBytes - this.partialBytes;
    if (room <= 0) {
      this.droppedBytes += piece.length;
      return;
    }
    const kept = piece.length > room ? piece.subarray(0, room) : piece;
    this.droppedBytes += piece.length - kept.length;
    // Copy: the chunk's buffer belongs to the stream and may be reused.
    this.partial.push(Buffer.from(kept));
    this.partialBytes += kept.length;
  }

  private completeLine(): void {
    const [only] = this.partial;
    const line = this.partial.length === 1 && only ? only : Buffer.concat(this.partial);
    this.partial = [];
    this.partialBytes = 0;
    this.totalLines += 1;
    const size = line.length + 1;
    if (this.head.length < this.budget.headLines && this.headBytes + size <= this.headMax && this.tail.length === this.tailStart) {
      this.head.push(line);
      this.headBytes += size;
      return;
    }
    this.tail.push(line);
    this.tailBytes += size;
    while (this.tail.length - this.tailStart > this.budget.tailLines || (this.tailBytes > this.tailMax && this.tail.length - this.tailStart > 0)) {
      const dropped = this.tail[this.tailStart];
      if (!dropped) break;
      this.tail[this.tailStart] = Buffer.alloc(0);
      this.tailStart += 1;
      this.tailBytes -= dropped.length + 1;
      this.droppedLines += 1;
      this.droppedBytes += dropped.length + 1;
    }
    // Compact now and then so the array does not grow with the log.
    if (this.tailStart > 4096 && this.tailStart > this.tail.length / 2) {
      this.tail = this.tail.slice(this.tailStart);
      this.tailStart = 0;
    }
  }
}
