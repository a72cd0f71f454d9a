/**
 * Which container instance a log belongs to, decided once for everything that reads logs: `serve` answers
 * `kubectl logs` as the kubelet would, and the analysis reads the dead instance's log. Both follow the kubelet's rule
 * (pkg/kubelet/kubelet_pods.go validateContainerLogStatus): the "current" log of a running container is the running
 * instance's; of any other container, the terminated instance's — which is why a collector's current log of a
 * crash-looping (waiting) container holds the dead instance's words.
 */
import type { ContainerView, LogCollection, LogWindow } from './snapshot.js';
import { isJsonObject } from '../util/json.js';

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (isJsonObject(value) ? value : {});
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export type KubeletLogChoice = { log: 'current' | 'previous' } | { error: string };

/**
 * The instance the kubelet reads for a log request, from the container's status as the bundle holds it (untrusted:
 * any field may be missing or of the wrong type), or the kubelet's refusal, word for word.
 */
export function kubeletLogChoice(status: unknown, podName: string, container: string, previous: boolean): KubeletLogChoice {
  const q = (s: string) => JSON.stringify(s);
  if (status === undefined) return { error: `container ${q(container)} in pod ${q(podName)} is not available` };
  const found = obj(status);
  const state = obj(found['state']);
  const lastState = obj(found['lastState']);
  const lastTerminated = lastState['terminated'] ? obj(lastState['terminated']) : undefined;
  const hasId = (s: Json | undefined) => s !== undefined && text(s['containerID']) !== '';
  if (previous) {
    return hasId(lastTerminated) ? { log: 'previous' } : { error: `previous terminated container ${q(container)} in pod ${q(podName)} not found` };
  }
  if (state['running']) return { log: 'current' };
  if (state['terminated']) {
    if (hasId(obj(state['terminated']))) return { log: 'current' };
    return hasId(lastTerminated) ? { log: 'previous' } : { error: `container ${q(container)} in pod ${q(podName)} is terminated` };
  }
  if (lastTerminated) {
    return hasId(lastTerminated) ? { log: 'previous' } : { error: `container ${q(container)} in pod ${q(podName)} is terminated` };
  }
  if (state['waiting']) {
    const reason = text(obj(state['waiting'])['reason']);
    if (reason === 'ErrImagePull') return { error: `container ${q(container)} in pod ${q(podName)} is waiting to start: image can't be pulled` };
    if (reason === 'ImagePullBackOff') return { error: `container ${q(container)} in pod ${q(podName)} is waiting to start: trying and failing to pull image` };
    return { error: `container ${q(container)} in pod ${q(podName)} is waiting to start: ${reason}` };
  }
  return { error: `container ${q(container)} in pod ${q(podName)} is waiting to start - no logs yet` };
}

export interface DeadInstanceLog {
  window: LogWindow;
  which: 'previous' | 'current';
}

/**
 * The log of the instance that died: the previous log; else the current one when the container is not running (by
 * the kubelet's rule above it is the terminated instance's), when it is running between crashes (crash-looping,
 * caught Running), or when the bundle's layout keeps no previous logs at all (`previousLogs: 'never'`). Only logs with kept lines count.
 */
export function deadInstanceLog(container: ContainerView, previousLogs: LogCollection['previous'], crashLooping: boolean): DeadInstanceLog | undefined {
  const previous = container.logs.previous;
  if (previous && previous.lines.length > 0) return { window: previous, which: 'previous' };
  const current = container.logs.current;
  if (!current || current.lines.length === 0) return undefined;
  if (!container.state?.running || (container.restartCount > 0 && (crashLooping || previousLogs === 'never'))) return { window: current, which: 'current' };
  return undefined;
}
