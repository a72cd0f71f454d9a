/**
 * The shared reasoning of the two probe-kill causes: did the kubelet kill this container because its liveness (or
 * startup) probe failed, what did the probe get, and does the probe give the app enough time to boot?
 */
import type { Probe } from 'kubernetes-types/core/v1.js';
import type { Evidence } from '../model/report.js';
import { eventEvidence, leadingEvidence, logExcerpt, specField, statusField } from './evidence.js';
import { deathOf, exitCodeOf, formatDuration, ranSeconds, reasonOf } from './facts.js';
import {
  bootTiming,
  describeHandler,
  handlerYaml,
  latestFailure,
  latestProbeKill,
  probeFailures,
  probeTiming,
  type ProbeTiming,
} from './probes.js';
import type { Reading } from './reading.js';
import type { CauseContext, CauseMatch } from './rule.js';

export type ProbeKillMessage = 'slow-boot' | 'failed-while-running' | 'wrong-endpoint' | 'killed';

/** What a liveness or startup probe kill records. */
export interface ProbeKillData {
  container: string;
  probe: 'liveness' | 'startup';
  /** The latest failure's kind (`http-status`, `timeout`…) or `unknown`, in words, and its HTTP status. */
  failure: string;
  failureText: string;
  statusCode: number | undefined;
  handler: string;
  exitCode: number | undefined;
  ranSeconds: number | undefined;
  ranFor: string;
  /** How long the probes let the app boot (startup budget included), in seconds and in words. */
  budgetSeconds: number | undefined;
  budget: string;
  /** How long the app took to boot by its log, in seconds and in words; `neverReady` when it never said it was up. */
  bootSeconds: number | undefined;
  bootTime: string;
  neverReady: boolean;
  hasStartupProbe: boolean;
  timing: ProbeTiming | undefined;
  /** Probe failures counted across the events. */
  failures: number;
}

export function probeKillMatch(probeType: 'liveness' | 'startup', { pod, container }: CauseContext, reading: Reading): CauseMatch<ProbeKillMessage, ProbeKillData> | undefined {
  const death = deathOf(container);
  if (reasonOf(death) === 'OOMKilled') return undefined;
  const exitCode = exitCodeOf(death);
  const kill = latestProbeKill(container);
  const failures = probeFailures(container, probeType);
  const killedByThis = kill?.probe === probeType;
  const killedByOther = kill !== undefined && !killedByThis;
  // Without a Killing event (expired, or aggregated away) a SIGKILL/SIGTERM death right after failures still counts.
  const inferred = !kill && failures.length > 0 && (exitCode === 137 || exitCode === 143);
  if (!killedByThis && (killedByOther || !inferred)) return undefined;

  const spec = probeType === 'liveness' ? container.spec.livenessProbe : container.spec.startupProbe;
  const timing = probeTiming(spec);
  const startupTiming = probeType === 'liveness' ? probeTiming(container.spec.startupProbe) : undefined;
  // Liveness probing starts only once a startup probe has succeeded, so the startup budget adds to the boot window.
  const budgetSeconds = timing ? timing.budgetSeconds + (startupTiming?.budgetSeconds ?? 0) : undefined;
  const failure = latestFailure(failures);
  const ran = ranSeconds(death);
  const log = reading.log;
  const boot = bootTiming(log?.window);
  const bootSeconds = boot.bootSeconds ?? (boot.neverReady ? Math.max(ran ?? 0, boot.loggedSeconds ?? 0) : undefined);

  let messageId: ProbeKillMessage = 'killed';
  if (failure?.kind === 'http-status' && failure.statusCode === 404) messageId = 'wrong-endpoint';
  else if (budgetSeconds !== undefined && bootSeconds !== undefined) {
    const slow = boot.neverReady ? ran === undefined || ran <= budgetSeconds * 1.5 + 30 : bootSeconds >= budgetSeconds * 0.8;
    messageId = slow ? 'slow-boot' : probeType === 'liveness' ? 'failed-while-running' : 'slow-boot';
  } else if (probeType === 'liveness' && ran !== undefined && budgetSeconds !== undefined && ran > budgetSeconds * 3) {
    messageId = 'failed-while-running';
  }

  // A liveness kill before the app ever became Ready is a slow boot, even when the log has no timestamps: Ready never
  // true, readiness failing since the start, and killed at the first chance the probe's budget gives.
  const readinessFailures = probeFailures(container, 'readiness');
  const neverReady =
    probeType === 'liveness' &&
    messageId !== 'wrong-endpoint' &&
    messageId !== 'slow-boot' &&
    container.status?.ready !== true &&
    // Readiness failing since the start, or no probe failure recorded at all (killed at the first chance the budget gives).
    (readinessFailures.length > 0 || failure === undefined) &&
    ran !== undefined &&
    budgetSeconds !== undefined &&
    ran <= budgetSeconds * 2 + (timing?.periodSeconds ?? 10);
  if (neverReady) messageId = 'slow-boot';
  const bootTime = bootSeconds !== undefined ? `${boot.neverReady ? 'more than ' : ''}${formatDuration(bootSeconds)}` : neverReady ? `more than ${formatDuration(ran)}` : 'an unknown time';

  // The kill decides, else the probe's failure, else the exit code; one of them is there, or the probe killed nothing.
  const blocks: Evidence[] = [];
  if (kill && killedByThis) blocks.push(eventEvidence(kill.event, `${probeType} kill`));
  if (failure) blocks.push(eventEvidence(failure.event, `${probeType} probe failure`));
  if (death && exitCode !== undefined) blocks.push(statusField(pod, container, `${death.path}.exitCode`, exitCode, 'exit code'));
  if (spec) blocks.push(specField(pod, container, probeType === 'liveness' ? 'livenessProbe' : 'startupProbe', spec, `${probeType} probe`));
  if (boot.readyLine && log) blocks.push(logExcerpt(log.window, boot.readyLine.line.number, 'the app says it is up', { before: 1, after: 0 }));
  const evidence = leadingEvidence(blocks);
  if (!evidence) return undefined;

  const data: ProbeKillData = {
    container: container.name,
    probe: probeType,
    failure: failure?.kind ?? 'unknown',
    failureText: failure?.description ?? 'failures',
    statusCode: failure?.statusCode,
    handler: describeHandler(spec),
    exitCode,
    ranSeconds: ran,
    ranFor: ran === undefined ? 'an unknown time' : formatDuration(ran),
    budgetSeconds,
    budget: budgetSeconds === undefined ? 'the default budget' : formatDuration(budgetSeconds),
    bootSeconds,
    bootTime,
    neverReady: boot.neverReady,
    hasStartupProbe: container.spec.startupProbe !== undefined,
    timing,
    failures: failures.reduce((sum, f) => sum + f.event.count, 0),
  };
  return {
    messageId,
    kind: probeKind(probeType, messageId, spec, failure?.kind),
    data,
    confidence: killedByThis ? 'high' : 'medium',
    evidence,
    fix: probeFix(probeType, messageId, spec, timing, bootSeconds, failure?.kind),
  };
}

