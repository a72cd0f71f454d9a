/**
 * OpenShift must-gather (`oc adm must-gather` / `oc adm inspect`): `namespaces/<ns>/<group>/<plural>.yaml`,
 * per-pod folders with `<container>/<container>/logs/{current,previous}.log`, cluster-scoped objects one file each.
 */
import type { LogRecord } from '../../model/build.js';
import { resourceFor } from '../../model/kinds.js';
import type { KubeObject, ResourceName } from '../../model/snapshot.js';
import type { BundleContents, TaggedLog } from '../contents.js';
import { splitPath, type Layout, type Role } from './types.js';

const NAMESPACED_FILES: Record<string, ResourceName> = {
  'core/pods.yaml': 'pods',
  'core/events.yaml': 'events',
  'core/services.yaml': 'services',
  'core/endpoints.yaml': 'endpoints',
  'core/configmaps.yaml': 'configmaps',
  'core/limitranges.yaml': 'limitranges',
  'core/resourcequotas.yaml': 'resourcequotas',
  'core/persistentvolumeclaims.yaml': 'persistentvolumeclaims',
  'core/replicationcontrollers.yaml': 'replicationcontrollers',
  'apps/deployments.yaml': 'deployments',
  'apps/replicasets.yaml': 'replicasets',
  'apps/statefulsets.yaml': 'statefulsets',
  'apps/daemonsets.yaml': 'daemonsets',
  'batch/jobs.yaml': 'jobs',
  'batch/cronjobs.yaml': 'cronjobs',
};

// core/secrets.yaml is deliberately not read: must-gather elides most values but not all, the CreateContainerConfigError
// events already name the missing Secret or key, and it is the largest YAML in a must-gather (13 of 80 MB).

const LOG_FILES: Record<string, { previous: boolean; insecure: boolean }> = {
  'current.log': { previous: false, insecure: false },
  'previous.log': { previous: true, insecure: false },
  'current.insecure.log': { previous: false, insecure: true },
  'previous.insecure.log': { previous: true, insecure: true },
};

function classify(path: string): Role | undefined {
  const { segments, base } = splitPath(path);
  const n = segments.length;
  if (base === 'timestamp' && n <= 3) return { kind: 'capture-time', rank: n };
  if (base === 'version' && n <= 3) return { kind: 'marker' };
  const scoped = segments.lastIndexOf('cluster-scoped-resources');
  if (scoped >= 0) {
    const rest = segments.slice(scoped + 1);
    if (rest.length === 3 && rest[0] === 'core' && rest[1] === 'nodes' && base.endsWith('.yaml')) {
      return { kind: 'objects', resource: 'nodes', syntax: 'yaml' };
    }
    if (rest.length === 3 && rest[0] === 'core' && rest[1] === 'namespaces' && base.endsWith('.yaml')) {
      return { kind: 'objects', resource: 'namespaces', syntax: 'yaml' };
    }
    if (rest.join('/') === 'config.openshift.io/clusterversions/version.yaml') {
      return { kind: 'cluster-version', syntax: 'openshift-clusterversion' };
    }
    // Every other cluster-scoped kind (PVs, StorageClasses, CRDs, custom resources): read for serve.
    const [group, plural] = rest;
    const resource = rest.length === 3 && base.endsWith('.yaml') && group !== undefined && plural !== undefined ? resourceFor(group, plural) : undefined;
    return resource ? { kind: 'objects', resource, syntax: 'yaml' } : { kind: 'ignored' };
  }
  const namespaces = segments.lastIndexOf('namespaces');
  if (namespaces < 0 || n - namespaces < 3) return undefined;
  const [namespace, ...rest] = segments.slice(namespaces + 1) as [string, ...string[]];
  if (rest.length === 1 && base === `${namespace}.yaml`) return { kind: 'objects', resource: 'namespaces', syntax: 'yaml' };
  const resource = NAMESPACED_FILES[rest.join('/')];
  if (resource) return { kind: 'objects', resource, syntax: 'yaml' };
  // Other kinds, for serve (Ingresses, EndpointSlices, custom resources); Secrets stay unread (see above).
  const [group, pod, container, containerAgain] = rest;
  if (rest.length === 2 && base.endsWith('.yaml') && group !== undefined && group !== 'pods') {
    const other = resourceFor(group, base.slice(0, -'.yaml'.length));
    if (other && other !== 'secrets') return { kind: 'objects', resource: other, syntax: 'yaml' };
  }
  if (rest[0] === 'pods' && rest.length === 3 && base === `${rest[1] ?? ''}.yaml`) {
    return { kind: 'objects', resource: 'pods', syntax: 'yaml', fallback: true, only: { namespace, name: base.slice(0, -'.yaml'.length) } };
  }
  if (rest[0] === 'pods' && rest.length === 6 && rest[4] === 'logs') {
    const file = LOG_FILES[base];
    if (file && pod !== undefined && container !== undefined && container === containerAgain) return { kind: 'log', namespace, pod, container, ...file };
  }
  return { kind: 'ignored' };
}

function finish(contents: BundleContents): void {
  // A pod can be both in core/pods.yaml and in pods/<pod>/<pod>.yaml: the list is the primary copy.
  const listed = new Set((contents.resources.pods ?? []).map(({ object }) => podKey(object)));
  for (const record of contents.fallbackResources.pods ?? []) {
    const key = podKey(record.object);
    if (!listed.has(key)) {
      listed.add(key);
      contents.addObjects('pods', [record]);
    }
  }
  contents.logs = chooseLogs(contents.logs);
}

function podKey(pod: KubeObject): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

/**
 * oc writes `previous.log` for every container, empty when there was no earlier instance, and retries a failed
 * fetch into `*.insecure.log`. Keep the regular file unless it is empty and the insecure copy is not; drop empty
 * previous logs, which only say "no previous container".
 */
function chooseLogs(logs: TaggedLog[]): LogRecord[] {
  const byKey = new Map<string, { regular?: TaggedLog; insecure?: TaggedLog }>();
  for (const log of logs) {
    const key = `${log.namespace}/${log.pod}/${log.container}/${String(log.previous)}`;
    const pair = byKey.get(key) ?? {};
    if (log.insecure) pair.insecure = log;
    else pair.regular = log;
    byKey.set(key, pair);
  }
  const chosen: LogRecord[] = [];
  for (const { regular, insecure } of byKey.values()) {
    const pick = regular && (regular.window.totalBytes > 0 || !insecure || insecure.window.totalBytes === 0) ? regular : insecure;
    if (!pick || (pick.previous && pick.window.totalBytes === 0)) continue;
    chosen.push({ namespace: pick.namespace, pod: pick.pod, container: pick.container, previous: pick.previous, window: pick.window });
  }
  return chosen;
}

export const mustGatherLayout: Layout = {
  format: 'must-gather',
  title: 'OpenShift must-gather',
  // `oc adm inspect` saves every container's previous.log, and asks for the logs with timestamps=true.
  logs: { previous: 'collected', runtimeTimestamps: true },
  lookedFor: [
    'namespaces/<namespace>/core/pods.yaml',
    'namespaces/<namespace>/core/events.yaml',
    'namespaces/<namespace>/pods/<pod>/<container>/<container>/logs/current.log',
    'cluster-scoped-resources/core/nodes/<node>.yaml',
    'cluster-scoped-resources/config.openshift.io/clusterversions/version.yaml',
  ],
  rootNames: ['namespaces', 'timestamp', 'event-filter.html', 'version'],
  classify,
  finish,
};
