/**
 * A corpus case → the sample generator's ClusterModel: the pods with the statuses the thread quoted, their owners,
 * nodes, events and logs, so the sample layouts write a real bundle from it. Only what decides nothing is filled in
 * (uids, times, container ids); everything that decides the cause comes from the case.
 */
import type { Node } from 'kubernetes-types/core/v1.js';
import type { KubeObject, ResourceName } from '../model/snapshot.js';
import { containerId, imageId, nameSuffix, templateHash, uid } from '../samples/ids.js';
import { crashLoopWaitingMessage, formatPod } from '../samples/kubelet-text.js';
import type { ClusterModel, LogError, LogFile } from '../samples/model.js';
import { CaseError, type CaseContainer, type CaseEvent, type CasePod, type CorpusCase } from './case.js';

const KIND_RESOURCES: Record<string, ResourceName> = {
  Pod: 'pods',
  Event: 'events',
  Deployment: 'deployments',
  ReplicaSet: 'replicasets',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  Job: 'jobs',
  CronJob: 'cronjobs',
  Service: 'services',
  Endpoints: 'endpoints',
  ConfigMap: 'configmaps',
  Secret: 'secrets',
  LimitRange: 'limitranges',
  ResourceQuota: 'resourcequotas',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  ReplicationController: 'replicationcontrollers',
};

const API_VERSIONS: Record<string, string> = {
  Deployment: 'apps/v1',
  ReplicaSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
};

/** Reasons of events the scheduler (not the kubelet) writes. */
const SCHEDULER_REASONS = new Set(['Scheduled', 'FailedScheduling', 'Preempted', 'NotTriggerScaleUp']);
/** Reasons of kubelet events that are about one container (they carry its fieldPath). */
const CONTAINER_REASONS = new Set([
  'Pulling',
  'Pulled',
  'Failed',
  'BackOff',
  'ErrImagePull',
  'ErrImageNeverPull',
  'InspectFailed',
  'Created',
  'Started',
  'Killing',
  'Unhealthy',
  'ProbeWarning',
  'ExceededGracePeriod',
]);

