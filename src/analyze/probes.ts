/**
 * Probe facts shared by the probe causes and the kubelet-overloaded check: what an `Unhealthy` event says
 * (k/k pkg/kubelet/prober/prober.go: `%s probe failed: %s`, newer `%s probe errored and resulted in %s state: %s`,
 * older `%s probe errored: %v`), which probe killed a container (`Killing`: `Container %s failed liveness probe,
 * will be restarted`), and how long a probe lets an app boot.
 */
import type { Probe } from 'kubernetes-types/core/v1.js';
import type { ContainerView, EventView, LogWindow } from '../model/snapshot.js';
import { findLines, latestEvent, lineTime, type LineMatch } from './facts.js';

export type ProbeType = 'liveness' | 'readiness' | 'startup';

type ProbeFailureKind =
  | 'http-status'
  | 'timeout'
  | 'exec-timeout'
  | 'connection-refused'
  | 'connection-reset'
  | 'exec-failed'
  | 'grpc-not-serving'
  | 'errored'
  | 'other';

export interface ProbeFailure {
  probe: ProbeType;
  kind: ProbeFailureKind;
  statusCode?: number;
  /** What the probe got, in a few words: `HTTP 503`, `a timeout`, `connection refused`. */
  description: string;
  event: EventView;
}

const UNHEALTHY = /\b(liveness|readiness|startup) probe (failed|errored)\b(.*)$/is;

export function parseProbeEvent(event: EventView): ProbeFailure | undefined {
  if (event.reason !== 'Unhealthy') return undefined;
  const match = UNHEALTHY.exec(event.message);
  // All three groups take part in every match.
  const [, probeName = '', outcome = ''] = match ?? [];
  if (!match) return undefined;
  const probe = probeName.toLowerCase() as ProbeType;
  const rest = match[3] ?? '';
  const status = /statuscode: (\d{3})/i.exec(rest);
  if (status) {
    const statusCode = Number(status[1]);
    return { probe, kind: 'http-status', statusCode, description: `HTTP ${statusCode}`, event };
  }
  if (/command .* timed out/is.test(rest)) return { probe, kind: 'exec-timeout', description: 'an exec timeout', event };
  if (/Client\.Timeout exceeded|context deadline exceeded|i\/o timeout|timed out|timeout: |did not complete within/i.test(rest)) {
    return { probe, kind: 'timeout', description: 'a timeout', event };
  }
  if (/connection refused/i.test(rest)) return { probe, kind: 'connection-refused', description: 'connection refused', event };
  if (/connection reset by peer|: EOF\b/i.test(rest)) return { probe, kind: 'connection-reset', description: 'a reset connection', event };
  if (/NOT_SERVING/.test(rest)) return { probe, kind: 'grpc-not-serving', description: 'gRPC NOT_SERVING', event };
  if (outcome.toLowerCase() === 'errored') return { probe, kind: 'errored', description: 'a probe error', event };
  // An exec probe that exits non-zero reports its output, often nothing: `Liveness probe failed: `.
  if (/^:\s*$/.test(rest) || /^:\s/.test(rest)) return { probe, kind: 'exec-failed', description: 'a failing exec command', event };
  return { probe, kind: 'other', description: 'a failure', event };
}

export function probeFailures(container: ContainerView, probe?: ProbeType): ProbeFailure[] {
  return container.events
    .map(parseProbeEvent)
    .filter((failure): failure is ProbeFailure => failure !== undefined && (probe === undefined || failure.probe === probe));
}

/** The latest failure of a kind, preferring the most specific (status/timeout/refused) over an empty exec output. */
export function latestFailure(failures: ProbeFailure[]): ProbeFailure | undefined {
  let best: ProbeFailure | undefined;
  for (const failure of failures) {
    if (!best || (failure.event.lastTime ?? '') >= (best.event.lastTime ?? '')) best = failure;
  }
  return best;
}

const KILLED_BY_PROBE = /failed (liveness|startup) probe/i;

/** The latest `Killing` event that says a probe failed, and which probe. */
export function latestProbeKill(container: ContainerView): { probe: 'liveness' | 'startup'; event: EventView } | undefined {
  const event = latestEvent(container.events, (e) => e.reason === 'Killing' && KILLED_BY_PROBE.test(e.message));
  const probe = event ? KILLED_BY_PROBE.exec(event.message)?.[1] : undefined;
  if (!event || probe === undefined) return undefined;
  return { probe: probe.toLowerCase() as 'liveness' | 'startup', event };
}

