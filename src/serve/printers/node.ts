/** printNode, printEvent and printNamespace: the cluster-level views. */
import { since, type AgeClock } from '../duration.js';
import { int, obj, objs, parts, str, type UntrustedObject } from '../untrusted.js';
import { AGE_COLUMN, NAME_COLUMN, col, type Cell, type Printer } from './columns.js';

const ROLE_PREFIX = 'node-role.kubernetes.io/';

function nodeRoles(labels: UntrustedObject): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith(ROLE_PREFIX) && key.length > ROLE_PREFIX.length) roles.add(key.slice(ROLE_PREFIX.length));
    else if (key === 'kubernetes.io/role' && str(value) !== '') roles.add(str(value));
  }
  return [...roles].sort();
}

function address(status: UntrustedObject, type: string): string {
  const found = objs(status['addresses']).find((a) => a['type'] === type);
  return found ? str(found['address']) : '<none>';
}

export const nodePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Status', 0, 'string', 'The status of the node'),
    col('Roles', 0, 'string', 'The roles of the node'),
    AGE_COLUMN,
    col('Version', 0, 'string', 'Kubelet Version reported by the node.'),
    col('Internal-IP', 1, 'string', 'List of addresses reachable to the node. Queried from cloud provider, if available.'),
    col('External-IP', 1, 'string', 'List of addresses reachable to the node. Queried from cloud provider, if available.'),
    col('OS-Image', 1, 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).'),
    col('Kernel-Version', 1, 'string', 'Kernel Version reported by the node from `uname -r` (e.g. 3.16.0-0.bpo.4-amd64).'),
    col('Container-Runtime', 1, 'string', 'Container Runtime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).'),
  ],
  row(node: unknown, clock: AgeClock): Cell[] {
    const { metadata, spec, status } = parts(node);
    const info = obj(status['nodeInfo']);
    const readyCondition = objs(status['conditions']).findLast((c) => c['type'] === 'Ready');
    const states: string[] = [];
    if (readyCondition) states.push(readyCondition['status'] === 'True' ? 'Ready' : 'NotReady');
    else states.push('Unknown');
    if (spec['unschedulable'] === true) states.push('SchedulingDisabled');
    const roles = nodeRoles(obj(metadata['labels'])).join(',');
    return [
      str(metadata['name']),
      states.join(','),
      roles || '<none>',
      since(clock, metadata['creationTimestamp']),
      str(info['kubeletVersion']),
      address(status, 'InternalIP'),
      address(status, 'ExternalIP'),
      str(info['osImage']) || '<unknown>',
      str(info['kernelVersion']) || '<unknown>',
      str(info['containerRuntimeVersion']) || '<unknown>',
    ];
  },
};

function firstNonEmpty(...values: unknown[]): string {
  for (const value of values) if (str(value) !== '') return str(value);
  return '';
}

export const eventPrinter: Printer = {
  columns: [
    col('Last Seen', 0, 'string', 'Time when last event occurred'),
    col('Type', 0, 'string', 'Type of this event (Normal, Warning), new types could be added in the future.'),
    col('Reason', 0, 'string', 'Reason is why the action was taken. It is human-readable.'),
    col('Object', 0, 'string', 'Object this event is about.'),
    col('Subobject', 1, 'string', 'The field this event is about, if any (e.g. spec.containers{name}).'),
    col('Source', 1, 'string', 'The component reporting this event. Should be a short machine understandable string.'),
    col('Message', 0, 'string', 'A human-readable description of the status of this operation.'),
    col('First Seen', 1, 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)'),
    col('Count', 1, 'integer', 'The number of times this event has occurred.'),
    { ...NAME_COLUMN, priority: 1 },
  ],
  row(object: unknown, clock: AgeClock): Cell[] {
    const event = obj(object);
    const involved = obj(event['involvedObject']);
    const source = obj(event['source']);
    const series = event['series'] ? obj(event['series']) : undefined;
    const firstTimestamp = str(event['firstTimestamp']);
    const first = firstTimestamp && since(clock, firstTimestamp) !== '<unknown>' ? since(clock, firstTimestamp) : since(clock, event['eventTime']);
    let last = since(clock, event['lastTimestamp']);
    if (last === '<unknown>') last = first;
    let count = int(event['count']);
    if (series) {
      last = since(clock, series['lastObservedTime']);
      count = int(series['count']);
    } else if (count === 0) {
      count = 1;
    }
    const kind = str(involved['kind']).toLowerCase();
    const target = str(involved['name']) ? `${kind}/${str(involved['name'])}` : kind;
    const component = firstNonEmpty(source['component'], event['reportingController'], event['reportingComponent']);
    const instance = firstNonEmpty(source['host'], event['reportingInstance']);
    return [
      last,
      str(event['type']),
      str(event['reason']),
      target,
      str(involved['fieldPath']),
      instance ? `${component}, ${instance}` : component,
      str(event['message']).trim(),
      first,
      count,
      str(obj(event['metadata'])['name']),
    ];
  },
};

export const namespacePrinter: Printer = {
  columns: [NAME_COLUMN, col('Status', 0, 'string', 'The status of the namespace'), AGE_COLUMN],
  row(namespace: unknown, clock: AgeClock): Cell[] {
    const { metadata, status } = parts(namespace);
    return [str(metadata['name']), str(status['phase']), since(clock, metadata['creationTimestamp'])];
  },
};
