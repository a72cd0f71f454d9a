/**
 * `batch-oom`: unrelated workloads — different namespaces, owners and languages — all OOMKilled at 256Mi. None of
 * their manifests sets a memory limit: each namespace's LimitRange default injected it (pods carry the
 * `kubernetes.io/limit-ranger` annotation). Plus a related pair: two pods of one Deployment OOMKilled at their own
 * explicit 1Gi limit, which must count as one workload, not two.
 */
import type { Container } from 'kubernetes-types/core/v1.js';
import { ClusterBuilder, DAY, HOUR, MINUTE, container, crashLoop, limitRangerAnnotation, running } from '../cluster.js';
import type { NodeHandle, NodeInput } from '../cluster.js';
import { systemOomEvent } from '../kubelet-text.js';
import type { ClusterModel } from '../model.js';

const NODE: Omit<NodeInput, 'podCIDR' | 'internalIP' | 'zone'> = {
  arch: 'amd64',
  kubeletVersion: 'v1.31.2',
  runtime: 'containerd://1.7.23',
  osImage: 'Ubuntu 24.04.1 LTS',
  kernel: '6.8.0-1017-gcp',
  cpu: '8',
  memory: '32874172Ki',
  allocatableMemory: '31240316Ki',
  instanceType: 'n2-standard-8',
  createdAgo: 21 * DAY,
};

/** What LimitRanger writes into a container that had no resources. */
const limitedBy256 = (c: Container): Container => ({
  ...c,
  resources: { limits: { memory: '256Mi' }, requests: { memory: '128Mi' } },
});