export function caseModel(c: CorpusCase): ClusterModel {
  const captured = Date.parse(c.capturedAt);
  const iso = (secondsAgo: number) => new Date(captured - secondsAgo * 1000).toISOString().replace('.000Z', 'Z');
  const resources = new Map<ResourceName, Map<string, KubeObject[]>>();
  const put = (resource: ResourceName, namespace: string, object: KubeObject) => {
    const byNs = resources.get(resource) ?? new Map<string, KubeObject[]>();
    resources.set(resource, byNs);
    byNs.set(namespace, [...(byNs.get(namespace) ?? []), object]);
  };
  const given = new Set(c.objects.map((o) => `${String(o['kind'])}/${namespaceOf(o)}/${nameOf(o)}`));
  const nodes = new Map<string, KubeObject>();
  const namespaces = new Set<string>(['default']);
  const logs: LogFile[] = [];
  const logErrors: LogError[] = [];
  const podUids = new Map<string, string>();
  const problems: string[] = [];

  for (const object of c.objects) {
    const kind = String(object['kind']);
    if (kind === 'Node') {
      nodes.set(nameOf(object), withType(object, 'Node', 'v1'));
      continue;
    }
    if (kind === 'Namespace') {
      namespaces.add(nameOf(object));
      continue;
    }
    const resource = KIND_RESOURCES[kind];
    if (!resource) {
      problems.push(`objects: kind ${kind} is not one podmortem reads (${Object.keys(KIND_RESOURCES).join(', ')}, Node, Namespace)`);
      continue;
    }
    const namespace = namespaceOf(object);
    namespaces.add(namespace);
    const metadata = object['metadata'] as Record<string, unknown>;
    put(resource, namespace, withType({ ...object, metadata: { uid: uid('corpus', c.id, kind, namespace, nameOf(object)), ...metadata, namespace } }, kind, API_VERSIONS[kind] ?? 'v1'));
  }

  for (const pod of c.pods) {
    namespaces.add(pod.namespace);
    const podUid = uid('corpus', c.id, 'pod', pod.namespace, pod.name);
    podUids.set(`${pod.namespace}/${pod.name}`, podUid);
    const ownerRef = ownerObjects(c, pod, iso, given, put);
    // A pod with any container state was scheduled (images are pulled, volumes mounted on a node); only a Pending pod
    // with no container state at all may be unscheduled.
    const nodeName = pod.node ?? (pod.phase === 'Pending' && pod.containers.every((x) => !x.state && !x.lastState) ? undefined : 'worker-1');
    if (nodeName && !nodes.has(nodeName)) nodes.set(nodeName, nodeObject(nodeName, c, iso));
    put('pods', pod.namespace, podObject(c, pod, podUid, nodeName, ownerRef, iso));
    for (const container of pod.containers) {
      const [from, to] = [iso(container.endedSecondsAgo + container.ranSeconds), iso(container.endedSecondsAgo)];
      const base = { namespace: pod.namespace, pod: pod.name, container: container.name };
      if (container.previousLog !== undefined) logs.push({ ...base, previous: true, lines: lines(container.previousLog), from, to });
      else if (container.logError !== undefined) logErrors.push({ ...base, previous: true, message: container.logError });
      if (container.currentLog !== undefined) {
        logs.push({ ...base, previous: false, lines: lines(container.currentLog), from: to, to: c.capturedAt });
      } else if (container.logError !== undefined) logErrors.push({ ...base, previous: false, message: container.logError });
    }
  }

  c.events.forEach((event, i) => {
    const built = eventObject(c, event, i, podUids, iso, problems);
    if (!built) return;
    namespaces.add(built.namespace);
    put('events', built.namespace, built.object);
  });
  if (problems.length > 0) throw new CaseError(c.file, problems);

  for (const resource of ['pods', 'events'] as const) {
    for (const ns of namespaces) if (!resources.get(resource)?.has(ns)) put(resource, ns, { kind: 'placeholder' });
  }
  for (const byNs of resources.values()) {
    for (const [ns, objects] of byNs) byNs.set(ns, objects.filter((o) => o.kind !== 'placeholder').sort((a, b) => nameOf(a).localeCompare(nameOf(b))));
  }

  const [major = '', minor = ''] = c.kubernetesVersion.split('.');
  return {
    name: c.id,
    context: c.id,
    capturedAt: c.capturedAt,
    version: { major: major.slice(1), minor, gitVersion: c.kubernetesVersion, platform: 'linux/amd64' },
    nodes: [...nodes.values()].sort((a, b) => nameOf(a).localeCompare(nameOf(b))) as Node[],
    namespaces: [...namespaces].sort().map((name) => ({
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: { name, uid: uid('corpus', c.id, 'ns', name), creationTimestamp: iso(90 * 86_400) },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    })),
    resources,
    logs,
    logErrors,
    resourceErrors: [],
    expected: [],
  };
}

function lines(text: string): string[] {
  const out = text.replace(/\r\n/g, '\n').split('\n');
  if (out[out.length - 1] === '') out.pop();
  return out;
}

function nameOf(object: Record<string, unknown>): string {
  return metadataText(object, 'name') ?? '';
}

function namespaceOf(object: Record<string, unknown>): string {
  return metadataText(object, 'namespace') ?? 'default';
}

/** A metadata field of an object the case gives, as text. */
function metadataText(object: Record<string, unknown>, key: string): string | undefined {
  const metadata = object['metadata'];
  return scalarText(typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>)[key] : undefined);
}

/** A YAML scalar as text: YAML reads `name: 123` as a number and `reason: true` as a boolean. */
function scalarText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/** Where an owner's object is listed: every owner kind a case may name (case.ts's OWNER_KINDS) has a resource. */
function ownerResource(kind: string): ResourceName {
  const resource = KIND_RESOURCES[kind];
  if (resource === undefined) throw new Error(`no resource lists ${kind} objects`);
  return resource;
}

function withType(object: Record<string, unknown>, kind: string, apiVersion: string): KubeObject {
  return { apiVersion, ...object, kind };
}

type Put = (resource: ResourceName, namespace: string, object: KubeObject) => void;

