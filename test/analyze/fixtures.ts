/**
 * Small builders for analyzer fixtures. Everything goes through buildSnapshot, exactly like the reader, so a
 * fixture looks like what a real bundle produces (troubleshoot layout: `cluster-resources/pods/<ns>.json`, items[i]).
 */
import type { Container, ContainerStatus } from 'kubernetes-types/core/v1.js';
import { buildSnapshot, type LogRecord } from '../../src/model/build.js';
import type { KubeObject, ObjectRecord, ResourceName, Snapshot, VersionInfo } from '../../src/model/snapshot.js';
import { splitRuntimeTimes } from '../../src/reader/logs/timestamps.js';

export const T0 = '2026-11-20T10:00:00Z';

/** `T0` plus seconds, as an ISO time. */
export function at(seconds: number): string {
  return new Date(Date.parse(T0) + seconds * 1000).toISOString().replace('.000Z', 'Z');
}

export interface ContainerInput {
  name: string;
  image?: string;
  kind?: 'regular' | 'init' | 'sidecar';
  spec?: Partial<Container> & Record<string, unknown>;
  status?: Partial<ContainerStatus>;
}

export interface PodInput {
  name: string;
  namespace?: string;
  uid?: string;
  node?: string;
  /** Owner Deployment (through a ReplicaSet `<name>-7c9d5f`), Job, or none. */
  deployment?: string;
  job?: string;
  phase?: string;
  reason?: string;
  message?: string;
  restartPolicy?: string;
  annotations?: Record<string, string>;
  containers: ContainerInput[];
}

export function container(name: string, status: Partial<ContainerStatus> = {}, spec: ContainerInput['spec'] = {}): ContainerInput {
  return { name, status, spec };
}

/** The status of a container crash-looping after `lastState.terminated`. */
export function crashLooping(terminated: Record<string, unknown>, restartCount = 5): Partial<ContainerStatus> {
  return {
    restartCount,
    ready: false,
    state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container=app pod=x_shop(uid)' } },
    lastState: { terminated: { startedAt: at(0), finishedAt: at(5), ...terminated } as never },
  };
}

export function running(restartCount = 0, lastTerminated?: Record<string, unknown>): Partial<ContainerStatus> {
  return {
    restartCount,
    ready: true,
    started: true,
    state: { running: { startedAt: at(600) } },
    ...(lastTerminated ? { lastState: { terminated: lastTerminated as never } } : {}),
  };
}

export function pod(input: PodInput): KubeObject {
  const namespace = input.namespace ?? 'shop';
  const hash = '7c9d5f';
  const owner = input.deployment
    ? { kind: 'ReplicaSet', name: `${input.deployment}-${hash}`, controller: true, uid: `rs-${input.deployment}` }
    : input.job
      ? { kind: 'Job', name: input.job, controller: true, uid: `job-${input.job}` }
      : undefined;
  const specOf = (c: ContainerInput) => ({
    name: c.name,
    image: c.image ?? `registry.example.com/shop/${c.name}:1.4.2`,
    ...(c.kind === 'sidecar' ? { restartPolicy: 'Always' } : {}),
    ...c.spec,
  });
  const statusOf = (c: ContainerInput) => ({
    name: c.name,
    image: c.image ?? `registry.example.com/shop/${c.name}:1.4.2`,
    ready: false,
    restartCount: 0,
    containerID: `containerd://${'a'.repeat(64)}`,
    ...c.status,
  });
  const inits = input.containers.filter((c) => c.kind === 'init' || c.kind === 'sidecar');
  const regular = input.containers.filter((c) => !c.kind || c.kind === 'regular');
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: input.name,
      namespace,
      uid: input.uid ?? `uid-${input.name}`,
      labels: input.deployment ? { app: input.deployment, 'pod-template-hash': hash } : {},
      ...(input.annotations ? { annotations: input.annotations } : {}),
      ...(owner ? { ownerReferences: [owner] } : {}),
    },
    spec: {
      nodeName: input.node ?? 'node-1',
      restartPolicy: input.restartPolicy ?? (input.job ? 'Never' : 'Always'),
      ...(inits.length > 0 ? { initContainers: inits.map(specOf) } : {}),
      containers: regular.map(specOf),
    },
    status: {
      phase: input.phase ?? 'Running',
      ...(input.reason ? { reason: input.reason } : {}),
      ...(input.message ? { message: input.message } : {}),
      ...(inits.length > 0 ? { initContainerStatuses: inits.map(statusOf) } : {}),
      containerStatuses: regular.map(statusOf),
    },
  };
}

