/**
 * `kubectl describe pod` (and `describe node` conditions) back into objects. describe prints `Key:  value` lines
 * indented by nesting level; the text is first read into a tree by indentation, then the tree is read by field name,
 * so a paste that lost a few spaces of indentation still parses. Events are returned separately, with their ages.
 */
import type { Container, ContainerStatus, Pod, PodSpec, PodStatus, Probe } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { parseDescribeTime, parseEventAge, type EventAge } from './ages.js';
import { describeEventColumns, rowRecord, splitRow } from './table.js';
import type { PasteLine } from './text.js';

interface Node {
  line: number;
  indent: number;
  key?: string;
  value: string;
  raw: string;
  children: Node[];
}

export interface DescribedEvent {
  line: number;
  type: string;
  reason: string;
  from: string;
  message: string;
  age: EventAge;
}

export interface DescribedPod {
  pod: Pod;
  line: number;
  events: DescribedEvent[];
  /** Facts the paste does not show, for "what to ask for next". */
  hasLastState: boolean;
}

export interface DescribedNode {
  name: string;
  line: number;
  conditions: Array<{ type: string; status: string; reason?: string; message?: string }>;
  events: DescribedEvent[];
}

const KEY_LINE = /^(\s*)([A-Za-z0-9][^:]*?):(?:\s+(.*))?$/;

function toTree(lines: readonly PasteLine[]): Node[] {
  const root: Node = { line: 0, indent: -1, value: '', raw: '', children: [] };
  const stack: Node[] = [root];
  for (const { number, text } of lines) {
    if (text.trim() === '') continue;
    const indent = text.length - text.trimStart().length;
    const match = KEY_LINE.exec(text);
    const node: Node = match
      ? { line: number, indent, key: (match[2] ?? '').trim(), value: (match[3] ?? '').trim(), raw: text.trim(), children: [] }
      : { line: number, indent, value: text.trim(), raw: text.trim(), children: [] };
    // The root (indent -1) stays at the bottom of the stack.
    while (stack.length > 1 && (stack.at(-1)?.indent ?? -1) >= indent) stack.pop();
    (stack.at(-1) ?? root).children.push(node);
    stack.push(node);
  }
  return root.children;
}

function child(node: Node | undefined, key: string): Node | undefined {
  return node?.children.find((c) => c.key === key);
}

function childValue(node: Node | undefined, key: string): string | undefined {
  const value = child(node, key)?.value;
  return value === undefined || value === '' || value === '<none>' ? undefined : value;
}

/** Every line below a node, as written (Command:, Args:, a multi-line Message:). */
function textBelow(node: Node): string[] {
  return node.children.flatMap((c) => [c.raw, ...textBelow(c)]);
}

