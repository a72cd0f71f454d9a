/**
 * The built-in resource types `serve` answers for, with what discovery, routing, field selectors and printers need
 * to know about each. Every built-in type is served even when the bundle has none of it (an empty list), so
 * discovery is stable and `describe` finds its related objects; custom resources are added per bundle (catalog.ts).
 */
import type { FieldGetters } from './field-selector.js';
import type { Printer } from './printers/columns.js';
import { arr, field, str } from './untrusted.js';
import { podPrinter } from './printers/pod.js';
import { eventPrinter, namespacePrinter, nodePrinter } from './printers/node.js';
import {
  cronJobPrinter,
  daemonSetPrinter,
  deploymentPrinter,
  jobPrinter,
  replicaSetPrinter,
  replicationControllerPrinter,
  statefulSetPrinter,
} from './printers/workloads.js';
import {
  configMapPrinter,
  endpointsPrinter,
  leasePrinter,
  limitRangePrinter,
  persistentVolumeClaimPrinter,
  resourceQuotaPrinter,
  secretPrinter,
  servicePrinter,
} from './printers/core.js';
import {
  defaultPrinter,
  endpointSlicePrinter,
  horizontalPodAutoscalerPrinter,
  ingressClassPrinter,
  ingressPrinter,
  networkPolicyPrinter,
  persistentVolumePrinter,
  podDisruptionBudgetPrinter,
  priorityClassPrinter,
  roleBindingPrinter,
  serviceAccountPrinter,
  storageClassPrinter,
  webhookConfigurationPrinter,
} from './printers/extra.js';

export interface ResourceType {
  /** Plural, as in the URL: `pods`. */
  name: string;
  singular: string;
  kind: string;
  /** '' for the core group. */
  group: string;
  version: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  printer: Printer;
  fields: FieldGetters;
  subresources: string[];
  /** Verbs in discovery: `get`/`list`/`watch` for what the bundle holds, `create` for the access reviews. */
  verbs: string[];
}

/** Marks objects podmortem made up so clients are not served them as bundle content unawares. */
export const SYNTHESIZED_ANNOTATION = 'podmortem.dev/synthesized';

/** A field getter for the value at `path` in the object. */
const at = (...path: string[]) => (o: unknown) => field(o, ...path);
const meta = (name: string) => at('metadata', name);

const NAMESPACED_META: FieldGetters = { 'metadata.name': meta('name'), 'metadata.namespace': meta('namespace') };
const CLUSTER_META: FieldGetters = { 'metadata.name': meta('name') };

const spec = (name: string) => at('spec', name);
const status = (name: string) => at('status', name);
const involved = (name: string) => at('involvedObject', name);
/** The pod's IP as `status.podIP` and as the first of `status.podIPs`: each field selector falls back to the other. */
const podIP = (o: unknown) => str(field(o, 'status', 'podIP'));
const firstPodIP = (o: unknown) => str(field(arr(field(o, 'status', 'podIPs'))[0], 'ip'));

/** pkg/apis/core/v1/conversion.go and the pod registry's ToSelectableFields. */
const POD_FIELDS: FieldGetters = {
  ...NAMESPACED_META,
  'spec.nodeName': spec('nodeName'),
  'spec.host': spec('nodeName'),
  'spec.restartPolicy': spec('restartPolicy'),
  'spec.schedulerName': spec('schedulerName'),
  'spec.serviceAccountName': spec('serviceAccountName'),
  'spec.hostNetwork': (o) => String(field(o, 'spec', 'hostNetwork') === true),
  'status.phase': status('phase'),
  'status.podIP': (o) => podIP(o) || firstPodIP(o),
  'status.podIPs': (o) => firstPodIP(o) || podIP(o),
  'status.nominatedNodeName': status('nominatedNodeName'),
};

/** The event registry's ToSelectableFields: `source` falls back to reportingController, as the apiserver does. */
const EVENT_FIELDS: FieldGetters = {
  ...NAMESPACED_META,
  'involvedObject.kind': involved('kind'),
  'involvedObject.namespace': involved('namespace'),
  'involvedObject.name': involved('name'),
  'involvedObject.uid': involved('uid'),
  'involvedObject.apiVersion': involved('apiVersion'),
  'involvedObject.resourceVersion': involved('resourceVersion'),
  'involvedObject.fieldPath': involved('fieldPath'),
  reason: at('reason'),
  reportingComponent: (o) => field(o, 'reportingComponent') ?? field(o, 'reportingController'),
  source: (o) => str(field(o, 'source', 'component')) || str(field(o, 'reportingController')),
  type: at('type'),
};

