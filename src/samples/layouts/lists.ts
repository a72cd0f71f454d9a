/** List objects as the API serves them, shared by the layouts. */
import { CLUSTER_SCOPED_FILES, CLUSTER_VERSION_FILE, namespacedFile } from '../../model/layout.js';
import type { KubeObject, ResourceName } from '../../model/snapshot.js';
import { nameOf, type ClusterModel } from '../model.js';
import { compareCodeUnits } from '../../util/compare.js';

const LIST_TYPES: Partial<Record<ResourceName, { kind: string; apiVersion: string }>> = {
  namespaces: { kind: 'NamespaceList', apiVersion: 'v1' },
  nodes: { kind: 'NodeList', apiVersion: 'v1' },
  pods: { kind: 'PodList', apiVersion: 'v1' },
  events: { kind: 'EventList', apiVersion: 'v1' },
  services: { kind: 'ServiceList', apiVersion: 'v1' },
  endpoints: { kind: 'EndpointsList', apiVersion: 'v1' },
  configmaps: { kind: 'ConfigMapList', apiVersion: 'v1' },
  limitranges: { kind: 'LimitRangeList', apiVersion: 'v1' },
  resourcequotas: { kind: 'ResourceQuotaList', apiVersion: 'v1' },
  replicationcontrollers: { kind: 'ReplicationControllerList', apiVersion: 'v1' },
  deployments: { kind: 'DeploymentList', apiVersion: 'apps/v1' },
  replicasets: { kind: 'ReplicaSetList', apiVersion: 'apps/v1' },
  statefulsets: { kind: 'StatefulSetList', apiVersion: 'apps/v1' },
  daemonsets: { kind: 'DaemonSetList', apiVersion: 'apps/v1' },
  jobs: { kind: 'JobList', apiVersion: 'batch/v1' },
  cronjobs: { kind: 'CronJobList', apiVersion: 'batch/v1' },
};

export function listOf(resource: ResourceName, items: readonly unknown[], resourceVersion: string, typedItems = true): KubeObject {
  const type = LIST_TYPES[resource] ?? { kind: 'List', apiVersion: 'v1' };
  return {
    kind: type.kind,
    apiVersion: type.apiVersion,
    metadata: { resourceVersion },
    // Typed clientset lists drop each item's kind/apiVersion (kubectl cluster-info dump shows this).
    items: typedItems ? items : items.map((item) => stripTypeMeta(item as KubeObject)),
  };
}

function stripTypeMeta(object: KubeObject): KubeObject {
  const rest = { ...object };
  delete rest.kind;
  delete rest.apiVersion;
  return rest;
}

/** A namespaced kind's file in the layout podmortem shares with troubleshoot: every kind the samples list has one. */
export function namespacedPath(resource: ResourceName, namespace: string): string {
  const file = namespacedFile(resource, namespace);
  if (file === undefined) throw new Error(`the bundle layout has no file for ${resource}`);
  return file;
}

function clusterScopedPath(resource: ResourceName): string {
  const file = CLUSTER_SCOPED_FILES[resource];
  if (file === undefined) throw new Error(`the bundle layout has no file for ${resource}`);
  return file;
}

/** A layout's files in archive order: by path, as `sort()` orders strings (UTF-16 code units, not locale). */
export function sortedFiles(files: ReadonlyMap<string, string>): Array<[string, string]> {
  return [...files].sort(([a], [b]) => compareCodeUnits(a, b));
}

/** The newest resourceVersion in a model, as list metadata carries it. */
export function listResourceVersion(capturedAt: string): string {
  return String(50_000 + (Date.parse(capturedAt) / 1000) % 40_000);
}

export function logText(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** The namespaced kinds every podmortem and troubleshoot bundle lists for each namespace, empty or not. */
export const STANDARD_NAMESPACED: readonly ResourceName[] = [
  'pods',
  'events',
  'deployments',
  'replicasets',
  'statefulsets',
  'daemonsets',
  'jobs',
  'cronjobs',
  'services',
  'endpoints',
  'configmaps',
  'limitranges',
  'resourcequotas',
];

/**
 * The `cluster-resources/` and `cluster-info/` files of the troubleshoot layout, which podmortem's layout shares:
 * the version, nodes, namespaces, one List per namespaced resource and namespace (none where the collector was
 * denied), and one `<dir>-errors.json` per denied resource with its messages.
 */
export function clusterResourceFiles(model: ClusterModel, json: (value: unknown) => string): Map<string, string> {
  const rv = listResourceVersion(model.capturedAt);
  const files = new Map<string, string>();
  files.set(CLUSTER_VERSION_FILE, json({ info: model.version, string: model.version.gitVersion }));
  files.set(clusterScopedPath('nodes'), json(listOf('nodes', model.nodes, rv)));
  files.set(clusterScopedPath('namespaces'), json(listOf('namespaces', model.namespaces, rv)));
  const namespaces = model.namespaces.map(nameOf);
  for (const resource of STANDARD_NAMESPACED) {
    const byNamespace = model.resources.get(resource);
    for (const ns of namespaces) {
      if (model.resourceErrors.some((e) => e.resource === resource && e.namespace === ns)) continue;
      files.set(namespacedPath(resource, ns), json(listOf(resource, byNamespace?.get(ns) ?? [], rv)));
    }
  }
  const errorsByResource = new Map<ResourceName, string[]>();
  for (const error of model.resourceErrors) {
    errorsByResource.set(error.resource, [...(errorsByResource.get(error.resource) ?? []), error.message]);
  }
  for (const [resource, messages] of errorsByResource) {
    const [, dir = ''] = namespacedPath(resource, 'x').split('/');
    files.set(`cluster-resources/${dir}-errors.json`, json(messages));
  }
  return files;
}
