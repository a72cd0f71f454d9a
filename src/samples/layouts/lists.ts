/** List objects as the API serves them, shared by the layouts. */
import { CLUSTER_SCOPED_FILES, CLUSTER_VERSION_FILE, namespacedFile } from '../../model/layout.js';
import type { KubeObject, ResourceName } from '../../model/snapshot.js';
import type { ClusterModel } from '../model.js';

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
  const { kind: _kind, apiVersion: _apiVersion, ...rest } = object;
  return rest;
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
  files.set(CLUSTER_SCOPED_FILES.nodes!, json(listOf('nodes', model.nodes, rv)));
  files.set(CLUSTER_SCOPED_FILES.namespaces!, json(listOf('namespaces', model.namespaces, rv)));
  const namespaces = model.namespaces.map((ns) => ns.metadata!.name!);
  for (const resource of STANDARD_NAMESPACED) {
    const byNamespace = model.resources.get(resource);
    for (const ns of namespaces) {
      if (model.resourceErrors.some((e) => e.resource === resource && e.namespace === ns)) continue;
      files.set(namespacedFile(resource, ns)!, json(listOf(resource, byNamespace?.get(ns) ?? [], rv)));
    }
  }
  const errorsByResource = new Map<ResourceName, string[]>();
  for (const error of model.resourceErrors) {
    errorsByResource.set(error.resource, [...(errorsByResource.get(error.resource) ?? []), error.message]);
  }
  for (const [resource, messages] of errorsByResource) {
    const dir = namespacedFile(resource, 'x')!.split('/')[1];
    files.set(`cluster-resources/${dir}-errors.json`, json(messages));
  }
  return files;
}
