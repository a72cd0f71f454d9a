/**
 * A corpus case as a customer would paste it into a ticket: `kubectl get pods`, `kubectl describe pod` (with its
 * events), `kubectl get events` for other objects, `kubectl logs --previous` and the case's other objects as
 * `-o yaml`. The text is printed the way kubectl prints it, from the same objects the case's bundle holds, so the text
 * reader is scored on the same truth as the bundle reader: what the thread established.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Container, ContainerState, ContainerStatus, EnvVar, Event, Pod, Probe } from 'kubernetes-types/core/v1.js';
import type { Report } from '../model/report.js';
import { analyzeBundles } from '../pipeline.js';
import type { ClusterModel } from '../samples/model.js';
import { humanDuration } from '../serve/duration.js';
import { summarizePod } from '../serve/printers/pod.js';
import type { CorpusCase } from './case.js';
import { caseModel } from './model.js';

/** A case's pod and the object its model holds for it. */
interface TicketPod {
  name: string;
  namespace: string;
  object: Pod;
}

function ticketText(c: CorpusCase, model: ClusterModel = caseModel(c)): string {
  const now = Date.parse(c.capturedAt);
  const out: string[] = [`Hello, we have a problem with a crashing pod (${c.title.replace(/\n/g, ' ')}). Output below.`, ''];
  const modelPods = objectsOf<Pod>(model, 'pods');
  const pods: TicketPod[] = c.pods.map(({ name, namespace }) => {
    const object = modelPods.find((pod) => pod.metadata?.name === name && pod.metadata.namespace === namespace);
    if (!object) throw new Error(`${c.file}: pod ${namespace}/${name} is missing from the case's model`);
    return { name, namespace, object };
  });
  const events = objectsOf<Event>(model, 'events');
  for (const namespace of [...new Set(pods.map((p) => p.namespace))]) {
    out.push('```', `$ kubectl get pods -n ${namespace}`, ...table(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], pods.filter((p) => p.namespace === namespace).map((p) => podRow(p, now))), '```', '');
  }
  for (const pod of pods) {
    const podEvents = events.filter((e) => e.involvedObject.kind === 'Pod' && e.involvedObject.name === pod.name && e.involvedObject.namespace === pod.namespace);
    out.push('```', `$ kubectl describe pod ${pod.name} -n ${pod.namespace}`, ...describePod(pod, podEvents, now), '```', '');
  }
  const otherEvents = events.filter((e) => e.involvedObject.kind !== 'Pod' || !pods.some((p) => p.name === e.involvedObject.name));
  if (otherEvents.length > 0) {
    out.push('```', '$ kubectl get events -A', ...table(['NAMESPACE', 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'], otherEvents.map((e) => [
      e.metadata.namespace ?? '', age(now, e.lastTimestamp ?? e.eventTime), e.type ?? '', e.reason ?? '', `${(e.involvedObject.kind ?? '').toLowerCase()}/${e.involvedObject.name ?? ''}`, oneLine(e.message ?? ''),
    ])), '```', '');
  }
  for (const log of model.logs) {
    out.push('```', `$ kubectl logs ${log.pod} -n ${log.namespace} -c ${log.container}${log.previous ? ' --previous' : ''}`, ...log.lines, '```', '');
  }
  for (const object of c.objects) {
    const metadata = object['metadata'] as { name?: string; namespace?: string } | undefined;
    out.push('```', `$ kubectl get ${String(object['kind']).toLowerCase()} ${metadata?.name ?? ''}${metadata?.namespace ? ` -n ${metadata.namespace}` : ''} -o yaml`, stringify(object).trimEnd(), '```', '');
  }
  out.push('Thanks for any help!');
  return `${out.join('\n')}\n`;
}

