/**
 * Two small clusters for the serve tests, built through the real snapshot builder: a 1.28 production cluster with a
 * crash-looping API pod (and the usual workload kinds around it) and a 1.32 staging cluster read as a must-gather,
 * whose logs carry the runtime's timestamps.
 * Logs live as files in a temporary folder and are read on demand through a plain file opener, like a folder bundle.
 */
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { buildSnapshot, type LogRecord } from '../../src/model/build.js';
import type { KubeObject, LogCollection, ObjectRecord, ResourceName, Snapshot } from '../../src/model/snapshot.js';
import type { ServedBundle } from '../../src/serve/index.js';

export const CAPTURED_AT = '2024-05-01T12:00:00Z';
const minutesBefore = (minutes: number) => new Date(Date.parse(CAPTURED_AT) - minutes * 60_000).toISOString().replace('.000Z', 'Z');

export const API_POD = 'api-7c9d8f-x2k4q';
export const API_UID = '8f1e0c2a-1111-4c4c-9d9d-000000000001';
export const PREVIOUS_LOG = [
  'starting api v2.3.1',
  'connecting to postgres://db.shop.svc:5432/shop',
  'FATAL: password authentication failed for user "shop"',
  'exiting with status 1',
];
export const CURRENT_LOG = ['starting api v2.3.1', 'connecting to postgres://db.shop.svc:5432/shop'];
export const SIDECAR_LOG = ['envoy: listener 0.0.0.0:15001 ready', 'envoy: upstream cluster api healthy'];

function container(name: string, image: string, extra: Record<string, unknown> = {}) {
  return { name, image, ...extra };
}

function meta(name: string, namespace: string | undefined, minutesAgo: number, extra: Record<string, unknown> = {}) {
  return {
    name,
    ...(namespace ? { namespace } : {}),
    uid: `uid-${namespace ?? 'cluster'}-${name}`,
    creationTimestamp: minutesBefore(minutesAgo),
    resourceVersion: '4242',
    ...extra,
  };
}

