/**
 * Which logs are worth reading line by line, decided from the pod objects alone. The analysis reads one log per
 * container, the dead instance's (src/model/container-logs.ts `deadInstanceLog`): the previous log, or the current one of a
 * container that is not running. So every previous log is read (it exists only after a restart), and a current log
 * only when its container waits or terminated with a failure (as src/analyze/select.ts sees trouble); the current
 * logs of running containers — nearly all of a cluster's log bytes — are counted and drained, not split or matched.
 * The rule errs on the side of reading: anything the pod object leaves unclear counts as needed.
 */
import type { KubeObject } from '../../model/snapshot.js';
import { isJsonObject } from '../../util/json.js';

const STATUS_FIELDS = ['initContainerStatuses', 'containerStatuses', 'ephemeralContainerStatuses'] as const;

type Json = Record<string, unknown>;

/** A container whose current log the analysis never reads: running now, or exited 0 (a finished init container). */
function quiet(status: Json): boolean {
  const state = isJsonObject(status['state']) ? status['state'] : {};
  if (isJsonObject(state['waiting'])) return false;
  const terminated = state['terminated'];
  if (isJsonObject(terminated)) return terminated['exitCode'] === 0 && terminated['reason'] !== 'OOMKilled';
  return isJsonObject(state['running']);
}

/**
 * The quiet containers of one pod (their current logs need no lines); every other container's current log is needed.
 * A pod that was evicted or failed, or has no status, has no quiet container.
 */
function quietContainers(pod: KubeObject): Set<string> {
  const quietNames = new Set<string>();
  const status = isJsonObject(pod['status']) ? pod['status'] : undefined;
  if (!status || status['reason'] === 'Evicted' || status['phase'] === 'Failed') return quietNames;
  for (const field of STATUS_FIELDS) {
    const list = status[field];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (isJsonObject(entry) && typeof entry['name'] === 'string' && quiet(entry)) quietNames.add(entry['name']);
    }
  }
  return quietNames;
}

/**
 * What the reader knows so far about which logs need lines. Pods arrive in any order relative to their logs; until
 * a pod is seen, its containers' logs are undecided (the reader then keeps a bounded raw tail and decides later).
 */
export class LogNeeds {
  /** Pods seen: `namespace/pod` → the names of its quiet containers. */
  private readonly pods = new Map<string, Set<string>>();

  addPod(pod: KubeObject): void {
    const metadata = isJsonObject(pod.metadata) ? pod.metadata : {};
    if (typeof metadata.name !== 'string') return;
    const key = `${typeof metadata.namespace === 'string' ? metadata.namespace : ''}/${metadata.name}`;
    const quietNames = quietContainers(pod);
    const known = this.pods.get(key);
    // The same pod in two files (must-gather's list and its per-pod file): a container is quiet only if both agree.
    this.pods.set(key, known ? new Set([...known].filter((name) => quietNames.has(name))) : quietNames);
  }

  /** For a current log — true: read its lines; false: drain it; undefined: its pod has not been seen yet. */
  needs(namespace: string, pod: string, container: string): boolean | undefined {
    const quietNames = this.pods.get(`${namespace}/${pod}`);
    return quietNames === undefined ? undefined : !quietNames.has(container);
  }
}
