/**
 * The questions people on call ask about every crash loop, answered with this container's facts rather than in
 * general: when it restarts next, why `kubectl logs --previous` is empty, what 137/143 mean here, and why
 * `restartPolicy: Never` or disabling the probe will not help. Only the questions that apply to the finding are
 * answered. Timing facts: the kubelet waits 10 s after an exit, doubling to a 5 min cap, and resets after 10 min of
 * running (pod-lifecycle docs; KEP-4603/5593 make it tunable on 1.33+ nodes, hence "about"). Pure.
 */
import type { FaqAnswer } from '../model/report.js';
import { shellCommand } from '../util/shell.js';
import { formatDuration, secondsBetween } from './facts.js';
import type { AnalyzedFinding } from './rule.js';

const INITIAL_BACKOFF_S = 10;
const MAX_BACKOFF_S = 300;
const RESET_AFTER_S = 600;

export function answerFaq(entry: AnalyzedFinding): FaqAnswer[] {
  return [nextRestart(entry), previousLogEmpty(entry), exitCode(entry), restartPolicyNever(entry), disableProbe(entry)].filter(
    (answer): answer is FaqAnswer => answer !== undefined,
  );
}

function nextRestart({ container, snapshot }: AnalyzedFinding): FaqAnswer | undefined {
  const waiting = container.state?.waiting;
  if (waiting?.reason !== 'CrashLoopBackOff') return undefined;
  const last = container.lastState?.terminated;
  const stated = /back-off (\S+) restarting/i.exec(waiting.message ?? '')?.[1];
  const statedSeconds = stated ? goDurationSeconds(stated) : undefined;
  const ran = last ? secondsBetween(last.startedAt, last.finishedAt) : undefined;
  const estimated = Math.min(MAX_BACKOFF_S, INITIAL_BACKOFF_S * 2 ** Math.max(0, container.restartCount - 1));
  const delay = statedSeconds ?? (ran !== undefined && ran >= RESET_AFTER_S ? INITIAL_BACKOFF_S : estimated);
  const finished = last?.finishedAt ? Date.parse(last.finishedAt) : Number.NaN;
  const due = !Number.isNaN(finished) ? new Date(finished + delay * 1000).toISOString().replace('.000Z', 'Z') : undefined;
  const source = statedSeconds !== undefined ? `the kubelet's waiting message says back-off ${stated ?? ''}` : `after ${container.restartCount} restarts the back-off is about ${formatDuration(delay)}`;
  const reset =
    ran !== undefined && ran >= RESET_AFTER_S
      ? ` The last instance ran ${formatDuration(ran)}, over 10 min, so the back-off was reset.`
      : ` Each quick failure doubles it (10 s, 20 s, 40 s … capped at 5 min); only 10 min of running resets it.`;
  // A due time before the capture means the kubelet has restarted it since (or the message is older than the exit).
  const captured = snapshot.capturedAt ? Date.parse(snapshot.capturedAt) : Number.NaN;
  const late = due !== undefined && !Number.isNaN(captured) && Date.parse(due) < captured ? ', before the bundle was captured: it has restarted since' : '';
  return {
    id: 'next-restart',
    question: 'when does it restart next?',
    answer: `${source}${due ? `, so the next start is due about ${due} (${formatDuration(delay)} after the exit at ${last?.finishedAt ?? '?'})${late}` : ''}.${reset} Deleting the pod starts a new one at once, with the same cause`,
  };
}

