/**
 * Every layout podmortem reads, from small bundles written in each tool's exact paths, as folders and as archives.
 */
import { text } from 'node:stream/consumers';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundleWriter } from '../../src/bundle/writer.js';
import type { PodmortemManifest } from '../../src/model/manifest.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { openBundleSource, readSnapshot } from '../../src/reader/index.js';
import { entriesOf, pod, podList, tempDir, writeFolder, writeTarball, type Compression } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(async () => cleanup());

const list = (kind: string, items: object[]) => JSON.stringify({ kind, apiVersion: 'v1', metadata: {}, items });
const container = (snapshot: Snapshot, podName: string, name: string) =>
  snapshot.pods.find((p) => p.name === podName)!.containers.find((c) => c.name === name)!;

// ---------------------------------------------------------------------------------------------------------------

const manifest: PodmortemManifest = {
  formatVersion: 1,
  capturedAt: '2024-05-01T10:30:00.000Z',
  kubeContext: 'prod-eu',
  clusterName: 'shop-prod-eu',
  collector: { name: 'podmortem', version: '0.1.0' },
  namespaces: ['shop'],
  collected: ['pods', 'events', 'logs', 'previous-logs'],
  logPolicy: { headLines: 200, tailLines: 300, maxBytes: 5_000_000, cut: [] },
  redaction: { enabled: true, files: [] },
  errors: [
    { target: 'logs/shop/api-7c9d-x1/sidecar (previous)', message: 'previous terminated container "sidecar" in pod "api-7c9d-x1" not found' },
    { target: 'endpoints/shop', message: 'endpoints is forbidden: User "support" cannot list resource "endpoints"' },
  ],
};

const apiPod = {
  ...(pod('shop', 'api-7c9d-x1', [{ name: 'migrate', init: true }, { name: 'api', restartCount: 5, lastExit: 1 }, { name: 'sidecar' }]) as Record<string, unknown>),
};
(apiPod['metadata'] as Record<string, unknown>)['ownerReferences'] = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'api-7c9d', uid: 'rs-uid', controller: true }];
(apiPod['metadata'] as Record<string, unknown>)['labels'] = { 'pod-template-hash': '7c9d' };

function podmortemFiles(): Record<string, string> {
  return {
    // A log first: tar entries come in any order.
    'cluster-resources/pods/logs/shop/api-7c9d-x1/api-previous.log': 'booting\nError: missing env DATABASE_URL\n',
    'cluster-resources/pods/logs/shop/api-7c9d-x1/api.log': 'booting\n',
    'cluster-resources/pods/logs/shop/api-7c9d-x1/migrate.log': 'migrated\n',
    'cluster-resources/pods/shop.json': podList([apiPod]),
    'cluster-resources/replicasets/shop.json': list('ReplicaSetList', [
      { kind: 'ReplicaSet', metadata: { name: 'api-7c9d', namespace: 'shop', uid: 'rs-uid', ownerReferences: [{ kind: 'Deployment', name: 'api', controller: true }] } },
    ]),
    'cluster-resources/deployments/shop.json': list('DeploymentList', [{ kind: 'Deployment', metadata: { name: 'api', namespace: 'shop' } }]),
    'cluster-resources/events/shop.json': list('EventList', [
      {
        kind: 'Event',
        metadata: { name: 'api.1', namespace: 'shop' },
        involvedObject: { kind: 'Pod', namespace: 'shop', name: 'api-7c9d-x1', uid: 'uid-shop-api-7c9d-x1', fieldPath: 'spec.containers{api}' },
        reason: 'BackOff',
        message: 'Back-off restarting failed container api in pod api-7c9d-x1_shop(uid-shop-api-7c9d-x1)',
        type: 'Warning',
        count: 12,
        firstTimestamp: '2024-05-01T10:00:00Z',
        lastTimestamp: '2024-05-01T10:29:00Z',
      },
    ]),
    'cluster-resources/nodes.json': list('NodeList', [
      { kind: 'Node', metadata: { name: 'node-1' }, status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.30.2', containerRuntimeVersion: 'containerd://1.7.2' } } },
    ]),
    'cluster-resources/namespaces.json': list('NamespaceList', [{ kind: 'Namespace', metadata: { name: 'shop' } }]),
    'cluster-resources/limitranges/shop.json': list('LimitRangeList', [{ kind: 'LimitRange', metadata: { name: 'defaults', namespace: 'shop' } }]),
    'cluster-resources/resource-quota/shop.json': list('ResourceQuotaList', [{ kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'shop' } }]),
    'cluster-resources/services/shop.json': list('ServiceList', [{ kind: 'Service', metadata: { name: 'api', namespace: 'shop' } }]),
    'cluster-resources/configmaps/shop.json': list('ConfigMapList', [{ kind: 'ConfigMap', metadata: { name: 'api-config', namespace: 'shop' }, data: { 'app.yaml': '***HIDDEN***' } }]),
    'cluster-resources/statefulsets/shop.json': list('StatefulSetList', []),
    'cluster-info/cluster_version.json': JSON.stringify({ info: { major: '1', minor: '30', gitVersion: 'v1.30.2', platform: 'linux/amd64' }, string: 'v1.30.2' }),
    'podmortem.json': JSON.stringify(manifest),
  };
}

