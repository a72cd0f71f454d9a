/**
 * Printers for the kinds served beyond the workloads: storage, networking, RBAC, autoscaling, policy, scheduling,
 * admission. Ports of printPersistentVolume, printStorageClass, printIngress, printIngressClass, printNetworkPolicy,
 * printEndpointSlice, printServiceAccount, printRole(Binding), printHorizontalPodAutoscaler,
 * printPodDisruptionBudget, printPriorityClass and the webhook configurations (pkg/printers/internalversion).
 */
import { since, type AgeClock } from '../duration.js';
import { formatLabelSelector } from '../label-selector.js';
import { arr, field, int, obj, objs, parts, str, type UntrustedObject } from '../untrusted.js';
import { AGE_COLUMN, NAME_COLUMN, col, creation, metaName as name, type Cell, type Printer } from './columns.js';
import { ACCESS_MODES } from './core.js';

const age = (object: unknown, clock: AgeClock) => since(clock, creation(object));

/** `printers.go` joins lists past this many entries as `a,b,c + N more...`. */
function joinCapped(items: string[], max: number): string {
  if (items.length <= max) return items.join(',');
  return `${items.slice(0, max).join(',')} + ${items.length - max} more...`;
}

function accessModes(modes: unknown): string {
  return [...new Set(arr(modes).map(str))].map((m) => ACCESS_MODES[m] ?? m).join(',');
}

export const persistentVolumePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Capacity'),
    col('Access Modes'),
    col('Reclaim Policy'),
    col('Status'),
    col('Claim'),
    col('StorageClass'),
    col('Reason'),
    AGE_COLUMN,
    col('VolumeMode', 1),
  ],
  row(volume: unknown, clock: AgeClock): Cell[] {
    const { metadata, spec, status } = parts(volume);
    const claimRef = obj(spec['claimRef']);
    const claim = claimRef['name'] ? `${str(claimRef['namespace'])}/${str(claimRef['name'])}` : '';
    return [
      str(metadata['name']),
      str(obj(spec['capacity'])['storage']),
      accessModes(spec['accessModes']),
      str(spec['persistentVolumeReclaimPolicy']),
      metadata['deletionTimestamp'] ? 'Terminating' : str(status['phase']),
      claim,
      str(spec['storageClassName']),
      str(status['reason']),
      age(volume, clock),
      str(spec['volumeMode']) || '<unset>',
    ];
  },
};

const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

export const storageClassPrinter: Printer = {
  columns: [NAME_COLUMN, col('Provisioner'), col('ReclaimPolicy'), col('VolumeBindingMode'), col('AllowVolumeExpansion'), AGE_COLUMN],
  row(storageClass: unknown, clock: AgeClock): Cell[] {
    const annotations = obj(field(storageClass, 'metadata', 'annotations'));
    const isDefault = DEFAULT_CLASS_ANNOTATIONS.some((key) => annotations[key] === 'true');
    const { provisioner, reclaimPolicy, volumeBindingMode, allowVolumeExpansion } = obj(storageClass);
    return [
      isDefault ? `${name(storageClass)} (default)` : name(storageClass),
      str(provisioner),
      str(reclaimPolicy) || 'Delete',
      str(volumeBindingMode) || 'Immediate',
      String(allowVolumeExpansion === true),
      age(storageClass, clock),
    ];
  },
};

export const ingressPrinter: Printer = {
  columns: [NAME_COLUMN, col('Class'), col('Hosts'), col('Address'), col('Ports'), AGE_COLUMN],
  row(ingress: unknown, clock: AgeClock): Cell[] {
    const { metadata, spec, status } = parts(ingress);
    const annotations = obj(metadata['annotations']);
    const className = str(spec['ingressClassName']) || str(annotations['kubernetes.io/ingress.class']) || '<none>';
    const hosts = objs(spec['rules']).map((r) => str(r['host'])).filter((h) => h !== '');
    const addresses = objs(field(status, 'loadBalancer', 'ingress'))
      .map((i) => str(i['ip']) || str(i['hostname']))
      .filter((a) => a !== '');
    return [
      name(ingress),
      className,
      hosts.length > 0 ? joinCapped(hosts, 3) : '*',
      addresses.join(','),
      arr(spec['tls']).length > 0 ? '80, 443' : '80',
      age(ingress, clock),
    ];
  },
};

export const ingressClassPrinter: Printer = {
  columns: [NAME_COLUMN, col('Controller'), col('Parameters'), AGE_COLUMN],
  row(ingressClass: unknown, clock: AgeClock): Cell[] {
    const { spec } = parts(ingressClass);
    const parameters = obj(spec['parameters']);
    const group = str(parameters['apiGroup']);
    const kind = str(parameters['kind']);
    const described = parameters['name'] ? `${kind}${group ? `.${group}` : ''}/${str(parameters['name'])}` : '<none>';
    return [name(ingressClass), str(spec['controller']), described, age(ingressClass, clock)];
  },
};

export const networkPolicyPrinter: Printer = {
  columns: [NAME_COLUMN, col('Pod-Selector'), AGE_COLUMN],
  row(policy: unknown, clock: AgeClock): Cell[] {
    return [name(policy), formatLabelSelector(field(policy, 'spec', 'podSelector')), age(policy, clock)];
  },
};

