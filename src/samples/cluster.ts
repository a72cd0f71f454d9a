/**
 * The scenario DSL: a cluster, its nodes and namespaces, workloads with their pods, and for every container a
 * *story* (running, crash-looping, waiting) from which the pod status, the kubelet's events and the log files
 * follow. Times are seconds before the capture time; nothing reads the clock, every id is hash-derived (ids.ts).
 *
 *   const eu = new ClusterBuilder({ name: 'shop-prod-eu', capturedAt: '2026-11-18T10:00:00Z', … });
 *   const node = eu.node('ip-10-20-11-34…', { arch: 'arm64', … });
 *   eu.namespace('shop').deployment('checkout', { containers: [container('checkout', 'registry…/checkout:3.1.0')] })
 *     .pod({ node, createdAgo: 2 * HOUR, containers: { checkout: crashLoop({ … }) } });
 */
import type {
  Container,
  ContainerState,
  ContainerStateTerminated,
  ContainerStatus,
  Node,
  NodeCondition,
  Pod,
  PodCondition,
} from 'kubernetes-types/core/v1.js';
import type { KubeObject, ResourceName, VersionInfo } from '../model/snapshot.js';
import { addressIn, containerId, eventName, hashInt, imageId, nameSuffix, templateHash, uid } from './ids.js';
import {
  CONTAINER_STATUS_UNKNOWN,
  NODE_CONDITIONS,
  alreadyPresentEvent,
  backOffEvent,
  crashLoopWaitingMessage,
  createdEvent,
  formatPod,
  scheduledEvent,
  startedEvent,
} from './kubelet-text.js';
import { nameOf, type ClusterModel, type ExpectedCrash, type LogError, type LogFile } from './model.js';

export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86_400;
/** Events older than this are gone (kube-apiserver --event-ttl default): samples never hold older ones. */
const EVENT_TTL = HOUR;

export interface Terminated {
  exitCode: number;
  reason: string;
  /** Undefined when the process never started (containerd StartError reports the zero time). */
  startedAgo?: number;
  finishedAgo: number;
  message?: string;
}

export type ContainerStory =
  | { state: 'running'; startedAgo: number; ready?: boolean; restarts?: number; last?: Terminated }
  | { state: 'crashloop'; backOff: string; restarts: number; last: Terminated }
  | { state: 'waiting'; reason: string; message?: string; restarts?: number; last?: Terminated }
  | { state: 'completed'; startedAgo: number; finishedAgo: number }
  /**
   * The container of a pod the kubelet terminated (evicted) and whose containers it has since removed: it reports
   * `ContainerStatusUnknown`, exit 137, no times, no container ID, and counts the lost instance as a restart.
   */
  | { state: 'removed'; restarts: number };

export const running = (startedAgo: number, extra: { ready?: boolean; restarts?: number; last?: Terminated } = {}): ContainerStory => ({
  state: 'running',
  startedAgo,
  ...extra,
});
export const crashLoop = (restarts: number, backOff: string, last: Terminated): ContainerStory => ({
  state: 'crashloop',
  restarts,
  backOff,
  last,
});
export const waiting = (reason: string, message?: string): ContainerStory => ({ state: 'waiting', reason, message });
/** See the `removed` story: what an evicted pod's container status turns into once the kubelet removed the container. */
export const removedAfterEviction = (): ContainerStory => ({ state: 'removed', restarts: 1 });

export interface EventInput {
  reason: string;
  message: string;
  type?: 'Normal' | 'Warning';
  count?: number;
  firstAgo: number;
  lastAgo: number;
  component?: string;
  /** The container the event is about (its fieldPath); the pod itself when absent. */
  container?: string;
}

export interface ContainerPlay {
  story: ContainerStory;
  /** Log lines of the current and previous instance; `undefined` means not collected. */
  current?: string[];
  previous?: string[];
  /** kubelet's refusal of a log request, recorded instead of a log (image never pulled, config error). */
  currentError?: (pod: string) => string;
  /** kubelet's refusal of the `--previous` log request (the previous instance is gone). */
  previousError?: (pod: string) => string;
  events?: EventInput[];
  /** Leave out the automatic Pulled/Created/Started/BackOff events (for containers that never start). */
  noLifecycleEvents?: boolean;
}

export interface PodInput {
  node: NodeHandle;
  createdAgo: number;
  containers: Record<string, ContainerPlay>;
  events?: EventInput[];
  annotations?: Record<string, string>;
  /** Overrides of the template's container specs for this pod (e.g. the limits LimitRanger injected). */
  specPatch?: (container: Container) => Container;
  /** The crash(es) this pod holds and the cause podmortem must report. */
  expect?: Array<{ container: string; cause: string; note: string }>;
  /** Explicit pod name (statefulset ordinal pods and bare pods get theirs from the builder otherwise). */
  name?: string;
  /** Explicit pod IP, for scenarios whose messages quote it (probe URLs); hash-derived from the node's CIDR otherwise. */
  podIP?: string;
  /** The kubelet evicted the pod `atAgo` seconds before capture: phase Failed, reason Evicted, the eviction message. */
  evicted?: { message: string; atAgo: number };
}

export interface NodeInput {
  arch: 'arm64' | 'amd64';
  kubeletVersion: string;
  runtime: string;
  osImage: string;
  kernel: string;
  cpu: string;
  memory: string;
  allocatableMemory: string;
  maxPods?: number;
  podCIDR: string;
  internalIP: string;
  zone: string;
  instanceType: string;
  createdAgo: number;
  /** Conditions that differ from healthy, by type. */
  conditions?: Record<string, { status: 'True' | 'False' | 'Unknown'; reason: string; message: string; sinceAgo: number }>;
  labels?: Record<string, string>;
}

export interface NodeHandle {
  name: string;
  input: NodeInput;
}

