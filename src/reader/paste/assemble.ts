/**
 * The kubectl outputs of one ticket → one snapshot. Several outputs may speak of the same pod (a `get pods` line, its
 * `describe`, its YAML); the most complete one wins field by field: a pod object over describe over a table row.
 * What the paste cannot show stays unknown (no exit code is made up), and the gaps become "ask for" notes.
 */
import type { ContainerStatus, Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import { buildSnapshot, type LogRecord } from '../../model/build.js';
import type { Diagnostic, KubeObject, ObjectRecord, ResourceName, Snapshot } from '../../model/snapshot.js';
import { shellCommand } from '../../util/shell.js';
import { parseValues } from '../parse.js';
import { parseAge, parseDescribeTime, parseEventAge, timeBefore } from './ages.js';
import type { Block, LogsCommand } from './blocks.js';
import { parseDescribeNode, parseDescribePod, type DescribedEvent } from './describe.js';
import type { TableRow } from './table.js';
import type { PasteLine } from './text.js';

interface PodFacts {
  pod: Pod;
  /** Where the pod's facts came from, for the report ("from a pasted describe at line 12"). */
  from: string[];
  line: number;
  detail: 'object' | 'describe' | 'table';
}

export interface PasteSnapshotInput {
  path: string;
  name: string;
  blocks: Block[];
  /** When the paste was taken, if known; else ages count back from the newest time it shows, or from `fallbackNow`. */
  fallbackNow: string;
}

/** Waiting reasons `get pods` prints in STATUS for a container that cannot run. */
const WAITING_STATUSES = new Set([
  'CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull', 'CreateContainerConfigError',
  'CreateContainerError', 'RunContainerError', 'ContainerCreating', 'PodInitializing', 'ImageInspectError', 'RegistryUnavailable',
]);
const TERMINATED_STATUSES = new Set(['OOMKilled', 'Error', 'Completed', 'ContainerCannotRun', 'StartError', 'DeadlineExceeded', 'Unknown']);

export function assemblePaste(input: PasteSnapshotInput): Snapshot {
  const { blocks, path, name } = input;
  const file = name;
  const diagnostics: Diagnostic[] = [];
  const pods = new Map<string, PodFacts>();
  const objects: Partial<Record<ResourceName, ObjectRecord[]>> = {};
  const eventObjects: ObjectRecord[] = [];
  const read: string[] = [];
  const reference = referenceTime(blocks) ?? input.fallbackNow;
  if (!referenceTime(blocks)) {
    diagnostics.push({
      severity: 'info',
      code: 'paste-relative-times',
      file,
      message: `the paste does not say when it was taken: its ages (2m, 3h…) are counted back from ${reference}`,
    });
  }

  const keep = (facts: PodFacts) => {
    const key = podKey(facts.pod);
    const existing = pods.get(key) ?? findByName(pods, facts.pod.metadata?.name);
    if (!existing) {
      pods.set(key, facts);
      return;
    }
    const rank = { object: 3, describe: 2, table: 1 };
    if (rank[facts.detail] > rank[existing.detail]) {
      pods.delete(podKey(existing.pod));
      pods.set(key, { ...facts, from: [...existing.from, ...facts.from] });
    } else existing.from.push(...facts.from);
  };

  for (const block of blocks) {
    switch (block.kind) {
      case 'describe-pod': {
        const described = parseDescribePod(block.lines);
        if (!described) break;
        read.push(`kubectl describe pod (line ${described.line})`);
        keep({ pod: described.pod, from: [`describe at line ${described.line}`], line: described.line, detail: 'describe' });
        for (const event of described.events) eventObjects.push(eventRecord(event, 'Pod', described.pod, reference, file));
        break;
      }
      case 'describe-node': {
        const node = parseDescribeNode(block.lines);
        if (!node) break;
        read.push(`kubectl describe node (line ${node.line})`);
        (objects.nodes ??= []).push({
          object: { apiVersion: 'v1', kind: 'Node', metadata: { name: node.name }, status: { conditions: node.conditions } },
          source: { file, line: node.line },
        });
        for (const event of node.events) {
          eventObjects.push(eventRecord(event, 'Node', { metadata: { name: node.name } }, reference, file));
        }
        break;
      }
      case 'pods-table':
        read.push(`kubectl get pods (line ${block.line}, ${block.rows.length} pods)`);
        for (const row of block.rows) keep(podFromRow(row, block.namespace, reference));
        break;
      case 'events-table':
        read.push(`kubectl get events (line ${block.line}, ${block.rows.length} events)`);
        for (const row of block.rows) eventObjects.push(eventFromRow(row, block.namespace, reference, file));
        break;
      case 'objects':
        for (const object of parseObjects(block, file, diagnostics)) {
          read.push(`${object.kind ?? 'object'} ${object.metadata?.name ?? ''} as ${block.json ? 'JSON' : 'YAML'} (line ${block.line})`);
          if (object.kind === 'Pod') keep({ pod: object as Pod, from: [`pod object at line ${block.line}`], line: block.line, detail: 'object' });
          else if (object.kind === 'Event') eventObjects.push({ object, source: { file, line: block.line } });
          else {
            const resource = RESOURCE_OF_KIND[object.kind ?? ''];
            if (resource) (objects[resource] ??= []).push({ object, source: { file, line: block.line } });
          }
        }
        break;
      case 'kernel-oom':
        read.push(`kernel OOM lines (line ${block.lines[0]?.number ?? 0})`);
        for (const line of block.lines) eventObjects.push(kernelOomEvent(line, reference, file));
        break;
      default:
        break;
    }
  }

  const logs = mergeLogs(attributeLogs(blocks, [...pods.values()], file, diagnostics, read));
  for (const log of logs) markPreviousInstance(pods, log);

  attributeToSoleContainer(eventObjects, pods);
  const podRecords: ObjectRecord[] = [...pods.values()].map((facts) => ({ object: facts.pod as KubeObject, source: { file, line: facts.line } }));
  const snapshot = buildSnapshot({
    // A ticket holds the logs someone chose to paste: a missing previous log says nothing.
    bundle: { path, format: 'paste', name, logs: { previous: 'unknown', runtimeTimestamps: false } },
    resources: { ...objects, pods: podRecords, events: eventObjects },
    logs,
    capturedAt: reference,
    capturedAtSource: 'paste',
    diagnostics: [
      { severity: 'info', code: 'paste-read', file, message: read.length > 0 ? `read from a pasted ticket: ${read.join('; ')}` : 'no kubectl output recognised in the paste' },
      ...diagnostics,
    ],
  });
  snapshot.nextSteps = askForNext(snapshot, [...pods.values()]);
  return snapshot;
}

const RESOURCE_OF_KIND: Record<string, ResourceName> = {
  Node: 'nodes', Namespace: 'namespaces', Deployment: 'deployments', ReplicaSet: 'replicasets', StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets', Job: 'jobs', CronJob: 'cronjobs', Service: 'services', Endpoints: 'endpoints', ConfigMap: 'configmaps',
  Secret: 'secrets', LimitRange: 'limitranges', ResourceQuota: 'resourcequotas', PersistentVolumeClaim: 'persistentvolumeclaims',
};

function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

function findByName(pods: ReadonlyMap<string, PodFacts>, name: string | undefined): PodFacts | undefined {
  const matches = [...pods.values()].filter((facts) => facts.pod.metadata?.name === name);
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * When the paste was taken. Absolute times (describe's Started/Finished, a pod object's timestamps) give a lower
 * bound; a relative age that dates the last termination moves it on: `get pods`' "14 (2m ago)" or the age of a
 * probe `Killing` event, both of which happened when the newest `Finished:` time says.
 */
function referenceTime(blocks: readonly Block[]): string | undefined {
  const newest = newestAbsoluteTime(blocks, /(?:Started|Finished|Start Time|startedAt|finishedAt|lastTimestamp)/);
  if (newest === undefined) return undefined;
  const finished = newestAbsoluteTime(blocks, /(?:Finished|finishedAt)/);
  const restartAges = blocks
    .flatMap((b) => (b.kind === 'pods-table' ? b.rows : []))
    .map((row) => parseAge(/\((\S+) ago\)/.exec(row.cells['RESTARTS'] ?? '')?.[1] ?? ''));
  const killAges = blocks.flatMap((b) => {
    if (b.kind === 'events-table') return b.rows.filter((r) => r.cells['REASON'] === 'Killing').map((r) => parseEventAge(r.cells['LAST SEEN'] ?? '').lastSecondsAgo);
    if (b.kind === 'describe-pod') return (parseDescribePod(b.lines)?.events ?? []).filter((e) => e.reason === 'Killing').map((e) => e.age.lastSecondsAgo);
    return [];
  });
  const anchors = [...restartAges, ...killAges].filter((age): age is number => age !== undefined);
  const anchored = finished !== undefined && anchors.length > 0 ? finished + Math.min(...anchors) * 1000 : newest;
  return new Date(Math.max(newest, anchored)).toISOString().replace('.000Z', 'Z');
}

function newestAbsoluteTime(blocks: readonly Block[], field: RegExp): number | undefined {
  let newest: number | undefined;
  for (const block of blocks) {
    if (block.kind !== 'describe-pod' && block.kind !== 'objects') continue;
    const text = block.kind === 'objects' ? block.text : block.lines.map((l) => l.text).join('\n');
    for (const match of text.matchAll(new RegExp(`${field.source}:\\s+"?([^"\\n]+?)"?\\s*$`, 'gm'))) {
      const time = parseDescribeTime(match[1] ?? '');
      if (time && (newest === undefined || Date.parse(time) > newest)) newest = Date.parse(time);
    }
  }
  return newest;
}

function podFromRow(row: TableRow, namespace: string | undefined, reference: string): PodFacts {
  const cells = row.cells;
  const name = cells['NAME'] ?? '';
  const status = cells['STATUS'] ?? '';
  const [restartText, ago] = /^(\d+)(?:\s+\((\S+) ago\))?/.exec(cells['RESTARTS'] ?? '')?.slice(1) ?? [];
  const restartCount = Number(restartText ?? 0);
  const node = cells['NODE'];
  const containerName = workloadGuess(name);
  const containerStatus: ContainerStatus = { name: containerName, image: '', imageID: '', ready: /^(\d+)\/\1$/.test(cells['READY'] ?? ''), restartCount };
  const agoSeconds = ago === undefined ? undefined : parseAge(ago);
  const lastFinished = agoSeconds === undefined ? undefined : timeBefore(reference, agoSeconds);
  const init = /^Init:(.+)$/.exec(status);
  const reason = init?.[1] ?? status;
  if (WAITING_STATUSES.has(reason)) containerStatus.state = { waiting: { reason } };
  else if (TERMINATED_STATUSES.has(reason)) containerStatus.state = { terminated: { reason, exitCode: undefined as unknown as number } };
  else if (reason === 'Running') containerStatus.state = { running: {} };
  if (restartCount > 0 && !containerStatus.lastState) {
    containerStatus.lastState = { terminated: { exitCode: undefined as unknown as number, ...(lastFinished ? { finishedAt: lastFinished } : {}) } };
  }
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: cells['NAMESPACE'] ?? namespace ?? 'default' },
    spec: {
      containers: init ? [] : [{ name: containerName }],
      ...(init ? { initContainers: [{ name: containerName }] } : {}),
      ...(node && node !== '<none>' ? { nodeName: node } : {}),
    },
    status: {
      phase: status === 'Evicted' ? 'Failed' : status === 'Completed' ? 'Succeeded' : /Pending|ContainerCreating/.test(status) ? 'Pending' : 'Running',
      ...(status === 'Evicted' ? { reason: 'Evicted' } : {}),
      ...(init ? { initContainerStatuses: [containerStatus] } : { containerStatuses: [containerStatus] }),
    },
  };
  return { pod, from: [`get pods at line ${row.line}`], line: row.line, detail: 'table' };
}

