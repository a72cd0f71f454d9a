/**
 * How one troubled container died, read once and shared by every cause (ESLint computes scopes once and rules
 * subscribe to them; here the engine reads each container's case once and causes subscribe to endings):
 * how it ended, how long it ran, the dead instance's log, the app's stated reason, and the signature hits of that
 * log, matched once. Causes declare which endings they explain and only decide.
 */
import { deadInstanceLog } from '../model/container-logs.js';
import type { ContainerView, LogWindow, PodView, Snapshot } from '../model/snapshot.js';
import { deathOf, exitCodeOf, ranSeconds, reasonOf, str, type Death } from './facts.js';
import { latestProbeKill, probeFailures } from './probes.js';
import { TROUBLED_WAITING_REASONS } from './select.js';
import type { Trouble } from './rule.js';
import { decisiveHit, matchWindow, type SignatureHit } from './signatures/match.js';

/**
 * How the container's last instance ended (or why none ran):
 * `not-started` — waiting on image, config, volume (no instance ran since);
 * `start-failed` — the runtime could not start the process (StartError, ContainerCannotRun, RunContainerError);
 * `probe-killed` — the kubelet killed it for a failed liveness or startup probe, whatever exit code followed;
 * `oom-killed` — the kernel killed it at its memory limit (reason OOMKilled);
 * `evicted` — the kubelet evicted the pod;
 * `killed` — SIGKILL/SIGTERM (137/143) that no event attributes;
 * `runtime-restart` — reason Unknown: the node or the container runtime restarted under it;
 * `exited` — it ended on its own: non-zero, or zero where the pod restarts it (restartPolicy Always, a sidecar);
 * `completed` — it exited 0 where nothing restarts it (a Job's container).
 */
export type Ending = 'not-started' | 'start-failed' | 'probe-killed' | 'oom-killed' | 'evicted' | 'killed' | 'runtime-restart' | 'exited' | 'completed';

export const ENDINGS: readonly Ending[] = ['not-started', 'start-failed', 'probe-killed', 'oom-killed', 'evicted', 'killed', 'runtime-restart', 'exited', 'completed'];

export interface DeadLog {
  window: LogWindow;
  which: 'previous' | 'current' | 'termination message';
}

export interface Reading {
  ending: Ending;
  death?: Death;
  exitCode?: number;
  reason: string;
  ranSeconds?: number;
  /** The dead instance's words: its previous log, else the current one (see `deadInstanceLog`), else its termination message. */
  log?: DeadLog;
  /** `terminationMessagePath` / FallbackToLogsOnError: the app's stated reason, when it left one. */
  terminationMessage?: string;
  /** Every line of `log` a signature explains, in order. */
  hits: SignatureHit[];
  /** The hit nearest the death among the highest-ranked: the decisive line. */
  decisive?: SignatureHit;
  /** The container keeps dying now: CrashLoopBackOff, or many restarts with back-off events. */
  crashLooping: boolean;
}

const START_FAILED_WAITING = new Set(['CreateContainerError', 'RunContainerError', 'StartError']);
/** Waiting reasons of a container that cannot be pulled or created: no instance of it runs (the rest of select's list). */
const NOT_STARTED_REASONS = new Set([
  ...[...TROUBLED_WAITING_REASONS].filter((r) => r !== 'CrashLoopBackOff' && !START_FAILED_WAITING.has(r) && r !== 'PreStartHookError' && r !== 'PostStartHookError'),
  'ContainerCreating',
  'PodInitializing',
]);
const START_FAILED_TERMINATED = new Set(['StartError', 'ContainerCannotRun']);

const cache = new WeakMap<ContainerView, Reading>();

export interface ReadingContext {
  snapshot: Snapshot;
  pod: PodView;
  container: ContainerView;
  trouble: Trouble;
}

/** The container's reading, computed on first use and shared by every cause (the snapshot is immutable). */
export function readingOf(context: ReadingContext): Reading {
  const cached = cache.get(context.container);
  if (cached) return cached;
  const reading = readContainer(context);
  cache.set(context.container, reading);
  return reading;
}