interface PodRecord {
  pod: Pod;
  namespace: string;
  logs: LogFile[];
  logErrors: LogError[];
  events: KubeObject[];
}

export interface ClusterInput {
  name: string;
  context: string;
  capturedAt: string;
  version: VersionInfo;
}

/** A container of a sample: it always names its image. */
export type SampleContainer = Container & { image: string };

export function container(name: string, image: string, extra: Partial<Container> = {}): SampleContainer {
  return {
    name,
    image,
    ...extra,
    resources: extra.resources ?? {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: extra.imagePullPolicy ?? 'IfNotPresent',
  };
}

export function httpProbe(path: string, port: number, timing: Record<string, number> = {}) {
  return {
    httpGet: { path, port, scheme: 'HTTP' },
    initialDelaySeconds: 0,
    timeoutSeconds: 1,
    periodSeconds: 10,
    successThreshold: 1,
    failureThreshold: 3,
    ...timing,
  };
}

export function execProbe(command: string[], timing: Record<string, number> = {}) {
  return {
    exec: { command },
    initialDelaySeconds: 0,
    timeoutSeconds: 1,
    periodSeconds: 10,
    successThreshold: 1,
    failureThreshold: 3,
    ...timing,
  };
}

function sortByName(objects: KubeObject[]): KubeObject[] {
  return [...objects].sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '', 'en'));
}

export class ClusterBuilder {
  private readonly nodes: NodeHandle[] = [];
  private readonly namespaces: NamespaceBuilder[] = [];
  private readonly nodeEvents: KubeObject[] = [];
  private resourceVersion = 41_000;
  readonly resourceErrors: ClusterModel['resourceErrors'] = [];

  constructor(readonly input: ClusterInput) {}

  /** ISO time `ago` seconds before capture, without fractional seconds (the API's format). */
  iso(ago: number): string {
    return new Date(Date.parse(this.input.capturedAt) - Math.round(ago * 1000)).toISOString().replace('.000Z', 'Z');
  }

  nextResourceVersion(): string {
    this.resourceVersion += 1 + (this.resourceVersion % 7);
    return String(this.resourceVersion);
  }

  uid(...parts: string[]): string {
    return uid(this.input.name, ...parts);
  }

  node(name: string, input: NodeInput): NodeHandle {
    const handle = { name, input };
    this.nodes.push(handle);
    return handle;
  }

  namespace(name: string): NamespaceBuilder {
    const existing = this.namespaces.find((ns) => ns.name === name);
    if (existing) return existing;
    const ns = new NamespaceBuilder(this, name);
    this.namespaces.push(ns);
    return ns;
  }

  /** A kubelet (or node-problem-detector) event about a node; stored, as the API does, in namespace `default`. */
  nodeEvent(node: NodeHandle, event: EventInput): void {
    const nodeUid = this.uid('node', node.name);
    this.nodeEvents.push(
      this.event('default', { kind: 'Node', name: node.name, uid: nodeUid, namespace: '' }, event, node.name),
    );
  }

  forbid(resource: ResourceName, namespace: string, message: string): void {
    this.resourceErrors.push({ resource, namespace, message });
  }

  event(
    namespace: string,
    involved: { kind: string; name: string; uid: string; namespace: string; apiVersion?: string; fieldPath?: string },
    input: EventInput,
    host: string | undefined,
  ): KubeObject {
    if (input.firstAgo > EVENT_TTL) throw new Error(`sample event older than the event TTL: ${involved.name} ${input.reason}`);
    const first = this.iso(input.firstAgo);
    const component = input.component ?? 'kubelet';
    const isKubelet = component === 'kubelet';
    return {
      kind: 'Event',
      apiVersion: 'v1',
      metadata: {
        name: eventName(involved.name, first, input.reason, input.message, input.container ?? ''),
        namespace,
        uid: this.uid('event', involved.name, input.reason, input.message, first),
        resourceVersion: this.nextResourceVersion(),
        creationTimestamp: first,
      },
      involvedObject: {
        kind: involved.kind,
        ...(involved.namespace ? { namespace: involved.namespace } : {}),
        name: involved.name,
        uid: involved.uid,
        apiVersion: involved.apiVersion ?? 'v1',
        resourceVersion: involved.kind === 'Node' ? '' : this.nextResourceVersion(),
        ...(involved.fieldPath ? { fieldPath: involved.fieldPath } : {}),
      },
      reason: input.reason,
      message: input.message,
      source: isKubelet || component === 'kernel-monitor' ? { component, host } : { component },
      firstTimestamp: first,
      lastTimestamp: this.iso(input.lastAgo),
      count: input.count ?? 1,
      type: input.type ?? 'Normal',
      eventTime: null,
      reportingComponent: isKubelet ? 'kubelet' : component,
      reportingInstance: isKubelet && host ? host : '',
    };
  }