/** What every served object kind answers to: a snapshot never changes, so a watch only waits (see watch.ts). */
export const READ_VERBS = ['get', 'list', 'watch'];

export function type(
  name: string,
  singular: string,
  kind: string,
  group: string,
  namespaced: boolean,
  printer: Printer,
  extra: Partial<Pick<ResourceType, 'shortNames' | 'categories' | 'fields' | 'subresources' | 'version' | 'verbs'>> = {},
): ResourceType {
  return {
    name,
    singular,
    kind,
    group,
    version: extra.version ?? 'v1',
    namespaced,
    shortNames: extra.shortNames ?? [],
    categories: extra.categories ?? [],
    printer,
    fields: extra.fields ?? (namespaced ? NAMESPACED_META : CLUSTER_META),
    subresources: extra.subresources ?? [],
    verbs: extra.verbs ?? READ_VERBS,
  };
}

const RBAC = 'rbac.authorization.k8s.io';
const ADMISSION = 'admissionregistration.k8s.io';

/** The access reviews clients ask before they read (kubectl auth can-i, k9s): answered in access.ts, never stored. */
export const REVIEW_TYPES: readonly ResourceType[] = [
  type('selfsubjectaccessreviews', '', 'SelfSubjectAccessReview', 'authorization.k8s.io', false, defaultPrinter, { verbs: ['create'] }),
  type('selfsubjectrulesreviews', '', 'SelfSubjectRulesReview', 'authorization.k8s.io', false, defaultPrinter, { verbs: ['create'] }),
  ...['v1', 'v1beta1', 'v1alpha1'].map((version) =>
    type('selfsubjectreviews', '', 'SelfSubjectReview', 'authentication.k8s.io', false, defaultPrinter, { verbs: ['create'], version }),
  ),
];