function productionObjects(): Partial<Record<ResourceName, KubeObject[]>> {
  const apiPod = {
    metadata: meta(API_POD, 'shop', 60, {
      uid: API_UID,
      labels: { app: 'api', tier: 'backend', 'pod-template-hash': '7c9d8f' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'api-7c9d8f', uid: 'uid-shop-api-7c9d8f', controller: true }],
    }),
    spec: {
      nodeName: 'node-1',
      restartPolicy: 'Always',
      containers: [container('api', 'registry.example.com/shop/api:2.3.1'), container('sidecar', 'envoyproxy/envoy:v1.29')],
    },
    status: {
      phase: 'Running',
      podIP: '10.0.0.5',
      podIPs: [{ ip: '10.0.0.5' }],
      startTime: minutesBefore(60),
      conditions: [
        { type: 'Initialized', status: 'True' },
        { type: 'Ready', status: 'False' },
        { type: 'PodScheduled', status: 'True' },
      ],
      containerStatuses: [
        {
          name: 'api',
          ready: false,
          restartCount: 5,
          image: 'registry.example.com/shop/api:2.3.1',
          containerID: 'containerd://aaa111',
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container=api pod=api-7c9d8f-x2k4q_shop(8f1e0c2a)' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', containerID: 'containerd://aaa000', startedAt: minutesBefore(7), finishedAt: minutesBefore(6.5) } },
        },
        {
          name: 'sidecar',
          ready: true,
          restartCount: 0,
          image: 'envoyproxy/envoy:v1.29',
          containerID: 'containerd://bbb111',
          state: { running: { startedAt: minutesBefore(59) } },
          lastState: {},
        },
      ],
    },
  };
  const webPod = {
    metadata: meta('web-5f6d9-abcde', 'shop', 120, {
      labels: { app: 'web', tier: 'frontend', canary: 'true' },
      annotations: { 'kubectl.kubernetes.io/default-container': 'web' },
    }),
    spec: { nodeName: 'node-2', containers: [container('web', 'nginx:1.25')] },
    status: {
      phase: 'Running',
      podIPs: [{ ip: '10.0.1.7' }],
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        { name: 'web', ready: true, restartCount: 0, containerID: 'containerd://ccc', state: { running: { startedAt: minutesBefore(119) } }, lastState: {} },
      ],
    },
  };
  const dbPod = {
    metadata: meta('db-0', 'shop', 3000, { labels: { app: 'db', tier: 'backend' } }),
    spec: { nodeName: 'node-1', containers: [container('db', 'postgres:16')] },
    status: {
      phase: 'Running',
      podIPs: [{ ip: '10.0.0.9' }],
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        { name: 'db', ready: true, restartCount: 0, containerID: 'containerd://ddd', state: { running: { startedAt: minutesBefore(2999) } }, lastState: {} },
      ],
    },
  };
  const workerPod = {
    metadata: meta('worker-6b7c-zzz', 'shop', 200, { labels: { app: 'worker' } }),
    spec: { nodeName: 'node-1', containers: [container('worker', 'shop/worker:1.0')] },
    status: {
      phase: 'Running',
      podIPs: [{ ip: '10.0.0.11' }],
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        {
          name: 'worker',
          ready: true,
          restartCount: 2,
          containerID: 'containerd://eee2',
          state: { running: { startedAt: minutesBefore(30) } },
          lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', containerID: 'containerd://eee1', finishedAt: minutesBefore(31) } },
        },
      ],
    },
  };
  const migratePod = {
    metadata: meta('migrate-hx7lp', 'shop', 15, { labels: { 'job-name': 'migrate' } }),
    spec: { nodeName: 'node-1', initContainers: [container('wait-db', 'busybox')], containers: [container('migrate', 'shop/migrate:1')] },
    status: {
      phase: 'Pending',
      conditions: [{ type: 'Initialized', status: 'False' }],
      initContainerStatuses: [
        {
          name: 'wait-db',
          ready: false,
          restartCount: 3,
          containerID: 'containerd://fff',
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', containerID: 'containerd://fff0', finishedAt: minutesBefore(2) } },
        },
      ],
      containerStatuses: [{ name: 'migrate', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }],
    },
  };
  const pendingPod = {
    metadata: meta('pending-7d8e9', 'shop', 10, { labels: { app: 'batch' } }),
    spec: { containers: [container('batch', 'shop/batch:1')] },
    status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] },
  };
  const pullPod = {
    metadata: meta('images-1a2b3', 'shop', 5, { labels: { app: 'images' } }),
    spec: { nodeName: 'node-2', containers: [container('images', 'shop/images:typo')] },
    status: {
      phase: 'Pending',
      containerStatuses: [{ name: 'images', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }],
    },
  };
  const corednsPod = {
    metadata: meta('coredns-5d78c9869d-abcde', 'kube-system', 6000, { labels: { 'k8s-app': 'kube-dns' } }),
    spec: { nodeName: 'node-1', containers: [container('coredns', 'registry.k8s.io/coredns/coredns:v1.10.1')] },
    status: {
      phase: 'Running',
      podIPs: [{ ip: '10.0.0.2' }],
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        { name: 'coredns', ready: true, restartCount: 0, containerID: 'containerd://ggg', state: { running: { startedAt: minutesBefore(5999) } }, lastState: {} },
      ],
    },
  };

  const node = (name: string, ready: boolean, extra: Record<string, unknown> = {}, labels: Record<string, string> = {}) => ({
    metadata: meta(name, undefined, 10000, { uid: `uid-node-${name}`, labels: { 'kubernetes.io/hostname': name, ...labels } }),
    spec: extra,
    status: {
      conditions: [
        { type: 'MemoryPressure', status: 'False' },
        { type: 'Ready', status: ready ? 'True' : 'Unknown', reason: ready ? 'KubeletReady' : 'NodeStatusUnknown', lastHeartbeatTime: minutesBefore(1) },
      ],
      addresses: [
        { type: 'InternalIP', address: name === 'node-1' ? '192.168.1.10' : '192.168.1.11' },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.28.9',
        osImage: 'Ubuntu 22.04.4 LTS',
        kernelVersion: '5.15.0-105-generic',
        containerRuntimeVersion: 'containerd://1.7.13',
        architecture: 'amd64',
        operatingSystem: 'linux',
      },
      capacity: { cpu: '4', memory: '16Gi', pods: '110' },
      allocatable: { cpu: '3800m', memory: '15Gi', pods: '110' },
    },
  });

  const template = (app: string, image: string) => ({
    metadata: { labels: { app } },
    spec: { containers: [container(app, image)] },
  });

  const event = (name: string, fields: Record<string, unknown>) => ({
    metadata: meta(name, typeof fields['namespace'] === 'string' ? fields['namespace'] : 'shop', 5),
    ...fields,
  });

  return {
    namespaces: ['default', 'kube-system', 'shop'].map((n) => ({ metadata: meta(n, undefined, 20000), status: { phase: 'Active' } })),
    nodes: [
      node('node-1', true, {}, { 'node-role.kubernetes.io/control-plane': '' }),
      node('node-2', false, { unschedulable: true }),
    ],
    pods: [apiPod, webPod, dbPod, workerPod, migratePod, pendingPod, pullPod, corednsPod],
    deployments: [
      {
        metadata: meta('api', 'shop', 600, { uid: 'uid-shop-api', labels: { app: 'api' }, annotations: { 'deployment.kubernetes.io/revision': '3' } }),
        spec: { replicas: 2, selector: { matchLabels: { app: 'api' } }, template: template('api', 'registry.example.com/shop/api:2.3.1'), strategy: { type: 'RollingUpdate' } },
        status: { replicas: 2, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1, unavailableReplicas: 1 },
      },
      {
        metadata: meta('web', 'shop', 600, { labels: { app: 'web' } }),
        spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: template('web', 'nginx:1.25') },
        status: { replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 },
      },
    ],
    replicasets: [
      {
        metadata: meta('api-7c9d8f', 'shop', 60, {
          labels: { app: 'api', 'pod-template-hash': '7c9d8f' },
          annotations: { 'deployment.kubernetes.io/revision': '3' },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', uid: 'uid-shop-api', controller: true }],
        }),
        spec: { replicas: 2, selector: { matchLabels: { app: 'api', 'pod-template-hash': '7c9d8f' } }, template: template('api', 'registry.example.com/shop/api:2.3.1') },
        status: { replicas: 2, readyReplicas: 1, availableReplicas: 1 },
      },
    ],
    statefulsets: [
      {
        metadata: meta('db', 'shop', 3000),
        spec: { replicas: 1, selector: { matchLabels: { app: 'db' } }, template: template('db', 'postgres:16') },
        status: { replicas: 1, readyReplicas: 1 },
      },
    ],
    daemonsets: [
      {
        metadata: meta('node-exporter', 'kube-system', 9000),
        spec: { selector: { matchLabels: { app: 'node-exporter' } }, template: { ...template('node-exporter', 'prom/node-exporter:v1.7.0'), spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [container('node-exporter', 'prom/node-exporter:v1.7.0')] } } },
        status: { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 1, updatedNumberScheduled: 2, numberAvailable: 1 },
      },
    ],
    jobs: [
      {
        metadata: meta('migrate', 'shop', 15),
        spec: { completions: 1, parallelism: 1, selector: { matchLabels: { 'job-name': 'migrate' } }, template: template('migrate', 'shop/migrate:1') },
        status: { active: 1, startTime: minutesBefore(15) },
      },
      {
        metadata: meta('report-28573920', 'shop', 90),
        spec: { completions: 1, selector: { matchLabels: { 'job-name': 'report-28573920' } }, template: template('report', 'shop/report:1') },
        status: { succeeded: 1, startTime: minutesBefore(90), completionTime: minutesBefore(88), conditions: [{ type: 'Complete', status: 'True' }] },
      },
    ],
    cronjobs: [
      {
        metadata: meta('report', 'shop', 5000),
        spec: { schedule: '0 * * * *', suspend: false, jobTemplate: { spec: { template: template('report', 'shop/report:1') } } },
        status: { lastScheduleTime: minutesBefore(90) },
      },
    ],
    services: [
      {
        metadata: meta('api', 'shop', 600),
        spec: { type: 'ClusterIP', clusterIP: '10.96.12.34', clusterIPs: ['10.96.12.34'], selector: { app: 'api' }, ports: [{ port: 8080, protocol: 'TCP', targetPort: 8080 }] },
      },
      {
        metadata: meta('web', 'shop', 600),
        spec: { type: 'LoadBalancer', clusterIP: '10.96.40.1', selector: { app: 'web' }, ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] },
        status: { loadBalancer: { ingress: [{ ip: '203.0.113.10' }] } },
      },
    ],
    configmaps: [
      { metadata: meta('api-config', 'shop', 600), data: { 'config.yaml': 'db: postgres', LOG_LEVEL: 'debug' } },
      { metadata: meta('kube-root-ca.crt', 'shop', 20000), data: { 'ca.crt': '<redacted>' } },
    ],
    limitranges: [
      { metadata: meta('mem-limits', 'shop', 20000), spec: { limits: [{ type: 'Container', default: { memory: '512Mi' } }] } },
    ],
    endpoints: [
      { metadata: meta('api', 'shop', 600), subsets: [{ addresses: [{ ip: '10.0.0.5' }], notReadyAddresses: [], ports: [{ port: 8080, protocol: 'TCP' }] }] },
    ],
    events: [
      event('api.backoff', {
        involvedObject: { kind: 'Pod', namespace: 'shop', name: API_POD, uid: API_UID, apiVersion: 'v1', fieldPath: 'spec.containers{api}' },
        reason: 'BackOff',
        message: `Back-off restarting failed container api in pod ${API_POD}_shop(${API_UID})`,
        type: 'Warning',
        count: 42,
        firstTimestamp: minutesBefore(50),
        lastTimestamp: minutesBefore(1),
        source: { component: 'kubelet', host: 'node-1' },
      }),
      event('api.old-pod', {
        // Same pod name, an earlier uid: describe must not show it.
        involvedObject: { kind: 'Pod', namespace: 'shop', name: API_POD, uid: 'some-older-uid', apiVersion: 'v1' },
        reason: 'Killing',
        message: 'Stopping container api from a previous pod',
        type: 'Normal',
        count: 1,
        firstTimestamp: minutesBefore(100),
        lastTimestamp: minutesBefore(100),
        source: { component: 'kubelet', host: 'node-1' },
      }),
      event('api.pulled', {
        involvedObject: { kind: 'Pod', namespace: 'shop', name: API_POD, uid: API_UID, apiVersion: 'v1', fieldPath: 'spec.containers{api}' },
        reason: 'Pulled',
        message: 'Container image "registry.example.com/shop/api:2.3.1" already present on machine',
        type: 'Normal',
        count: 6,
        firstTimestamp: minutesBefore(60),
        lastTimestamp: minutesBefore(7),
        source: { component: 'kubelet', host: 'node-1' },
      }),
      event('images.failed', {
        involvedObject: { kind: 'Pod', namespace: 'shop', name: 'images-1a2b3', uid: 'uid-shop-images-1a2b3', apiVersion: 'v1', fieldPath: 'spec.containers{images}' },
        reason: 'Failed',
        message: 'Error: ImagePullBackOff',
        type: 'Warning',
        count: 3,
        firstTimestamp: minutesBefore(5),
        lastTimestamp: minutesBefore(1),
        source: { component: 'kubelet', host: 'node-2' },
      }),
      event('node-2.notready', {
        namespace: 'default',
        involvedObject: { kind: 'Node', name: 'node-2', uid: 'node-2', apiVersion: 'v1' },
        reason: 'NodeNotReady',
        message: 'Node node-2 status is now: NodeNotReady',
        type: 'Normal',
        count: 1,
        firstTimestamp: minutesBefore(20),
        lastTimestamp: minutesBefore(20),
        source: { component: 'kubelet', host: 'node-2' },
      }),
      event('api-deploy.scaled', {
        involvedObject: { kind: 'Deployment', namespace: 'shop', name: 'api', uid: 'uid-shop-api', apiVersion: 'apps/v1' },
        reason: 'ScalingReplicaSet',
        message: 'Scaled up replica set api-7c9d8f to 2',
        type: 'Normal',
        count: 1,
        firstTimestamp: minutesBefore(60),
        lastTimestamp: minutesBefore(60),
        source: { component: 'deployment-controller' },
      }),
    ],
  };
}

