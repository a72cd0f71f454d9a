/**
 * `overloaded-node`: probe timeouts across unrelated pods, all on one node whose kubelet is overloaded (PLEG not
 * healthy, MemoryPressure, NotReady flaps, 103 pods for 110 slots). The same workloads' replicas on the other nodes are
 * healthy. Elsewhere, one pod had a single slow readiness probe: alone, it must not escalate.
 */
import { ClusterBuilder, DAY, HOUR, MINUTE, container, crashLoop, execProbe, httpProbe, running } from '../cluster.js';
import type { ContainerPlay, NodeHandle, NodeInput } from '../cluster.js';
import {
  NODE_CONDITIONS,
  execProbeTimeout,
  httpProbeTimeout,
  livenessKilling,
  nodeNotReadyEvent,
  nodeReadyEvent,
} from '../kubelet-text.js';
import type { ClusterModel } from '../model.js';

const NODE: Omit<NodeInput, 'podCIDR' | 'internalIP' | 'zone'> = {
  arch: 'amd64',
  kubeletVersion: 'v1.30.6',
  runtime: 'containerd://1.7.23',
  osImage: 'Ubuntu 22.04.5 LTS',
  kernel: '5.15.0-1071-azure',
  cpu: '8',
  memory: '32869864Ki',
  allocatableMemory: '28651496Ki',
  instanceType: 'Standard_D8s_v5',
  createdAgo: 40 * DAY,
  maxPods: 110,
};

