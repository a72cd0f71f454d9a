/**
 * What a context is called and which version it serves, from what the bundle records: the collector's cluster name,
 * OpenShift's infrastructure name, a managed platform's node label, else the bundle's name; the recorded version, the
 * kubelets', else a control-plane image tag (trimmed cluster-info dumps have no nodes.json).
 */
import { expect, test } from 'vitest';
import { buildSnapshot } from '../../src/model/build.js';
import type { KubeObject, ResourceName, Snapshot } from '../../src/model/snapshot.js';
import { clusterName } from '../../src/serve/kubeconfig.js';
import { servedVersion } from '../../src/serve/version.js';

function snapshot(resources: Partial<Record<ResourceName, KubeObject[]>>, extra: { name?: string; version?: string } = {}): Snapshot {
  return buildSnapshot({
    bundle: { path: '/tmp/cluster-dump', format: 'cluster-info-dump', name: 'cluster-dump' },
    resources: Object.fromEntries(Object.entries(resources).map(([k, list]) => [k, list!.map((object) => ({ object, source: { file: `${k}.json` } }))])),
    ...(extra.version ? { version: { gitVersion: extra.version } } : {}),
    ...(extra.name ? { cluster: { name: extra.name } } : {}),
  });
}

const pod = (image: string): KubeObject => ({ metadata: { name: 'p', namespace: 'kube-system' }, spec: { containers: [{ name: 'c', image }] } });
const node = (labels: Record<string, string>, kubelet?: string): KubeObject =>
  ({ metadata: { name: 'n1', labels }, status: kubelet ? { nodeInfo: { kubeletVersion: kubelet } } : {} });

test('context names: recorded name, OpenShift infrastructure, EKS label, else the bundle name', () => {
  expect(clusterName(snapshot({}, { name: 'prod-eu' }))).toBe('prod-eu');
  const infrastructure = { metadata: { name: 'cluster' }, status: { infrastructureName: 'ci-ln-x7k2p' } } as unknown as KubeObject;
  expect(clusterName(snapshot({ 'infrastructures.config.openshift.io': [infrastructure] }))).toBe('ci-ln-x7k2p');
  expect(clusterName(snapshot({ nodes: [node({ 'alpha.eksctl.io/cluster-name': 'shop-eks' })] }))).toBe('shop-eks');
  expect(clusterName(snapshot({}))).toBe('cluster-dump');
});

test('version: recorded, else kubelets, else the control-plane image tag, else unknown', () => {
  expect(servedVersion(snapshot({}, { version: 'v1.29.3' })).info?.gitVersion).toBe('v1.29.3');
  expect(servedVersion(snapshot({ nodes: [node({}, 'v1.28.7')] }))).toMatchObject({ info: { gitVersion: 'v1.28.7' }, inferredFrom: 'node kubeletVersion' });
  expect(servedVersion(snapshot({ pods: [pod('registry.k8s.io/kube-proxy:v1.27.4'), pod('nginx:1.25')] }))).toMatchObject({
    info: { gitVersion: 'v1.27.4' },
    inferredFrom: 'control-plane image tags',
  });
  expect(servedVersion(snapshot({ pods: [pod('nginx:1.25')] })).info?.gitVersion).toBeUndefined();
});
