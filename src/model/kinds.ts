/**
 * Which API group each built-in resource belongs to, so that layouts that name files by group and plural
 * (must-gather's `namespaces/<ns>/<group>/<plural>.yaml`, `cluster-scoped-resources/<group>/<plural>/`) map them to
 * the snapshot's resource names, and anything else with a group becomes a custom resource `<plural>.<group>`.
 */
import type { CustomResourceName, ResourceName } from './snapshot.js';

/** '' is the core group (must-gather spells it `core`). */
export const RESOURCE_GROUPS: Readonly<Record<Exclude<ResourceName, CustomResourceName>, string>> = {
  namespaces: '',
  nodes: '',
  pods: '',
  events: '',
  services: '',
  endpoints: '',
  configmaps: '',
  secrets: '',
  limitranges: '',
  resourcequotas: '',
  persistentvolumeclaims: '',
  persistentvolumes: '',
  replicationcontrollers: '',
  serviceaccounts: '',
  deployments: 'apps',
  replicasets: 'apps',
  statefulsets: 'apps',
  daemonsets: 'apps',
  jobs: 'batch',
  cronjobs: 'batch',
  storageclasses: 'storage.k8s.io',
  ingresses: 'networking.k8s.io',
  ingressclasses: 'networking.k8s.io',
  networkpolicies: 'networking.k8s.io',
  endpointslices: 'discovery.k8s.io',
  roles: 'rbac.authorization.k8s.io',
  rolebindings: 'rbac.authorization.k8s.io',
  clusterroles: 'rbac.authorization.k8s.io',
  clusterrolebindings: 'rbac.authorization.k8s.io',
  horizontalpodautoscalers: 'autoscaling',
  poddisruptionbudgets: 'policy',
  priorityclasses: 'scheduling.k8s.io',
  validatingwebhookconfigurations: 'admissionregistration.k8s.io',
  mutatingwebhookconfigurations: 'admissionregistration.k8s.io',
  leases: 'coordination.k8s.io',
  customresourcedefinitions: 'apiextensions.k8s.io',
};

const BY_GROUP = new Map(Object.entries(RESOURCE_GROUPS).map(([resource, group]) => [`${group}/${resource}`, resource as ResourceName]));

/**
 * The snapshot resource for a group and plural: a built-in one, a custom resource when the group is a DNS name
 * (every CRD's group has a dot), or undefined (an unknown core or built-in-group plural: nothing to read it as).
 */
export function resourceFor(group: string, plural: string): ResourceName | undefined {
  const core = group === 'core' ? '' : group;
  const builtIn = BY_GROUP.get(`${core}/${plural}`);
  if (builtIn) return builtIn;
  if (!core.includes('.') || !/^[a-z0-9][a-z0-9-]*$/.test(plural)) return undefined;
  return `${plural}.${core}`;
}