  build(expected: ExpectedCrash[] = []): ClusterModel {
    // Node events live in namespace `default`, which every cluster has.
    if (this.nodeEvents.length > 0) this.namespace('default');
    const resources = new Map<ResourceName, Map<string, KubeObject[]>>();
    const put = (resource: ResourceName, namespace: string, objects: KubeObject[]) => {
      const byNs = resources.get(resource) ?? new Map<string, KubeObject[]>();
      resources.set(resource, byNs);
      byNs.set(namespace, sortByName([...(byNs.get(namespace) ?? []), ...objects]));
    };
    const logs: LogFile[] = [];
    const logErrors: LogError[] = [];
    const podsByNode = new Map<string, number>();
    for (const ns of this.namespaces) {
      const built = ns.buildObjects();
      for (const [resource, objects] of built.resources) put(resource, ns.name, objects);
      logs.push(...built.logs);
      logErrors.push(...built.logErrors);
      for (const pod of built.pods) {
        const node = pod.spec?.nodeName ?? '';
        podsByNode.set(node, (podsByNode.get(node) ?? 0) + 1);
      }
      expected.push(...built.expected);
    }
    if (this.nodeEvents.length > 0) put('events', 'default', this.nodeEvents);
    for (const ns of this.namespaces) {
      for (const resource of ['pods', 'events'] as const) {
        if (!resources.get(resource)?.has(ns.name)) put(resource, ns.name, []);
      }
    }
    return {
      name: this.input.name,
      context: this.input.context,
      capturedAt: this.input.capturedAt,
      version: this.input.version,
      nodes: this.nodes.map((node) => this.buildNode(node)).sort((a, b) => nameOf(a).localeCompare(nameOf(b))),
      namespaces: [...this.namespaces]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((ns) => ({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name: ns.name,
            uid: this.uid('namespace', ns.name),
            resourceVersion: String(1000 + (hashInt(ns.name) % 9000)),
            creationTimestamp: this.iso(180 * DAY),
            labels: { 'kubernetes.io/metadata.name': ns.name },
          },
          spec: { finalizers: ['kubernetes'] },
          status: { phase: 'Active' },
        })),
      resources,
      logs: logs.sort((a, b) => logKey(a).localeCompare(logKey(b))),
      logErrors,
      resourceErrors: this.resourceErrors,
      expected,
    };
  }

  private buildNode({ name, input }: NodeHandle): Node {
    const heartbeat = this.iso(8);
    const condition = (type: string, healthy: { reason: string; message: string }, healthyStatus: string): NodeCondition => {
      const override = input.conditions?.[type];
      return {
        type,
        status: override?.status ?? healthyStatus,
        lastHeartbeatTime: heartbeat,
        lastTransitionTime: this.iso(override?.sinceAgo ?? input.createdAgo - 30),
        reason: override?.reason ?? healthy.reason,
        message: override?.message ?? healthy.message,
      };
    };
    const maxPods = String(input.maxPods ?? 110);
    return {
      kind: 'Node',
      apiVersion: 'v1',
      metadata: {
        name,
        uid: this.uid('node', name),
        resourceVersion: this.nextResourceVersion(),
        creationTimestamp: this.iso(input.createdAgo),
        labels: {
          'beta.kubernetes.io/arch': input.arch,
          'beta.kubernetes.io/instance-type': input.instanceType,
          'beta.kubernetes.io/os': 'linux',
          'kubernetes.io/arch': input.arch,
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'node.kubernetes.io/instance-type': input.instanceType,
          'topology.kubernetes.io/zone': input.zone,
          ...input.labels,
        },
        annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
      },
      spec: { podCIDR: input.podCIDR, podCIDRs: [input.podCIDR], providerID: `aws:///${input.zone}/i-0${nameSuffix(16, name).replace(/[^0-9a-f]/g, 'a')}` },
      status: {
        capacity: { cpu: input.cpu, 'ephemeral-storage': '104845292Ki', 'hugepages-2Mi': '0', memory: input.memory, pods: maxPods },
        allocatable: {
          cpu: `${Number(input.cpu) * 1000 - 80}m`,
          'ephemeral-storage': '95551679124',
          'hugepages-2Mi': '0',
          memory: input.allocatableMemory,
          pods: maxPods,
        },
        conditions: [
          condition('MemoryPressure', NODE_CONDITIONS.memoryOk, 'False'),
          condition('DiskPressure', NODE_CONDITIONS.diskOk, 'False'),
          condition('PIDPressure', NODE_CONDITIONS.pidOk, 'False'),
          condition('Ready', NODE_CONDITIONS.ready, 'True'),
        ],
        addresses: [
          { type: 'InternalIP', address: input.internalIP },
          { type: 'InternalDNS', address: name },
          { type: 'Hostname', address: name },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          machineID: uid(name, 'machine').replace(/-/g, ''),
          systemUUID: uid(name, 'system'),
          bootID: uid(name, 'boot'),
          kernelVersion: input.kernel,
          osImage: input.osImage,
          containerRuntimeVersion: input.runtime,
          kubeletVersion: input.kubeletVersion,
          kubeProxyVersion: input.kubeletVersion,
          operatingSystem: 'linux',
          architecture: input.arch,
        },
      },
    };
  }
}

function logKey(log: LogFile): string {
  return `${log.namespace}/${log.pod}/${log.container}/${log.previous ? 1 : 0}`;
}

interface OwnerRef {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: true;
  blockOwnerDeletion: true;
}

interface WorkloadTemplate {
  containers: Container[];
  initContainers?: Container[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  terminationGracePeriodSeconds?: number;
}

export class NamespaceBuilder {
  private readonly objects = new Map<ResourceName, KubeObject[]>();
  private readonly pods: PodRecord[] = [];
  private readonly services: Array<{ name: string; selector: Record<string, string>; port: number; targetPort: number }> = [];
  private readonly expected: ExpectedCrash[] = [];

  constructor(
    readonly cluster: ClusterBuilder,
    readonly name: string,
  ) {}

  private add(resource: ResourceName, object: KubeObject): void {
    this.objects.set(resource, [...(this.objects.get(resource) ?? []), object]);
  }

  meta(kind: string, name: string, createdAgo: number, extra: Record<string, unknown> = {}) {
    return {
      name,
      namespace: this.name,
      uid: this.cluster.uid(kind, this.name, name),
      resourceVersion: this.cluster.nextResourceVersion(),
      creationTimestamp: this.cluster.iso(createdAgo),
      ...extra,
    };
  }

  configMap(name: string, keys: string[], createdAgo = 30 * DAY): this {
    this.add('configmaps', {
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: this.meta('ConfigMap', name, createdAgo),
      // Names and key names only: values are masked as the collector masks them.
      data: Object.fromEntries([...keys].sort().map((key) => [key, '***HIDDEN***'])),
    });
    return this;
  }