export function parseDescribePod(lines: readonly PasteLine[]): DescribedPod | undefined {
  const eventsAt = lines.findIndex((l) => /^Events:/.test(l.text.trim()) && !/^\s/.test(l.text));
  const body = eventsAt >= 0 ? lines.slice(0, eventsAt) : lines;
  const tree = toTree(body);
  const top = (key: string) => tree.find((n) => n.key === key);
  const name = top('Name')?.value;
  if (!name) return undefined;
  const namespace = top('Namespace')?.value || 'default';
  const metadata: ObjectMeta = { name, namespace, labels: keyValues(top('Labels'), '=') };
  const spec: PodSpec = { containers: [] };
  const podStatus: PodStatus = {};
  const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata, spec, status: podStatus };
  const controlledBy = top('Controlled By')?.value;
  if (controlledBy && controlledBy.includes('/')) {
    const [kind = '', ownerName = ''] = controlledBy.split('/', 2);
    metadata.ownerReferences = [{ apiVersion: kind === 'Job' ? 'batch/v1' : 'apps/v1', kind, name: ownerName, uid: `paste-${kind}-${ownerName}`, controller: true }];
  }
  const node = top('Node')?.value;
  if (node && node !== '<none>') spec.nodeName = node.split('/')[0];
  const priorityClass = top('Priority Class Name')?.value;
  if (priorityClass && priorityClass !== '<none>') spec.priorityClassName = priorityClass;
  const serviceAccount = top('Service Account')?.value;
  if (serviceAccount) spec.serviceAccountName = serviceAccount;
  const status = top('Status')?.value;
  if (status) podStatus.phase = status.split(' ')[0];
  const reason = top('Reason')?.value;
  if (reason) podStatus.reason = reason;
  const message = top('Message')?.value;
  if (message) podStatus.message = message;
  const startTime = parseDescribeTime(top('Start Time')?.value ?? '');
  if (startTime) podStatus.startTime = startTime;
  const qos = top('QoS Class')?.value;
  if (qos) podStatus.qosClass = qos;

  let hasLastState = false;
  for (const [section, kind] of [['Init Containers', 'init'], ['Containers', 'regular']] as const) {
    for (const containerNode of top(section)?.children ?? []) {
      if (!containerNode.key || containerNode.value !== '') continue;
      const container = readContainer(containerNode.key, containerNode);
      hasLastState ||= container.lastStateShown;
      if (kind === 'init') {
        (spec.initContainers ??= []).push(container.spec);
        (podStatus.initContainerStatuses ??= []).push(container.status);
      } else {
        spec.containers.push(container.spec);
        (podStatus.containerStatuses ??= []).push(container.status);
      }
    }
  }
  const conditions = top('Conditions')?.children ?? [];
  const conditionRows = conditions.filter((c) => !/^Type\s/.test(c.raw)).map((c) => c.raw.split(/\s+/));
  if (conditionRows.length > 0) {
    podStatus.conditions = conditionRows.flatMap(([type, value]) => (type !== undefined && value !== undefined ? [{ type, status: value }] : []));
  }
  const volumes = readVolumes(top('Volumes'));
  if (volumes.length > 0) spec.volumes = volumes;
  return { pod, line: lines[0]?.number ?? 0, events: eventsAt >= 0 ? parseDescribeEvents(lines.slice(eventsAt + 1)) : [], hasLastState };
}

function readContainer(name: string, node: Node): { spec: Container; status: ContainerStatus; lastStateShown: boolean } {
  const image = childValue(node, 'Image') ?? '';
  const spec: Container = { name, image };
  const command = child(node, 'Command');
  if (command) spec.command = textBelow(command);
  const args = child(node, 'Args');
  if (args) spec.args = textBelow(args);
  const limits = keyValues(child(node, 'Limits'), ':');
  const requests = keyValues(child(node, 'Requests'), ':');
  if (limits || requests) spec.resources = { ...(limits ? { limits } : {}), ...(requests ? { requests } : {}) };
  for (const [key, field] of [['Liveness', 'livenessProbe'], ['Readiness', 'readinessProbe'], ['Startup', 'startupProbe']] as const) {
    const probe = parseProbe(childValue(node, key) ?? '');
    if (probe) spec[field] = probe;
  }
  const env = readEnvironment(child(node, 'Environment'));
  if (env.length > 0) spec.env = env;
  const envFrom = readEnvFrom(child(node, 'Environment Variables from'));
  if (envFrom.length > 0) spec.envFrom = envFrom;
  const mounts = (child(node, 'Mounts')?.children ?? []).flatMap((m) => {
    const match = /^(\S+) from (\S+) \((r[ow])(?:,.*)?\)/.exec(m.raw);
    if (!match) return [];
    const [, mountPath = '', volume = '', mode] = match;
    return [{ mountPath, name: volume, ...(mode === 'ro' ? { readOnly: true } : {}) }];
  });
  if (mounts.length > 0) spec.volumeMounts = mounts;

  const restartCount = Number(childValue(node, 'Restart Count') ?? 0);
  const status: ContainerStatus = {
    name,
    image,
    imageID: childValue(node, 'Image ID') ?? '',
    ready: childValue(node, 'Ready') === 'True',
    restartCount: Number.isFinite(restartCount) ? restartCount : 0,
  };
  const containerID = childValue(node, 'Container ID');
  if (containerID) status.containerID = containerID;
  const state = readState(child(node, 'State'));
  if (state) status.state = state;
  const lastState = readState(child(node, 'Last State'));
  if (lastState) status.lastState = lastState;
  const started = childValue(node, 'Started');
  if (started) status.started = started === 'True';
  return { spec, status, lastStateShown: child(node, 'Last State') !== undefined };
}

