/**
 * Builds one container's LogWindow in a single pass: the first `headLines`, the last `tailLines` (a ring buffer) and
 * up to `maxKeptLines` lines that match a keep pattern, with their 1-based numbers in the file.
 */
import type { LogLine, LogSource, LogWindow } from '../../model/snapshot.js';
import type { ResolvedReadOptions } from '../options.js';
import type { KeepBudget } from './budget.js';
import { PatternPrefilter } from '../../util/pattern-prefilter.js';
import { RFC3339_PREFIX, TIMESTAMP_SAMPLE_LINES, isTimestamped, splitRuntimeTimes } from './timestamps.js';

export type WindowOptions = Pick<ResolvedReadOptions, 'headLines' | 'tailLines' | 'maxKeptLines' | 'keepPatterns'>;

export class LogWindowBuilder {
  private readonly head: LogLine[] = [];
  private readonly tail: LogLine[] = [];
  private tailNext = 0;
  private readonly kept: LogLine[] = [];
  private anyTruncated = false;
  private totalLines = 0;
  private sampled = 0;
  private stamped = 0;
  private readonly matcher: PatternPrefilter;

  constructor(private readonly options: WindowOptions) {
    this.matcher = PatternPrefilter.for(options.keepPatterns);
  }

  add(text: string, number: number, truncated: boolean): void {
    this.totalLines++;
    if (truncated) this.anyTruncated = true;
    if (this.sampled < TIMESTAMP_SAMPLE_LINES && text !== '') {
      this.sampled++;
      if (RFC3339_PREFIX.test(text)) this.stamped++;
    }
    const line: LogLine = truncated ? { number, text, truncated } : { number, text };
    if (this.head.length < this.options.headLines) {
      this.head.push(line);
      return;
    }
    const size = this.options.tailLines;
    if (size === 0) {
      this.keepIfMatching(line);
      return;
    }
    if (this.tail.length < size) {
      this.tail.push(line);
    } else {
      // A line is tested against the keep patterns only when it leaves the tail: one still in the tail is kept anyway.
      // Lines leave in file order, so the kept lines are the same first `maxKeptLines` matches as testing on arrival,
      // and a log no longer than head + tail (most of them) costs no pattern at all.
      const leaving = this.tail[this.tailNext];
      if (leaving) this.keepIfMatching(leaving);
      this.tail[this.tailNext] = line;
    }
    this.tailNext = (this.tailNext + 1) % size;
  }

  private keepIfMatching(line: LogLine): void {
    // A blank line is never evidence: skipping it keeps a log of empty lines from costing every pattern per line.
    if (line.text.length > 0 && this.kept.length < this.options.maxKeptLines && this.matcher.matches(line.text)) this.kept.push(line);
  }

  get lineCount(): number {
    return this.totalLines;
  }

  /** The window; with a budget, once the read's budget is spent it keeps only the last lines that fit its minimum. */
  finish(source: LogSource, totalBytes: number, budget?: KeepBudget): LogWindow {
    const tail = this.tail.length < this.options.tailLines ? this.tail : [...this.tail.slice(this.tailNext), ...this.tail.slice(0, this.tailNext)];
    const byNumber = new Map<number, LogLine>();
    for (const line of [...this.head, ...this.kept, ...tail]) byNumber.set(line.number, line);
    let lines = [...byNumber.values()].sort((a, b) => a.number - b.number);
    if (budget) lines = withinBudget(lines, budget);
    const timestamped = isTimestamped(this.stamped, this.sampled);
    return {
      source,
      lines: splitRuntimeTimes(lines, timestamped),
      totalLines: this.totalLines,
      totalBytes,
      complete: lines.length === this.totalLines && !this.anyTruncated,
      timestamped,
    };
  }
}

/** What a kept line costs beyond its text: the LogLine object and its slot. */
const LINE_OVERHEAD_BYTES = 64;
/** Even past the budget, a log keeps this much of its end: where the container died. */
const MIN_WINDOW_BYTES = 16 * 1024;

function withinBudget(lines: LogLine[], budget: KeepBudget): LogLine[] {
  const cost = (line: LogLine) => line.text.length + LINE_OVERHEAD_BYTES;
  const wanted = lines.reduce((sum, line) => sum + cost(line), 0);
  const granted = budget.grant(wanted, MIN_WINDOW_BYTES);
  let kept = lines;
  if (granted < wanted) {
    let start = lines.length;
    for (let bytes = 0; start > 0; start--) {
      const line = lines[start - 1];
      if (!line || bytes + cost(line) > granted) break;
      bytes += cost(line);
    }
    kept = lines.slice(start);
  }
  budget.used += kept.reduce((sum, line) => sum + cost(line), 0);
  return kept;
}