  limitRange(name: string, limits: { defaultMemory: string; defaultRequestMemory: string; defaultCpu?: string; defaultRequestCpu?: string }): this {
    this.add('limitranges', {
      kind: 'LimitRange',
      apiVersion: 'v1',
      metadata: this.meta('LimitRange', name, 90 * DAY),
      spec: {
        limits: [
          {
            type: 'Container',
            default: { memory: limits.defaultMemory, ...(limits.defaultCpu ? { cpu: limits.defaultCpu } : {}) },
            defaultRequest: {
              memory: limits.defaultRequestMemory,
              ...(limits.defaultRequestCpu ? { cpu: limits.defaultRequestCpu } : {}),
            },
          },
        ],
      },
    });
    return this;
  }

  service(name: string, selector: Record<string, string>, port: number, targetPort = port): this {
    this.services.push({ name, selector, port, targetPort });
    return this;
  }

  /**
   * A Deployment and its ReplicaSet. With `previous`, a rollout in progress: the older revision keeps its own
   * ReplicaSet and pods (`previousPod`), the Deployment's template is the new one.
   */
  deployment(
    name: string,
    template: WorkloadTemplate & { replicas?: number; createdAgo?: number; revision?: number; previous?: WorkloadTemplate & { revision: number; replicas: number } },
  ) {
    const createdAgo = template.createdAgo ?? 20 * DAY;
    const labels = { app: name, ...template.labels };
    const deploymentUid = this.cluster.uid('Deployment', this.name, name);
    const replicaSet = (revisionTemplate: WorkloadTemplate, revision: number) => {
      const hash = templateHash(this.name, name, ...revisionTemplate.containers.map((c) => c.image ?? ''), String(revision));
      const rsName = `${name}-${hash}`;
      const rsUid = this.cluster.uid('ReplicaSet', this.name, rsName);
      const podTemplate = this.podTemplate({ ...revisionTemplate, labels: { ...labels, ...revisionTemplate.labels, 'pod-template-hash': hash } });
      const owner: OwnerRef = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsName, uid: rsUid, controller: true, blockOwnerDeletion: true };
      return { hash, rsName, podTemplate, owner, pods: [] as Pod[] };
    };
    const current = replicaSet(template, template.revision ?? 1);
    const previous = template.previous ? replicaSet(template.previous, template.previous.revision) : undefined;
    const { rsName } = current;
    const pods = current.pods;
    const addPod = (set: ReturnType<typeof replicaSet>, input: PodInput) => {
      const podName = input.name ?? `${set.rsName}-${nameSuffix(5, this.cluster.input.name, set.rsName, String(set.pods.length))}`;
      set.pods.push(this.pod(podName, set.podTemplate, input, set.owner, template.terminationGracePeriodSeconds));
    };
    const handle = {
      pod: (input: PodInput) => {
        addPod(current, input);
        return handle;
      },
      previousPod: (input: PodInput) => {
        if (!previous) throw new Error(`deployment ${name} has no previous revision`);
        addPod(previous, input);
        return handle;
      },
    };
    this.deferred.push(() => {
      const replicas = template.replicas ?? pods.length;
      const ready = pods.filter(isPodReady).length + (previous?.pods.filter(isPodReady).length ?? 0);
      const revision = String(template.revision ?? 1);
      const status = workloadStatus(replicas, ready);
      this.add('deployments', {
        kind: 'Deployment',
        apiVersion: 'apps/v1',
        metadata: this.meta('Deployment', name, createdAgo, {
          generation: template.revision ?? 1,
          labels: { app: name },
          annotations: { 'deployment.kubernetes.io/revision': revision },
        }),
        spec: {
          replicas,
          selector: { matchLabels: { app: name } },
          template: this.podTemplate({ ...template, labels }),
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
          revisionHistoryLimit: 10,
          progressDeadlineSeconds: 600,
        },
        status: {
          observedGeneration: template.revision ?? 1,
          ...status,
          ...(previous ? { updatedReplicas: pods.length } : {}),
          conditions: deploymentConditions(this.cluster, rsName, ready >= replicas && !previous, createdAgo),
        },
      });
      const addReplicaSet = (set: ReturnType<typeof replicaSet>, setReplicas: number, setRevision: number) => {
        // The ReplicaSet appeared with the rollout that created its oldest pod.
        const rsCreatedAgo = Math.max(...set.pods.map((pod) => (Date.parse(this.cluster.input.capturedAt) - Date.parse(pod.metadata?.creationTimestamp ?? '')) / 1000), 60);
        const setReady = set.pods.filter(isPodReady).length;
        this.add('replicasets', {
          kind: 'ReplicaSet',
          apiVersion: 'apps/v1',
          metadata: this.meta('ReplicaSet', set.rsName, Math.min(rsCreatedAgo + 2, createdAgo), {
            generation: 1,
            labels: { ...labels, 'pod-template-hash': set.hash },
            annotations: {
              'deployment.kubernetes.io/desired-replicas': String(replicas),
              'deployment.kubernetes.io/max-replicas': String(replicas + Math.ceil(replicas / 4)),
              'deployment.kubernetes.io/revision': String(setRevision),
            },
            ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: deploymentUid, controller: true, blockOwnerDeletion: true }],
          }),
          spec: { replicas: setReplicas, selector: { matchLabels: { app: name, 'pod-template-hash': set.hash } }, template: set.podTemplate },
          status: { replicas: setReplicas, fullyLabeledReplicas: setReplicas, readyReplicas: setReady, availableReplicas: setReady, observedGeneration: 1 },
        });
      };
      if (previous && template.previous) addReplicaSet(previous, template.previous.replicas, template.previous.revision);
      addReplicaSet(current, previous ? pods.length : replicas, template.revision ?? 1);
    });
    return handle;
  }

  statefulSet(name: string, template: WorkloadTemplate & { replicas?: number; createdAgo?: number; serviceName?: string }) {
    const createdAgo = template.createdAgo ?? 60 * DAY;
    const labels = { app: name, ...template.labels };
    const owner: OwnerRef = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      name,
      uid: this.cluster.uid('StatefulSet', this.name, name),
      controller: true,
      blockOwnerDeletion: true,
    };
    const revision = `${name}-${templateHash(this.name, name, 'sts').slice(0, 10)}`;
    const pods: Pod[] = [];
    const handle = {
      pod: (input: PodInput) => {
        const podTemplate = this.podTemplate({
          ...template,
          labels: { ...labels, 'apps.kubernetes.io/pod-index': String(pods.length), 'controller-revision-hash': revision, 'statefulset.kubernetes.io/pod-name': `${name}-${pods.length}` },
        });
        pods.push(this.pod(input.name ?? `${name}-${pods.length}`, podTemplate, input, owner, template.terminationGracePeriodSeconds));
        return handle;
      },
    };
    this.deferred.push(() => {
      const replicas = template.replicas ?? pods.length;
      const ready = pods.filter(isPodReady).length;
      this.add('statefulsets', {
        kind: 'StatefulSet',
        apiVersion: 'apps/v1',
        metadata: this.meta('StatefulSet', name, createdAgo, { generation: 1, labels: { app: name } }),
        spec: {
          replicas,
          selector: { matchLabels: { app: name } },
          serviceName: template.serviceName ?? name,
          template: this.podTemplate({ ...template, labels }),
          podManagementPolicy: 'OrderedReady',
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
        },
        status: {
          observedGeneration: 1,
          replicas,
          readyReplicas: ready,
          availableReplicas: ready,
          currentReplicas: replicas,
          updatedReplicas: replicas,
          currentRevision: revision,
          updateRevision: revision,
          collisionCount: 0,
        },
      });
    });
    return handle;
  }

  /** A CronJob whose Jobs each own one pod. */
  cronJob(name: string, template: WorkloadTemplate & { schedule: string; createdAgo?: number }) {
    const createdAgo = template.createdAgo ?? 40 * DAY;
    const cronUid = this.cluster.uid('CronJob', this.name, name);
    let lastScheduleAgo = Number.POSITIVE_INFINITY;
    const handle = {
      job: (scheduledAgo: number, input: Omit<PodInput, 'createdAgo'>) => {
        const jobName = `${name}-${Math.floor((Date.parse(this.cluster.input.capturedAt) / 1000 - scheduledAgo) / 60)}`;
        const jobUid = this.cluster.uid('Job', this.name, jobName);
        lastScheduleAgo = Math.min(lastScheduleAgo, scheduledAgo);
        const jobLabels = { 'batch.kubernetes.io/controller-uid': jobUid, 'batch.kubernetes.io/job-name': jobName, 'controller-uid': jobUid, 'job-name': jobName };
        const podTemplate = this.podTemplate({ ...template, labels: { ...template.labels, ...jobLabels } }, 'OnFailure');
        const owner: OwnerRef = { apiVersion: 'batch/v1', kind: 'Job', name: jobName, uid: jobUid, controller: true, blockOwnerDeletion: true };
        const pod = this.pod(
          input.name ?? `${jobName}-${nameSuffix(5, this.cluster.input.name, jobName)}`,
          podTemplate,
          { ...input, createdAgo: scheduledAgo },
          owner,
          template.terminationGracePeriodSeconds,
        );
        this.add('jobs', {
          kind: 'Job',
          apiVersion: 'batch/v1',
          metadata: this.meta('Job', jobName, scheduledAgo, {
            labels: jobLabels,
            annotations: { 'batch.kubernetes.io/job-tracking': '' },
            ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name, uid: cronUid, controller: true, blockOwnerDeletion: true }],
          }),
          spec: {
            parallelism: 1,
            completions: 1,
            backoffLimit: 6,
            completionMode: 'NonIndexed',
            suspend: false,
            selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': jobUid } },
            template: podTemplate,
          },
          status: { startTime: this.cluster.iso(scheduledAgo), active: isPodReady(pod) || pod.status?.phase === 'Running' ? 1 : 0, ready: isPodReady(pod) ? 1 : 0, uncountedTerminatedPods: {} },
        });
        return handle;
      },
    };
    this.deferred.push(() => {
      this.add('cronjobs', {
        kind: 'CronJob',
        apiVersion: 'batch/v1',
        metadata: this.meta('CronJob', name, createdAgo, { generation: 1 }),
        spec: {
          schedule: template.schedule,
          concurrencyPolicy: 'Forbid',
          suspend: false,
          successfulJobsHistoryLimit: 3,
          failedJobsHistoryLimit: 1,
          jobTemplate: { spec: { backoffLimit: 6, template: this.podTemplate(template, 'OnFailure') } },
        },
        status: Number.isFinite(lastScheduleAgo) ? { lastScheduleTime: this.cluster.iso(lastScheduleAgo) } : {},
      });
    });
    return handle;
  }

  private readonly deferred: Array<() => void> = [];

  private podTemplate(template: WorkloadTemplate, restartPolicy = 'Always') {
    return {
      metadata: { labels: template.labels ?? {}, ...(template.annotations ? { annotations: template.annotations } : {}) },
      spec: {
        ...(template.initContainers ? { initContainers: template.initContainers } : {}),
        containers: template.containers,
        restartPolicy,
        terminationGracePeriodSeconds: template.terminationGracePeriodSeconds ?? 30,
        dnsPolicy: 'ClusterFirst',
        serviceAccountName: 'default',
        serviceAccount: 'default',
        securityContext: {},
        schedulerName: 'default-scheduler',
      },
    };
  }

  private pod(
    name: string,
    template: ReturnType<NamespaceBuilder['podTemplate']>,
    input: PodInput,
    owner: OwnerRef | undefined,
    grace: number | undefined,
  ): Pod {
    const cluster = this.cluster;
    const podUid = cluster.uid('Pod', this.name, name);
    const node = input.node;
    const podIP = input.podIP ?? addressIn(node.input.podCIDR, cluster.input.name, this.name, name);
    const patch = input.specPatch ?? ((c: Container) => c);
    const initSpecs = (template.spec.initContainers ?? []).map(patch);
    const specs = template.spec.containers.map(patch);
    const record: PodRecord = { pod: {}, namespace: this.name, logs: [], logErrors: [], events: [] };
    const podRef = { kind: 'Pod', name, uid: podUid, namespace: this.name };
    const formatted = formatPod(name, this.name, podUid);

    const playOf = (spec: Container): ContainerPlay => {
      const play = input.containers[spec.name];
      if (!play) throw new Error(`sample pod ${this.name}/${name} has no story for container ${spec.name}`);
      return play;
    };
    for (const key of Object.keys(input.containers)) {
      if (![...initSpecs, ...specs].some((spec) => spec.name === key)) throw new Error(`sample pod ${name}: no container ${key}`);
    }

    const statusOf = (spec: Container, fieldRoot: string): ContainerStatus => {
      const play = playOf(spec);
      const story = play.story;
      const image = spec.image ?? '';
      const restarts = story.state === 'crashloop' ? story.restarts : story.state === 'completed' ? 0 : (story.restarts ?? 0);
      const idOf = (instance: number) => containerId(node.input.runtime, cluster.input.name, podUid, spec.name, String(instance));
      const terminated = (t: Terminated, instance: number) => ({
        terminated: {
          exitCode: t.exitCode,
          reason: t.reason,
          ...(t.message ? { message: t.message } : {}),
          startedAt: t.startedAgo === undefined ? '1970-01-01T00:00:00Z' : cluster.iso(t.startedAgo),
          finishedAt: cluster.iso(t.finishedAgo),
          containerID: idOf(instance),
        },
      });
      let state: ContainerState;
      let lastState: ContainerState = {};
      let ready = false;
      let started: boolean | undefined = false;
      let currentId: string | undefined;
      if (story.state === 'running') {
        state = { running: { startedAt: cluster.iso(story.startedAgo) } };
        if (story.last) lastState = terminated(story.last, restarts - 1);
        ready = story.ready ?? true;
        started = true;
        currentId = idOf(restarts);
      } else if (story.state === 'completed') {
        state = {
          terminated: {
            exitCode: 0,
            reason: 'Completed',
            startedAt: cluster.iso(story.startedAgo),
            finishedAt: cluster.iso(story.finishedAgo),
            containerID: idOf(0),
          },
        };
        currentId = idOf(0);
      } else if (story.state === 'crashloop') {
        state = { waiting: { reason: 'CrashLoopBackOff', message: crashLoopWaitingMessage(story.backOff, spec.name, formatted) } };
        lastState = terminated(story.last, restarts);
        currentId = idOf(restarts);
      } else if (story.state === 'removed') {
        // kubelet_pods.go: the container could not be found when the terminal status was generated; Go zero times → null.
        const unknown = (message: string) => ({
          terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message, startedAt: null, finishedAt: null } as unknown as ContainerStateTerminated,
        });
        state = unknown(CONTAINER_STATUS_UNKNOWN.terminated);
        lastState = unknown(CONTAINER_STATUS_UNKNOWN.deleted);
      } else {
        state = { waiting: { reason: story.reason, ...(story.message ? { message: story.message } : {}) } };
        if (story.last) lastState = terminated(story.last, restarts);
        started = undefined;
      }
      const fieldPath = `${fieldRoot}{${spec.name}}`;
      this.containerEvents(record, podRef, spec, play, restarts, fieldPath, node.name, formatted);
      this.containerLogs(record, name, spec, play);
      return {
        name: spec.name,
        state,
        lastState,
        ready,
        restartCount: restarts,
        image,
        imageID: (story.state === 'waiting' && restarts === 0 && !story.last) || story.state === 'removed' ? '' : imageId(image),
        ...(currentId ? { containerID: currentId } : {}),
        ...(started === undefined ? {} : { started }),
      };
    };

    const inits = initSpecs.map((spec) => ({ spec, status: statusOf(spec, 'spec.initContainers') }));
    const initStatuses = inits.map(({ status }) => status);
    const statuses = specs.map((spec) => statusOf(spec, 'spec.containers'));
    const initDone = inits.every(({ spec, status }) =>
      spec.restartPolicy === 'Always' ? status.started === true || status.restartCount > 0 : status.state?.terminated?.exitCode === 0,
    );
    const sidecarStatuses = inits.filter(({ spec }) => spec.restartPolicy === 'Always').map(({ status }) => status);
    const unready = [...sidecarStatuses, ...statuses].filter((s) => !s.ready).map((s) => s.name);
    const anyStarted = statuses.some((s) => s.state?.running || s.lastState?.terminated || s.state?.waiting?.reason === 'CrashLoopBackOff');
    const evicted = input.evicted;
    const phase = evicted ? 'Failed' : !initDone ? 'Pending' : anyStarted ? 'Running' : 'Pending';
    const created = cluster.iso(input.createdAgo);
    const incomplete = initSpecs.filter((spec, i) => spec.restartPolicy !== 'Always' && initStatuses[i]?.state?.terminated?.exitCode !== 0).map((s) => s.name);
    const condition = (type: string, ok: boolean, reason?: string, message?: string): PodCondition => ({
      type,
      status: ok ? 'True' : 'False',
      lastProbeTime: null as unknown as string,
      lastTransitionTime: ok ? cluster.iso(Math.max(input.createdAgo - 20, 1)) : cluster.iso(Math.min(input.createdAgo - 5, 600)),
      ...(ok ? {} : { reason, message }),
    });
    // status/generate.go: a Failed pod's Ready and ContainersReady are False with reason PodFailed (no message); the
    // eviction manager adds DisruptionTarget (TerminationByKubelet) with the eviction message.
    const evictedConditions = (at: string, message: string): PodCondition[] => [
      { type: 'DisruptionTarget', status: 'True', lastProbeTime: null as unknown as string, lastTransitionTime: at, reason: 'TerminationByKubelet', message },
      { type: 'PodReadyToStartContainers', status: 'False', lastProbeTime: null as unknown as string, lastTransitionTime: at },
      condition('Initialized', true),
      { type: 'Ready', status: 'False', lastProbeTime: null as unknown as string, lastTransitionTime: at, reason: 'PodFailed' },
      { type: 'ContainersReady', status: 'False', lastProbeTime: null as unknown as string, lastTransitionTime: at, reason: 'PodFailed' },
      condition('PodScheduled', true),
    ];
    const requests = specs.some((s) => s.resources?.limits?.memory || s.resources?.requests?.memory);
    const guaranteed = specs.every((s) => s.resources?.limits?.memory && s.resources.limits.cpu && !s.resources.requests);
    const pod: Pod = {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: {
        name,
        ...(owner && owner.kind !== 'StatefulSet' ? { generateName: name.slice(0, name.lastIndexOf('-') + 1) } : owner ? { generateName: `${owner.name}-` } : {}),
        namespace: this.name,
        uid: podUid,
        resourceVersion: cluster.nextResourceVersion(),
        creationTimestamp: created,
        labels: template.metadata.labels,
        ...(input.annotations || template.metadata.annotations
          ? { annotations: { ...template.metadata.annotations, ...input.annotations } }
          : {}),
        ...(owner ? { ownerReferences: [owner] } : {}),
      },
      spec: {
        ...template.spec,
        ...(initSpecs.length ? { initContainers: initSpecs } : {}),
        containers: specs,
        terminationGracePeriodSeconds: grace ?? 30,
        nodeName: node.name,
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
        priority: 0,
        tolerations: [
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        ],
      },
      status: {
        phase,
        ...(evicted ? { reason: 'Evicted', message: evicted.message } : {}),
        conditions: evicted
          ? evictedConditions(cluster.iso(evicted.atAgo), evicted.message)
          : [
              condition('PodReadyToStartContainers', true),
              condition('Initialized', initDone, 'ContainersNotInitialized', `containers with incomplete status: [${incomplete.join(' ')}]`),
              condition('Ready', unready.length === 0, 'ContainersNotReady', `containers with unready status: [${unready.join(' ')}]`),
              condition('ContainersReady', unready.length === 0, 'ContainersNotReady', `containers with unready status: [${unready.join(' ')}]`),
              condition('PodScheduled', true),
            ],
        hostIP: node.input.internalIP,
        hostIPs: [{ ip: node.input.internalIP }],
        podIP,
        podIPs: [{ ip: podIP }],
        startTime: cluster.iso(input.createdAgo - 1),
        ...(initStatuses.length ? { initContainerStatuses: initStatuses } : {}),
        containerStatuses: statuses,
        qosClass: guaranteed ? 'Guaranteed' : requests ? 'Burstable' : 'BestEffort',
      },
    };
    for (const event of input.events ?? []) record.events.push(cluster.event(this.name, podRef, event, node.name));
    if (input.createdAgo < EVENT_TTL) {
      record.events.push(
        cluster.event(
          this.name,
          podRef,
          { reason: 'Scheduled', message: scheduledEvent(this.name, name, node.name), firstAgo: input.createdAgo, lastAgo: input.createdAgo, component: 'default-scheduler' },
          undefined,
        ),
      );
    }
    record.pod = pod;
    this.pods.push(record);
    for (const e of input.expect ?? []) this.expected.push({ namespace: this.name, pod: name, container: e.container, cause: e.cause, note: e.note });
    return pod;
  }

  private containerEvents(
    record: PodRecord,
    podRef: { kind: string; name: string; uid: string; namespace: string },
    spec: Container,
    play: ContainerPlay,
    restarts: number,
    fieldPath: string,
    host: string,
    formattedPod: string,
  ): void {
    const cluster = this.cluster;
    const ref = { ...podRef, fieldPath };
    const story = play.story;
    if (story.state === 'crashloop' && !play.noLifecycleEvents) {
      const window = Math.min(EVENT_TTL - 60, story.last.finishedAgo + 50 * MINUTE);
      const count = Math.max(2, Math.min(restarts + 1, 13));
      const lastStart = story.last.startedAgo ?? story.last.finishedAgo;
      const lifecycle: EventInput[] = [
        { reason: 'Pulled', message: alreadyPresentEvent(spec.image ?? ''), count, firstAgo: window, lastAgo: lastStart + 1 },
        { reason: 'Created', message: createdEvent(spec.name), count, firstAgo: window, lastAgo: lastStart + 1 },
      ];
      if (story.last.reason !== 'StartError') {
        lifecycle.push({ reason: 'Started', message: startedEvent(spec.name), count, firstAgo: window, lastAgo: lastStart });
      }
      lifecycle.push({
        reason: 'BackOff',
        type: 'Warning',
        message: backOffEvent(spec.name, formattedPod),
        count: count * 9 + (restarts % 5),
        firstAgo: window - 30,
        lastAgo: 4,
      });
      for (const event of lifecycle) record.events.push(cluster.event(this.name, ref, event, host));
    }
    for (const event of play.events ?? []) record.events.push(cluster.event(this.name, ref, event, host));
  }

  /**
   * kubelet answers a log request for a crash-looping (waiting) container with its last terminated instance, the
   * same one `--previous` returns: so a crash loop's current log defaults to its previous log.
   */
  private containerLogs(record: PodRecord, podName: string, spec: Container, play: ContainerPlay): void {
    const cluster = this.cluster;
    const story = play.story;
    const base = { namespace: this.name, pod: podName, container: spec.name };
    const last = story.state === 'running' || story.state === 'crashloop' || story.state === 'waiting' ? story.last : undefined;
    const current = play.current ?? (story.state === 'crashloop' ? play.previous : undefined);
    if (current) {
      let from = 0;
      let to = 1;
      if (story.state === 'running' || story.state === 'completed') from = story.startedAgo;
      if (story.state === 'completed') to = story.finishedAgo;
      if (story.state === 'crashloop') {
        from = story.last.startedAgo ?? story.last.finishedAgo;
        to = story.last.finishedAgo;
      }
      record.logs.push({ ...base, previous: false, lines: current, from: cluster.iso(from), to: cluster.iso(to) });
    }
    if (play.currentError) record.logErrors.push({ ...base, previous: false, message: play.currentError(podName) });
    if (play.previousError) record.logErrors.push({ ...base, previous: true, message: play.previousError(podName) });
    if (play.previous) {
      if (!last) throw new Error(`sample ${podName}/${spec.name}: a previous log needs a last termination`);
      const from = cluster.iso(last.startedAgo ?? last.finishedAgo);
      record.logs.push({ ...base, previous: true, lines: play.previous, from, to: cluster.iso(last.finishedAgo) });
    }
  }

  buildObjects(): { resources: Map<ResourceName, KubeObject[]>; logs: LogFile[]; logErrors: LogError[]; pods: Pod[]; expected: ExpectedCrash[] } {
    for (const run of this.deferred.splice(0)) run();
    const pods = this.pods.map((record) => record.pod);
    for (const svc of this.services) this.buildService(svc, pods);
    const resources = new Map(this.objects);
    resources.set('pods', sortByName(pods as KubeObject[]));
    resources.set('events', sortByName(this.pods.flatMap((record) => record.events)));
    return {
      resources,
      logs: this.pods.flatMap((record) => record.logs),
      logErrors: this.pods.flatMap((record) => record.logErrors),
      pods,
      expected: this.expected,
    };
  }

  private buildService(svc: { name: string; selector: Record<string, string>; port: number; targetPort: number }, pods: Pod[]): void {
    const clusterIP = `10.96.${hashInt(this.cluster.input.name, this.name, svc.name) % 250}.${2 + (hashInt(svc.name, this.name) % 250)}`;
    this.add('services', {
      kind: 'Service',
      apiVersion: 'v1',
      metadata: this.meta('Service', svc.name, 60 * DAY, { labels: { app: svc.name } }),
      spec: {
        ports: [{ name: 'tcp', protocol: 'TCP', port: svc.port, targetPort: svc.targetPort }],
        selector: svc.selector,
        clusterIP,
        clusterIPs: [clusterIP],
        type: 'ClusterIP',
        sessionAffinity: 'None',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        internalTrafficPolicy: 'Cluster',
      },
      status: { loadBalancer: {} },
    });
    const matching = pods.filter((pod) => Object.entries(svc.selector).every(([k, v]) => pod.metadata?.labels?.[k] === v) && pod.status?.podIP);
    const address = (pod: Pod) => ({
      ip: pod.status?.podIP,
      nodeName: pod.spec?.nodeName,
      targetRef: { kind: 'Pod', namespace: this.name, name: pod.metadata?.name, uid: pod.metadata?.uid },
    });
    const ready = matching.filter(isPodReady).map(address);
    const notReady = matching.filter((pod) => !isPodReady(pod)).map(address);
    this.add('endpoints', {
      kind: 'Endpoints',
      apiVersion: 'v1',
      metadata: this.meta('Endpoints', svc.name, 60 * DAY, {
        labels: { app: svc.name },
        annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': this.cluster.iso(600) },
      }),
      subsets:
        ready.length + notReady.length === 0
          ? undefined
          : [
              {
                ...(ready.length ? { addresses: ready } : {}),
                ...(notReady.length ? { notReadyAddresses: notReady } : {}),
                ports: [{ name: 'tcp', port: svc.targetPort, protocol: 'TCP' }],
              },
            ],
    });
  }
}

