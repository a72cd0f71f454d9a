/**
 * Byte-level filters for serving a log: a line range (a container's section of a combined cluster-info-dump file),
 * timestamp stripping and `sinceTime` for timestamped logs, `tailLines` and `limitBytes`. They work on bytes and
 * never hold a whole line, so a 2 GB single-line log streams through in constant memory.
 */
import { Transform, Writable, type TransformCallback } from 'node:stream';
import { parseRuntimeTime } from '../reader/logs/timestamps.js';

const NEWLINE = 0x0a;
const SPACE = 0x20;
/** Long enough for an RFC 3339 timestamp with nanoseconds and an offset (`2024-01-02T03:04:05.123456789+01:00`). */
const PREFIX_MAX = 40;

export interface LineFilterOptions {
  /** 1-based, inclusive: lines of the file outside [firstLine, lastLine] are dropped. */
  firstLine?: number;
  lastLine?: number;
  /** Remove a leading RFC 3339 timestamp and its space (the log is timestamped, the client did not ask for them). */
  stripTimestamps?: boolean;
  /** Drop lines whose timestamp is older than this (ms since the epoch). */
  sinceMs?: number;
  /** Called once the last line of the range has passed, so the caller can stop reading the source. */
  onRangeEnd?: () => void;
}

export class LineFilter extends Transform {
  private line = 1;
  private decided = false;
  private emitting = false;
  private prefix: Buffer[] = [];
  private prefixLength = 0;
  private done = false;
  private readonly needsPrefix: boolean;

  constructor(private readonly options: LineFilterOptions) {
    super();
    this.needsPrefix = Boolean(options.stripTimestamps) || options.sinceMs !== undefined;
  }

  private inRange(): boolean {
    return this.line >= (this.options.firstLine ?? 1);
  }

  private finishIfPastRange(): boolean {
    if (!this.done && this.options.lastLine !== undefined && this.line > this.options.lastLine) {
      this.done = true;
      this.options.onRangeEnd?.();
    }
    return this.done;
  }

  /** Decides the fate of the current line from its collected prefix and emits the part of the prefix kept. */
  private decideWithPrefix(terminator: number | undefined): boolean {
    const prefix = Buffer.concat(this.prefix, this.prefixLength);
    this.prefix = [];
    this.prefixLength = 0;
    this.decided = true;
    const stamp = terminator === SPACE ? parseRuntimeTime(prefix.toString('latin1')) : undefined;
    const tooOld = this.options.sinceMs !== undefined && stamp !== undefined && stamp < this.options.sinceMs;
    this.emitting = this.inRange() && !tooOld;
    if (!this.emitting) return false;
    if (stamp !== undefined && this.options.stripTimestamps) return true; // the space is skipped too
    if (prefix.length > 0) this.push(prefix);
    return false;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let position = 0;
    while (position < chunk.length && !this.finishIfPastRange()) {
      if (!this.decided) {
        if (!this.needsPrefix) {
          this.decided = true;
          this.emitting = this.inRange();
        } else {
          const limit = Math.min(chunk.length, position + (PREFIX_MAX - this.prefixLength));
          let end = position;
          while (end < limit && chunk[end] !== SPACE && chunk[end] !== NEWLINE) end++;
          this.prefix.push(chunk.subarray(position, end));
          this.prefixLength += end - position;
          position = end;
          if (end === limit && this.prefixLength < PREFIX_MAX && end === chunk.length) break; // need more bytes
          const terminator = end < chunk.length ? chunk[end] : undefined;
          if (this.decideWithPrefix(terminator)) position++;
          continue;
        }
      }
      const newline = chunk.indexOf(NEWLINE, position);
      const end = newline === -1 ? chunk.length : newline + 1;
      if (this.emitting) this.push(chunk.subarray(position, end));
      position = end;
      if (newline !== -1) {
        this.line++;
        this.decided = false;
      }
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (!this.decided && this.prefixLength > 0 && !this.done) this.decideWithPrefix(undefined);
    callback();
  }
}

/** Passes at most `limit` bytes, then reports that it has enough. */
export class ByteLimit extends Transform {
  private remaining: number;
  constructor(limit: number, private readonly onLimit?: () => void) {
    super();
    this.remaining = limit;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.remaining > 0) {
      const part = chunk.length <= this.remaining ? chunk : chunk.subarray(0, this.remaining);
      this.remaining -= part.length;
      this.push(part);
      if (this.remaining === 0) this.onLimit?.();
    }
    callback();
  }
}

/** Puts `prefix` before every line. */
export class PrefixLines extends Transform {
  private atLineStart = true;
  constructor(private readonly prefix: string) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let position = 0;
    while (position < chunk.length) {
      if (this.atLineStart) this.push(this.prefix);
      const newline = chunk.indexOf(NEWLINE, position);
      const end = newline === -1 ? chunk.length : newline + 1;
      this.push(chunk.subarray(position, end));
      this.atLineStart = newline !== -1;
      position = end;
    }
    callback();
  }
}

/** Drops the first `count` lines. */
export class SkipLines extends Transform {
  private remaining: number;
  constructor(count: number) {
    super();
    this.remaining = count;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let position = 0;
    while (this.remaining > 0 && position < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, position);
      if (newline === -1) {
        position = chunk.length;
        break;
      }
      position = newline + 1;
      this.remaining--;
    }
    if (position < chunk.length) this.push(position === 0 ? chunk : chunk.subarray(position));
    callback();
  }
}

/**
 * First pass of `tailLines`: counts lines and keeps the last `count` of them while they fit in `maxBytes`. When they
 * do not (huge lines), `overflowed` is set and only the count is kept; the caller then streams a second pass.
 */
export class TailCollector extends Writable {
  lines = 0;
  overflowed = false;
  private readonly kept: Buffer[][] = [];
  private keptBytes = 0;
  private current: Buffer[] = [];
  private currentBytes = 0;
  private pending = false;

  constructor(
    private readonly count: number,
    private readonly maxBytes: number,
  ) {
    super();
  }

  private keepCurrent(): void {
    this.lines++;
    if (this.overflowed || this.count === 0) {
      this.current = [];
      this.currentBytes = 0;
      return;
    }
    this.kept.push(this.current);
    this.keptBytes += this.currentBytes;
    if (this.kept.length > this.count) {
      const dropped = this.kept.shift() ?? [];
      this.keptBytes -= dropped.reduce((sum, b) => sum + b.length, 0);
    }
    this.current = [];
    this.currentBytes = 0;
  }

  /** Gives up keeping lines once they take more than maxBytes; true when it has (now or before). */
  private overflowIfNeeded(): boolean {
    if (!this.overflowed && this.keptBytes + this.currentBytes > this.maxBytes) {
      this.overflowed = true;
      this.kept.length = 0;
      this.keptBytes = 0;
    }
    return this.overflowed;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    let position = 0;
    while (position < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, position);
      const end = newline === -1 ? chunk.length : newline + 1;
      if (!this.overflowed && this.count > 0) {
        this.current.push(chunk.subarray(position, end));
        this.currentBytes += end - position;
        if (this.overflowIfNeeded()) this.current = [];
      }
      this.pending = newline === -1;
      position = end;
      if (newline !== -1) this.keepCurrent();
    }
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.pending) this.keepCurrent();
    callback();
  }

  /** The kept tail, valid when not overflowed. */
  tail(): Buffer {
    return Buffer.concat(this.kept.flat());
  }
}