function expectPodmortemSnapshot(snapshot: Snapshot): void {
  expect(snapshot.bundle.format).toBe('podmortem');
  expect(snapshot.capturedAt).toBe('2024-05-01T10:30:00.000Z');
  expect(snapshot.capturedAtSource).toBe('manifest');
  expect(snapshot.cluster).toMatchObject({ name: 'shop-prod-eu', context: 'prod-eu', version: { gitVersion: 'v1.30.2', platform: 'linux/amd64' } });
  const [api] = snapshot.pods;
  expect(api!.owners.map((o) => `${o.kind}/${o.name}/${String(o.resolved)}`)).toEqual(['ReplicaSet/api-7c9d/true', 'Deployment/api/true']);
  expect(api!.workload).toEqual({ kind: 'Deployment', name: 'api' });
  expect(api!.containers.map((c) => `${c.kind}:${c.name}`)).toEqual(['init:migrate', 'regular:api', 'regular:sidecar']);
  const main = container(snapshot, 'api-7c9d-x1', 'api');
  expect(main.restartCount).toBe(5);
  expect(main.logs.previous!.lines.map((l) => [l.number, l.text])).toEqual([[1, 'booting'], [2, 'Error: missing env DATABASE_URL']]);
  expect(main.logs.previous!.source.file).toMatch(/cluster-resources\/pods\/logs\/shop\/api-7c9d-x1\/api-previous\.log$/);
  expect(main.logs.current!.complete).toBe(true);
  expect(main.events.map((e) => e.reason)).toEqual(['BackOff']);
  // migrate never died: no line of its log is kept — the analysis reads no healthy container's log. A sequential
  // read counts its lines (it came before its pod); a seekable archive's index lets the reader skip its bytes.
  const migrate = container(snapshot, 'api-7c9d-x1', 'migrate').logs.current!;
  expect(migrate).toMatchObject({ lines: [], totalBytes: 9 });
  if (migrate.drained === 'skipped') expect(migrate.totalLines).toBe(0);
  else expect(migrate).toMatchObject({ drained: 'counted', totalLines: 1 });
  expect(container(snapshot, 'api-7c9d-x1', 'sidecar').logs.errors).toEqual([
    'logs/shop/api-7c9d-x1/sidecar (previous): previous terminated container "sidecar" in pod "api-7c9d-x1" not found',
  ]);
  expect(snapshot.nodes[0]!.nodeInfo?.containerRuntimeVersion).toBe('containerd://1.7.2');
  for (const resource of ['limitranges', 'resourcequotas', 'services', 'configmaps', 'namespaces'] as const) {
    expect(snapshot.resources[resource], resource).toHaveLength(1);
  }
  expect(snapshot.resources.statefulsets).toEqual([]);
  expect(snapshot.diagnostics.filter((d) => d.code === 'collection-error').map((d) => d.message)).toEqual([
    expect.stringContaining('logs/shop/api-7c9d-x1/sidecar (previous)'),
    expect.stringContaining('endpoints is forbidden'),
  ]);
}