export const RESOURCE_TYPES: readonly ResourceType[] = [
  type('configmaps', 'configmap', 'ConfigMap', '', true, configMapPrinter, { shortNames: ['cm'] }),
  type('endpoints', 'endpoints', 'Endpoints', '', true, endpointsPrinter, { shortNames: ['ep'] }),
  type('events', 'event', 'Event', '', true, eventPrinter, { shortNames: ['ev'], fields: EVENT_FIELDS }),
  type('limitranges', 'limitrange', 'LimitRange', '', true, limitRangePrinter, { shortNames: ['limits'] }),
  type('namespaces', 'namespace', 'Namespace', '', false, namespacePrinter, {
    shortNames: ['ns'],
    fields: { ...CLUSTER_META, name: meta('name'), 'status.phase': status('phase') },
  }),
  type('nodes', 'node', 'Node', '', false, nodePrinter, {
    shortNames: ['no'],
    fields: { ...CLUSTER_META, 'spec.unschedulable': (o) => String(field(o, 'spec', 'unschedulable') === true) },
  }),
  type('persistentvolumeclaims', 'persistentvolumeclaim', 'PersistentVolumeClaim', '', true, persistentVolumeClaimPrinter, {
    shortNames: ['pvc'],
  }),
  type('pods', 'pod', 'Pod', '', true, podPrinter, {
    shortNames: ['po'],
    categories: ['all'],
    fields: POD_FIELDS,
    subresources: ['log'],
  }),
  type('replicationcontrollers', 'replicationcontroller', 'ReplicationController', '', true, replicationControllerPrinter, {
    shortNames: ['rc'],
    categories: ['all'],
    fields: { ...NAMESPACED_META, 'status.replicas': status('replicas') },
  }),
  type('resourcequotas', 'resourcequota', 'ResourceQuota', '', true, resourceQuotaPrinter, { shortNames: ['quota'] }),
  type('secrets', 'secret', 'Secret', '', true, secretPrinter, { fields: { ...NAMESPACED_META, type: at('type') } }),
  type('services', 'service', 'Service', '', true, servicePrinter, {
    shortNames: ['svc'],
    categories: ['all'],
    fields: { ...NAMESPACED_META, 'spec.clusterIP': spec('clusterIP'), 'spec.type': spec('type') },
  }),
  type('daemonsets', 'daemonset', 'DaemonSet', 'apps', true, daemonSetPrinter, { shortNames: ['ds'], categories: ['all'] }),
  type('deployments', 'deployment', 'Deployment', 'apps', true, deploymentPrinter, { shortNames: ['deploy'], categories: ['all'] }),
  type('replicasets', 'replicaset', 'ReplicaSet', 'apps', true, replicaSetPrinter, {
    shortNames: ['rs'],
    categories: ['all'],
    fields: { ...NAMESPACED_META, 'status.replicas': status('replicas') },
  }),
  type('statefulsets', 'statefulset', 'StatefulSet', 'apps', true, statefulSetPrinter, { shortNames: ['sts'], categories: ['all'] }),
  type('cronjobs', 'cronjob', 'CronJob', 'batch', true, cronJobPrinter, { shortNames: ['cj'], categories: ['all'] }),
  type('jobs', 'job', 'Job', 'batch', true, jobPrinter, {
    categories: ['all'],
    fields: { ...NAMESPACED_META, 'status.successful': status('succeeded') },
  }),
  type('leases', 'lease', 'Lease', 'coordination.k8s.io', true, leasePrinter),
  type('persistentvolumes', 'persistentvolume', 'PersistentVolume', '', false, persistentVolumePrinter, { shortNames: ['pv'] }),
  type('serviceaccounts', 'serviceaccount', 'ServiceAccount', '', true, serviceAccountPrinter, { shortNames: ['sa'] }),
  type('storageclasses', 'storageclass', 'StorageClass', 'storage.k8s.io', false, storageClassPrinter, { shortNames: ['sc'] }),
  type('ingresses', 'ingress', 'Ingress', 'networking.k8s.io', true, ingressPrinter, { shortNames: ['ing'] }),
  type('ingressclasses', 'ingressclass', 'IngressClass', 'networking.k8s.io', false, ingressClassPrinter),
  type('networkpolicies', 'networkpolicy', 'NetworkPolicy', 'networking.k8s.io', true, networkPolicyPrinter, { shortNames: ['netpol'] }),
  type('endpointslices', 'endpointslice', 'EndpointSlice', 'discovery.k8s.io', true, endpointSlicePrinter),
  type('roles', 'role', 'Role', RBAC, true, defaultPrinter),
  type('rolebindings', 'rolebinding', 'RoleBinding', RBAC, true, roleBindingPrinter),
  type('clusterroles', 'clusterrole', 'ClusterRole', RBAC, false, defaultPrinter),
  type('clusterrolebindings', 'clusterrolebinding', 'ClusterRoleBinding', RBAC, false, roleBindingPrinter),
  type('horizontalpodautoscalers', 'horizontalpodautoscaler', 'HorizontalPodAutoscaler', 'autoscaling', true, horizontalPodAutoscalerPrinter, {
    shortNames: ['hpa'],
    categories: ['all'],
    version: 'v2',
  }),
  type('poddisruptionbudgets', 'poddisruptionbudget', 'PodDisruptionBudget', 'policy', true, podDisruptionBudgetPrinter, { shortNames: ['pdb'] }),
  type('priorityclasses', 'priorityclass', 'PriorityClass', 'scheduling.k8s.io', false, priorityClassPrinter, { shortNames: ['pc'] }),
  type('validatingwebhookconfigurations', 'validatingwebhookconfiguration', 'ValidatingWebhookConfiguration', ADMISSION, false, webhookConfigurationPrinter),
  type('mutatingwebhookconfigurations', 'mutatingwebhookconfiguration', 'MutatingWebhookConfiguration', ADMISSION, false, webhookConfigurationPrinter),
  type('customresourcedefinitions', 'customresourcedefinition', 'CustomResourceDefinition', 'apiextensions.k8s.io', false, defaultPrinter, {
    shortNames: ['crd', 'crds'],
  }),
];

export function groupVersion(resource: Pick<ResourceType, 'group' | 'version'>): string {
  return resource.group ? `${resource.group}/${resource.version}` : resource.version;
}