export interface ProbeTiming {
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
  /** How long the probe tolerates an app that does not answer yet: initialDelay + period × failureThreshold. */
  budgetSeconds: number;
}

/** The probe's timing with the API defaults filled in (period 10, timeout 1, failureThreshold 3). */
export function probeTiming(probe: Probe | undefined): ProbeTiming | undefined {
  if (!probe || typeof probe !== 'object') return undefined;
  const num = (value: unknown, fallback: number) => (typeof value === 'number' && value >= 0 ? value : fallback);
  const initialDelaySeconds = num(probe.initialDelaySeconds, 0);
  const periodSeconds = num(probe.periodSeconds, 10) || 10;
  const timeoutSeconds = num(probe.timeoutSeconds, 1) || 1;
  const failureThreshold = num(probe.failureThreshold, 3) || 3;
  return {
    initialDelaySeconds,
    periodSeconds,
    timeoutSeconds,
    failureThreshold,
    budgetSeconds: initialDelaySeconds + periodSeconds * failureThreshold,
  };
}

/** `http-get :8080/healthz`, `exec pg_isready`, `tcp-socket :5432`, `grpc :9000`. */
export function describeHandler(probe: Probe | undefined): string {
  if (!probe) return 'none';
  if (probe.httpGet) return `http-get :${String(probe.httpGet.port)}${probe.httpGet.path ?? '/'}`;
  if (probe.tcpSocket) return `tcp-socket :${String(probe.tcpSocket.port)}`;
  if (probe.grpc) return `grpc :${String(probe.grpc.port)}`;
  if (probe.exec) return `exec ${(probe.exec.command ?? []).join(' ')}`;
  return 'unknown handler';
}

/** The handler part of a probe as YAML lines (for fixes that add a startupProbe with the same handler). */
export function handlerYaml(probe: Probe | undefined, indent: string): string {
  if (probe?.httpGet) {
    return `${indent}httpGet:\n${indent}  path: ${probe.httpGet.path ?? '/'}\n${indent}  port: ${String(probe.httpGet.port)}`;
  }
  if (probe?.tcpSocket) return `${indent}tcpSocket:\n${indent}  port: ${String(probe.tcpSocket.port)}`;
  if (probe?.grpc) return `${indent}grpc:\n${indent}  port: ${String(probe.grpc.port)}`;
  if (probe?.exec?.command) return `${indent}exec:\n${indent}  command: ${JSON.stringify(probe.exec.command)}`;
  return `${indent}httpGet:\n${indent}  path: /healthz\n${indent}  port: 8080`;
}

/** Lines with which apps say they are up: Spring's `Started X in 42.1 seconds`, `listening on`, `server started`. */
const READY_LINE =
  /\bStarted \S+ in ([\d.]+) seconds|\b(?:listening|serving|server (?:is )?(?:started|running|ready)|ready to accept connections|started server|application started|startup complete)\b/i;

export interface BootTiming {
  /** Seconds from the first log line to the line that says the app is up. */
  bootSeconds?: number;
  readyLine?: LineMatch;
  /** The log has timestamps but no line that says the app is up: it never finished booting. */
  neverReady: boolean;
  /** Seconds the log covers (first to last timestamped line). */
  loggedSeconds?: number;
}

export function bootTiming(window: LogWindow | undefined): BootTiming {
  if (!window) return { neverReady: false };
  const ready = findLines(window, READY_LINE)[0];
  const times = window.lines.map(lineTime).filter((t): t is number => t !== undefined);
  const first = times[0];
  const last = times[times.length - 1];
  const loggedSeconds = first !== undefined && last !== undefined ? Math.round((last - first) / 1000) : undefined;
  if (ready) {
    const spring = ready.match[1];
    const readyAt = lineTime(ready.line);
    const bootSeconds = spring
      ? Math.round(Number(spring))
      : readyAt !== undefined && first !== undefined
        ? Math.round((readyAt - first) / 1000)
        : undefined;
    return { bootSeconds, readyLine: ready, neverReady: false, loggedSeconds };
  }
  return { neverReady: times.length > 0, loggedSeconds };
}

export const PROBE_KEEP_PATTERNS: RegExp[] = [READY_LINE];