/** The pod's controller objects (a Deployment gets its ReplicaSet), unless the case gives them; returns the pod's ownerReference. */
function ownerObjects(c: CorpusCase, pod: CasePod, iso: (s: number) => string, given: Set<string>, put: Put): Record<string, unknown> | undefined {
  if (!pod.owner) return undefined;
  const { kind, name } = pod.owner;
  const ns = pod.namespace;
  const created = iso(30 * 86_400);
  const make = (k: string, n: string, spec: Record<string, unknown>, owner?: Record<string, unknown>): Record<string, unknown> => {
    const ref = { apiVersion: API_VERSIONS[k] ?? 'v1', kind: k, name: n, uid: uid('corpus', c.id, k, ns, n), controller: true, blockOwnerDeletion: true };
    if (!given.has(`${k}/${ns}/${n}`)) {
      given.add(`${k}/${ns}/${n}`);
      put(ownerResource(k), ns, {
        apiVersion: ref.apiVersion,
        kind: k,
        metadata: { name: n, namespace: ns, uid: ref.uid, creationTimestamp: created, generation: 1, ...(owner ? { ownerReferences: [owner] } : {}) },
        spec: { ...spec, template: { metadata: { labels: { app: name } }, spec: { containers: pod.containers.filter((x) => x.kind === 'regular').map((x) => ({ name: x.name, image: x.image })) } } },
        status: {},
      });
    }
    return ref;
  };
  if (kind === 'Deployment') {
    const deployment = make('Deployment', name, { replicas: 1, selector: { matchLabels: { app: name } } });
    const rsName = replicaSetName(pod.name, name) ?? `${name}-${templateHash(c.id, name)}`;
    return make('ReplicaSet', rsName, { replicas: 1, selector: { matchLabels: { app: name } } }, deployment);
  }
  if (kind === 'CronJob') {
    const cronJob = make('CronJob', name, { schedule: '*/5 * * * *' });
    const jobName = /^(.*)-[a-z0-9]{5}$/.exec(pod.name)?.[1] ?? `${name}-${nameSuffix(8, c.id)}`;
    return make('Job', jobName, { backoffLimit: 6 }, cronJob);
  }
  return make(kind, name, kind === 'Job' ? { backoffLimit: 6 } : { selector: { matchLabels: { app: name } } });
}

/** `web-7c9d8f6b5-x2k4q` → `web-7c9d8f6b5` when it starts with the Deployment's name. */
function replicaSetName(podName: string, deployment: string): string | undefined {
  const match = /^(.*)-[a-z0-9]{5}$/.exec(podName);
  const prefix = match?.[1];
  return prefix?.startsWith(`${deployment}-`) ? prefix : undefined;
}

function nodeObject(name: string, c: CorpusCase, iso: (s: number) => string): KubeObject {
  const since = iso(20 * 86_400);
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: c.capturedAt,
    lastTransitionTime: since,
  });
  return {
    kind: 'Node',
    apiVersion: 'v1',
    metadata: {
      name,
      uid: uid('corpus', c.id, 'node', name),
      creationTimestamp: since,
      labels: { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/os': 'linux', 'kubernetes.io/hostname': name },
    },
    spec: {},
    status: {
      capacity: { cpu: '4', memory: '16393728Ki', pods: '110' },
      allocatable: { cpu: '3920m', memory: '15242752Ki', pods: '110' },
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        kubeletVersion: c.kubernetesVersion,
        kubeProxyVersion: c.kubernetesVersion,
        containerRuntimeVersion: 'containerd://1.7.22',
        osImage: 'Ubuntu 22.04.4 LTS',
        kernelVersion: '5.15.0-1064-aws',
      },
    },
  };
}