export interface EventInput {
  pod?: string;
  node?: string;
  namespace?: string;
  container?: string;
  init?: boolean;
  reason: string;
  message: string;
  type?: string;
  count?: number;
  first?: string;
  last?: string;
  host?: string;
}

export function event(input: EventInput): KubeObject {
  const subject = input.pod ?? input.node;
  if (subject === undefined) throw new Error(`event(${input.reason}) needs a pod or a node`);
  const isNode = input.pod === undefined;
  const namespace = isNode ? 'default' : (input.namespace ?? 'shop');
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${subject}.${input.reason.toLowerCase()}`, namespace },
    involvedObject: isNode
      ? { kind: 'Node', name: subject, uid: subject }
      : {
          kind: 'Pod',
          namespace,
          name: subject,
          uid: `uid-${subject}`,
          ...(input.container ? { fieldPath: `spec.${input.init ? 'initContainers' : 'containers'}{${input.container}}` } : {}),
        },
    reason: input.reason,
    message: input.message,
    type: input.type ?? (['Pulled', 'Pulling', 'Created', 'Started', 'Scheduled', 'Killing'].includes(input.reason) ? 'Normal' : 'Warning'),
    count: input.count ?? 1,
    firstTimestamp: input.first ?? at(0),
    lastTimestamp: input.last ?? input.first ?? at(60),
    source: { component: 'kubelet', host: input.host ?? input.node ?? 'node-1' },
  };
}

export interface NodeInput {
  name: string;
  architecture?: string;
  kubelet?: string;
  runtime?: string;
  kernel?: string;
  osImage?: string;
  conditions?: Array<{ type: string; status: string; reason?: string; message?: string }>;
  allocatablePods?: string;
}

export function node(input: NodeInput): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: input.name, labels: { 'kubernetes.io/arch': input.architecture ?? 'amd64' } },
    status: {
      conditions: input.conditions ?? [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
      allocatable: { memory: '3250666289', pods: input.allocatablePods ?? '110' },
      capacity: { memory: '4Gi', pods: '110' },
      nodeInfo: {
        architecture: input.architecture ?? 'amd64',
        kubeletVersion: input.kubelet ?? 'v1.30.4',
        containerRuntimeVersion: input.runtime ?? 'containerd://1.7.22',
        kernelVersion: input.kernel ?? '5.15.0-1057-aws',
        osImage: input.osImage ?? 'Ubuntu 22.04.4 LTS',
        operatingSystem: 'linux',
      },
    },
  };
}

export interface LogInput {
  pod: string;
  container: string;
  namespace?: string;
  previous?: boolean;
  lines: string[];
  timestamped?: boolean;
}

export function log(input: LogInput): LogRecord {
  const namespace = input.namespace ?? 'shop';
  const file = `cluster-resources/pods/logs/${namespace}/${input.pod}/${input.container}${input.previous === false ? '' : '-previous'}.log`;
  const text = input.lines.join('\n');
  return {
    namespace,
    pod: input.pod,
    container: input.container,
    previous: input.previous !== false,
    window: {
      source: { file },
      // As the reader keeps them: a timestamped log's lines carry their parsed time and message.
      lines: splitRuntimeTimes(input.lines.map((line, index) => ({ number: index + 1, text: line })), input.timestamped ?? false),
      totalLines: input.lines.length,
      totalBytes: Buffer.byteLength(text),
      complete: true,
      timestamped: input.timestamped ?? false,
    },
  };
}

export interface SnapshotInput {
  name?: string;
  version?: VersionInfo;
  capturedAt?: string;
  pods?: KubeObject[];
  events?: KubeObject[];
  nodes?: KubeObject[];
  logs?: LogRecord[];
  logErrors?: Array<{ namespace: string; pod: string; container: string; message: string }>;
  services?: KubeObject[];
  endpoints?: KubeObject[];
  configmaps?: KubeObject[];
  secrets?: KubeObject[];
  limitranges?: KubeObject[];
}

const NAMESPACED_FILES = {
  pods: 'pods',
  events: 'events',
  services: 'services',
  endpoints: 'endpoints',
  configmaps: 'configmaps',
  secrets: 'secrets',
  limitranges: 'limitranges',
} as const satisfies Partial<Record<ResourceName, string>>;

/** The resources these fixtures build: nodes, plus the namespaced ones above. */
type FixtureResource = 'nodes' | keyof typeof NAMESPACED_FILES;

/** Records as a troubleshoot-layout reader makes them: one file per namespace, `items[i]` inside it. */
function records(resource: FixtureResource, objects: KubeObject[] | undefined): ObjectRecord[] | undefined {
  if (!objects) return undefined;
  if (resource === 'nodes') return objects.map((object, index) => ({ object, source: { file: 'cluster-resources/nodes.json', path: `items[${index}]` } }));
  const file = NAMESPACED_FILES[resource];
  const perNamespace = new Map<string, number>();
  return objects.map((object) => {
    const namespace = object.metadata?.namespace ?? '';
    const index = perNamespace.get(namespace) ?? 0;
    perNamespace.set(namespace, index + 1);
    return { object, source: { file: `cluster-resources/${file}/${namespace}.json`, path: `items[${index}]` } };
  });
}

export function snapshot(input: SnapshotInput): Snapshot {
  const resources: Partial<Record<ResourceName, ObjectRecord[]>> = {};
  const set = (name: FixtureResource, objects: KubeObject[] | undefined) => {
    const list = records(name, objects);
    if (list) resources[name] = list;
  };
  set('pods', input.pods ?? []);
  set('events', input.events ?? []);
  set('nodes', input.nodes ?? [node({ name: 'node-1' })]);
  set('services', input.services);
  set('endpoints', input.endpoints);
  set('configmaps', input.configmaps);
  set('secrets', input.secrets);
  set('limitranges', input.limitranges);
  const name = input.name ?? 'shop-prod.tar.gz';
  return buildSnapshot({
    bundle: { path: `/bundles/${name}`, name, format: 'troubleshoot' },
    resources,
    logs: input.logs ?? [],
    logErrors: input.logErrors ?? [],
    version: input.version ?? { major: '1', minor: '30', gitVersion: 'v1.30.4' },
    capturedAt: input.capturedAt ?? at(3600),
    capturedAtSource: 'bundle-metadata',
  });
}

export function service(name: string, namespace = 'shop', clusterIP = '10.96.14.2', port = 5432): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { clusterIP, clusterIPs: [clusterIP], ports: [{ port }], selector: { app: name } } };
}

export function endpoints(name: string, ready: string[], notReady: string[] = [], namespace = 'shop', port = 5432): KubeObject {
  const subsets =
    ready.length + notReady.length === 0
      ? undefined
      : [
          {
            ...(ready.length ? { addresses: ready.map((ip) => ({ ip })) } : {}),
            ...(notReady.length ? { notReadyAddresses: notReady.map((ip) => ({ ip })) } : {}),
            ports: [{ port }],
          },
        ];
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace }, ...(subsets ? { subsets } : {}) };
}