/** `get pods` does not name containers; a Deployment's pod `api-7c9d5f-x2x9q` most likely runs container `api`. */
function workloadGuess(podName: string): string {
  return podName.replace(/-[a-z0-9]{8,10}-[a-z0-9]{5}$/, '').replace(/-[a-z0-9]{5}$/, '').replace(/-\d+$/, '') || podName;
}

function eventRecord(event: DescribedEvent, kind: string, owner: Pod, reference: string, file: string): ObjectRecord {
  const container = /container[ "]+([a-z0-9][-a-z0-9]*)/i.exec(event.message)?.[1];
  return {
    object: coreEvent({
      kind,
      name: owner.metadata?.name ?? '',
      namespace: owner.metadata?.namespace,
      container,
      type: event.type,
      reason: event.reason,
      message: event.message,
      component: event.from,
      age: event.age,
      reference,
    }),
    source: { file, line: event.line },
  };
}

function eventFromRow(row: TableRow, namespace: string | undefined, reference: string, file: string): ObjectRecord {
  const cells = row.cells;
  const objectRef = cells['OBJECT'] ?? `${cells['KIND'] ?? 'Pod'}/${cells['NAME'] ?? ''}`;
  const [kindText = '', name] = objectRef.includes('/') ? objectRef.split('/', 2) : ['pod', objectRef];
  const kind = kindText.charAt(0).toUpperCase() + kindText.slice(1);
  const age = cells['LAST SEEN'] ?? cells['LASTSEEN'] ?? '';
  const parsed = parseEventAge(age);
  const count = Number(cells['COUNT']) || parsed.count;
  const container = /spec\.(?:initC|c)ontainers\{([^}]+)\}/.exec(cells['SUBOBJECT'] ?? '')?.[1] ?? /container[ "]+([a-z0-9][-a-z0-9]*)/i.exec(cells['MESSAGE'] ?? '')?.[1];
  return {
    object: coreEvent({
      kind,
      name: name ?? '',
      namespace: cells['NAMESPACE'] ?? namespace ?? 'default',
      container,
      type: cells['TYPE'] ?? '',
      reason: cells['REASON'] ?? '',
      message: cells['MESSAGE'] ?? '',
      component: cells['SOURCE'] ?? '',
      age: { ...parsed, count },
      reference,
    }),
    source: { file, line: row.line },
  };
}

interface EventFacts {
  kind: string;
  name: string;
  namespace?: string;
  container?: string;
  type: string;
  reason: string;
  message: string;
  component: string;
  age: { lastSecondsAgo?: number; firstSecondsAgo?: number; count: number };
  reference: string;
}

function coreEvent(facts: EventFacts): KubeObject {
  const last = facts.age.lastSecondsAgo !== undefined ? timeBefore(facts.reference, facts.age.lastSecondsAgo) : undefined;
  const first = facts.age.firstSecondsAgo !== undefined ? timeBefore(facts.reference, facts.age.firstSecondsAgo) : last;
  const [component, host] = facts.component.split(/,\s*/);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${facts.name}.paste`, namespace: facts.kind === 'Node' ? 'default' : facts.namespace },
    involvedObject: {
      kind: facts.kind,
      name: facts.name,
      ...(facts.kind === 'Node' ? {} : { namespace: facts.namespace }),
      ...(facts.container ? { fieldPath: `spec.containers{${facts.container}}` } : {}),
    },
    type: facts.type,
    reason: facts.reason,
    message: facts.message,
    count: facts.age.count,
    source: { component: component ?? '', ...(host ? { host } : {}) },
    ...(first ? { firstTimestamp: first } : {}),
    ...(last ? { lastTimestamp: last } : {}),
  };
}

/** The kubelet's events about one container (they carry its fieldPath); FailedMount, Scheduled… are about the pod. */
const CONTAINER_EVENT_REASONS = new Set([
  'Pulling', 'Pulled', 'Failed', 'BackOff', 'ErrImagePull', 'ErrImageNeverPull', 'InspectFailed', 'Created', 'Started',
  'Killing', 'Unhealthy', 'ProbeWarning', 'ExceededGracePeriod',
]);

/**
 * Printed events lose `involvedObject.fieldPath`, which names the container a probe failure is about; for a pod with
 * one container there is only one it can be.
 */
function attributeToSoleContainer(events: readonly ObjectRecord[], pods: ReadonlyMap<string, PodFacts>): void {
  for (const { object } of events) {
    const involved = object['involvedObject'] as { kind?: string; name?: string; namespace?: string; fieldPath?: string };
    if (involved.kind !== 'Pod' || involved.fieldPath || !CONTAINER_EVENT_REASONS.has(String(object['reason']))) continue;
    const facts = pods.get(`${involved.namespace ?? ''}/${involved.name ?? ''}`) ?? findByName(pods, involved.name ?? '');
    const [sole, ...others] = [...(facts?.pod.spec?.initContainers ?? []), ...(facts?.pod.spec?.containers ?? [])];
    if (sole && others.length === 0) involved.fieldPath = `spec.${facts?.pod.spec?.initContainers?.length ? 'initContainers' : 'containers'}{${sole.name}}`;
  }
}

/** A pasted kernel OOM line becomes what node-problem-detector reports for it: an `OOMKilling` event on the node. */
function kernelOomEvent(line: PasteLine, reference: string, file: string): ObjectRecord {
  return {
    object: {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `kernel-oom.${line.number}`, namespace: 'default' },
      involvedObject: { kind: 'Node', name: '' },
      type: 'Warning',
      reason: 'OOMKilling',
      message: line.text.replace(/^\[[^\]]*\]\s*/, '').replace(/^.*?kernel:\s*/, ''),
      count: 1,
      source: { component: 'pasted kernel log' },
      lastTimestamp: reference,
    },
    source: { file, line: line.number },
  };
}

function parseObjects(block: Extract<Block, { kind: 'objects' }>, file: string, diagnostics: Diagnostic[]): KubeObject[] {
  const found: KubeObject[] = [];
  const add = (value: unknown) => {
    if (!value || typeof value !== 'object') return;
    const object = value as KubeObject;
    if (object.kind === 'List' && Array.isArray(object['items'])) for (const item of object['items'] as unknown[]) add(item);
    else if (typeof object.kind === 'string' && object.metadata && typeof object.metadata === 'object') found.push(object);
  };
  const { values, problem } = parseValues(block.text, block.json ? 'json' : 'yaml');
  if (problem) {
    diagnostics.push({
      severity: 'warning',
      code: problem.code,
      file,
      line: block.line,
      message: `the ${block.json ? 'JSON' : 'YAML'} at line ${block.line} of the paste could not be parsed (${problem.reason}); it was skipped`,
    });
  } else {
    for (const value of values) add(value);
  }
  return found;
}

/**
 * Log lines go to the container their `kubectl logs` command names; lines with no command go to the one container
 * in trouble when there is exactly one (the usual ticket: "here is the log"), else they are reported unplaced.
 */
function attributeLogs(blocks: readonly Block[], pods: readonly PodFacts[], file: string, diagnostics: Diagnostic[], read: string[]): LogRecord[] {
  const records: LogRecord[] = [];
  const fencedAnywhere = blocks.some((b) => b.kind === 'log' && b.lines.some((l) => l.fenced));
  for (const block of blocks) {
    if (block.kind !== 'log') continue;
    // Unfenced text without a `kubectl logs` line is the ticket's prose when the paste fences its outputs.
    if (!block.command && fencedAnywhere && !block.lines.some((l) => l.fenced)) continue;
    if (!block.command && !looksLikeLog(block.lines)) continue;
    const target = logTarget(block.command, pods);
    const firstLine = block.lines[0]?.number ?? 0;
    if (!target) {
      diagnostics.push({
        severity: 'warning',
        code: 'paste-log-unplaced',
        file,
        line: firstLine,
        message: `the log lines at line ${firstLine} of the paste name no pod or container podmortem could match; paste the \`kubectl logs\` command with them`,
      });
      continue;
    }
    read.push(`${block.command?.previous ? 'previous ' : ''}log of ${target.pod}/${target.container} (line ${firstLine}, ${block.lines.length} lines)`);
    records.push({
      namespace: target.namespace,
      pod: target.pod,
      container: target.container,
      previous: block.command?.previous ?? previousByDefault(pods, target),
      window: {
        source: { file, firstLine, lastLine: block.lines.at(-1)?.number ?? firstLine },
        lines: block.lines.map((l) => ({ number: l.number, text: l.text })),
        totalLines: block.lines.length,
        totalBytes: block.lines.reduce((sum, l) => sum + Buffer.byteLength(l.text) + 1, 0),
        complete: true,
        timestamped: false,
      },
    });
  }
  return records;
}