function previousLogEmpty({ snapshot, pod, container }: AnalyzedFinding): FaqAnswer | undefined {
  if (container.restartCount === 0 && !container.lastState?.terminated) return undefined;
  const previous = container.logs.previous;
  if (previous && previous.totalLines > 0) return undefined;
  const last = container.lastState?.terminated;
  const command = shellCommand(['kubectl', 'logs', pod.name, '-n', pod.namespace, '-c', container.name, '--previous']);
  let why: string;
  if (last && (last.reason === 'StartError' || last.reason === 'ContainerCannotRun' || [126, 127, 128].includes(last.exitCode))) {
    why = `the process never started (${last.reason ?? 'exit'} ${last.exitCode}): the runtime failed to run it, so there was nothing to log; the reason is in lastState.terminated.message and the events`;
  } else if (previous) {
    why = 'the previous instance wrote nothing before it died: it was killed or exited before its first log line';
  } else if (snapshot.bundle.logs.previous === 'never') {
    why = `a ${snapshot.bundle.format} bundle never holds previous logs: its collector does not fetch them`;
  } else if (container.logs.errors[0] !== undefined) {
    why = `the collector could not fetch it: ${container.logs.errors[0]}`;
  } else {
    why = 'the bundle holds no previous log: the kubelet keeps only the last terminated instance, and loses it when the pod is deleted or recreated';
  }
  return {
    id: 'previous-log-empty',
    question: 'why is `kubectl logs --previous` empty?',
    answer: `${why}. On the live cluster: ${command}`,
  };
}

function exitCode({ container, finding }: AnalyzedFinding): FaqAnswer | undefined {
  const terminated = container.lastState?.terminated ?? container.state?.terminated;
  const code = terminated?.exitCode;
  if (code !== 137 && code !== 143) return undefined;
  let answer: string;
  if (code === 143) {
    answer = '143 = 128 + 15 (SIGTERM): the container was asked to stop and obeyed — by the kubelet after a failed liveness or startup probe, a deletion or a rollout; the app did not crash on its own';
  } else if (terminated?.reason === 'OOMKilled') {
    answer = '137 = 128 + 9 (SIGKILL), and the runtime says OOMKilled: the kernel killed it for memory — at its own limit, or because the node ran out';
  } else if (finding.cause === 'liveness-probe-failure' || finding.cause === 'startup-probe-failure') {
    answer = '137 = 128 + 9 (SIGKILL) without OOMKilled: the kubelet killed it after its probe failed and it did not stop within the grace period';
  } else {
    answer = '137 = 128 + 9 (SIGKILL) without OOMKilled: something killed it from outside — the kubelet after the grace period (probe, deletion), or a node-wide OOM kill the runtime did not attribute';
  }
  return { id: 'exit-code', question: `what does exit ${code} mean here?`, answer };
}

function restartPolicyNever({ pod, trouble, finding }: AnalyzedFinding): FaqAnswer | undefined {
  if (trouble.kind !== 'crash-looping' && trouble.kind !== 'init-blocking') return undefined;
  const policy = pod.object.spec?.restartPolicy ?? 'Always';
  if (policy === 'Never') return undefined;
  const controller = pod.owners.some((o) => ['ReplicaSet', 'Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind))
    ? ` (and ${pod.workload.kind} pods only accept Always)`
    : '';
  return {
    id: 'restart-policy-never',
    question: 'would `restartPolicy: Never` stop it?',
    answer: `it would stop the restarts, not the crash: the pod would end Failed after the first exit, for the same cause (${finding.cause})${controller}`,
  };
}

function disableProbe({ container, finding }: AnalyzedFinding): FaqAnswer | undefined {
  const probes = (['livenessProbe', 'startupProbe'] as const).filter((name) => container.spec[name] !== undefined);
  if (probes.length === 0) return undefined;
  const answer =
    finding.cause === 'liveness-probe-failure' || finding.cause === 'startup-probe-failure'
      ? 'no: the probe is how the kubelet sees that the app stopped answering; without it the kills stop but the app still does not answer, and nothing restarts it when it hangs. Fix the probe\'s timing or the app\'s slowness instead'
      : `no: the probe did not kill it — it dies on its own (${finding.cause}), so the ${probes.join(' and ')} is not the cause`;
  return { id: 'disable-probe', question: 'would disabling the probe help?', answer };
}

/** Go's `time.Duration.String()`: `5m0s`, `2m40s`, `40s`, `1h0m0s`. */
function goDurationSeconds(text: string): number | undefined {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(text);
  if (!match || text === '') return undefined;
  return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
}
