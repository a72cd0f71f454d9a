/**
 * The objects of a snapshot laid out as podmortem's bundle (src/model/layout.ts): whatever layout they were read
 * from, each resource becomes `kubectl get -o json`-shaped Lists, one per namespace, or one file for cluster-scoped
 * kinds. Resources the layout has no place for (replicationcontrollers) are reported, not silently dropped.
 */
import { CLUSTER_SCOPED_FILES, namespacedFile } from '../model/layout.js';
import type { KubeObject, ResourceName, Snapshot, VersionInfo } from '../model/snapshot.js';

interface ObjectFile {
  path: string;
  resource: ResourceName;
  document: { kind: string; apiVersion: 'v1'; metadata: { resourceVersion: string }; items: KubeObject[] };
}

export interface LaidOutObjects {
  files: ObjectFile[];
  /** Resources written (plural names), for the manifest's `collected`. */
  resources: ResourceName[];
  /** Namespaces that have at least one file. */
  namespaces: string[];
  /** What could not be placed, as `{target, message}` for the manifest's errors. */
  skipped: Array<{ target: string; message: string }>;
}

/** The List kind of each resource, as the API server names it. */
const LIST_KINDS: Partial<Record<ResourceName, string>> = {
  namespaces: 'NamespaceList',
  nodes: 'NodeList',
  pods: 'PodList',
  events: 'EventList',
  deployments: 'DeploymentList',
  replicasets: 'ReplicaSetList',
  statefulsets: 'StatefulSetList',
  daemonsets: 'DaemonSetList',
  jobs: 'JobList',
  cronjobs: 'CronJobList',
  services: 'ServiceList',
  endpoints: 'EndpointsList',
  configmaps: 'ConfigMapList',
  secrets: 'SecretList',
  limitranges: 'LimitRangeList',
  resourcequotas: 'ResourceQuotaList',
  persistentvolumeclaims: 'PersistentVolumeClaimList',
  replicationcontrollers: 'ReplicationControllerList',
};

function list(resource: ResourceName, items: KubeObject[]): ObjectFile['document'] {
  // The list's own apiVersion is v1 whatever the items' group, as `kubectl get -o json` prints mixed lists.
  return { kind: LIST_KINDS[resource] ?? 'List', apiVersion: 'v1', metadata: { resourceVersion: '' }, items };
}

export function layOutObjects(snapshot: Snapshot): LaidOutObjects {
  const files: ObjectFile[] = [];
  const resources: ResourceName[] = [];
  const namespaces = new Set<string>();
  const skipped: LaidOutObjects['skipped'] = [];
  for (const resource of (Object.keys(snapshot.resources) as ResourceName[]).sort()) {
    const records = snapshot.resources[resource] ?? [];
    const clusterFile = CLUSTER_SCOPED_FILES[resource];
    if (clusterFile) {
      files.push({ path: clusterFile, resource, document: list(resource, records.map((r) => r.object)) });
      resources.push(resource);
      continue;
    }
    if (namespacedFile(resource, 'x') === undefined) {
      if (records.length > 0) {
        skipped.push({ target: resource, message: `not converted: podmortem's bundle layout has no place for ${resource} (${records.length} objects)` });
      }
      continue;
    }
    resources.push(resource);
    const byNamespace = new Map<string, KubeObject[]>();
    let unplaced = 0;
    for (const { object } of records) {
      const namespace = object.metadata?.namespace;
      if (typeof namespace !== 'string' || namespace === '') {
        unplaced += 1;
        continue;
      }
      const items = byNamespace.get(namespace) ?? [];
      items.push(object);
      byNamespace.set(namespace, items);
    }
    if (unplaced > 0) {
      skipped.push({ target: resource, message: `not converted: ${unplaced} ${resource} without metadata.namespace` });
    }
    for (const [namespace, items] of [...byNamespace].sort(([a], [b]) => a.localeCompare(b))) {
      // Never undefined: the resource has a namespaced file (checked above), whatever the namespace.
      const path = namespacedFile(resource, namespace);
      if (path === undefined) continue;
      files.push({ path, resource, document: list(resource, items) });
      namespaces.add(namespace);
    }
  }
  files.sort((a, b) => a.path.localeCompare(b.path));
  return { files, resources, namespaces: [...namespaces].sort(), skipped };
}

/**
 * troubleshoot's `cluster_version.json`: `{"info": <GET /version>, "string": "v1.x"}`. An OpenShift cluster's
 * version (the release, not the Kubernetes version) goes in `info` as the reader found it, without a `string`:
 * writing the release there would make it pass for a Kubernetes version.
 */
export function clusterVersionDocument(version: VersionInfo | undefined): unknown {
  if (!version) return undefined;
  return typeof version.gitVersion === 'string' ? { info: version, string: version.gitVersion } : { info: version };
}