/** Two excerpts of the same log (pasted in two parts) become one window, in paste order. */
function mergeLogs(records: LogRecord[]): LogRecord[] {
  const merged = new Map<string, LogRecord>();
  for (const record of records) {
    const key = `${record.namespace}/${record.pod}/${record.container}/${String(record.previous)}`;
    const existing = merged.get(key);
    if (!existing) {
      merged.set(key, record);
      continue;
    }
    const window = existing.window;
    window.lines.push(...record.window.lines);
    window.totalLines += record.window.totalLines;
    window.totalBytes += record.window.totalBytes;
    window.source.lastLine = record.window.source.lastLine;
  }
  return [...merged.values()];
}

/** Prose ("Hi team, the pod keeps crashing") is not a log: logs have levels, times, stack frames or error words. */
function looksLikeLog(lines: readonly PasteLine[]): boolean {
  if (lines.some((l) => l.fenced)) return true;
  const logLike = lines.filter((l) => /(\d{2}:\d{2}:\d{2}|\b(ERROR|FATAL|WARN|INFO|DEBUG|panic|Exception|Traceback|error|at [\w.$]+\()|^\s+at |^\[|^\{")/.test(l.text));
  return logLike.length > 0 && logLike.length >= lines.filter((l) => l.text.trim() !== '').length / 3;
}

/**
 * An unlabelled log in a ticket about a crash is the dying instance's when the container has restarted and its
 * previous instance is what the paste is about; otherwise the current one.
 */
function previousByDefault(pods: readonly PodFacts[], target: { namespace: string; pod: string; container: string }): boolean {
  const facts = pods.find((p) => p.pod.metadata?.name === target.pod);
  const status = [...(facts?.pod.status?.containerStatuses ?? []), ...(facts?.pod.status?.initContainerStatuses ?? [])].find((s) => s.name === target.container);
  return Boolean(status && status.restartCount > 0 && !status.state?.running);
}

function logTarget(command: LogsCommand | undefined, pods: readonly PodFacts[]): { namespace: string; pod: string; container: string } | undefined {
  const candidates = command?.pod ? pods.filter((p) => p.pod.metadata?.name === command.pod) : troubledPods(pods);
  if (command?.pod && candidates.length === 0) {
    return { namespace: command.namespace ?? 'default', pod: command.pod, container: command.container ?? workloadGuess(command.pod) };
  }
  const [candidate] = candidates;
  if (candidates.length !== 1 || !candidate) return undefined;
  const { pod } = candidate;
  const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.name);
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const troubled = statuses.filter(isTroubled).map((s) => s.name);
  const container = command?.container ?? (troubled.length === 1 ? troubled[0] : containers.length === 1 ? containers[0] : undefined);
  if (!container) return undefined;
  return { namespace: pod.metadata?.namespace ?? 'default', pod: pod.metadata?.name ?? '', container };
}

function isTroubled(status: ContainerStatus): boolean {
  return status.restartCount > 0 || status.state?.waiting !== undefined || (status.state?.terminated?.exitCode ?? 1) !== 0;
}

function troubledPods(pods: readonly PodFacts[]): readonly PodFacts[] {
  const troubled = pods.filter((p) => [...(p.pod.status?.containerStatuses ?? []), ...(p.pod.status?.initContainerStatuses ?? [])].some(isTroubled));
  return troubled.length > 0 ? troubled : pods;
}

/** A `--previous` log proves a previous instance existed and ended, even when the paste shows no status for it. */
function markPreviousInstance(pods: Map<string, PodFacts>, log: LogRecord): void {
  if (!log.previous) return;
  let facts = pods.get(`${log.namespace}/${log.pod}`) ?? findByName(pods, log.pod);
  if (!facts) {
    facts = {
      pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name: log.pod, namespace: log.namespace }, spec: { containers: [{ name: log.container }] }, status: {} },
      from: [`previous log at line ${log.window.source.firstLine ?? 1}`],
      line: log.window.source.firstLine ?? 0,
      detail: 'table',
    };
    pods.set(`${log.namespace}/${log.pod}`, facts);
  }
  // A pasted pod object may lack spec or status: the log gives it both.
  const spec = (facts.pod.spec ??= { containers: [] });
  const podStatus: PodStatus = facts.pod.status ?? {};
  if (!facts.pod.status) facts.pod = { ...facts.pod, status: podStatus };
  const statuses = [...(podStatus.initContainerStatuses ?? []), ...(podStatus.containerStatuses ?? [])];
  let status = statuses.find((s) => s.name === log.container);
  if (!status) {
    if (!spec.containers.some((c) => c.name === log.container)) spec.containers.push({ name: log.container });
    status = { name: log.container, image: '', imageID: '', ready: false, restartCount: 1 };
    (podStatus.containerStatuses ??= []).push(status);
  }
  if (status.restartCount === 0) status.restartCount = 1;
  status.lastState ??= { terminated: { exitCode: undefined as unknown as number } };
}

/** The seed's diagnostic order: the previous log, then describe, then the events; and podmortem collect for all. */
function askForNext(snapshot: Snapshot, pods: readonly PodFacts[]): string[] {
  const steps: string[] = [];
  for (const pod of snapshot.pods) {
    const facts = pods.find((p) => p.pod.metadata?.name === pod.name);
    for (const container of pod.containers) {
      const restarted = container.restartCount > 0 || container.state?.waiting?.reason === 'CrashLoopBackOff';
      if (!restarted) continue;
      const where = ['-n', pod.namespace, pod.name, ...(pod.containers.length > 1 || facts?.detail === 'table' ? ['-c', container.name] : [])];
      const target = `${pod.namespace}/${pod.name}/${container.name}`;
      if (!container.logs.previous) {
        steps.push(`the previous instance's log of ${target}: \`${shellCommand(['kubectl', 'logs', '--previous', ...where])}\``);
      }
      if (facts?.detail === 'table' || container.lastState?.terminated?.exitCode === undefined) {
        steps.push(`how ${target} last ended (reason, exit code): \`${shellCommand(['kubectl', 'describe', 'pod', '-n', pod.namespace, pod.name])}\``);
      }
    }
    if (pod.events.length === 0 && pod.containers.some((c) => c.restartCount > 0 || c.state?.waiting)) {
      steps.push(`the events of ${pod.namespace}/${pod.name}: \`${shellCommand(['kubectl', 'get', 'events', '-n', pod.namespace, '--field-selector', `involvedObject.name=${pod.name}`])}\``);
    }
  }
  const unique = [...new Set(steps)];
  if (unique.length > 0) {
    const namespaces = [...new Set(snapshot.pods.map((p) => p.namespace))];
    unique.push(`or all of it at once, as one bundle to attach: \`${shellCommand(['podmortem', 'collect', ...(namespaces.length === 1 ? ['-n', ...namespaces] : ['-A'])])}\``);
  }
  return unique;
}