function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

function workloadStatus(replicas: number, ready: number) {
  return {
    replicas,
    updatedReplicas: replicas,
    readyReplicas: ready,
    availableReplicas: ready,
    ...(replicas > ready ? { unavailableReplicas: replicas - ready } : {}),
  };
}

/** The deployment controller's condition texts. */
function deploymentConditions(cluster: ClusterBuilder, rsName: string, available: boolean, createdAgo: number) {
  return [
    available
      ? { type: 'Available', status: 'True', lastUpdateTime: cluster.iso(createdAgo - 40), lastTransitionTime: cluster.iso(createdAgo - 40), reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
      : { type: 'Available', status: 'False', lastUpdateTime: cluster.iso(Math.min(createdAgo, 3000)), lastTransitionTime: cluster.iso(Math.min(createdAgo, 3000)), reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
    available
      ? { type: 'Progressing', status: 'True', lastUpdateTime: cluster.iso(createdAgo - 40), lastTransitionTime: cluster.iso(createdAgo - 50), reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.` }
      : { type: 'Progressing', status: 'False', lastUpdateTime: cluster.iso(Math.min(createdAgo - 600, 2400)), lastTransitionTime: cluster.iso(Math.min(createdAgo - 600, 2400)), reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rsName}" has timed out progressing.` },
  ];
}

/** Renders a `kubernetes.io/limit-ranger` annotation value for the containers LimitRanger filled in. */
export function limitRangerAnnotation(containers: string[]): string {
  return `LimitRanger plugin set: ${containers.map((c) => `memory request for container ${c}; memory limit for container ${c}`).join('; ')}`;
}