function stagingObjects(): Partial<Record<ResourceName, KubeObject[]>> {
  return {
    pods: [
      {
        metadata: meta('checkout-6d5f-q8w7e', 'default', 30, { labels: { app: 'checkout' } }),
        spec: { nodeName: 'staging-1', containers: [container('checkout', 'shop/checkout:4.0')] },
        status: {
          phase: 'Running',
          podIPs: [{ ip: '10.1.0.4' }],
          containerStatuses: [
            {
              name: 'checkout',
              ready: false,
              restartCount: 9,
              containerID: 'containerd://s1',
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { exitCode: 2, reason: 'Error', containerID: 'containerd://s0', finishedAt: minutesBefore(3) } },
            },
          ],
        },
      },
    ],
    nodes: [
      {
        metadata: meta('staging-1', undefined, 900, { labels: { 'node-role.kubernetes.io/worker': '' } }),
        status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.32.2' } },
      },
    ],
  };
}

export const STAGING_PREVIOUS_LOG = [
  '2024-05-01T11:56:58.123456789Z checkout starting',
  '2024-05-01T11:56:59.000000001Z panic: runtime error: invalid memory address or nil pointer dereference',
  '2024-05-01T11:57:00.5Z goroutine 1 [running]:',
];

function records(objects: Partial<Record<ResourceName, KubeObject[]>>, file: string): Partial<Record<ResourceName, ObjectRecord[]>> {
  const out: Partial<Record<ResourceName, ObjectRecord[]>> = {};
  for (const [resource, list] of Object.entries(objects) as Array<[ResourceName, KubeObject[]]>) {
    out[resource] = list.map((object, i) => ({ object, source: { file: `${file}/${resource}.json`, path: `items[${i}]` } }));
  }
  return out;
}