function podObject(
  c: CorpusCase,
  pod: CasePod,
  podUid: string,
  nodeName: string | undefined,
  ownerRef: Record<string, unknown> | undefined,
  iso: (s: number) => string,
): KubeObject {
  const oldest = Math.max(...pod.containers.map((x) => x.endedSecondsAgo + x.ranSeconds), 0);
  const age = pod.ageSeconds ?? Math.max(3600, oldest + 60);
  const spec = (x: CaseContainer) => ({
    name: x.name,
    image: x.image,
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: x.image.endsWith(':latest') || !x.image.includes(':') ? 'Always' : 'IfNotPresent',
    resources: {},
    ...x.spec,
    ...(x.kind === 'sidecar' ? { restartPolicy: 'Always' } : {}),
  });
  const init = pod.containers.filter((x) => x.kind !== 'regular');
  const regular = pod.containers.filter((x) => x.kind === 'regular');
  const statusOf = (x: CaseContainer) => containerStatus(c, pod, podUid, x, iso);
  const scheduled = nodeName !== undefined;
  const ready = regular.length > 0 && regular.every((x) => statusOf(x)['ready'] === true);
  const initDone = init.every((x) => x.kind === 'sidecar' || (x.state && 'terminated' in x.state && x.state.terminated['exitCode'] === 0));
  const condition = (type: string, status: boolean, reason?: string) => ({
    type,
    status: status ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: iso(age - 1),
    ...(reason && !status ? { reason } : {}),
  });
  const conditions = pod.conditions ?? [
    ...(scheduled ? [condition('Initialized', initDone, 'ContainersNotInitialized'), condition('Ready', ready, 'ContainersNotReady'), condition('ContainersReady', ready, 'ContainersNotReady')] : []),
    condition('PodScheduled', scheduled, 'Unschedulable'),
  ];
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name: pod.name,
      namespace: pod.namespace,
      uid: podUid,
      creationTimestamp: iso(age),
      labels: pod.labels ?? (pod.owner ? { app: pod.owner.name } : { run: pod.name }),
      ...(ownerRef ? { ownerReferences: [ownerRef] } : {}),
    },
    spec: {
      ...(init.length > 0 ? { initContainers: init.map(spec) } : {}),
      containers: regular.map(spec),
      restartPolicy: pod.restartPolicy ?? (pod.owner?.kind === 'Job' || pod.owner?.kind === 'CronJob' ? 'Never' : 'Always'),
      ...(nodeName ? { nodeName } : {}),
      serviceAccountName: 'default',
      ...(pod.priorityClassName ? { priorityClassName: pod.priorityClassName } : {}),
      ...(pod.imagePullSecrets ? { imagePullSecrets: pod.imagePullSecrets.map((name) => ({ name })) } : {}),
      ...(pod.volumes ? { volumes: pod.volumes } : {}),
    },
    status: {
      phase: pod.phase,
      ...(pod.reason ? { reason: pod.reason } : {}),
      ...(pod.message ? { message: pod.message } : {}),
      conditions,
      ...(scheduled ? { hostIP: '10.0.1.17', podIP: pod.podIP ?? '10.244.1.23', startTime: iso(age - 1) } : {}),
      ...(scheduled && init.length > 0 ? { initContainerStatuses: init.map(statusOf) } : {}),
      ...(scheduled ? { containerStatuses: regular.map(statusOf) } : {}),
      qosClass: 'BestEffort',
    },
  };
}

function containerStatus(c: CorpusCase, pod: CasePod, podUid: string, x: CaseContainer, iso: (s: number) => string): Record<string, unknown> {
  const ended = x.endedSecondsAgo;
  const id = (n: number) => containerId('containerd', c.id, pod.name, x.name, String(n));
  const fillTerminated = (t: Record<string, unknown>, instance: number): Record<string, unknown> => ({
    exitCode: t['exitCode'],
    ...(t['signal'] !== undefined ? { signal: t['signal'] } : {}),
    reason: t['reason'] ?? (t['exitCode'] === 0 ? 'Completed' : 'Error'),
    ...(t['message'] !== undefined ? { message: t['message'] } : {}),
    startedAt: t['startedAt'] ?? iso(ended + x.ranSeconds),
    finishedAt: t['finishedAt'] ?? iso(ended),
    containerID: t['containerID'] ?? id(instance),
  });
  let state: Record<string, unknown>;
  const s = x.state;
  if (!s) state = { running: { startedAt: iso(x.lastState ? Math.max(0, ended - 1) : ended) } };
  else if ('running' in s) state = { running: { startedAt: s.running['startedAt'] ?? iso(x.lastState ? Math.max(0, ended - 1) : ended) } };
  else if ('terminated' in s) state = { terminated: fillTerminated(s.terminated, x.restartCount + 1) };
  else {
    const w = s.waiting;
    const reason = scalarText(w['reason']) ?? 'CrashLoopBackOff';
    const message = w['message'] ?? (reason === 'CrashLoopBackOff' ? crashLoopWaitingMessage('5m0s', x.name, formatPod(pod.name, pod.namespace, podUid)) : undefined);
    state = { waiting: { reason, ...(message !== undefined ? { message } : {}) } };
  }
  const last = x.lastState && 'terminated' in x.lastState ? { terminated: fillTerminated(x.lastState.terminated, x.restartCount) } : x.lastState ?? {};
  const running = 'running' in state;
  const hasRun = running || 'terminated' in state || 'terminated' in last;
  return {
    name: x.name,
    image: x.image.includes('/') || x.image.includes('.') ? x.image : `docker.io/library/${x.image}`,
    imageID: hasRun ? imageId(x.image) : '',
    ...(hasRun ? { containerID: 'terminated' in state ? (state['terminated'] as Record<string, unknown>)['containerID'] : id(x.restartCount + 1) } : {}),
    ready: x.ready ?? running,
    started: x.started ?? running,
    restartCount: x.restartCount,
    state,
    lastState: last,
  };
}