function readState(node: Node | undefined): ContainerStatus['state'] | undefined {
  if (!node) return undefined;
  const time = (key: string) => parseDescribeTime(childValue(node, key) ?? '');
  const message = child(node, 'Message');
  const messageText = message ? [message.value, ...textBelow(message)].filter((t) => t !== '').join('\n') : undefined;
  switch (node.value) {
    case 'Waiting':
      return { waiting: { reason: childValue(node, 'Reason'), ...(messageText ? { message: messageText } : {}) } };
    case 'Running':
      return { running: { startedAt: time('Started') } };
    case 'Terminated': {
      const exitCode = Number(childValue(node, 'Exit Code'));
      const signal = Number(childValue(node, 'Signal'));
      return {
        terminated: {
          exitCode: Number.isFinite(exitCode) ? exitCode : (undefined as unknown as number),
          reason: childValue(node, 'Reason'),
          ...(Number.isFinite(signal) ? { signal } : {}),
          ...(messageText ? { message: messageText } : {}),
          startedAt: time('Started'),
          finishedAt: time('Finished'),
        },
      };
    }
    default:
      return undefined;
  }
}

/** `http-get http://:8080/healthz delay=10s timeout=1s period=10s #success=1 #failure=3` → a Probe. */
export function parseProbe(text: string): Probe | undefined {
  const match = /^(http-get|tcp-socket|exec|grpc)\s+(.*?)\s+delay=(\d+)s\s+timeout=(\d+)s\s+period=(\d+)s\s+#success=(\d+)\s+#failure=(\d+)/.exec(text.trim());
  if (!match) return undefined;
  const [, type, target = '', delay, timeout, period, success, failure] = match;
  const probe: Probe = {
    initialDelaySeconds: Number(delay),
    timeoutSeconds: Number(timeout),
    periodSeconds: Number(period),
    successThreshold: Number(success),
    failureThreshold: Number(failure),
  };
  if (type === 'http-get') {
    const url = /^(https?):\/\/[^:/]*:([^/]+)(\/.*)?$/.exec(target);
    probe.httpGet = { scheme: url?.[1]?.toUpperCase() ?? 'HTTP', port: portValue(url?.[2] ?? '80'), path: url?.[3] ?? '/' };
  } else if (type === 'tcp-socket') {
    probe.tcpSocket = { port: portValue(target.replace(/^.*:/, '')) };
  } else if (type === 'exec') {
    probe.exec = { command: target.replace(/^\[|\]$/g, '').split(' ').filter((w) => w !== '') };
  } else {
    probe.grpc = { port: Number(target.replace(/^.*:/, '')) || 0 };
  }
  return probe;
}

function portValue(text: string): number | string {
  return /^\d+$/.test(text) ? Number(text) : text;
}