const KIND_BY_FAILURE: Partial<Record<string, string>> = {
  'http-status': 'http-error',
  'grpc-not-serving': 'http-error',
  timeout: 'timeout',
  'exec-timeout': 'exec',
  'exec-failed': 'exec',
  'connection-refused': 'refused',
  'connection-reset': 'refused',
};

/** The sub-kind: a slow boot (a startup budget too small), else what the probe got. */
function probeKind(probeType: 'liveness' | 'startup', messageId: ProbeKillMessage, spec: Probe | undefined, failure: string | undefined): string | undefined {
  if (probeType === 'startup') return 'budget';
  if (messageId === 'slow-boot') return 'slow-boot';
  if (messageId === 'wrong-endpoint') return 'http-error';
  if (spec?.exec) return 'exec';
  return failure ? KIND_BY_FAILURE[failure] : spec?.httpGet ? 'http-error' : undefined;
}

function probeFix(
  probeType: 'liveness' | 'startup',
  messageId: ProbeKillMessage,
  spec: Probe | undefined,
  timing: ProbeTiming | undefined,
  bootSeconds: number | undefined,
  failureKind: string | undefined,
) {
  const period = timing?.periodSeconds ?? 10;
  const neededSeconds = Math.max(60, Math.ceil(((bootSeconds ?? 60) * 1.5) / period) * period);
  const threshold = Math.ceil(neededSeconds / period);
  const startupYaml = `startupProbe:\n${handlerYaml(spec, '  ')}\n  periodSeconds: ${period}\n  failureThreshold: ${threshold}   # allows ${neededSeconds}s to boot`;
  const shallowYaml = `livenessProbe:\n  httpGet:\n    path: /livez        # answers from the process itself: no database, no downstream calls\n    port: ${portOf(spec)}\n  periodSeconds: ${period}\n  timeoutSeconds: ${Math.max(timing?.timeoutSeconds ?? 1, 3)}\n  failureThreshold: 3`;
  const never = 'do not remove or disable the probe: it is what restarts a process that is really stuck';

  if (messageId === 'wrong-endpoint') {
    return {
      summary: `point the ${probeType} probe at a path the app serves (it answers 404)`,
      steps: ['check the path and port the app serves its health endpoint on', `fix the probe's httpGet.path/port`, never],
      snippet: { language: 'yaml' as const, code: shallowYaml },
      owner: 'application' as const,
    };
  }
  if (messageId === 'slow-boot') {
    return {
      summary:
        probeType === 'startup'
          ? `give the startup probe a budget that covers the app's real boot time (failureThreshold × periodSeconds ≥ ${neededSeconds}s)`
          : `add a startupProbe so the liveness probe waits until the app has booted (about ${neededSeconds}s)`,
      steps: [
        probeType === 'startup'
          ? `raise startupProbe.failureThreshold to ${threshold} (× periodSeconds ${period})`
          : 'add a startupProbe with the same handler as the liveness probe; liveness only starts once it succeeds',
        'keep the liveness probe fast and shallow; do not stretch initialDelaySeconds to cover the boot',
        'if the boot itself is slow for no reason (migrations, cache warm-up at start), move that work out of the start path',
        never,
      ],
      snippet: { language: 'yaml' as const, code: startupYaml },
      owner: 'application' as const,
    };
  }
  const timeoutStep =
    failureKind === 'timeout' || failureKind === 'exec-timeout'
      ? `the probe timed out: make the endpoint answer within timeoutSeconds (${timing?.timeoutSeconds ?? 1}s) even under load, check CPU throttling, or raise timeoutSeconds to a few seconds`
      : failureKind === 'connection-refused'
        ? 'the probe got connection refused: the process stopped listening (a crashed listener, a deadlock) or the probe port is wrong'
        : 'the health endpoint reported failure: see in the log why the app thinks it is unhealthy';
  return {
    summary: `make the ${probeType} probe shallow (the process answers, nothing downstream) and fix why the app stops answering`,
    steps: [
      timeoutStep,
      'a liveness endpoint must not check databases or other services: a dependency outage would restart every replica',
      never,
    ],
    snippet: { language: 'yaml' as const, code: shallowYaml },
    owner: 'application' as const,
  };
}

function portOf(spec: Probe | undefined): string {
  const port = spec?.httpGet?.port ?? spec?.tcpSocket?.port ?? spec?.grpc?.port;
  return port === undefined ? '8080' : String(port);
}
