/**
 * Bundles real tools wrote on real clusters (test/fixtures/real/*, each with its SOURCE.md): the reader must find in
 * them what their SOURCE.md says they hold. The two 4 MB must-gathers are checked by test/real-bundles.check.ts.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/model/snapshot.js';
import { readSnapshot } from '../../src/reader/index.js';
import { tempDir, writeTarball, type TarEntrySpec } from './helpers.js';

const REAL = join(import.meta.dirname, '..', 'fixtures', 'real');

const find = (snapshot: Snapshot, namespace: string, podName: string, containerName: string) => {
  const pod = snapshot.pods.find((p) => p.namespace === namespace && p.name === podName);
  expect(pod, `${namespace}/${podName}`).toBeDefined();
  const container = pod!.containers.find((c) => c.name === containerName);
  expect(container, `${namespace}/${podName}/${containerName}`).toBeDefined();
  return container!;
};
const text = (lines: { text: string }[] | undefined) => (lines ?? []).map((l) => l.text).join('\n');

describe('sbctl test bundle (troubleshoot folder, old layout)', () => {
  let snapshot: Snapshot;
  beforeAll(async () => (snapshot = await readSnapshot(join(REAL, 'sbctl', 'support-bundle'))));

  it('holds the kURL cluster: 3 nodes, v1.23.5, 58 pods in 9 namespaces', () => {
    expect(snapshot.bundle.format).toBe('troubleshoot');
    expect(snapshot.cluster.version?.gitVersion).toBe('v1.23.5');
    expect(snapshot.nodes.map((n) => n.name)).toEqual(['troubleshoot-demo-001', 'troubleshoot-demo-002', 'troubleshoot-demo-003']);
    const perNamespace = Object.fromEntries(['kube-system', 'kurl', 'longhorn-system', 'minio', 'projectcontour', 'velero'].map((ns) => [ns, snapshot.pods.filter((p) => p.namespace === ns).length]));
    expect(perNamespace).toEqual({ 'kube-system': 15, kurl: 3, 'longhorn-system': 28, minio: 1, projectcontour: 6, velero: 5 });
    // troubleshoot's redaction wrote `***HIDDEN***` into three custom-resource YAML files, which makes them aliases
    // YAML cannot resolve: notes (custom resources are for serve), never warnings.
    expect(snapshot.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(snapshot.diagnostics.map((d) => d.file.split('/').slice(-2, -1)[0])).toEqual([
      'engines.longhorn.io',
      'instancemanagers.longhorn.io',
      'replicas.longhorn.io',
    ]);
    expect(snapshot.resources['volumes.longhorn.io']?.length).toBeGreaterThan(0);
    expect(snapshot.resources.persistentvolumes?.length).toBeGreaterThan(0);
    expect(snapshot.resources.storageclasses?.length).toBeGreaterThan(0);
  });

  it('finds velero crash-looping with its previous log saying unknown command "server-junk"', () => {
    const velero = find(snapshot, 'velero', 'velero-6996dd565b-xl44t', 'velero');
    expect(velero.state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(velero.lastState?.terminated).toMatchObject({ reason: 'Error', exitCode: 1 });
    expect(velero.restartCount).toBe(3);
    expect(text(velero.logs.previous?.lines)).toContain('Error: unknown command "server-junk" for "velero"');
    expect(velero.logs.previous!.source.file).toBe('cluster-resources/pods/logs/velero/velero-6996dd565b-xl44t/velero-previous.log');
    expect(snapshot.events.filter((e) => e.source.file === 'cluster-resources/events/velero.json')).toHaveLength(67);
    expect(velero.events.some((e) => e.reason === 'BackOff')).toBe(true);
    expect(snapshot.pods.find((p) => p.name === 'velero-6996dd565b-xl44t')!.workload).toEqual({ kind: 'Deployment', name: 'velero' });
  });

  it('counts the 2-byte log of the finished init container as two lines, keeping none (it exited 0)', () => {
    const init = find(snapshot, 'velero', 'velero-6996dd565b-xl44t', 'velero-velero-plugin-for-aws');
    expect(init.kind).toBe('init');
    expect(init.logs.current).toMatchObject({ totalLines: 2, totalBytes: 2, lines: [], drained: 'counted' });
  });

  it('finds the other restarted containers', () => {
    expect(find(snapshot, 'kube-system', 'haproxy-troubleshoot-demo-001', 'haproxy')).toMatchObject({ restartCount: 2, lastState: { terminated: { exitCode: 1 } } });
    const weave = snapshot.pods.filter((p) => p.name.startsWith('weave-net-')).map((p) => p.containers.find((c) => c.name === 'weave')!.restartCount);
    expect(weave).toEqual([1, 1, 1]);
  });
});

describe('troubleshoot testdata support-bundle.tar.gz', () => {
  let snapshot: Snapshot;
  beforeAll(async () => (snapshot = await readSnapshot(join(REAL, 'troubleshoot', 'testdata-supportbundle', 'support-bundle.tar.gz'))));

  it('holds the k3d cluster and the previous logs of 8 containers', () => {
    expect(snapshot.bundle.format).toBe('troubleshoot');
    expect(snapshot.cluster.version?.gitVersion).toBe('v1.24.4+k3s1');
    const withPrevious = snapshot.pods.flatMap((p) => p.containers.filter((c) => c.logs.previous).map((c) => `${p.name}/${c.name}`));
    expect(withPrevious).toHaveLength(8);
  });

  it('finds the restart storms with the fatal line and the Go panic in the previous logs', () => {
    const provisioner = find(snapshot, 'kube-system', 'local-path-provisioner-7b7dc8d6f5-45btl', 'local-path-provisioner');
    expect(provisioner).toMatchObject({ restartCount: 189, lastState: { terminated: { reason: 'Error', exitCode: 1 } } });
    expect(text(provisioner.logs.previous?.lines)).toMatch(/level=fatal msg="Error starting daemon: .*i\/o timeout/);
    const metrics = find(snapshot, 'kube-system', 'metrics-server-668d979685-wttxd', 'metrics-server');
    expect(metrics).toMatchObject({ restartCount: 182, lastState: { terminated: { exitCode: 2 } } });
    expect(text(metrics.logs.previous?.lines)).toContain('panic: unable to load configmap');
    expect(find(snapshot, 'default', 'nginx-deployment-7986654d4-ztx2g', 'hello')).toMatchObject({ restartCount: 25, lastState: { terminated: { reason: 'Unknown', exitCode: 255 } } });
  });

  it('reports the orphan static-hi log and collapses the all-logs links', () => {
    expect(snapshot.diagnostics.find((d) => d.code === 'orphan-log')).toMatchObject({ file: 'support-bundle/cluster-resources/pods/logs/default/static-hi/static-hi.log' });
    expect(snapshot.diagnostics.filter((d) => d.code === 'link-skipped').map((d) => d.file)).toEqual(['support-bundle/static-hi.log', 'support-bundle/all-logs']);
    expect(snapshot.eventsByObject.get('Pod/default/static-hi')?.some((e) => e.reason === 'BackOff')).toBe(true);
  });
});

describe('troubleshoot e2e baseline.tar.gz (healthy control, new layout)', () => {
  it('has no crash and one restart, and reports the collectors’ recorded errors', async () => {
    const snapshot = await readSnapshot(join(REAL, 'troubleshoot', 'e2e-baseline', 'baseline.tar.gz'));
    expect(snapshot.bundle.format).toBe('troubleshoot');
    expect(snapshot.cluster.version?.gitVersion).toBe('v1.31.2+k3s1');
    const restarted = snapshot.pods.flatMap((p) => p.containers.filter((c) => c.restartCount > 0).map((c) => `${p.name}/${c.name}:${c.restartCount}`));
    expect(restarted).toEqual(['helm-install-traefik-5wnn9/helm:1']);
    expect(snapshot.pods.some((p) => p.containers.some((c) => c.state?.waiting?.reason === 'CrashLoopBackOff'))).toBe(false);
    expect(snapshot.diagnostics.filter((d) => d.code === 'collection-error').map((d) => d.file)).toEqual(
      expect.arrayContaining(['supportbundle/helm/errors.json', 'supportbundle/collector-errors/etcd-error.json', 'supportbundle/secrets-errors/default/example-secret.json']),
    );
    expect(snapshot.resources.endpoints!.length).toBeGreaterThan(0);
    expect(snapshot.nodes.map((n) => n.name)).toEqual(['primary-node']);
  });
});

describe('troubleshoot analyzer fragments, placed in a support-bundle tarball', () => {
  let snapshot: Snapshot;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    const entries: TarEntrySpec[] = [];
    for (const kind of ['pods', 'events']) {
      for (const file of await readdir(join(REAL, 'troubleshoot', 'analyzer-fragments', kind))) {
        entries.push({ name: `support-bundle/cluster-resources/${kind}/${basename(file)}`, content: await readFile(join(REAL, 'troubleshoot', 'analyzer-fragments', kind, file)) });
      }
    }
    const path = join(temp.dir, 'fragments.tar.gz');
    await writeTarball(path, entries);
    snapshot = await readSnapshot(path);
  });
  afterAll(async () => cleanup());

  it('finds the exit-127 crash loop, the failing init container and the OOMKilled job', () => {
    expect(find(snapshot, 'message-pod-crashloop-backoff', 'init-demo', 'nginx')).toMatchObject({
      restartCount: 4,
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { reason: 'ContainerCannotRun', exitCode: 127 } },
    });
    const install = find(snapshot, 'message-pod-init-crashloop-backoff', 'init-demo2', 'install');
    expect(install).toMatchObject({ kind: 'init', restartCount: 1, state: { waiting: { reason: 'RunContainerError' } }, lastState: { terminated: { exitCode: 127 } } });
    expect(install.events.length).toBeGreaterThan(0);
    const oom = snapshot.pods.find((p) => p.name === 'oom-kill-job3-gbb89')!;
    expect(oom.object.status?.phase).toBe('Failed');
    expect(oom.containers[0]).toMatchObject({ name: 'memory-eater', state: { terminated: { reason: 'OOMKilled', exitCode: 137 } } });
    expect(oom.owners[0]).toMatchObject({ kind: 'Job', name: 'oom-kill-job3', resolved: false });
    const pending = snapshot.pods.filter((p) => p.object.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'Unschedulable'));
    expect(pending).toHaveLength(2);
  });
});

describe('verrazzano cluster-info dumps', () => {
  it('ingress-install-unknown: the ingress controller crash-loops with 7 restarts and its log is split out of logs.txt', async () => {
    const snapshot = await readSnapshot(join(REAL, 'verrazzano', 'ingress-install-unknown', 'cluster-dump'));
    expect(snapshot.bundle.format).toBe('cluster-info-dump');
    const controller = find(snapshot, 'ingress-nginx', 'ingress-controller-ingress-nginx-controller-7994b5645-p8m5g', 'controller');
    expect(controller).toMatchObject({ restartCount: 7, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { reason: 'Error', exitCode: 255 } } });
    const log = controller.logs.current!;
    // Two copyright lines and a blank line precede the START marker at line 4.
    expect(log.source).toEqual({ file: 'ingress-nginx/ingress-controller-ingress-nginx-controller-7994b5645-p8m5g/logs.txt', firstLine: 5, lastLine: 20 });
    expect(log.lines.at(-1)!.text).toMatch(/^F0326 .*unexpected error storing fake SSL Cert: .*permission denied$/);
    expect(log.lines.some((l) => l.text.includes('==== '))).toBe(false);
    expect(controller.events.some((e) => e.reason === 'BackOff') || snapshot.pods.find((p) => p.name.startsWith('ingress-controller-ingress-nginx-controller'))!.events.some((e) => e.reason === 'BackOff')).toBe(true);
    expect(find(snapshot, 'default', 'verrazzano-install-my-verrazzano-rslwh', 'install').state?.terminated).toMatchObject({ reason: 'Error', exitCode: 1 });
    expect(snapshot.diagnostics.map((d) => d.code)).toEqual(['no-previous-logs', 'no-version-file']);
  });

  it('problem-pods-install: rancher restarted once, the helm operation exited 123 beside its running proxy', async () => {
    const snapshot = await readSnapshot(join(REAL, 'verrazzano', 'problem-pods-install', 'cluster-dump'));
    expect(find(snapshot, 'cattle-system', 'rancher-649dc876b-dt67w', 'rancher')).toMatchObject({ restartCount: 1, lastState: { terminated: { reason: 'Error', exitCode: 1 } } });
    const helm = find(snapshot, 'cattle-system', 'helm-operation-dlhvn', 'helm');
    expect(helm.state?.terminated).toMatchObject({ reason: 'Error', exitCode: 123 });
    expect(find(snapshot, 'cattle-system', 'helm-operation-dlhvn', 'proxy').state?.running).toBeDefined();
    expect(helm.logs.current!.source).toMatchObject({ firstLine: 4, lastLine: 6 });
    const sidecarLogs = find(snapshot, 'ingress-nginx', 'ingress-controller-ingress-nginx-controller-6b8bb69d6d-vmxbw', 'istio-proxy').logs.current!;
    expect(sidecarLogs.source).toMatchObject({ firstLine: 209, lastLine: 277 });
  });
});