/** Writes the case's ticket to `workDir` and analyzes it as `podmortem analyze ticket.txt` would. */
export async function analyzeCaseAsTicket(c: CorpusCase, workDir: string): Promise<Report> {
  const target = join(workDir, `${c.id}.txt`);
  await writeFile(target, ticketText(c));
  const { report, unreadable } = await analyzeBundles([target]);
  const [failure] = unreadable;
  if (failure) throw new Error(`${c.file}: its ticket text cannot be read: ${failure.message}`);
  return report;
}

function objectsOf<T>(model: ClusterModel, resource: 'pods' | 'events'): T[] {
  return [...(model.resources.get(resource)?.values() ?? [])].flat() as T[];
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

function age(now: number, time: string | undefined): string {
  return time ? humanDuration(now - Date.parse(time)) : '<unknown>';
}

/** kubectl's column layout: each column as wide as its widest cell, three spaces apart. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 3))).join('').trimEnd();
  return [line(header), ...rows.map(line)];
}

function podRow({ name, object }: TicketPod, now: number): string[] {
  const summary = summarizePod(object);
  const restarts = summary.lastRestart !== undefined ? `${summary.restarts} (${humanDuration(now - summary.lastRestart)} ago)` : String(summary.restarts);
  return [name, summary.ready, summary.status, restarts, age(now, object.metadata?.creationTimestamp)];
}

/** describe's time format (RFC 1123 with a numeric zone). */
function describeTime(time: string | undefined): string {
  if (!time) return '<unknown>';
  const date = new Date(time);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][date.getUTCDay()] ?? '';
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][date.getUTCMonth()] ?? '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day}, ${pad(date.getUTCDate())} ${month} ${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

function field(indent: number, key: string, value: string, width = 16): string {
  return `${' '.repeat(indent)}${`${key}:`.padEnd(width)}${value}`;
}

function describePod({ name, namespace, object }: TicketPod, events: Event[], now: number): string[] {
  const out: string[] = [];
  const meta = object.metadata ?? {};
  const spec = object.spec ?? { containers: [] };
  const status = object.status ?? {};
  out.push(field(0, 'Name', name, 18), field(0, 'Namespace', namespace, 18), field(0, 'Priority', '0', 18));
  if (spec.priorityClassName) out.push(field(0, 'Priority Class Name', spec.priorityClassName, 18));
  out.push(field(0, 'Service Account', spec.serviceAccountName ?? 'default', 18));
  out.push(field(0, 'Node', spec.nodeName ? `${spec.nodeName}/${status.hostIP ?? ''}` : '<none>', 18));
  if (status.startTime) out.push(field(0, 'Start Time', describeTime(status.startTime), 18));
  const labels = Object.entries(meta.labels ?? {}).map(([k, v]) => `${k}=${v}`);
  out.push(field(0, 'Labels', labels[0] ?? '<none>', 18), ...labels.slice(1).map((l) => `${' '.repeat(18)}${l}`));
  out.push(field(0, 'Annotations', '<none>', 18), field(0, 'Status', status.phase ?? 'Unknown', 18));
  if (status.reason) out.push(field(0, 'Reason', status.reason, 18));
  if (status.message) out.push(field(0, 'Message', oneLine(status.message), 18));
  out.push(field(0, 'IP', status.podIP ?? '', 18));
  const owner = meta.ownerReferences?.find((o) => o.controller);
  if (owner) out.push(field(0, 'Controlled By', `${owner.kind}/${owner.name}`, 16));
  const statusOf = (list: ContainerStatus[] | undefined, name: string) => list?.find((s) => s.name === name);
  if (spec.initContainers?.length) {
    out.push('Init Containers:');
    for (const container of spec.initContainers) out.push(...describeContainer(container, statusOf(status.initContainerStatuses, container.name)));
  }
  out.push('Containers:');
  for (const container of spec.containers) out.push(...describeContainer(container, statusOf(status.containerStatuses, container.name)));
  if (status.conditions?.length) {
    out.push('Conditions:', ...table(['Type', 'Status'], status.conditions.map((c) => [c.type, c.status])).map((l) => `  ${l}`));
  }
  out.push(...describeVolumes(spec.volumes ?? []));
  out.push(field(0, 'QoS Class', status.qosClass ?? 'BestEffort', 29));
  if (events.length === 0) {
    out.push(field(0, 'Events', '<none>', 17));
    return out;
  }
  out.push('Events:');
  const rows = events.map((e) => {
    const last = age(now, e.lastTimestamp ?? e.eventTime);
    const count = e.count ?? 1;
    const when = count > 1 && e.firstTimestamp ? `${last} (x${count} over ${age(now, e.firstTimestamp)})` : last;
    return [e.type ?? '', e.reason ?? '', when, [e.source?.component, e.source?.host].filter(Boolean).join(', ') || e.reportingComponent || '', oneLine(e.message ?? '')];
  });
  const [header = '', ...lines] = table(['Type', 'Reason', 'Age', 'From', 'Message'], rows);
  out.push(`  ${header}`, `  ${header.replace(/\S+/g, (word) => '-'.repeat(word.length))}`, ...lines.map((l) => `  ${l}`));
  return out;
}