describe('podmortem bundles', () => {
  const variants: Array<[string, Compression]> = [
    ['a .tar.gz', 'gzip'],
    ['a .tar.gz of concatenated gzip members', 'gzip-per-entry'],
    ['a .tar.xz', 'xz'],
    ['an uncompressed .tar', 'none'],
  ];
  for (const [label, compression] of variants) {
    it(`reads ${label} with a top-level folder`, async () => {
      const path = join(dir, `podmortem-${compression}.bundle`);
      await writeTarball(path, entriesOf(podmortemFiles(), 'podmortem-shop-prod-eu-2024-05-01T10_30_00'), compression);
      const snapshot = await readSnapshot(path);
      expectPodmortemSnapshot(snapshot);
      expect(snapshot.pods[0]!.source.file).toBe('podmortem-shop-prod-eu-2024-05-01T10_30_00/cluster-resources/pods/shop.json');
      expect(snapshot.pods[0]!.source.path).toBe('items[0]');
      expect(snapshot.bundle).toEqual({ path, format: 'podmortem', name: `podmortem-${compression}.bundle`, logs: { previous: 'collected', runtimeTimestamps: false } });
    });
  }

  it('reads the extracted folder, with paths relative to it', async () => {
    const root = join(dir, 'podmortem-folder');
    await writeFolder(root, podmortemFiles());
    const snapshot = await readSnapshot(root);
    expectPodmortemSnapshot(snapshot);
    expect(snapshot.pods[0]!.source.file).toBe('cluster-resources/pods/shop.json');
  });

  it('reads an archive written by podmortem’s own bundle writer and opens one file from it on demand', async () => {
    const path = join(dir, 'written.tar.gz');
    const writer = await createBundleWriter(path, { rootName: 'podmortem-shop', mtime: new Date('2024-05-01T10:30:00Z') });
    const files = podmortemFiles();
    for (const [name, content] of Object.entries(files).sort()) if (name !== 'podmortem.json') await writer.addFile(name, content);
    await writer.finish(manifest);
    const read = await readSnapshot(path);
    expectPodmortemSnapshot(read);
    expect(container(read, 'api-7c9d-x1', 'migrate').logs.current!.drained).toBe('skipped');

    const source = await openBundleSource(path);
    const file = container(await readSnapshot(path), 'api-7c9d-x1', 'api').logs.previous!.source.file;
    expect(await text(await source.openFile(file))).toBe(files['cluster-resources/pods/logs/shop/api-7c9d-x1/api-previous.log']);
    await expect(source.openFile('podmortem-shop/nope.log')).rejects.toThrow(/nope\.log is not in the bundle/);
  });

  it('opens one file of a plain .tar.gz and of a folder on demand', async () => {
    const path = join(dir, 'scan.tar.gz');
    await writeTarball(path, entriesOf(podmortemFiles(), 'root'));
    const archive = await openBundleSource(path);
    expect(await text(await archive.openFile('root/cluster-resources/pods/logs/shop/api-7c9d-x1/api.log'))).toBe('booting\n');
    await expect(archive.openFile('root/missing.json')).rejects.toThrow(/missing\.json is not in the bundle/);

    const root = join(dir, 'open-folder');
    await writeFolder(root, podmortemFiles());
    const folder = await openBundleSource(root);
    expect(await text(await folder.openFile('cluster-resources/pods/logs/shop/api-7c9d-x1/api.log'))).toBe('booting\n');
    await expect(folder.openFile('../open-folder/podmortem.json')).rejects.toThrow(/refusing/);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('troubleshoot support bundles', () => {
  it('reads bare JSON arrays, errors files, logs-errors, previous logs and skips all-logs links', async () => {
    const path = join(dir, 'support-bundle-2024-05-01T10_30_00.tar.gz');
    const root = 'support-bundle-2024-05-01T10_30_00';
    const worker = pod('jobs', 'worker-1', [{ name: 'worker', restartCount: 2, lastExit: 137 }, { name: 'odd-previous' }]);
    await writeTarball(path, [
      ...entriesOf(
        {
          'version.yaml': 'apiVersion: troubleshoot.sh/v1beta2\nkind: SupportBundle\nspec:\n  versionNumber: v0.123.14\n',
          'cluster-resources/pods/jobs.json': JSON.stringify([worker]),
          'cluster-resources/events/jobs.json': JSON.stringify([]),
          'cluster-resources/resource-quotas/jobs.json': JSON.stringify({ kind: 'ResourceQuotaList', items: null }),
          'cluster-resources/pods/logs/jobs/worker-1/worker-previous.log': 'Killed\n',
          'cluster-resources/pods/logs/jobs/worker-1/worker-logs-errors.log': 'container "worker" in pod "worker-1" is waiting to start\n',
          // A container literally named "odd-previous": its current log is odd-previous.log, not "odd"'s previous.
          'cluster-resources/pods/logs/jobs/worker-1/odd-previous.log': 'I am odd\n',
          'cluster-resources/pods-errors.json': JSON.stringify(['pods is forbidden: cannot list pods in namespace "secret-ns"']),
          'collector-errors/etcd-error.json': JSON.stringify({ collector: 'etcd', error: 'current k8s distribution does not support etcd collector' }),
          'cluster-resources/custom-resources/widgets.example.com/jobs.yaml': 'not: [read',
          'cluster-info/cluster_version.json': JSON.stringify({ info: { gitVersion: 'v1.24.4+k3s1' }, string: 'v1.24.4+k3s1' }),
        },
        root,
      ),
      { name: `${root}/all-logs/worker-1/worker-previous.log`, type: 'symlink', linkname: '../../cluster-resources/pods/logs/jobs/worker-1/worker-previous.log' },
      { name: `${root}/all-logs/worker-1/odd-previous.log`, type: 'symlink', linkname: '../../cluster-resources/pods/logs/jobs/worker-1/odd-previous.log' },
    ]);
    const snapshot = await readSnapshot(path);
    expect(snapshot.bundle.format).toBe('troubleshoot');
    expect(snapshot.bundle.logs).toEqual({ previous: 'collected', runtimeTimestamps: false });
    expect(snapshot.cluster.version?.gitVersion).toBe('v1.24.4+k3s1');
    const worker1 = container(snapshot, 'worker-1', 'worker');
    expect(worker1.logs.previous!.lines[0]!.text).toBe('Killed');
    expect(worker1.logs.current).toBeUndefined();
    expect(worker1.logs.errors).toEqual(['container "worker" in pod "worker-1" is waiting to start']);
    expect(container(snapshot, 'worker-1', 'odd-previous').logs.current!.lines[0]!.text).toBe('I am odd');
    expect(snapshot.resources.resourcequotas).toEqual([]);
    const collection = snapshot.diagnostics.filter((d) => d.code === 'collection-error');
    expect(collection.map((d) => [d.file, d.message.split(': ').slice(1).join(': ')])).toEqual([
      [`${root}/cluster-resources/pods-errors.json`, 'pods is forbidden: cannot list pods in namespace "secret-ns"'],
      [`${root}/collector-errors/etcd-error.json`, 'current k8s distribution does not support etcd collector'],
    ]);
    // The all-logs links are troubleshoot's shortcuts: one note, not one per link. Custom resources are read for
    // serve only, so one that does not parse is a note, never a warning on the analysis.
    expect(snapshot.diagnostics.filter((d) => d.code === 'link-skipped')).toEqual([
      expect.objectContaining({ file: `${root}/all-logs`, message: expect.stringContaining('2 links') }),
    ]);
    expect(snapshot.diagnostics.filter((d) => d.code === 'malformed-yaml').map((d) => [d.file, d.severity])).toEqual([
      [`${root}/cluster-resources/custom-resources/widgets.example.com/jobs.yaml`, 'info'],
    ]);
    expect(snapshot.capturedAtSource).toBe('latest-timestamp');
  });
});

// ---------------------------------------------------------------------------------------------------------------

function dumpFiles(): Record<string, string> {
  return {
    'nodes.json': list('NodeList', [{ kind: 'Node', metadata: { name: 'node-1' }, status: { nodeInfo: { kubeletVersion: 'v1.18.8' } } }]),
    'ingress-nginx/pods.json': podList([pod('ingress-nginx', 'controller-abc', [{ name: 'controller', restartCount: 7, lastExit: 255 }, { name: 'istio-init', init: true }])]),
    'ingress-nginx/events.json': list('EventList', [
      { kind: 'Event', metadata: { name: 'e1', namespace: 'ingress-nginx' }, involvedObject: { kind: 'Pod', namespace: 'ingress-nginx', name: 'controller-abc' }, reason: 'BackOff', type: 'Warning', message: 'Back-off restarting failed container', lastTimestamp: '2021-03-26T01:45:53Z' },
    ]),
    'ingress-nginx/replicasets.json': list('ReplicaSetList', []),
    'ingress-nginx/deployments.json': list('DeploymentList', []),
    'ingress-nginx/daemonsets.json': list('DaemonSetList', []),
    'ingress-nginx/services.json': list('ServiceList', [{ kind: 'Service', metadata: { name: 'controller', namespace: 'ingress-nginx' } }]),
    'ingress-nginx/replication-controllers.json': list('ReplicationControllerList', []),
    'ingress-nginx/controller-abc/logs.txt': [
      '==== START logs for container istio-init of pod ingress-nginx/controller-abc ====',
      'iptables set',
      '==== END logs for container istio-init of pod ingress-nginx/controller-abc ====',
      '==== START logs for container controller of pod ingress-nginx/controller-abc ====',
      'I0326 01:41:57.522050       7 flags.go:204] Watching for Ingress class: nginx',
      'F0326 01:41:57.730608       7 ssl.go:389] unexpected error storing fake SSL Cert: permission denied',
      '==== END logs for container controller of pod ingress-nginx/controller-abc ====',
      '',
    ].join('\n'),
    'verrazzano_resources.json': list('List', []),
  };
}

function expectDumpSnapshot(snapshot: Snapshot, prefix: string): void {
  expect(snapshot.bundle.format).toBe('cluster-info-dump');
  expect(snapshot.bundle.logs).toEqual({ previous: 'never', runtimeTimestamps: false });
  const controller = container(snapshot, 'controller-abc', 'controller');
  expect(controller.restartCount).toBe(7);
  expect(controller.logs.current!.source).toEqual({ file: `${prefix}ingress-nginx/controller-abc/logs.txt`, firstLine: 5, lastLine: 6 });
  expect(controller.logs.current!.lines.at(-1)).toEqual({ number: 6, text: expect.stringContaining('unexpected error storing fake SSL Cert') });
  expect(container(snapshot, 'controller-abc', 'istio-init').logs.current!.lines.map((l) => l.number)).toEqual([2]);
  expect(controller.logs.previous).toBeUndefined();
  expect(snapshot.pods[0]!.events.map((e) => e.reason)).toEqual(['BackOff']);
  expect(snapshot.nodes.map((n) => n.name)).toEqual(['node-1']);
  expect(snapshot.resources.services).toHaveLength(1);
  // The dump records no version; the nodes' kubelet stands in, marked as inferred.
  expect(snapshot.cluster.version).toEqual({ gitVersion: 'v1.18.8', inferredFrom: 'node kubeletVersion' });
  expect(snapshot.diagnostics.map((d) => d.code)).toEqual(['no-previous-logs', 'no-version-file']);
}

describe('kubectl cluster-info dump', () => {
  it('reads the output folder itself', async () => {
    const root = join(dir, 'cluster-dump');
    await writeFolder(root, dumpFiles());
    expectDumpSnapshot(await readSnapshot(root), '');
  });

  it('reads a tarball of it with a root folder', async () => {
    const path = join(dir, 'cluster-dump.tgz');
    await writeTarball(path, entriesOf(dumpFiles(), 'cluster-dump'));
    expectDumpSnapshot(await readSnapshot(path), 'cluster-dump/');
  });
});

// ---------------------------------------------------------------------------------------------------------------

const IMAGE = 'quay-io-openshift-release-dev-ocp-v4-0-art-dev-sha256-eede85cbd33388f7e18954e5ce8ad9616e91df05ace604966c0a44111d85c897';

function yamlPod(namespace: string, name: string, restartCount: number): string {
  return [
    '- apiVersion: v1',
    '  kind: Pod',
    '  metadata:',
    `    name: ${name}`,
    `    namespace: ${namespace}`,
    `    uid: uid-${name}`,
    '  spec:',
    '    nodeName: ip-10-0-129-220.ec2.internal',
    '    containers:',
    '    - name: ingress-operator',
    '      image: quay.io/openshift/ingress-operator',
    '    - name: kube-rbac-proxy',
    '      image: quay.io/openshift/kube-rbac-proxy',
    '  status:',
    '    phase: Running',
    '    containerStatuses:',
    '    - name: ingress-operator',
    `      restartCount: ${restartCount}`,
    '      lastState:',
    '        terminated:',
    '          exitCode: 1',
    '          reason: Error',
    '          finishedAt: "2021-08-03T09:22:13Z"',
    '      state:',
    '        running:',
    '          startedAt: "2021-08-03T09:22:14Z"',
    '    - name: kube-rbac-proxy',
    '      restartCount: 0',
  ].join('\n');
}

function mustGatherFiles(): Record<string, string> {
  const ns = 'openshift-ingress-operator';
  const podName = 'ingress-operator-7b85cd998b-f4lj9';
  const logs = `namespaces/${ns}/pods/${podName}`;
  return {
    timestamp: '2021-08-03 12:11:56.91501602 +0200 CEST m=+1.651641915\n2021-08-03 12:14:13.632016778 +0200 CEST m=+138.368642668\n',
    'event-filter.html': '<html></html>',
    [`${IMAGE}/version`]: 'openshift/must-gather\n4.0-art-dev\n',
    [`${IMAGE}/timestamp`]: '2021-08-03 10:12:00.016988581 +0000 UTC m=+0.380233555\n',
    [`${IMAGE}/cluster-scoped-resources/core/nodes/ip-10-0-129-220.ec2.internal.yaml`]:
      '---\napiVersion: v1\nkind: Node\nmetadata:\n  name: ip-10-0-129-220.ec2.internal\nstatus:\n  conditions:\n  - type: Ready\n    status: "True"\n  nodeInfo:\n    kubeletVersion: v1.21.1+051ac4f\n',
    [`${IMAGE}/cluster-scoped-resources/config.openshift.io/clusterversions/version.yaml`]:
      'apiVersion: config.openshift.io/v1\nkind: ClusterVersion\nmetadata:\n  name: version\nstatus:\n  desired:\n    version: 4.8.0-0.nightly-2021-07-31-065602\n',
    [`${IMAGE}/cluster-scoped-resources/rbac.authorization.k8s.io/clusterroles/admin.yaml`]: 'kind: ClusterRole\n',
    [`${IMAGE}/namespaces/${ns}/${ns}.yaml`]: `---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`,
    [`${IMAGE}/namespaces/${ns}/core/pods.yaml`]: `---\napiVersion: v1\nitems:\n${yamlPod(ns, podName, 5)}\nkind: PodList\nmetadata: {}\n`,
    // The same pod again in its own file (must be counted once), and a pod only there.
    [`${IMAGE}/${logs}/${podName}.yaml`]: `---\n${yamlPod(ns, podName, 5).replace(/^- /, '').replace(/^ {2}/gm, '')}\n`,
    [`${IMAGE}/namespaces/${ns}/pods/installer-8/installer-8.yaml`]: `---\n${yamlPod(ns, 'installer-8', 0).replace(/^- /, '').replace(/^ {2}/gm, '')}\n`,
    [`${IMAGE}/namespaces/${ns}/core/events.yaml`]:
      `apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Event\n  metadata:\n    name: e1\n    namespace: ${ns}\n  involvedObject:\n    kind: Pod\n    name: ${podName}\n    namespace: ${ns}\n  reason: BackOff\n  type: Warning\n  message: Back-off restarting failed container\n  lastTimestamp: "2021-08-03T09:21:00Z"\nkind: EventList\n`,
    [`${IMAGE}/namespaces/${ns}/apps/deployments.yaml`]: `apiVersion: v1\nitems: []\nkind: DeploymentList\n`,
    [`${IMAGE}/namespaces/${ns}/core/configmaps.yaml`]: `apiVersion: v1\nitems:\n- kind: ConfigMap\n  metadata:\n    name: trusted-ca\n    namespace: ${ns}\nkind: ConfigMapList\n`,
    [`${IMAGE}/namespaces/${ns}/core/secrets.yaml`]: `apiVersion: v1\nitems:\n- kind: Secret\n  metadata:\n    name: token\nkind: SecretList\n`,
    [`${IMAGE}/${logs}/ingress-operator/ingress-operator/logs/current.log`]:
      '2021-08-03T09:22:14.677021959Z 2021-08-03T09:22:14.676Z\tINFO\toperator.main\tstarting\n',
    [`${IMAGE}/${logs}/ingress-operator/ingress-operator/logs/previous.log`]:
      '2021-08-03T09:22:10.000000000Z 2021-08-03T09:22:10.000Z\tERROR\toperator.main\tfailed to create operator: dial tcp 172.30.0.1:443: connect: connection refused\n',
    // kube-rbac-proxy: the regular fetch failed and the insecure retry holds the log; no earlier instance.
    [`${IMAGE}/${logs}/kube-rbac-proxy/kube-rbac-proxy/logs/current.log`]: '',
    [`${IMAGE}/${logs}/kube-rbac-proxy/kube-rbac-proxy/logs/current.insecure.log`]: '2021-08-03T09:20:00Z I0803 listening on :9393\n',
    [`${IMAGE}/${logs}/kube-rbac-proxy/kube-rbac-proxy/logs/previous.log`]: '',
    [`${IMAGE}/${logs}/kube-rbac-proxy/kube-rbac-proxy/logs/previous.insecure.log`]: '',
  };
}

function expectMustGatherSnapshot(snapshot: Snapshot, prefix: string): void {
  expect(snapshot.bundle.format).toBe('must-gather');
  expect(snapshot.bundle.logs).toEqual({ previous: 'collected', runtimeTimestamps: true });
  expect(snapshot.pods.map((p) => p.name)).toEqual(['ingress-operator-7b85cd998b-f4lj9', 'installer-8']);
  expect(snapshot.pods[0]!.source.file).toBe(`${prefix}${IMAGE}/namespaces/openshift-ingress-operator/core/pods.yaml`);
  const operator = container(snapshot, 'ingress-operator-7b85cd998b-f4lj9', 'ingress-operator');
  expect(operator.restartCount).toBe(5);
  expect(operator.logs.previous!.lines[0]!.text).toContain('connection refused');
  expect(operator.logs.previous!.timestamped).toBe(true);
  const proxy = container(snapshot, 'ingress-operator-7b85cd998b-f4lj9', 'kube-rbac-proxy');
  expect(proxy.logs.current!.source.file).toMatch(/kube-rbac-proxy\/logs\/current\.insecure\.log$/);
  expect(proxy.logs.previous).toBeUndefined();
  expect(snapshot.nodes.map((n) => n.name)).toEqual(['ip-10-0-129-220.ec2.internal']);
  expect(snapshot.nodes[0]!.conditions.get('Ready')?.status).toBe('True');
  expect(snapshot.cluster.version).toEqual({
    product: 'OpenShift',
    openshiftVersion: '4.8.0-0.nightly-2021-07-31-065602',
    // ClusterVersion names the OpenShift release only; the Kubernetes version comes from the nodes' kubelets.
    gitVersion: 'v1.21.1+051ac4f',
    inferredFrom: 'node kubeletVersion',
  });
  // The oc client's timestamp file at the root: 12:11:56 +02:00.
  expect(snapshot.capturedAt).toBe('2021-08-03T10:11:56.915Z');
  expect(snapshot.capturedAtSource).toBe('bundle-metadata');
  expect(snapshot.pods[0]!.events.map((e) => e.reason)).toEqual(['BackOff']);
  expect(snapshot.resources.namespaces).toHaveLength(1);
  expect(snapshot.resources.configmaps).toHaveLength(1);
  expect(snapshot.resources.secrets).toBeUndefined();
  expect(snapshot.diagnostics).toEqual([]);
}

describe('OpenShift must-gather', () => {
  it('reads a .tar.xz in the real layout (must-gather.local.N/<image>/...)', async () => {
    const path = join(dir, 'must-gather.tar.xz');
    await writeTarball(path, entriesOf(mustGatherFiles(), 'must-gather.local.5218341530484848442'), 'xz');
    expectMustGatherSnapshot(await readSnapshot(path), 'must-gather.local.5218341530484848442/');
  });

  it('reads the extracted folder', async () => {
    const root = join(dir, 'must-gather.local.1');
    await writeFolder(root, mustGatherFiles());
    expectMustGatherSnapshot(await readSnapshot(root), '');
  });
});
