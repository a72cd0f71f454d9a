/**
 * The paths of podmortem's own bundle layout, named in one place. The layout is troubleshoot.sh's support-bundle
 * layout (so sbctl and `support-bundle analyze` read our bundles too) plus `podmortem.json` at the root.
 * Readers of foreign layouts keep their own path knowledge in their own files under src/reader/layouts/.
 */
import type { ResourceName } from './snapshot.js';

export const MANIFEST_FILE = 'podmortem.json';
export const CLUSTER_VERSION_FILE = 'cluster-info/cluster_version.json';
export const CLUSTER_RESOURCES_DIR = 'cluster-resources';
export const POD_LOGS_DIR = 'cluster-resources/pods/logs';
export const PREVIOUS_LOG_SUFFIX = '-previous.log';
export const LOG_ERRORS_SUFFIX = '-logs-errors.log';

/** Cluster-scoped resources: one file each. */
export const CLUSTER_SCOPED_FILES: Partial<Record<ResourceName, string>> = {
  nodes: 'cluster-resources/nodes.json',
  namespaces: 'cluster-resources/namespaces.json',
};

/**
 * Namespaced resources: `cluster-resources/<dir>/<namespace>.json`. The directory names are troubleshoot's
 * (`resource-quota`, not `resourcequotas`), which is why they are mapped rather than derived.
 */
export const NAMESPACED_DIRS: Partial<Record<ResourceName, string>> = {
  pods: 'pods',
  events: 'events',
  deployments: 'deployments',
  replicasets: 'replicasets',
  statefulsets: 'statefulsets',
  daemonsets: 'daemonsets',
  jobs: 'jobs',
  cronjobs: 'cronjobs',
  services: 'services',
  endpoints: 'endpoints',
  configmaps: 'configmaps',
  secrets: 'secrets',
  limitranges: 'limitranges',
  resourcequotas: 'resource-quota',
  persistentvolumeclaims: 'pvcs',
};

export function namespacedFile(resource: ResourceName, namespace: string): string | undefined {
  const dir = NAMESPACED_DIRS[resource];
  return dir === undefined ? undefined : `${CLUSTER_RESOURCES_DIR}/${dir}/${namespace}.json`;
}

export function podLogFile(namespace: string, pod: string, container: string, previous: boolean): string {
  return `${POD_LOGS_DIR}/${namespace}/${pod}/${container}${previous ? PREVIOUS_LOG_SUFFIX : '.log'}`;
}
