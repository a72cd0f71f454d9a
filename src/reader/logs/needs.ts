/**
 * Which containers' logs are worth reading line by line, decided from the pod objects alone: the analysis only ever
 * reads the log of a container that died (src/analyze/select.ts picks those, src/analyze/facts.ts `deadLog` reads
 * them), so the logs of a container that runs and never restarted are counted and drained, not split or matched.
 * The rule errs on the side of reading: anything the pod object leaves unclear counts as needed.
 */
import type { KubeObject } from '../../model/snapshot.js';

/** `namespace/pod/container` */
export type ContainerKey = string;

export const containerKey = (namespace: string, pod: string, container: string): ContainerKey => `${namespace}/${pod}/${container}`;

const STATUS_FIELDS = ['initContainerStatuses', 'containerStatuses', 'ephemeralContainerStatuses'] as const;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A container that runs now and never died: its status says running, with no restart and no earlier termination. */
function quiet(status: Json): boolean {
  const state = isObject(status['state']) ? status['state'] : {};
  const last = isObject(status['lastState']) ? status['lastState'] : {};
  const restarts = status['restartCount'];
  return isObject(state['running']) && !isObject(state['terminated']) && !isObject(state['waiting']) && (restarts === undefined || restarts === 0) && !isObject(last['terminated']);
}

/**
 * The quiet containers of one pod (their logs need no lines); every other container of the pod needs its logs. A
 * pod that was evicted or failed, or has no status, has no quiet container.
 */
export function quietContainers(pod: KubeObject): Set<string> {
  const quietNames = new Set<string>();
  const status = isObject(pod['status']) ? (pod['status'] as Json) : undefined;
  if (!status || status['reason'] === 'Evicted' || status['phase'] === 'Failed') return quietNames;
  for (const field of STATUS_FIELDS) {
    const list = status[field];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (isObject(entry) && typeof entry['name'] === 'string' && quiet(entry)) quietNames.add(entry['name']);
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
    const metadata = isObject(pod.metadata) ? pod.metadata : {};
    if (typeof metadata.name !== 'string') return;
    const key = `${typeof metadata.namespace === 'string' ? metadata.namespace : ''}/${metadata.name}`;
    const quietNames = quietContainers(pod);
    const known = this.pods.get(key);
    // The same pod in two files (must-gather's list and its per-pod file): a container is quiet only if both agree.
    this.pods.set(key, known ? new Set([...known].filter((name) => quietNames.has(name))) : quietNames);
  }

  /** true: read its lines; false: drain it; undefined: its pod has not been seen yet. */
  needs(namespace: string, pod: string, container: string): boolean | undefined {
    const quietNames = this.pods.get(`${namespace}/${pod}`);
    return quietNames === undefined ? undefined : !quietNames.has(container);
  }
}