interface LogSpec {
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  lines: string[];
  timestamped?: boolean;
}

function logRecord(spec: LogSpec, file: string): LogRecord {
  const text = spec.lines.join('\n') + '\n';
  return {
    namespace: spec.namespace,
    pod: spec.pod,
    container: spec.container,
    previous: spec.previous,
    window: {
      source: { file },
      lines: spec.lines.map((text, i) => ({ number: i + 1, text })),
      totalLines: spec.lines.length,
      totalBytes: Buffer.byteLength(text),
      complete: true,
      timestamped: spec.timestamped ?? false,
    },
  };
}

/** A folder holding the fixture's log files, opened like a folder bundle's files. */
class FolderFiles {
  constructor(readonly root: string) {}
  openFile(path: string): Promise<Readable> {
    if (path.split('/').includes('..')) return Promise.reject(new Error(`${path} is not in the bundle`));
    return Promise.resolve(createReadStream(join(this.root, path)));
  }
}

async function makeBundle(
  root: string,
  name: string,
  version: { major: string; minor: string; gitVersion: string },
  objects: Partial<Record<ResourceName, KubeObject[]>>,
  logs: LogSpec[],
  format: Snapshot['bundle']['format'] = 'troubleshoot',
  logCollection?: LogCollection,
): Promise<ServedBundle> {
  const folder = join(root, name);
  const logRecords: LogRecord[] = [];
  for (const spec of logs) {
    const file = `cluster-resources/pods/logs/${spec.namespace}/${spec.pod}/${spec.container}${spec.previous ? '-previous' : ''}.log`;
    await mkdir(dirname(join(folder, file)), { recursive: true });
    await writeFile(join(folder, file), spec.lines.join('\n') + '\n');
    logRecords.push(logRecord(spec, file));
  }
  const snapshot: Snapshot = buildSnapshot({
    bundle: { path: folder, format, name, ...(logCollection ? { logs: logCollection } : {}) },
    resources: records(objects, 'cluster-resources'),
    logs: logRecords,
    version: { ...version, platform: 'linux/amd64' },
    cluster: { name },
    capturedAt: CAPTURED_AT,
    capturedAtSource: 'manifest',
  });
  return { snapshot, files: new FolderFiles(folder) };
}

