/**
 * Splits a byte stream into lines without ever holding more than `maxLineBytes` of one line: a 2 GB line costs
 * 64 KiB, not 2 GB. The kept head of an over-long line is cut at a character boundary and flagged; the rest is
 * counted and discarded. Bytes are decoded as UTF-8 with replacement, and invalid input is remembered once per file.
 */
import { isUtf8 } from 'node:buffer';

export type LineHandler = (text: string, number: number, truncated: boolean) => void;

export interface LineStats {
  lines: number;
  bytes: number;
  truncatedLines: number;
  firstTruncatedLine?: number;
  longestLineBytes: number;
  firstInvalidUtf8Line?: number;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export class LineSplitter {
  readonly stats: LineStats = { lines: 0, bytes: 0, truncatedLines: 0, longestLineBytes: 0 };
  /** The beginning of the line in progress, at most maxLineBytes of it. */
  private carry: Buffer | undefined;
  private carryLength = 0;
  /** Full length of the line in progress, including bytes already discarded. */
  private pendingBytes = 0;

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: LineHandler,
  ) {}

  write(chunk: Buffer): void {
    this.stats.bytes += chunk.length;
    let position = 0;
    while (position < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, position);
      if (newline === -1) {
        this.hold(chunk, position, chunk.length);
        return;
      }
      if (this.pendingBytes === 0) {
        this.emit(chunk, position, newline, newline - position);
      } else {
        this.hold(chunk, position, newline);
        this.emit(this.carried(), 0, this.carryLength, this.pendingBytes);
        this.carryLength = 0;
        this.pendingBytes = 0;
      }
      position = newline + 1;
    }
  }

  /** The bytes held of a line that spans chunks (there are some whenever pendingBytes > 0). */
  private carried(): Buffer {
    if (!this.carry) throw new Error('line splitter: no carried bytes');
    return this.carry;
  }

  /** Flushes a last line that has no newline after it. */
  end(): void {
    if (this.pendingBytes > 0) {
      this.emit(this.carried(), 0, this.carryLength, this.pendingBytes);
      this.carryLength = 0;
      this.pendingBytes = 0;
    }
  }

  private hold(chunk: Buffer, start: number, end: number): void {
    const length = end - start;
    this.pendingBytes += length;
    const room = this.maxLineBytes - this.carryLength;
    if (room <= 0 || length === 0) return;
    this.carry ??= Buffer.allocUnsafe(this.maxLineBytes);
    const copied = Math.min(room, length);
    chunk.copy(this.carry, this.carryLength, start, start + copied);
    this.carryLength += copied;
  }

  private emit(buffer: Buffer, start: number, end: number, fullLength: number): void {
    const number = ++this.stats.lines;
    if (fullLength > this.stats.longestLineBytes) this.stats.longestLineBytes = fullLength;
    let stop = Math.min(end, start + this.maxLineBytes);
    const truncated = fullLength > this.maxLineBytes;
    if (truncated) {
      stop = characterBoundary(buffer, start, stop);
      this.stats.truncatedLines++;
      this.stats.firstTruncatedLine ??= number;
    } else if (stop > start && buffer[stop - 1] === CARRIAGE_RETURN) {
      stop--;
    }
    const text = buffer.toString('utf8', start, stop);
    if (this.stats.firstInvalidUtf8Line === undefined && text.includes('\uFFFD') && !isUtf8(buffer.subarray(start, stop))) {
      this.stats.firstInvalidUtf8Line = number;
    }
    this.onLine(text, number, truncated);
  }
}

/** Moves `stop` back so that a multi-byte UTF-8 character cut by the line cap is dropped rather than mangled. */
function characterBoundary(buffer: Buffer, start: number, stop: number): number {
  let lead = stop - 1;
  while (lead > start && ((buffer[lead] ?? 0) & 0xc0) === 0x80 && stop - lead < 4) lead--;
  const byte = buffer[lead] ?? 0;
  const width = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
  return lead + width > stop ? lead : stop;
}