export function overloadedNode(): ClusterModel {
  const cluster = new ClusterBuilder({
    name: 'retail-aks-weu',
    context: 'retail-aks-weu-admin',
    capturedAt: '2026-11-18T14:00:00Z',
    version: {
      major: '1',
      minor: '30',
      gitVersion: 'v1.30.6',
      gitCommit: '00f20e443895b1fbbc3bd3b8a2e6c9f7b6c3f1a4',
      gitTreeState: 'clean',
      buildDate: '2024-10-24T20:20:13Z',
      goVersion: 'go1.22.8',
      compiler: 'gc',
      platform: 'linux/amd64',
    },
  });
  const hot = cluster.node('aks-user-31742588-vmss00000a', {
    ...NODE,
    podCIDR: '10.244.10.0/24',
    internalIP: '10.224.0.14',
    zone: 'westeurope-1',
    conditions: {
      Ready: { status: 'False', ...NODE_CONDITIONS.plegNotHealthy('3m11.402s'), sinceAgo: 40 },
      MemoryPressure: { status: 'True', ...NODE_CONDITIONS.memoryPressure, sinceAgo: 22 * MINUTE },
    },
  });
  const calm1 = cluster.node('aks-user-31742588-vmss00000b', { ...NODE, podCIDR: '10.244.11.0/24', internalIP: '10.224.0.15', zone: 'westeurope-2' });
  const calm2 = cluster.node('aks-user-31742588-vmss00000c', { ...NODE, podCIDR: '10.244.12.0/24', internalIP: '10.224.0.16', zone: 'westeurope-3' });

  cluster.nodeEvent(hot, { reason: 'NodeNotReady', message: nodeNotReadyEvent(hot.name), count: 5, firstAgo: 48 * MINUTE, lastAgo: 40 });
  cluster.nodeEvent(hot, { reason: 'NodeReady', message: nodeReadyEvent(hot.name), count: 4, firstAgo: 46 * MINUTE, lastAgo: 4 * MINUTE });
  cluster.nodeEvent(hot, { reason: 'NodeHasInsufficientMemory', message: `Node ${hot.name} status is now: NodeHasInsufficientMemory`, count: 1, firstAgo: 22 * MINUTE, lastAgo: 22 * MINUTE });
  cluster.nodeEvent(hot, { reason: 'ContainerGCFailed', type: 'Warning', message: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded', count: 6, firstAgo: 52 * MINUTE, lastAgo: 3 * MINUTE });

  const ip = (node: NodeHandle, last: number) => `${node.input.podCIDR.split('.').slice(0, 3).join('.')}.${last}`;
  const livenessVictim = (name: string, url: string, restarts: number): ContainerPlay => ({
    story: crashLoop(restarts, '2m40s', { exitCode: 137, reason: 'Error', startedAgo: 180 + restarts, finishedAgo: 95 + restarts }),
    previous: [`${name} started, serving on :8080`, `${name} ready`],
    current: [`${name} started, serving on :8080`, `${name} ready`],
    events: [
      { reason: 'Unhealthy', type: 'Warning', message: httpProbeTimeout('Liveness', url), count: 3 * restarts + 2, firstAgo: 50 * MINUTE, lastAgo: 95 + restarts },
      { reason: 'Unhealthy', type: 'Warning', message: httpProbeTimeout('Readiness', url.replace('/healthz', '/ready')), count: 4 * restarts, firstAgo: 50 * MINUTE, lastAgo: 20 },
      { reason: 'Killing', message: livenessKilling(name), count: restarts, firstAgo: 49 * MINUTE, lastAgo: 95 + restarts },
    ],
  });
  const web = (name: string, image: string, port = 8080) =>
    container(name, image, {
      ports: [{ containerPort: port, protocol: 'TCP' }],
      resources: { limits: { memory: '512Mi' }, requests: { cpu: '200m', memory: '256Mi' } },
      livenessProbe: httpProbe('/healthz', port, { initialDelaySeconds: 15 }),
      readinessProbe: httpProbe('/ready', port),
    });

  // Three unrelated workloads, each with a replica on the hot node (failing) and one on a calm node (fine).
  const storefront = cluster.namespace('web').deployment('storefront', { containers: [web('storefront', 'acr.example.io/retail/storefront:8.4.0')], replicas: 3 });
  storefront.pod({
    node: hot,
    podIP: ip(hot, 37),
    createdAgo: 6 * HOUR,
    containers: { storefront: livenessVictim('storefront', `http://${ip(hot, 37)}:8080/healthz`, 6) },
    expect: [{ container: 'storefront', cause: 'liveness-probe-failure', note: 'liveness timeouts on the overloaded node only; the same Deployment is healthy on the other nodes' }],
  });
  storefront.pod({ node: calm1, createdAgo: 6 * HOUR, containers: { storefront: { story: running(6 * HOUR) } } });
  storefront.pod({ node: calm2, createdAgo: 6 * HOUR, containers: { storefront: { story: running(6 * HOUR) } } });

  const accounts = cluster.namespace('identity').deployment('accounts', { containers: [web('accounts', 'acr.example.io/identity/accounts:2.9.1')], replicas: 2 });
  accounts.pod({
    node: hot,
    podIP: ip(hot, 52),
    createdAgo: 9 * HOUR,
    containers: { accounts: livenessVictim('accounts', `http://${ip(hot, 52)}:8080/healthz`, 5) },
    expect: [{ container: 'accounts', cause: 'liveness-probe-failure', note: 'liveness timeouts on the overloaded node only' }],
  });
  accounts.pod({ node: calm2, createdAgo: 9 * HOUR, containers: { accounts: { story: running(9 * HOUR) } } });

  const pricing = cluster.namespace('pricing').deployment('price-engine', { containers: [web('price-engine', 'acr.example.io/pricing/price-engine:1.33.0')], replicas: 2 });
  pricing.pod({
    node: hot,
    podIP: ip(hot, 61),
    createdAgo: 4 * HOUR,
    containers: { 'price-engine': livenessVictim('price-engine', `http://${ip(hot, 61)}:8080/healthz`, 7) },
    expect: [{ container: 'price-engine', cause: 'liveness-probe-failure', note: 'liveness timeouts on the overloaded node only' }],
  });
  pricing.pod({ node: calm1, createdAgo: 4 * HOUR, containers: { 'price-engine': { story: running(4 * HOUR) } } });

  // An exec probe that times out on the hot node: a database whose pg_isready cannot get CPU.
  cluster
    .namespace('data')
    .statefulSet('orders-db', {
      containers: [
        container('postgres', 'postgres:16.4', {
          ports: [{ containerPort: 5432, protocol: 'TCP' }],
          resources: { limits: { memory: '4Gi' }, requests: { cpu: '1', memory: '4Gi' } },
          livenessProbe: execProbe(['pg_isready', '-U', 'app'], { timeoutSeconds: 5, periodSeconds: 20 }),
        }),
      ],
      replicas: 1,
    })
    .pod({
      node: hot,
      createdAgo: 30 * DAY,
      containers: {
        postgres: {
          story: running(31 * MINUTE, { restarts: 2, last: { exitCode: 137, reason: 'Error', startedAgo: 3 * HOUR, finishedAgo: 31 * MINUTE + 5 } }),
          current: ['2026-11-18 13:29:10.337 UTC [1] LOG:  database system is ready to accept connections'],
          previous: ['2026-11-18 13:27:40.014 UTC [61] LOG:  checkpoint starting: time', '2026-11-18 13:28:55.902 UTC [1] LOG:  received fast shutdown request'],
          events: [
            { reason: 'Unhealthy', type: 'Warning', message: execProbeTimeout('Liveness', 'pg_isready -U app'), count: 9, firstAgo: 50 * MINUTE, lastAgo: 2 * MINUTE },
            { reason: 'Killing', message: livenessKilling('postgres'), count: 1, firstAgo: 32 * MINUTE, lastAgo: 32 * MINUTE },
          ],
        },
      },
      expect: [{ container: 'postgres', cause: 'liveness-probe-failure', note: 'exec probe `command "pg_isready -U app" timed out` on the overloaded node; restarted, Running now' }],
    });

  // The slow probe elsewhere: one readiness timeout on a calm node, no restart. Alone it must not escalate.
  cluster
    .namespace('web')
    .deployment('search-ui', { containers: [web('search-ui', 'acr.example.io/retail/search-ui:3.0.2')] })
    .pod({
      node: calm2,
      podIP: ip(calm2, 88),
      createdAgo: 2 * DAY,
      containers: {
        'search-ui': {
          story: running(2 * DAY),
          events: [{ reason: 'Unhealthy', type: 'Warning', message: httpProbeTimeout('Readiness', `http://${ip(calm2, 88)}:8080/ready`), count: 1, firstAgo: 17 * MINUTE, lastAgo: 17 * MINUTE }],
        },
      },
    });

  // The load: a queue consumer packed onto the hot node, plus a few everywhere. 103 pods on the hot node, for 110 slots.
  const worker = container('worker', 'acr.example.io/batch/queue-worker:1.7.3', {
    resources: { requests: { cpu: '50m', memory: '64Mi' } },
  });
  const workers = cluster.namespace('batch').deployment('queue-worker', { containers: [worker], replicas: 118 });
  for (let i = 0; i < 118; i++) {
    const node = i < 99 ? hot : i % 2 === 0 ? calm1 : calm2;
    workers.pod({ node, createdAgo: 5 * HOUR, containers: { worker: { story: running(5 * HOUR) } } });
  }
  return cluster.build();
}
