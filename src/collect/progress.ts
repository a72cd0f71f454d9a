/**
 * What `collect` tells the person at the terminal: the progress line (one line, rewritten in place, throttled, only
 * on a TTY) while it runs, and its last words when it is done.
 */
import type { CollectionError, PodmortemManifest } from '../model/manifest.js';
import { shellCommand } from '../util/shell.js';
import { formatBytes, statusLine, type TextStream } from '../util/status-line.js';
import type { CollectProgress } from './collector.js';

function progressText(progress: CollectProgress): string {
  const errors = progress.errors > 0 ? `, ${progress.errors} failed` : '';
  // Names come from the cluster: keep only printable characters so nothing can drive the terminal.
  const current = progress.current.replace(/[^\x20-\x7e]/g, '?').slice(0, 60);
  return `podmortem collect: ${progress.done}/${progress.total} steps${errors} · ${current}`;
}

export function progressPrinter(stream: TextStream): { update: (progress: CollectProgress) => void; clear: () => void } {
  const line = statusLine(stream);
  return { update: (progress) => line.update(progressText(progress)), clear: () => line.clear() };
}

/** Why a step could not collect something: expected (nothing to collect) or a real failure someone should look at. */
export type FailureKind = 'expected' | 'rbac' | 'timeout' | 'other';

/**
 * kubelet's answers for a log that does not exist (validateContainerLogStatus): a container that never started, or
 * has no previous instance, or whose log is gone. Collecting "nothing" there is the right result.
 */
const EXPECTED_FAILURES = [
  /is waiting to start/,
  /previous terminated container "[^"]*" in pod "[^"]*" not found/,
  /container "[^"]*" in pod "[^"]*" is (?:terminated|not available)/,
];

export function classifyFailure(error: CollectionError): FailureKind {
  const message = error.message;
  if (EXPECTED_FAILURES.some((pattern) => pattern.test(message))) return 'expected';
  if (/\bforbidden\b|\bUnauthorized\b/i.test(message)) return 'rbac';
  if (/timed out|deadline exceeded|Client\.Timeout|i\/o timeout/i.test(message)) return 'timeout';
  return 'other';
}

function redactedName(path: string): string {
  return path.replace(/(\.tar\.gz|\.tgz)?$/, '-redacted.tar.gz');
}

/** Failures listed by name before "and N more". */
const MAX_LISTED = 8;

/**
 * What `collect` says last, on stderr: the file to attach and its size, what was masked, what was cut, and what
 * could not be collected: the expected (no log for a container that never started) apart from the real failures
 * (RBAC, timeouts), each listed. Names come from the cluster: the caller writes these lines through the neutraliser.
 */
export function lastWords(manifest: PodmortemManifest, attach: { path: string; bytes: number; files: number }): string[] {
  const size = `${formatBytes(attach.bytes)}, ${attach.files} files`;
  const lines = manifest.redaction.enabled
    ? [`Attach ${attach.path} (${size}) to the ticket.`]
    : [`Do not attach ${attach.path} (${size}) as it is: run ${shellCommand(['podmortem', 'redact', attach.path, redactedName(attach.path)])} and attach that.`];
  const byRule = new Map<string, number>();
  for (const { rule, count } of manifest.redaction.files) byRule.set(rule, (byRule.get(rule) ?? 0) + count);
  const masked = [...byRule.values()].reduce((sum, n) => sum + n, 0);
  if (!manifest.redaction.enabled) lines.push('Nothing was masked (--no-redact).');
  else if (masked === 0) lines.push('Masked: no credential was found (Secret and ConfigMap values are never collected).');
  else {
    const rules = [...byRule].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([rule, n]) => `${n} ${rule}`);
    const files = new Set(manifest.redaction.files.map((f) => f.file)).size;
    lines.push(`Masked ${masked} values in ${files} files: ${rules.join(', ')} (podmortem.json "redaction" lists them by file).`);
  }
  if (manifest.logPolicy.cut.length > 0) {
    lines.push(`${manifest.logPolicy.cut.length} logs cut to their first ${manifest.logPolicy.headLines} and last ${manifest.logPolicy.tailLines} lines.`);
  }
  const expected = manifest.errors.filter((e) => classifyFailure(e) === 'expected');
  const real = manifest.errors.filter((e) => classifyFailure(e) !== 'expected');
  if (expected.length > 0) {
    lines.push(`Not there to collect (${expected.length}, expected): logs of containers that never started or have no previous run`);
    lines.push(...listed(expected, () => ''));
  }
  if (real.length > 0) {
    lines.push(`Failed (${real.length}): look at these, the bundle lacks what they were for`);
    const label: Record<FailureKind, string> = { expected: '', rbac: 'RBAC: ', timeout: 'timeout: ', other: '' };
    lines.push(...listed(real, (e) => label[classifyFailure(e)]));
  }
  if (manifest.errors.length === 0) lines.push('Every step succeeded.');
  return lines;
}

function listed(errors: readonly CollectionError[], prefix: (e: CollectionError) => string): string[] {
  const lines = errors.slice(0, MAX_LISTED).map((e) => `  - ${e.target}: ${prefix(e)}${e.message.split('\n')[0] ?? ''}`);
  if (errors.length > MAX_LISTED) lines.push(`  … and ${errors.length - MAX_LISTED} more (podmortem.json "errors")`);
  return lines;
}
