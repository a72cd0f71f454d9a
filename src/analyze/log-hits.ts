/**
 * Lines that several checks look for across containers (leader-election loss, DNS timeouts): the first matching line
 * of each finding's dead-instance log (else its current log), with the time it was written. Pure.
 */
import type { LogLine, LogWindow } from '../model/snapshot.js';
import { logExcerpt, table } from './evidence.js';
import { findLines, lineTime } from './facts.js';
import type { AnalyzedFinding, MatchEvidence } from './rule.js';

export interface LogHit {
  entry: AnalyzedFinding;
  window: LogWindow;
  line: LogLine;
  /** The line without its `--timestamps` prefix. */
  text: string;
  match: RegExpExecArray;
  /** Epoch ms: the line's timestamp, else its klog header, else when the instance exited; undefined when none is known. */
  time?: number;
}

/** klog's header `E0803 09:23:52.241464`: month, day and time, without a year. */
const KLOG_HEADER = /^[IWEF](\d\d)(\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)\s/;

/** The findings of one bundle whose log has a line matching `pattern`, each with its first such line. */
export function bundleHits(findings: readonly AnalyzedFinding[], bundleIndex: number, pattern: RegExp): LogHit[] {
  return findings
    .filter((entry) => entry.bundleIndex === bundleIndex)
    .map((entry) => firstHit(entry, pattern))
    .filter((hit): hit is LogHit => hit !== undefined);
}

function firstHit(entry: AnalyzedFinding, pattern: RegExp): LogHit | undefined {
  const { container } = entry;
  for (const window of [container.logs.previous, container.logs.current]) {
    if (!window) continue;
    const found = findLines(window, pattern)[0];
    if (!found) continue;
    const exited = container.lastState?.terminated?.finishedAt;
    const time = lineTime(found.line) ?? klogTime(found.text, exited) ?? parse(exited);
    return { entry, window, line: found.line, text: found.text, match: found.match, ...(time !== undefined ? { time } : {}) };
  }
  return undefined;
}

function klogTime(text: string, reference: unknown): number | undefined {
  const [, month, day, time] = KLOG_HEADER.exec(text) ?? [];
  const year = typeof reference === 'string' ? reference.slice(0, 4) : undefined;
  if (!month || !day || !time || !year || !/^\d{4}$/.test(year)) return undefined;
  return parse(`${year}-${month}-${day}T${time}Z`);
}

function parse(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/** The correlated lines side by side (the primary table), then the first few as log excerpts with their numbers. */
export function sideBySide(label: string, hits: readonly LogHit[], excerpts: number): MatchEvidence {
  return {
    primary: table(
      label,
      ['time', 'namespace', 'pod', 'container', 'line'],
      hits.map((hit) => [isoTime(hit.time), hit.entry.pod.namespace, hit.entry.pod.name, hit.entry.container.name, hit.text]),
    ),
    supporting: hits.slice(0, excerpts).map((hit) => logExcerpt(hit.window, hit.line.number, `${hit.entry.pod.name}/${hit.entry.container.name}`, { before: 1, after: 1 })),
  };
}

/** `2021-08-03T09:23:52.241Z` for tables. */
export function isoTime(time: number | undefined): string {
  return time === undefined ? '?' : new Date(time).toISOString();
}

export function workloadKey(entry: AnalyzedFinding): string {
  return `${entry.pod.namespace}/${entry.pod.workload.kind}/${entry.pod.workload.name}`;
}