export const endpointSlicePrinter: Printer = {
  columns: [NAME_COLUMN, col('AddressType'), col('Ports'), col('Endpoints'), AGE_COLUMN],
  row(slice: unknown, clock: AgeClock): Cell[] {
    const { ports: portList, endpoints, addressType } = obj(slice);
    const ports = objs(portList);
    const addresses = objs(endpoints).flatMap((e) => arr(e['addresses']).map(str));
    return [
      name(slice),
      str(addressType),
      ports.length === 0 ? '<unset>' : ports.map((p) => (p['port'] === undefined || p['port'] === null ? '<unset>' : String(int(p['port'])))).join(','),
      addresses.length === 0 ? '<unset>' : joinCapped(addresses, 3),
      age(slice, clock),
    ];
  },
};

export const serviceAccountPrinter: Printer = {
  columns: [NAME_COLUMN, col('Secrets', 0, 'integer'), AGE_COLUMN],
  row(account: unknown, clock: AgeClock): Cell[] {
    return [name(account), arr(field(account, 'secrets')).length, age(account, clock)];
  },
};

export const roleBindingPrinter: Printer = {
  columns: [NAME_COLUMN, col('Role'), AGE_COLUMN, col('Users', 1), col('Groups', 1), col('ServiceAccounts', 1)],
  row(binding: unknown, clock: AgeClock): Cell[] {
    const subjects = objs(field(binding, 'subjects'));
    const of = (kind: string) => subjects.filter((s) => s['kind'] === kind);
    const roleRef = obj(field(binding, 'roleRef'));
    return [
      name(binding),
      `${str(roleRef['kind'])}/${str(roleRef['name'])}`,
      age(binding, clock),
      of('User').map((s) => str(s['name'])).join(', '),
      of('Group').map((s) => str(s['name'])).join(', '),
      of('ServiceAccount').map((s) => `${str(s['namespace'])}:${str(s['name'])}`).join(', '),
    ];
  },
};

function metricTarget(metric: UntrustedObject, status: UntrustedObject[]): string {
  // Only the resource-utilisation form is common enough to spell out; others print as apiserver's `<unknown>`.
  const resource = obj(metric['resource']);
  const target = obj(resource['target']);
  if (metric['type'] === 'Resource' && target['averageUtilization'] !== undefined) {
    const current = status.map((s) => obj(s['resource'])).find((r) => r['name'] === resource['name']);
    const now = current ? obj(current['current'])['averageUtilization'] : undefined;
    return `${str(resource['name'])}: ${now === undefined ? '<unknown>' : `${int(now)}%`}/${int(target['averageUtilization'])}%`;
  }
  return '<unknown>/<unknown>';
}

export const horizontalPodAutoscalerPrinter: Printer = {
  columns: [NAME_COLUMN, col('Reference'), col('Targets'), col('MinPods', 0, 'integer'), col('MaxPods', 0, 'integer'), col('Replicas', 0, 'integer'), AGE_COLUMN],
  row(hpa: unknown, clock: AgeClock): Cell[] {
    const { spec, status } = parts(hpa);
    const ref = obj(spec['scaleTargetRef']);
    const metrics = objs(spec['metrics']);
    const current = objs(status['currentMetrics']);
    const targets = metrics.length === 0 ? '<none>' : joinCapped(metrics.map((m) => metricTarget(m, current)), 2);
    return [
      name(hpa),
      `${str(ref['kind'])}/${str(ref['name'])}`,
      targets,
      spec['minReplicas'] === undefined ? '<unset>' : int(spec['minReplicas']),
      int(spec['maxReplicas']),
      int(status['currentReplicas']),
      age(hpa, clock),
    ];
  },
};

export const podDisruptionBudgetPrinter: Printer = {
  columns: [NAME_COLUMN, col('Min Available'), col('Max Unavailable'), col('Allowed Disruptions', 0, 'integer'), AGE_COLUMN],
  row(pdb: unknown, clock: AgeClock): Cell[] {
    const { spec, status } = parts(pdb);
    const value = (v: unknown) => (v === undefined || v === null ? 'N/A' : str(v));
    return [name(pdb), value(spec['minAvailable']), value(spec['maxUnavailable']), int(status['disruptionsAllowed']), age(pdb, clock)];
  },
};

export const priorityClassPrinter: Printer = {
  columns: [NAME_COLUMN, col('Value', 0, 'integer'), col('Global-Default', 0, 'boolean'), AGE_COLUMN, col('PreemptionPolicy', 1)],
  row(priorityClass: unknown, clock: AgeClock): Cell[] {
    const { value, globalDefault, preemptionPolicy } = obj(priorityClass);
    return [
      name(priorityClass),
      int(value),
      globalDefault === true,
      age(priorityClass, clock),
      str(preemptionPolicy) || 'PreemptLowerPriority',
    ];
  },
};

export const webhookConfigurationPrinter: Printer = {
  columns: [NAME_COLUMN, col('Webhooks', 0, 'integer'), AGE_COLUMN],
  row(configuration: unknown, clock: AgeClock): Cell[] {
    return [name(configuration), arr(field(configuration, 'webhooks')).length, age(configuration, clock)];
  },
};

/** NAME and CREATED AT: printRole's columns, and the apiserver's default Table for kinds without a printer (CRDs). */
export const defaultPrinter: Printer = {
  columns: [NAME_COLUMN, col('Created At', 0, 'date')],
  row(object: unknown): Cell[] {
    return [name(object), str(creation(object))];
  },
};
