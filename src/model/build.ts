/**
 * Builds a Snapshot from what a reader found: raw objects, log windows, the cluster version and diagnostics.
 * Pure and layout-agnostic: every reader ends here, and tests build snapshots through it too, so the derived facts
 * (container views, owner chains, event indexes, the event window, the capture time) are computed in one place.
 */
import type { Container, ContainerStatus, Event as CoreEvent, Node, Pod } from 'kubernetes-types/core/v1.js';
import type { PodmortemManifest } from './manifest.js';
import { parseMemoryBytes } from './quantity.js';
import { compareCodeUnits } from '../util/compare.js';
import {
  objectKey,
  type ContainerKind,
  type ContainerLogs,
  type ContainerView,
  type Diagnostic,
  type EventView,
  type KubeObject,
  type LogCollection,
  type LogWindow,
  type NodeView,
  type ObjectRecord,
  type OwnerLink,
  type PodView,
  type ResourceName,
  type Snapshot,
  type VersionInfo,
} from './snapshot.js';

export interface LogRecord {
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  window: LogWindow;
}

export interface LogErrorRecord {
  namespace: string;
  pod: string;
  container: string;
  message: string;
}

/** What most collectors save: every previous log, lines as the container wrote them. */
const USUAL_LOG_COLLECTION: LogCollection = { previous: 'collected', runtimeTimestamps: false };

export interface SnapshotInput {
  /** `logs` defaults to what most collectors save (previous logs, no runtime timestamps). */
  bundle: Omit<Snapshot['bundle'], 'logs'> & { logs?: LogCollection };
  resources: Partial<Record<ResourceName, ObjectRecord[]>>;
  logs?: LogRecord[];
  logErrors?: LogErrorRecord[];
  version?: VersionInfo;
  manifest?: PodmortemManifest;
  cluster?: { name?: string; context?: string };
  /** When the layout records it (manifest, must-gather `timestamp`); otherwise inferred from the newest timestamp. */
  capturedAt?: string;
  capturedAtSource?: Snapshot['capturedAtSource'];
  diagnostics?: Diagnostic[];
}

/** Kinds that are not namespaced: their events' involvedObject.namespace is meaningless (kubelet says "default" or ""). */
const CLUSTER_SCOPED_KINDS = new Set(['Node', 'Namespace', 'PersistentVolume', 'StorageClass']);

/** Owner kinds podmortem climbs through, mapped to the resource list holding them. */
const OWNER_RESOURCES: Record<string, ResourceName> = {
  ReplicaSet: 'replicasets',
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  Job: 'jobs',
  CronJob: 'cronjobs',
  ReplicationController: 'replicationcontrollers',
};

