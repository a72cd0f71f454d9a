import type { Evidence } from '../../model/report.js';
import { logExcerpt, logTail, note, statusField } from '../evidence.js';
import { deathOf, exitCodeOf, reasonOf, str } from '../facts.js';
import { ENDINGS } from '../reading.js';
import { shellCommand } from '../../util/shell.js';
import { defineCause } from '../rule.js';

/**
 * The fallback: the container is in trouble and no rule found decisive evidence. It says exactly what is missing
 * from the bundle, so the reader knows what to collect next instead of guessing.
 */
type Message = 'runtime-restarted' | 'killed-by-signal' | 'no-decisive-line' | 'no-evidence';

interface UnknownData {
  container: string;
  exitCode: number | undefined;
  reason: string | undefined;
  /** What the bundle lacks that would have decided, one entry each, and the same as one phrase. */
  missing: string[];
  missingText: string;
  /** The waiting reason, or the trouble kind. */
  state: string;
  hasPreviousLog: boolean;
  /** The last error-like lines of the log, nearest the death last. */
  errorLines: string[];
  /** killed-by-signal: the signal exit 137 or 143 stands for. */
  signal?: 'SIGKILL' | 'SIGTERM';
}

export default defineCause<Message, UnknownData>({
  id: 'unknown',
  title: 'No decisive evidence',
  docs: 'The container crash-loops or restarted, but the bundle holds no decisive evidence: no previous log, events expired, a log that ends without an error. The finding says what is missing and what to collect.',
  tier: 'fallback',
  rank: 100,
  messages: {
    'runtime-restarted': '{container} restarted because its previous instance ended with reason Unknown (exit {exitCode}): the node or its container runtime restarted',
    'killed-by-signal': '{container} was killed by {signal} (exit {exitCode}) and the bundle does not say by whom; missing: {missingText}',
    'no-decisive-line': '{container} exits {exitCode} and its log ends without a decisive error line; missing: {missingText}',
    'no-evidence': '{container} is {state} and the bundle holds no decisive evidence; missing: {missingText}',
  },
  keepPatterns: [],
  explains: ENDINGS,
  decide({ snapshot, pod, container, trouble }, reading) {
    const death = deathOf(container);
    const exitCode = exitCodeOf(death);
    const reason = reasonOf(death);
    const waiting = container.state?.waiting;
    // A fallback, not a catch-all: a container with no failed instance and no waiting state is fine.
    if (!waiting && (!death || (exitCode === 0 && reason !== 'OOMKilled')) && trouble.kind !== 'evicted' && trouble.kind !== 'mount-blocked') {
      return undefined;
    }
    const log = reading.log && reading.log.which !== 'termination message' ? reading.log : undefined;
    const missing: string[] = [];
    if (!container.logs.previous && container.restartCount > 0) {
      const [recorded] = container.logs.errors;
      missing.push(
        recorded !== undefined
          ? `the previous log (the collector recorded: ${recorded})`
          : 'the previous log (`kubectl logs --previous`) was not collected',
      );
    }
    if (!log && container.restartCount === 0) missing.push('a log of the failed instance');
    const eventTimes = [death?.terminated.finishedAt].filter((t): t is string => typeof t === 'string');
    const earliest = snapshot.eventWindow.earliest;
    if (container.events.length === 0 && pod.events.length === 0) {
      missing.push(
        snapshot.eventWindow.count === 0
          ? 'events (the bundle holds none)'
          : earliest !== undefined && eventTimes.some((t) => t < earliest)
            ? `events for this pod (they expired: the bundle's events start at ${earliest}, after the container died)`
            : 'events for this pod (expired or not collected)',
      );
    }
    if (!death) missing.push('a termination record (lastState.terminated)');
    const missingText = missing.length > 0 ? missing.join('; ') : 'nothing obvious: read the full log';

    const primary = death
      ? statusField(pod, container, death.path, death.terminated, `last termination (${reason || 'no reason'})`)
      : container.state?.waiting
        ? statusField(pod, container, 'state.waiting', container.state.waiting, 'waiting')
        : note(`${container.name} is ${trouble.why}`, 'state');
    const supporting: Evidence[] = [];
    const evidence = { primary, supporting };
    const tail = log ? logTail(log.window, 5, `end of the ${log.which} log`) : undefined;
    if (tail) supporting.push(tail);
    // The error-like lines it saw, nearest the death: not decisive on their own, but what a reader should look at first.
    const errorLines = reading.hits.slice(-3);
    const nearest = errorLines.at(-1);
    if (log && nearest && !tail?.lines.some((line) => line.number === nearest.line.number)) {
      supporting.push(logExcerpt(log.window, nearest.line.number, 'error-like line nearest the death', { before: 1, after: 1 }));
    }
    if (missing.length > 0) supporting.push(note(missing.join('\n'), 'missing from the bundle'));

    const base = {
      container: container.name,
      exitCode,
      reason: reason || undefined,
      missing,
      missingText,
      state: str(container.state?.waiting?.reason) || trouble.kind,
      hasPreviousLog: container.logs.previous !== undefined,
      errorLines: errorLines.map((hit) => hit.text),
    };
    const collect = {
      summary: 'collect the missing evidence: the previous log and fresh events, right after the next crash',
      steps: [
        `\`${shellCommand(['kubectl', 'logs', '-n', pod.namespace, pod.name, '-c', container.name, '--previous'])}\``,
        `\`${shellCommand(['kubectl', 'describe', 'pod', '-n', pod.namespace, pod.name])}\` within an hour of the crash (events expire)`,
        'set `terminationMessagePolicy: FallbackToLogsOnError` so the last log lines are kept in the pod status',
      ],
      snippet: { language: 'yaml' as const, code: 'containers:\n  - name: <container>\n    terminationMessagePolicy: FallbackToLogsOnError' },
      owner: 'application' as const,
    };

    if (reason === 'Unknown' && (exitCode === 255 || exitCode === undefined)) {
      return {
        messageId: 'runtime-restarted',
        data: base,
        confidence: 'medium',
        evidence,
        fix: {
          summary: 'nothing to fix in the app if it runs again: the node or container runtime restarted; ask the platform team if it keeps happening',
          steps: ['check the node\'s events and uptime (a changed bootID means a reboot)', 'if restarts repeat across pods of this node, the node is unstable: escalate to the platform team'],
          owner: 'platform' as const,
        },
      };
    }
    if (exitCode === 137 || exitCode === 143) {
      return {
        messageId: 'killed-by-signal',
        data: { ...base, signal: exitCode === 137 ? 'SIGKILL' : 'SIGTERM' },
        confidence: 'low',
        evidence,
        fix: {
          ...collect,
          steps: [
            'exit 137 without OOMKilled: a liveness kill, a node OOM kill the runtime did not attribute, a preStop overrun or `kill -9`; events would tell which',
            ...collect.steps,
          ],
        },
      };
    }
    if (log && exitCode !== undefined) return { messageId: 'no-decisive-line', data: base, confidence: 'low', evidence, fix: collect };
    return { messageId: 'no-evidence', data: base, confidence: 'low', evidence, fix: collect };
  },
});