function keyValues(node: Node | undefined, separator: '=' | ':'): Record<string, string> | undefined {
  if (!node) return undefined;
  const entries: Array<[string, string]> = [];
  const lines = [node.value, ...node.children.map((c) => c.raw)].filter((t) => t !== '' && t !== '<none>');
  for (const line of lines) {
    if (separator === '=') {
      const at = line.indexOf('=');
      if (at > 0) entries.push([line.slice(0, at), line.slice(at + 1)]);
    } else {
      const match = /^([^:\s]+):\s+(\S+)/.exec(line);
      const [, key, value] = match ?? [];
      if (key !== undefined && value !== undefined) entries.push([key, value]);
    }
  }
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

function readEnvironment(node: Node | undefined): NonNullable<Container['env']> {
  const env: NonNullable<Container['env']> = [];
  for (const item of node?.children ?? []) {
    if (!item.key) continue;
    const secret = /^<set to the key '([^']+)' (?:in|of) secret '([^']+)'>/.exec(item.value);
    const configMap = /^<set to the key '([^']+)' of config map '([^']+)'>/.exec(item.value);
    if (secret) env.push({ name: item.key, valueFrom: { secretKeyRef: keyRef(secret) } });
    else if (configMap) env.push({ name: item.key, valueFrom: { configMapKeyRef: keyRef(configMap) } });
    else env.push({ name: item.key, value: item.value });
  }
  return env;
}

/** `<set to the key 'KEY' of … 'NAME'>` → the key and the object's name. */
function keyRef([, key = '', name = '']: RegExpExecArray): { key: string; name: string } {
  return { key, name };
}

function readEnvFrom(node: Node | undefined): NonNullable<Container['envFrom']> {
  const sources: NonNullable<Container['envFrom']> = [];
  for (const item of node?.children ?? []) {
    const match = /^(\S+)\s+(ConfigMap|Secret)\s+Optional:\s+(true|false)/.exec(item.raw);
    if (!match) continue;
    const [, name = '', kind, optional] = match;
    const ref = { name, optional: optional === 'true' };
    sources.push(kind === 'ConfigMap' ? { configMapRef: ref } : { secretRef: ref });
  }
  return sources;
}

function readVolumes(node: Node | undefined): NonNullable<NonNullable<Pod['spec']>['volumes']> {
  const volumes: NonNullable<NonNullable<Pod['spec']>['volumes']> = [];
  for (const item of node?.children ?? []) {
    if (!item.key || item.value !== '') continue;
    const type = childValue(item, 'Type') ?? '';
    if (type.startsWith('PersistentVolumeClaim')) volumes.push({ name: item.key, persistentVolumeClaim: { claimName: childValue(item, 'ClaimName') ?? '' } });
    else if (type.startsWith('ConfigMap')) volumes.push({ name: item.key, configMap: { name: childValue(item, 'Name') ?? '' } });
    else if (type.startsWith('Secret')) volumes.push({ name: item.key, secret: { secretName: childValue(item, 'SecretName') ?? '' } });
    else if (type.startsWith('EmptyDir')) volumes.push({ name: item.key, emptyDir: {} });
  }
  return volumes;
}

function parseDescribeEvents(lines: readonly PasteLine[]): DescribedEvent[] {
  const events: DescribedEvent[] = [];
  const headerAt = lines.findIndex((l) => describeEventColumns(l.text) !== undefined);
  const columns = describeEventColumns(lines[headerAt]?.text ?? '');
  if (!columns) return events;
  const old = columns[0]?.name === 'FIRSTSEEN';
  for (const line of lines.slice(headerAt + 1)) {
    const text = line.text;
    if (text.trim() === '') break;
    if (/^\s*-{3,}(\s+-{3,})*\s*$/.test(text)) continue;
    if (!/^\s/.test(text) && !line.fenced) break;
    const cells = splitRow(text, columns);
    if (!cells) {
      const previous = events[events.length - 1];
      if (previous) previous.message += ` ${text.trim()}`;
      continue;
    }
    const record = rowRecord(columns, cells);
    // kubectl before 1.14 printed LastSeen and Count columns where later versions print `2m (x42 over 11m)`.
    const age = old ? { ...parseEventAge(record['LASTSEEN'] ?? ''), count: Number(record['COUNT']) || 1 } : parseEventAge(record['AGE'] ?? '');
    events.push({
      line: line.number,
      type: record['TYPE'] ?? '',
      reason: record['REASON'] ?? '',
      from: record['FROM'] ?? '',
      message: record['MESSAGE'] ?? '',
      age,
    });
  }
  return events;
}

export function parseDescribeNode(lines: readonly PasteLine[]): DescribedNode | undefined {
  const eventsAt = lines.findIndex((l) => /^Events:/.test(l.text));
  const tree = toTree(eventsAt >= 0 ? lines.slice(0, eventsAt) : lines);
  const name = tree.find((n) => n.key === 'Name')?.value;
  if (!name) return undefined;
  const conditions = (tree.find((n) => n.key === 'Conditions')?.children ?? [])
    .filter((c) => !/^(Type|----)\s/.test(c.raw))
    .map((c) => c.raw.split(/\s{2,}/))
    .flatMap(([type, status, , , reason, message]) => (type !== undefined && status !== undefined ? [{ type, status, reason, message }] : []));
  return { name, line: lines[0]?.number ?? 0, conditions, events: eventsAt >= 0 ? parseDescribeEvents(lines.slice(eventsAt + 1)) : [] };
}