type Releasable = { cleanup(): Promise<void> } | { close(): Promise<void> };

/**
 * Releases what a suite's `beforeAll` set up, in order. The suite's variables are typed as set, but a `beforeAll`
 * that failed part way left the later ones undefined: those are skipped, so the earlier ones are still released.
 */
export async function release(...resources: Array<Releasable | undefined>): Promise<void> {
  for (const resource of resources) {
    if (resource) await ('close' in resource ? resource.close() : resource.cleanup());
  }
}

export interface Fixtures {
  root: string;
  production: ServedBundle;
  staging: ServedBundle;
  cleanup(): Promise<void>;
}

export async function makeFixtures(): Promise<Fixtures> {
  const root = await mkdtemp(join(tmpdir(), 'podmortem-serve-fixture-'));
  const production = await makeBundle(root, 'shop-prod', { major: '1', minor: '28', gitVersion: 'v1.28.9' }, productionObjects(), [
    { namespace: 'shop', pod: API_POD, container: 'api', previous: true, lines: PREVIOUS_LOG },
    { namespace: 'shop', pod: API_POD, container: 'api', previous: false, lines: CURRENT_LOG },
    { namespace: 'shop', pod: API_POD, container: 'sidecar', previous: false, lines: SIDECAR_LOG },
    { namespace: 'shop', pod: 'web-5f6d9-abcde', container: 'web', previous: false, lines: ['GET / 200', 'GET /healthz 200', 'GET /cart 500'] },
    { namespace: 'shop', pod: 'db-0', container: 'db', previous: false, lines: ['database system is ready to accept connections'] },
  ]);
  const staging = await makeBundle(root, 'shop-staging', { major: '1', minor: '32', gitVersion: 'v1.32.2' }, stagingObjects(), [
    { namespace: 'default', pod: 'checkout-6d5f-q8w7e', container: 'checkout', previous: true, lines: STAGING_PREVIOUS_LOG, timestamped: true },
    // must-gather: the one layout whose logs carry the runtime's timestamps (`oc adm inspect` asks for them).
  ], 'must-gather', { previous: 'collected', runtimeTimestamps: true });
  return { root, production, staging, cleanup: () => rm(root, { recursive: true, force: true }) };
}
