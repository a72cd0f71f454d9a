/**
 * Facts about one container that several rules read: the instance that died, its log, how long it ran, its node.
 * Bundle data is untrusted: every field is checked before use.
 */
import type { ContainerStateTerminated } from 'kubernetes-types/core/v1.js';
import { parseMemoryBytes } from '../model/quantity.js';
import type { ContainerView, EventView, LogLine, LogWindow, NodeView, PodView, Snapshot } from '../model/snapshot.js';
import { str } from '../model/build.js';
import { isJsonObject } from '../util/json.js';

export interface Death {
  terminated: ContainerStateTerminated;
  /** `lastState.terminated` (a restarted container) or `state.terminated` (a container that stays dead). */
  path: 'lastState.terminated' | 'state.terminated';
}

/** The most recent termination: the previous instance of a restarted container, else the current one if dead. */
export function deathOf(container: ContainerView): Death | undefined {
  const last = container.lastState?.terminated;
  if (isJsonObject(last)) return { terminated: last, path: 'lastState.terminated' };
  const current = container.state?.terminated;
  if (isJsonObject(current)) return { terminated: current, path: 'state.terminated' };
  return undefined;
}

export function exitCodeOf(death: Death | undefined): number | undefined {
  const code = death?.terminated.exitCode;
  return typeof code === 'number' ? code : undefined;
}

export function reasonOf(death: Death | undefined): string {
  return str(death?.terminated.reason);
}

/** What the container wrote: the line without the runtime's timestamp prefix the reader split off. */
export function lineText(line: LogLine): string {
  return line.message ?? line.text;
}

/** The time of a line: the runtime's timestamp the reader parsed, else an ISO time at the start of the text (many app loggers). */
export function lineTime(line: LogLine): number | undefined {
  if (line.time !== undefined) return line.time;
  const match = /^\[?(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?)/.exec(line.text);
  if (!match?.[1]) return undefined;
  const text = match[1].replace(' ', 'T').replace(',', '.');
  const time = Date.parse(/Z|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
  return Number.isNaN(time) ? undefined : time;
}

export interface LineMatch {
  line: LogLine;
  text: string;
  match: RegExpExecArray;
}

/** Every line matching `pattern` (no `g` flag needed), in order. */
export function findLines(window: LogWindow, pattern: RegExp): LineMatch[] {
  const found: LineMatch[] = [];
  for (const line of window.lines) {
    const text = lineText(line);
    const match = pattern.exec(text);
    if (match) found.push({ line, text, match });
  }
  return found;
}

/** Seconds between two ISO times, when both parse and the span is not negative. */
export function secondsBetween(start: unknown, end: unknown): number | undefined {
  if (typeof start !== 'string' || typeof end !== 'string') return undefined;
  const a = Date.parse(start);
  const b = Date.parse(end);
  // containerd leaves startedAt at the epoch when the process never started.
  if (Number.isNaN(a) || Number.isNaN(b) || a <= 0 || b < a) return undefined;
  return Math.round((b - a) / 1000);
}

/** How long the dead instance ran. */
export function ranSeconds(death: Death | undefined): number | undefined {
  return death ? secondsBetween(death.terminated.startedAt, death.terminated.finishedAt) : undefined;
}

/** `75` → `1m15s`, Go-style like the kubelet prints durations. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  return hours > 0 ? `${hours}h${minutes}m${rest}s` : `${minutes}m${rest}s`;
}

export function memoryLimitBytes(container: ContainerView): number | undefined {
  return parseMemoryBytes(container.spec.resources?.limits?.['memory']);
}

export function nodeOf(snapshot: Snapshot, pod: PodView): NodeView | undefined {
  return pod.nodeName ? snapshot.nodes.find((node) => node.name === pod.nodeName) : undefined;
}

export function podLevelEvents(pod: PodView): EventView[] {
  return pod.events.filter((event) => event.containerName === undefined);
}

/** The most recent event (by last time) matching `test`. */
export function latestEvent(events: readonly EventView[], test: (event: EventView) => boolean): EventView | undefined {
  let best: EventView | undefined;
  for (const event of events) {
    if (!test(event)) continue;
    if (!best || (event.lastTime ?? '') >= (best.lastTime ?? '')) best = event;
  }
  return best;
}

/** The text that names what a container runs: `command` + `args` of the spec, for evidence and fixes. */
export function commandLine(container: ContainerView): string | undefined {
  const parts = [...asStrings(container.spec.command), ...asStrings(container.spec.args)];
  return parts.length > 0 ? parts.map((part) => (/\s/.test(part) ? JSON.stringify(part) : part)).join(' ') : undefined;
}

export function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export { str };

/** A short, single-line version of a long runtime message for summaries. */
export function clip(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