function describeContainer(container: Container, status: ContainerStatus | undefined): string[] {
  const out: string[] = [`  ${container.name}:`];
  const f = (key: string, value: string) => out.push(field(4, key, value));
  if (status?.containerID) f('Container ID', status.containerID);
  f('Image', container.image ?? '');
  if (status?.imageID) f('Image ID', status.imageID);
  const port = container.ports?.[0];
  f('Port', port ? `${port.containerPort}/${port.protocol ?? 'TCP'}` : '<none>');
  for (const [key, words] of [['Command', container.command], ['Args', container.args]] as const) {
    if (!words?.length) continue;
    out.push(`    ${key}:`, ...words.flatMap((w) => w.split('\n')).map((w) => `      ${w}`));
  }
  out.push(...describeState('State', status?.state), ...describeState('Last State', status?.lastState));
  f('Ready', status?.ready ? 'True' : 'False');
  f('Restart Count', String(status?.restartCount ?? 0));
  for (const [key, values] of [['Limits', container.resources?.limits], ['Requests', container.resources?.requests]] as const) {
    if (!values || Object.keys(values).length === 0) continue;
    out.push(`    ${key}:`, ...Object.entries(values).map(([k, v]) => `      ${`${k}:`.padEnd(8)}${v}`));
  }
  for (const [key, probe] of [['Liveness', container.livenessProbe], ['Readiness', container.readinessProbe], ['Startup', container.startupProbe]] as const) {
    if (probe) f(key, probeText(probe));
  }
  if (container.envFrom?.length) {
    out.push('    Environment Variables from:');
    for (const source of container.envFrom) {
      const ref = source.configMapRef ?? source.secretRef;
      out.push(`      ${ref?.name ?? ''}  ${source.configMapRef ? 'ConfigMap' : 'Secret'}  Optional: ${String(ref?.optional ?? false)}`);
    }
  }
  out.push(container.env?.length ? '    Environment:' : '    Environment:  <none>');
  for (const variable of container.env ?? []) out.push(`      ${variable.name}:  ${envValue(variable)}`);
  const mounts = container.volumeMounts ?? [];
  out.push(mounts.length ? '    Mounts:' : '    Mounts:         <none>');
  for (const mount of mounts) out.push(`      ${mount.mountPath} from ${mount.name} (${mount.readOnly ? 'ro' : 'rw'})`);
  return out;
}

function describeState(label: string, state: ContainerState | undefined): string[] {
  if (!state) return [];
  const out: string[] = [];
  const sub = (key: string, value: string) => out.push(field(6, key, value, 14));
  if (state.waiting) {
    out.push(field(4, label, 'Waiting'));
    if (state.waiting.reason) sub('Reason', state.waiting.reason);
    if (state.waiting.message) sub('Message', indentMore(state.waiting.message));
  } else if (state.running) {
    out.push(field(4, label, 'Running'));
    sub('Started', describeTime(state.running.startedAt));
  } else if (state.terminated) {
    const t = state.terminated;
    out.push(field(4, label, 'Terminated'));
    if (t.reason) sub('Reason', t.reason);
    if (t.message) sub('Message', indentMore(t.message));
    sub('Exit Code', String(t.exitCode));
    if (t.signal) sub('Signal', String(t.signal));
    sub('Started', describeTime(t.startedAt));
    sub('Finished', describeTime(t.finishedAt));
  }
  return out;
}