export function batchOom(): ClusterModel {
  const cluster = new ClusterBuilder({
    name: 'data-platform',
    context: 'gke_acme-data_europe-west4_data-platform',
    capturedAt: '2026-11-18T11:30:00Z',
    version: {
      major: '1',
      minor: '31',
      gitVersion: 'v1.31.2-gke.1115000',
      gitCommit: 'd4c1a64b3d1f7c0b7e1e6a9a3d2c8f51e0b7a6c2',
      gitTreeState: 'clean',
      buildDate: '2024-10-22T04:17:41Z',
      goVersion: 'go1.22.8 X:boringcrypto',
      compiler: 'gc',
      platform: 'linux/amd64',
    },
  });
  const nodes: NodeHandle[] = [1, 2, 3].map((i) =>
    cluster.node(`gke-data-platform-pool-1-5c2f9a1e-${['x7kq', 'm2dz', 'r9wt'][i - 1] ?? ''}`, {
      ...NODE,
      podCIDR: `10.60.${i}.0/24`,
      internalIP: `10.164.0.${10 + i}`,
      zone: `europe-west4-${['a', 'b', 'c'][i - 1] ?? ''}`,
    }),
  );
  const [a, b, c] = nodes as [NodeHandle, NodeHandle, NodeHandle];

  for (const ns of ['analytics', 'billing', 'ml', 'search']) {
    cluster.namespace(ns).limitRange('platform-defaults', { defaultMemory: '256Mi', defaultRequestMemory: '128Mi' });
  }

  cluster
    .namespace('analytics')
    .cronJob('report-builder', {
      schedule: '*/30 * * * *',
      containers: [container('report-builder', 'europe-docker.pkg.dev/acme-data/analytics/report-builder:2026.11.2', { command: ['python', '-m', 'reports.build', '--period=daily'] })],
    })
    .job(31 * MINUTE, {
      node: a,
      specPatch: limitedBy256,
      annotations: { 'kubernetes.io/limit-ranger': limitRangerAnnotation(['report-builder']) },
      containers: {
        'report-builder': {
          story: crashLoop(4, '2m40s', { exitCode: 137, reason: 'OOMKilled', startedAgo: 212, finishedAgo: 174 }),
          previous: [
            '2026-11-18 11:26:46,102 INFO reports.build: building daily revenue report for 2026-11-17',
            '2026-11-18 11:26:47,880 INFO reports.build: loading orders parquet (38 files, 2.1 GB on disk)',
            '2026-11-18 11:27:19,441 INFO reports.build: loaded 14000000 rows; joining with refunds',
          ],
        },
      },
      expect: [{ container: 'report-builder', cause: 'oom-killed', note: 'OOMKilled at 256Mi from LimitRange analytics/platform-defaults (CronJob report-builder, Python)' }],
    });

  cluster
    .namespace('billing')
    .deployment('invoice-renderer', {
      containers: [container('invoice-renderer', 'europe-docker.pkg.dev/acme-data/billing/invoice-renderer:5.0.1', { ports: [{ containerPort: 3000, protocol: 'TCP' }] })],
    })
    .pod({
      node: b,
      createdAgo: 3 * HOUR,
      specPatch: limitedBy256,
      annotations: { 'kubernetes.io/limit-ranger': limitRangerAnnotation(['invoice-renderer']) },
      containers: {
        'invoice-renderer': {
          story: crashLoop(17, '5m0s', { exitCode: 137, reason: 'OOMKilled', startedAgo: 95, finishedAgo: 61 }),
          previous: [
            '{"level":"info","msg":"invoice-renderer 5.0.1 listening","port":3000}',
            '{"level":"info","msg":"launching headless chromium for PDF rendering","pool":4}',
            '{"level":"info","msg":"rendering batch","invoices":250}',
          ],
        },
      },
      expect: [{ container: 'invoice-renderer', cause: 'oom-killed', note: 'OOMKilled at 256Mi from LimitRange billing/platform-defaults (Deployment, Node.js + headless Chromium)' }],
    });

  cluster
    .namespace('ml')
    .statefulSet('feature-store', {
      containers: [container('feature-store', 'europe-docker.pkg.dev/acme-data/ml/feature-store:0.14.0', { ports: [{ containerPort: 8080, protocol: 'TCP' }] })],
    })
    .pod({
      node: c,
      createdAgo: 5 * HOUR,
      specPatch: limitedBy256,
      annotations: { 'kubernetes.io/limit-ranger': limitRangerAnnotation(['feature-store']) },
      containers: {
        'feature-store': {
          story: crashLoop(29, '5m0s', { exitCode: 137, reason: 'OOMKilled', startedAgo: 250, finishedAgo: 233 }),
          previous: [
            'Picked up JAVA_TOOL_OPTIONS: -XX:+UseContainerSupport',
            '11:26:06.512 [main] INFO  c.a.ml.featurestore.Main - feature-store 0.14.0 starting',
            '11:26:09.002 [main] INFO  c.a.ml.featurestore.OnlineStore - warming online store from snapshot gs://acme-features/online/2026-11-18',
          ],
        },
      },
      expect: [{ container: 'feature-store', cause: 'oom-killed', note: 'OOMKilled at 256Mi from LimitRange ml/platform-defaults (StatefulSet, JVM)' }],
    });
  for (const [node, pid, process] of [[a, 771_204, 'python'], [b, 1_204_557, 'chrome'], [c, 90_331, 'java']] as const) {
    cluster.nodeEvent(node, { reason: 'SystemOOM', type: 'Warning', message: systemOomEvent(process, pid), count: 4, firstAgo: 50 * MINUTE, lastAgo: 70 });
  }

  // The related pair: one Deployment, two replicas, both OOMKilled at the limit their manifest sets itself.
  const indexer = container('indexer', 'europe-docker.pkg.dev/acme-data/search/indexer:3.2.0', {
    resources: { limits: { memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } },
    env: [{ name: 'INDEX_SHARDS', value: '12' }],
  });
  const search = cluster.namespace('search').deployment('indexer', { containers: [indexer], replicas: 2 });
  for (const [node, restarts] of [[a, 7], [b, 6]] as const) {
    search.pod({
      node,
      createdAgo: 90 * MINUTE,
      containers: {
        indexer: {
          story: crashLoop(restarts, '5m0s', { exitCode: 137, reason: 'OOMKilled', startedAgo: 150 + restarts, finishedAgo: 120 + restarts }),
          previous: [
            'time="2026-11-18T11:25:41Z" level=info msg="indexer 3.2.0 starting" shards=12',
            'time="2026-11-18T11:25:44Z" level=info msg="rebuilding shard 0..11 in memory"',
          ],
        },
      },
      expect: [{ container: 'indexer', cause: 'oom-killed', note: 'one of two replicas of search/indexer OOMKilled at its own 1Gi limit: a related pair, one workload' }],
    });
  }

  // Healthy neighbours, so the OOMs are not "everything".
  cluster
    .namespace('analytics')
    .deployment('dashboards', { containers: [container('dashboards', 'grafana/grafana:11.3.0', { ports: [{ containerPort: 3000, protocol: 'TCP' }], resources: { limits: { memory: '512Mi' }, requests: { cpu: '100m', memory: '256Mi' } } })] })
    .pod({ node: b, createdAgo: 12 * DAY, containers: { dashboards: { story: running(12 * DAY) } } });
  return cluster.build();
}
