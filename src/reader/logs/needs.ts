/**
 * Which logs are worth reading line by line, decided from the pod objects alone. The analysis reads logs only of
 * the containers it explains (src/analyze/select.ts): waiting, terminated with a failure, or restarted after one;
 * and of those, the dead instance's log (src/model/container-logs.ts `deadInstanceLog`). So a current log is needed
 * unless its container runs now or exited 0 (a finished init container), and a previous log unless, besides, its
 * last termination was clean too (exit 0, not OOMKilled): an operator restarted once by a rollout, or a container
 * that never restarted (a must-gather saves an empty previous.log for each). The others — nearly all of a cluster's
 * log bytes — are counted and drained, not split or matched. The rule errs on the side of reading: anything the pod
 * object leaves unclear counts as needed.
 */
import type { KubeObject } from '../../model/snapshot.js';
import { isJsonObject } from '../../util/json.js';

const STATUS_FIELDS = ['initContainerStatuses', 'containerStatuses', 'ephemeralContainerStatuses'] as const;

type Json = Record<string, unknown>;

/** Which of a container's logs the analysis never reads. */
interface Quiet {
  current: boolean;
  previous: boolean;
}

const cleanExit = (terminated: Json) => terminated['exitCode'] === 0 && terminated['reason'] !== 'OOMKilled';

/** Running now, or exited 0 (a finished init container): its current log needs no lines. */
function quietNow(status: Json): boolean {
  const state = isJsonObject(status['state']) ? status['state'] : {};
  if (isJsonObject(state['waiting'])) return false;
  const terminated = state['terminated'];
  if (isJsonObject(terminated)) return cleanExit(terminated);
  return isJsonObject(state['running']);
}

/** Quiet now and its last instance ended cleanly, or there was none: its previous log needs no lines either. */
function quietOf(status: Json): Quiet {
  const current = quietNow(status);
  const lastState = status['lastState'];
  if (lastState !== undefined && !isJsonObject(lastState)) return { current, previous: false };
  const lastTerminated = lastState?.['terminated'];
  const lastClean = lastTerminated === undefined || (isJsonObject(lastTerminated) && cleanExit(lastTerminated));
  return { current, previous: current && lastClean && !isJsonObject(lastState?.['waiting']) };
}

/**
 * The quiet containers of one pod, by name. A pod that was evicted or failed, or has no status, has none: every
 * log of it is needed.
 */
function quietContainers(pod: KubeObject): Map<string, Quiet> {
  const quiet = new Map<string, Quiet>();
  const status = isJsonObject(pod['status']) ? pod['status'] : undefined;
  if (!status || status['reason'] === 'Evicted' || status['phase'] === 'Failed') return quiet;
  for (const field of STATUS_FIELDS) {
    const list = status[field];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (isJsonObject(entry) && typeof entry['name'] === 'string') quiet.set(entry['name'], quietOf(entry));
    }
  }
  return quiet;
}

/**
 * What the reader knows so far about which logs need lines. Pods arrive in any order relative to their logs; until
 * a pod is seen, its containers' logs are undecided (the reader then keeps a bounded raw tail and decides later).
 */
export class LogNeeds {
  /** Pods seen: `namespace/pod` → its containers' quietness. */
  private readonly pods = new Map<string, Map<string, Quiet>>();

  addPod(pod: KubeObject): void {
    const metadata = isJsonObject(pod.metadata) ? pod.metadata : {};
    if (typeof metadata.name !== 'string') return;
    const key = `${typeof metadata.namespace === 'string' ? metadata.namespace : ''}/${metadata.name}`;
    const quiet = quietContainers(pod);
    const known = this.pods.get(key);
    if (known) {
      // The same pod in two files (must-gather's list and its per-pod file): a log is quiet only if both agree.
      for (const [name, was] of known) {
        const now = quiet.get(name);
        if (now) known.set(name, { current: was.current && now.current, previous: was.previous && now.previous });
        else known.delete(name);
      }
    } else {
      this.pods.set(key, quiet);
    }
  }

  /** For a log — true: read its lines; false: drain it; undefined: its pod has not been seen yet. */
  needs(namespace: string, pod: string, container: string, previous: boolean): boolean | undefined {
    const quiet = this.pods.get(`${namespace}/${pod}`);
    if (quiet === undefined) return undefined;
    const entry = quiet.get(container);
    return entry === undefined || !(previous ? entry.previous : entry.current);
  }
}