/** A multi-line message's later lines, indented under it as a paste keeps them. */
function indentMore(message: string): string {
  return message.trimEnd().split('\n').join(`\n${' '.repeat(20)}`);
}

function probeText(probe: Probe): string {
  const timing = `delay=${probe.initialDelaySeconds ?? 0}s timeout=${probe.timeoutSeconds ?? 1}s period=${probe.periodSeconds ?? 10}s #success=${probe.successThreshold ?? 1} #failure=${probe.failureThreshold ?? 3}`;
  if (probe.httpGet) return `http-get ${(probe.httpGet.scheme ?? 'HTTP').toLowerCase()}://${probe.httpGet.host ?? ''}:${String(probe.httpGet.port)}${probe.httpGet.path ?? '/'} ${timing}`;
  if (probe.tcpSocket) return `tcp-socket ${probe.tcpSocket.host ?? ''}:${String(probe.tcpSocket.port)} ${timing}`;
  if (probe.exec) return `exec [${(probe.exec.command ?? []).join(' ')}] ${timing}`;
  if (probe.grpc) return `grpc <pod>:${probe.grpc.port} ${probe.grpc.service ?? ''} ${timing}`;
  return `unknown ${timing}`;
}

function envValue(variable: EnvVar): string {
  const from = variable.valueFrom;
  if (from?.secretKeyRef) return `<set to the key '${from.secretKeyRef.key}' in secret '${from.secretKeyRef.name ?? ''}'>  Optional: ${String(from.secretKeyRef.optional ?? false)}`;
  if (from?.configMapKeyRef) return `<set to the key '${from.configMapKeyRef.key}' of config map '${from.configMapKeyRef.name ?? ''}'>  Optional: ${String(from.configMapKeyRef.optional ?? false)}`;
  if (from?.fieldRef) return ` (${from.fieldRef.apiVersion ?? 'v1'}:${from.fieldRef.fieldPath})`;
  return variable.value ?? '';
}

/** describe's Volumes section, for the volume types a crash can hinge on. */
function describeVolumes(volumes: NonNullable<NonNullable<Pod['spec']>['volumes']>): string[] {
  if (volumes.length === 0) return [field(0, 'Volumes', '<none>', 29)];
  const out = ['Volumes:'];
  for (const volume of volumes) {
    out.push(`  ${volume.name}:`);
    const f = (key: string, value: string) => out.push(field(4, key, value, 12));
    if (volume.configMap) {
      f('Type', 'ConfigMap (a volume populated by a ConfigMap)');
      f('Name', volume.configMap.name ?? '');
      f('Optional', String(volume.configMap.optional ?? false));
    } else if (volume.secret) {
      f('Type', 'Secret (a volume populated by a Secret)');
      f('SecretName', volume.secret.secretName ?? '');
      f('Optional', String(volume.secret.optional ?? false));
    } else if (volume.persistentVolumeClaim) {
      f('Type', 'PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)');
      f('ClaimName', volume.persistentVolumeClaim.claimName);
      f('ReadOnly', String(volume.persistentVolumeClaim.readOnly ?? false));
    } else if (volume.emptyDir) {
      f('Type', 'EmptyDir (a temporary directory that shares a pod\'s lifetime)');
      f('Medium', volume.emptyDir.medium ?? '');
      f('SizeLimit', volume.emptyDir.sizeLimit ?? '<unset>');
    } else {
      f('Type', `${Object.keys(volume).find((k) => k !== 'name') ?? 'unknown'} (shown as YAML in the pod)`);
    }
  }
  return out;
}
