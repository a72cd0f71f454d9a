/**
 * Container logs for a converted bundle: the reader keeps only a bounded window of each log, so the full text is
 * streamed again from the input, in one pass over its entries (a plain .tar.gz has no index, and opening each log
 * with `openFile` would decompress the archive from the start once per log). Each log goes through the collector's
 * head/tail budget; a cluster-info dump `logs.txt` is cut into its containers' sections by the line ranges the
 * reader recorded (`LogSource.firstLine..lastLine`, inclusive, 1-based).
 */
import type { Readable } from 'node:stream';
import { HeadTailBuffer, type KeptLog, type LogBudget } from '../collect/log-budget.js';
import { podLogFile } from '../model/layout.js';
import type { Snapshot } from '../model/snapshot.js';
import { LineSplitter } from '../reader/logs/line-splitter.js';

export interface LogTarget {
  /** Path in the output bundle. */
  output: string;
  /** The section of a combined file; absent for a file that is one container's log. */
  firstLine?: number;
  lastLine?: number;
}

export interface LogPlan {
  /** Input file → the logs to cut from it, sections in line order. */
  bySource: Map<string, LogTarget[]>;
  /** Output log paths, for checking that everything planned was found. */
  outputs: Set<string>;
}

/** Every log window of every container the snapshot attached to a pod. */
export function planLogs(snapshot: Snapshot): LogPlan {
  const bySource = new Map<string, LogTarget[]>();
  const outputs = new Set<string>();
  for (const pod of snapshot.pods) {
    for (const container of pod.containers) {
      for (const previous of [false, true]) {
        const window = previous ? container.logs.previous : container.logs.current;
        if (!window) continue;
        const output = podLogFile(pod.namespace, pod.name, container.name, previous);
        if (outputs.has(output)) continue;
        outputs.add(output);
        const { file, firstLine, lastLine } = window.source;
        const targets = bySource.get(file) ?? [];
        targets.push(firstLine !== undefined && lastLine !== undefined ? { output, firstLine, lastLine } : { output });
        bySource.set(file, targets);
      }
    }
  }
  for (const targets of bySource.values()) targets.sort((a, b) => (a.firstLine ?? 0) - (b.firstLine ?? 0));
  return { bySource, outputs };
}

export interface CutLog {
  target: LogTarget;
  kept: KeptLog;
}

/** kubectl cluster-info dump's end marker; a log without a final newline runs into it on its last line. */
const SECTION_END = /==== END logs for container .+ of pod [^/\s]+\/\S+ ====$/;

/**
 * Streams one input file into the budget of each of its targets. `emit` is awaited for each finished log, as soon
 * as it is finished, so a combined file never holds more than one section's budget. A read that fails half-way
 * keeps what was read; the error is rethrown after the logs read so far are emitted.
 */
export async function cutLogs(stream: Readable, targets: LogTarget[], budget: LogBudget, emit: (log: CutLog) => Promise<void>): Promise<void> {
  const whole = targets.find((t) => t.firstLine === undefined);
  if (whole) {
    const buffer = new HeadTailBuffer(budget);
    let failure: { error: unknown } | undefined;
    try {
      for await (const chunk of stream) buffer.push(chunk as Buffer);
    } catch (error) {
      failure = { error };
    }
    await emit({ target: whole, kept: buffer.finish() });
    if (failure) throw failure.error;
    return;
  }
  const sections = targets.flatMap((target) =>
    target.firstLine === undefined || target.lastLine === undefined ? [] : [{ target, firstLine: target.firstLine, lastLine: target.lastLine }],
  );
  const finished: CutLog[] = [];
  let index = 0;
  let current: HeadTailBuffer | undefined;
  const splitter = new LineSplitter(budget.maxLineBytes, (text, number) => {
    let section = sections[index];
    while (section && number > section.lastLine) {
      finished.push({ target: section.target, kept: (current ?? new HeadTailBuffer(budget)).finish() });
      current = undefined;
      index += 1;
      section = sections[index];
    }
    if (!section || number < section.firstLine) return;
    current ??= new HeadTailBuffer(budget);
    const line = number === section.lastLine ? text.replace(SECTION_END, '') : text;
    current.push(Buffer.from(`${line}\n`));
  });
  let failure: { error: unknown } | undefined;
  try {
    for await (const chunk of stream) {
      splitter.write(chunk as Buffer);
      await drain(finished, emit);
    }
  } catch (error) {
    failure = { error };
  }
  splitter.end();
  for (const section of sections.slice(index)) {
    finished.push({ target: section.target, kept: (current ?? new HeadTailBuffer(budget)).finish() });
    current = undefined;
  }
  await drain(finished, emit);
  if (failure) throw failure.error;
}

/** Emits the finished logs in order; one that `emit` fails on leaves the rest queued. */
async function drain(finished: CutLog[], emit: (log: CutLog) => Promise<void>): Promise<void> {
  for (let log = finished.shift(); log; log = finished.shift()) await emit(log);
}
