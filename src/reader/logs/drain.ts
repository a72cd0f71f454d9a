/**
 * The cheap path for logs whose lines are not needed: count bytes and lines, tell whether lines carry timestamps,
 * and keep nothing else — no line is decoded, split or matched. A log read before its pod (troubleshoot's archives
 * store `pods/logs/` before `pods/<namespace>.json`) is *deferred*: its raw tail (and first bytes) are kept, within
 * a global budget, so that if the pod turns out to have a dead container the window is built from them later.
 */
import type { Diagnostic, LogLine, LogWindow } from '../../model/snapshot.js';
import type { ResolvedReadOptions } from '../options.js';
import type { EntryData } from '../source.js';
import { LineSplitter } from './line-splitter.js';
import { RFC3339_PREFIX, TIMESTAMP_SAMPLE_LINES, isTimestamped, splitRuntimeTimes } from './timestamps.js';

const NEWLINE = 0x0a;
/** Bytes kept from the start of every drained log: enough for the timestamp sample. */
const SAMPLE_BYTES = 4 * 1024;

export interface DrainedLog {
  file: string;
  totalBytes: number;
  totalLines: number;
  timestamped: boolean;
  /** Deferred logs only: the first and last bytes, to build a window from if the container needs one. */
  head?: Buffer;
  tail?: Buffer;
}

/** Reads a log to its end, counting; `tailBytes` > 0 keeps its raw head and tail (a deferred log). */
export async function drainLog(data: EntryData, file: string, tailBytes: number, headBytes: number, diagnostics: Diagnostic[]): Promise<DrainedLog> {
  let totalBytes = 0;
  let newlines = 0;
  let lastByte = NEWLINE;
  const headKeep = Math.max(SAMPLE_BYTES, tailBytes > 0 ? headBytes : 0);
  const head = Buffer.allocUnsafe(headKeep);
  let headLength = 0;
  // The newest chunks, just enough to cover tailBytes: copied once at the end, so the decoder's buffers are released.
  const recent: Buffer[] = [];
  let recentBytes = 0;
  try {
    await data.forEachChunk((chunk) => {
      if (chunk.length === 0) return;
      totalBytes += chunk.length;
      for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) newlines++;
      lastByte = chunk.at(-1) ?? lastByte;
      if (headLength < headKeep) headLength += chunk.copy(head, headLength, 0, Math.min(chunk.length, headKeep - headLength));
      if (tailBytes > 0) {
        recent.push(chunk);
        recentBytes += chunk.length;
        for (let first = recent[0]; recent.length > 1 && first && recentBytes - first.length >= tailBytes; first = recent[0]) {
          recent.shift();
          recentBytes -= first.length;
        }
      }
    });
  } catch (error) {
    diagnostics.push({
      severity: 'warning',
      code: 'truncated-file',
      file,
      byte: totalBytes,
      message: `${file} could not be read to its end (${(error as Error).message}); the ${totalBytes} bytes before byte ${totalBytes} were kept`,
    });
  }
  const totalLines = newlines + (lastByte !== NEWLINE ? 1 : 0);
  const sample = head.subarray(0, Math.min(headLength, SAMPLE_BYTES));
  const drained: DrainedLog = { file, totalBytes, totalLines, timestamped: sampleTimestamped(sample, totalBytes <= SAMPLE_BYTES) };
  if (tailBytes > 0) {
    drained.head = Buffer.from(head.subarray(0, headLength));
    drained.tail = lastBytes(recent, Math.min(tailBytes, recentBytes));
  }
  return drained;
}

/**
 * The last `length` bytes of `chunks`, copied straight into a buffer of that size: joining the chunks first would
 * allocate a 64 KiB chunk or more per log (400 MB over a 1 GB bundle of deferred logs, and the garbage collections).
 */
function lastBytes(chunks: Buffer[], length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  let at = length;
  for (let i = chunks.length - 1; i >= 0 && at > 0; i--) {
    const chunk = chunks[i];
    if (!chunk) continue;
    const take = Math.min(at, chunk.length);
    chunk.copy(out, at - take, chunk.length - take);
    at -= take;
  }
  return out;
}

/** The same test as LogWindowBuilder: 80% of the first non-empty lines start with an RFC 3339 time. */
function sampleTimestamped(sample: Buffer, whole: boolean): boolean {
  const lines = sample.toString('utf8').split('\n');
  if (!whole) lines.pop(); // cut mid-line
  let sampled = 0;
  let stamped = 0;
  for (const raw of lines) {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text === '') continue;
    sampled++;
    if (RFC3339_PREFIX.test(text)) stamped++;
    if (sampled === TIMESTAMP_SAMPLE_LINES) break;
  }
  return isTimestamped(stamped, sampled);
}

/** A window that holds no lines: the log was counted only. */
export function countedWindow(log: DrainedLog): LogWindow {
  return { source: { file: log.file }, lines: [], totalLines: log.totalLines, totalBytes: log.totalBytes, complete: log.totalLines === 0, timestamped: log.timestamped, drained: 'counted' };
}

/** The lines of `bytes`; an unterminated last line is dropped when `partialEnd` says the bytes stop mid-line. */
function linesOf(bytes: Buffer, maxLineBytes: number, partialEnd: boolean): Array<{ text: string; truncated: boolean }> {
  const lines: Array<{ text: string; truncated: boolean }> = [];
  const splitter = new LineSplitter(maxLineBytes, (text, _number, truncated) => lines.push({ text, truncated }));
  splitter.write(bytes);
  if (!partialEnd || bytes.length === 0 || bytes[bytes.length - 1] === NEWLINE) splitter.end();
  return lines;
}

/**
 * The window of a deferred log whose container turned out to need it: its first and last lines, numbered from the
 * counts. Lines between them were not kept (the log was read before its pod), so keep patterns see only these.
 */
export function windowFromDeferred(log: DrainedLog, options: ResolvedReadOptions): LogWindow {
  const head = log.head ?? Buffer.alloc(0);
  const tail = log.tail ?? Buffer.alloc(0);
  const whole = tail.length >= log.totalBytes;
  const byNumber = new Map<number, LogLine>();
  const add = (text: string, number: number, truncated: boolean) => byNumber.set(number, truncated ? { number, text, truncated } : { number, text });
  // The tail starts inside a line unless it holds the whole log: its first, partial line is dropped.
  const fromTail = linesOf(tail, options.maxLineBytes, false);
  const tailLines = whole ? fromTail : fromTail.slice(1);
  const firstTailNumber = log.totalLines - tailLines.length + 1;
  tailLines.slice(-Math.max(options.tailLines, whole ? tailLines.length : 0)).forEach((line, i, kept) => add(line.text, firstTailNumber + (tailLines.length - kept.length) + i, line.truncated));
  if (!whole) {
    const fromHead = linesOf(head, options.maxLineBytes, head.length < log.totalBytes);
    fromHead.slice(0, options.headLines).forEach((line, i) => add(line.text, i + 1, line.truncated));
  }
  const lines = [...byNumber.values()].sort((a, b) => a.number - b.number);
  return {
    source: { file: log.file },
    lines: splitRuntimeTimes(lines, log.timestamped),
    totalLines: log.totalLines,
    totalBytes: log.totalBytes,
    complete: lines.length === log.totalLines && !lines.some((line) => line.truncated),
    timestamped: log.timestamped,
  };
}