function eventObject(
  c: CorpusCase,
  event: CaseEvent,
  index: number,
  podUids: Map<string, string>,
  iso: (s: number) => string,
  problems: string[],
): { namespace: string; object: KubeObject } | undefined {
  const first = c.pods[0];
  const parts = (event.object ?? `Pod/${first?.name ?? ''}`).split('/');
  const [kind = '', middle = ''] = parts;
  const name = parts.at(-1) ?? '';
  const namespace = kind === 'Node' ? 'default' : parts.length === 3 ? middle : (first?.namespace ?? 'default');
  let fieldPath: string | undefined;
  let objectUid = uid('corpus', c.id, kind, namespace, name);
  if (kind === 'Pod') {
    const pod = c.pods.find((p) => p.name === name && p.namespace === namespace);
    if (!pod) {
      problems.push(`events[${index}].object: no pod ${namespace}/${name} in pods`);
      return undefined;
    }
    objectUid = podUids.get(`${namespace}/${name}`) ?? objectUid;
    const container = event.container ?? inferContainer(pod, event);
    if (event.container !== undefined && !pod.containers.some((x) => x.name === event.container)) {
      problems.push(`events[${index}].container: pod ${name} has no container "${event.container}"`);
      return undefined;
    }
    const x = pod.containers.find((y) => y.name === container);
    if (x) fieldPath = `spec.${x.kind === 'regular' ? 'containers' : 'initContainers'}{${x.name}}`;
  } else if (kind === 'Node') objectUid = name;
  const firstAgo = event.firstSecondsAgo ?? (event.count > 1 ? event.secondsAgo + Math.min(3000, event.count * 30) : event.secondsAgo);
  const component = event.source ?? (SCHEDULER_REASONS.has(event.reason) ? 'default-scheduler' : kind === 'Pod' || kind === 'Node' ? 'kubelet' : `${kind.toLowerCase()}-controller`);
  const host = component === 'kubelet' ? (kind === 'Node' ? name : (c.pods.find((p) => p.name === name)?.node ?? 'worker-1')) : undefined;
  return {
    namespace,
    object: {
      kind: 'Event',
      apiVersion: 'v1',
      metadata: {
        name: `${name}.${nameSuffix(16, c.id, String(index))}`,
        namespace,
        uid: uid('corpus', c.id, 'event', String(index)),
        creationTimestamp: iso(firstAgo),
      },
      involvedObject: {
        kind,
        ...(kind === 'Node' ? {} : { namespace }),
        name,
        uid: objectUid,
        apiVersion: API_VERSIONS[kind] ?? 'v1',
        ...(fieldPath ? { fieldPath } : {}),
      },
      reason: event.reason,
      message: event.message,
      source: host ? { component, host } : { component },
      firstTimestamp: iso(firstAgo),
      lastTimestamp: iso(event.secondsAgo),
      count: event.count,
      type: event.type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: host ?? '',
    },
  };
}

/** The container an event is about, as the kubelet would have set its fieldPath: named in the message, or the only one. */
function inferContainer(pod: CasePod, event: CaseEvent): string | undefined {
  if (!CONTAINER_REASONS.has(event.reason)) return undefined;
  const named = pod.containers.filter((x) => new RegExp(`(^|[\\s"'(=])${escape(x.name)}($|[\\s"'),.:])`).test(event.message));
  const image = pod.containers.filter((x) => event.message.includes(`"${x.image}"`) || event.message.includes(x.image));
  return soleName(named) ?? soleName(image) ?? soleName(pod.containers);
}

function soleName(containers: readonly CaseContainer[]): string | undefined {
  const [sole, ...others] = containers;
  return others.length === 0 ? sole?.name : undefined;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
