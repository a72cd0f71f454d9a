/**
 * The paths of podmortem's own bundle layout, named in one place. The layout is troubleshoot.sh's support-bundle
 * layout (so sbctl and `support-bundle analyze` read our bundles too) plus `podmortem.json` at the root.
 * Readers of foreign layouts keep their own path knowledge in their own files under src/reader/layouts/.
 */
import { isCustomResourceName, type ResourceName } from './snapshot.js';

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
  persistentvolumes: 'cluster-resources/pvs.json',
  storageclasses: 'cluster-resources/storage-classes.json',
  ingressclasses: 'cluster-resources/ingress-classes.json',
  priorityclasses: 'cluster-resources/priorityclasses.json',
  customresourcedefinitions: 'cluster-resources/custom-resource-definitions.json',
  clusterroles: 'cluster-resources/clusterroles.json',
  clusterrolebindings: 'cluster-resources/clusterrolebindings.json',
  // troubleshoot collects no webhooks: these names are podmortem's, in troubleshoot's style.
  validatingwebhookconfigurations: 'cluster-resources/validatingwebhookconfigurations.json',
  mutatingwebhookconfigurations: 'cluster-resources/mutatingwebhookconfigurations.json',
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
  ingresses: 'ingress',
  networkpolicies: 'network-policy',
  endpointslices: 'endpointslices',
  serviceaccounts: 'serviceaccounts',
  roles: 'roles',
  rolebindings: 'rolebindings',
  leases: 'leases',
  // troubleshoot collects neither: podmortem's names, in troubleshoot's style.
  poddisruptionbudgets: 'pod-disruption-budgets',
  horizontalpodautoscalers: 'horizontal-pod-autoscalers',
};

/** Custom resources: troubleshoot's `custom-resources/<plural.group>/<namespace>.json`, `<plural.group>.json` when cluster-scoped. */
export const CUSTOM_RESOURCES_DIR = 'cluster-resources/custom-resources';

export function namespacedFile(resource: ResourceName, namespace: string): string | undefined {
  if (isCustomResourceName(resource)) return `${CUSTOM_RESOURCES_DIR}/${resource}/${namespace}.json`;
  const dir = NAMESPACED_DIRS[resource];
  return dir === undefined ? undefined : `${CLUSTER_RESOURCES_DIR}/${dir}/${namespace}.json`;
}

export function podLogFile(namespace: string, pod: string, container: string, previous: boolean): string {
  return `${POD_LOGS_DIR}/${namespace}/${pod}/${container}${previous ? PREVIOUS_LOG_SUFFIX : '.log'}`;
}