export function buildSnapshot(input: SnapshotInput): Snapshot {
  const resources = input.resources;
  const events = (resources.events ?? []).map(toEventView).sort(byTime);
  const eventsByObject = indexEvents(events);
  const logsByContainer = indexLogs(input.logs ?? [], input.logErrors ?? []);
  const owners = new OwnerResolver(resources);

  const pods = (resources.pods ?? [])
    .map((record) => toPodView(record as ObjectRecord<Pod>, eventsByObject, logsByContainer, owners))
    .sort((a, b) => compareCodeUnits(a.namespace, b.namespace) || compareCodeUnits(a.name, b.name));
  const nodes = (resources.nodes ?? [])
    .map((record) => toNodeView(record as ObjectRecord<Node>, eventsByObject))
    .sort((a, b) => compareCodeUnits(a.name, b.name));

  const eventWindow = {
    count: events.length,
    earliest: minTime(events.map((e) => e.firstTime ?? e.lastTime)),
    latest: maxTime(events.map((e) => e.lastTime ?? e.firstTime)),
  };

  let capturedAt = input.capturedAt ?? input.manifest?.capturedAt;
  let capturedAtSource: Snapshot['capturedAtSource'] =
    input.capturedAtSource ?? (input.manifest?.capturedAt ? 'manifest' : 'unknown');
  if (capturedAt === undefined) {
    capturedAt = maxTime([eventWindow.latest, ...pods.flatMap(podTimestamps)]);
    capturedAtSource = capturedAt === undefined ? 'unknown' : 'latest-timestamp';
  }

  return {
    bundle: { ...input.bundle, logs: input.bundle.logs ?? USUAL_LOG_COLLECTION },
    capturedAt,
    capturedAtSource,
    cluster: {
      name: input.cluster?.name ?? input.manifest?.clusterName,
      context: input.cluster?.context ?? input.manifest?.kubeContext,
      version: withInferredVersion(input.version, nodes),
    },
    manifest: input.manifest,
    resources,
    nodes,
    pods,
    events,
    eventsByObject,
    eventWindow,
    diagnostics: input.diagnostics ?? [],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Events

function toEventView(record: ObjectRecord): EventView {
  // Both core/v1 Events and events.k8s.io/v1 Events reach us; the latter name the fields differently.
  const event = record.object as unknown as CoreEvent & Record<string, unknown>;
  const regarding = involvedObjectOf(event);
  const series: { count?: number; lastObservedTime?: string } | undefined = event.series;
  const kind = str(regarding.kind);
  const namespace = CLUSTER_SCOPED_KINDS.has(kind) ? '' : str(regarding.namespace ?? (event['metadata'] as CoreEvent['metadata'] | undefined)?.namespace);
  const fieldPath = regarding.fieldPath ? str(regarding.fieldPath) : undefined;
  const firstTime = isoTime(event.firstTimestamp ?? event['deprecatedFirstTimestamp'] ?? event.eventTime);
  const lastTime =
    isoTime(event.lastTimestamp ?? event['deprecatedLastTimestamp']) ??
    isoTime(series?.lastObservedTime) ??
    isoTime(event.eventTime) ??
    firstTime;
  const count = series?.count ?? event.count ?? (event['deprecatedCount'] as number | undefined) ?? 1;
  const source = (event.source ?? event['deprecatedSource'] ?? {}) as { component?: string; host?: string };
  return {
    object: event,
    source: record.source,
    namespace,
    type: str(event.type),
    reason: str(event.reason),
    message: str(event.message ?? event['note']),
    count: typeof count === 'number' && count > 0 ? count : 1,
    involved: { kind, namespace, name: str(regarding.name), uid: regarding.uid || undefined, fieldPath },
    containerName: containerFromFieldPath(fieldPath),
    host: source.host || str(event.reportingInstance) || undefined,
    component: source.component || str(event.reportingComponent ?? event['reportingController']) || undefined,
    firstTime,
    lastTime,
  };
}

/** What an event is about: core/v1 `involvedObject` or events.k8s.io/v1 `regarding`; bundle data may have neither. */
function involvedObjectOf(event: Record<string, unknown>): CoreEvent['involvedObject'] {
  const reference = event['involvedObject'] ?? event['regarding'];
  return typeof reference === 'object' && reference !== null ? reference : {};
}

/** `spec.containers{app}`, `spec.initContainers{init-db}` → the container name. */
function containerFromFieldPath(fieldPath: string | undefined): string | undefined {
  const match = fieldPath ? /^spec\.(?:initContainers|containers|ephemeralContainers)\{(.+)\}$/.exec(fieldPath) : null;
  return match?.[1];
}

function indexEvents(events: EventView[]): Map<string, EventView[]> {
  const index = new Map<string, EventView[]>();
  for (const event of events) {
    const key = objectKey(event.involved.kind, event.involved.namespace, event.involved.name);
    const list = index.get(key);
    if (list) list.push(event);
    else index.set(key, [event]);
  }
  return index;
}

/**
 * Event times are isoTime's (one format, `2021-08-03T09:15:35.917Z`): compared as code units they are in time order,
 * as they are by the collator, which is three times slower over a must-gather's 5,000 events (issue 11).
 */
function byTime(a: EventView, b: EventView): number {
  const left = a.lastTime ?? a.firstTime ?? '';
  const right = b.lastTime ?? b.firstTime ?? '';
  return compareCodeUnits(left, right);
}

// ---------------------------------------------------------------------------------------------------------------
// Pods and containers

function indexLogs(logs: LogRecord[], errors: LogErrorRecord[]): Map<string, ContainerLogs> {
  const index = new Map<string, ContainerLogs>();
  const entry = (namespace: string, pod: string, container: string): ContainerLogs => {
    const key = `${namespace}/${pod}/${container}`;
    let value = index.get(key);
    if (!value) index.set(key, (value = { errors: [] }));
    return value;
  };
  for (const log of logs) {
    const target = entry(log.namespace, log.pod, log.container);
    if (log.previous) target.previous = log.window;
    else target.current = log.window;
  }
  for (const error of errors) entry(error.namespace, error.pod, error.container).errors.push(error.message);
  return index;
}

function toPodView(
  record: ObjectRecord<Pod>,
  eventsByObject: Map<string, EventView[]>,
  logs: Map<string, ContainerLogs>,
  owners: OwnerResolver,
): PodView {
  const pod = record.object;
  const namespace = str(pod.metadata?.namespace);
  const name = str(pod.metadata?.name);
  const uid = pod.metadata?.uid || undefined;
  // An event for an earlier pod of the same name has another uid; keep events without uid (older collectors).
  const events = (eventsByObject.get(objectKey('Pod', namespace, name)) ?? []).filter(
    (event) => !uid || !event.involved.uid || event.involved.uid === uid,
  );
  const chain = owners.chain(pod as KubeObject, namespace);
  const top = chain[chain.length - 1];
  return {
    namespace,
    name,
    uid,
    object: pod,
    source: record.source,
    nodeName: pod.spec?.nodeName || undefined,
    containers: containerViews(pod, namespace, name, events, logs),
    owners: chain,
    workload: top ? { kind: top.kind, name: top.name } : { kind: 'Pod', name },
    events,
  };
}

function containerViews(
  pod: Pod,
  namespace: string,
  podName: string,
  podEvents: EventView[],
  logs: Map<string, ContainerLogs>,
): ContainerView[] {
  const views: ContainerView[] = [];
  const groups: Array<{ specs: Container[] | undefined; specField: string; statuses: ContainerStatus[] | undefined; statusField: string; kind: (c: Container) => ContainerKind }> = [
    {
      specs: pod.spec?.initContainers,
      specField: 'spec.initContainers',
      statuses: pod.status?.initContainerStatuses,
      statusField: 'status.initContainerStatuses',
      kind: (c) => ((c as Container & { restartPolicy?: string }).restartPolicy === 'Always' ? 'sidecar' : 'init'),
    },
    {
      specs: pod.spec?.containers,
      specField: 'spec.containers',
      statuses: pod.status?.containerStatuses,
      statusField: 'status.containerStatuses',
      kind: () => 'regular',
    },
    {
      specs: pod.spec?.ephemeralContainers,
      specField: 'spec.ephemeralContainers',
      statuses: pod.status?.ephemeralContainerStatuses,
      statusField: 'status.ephemeralContainerStatuses',
      kind: () => 'ephemeral',
    },
  ];
  for (const group of groups) {
    // Entries of a hostile bundle's lists may be null: every one is checked.
    const specs: Array<Container | null | undefined> = Array.isArray(group.specs) ? group.specs : [];
    const statuses: Array<ContainerStatus | null | undefined> = Array.isArray(group.statuses) ? group.statuses : [];
    const names = [...specs.map((s) => str(s?.name)), ...statuses.map((s) => str(s?.name))];
    for (const name of new Set(names)) {
      const specIndex = specs.findIndex((s) => str(s?.name) === name);
      const statusIndex = statuses.findIndex((s) => str(s?.name) === name);
      const spec = specs[specIndex] ?? { name };
      const status = (statusIndex >= 0 ? statuses[statusIndex] : undefined) ?? undefined;
      views.push({
        name,
        kind: group.kind(spec),
        spec,
        specPath: specIndex >= 0 ? `${group.specField}[${specIndex}]` : group.specField,
        status,
        statusPath: statusIndex >= 0 ? `${group.statusField}[${statusIndex}]` : undefined,
        restartCount: typeof status?.restartCount === 'number' ? status.restartCount : 0,
        state: status?.state,
        lastState: status?.lastState,
        logs: logs.get(`${namespace}/${podName}/${name}`) ?? { errors: [] },
        events: podEvents.filter((event) => event.containerName === name),
      });
    }
  }
  return views;
}

function podTimestamps(pod: PodView): Array<string | undefined> {
  const times: Array<string | undefined> = [pod.object.status?.startTime];
  for (const c of pod.containers) {
    times.push(c.state?.running?.startedAt, c.state?.terminated?.finishedAt, c.lastState?.terminated?.finishedAt);
  }
  for (const condition of pod.object.status?.conditions ?? []) times.push(condition.lastTransitionTime);
  return times;
}

// ---------------------------------------------------------------------------------------------------------------
// Owners

class OwnerResolver {
  private readonly byKey = new Map<string, KubeObject>();

  constructor(resources: Partial<Record<ResourceName, ObjectRecord[]>>) {
    for (const [kind, resource] of Object.entries(OWNER_RESOURCES)) {
      for (const { object } of resources[resource] ?? []) {
        const name = object.metadata?.name;
        if (name) this.byKey.set(objectKey(kind, object.metadata?.namespace ?? '', name), object);
      }
    }
  }

  /** The controller chain above `object`, nearest first. Stops at cycles and after a few levels. */
  chain(object: KubeObject, namespace: string): OwnerLink[] {
    const links: OwnerLink[] = [];
    const seen = new Set<string>();
    let current: KubeObject | undefined = object;
    while (current && links.length < 5) {
      const reference = controllerOf(current);
      if (!reference?.kind || !reference.name) break;
      const key = objectKey(reference.kind, namespace, reference.name);
      if (seen.has(key)) break;
      seen.add(key);
      const owner = this.byKey.get(key);
      links.push({ kind: reference.kind, name: reference.name, uid: reference.uid || undefined, resolved: owner !== undefined });
      if (!owner && reference.kind === 'ReplicaSet') {
        // Bundles without ReplicaSets (trimmed dumps) still name the Deployment: `<deployment>-<pod-template-hash>`.
        const deployment = deploymentFromReplicaSet(reference.name, current.metadata?.labels?.['pod-template-hash']);
        if (deployment) links.push({ kind: 'Deployment', name: deployment, resolved: false });
        break;
      }
      current = owner;
    }
    return links;
  }
}

function controllerOf(object: KubeObject) {
  const references: Array<NonNullable<KubeObject['metadata']>['ownerReferences'] extends Array<infer R> | undefined ? R | null | undefined : never> = Array.isArray(object.metadata?.ownerReferences) ? object.metadata.ownerReferences : [];
  return references.find((r) => r?.controller) ?? (references.length === 1 ? references[0] : undefined);
}

function deploymentFromReplicaSet(replicaSet: string, hash: string | undefined): string | undefined {
  return hash && replicaSet.endsWith(`-${hash}`) ? replicaSet.slice(0, -hash.length - 1) : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Nodes

function toNodeView(record: ObjectRecord<Node>, eventsByObject: Map<string, EventView[]>): NodeView {
  const node = record.object;
  const name = str(node.metadata?.name);
  const conditions: NodeView['conditions'] = new Map();
  const nodeConditions: Array<NonNullable<NonNullable<Node['status']>['conditions']>[number] | null | undefined> = Array.isArray(node.status?.conditions) ? node.status.conditions : [];
  for (const c of nodeConditions) {
    if (c?.type) {
      conditions.set(c.type, {
        status: str(c.status),
        reason: c.reason || undefined,
        message: c.message || undefined,
        lastTransitionTime: c.lastTransitionTime || undefined,
      });
    }
  }
  return {
    name,
    object: node,
    source: record.source,
    conditions,
    nodeInfo: node.status?.nodeInfo,
    allocatableMemoryBytes: parseMemoryBytes(node.status?.allocatable?.['memory']),
    capacityMemoryBytes: parseMemoryBytes(node.status?.capacity?.['memory']),
    events: eventsByObject.get(objectKey('Node', '', name)) ?? [],
  };
}

/**
 * Must-gathers and cluster-info dumps record no Kubernetes version; the nodes' kubelets do. The most common kubelet
 * version stands in (marked `inferredFrom`), because reports and `serve`'s `/version` (which picks the kubectl
 * minor) are worse off with none. Kubelets may lag the API server by a few minors, hence the mark.
 */
function withInferredVersion(version: VersionInfo | undefined, nodes: NodeView[]): VersionInfo | undefined {
  if (typeof version?.gitVersion === 'string' && version.gitVersion !== '') return version;
  const counts = new Map<string, number>();
  for (const node of nodes) {
    const kubelet = node.nodeInfo?.kubeletVersion;
    if (typeof kubelet === 'string' && /^v\d+\.\d+/.test(kubelet)) counts.set(kubelet, (counts.get(kubelet) ?? 0) + 1);
  }
  const [kubelet] = [...counts].sort((a, b) => b[1] - a[1] || compareCodeUnits(a[0], b[0]))[0] ?? [];
  return kubelet === undefined ? version : { ...version, gitVersion: kubelet, inferredFrom: 'node kubeletVersion' };
}

// ---------------------------------------------------------------------------------------------------------------
// Small helpers: bundle data is untrusted, so every field is checked before use.

/** A field as text: a string as is, a number or boolean written out, a list joined, an object as JSON, nothing as ''. */
export function str(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || typeof value === 'symbol') return value.toString();
  if (Array.isArray(value)) return value.map(str).join(',');
  return typeof value === 'object' ? JSON.stringify(value) : '';
}

/** `metav1.Time` as the API writes it (RFC 3339 in UTC, whole seconds), with fields no calendar can roll over. */
const PLAIN_API_TIME = /^(19[7-9]\d|[2-9]\d{3})-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/;

/**
 * A time as ISO 8601 with milliseconds, or undefined when it is not a time after 1970. The API's own form is only
 * missing the milliseconds (a must-gather's events hold some 15,000 of them, and parsing each cost 2 µs); any other
 * form (fractions, offsets, a day past the 28th that Date.parse would roll into the next month) is parsed.
 */
export function isoTime(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  if (value.length === 20 && PLAIN_API_TIME.test(value) && value !== '1970-01-01T00:00:00Z') return `${value.slice(0, 19)}.000Z`;
  const time = Date.parse(value);
  return Number.isNaN(time) || time <= 0 ? undefined : new Date(time).toISOString();
}

function minTime(times: Array<string | undefined>): string | undefined {
  return times.reduce<string | undefined>((min, t) => (t && (!min || t < min) ? t : min), undefined);
}

function maxTime(times: Array<string | undefined>): string | undefined {
  // Compared as numbers and formatted once: 2,000 pods give some 16,000 times, and formatting each cost 70 ms.
  let max = 0;
  for (const time of times) {
    const parsed = typeof time === 'string' && time !== '' ? Date.parse(time) : Number.NaN;
    if (parsed > max) max = parsed;
  }
  return max > 0 ? new Date(max).toISOString() : undefined;
}
