/**
 * The resource types `serve` answers for, with what discovery, routing, field selectors and printers need to know
 * about each. Every type is served even when the bundle has none of it (an empty list), so discovery is stable.
 */
import type { FieldGetters } from './field-selector.js';
import type { Printer } from './printers/columns.js';
import { obj, str } from './printers/columns.js';
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
}

const meta = (field: string) => (o: any) => obj(o['metadata'])[field];

const NAMESPACED_META: FieldGetters = { 'metadata.name': meta('name'), 'metadata.namespace': meta('namespace') };
const CLUSTER_META: FieldGetters = { 'metadata.name': meta('name') };

const spec = (field: string) => (o: any) => obj(o['spec'])[field];
const status = (field: string) => (o: any) => obj(o['status'])[field];
const involved = (field: string) => (o: any) => obj(o['involvedObject'])[field];

/** pkg/apis/core/v1/conversion.go and the pod registry's ToSelectableFields. */
const POD_FIELDS: FieldGetters = {
  ...NAMESPACED_META,
  'spec.nodeName': spec('nodeName'),
  'spec.host': spec('nodeName'),
  'spec.restartPolicy': spec('restartPolicy'),
  'spec.schedulerName': spec('schedulerName'),
  'spec.serviceAccountName': spec('serviceAccountName'),
  'spec.hostNetwork': (o) => String(obj(o['spec'])['hostNetwork'] === true),
  'status.phase': status('phase'),
  'status.podIP': (o) => str(obj(o['status'])['podIP']) || str(obj(((obj(o['status'])['podIPs'] as unknown[]) ?? [])[0])['ip']),
  'status.podIPs': (o) => str(obj(((obj(o['status'])['podIPs'] as unknown[]) ?? [])[0])['ip']) || str(obj(o['status'])['podIP']),
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
  reason: (o) => o['reason'],
  reportingComponent: (o) => o['reportingComponent'] ?? o['reportingController'],
  source: (o) => str(obj(o['source'])['component']) || str(o['reportingController']),
  type: (o) => o['type'],
};

function type(
  name: string,
  singular: string,
  kind: string,
  group: string,
  namespaced: boolean,
  printer: Printer,
  extra: Partial<Pick<ResourceType, 'shortNames' | 'categories' | 'fields' | 'subresources'>> = {},
): ResourceType {
  return {
    name,
    singular,
    kind,
    group,
    version: 'v1',
    namespaced,
    shortNames: extra.shortNames ?? [],
    categories: extra.categories ?? [],
    printer,
    fields: extra.fields ?? (namespaced ? NAMESPACED_META : CLUSTER_META),
    subresources: extra.subresources ?? [],
  };
}

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
    fields: { ...CLUSTER_META, 'spec.unschedulable': (o) => String(obj(o['spec'])['unschedulable'] === true) },
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
  type('secrets', 'secret', 'Secret', '', true, secretPrinter, { fields: { ...NAMESPACED_META, type: (o) => o['type'] } }),
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
];

export function groupVersion(resource: Pick<ResourceType, 'group' | 'version'>): string {
  return resource.group ? `${resource.group}/${resource.version}` : resource.version;
}

/** The API groups in discovery order (core first); `/apis` lists all but the core group. */
export const API_GROUPS: readonly string[] = ['', 'apps', 'batch', 'coordination.k8s.io'];

export function findResourceType(group: string, version: string, name: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((r) => r.group === group && r.version === version && r.name === name);
}
