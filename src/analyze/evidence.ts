/**
 * Evidence builders: every block points into the bundle (file + full JSON path from the file's root, file + line
 * numbers, event file + reason + count + times), so a reader of the report can check each claim.
 */
import type { Evidence, EventEvidence, FieldEvidence, LogEvidence, NoteEvidence, TableEvidence } from '../model/report.js';
import type { ContainerView, EventView, LogWindow, NodeView, PodView, SourceRef } from '../model/snapshot.js';
import type { MatchEvidence } from './rule.js';

/** `items[3]` + `status.containerStatuses[0]` → `items[3].status.containerStatuses[0]`. */
function joinPath(...parts: Array<string | undefined>): string {
  return parts.filter((part): part is string => part !== undefined && part !== '').join('.');
}

export function field(source: SourceRef, path: string, value: unknown, label: string): FieldEvidence {
  return { kind: 'field', label, file: source.file, path: joinPath(source.path, path), value };
}

/** A field of the pod object, e.g. `status.reason`. */
export function podField(pod: PodView, path: string, value: unknown, label: string): FieldEvidence {
  return field(pod.source, path, value, label);
}

/** A field under the container's status, e.g. `lastState.terminated.reason`. */
export function statusField(
  pod: PodView,
  container: ContainerView,
  subPath: string,
  value: unknown,
  label: string,
): FieldEvidence {
  return field(pod.source, joinPath(container.statusPath ?? container.specPath, subPath), value, label);
}

/** A field under the container's spec, e.g. `resources.limits.memory`. */
export function specField(
  pod: PodView,
  container: ContainerView,
  subPath: string,
  value: unknown,
  label: string,
): FieldEvidence {
  return field(pod.source, joinPath(container.specPath, subPath), value, label);
}

export function nodeField(node: NodeView, path: string, value: unknown, label: string): FieldEvidence {
  return field(node.source, path, value, label);
}

export function eventEvidence(event: EventView, label: string): EventEvidence {
  return {
    kind: 'event',
    label,
    file: event.source.file,
    ...(event.source.path ? { path: event.source.path } : {}),
    type: event.type,
    reason: event.reason,
    message: event.message,
    count: event.count,
    object: `${event.involved.kind}/${event.involved.name}`,
    ...(event.firstTime ? { firstTime: event.firstTime } : {}),
    ...(event.lastTime ? { lastTime: event.lastTime } : {}),
  };
}

/** An excerpt around `decisive` (a line number): a few kept lines before, one or two after. */
export function logExcerpt(
  window: LogWindow,
  decisive: number,
  label: string,
  around: { before: number; after: number } = { before: 4, after: 2 },
): LogEvidence {
  const index = window.lines.findIndex((line) => line.number === decisive);
  const start = Math.max(0, index - around.before);
  const end = Math.min(window.lines.length, index + around.after + 1);
  const lines = window.lines.slice(start, end).map(({ number, text }) => ({ number, text }));
  const firstNumber = window.source.firstLine ?? 1;
  const lastNumber = window.source.lastLine ?? window.totalLines;
  return {
    kind: 'log',
    label,
    file: window.source.file,
    lines,
    decisiveLine: decisive,
    cutBefore: (lines[0]?.number ?? firstNumber) > firstNumber,
    cutAfter: (lines.at(-1)?.number ?? lastNumber) < lastNumber,
  };
}

/** The last lines of a log, when no single line decides (the `unknown` cause shows how the log ends). */
export function logTail(window: LogWindow, count: number, label: string): LogEvidence | undefined {
  const last = window.lines.at(-1);
  if (!last) return undefined;
  return logExcerpt(window, last.number, label, { before: count - 1, after: 0 });
}

export function note(text: string, label: string): NoteEvidence {
  return { kind: 'note', label, text };
}

/** A table; `role: 'comparison'` says it sets two clusters side by side (renderers give it a section of its own). */
export function table(
  label: string,
  columns: string[],
  rows: string[][],
  options: { highlightRows?: number[]; role?: TableEvidence['role'] } = {},
): TableEvidence {
  const { highlightRows, role } = options;
  return {
    kind: 'table',
    label,
    columns,
    rows,
    ...(highlightRows && highlightRows.length > 0 ? { highlightRows } : {}),
    ...(role ? { role } : {}),
  };
}

/** The first block decides, the rest back it up; undefined when there is no block at all. */
export function leadingEvidence(blocks: readonly Evidence[]): MatchEvidence | undefined {
  const [primary, ...supporting] = blocks;
  return primary ? { primary, supporting } : undefined;
}

/**
 * The report's evidence list: the primary block first and marked `primary: true`, the supporting blocks after it
 * unmarked (a block copied from another finding loses that finding's mark).
 */
export function evidenceList({ primary, supporting }: MatchEvidence): Evidence[] {
  return [{ ...primary, primary: true }, ...supporting.map(unmarked)];
}

function unmarked(block: Evidence): Evidence {
  if (!block.primary) return block;
  const copy = { ...block };
  delete copy.primary;
  return copy;
}