function readContainer({ snapshot, pod, container, trouble }: ReadingContext): Reading {
  const death = deathOf(container);
  const exitCode = exitCodeOf(death);
  const reason = reasonOf(death);
  const crashLooping =
    str(container.state?.waiting?.reason) === 'CrashLoopBackOff' ||
    (container.restartCount >= 3 && container.events.some((e) => e.reason === 'BackOff' && /restarting failed container/i.test(e.message)));
  const log = deadInstanceLog(container, snapshot.bundle.logs.previous, crashLooping) ?? terminationLog(pod, death);
  const hits = log ? matchWindow(log.window) : [];
  const ran = ranSeconds(death);
  const terminationMessage = str(death?.terminated.message);
  const decisive = decisiveHit(hits);
  return {
    ending: endingOf(pod, container, trouble, death),
    ...(death ? { death } : {}),
    ...(exitCode !== undefined ? { exitCode } : {}),
    reason,
    ...(ran !== undefined ? { ranSeconds: ran } : {}),
    ...(log ? { log } : {}),
    ...(terminationMessage.trim() ? { terminationMessage } : {}),
    hits,
    ...(decisive ? { decisive } : {}),
    crashLooping,
  };
}

function endingOf(pod: PodView, container: ContainerView, trouble: Trouble, death: Death | undefined): Ending {
  if (trouble.kind === 'evicted') return 'evicted';
  const waiting = str(container.state?.waiting?.reason);
  if (NOT_STARTED_REASONS.has(waiting)) return 'not-started';
  if (START_FAILED_WAITING.has(waiting)) return 'start-failed';
  if (!death) return 'not-started';
  const reason = reasonOf(death);
  const exitCode = exitCodeOf(death);
  if (reason === 'OOMKilled') return 'oom-killed';
  if (killedByProbe(container, death)) return 'probe-killed';
  if (reason === 'Unknown' && (exitCode === 255 || exitCode === undefined)) return 'runtime-restart';
  if (START_FAILED_TERMINATED.has(reason) || (exitCode === 128 && reason !== 'Error')) return 'start-failed';
  if (exitCode === 137 || exitCode === 143) return 'killed';
  if (exitCode !== 0) return 'exited';
  const restartPolicy = str(pod.object.spec?.restartPolicy) || 'Always';
  return container.kind === 'sidecar' || (container.kind === 'regular' && restartPolicy === 'Always') ? 'exited' : 'completed';
}

/**
 * A `Killing` event for a failed liveness/startup probe that falls in the dead instance's lifetime, whatever exit code
 * followed (a web server that shuts down cleanly on SIGTERM exits 0); without the event (expired, aggregated away),
 * probe failures and a SIGKILL/SIGTERM exit.
 */
function killedByProbe(container: ContainerView, death: Death): boolean {
  const kill = latestProbeKill(container);
  if (kill) {
    const started = Date.parse(str(death.terminated.startedAt));
    const killedAt = Date.parse(kill.event.lastTime ?? kill.event.firstTime ?? '');
    // A kill long before this instance started belongs to an earlier instance (10 minutes of slack: status times and
    // event times come from different clocks and aggregation).
    return Number.isNaN(started) || started <= 0 || Number.isNaN(killedAt) || killedAt >= started - 600_000;
  }
  const exitCode = exitCodeOf(death);
  return (exitCode === 137 || exitCode === 143) && (probeFailures(container, 'liveness').length > 0 || probeFailures(container, 'startup').length > 0);
}

/** With `terminationMessagePolicy: FallbackToLogsOnError` (or an app that writes its reason), the termination message. */
function terminationLog(pod: PodView, death: Death | undefined): DeadLog | undefined {
  const text = str(death?.terminated.message);
  if (!text.includes('\n') && text.trim().length < 20) return undefined;
  const lines = text.split('\n').map((line, index) => ({ number: index + 1, text: line }));
  return {
    window: { source: { file: pod.source.file }, lines, totalLines: lines.length, totalBytes: text.length, complete: true, timestamped: false },
    which: 'termination message',
  };
}
