import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/analyze/index.js';
import rule from '../../../src/analyze/checks/cross-cluster-difference.js';
import { crashLooping, log, node, pod, running, snapshot } from '../fixtures.js';
import { testCheck } from '../rule-tester.js';

const env = (value: string) => ({ env: [{ name: 'MODE', value }, { name: 'DB_HOST', value: 'postgres' }], resources: { limits: { memory: '512Mi' } } });

const healthy = (overrides: { image?: string; mode?: string } = {}) =>
  snapshot({
    name: 'shop-prod-eu.tar.gz',
    version: { major: '1', minor: '29', gitVersion: 'v1.29.8' },
    nodes: [node({ name: 'node-1', kubelet: 'v1.29.8', runtime: 'containerd://1.7.22', kernel: '5.15.0-1057-aws', osImage: 'Ubuntu 22.04.4 LTS' })],
    pods: [pod({ name: 'api-7c9d5f-aaaaa', deployment: 'api', containers: [{ name: 'api', image: overrides.image ?? 'ghcr.io/acme/api:2.3.1', status: running(0), spec: env(overrides.mode ?? 'fast') }] })],
  });

const broken = (overrides: { image?: string; mode?: string; status?: ReturnType<typeof running> } = {}) =>
  snapshot({
    name: 'shop-prod-us.tar.gz',
    version: { major: '1', minor: '33', gitVersion: 'v1.33.2' },
    nodes: [node({ name: 'node-9', kubelet: 'v1.33.2', runtime: 'containerd://2.0.5', kernel: '6.8.0-1019-aws', osImage: 'Ubuntu 24.04.1 LTS' })],
    pods: [
      pod({
        name: 'api-7c9d5f-bbbbb',
        node: 'node-9',
        deployment: 'api',
        containers: [{ name: 'api', image: overrides.image ?? 'ghcr.io/acme/api:2.3.1', status: overrides.status ?? crashLooping({ exitCode: 1, reason: 'Error' }, 12), spec: env(overrides.mode ?? 'safe') }],
      }),
    ],
    logs: [log({ pod: 'api-7c9d5f-bbbbb', container: 'api', lines: ['Exception in thread "main" com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException: Unrecognized field "emulationMajor" (class io.fabric8.kubernetes.client.VersionInfo)'] })],
  });

testCheck(rule, {
  fires: [
    {
      name: 'same image healthy on 1.29 and crash-looping on 1.33',
      snapshots: [healthy(), broken()],
      messageId: 'healthy-here-broken-there',
      data: {
        namespace: 'shop',
        workload: 'Deployment/api',
        healthyBundles: 'shop-prod-eu.tar.gz',
        brokenBundles: 'shop-prod-us.tar.gz',
        differences: ['Kubernetes version', 'kubelet', 'container runtime', 'kernel', 'OS image', 'spec.containers[api].env[MODE].value'],
      },
    },
    { name: 'the broken bundle can come first', snapshots: [broken(), healthy()], messageId: 'healthy-here-broken-there', data: { healthyBundles: 'shop-prod-eu.tar.gz' } },
  ],
  quiet: [
    { name: 'a single cluster', snapshots: [broken()] },
    { name: 'different images in the two clusters', snapshots: [healthy({ image: 'ghcr.io/acme/api:2.3.0' }), broken()] },
    { name: 'healthy in both clusters', snapshots: [healthy(), broken({ status: running(0) })] },
    { name: 'a container that restarted once and recovered is not crash-looping', snapshots: [healthy(), broken({ status: running(1, { exitCode: 1, reason: 'Error' }) })] },
  ],
});

it('puts the clusters side by side and highlights what differs', () => {
  const report = analyze([healthy(), broken()]);
  const check = report.escalation.checks.find((c) => c.kind === 'cross-cluster-difference')!;
  const tableBlock = check.evidence[0]!;
  // The analyzer says it is a comparison; renderers read that role, never the check id.
  expect(tableBlock).toMatchObject({ kind: 'table', primary: true, role: 'comparison', columns: ['', 'shop-prod-eu.tar.gz', 'shop-prod-us.tar.gz'] });
  if (tableBlock.kind !== 'table') throw new Error('not a table');
  expect(tableBlock.rows).toContainEqual(['Kubernetes version', 'v1.29.8', 'v1.33.2']);
  expect(tableBlock.rows).toContainEqual(['architecture', 'amd64', 'amd64']);
  expect(tableBlock.rows).toContainEqual(['spec.containers[api].env[MODE].value', '"fast"', '"safe"']);
  const architectureRow = tableBlock.rows.findIndex((row) => row[0] === 'architecture');
  expect(tableBlock.highlightRows).not.toContain(architectureRow);
  expect(check.bundles).toEqual(['shop-prod-eu.tar.gz', 'shop-prod-us.tar.gz']);
  expect(check.findings).toEqual(['1/shop/api-7c9d5f-bbbbb/api']);
});

describe('ranking', () => {
  it('leads with the Kubernetes version when the crash is an API the version changed', () => {
    const check = analyze([healthy(), broken()]).escalation.checks.find((c) => c.kind === 'cross-cluster-difference')!;
    const rows = check.evidence[0]!.kind === 'table' ? check.evidence[0]!.rows : [];
    expect(rows.slice(0, 2).map((row) => row[0])).toEqual(['state', 'Kubernetes version']);
    expect(check.summary).toContain('what differs: Kubernetes version (decisive for an API that changed with the Kubernetes version), kubelet');
  });

  it('leads with the architecture for exec format error, ahead of versions that also differ', () => {
    const eu = healthy();
    const us = snapshot({
      name: 'shop-prod-us.tar.gz',
      version: { major: '1', minor: '33', gitVersion: 'v1.33.2' },
      nodes: [node({ name: 'node-9', architecture: 'arm64', kubelet: 'v1.33.2' })],
      pods: [pod({ name: 'api-7c9d5f-bbbbb', deployment: 'api', node: 'node-9', containers: [{ name: 'api', image: 'ghcr.io/acme/api:2.3.1', status: crashLooping({ exitCode: 255, reason: 'Error' }, 12), spec: env('fast') }] })],
      logs: [log({ pod: 'api-7c9d5f-bbbbb', container: 'api', lines: ['exec /usr/local/bin/api: exec format error'] })],
    });
    const check = analyze([eu, us]).escalation.checks.find((c) => c.kind === 'cross-cluster-difference')!;
    const rows = check.evidence[0]!.kind === 'table' ? check.evidence[0]!.rows : [];
    expect(rows[1]).toEqual(['architecture', 'amd64', 'arm64']);
  });

  it('ignores generated noise: service-account token volumes, legacy default tokens and template hashes', () => {
    const withToken = (suffix: string) => ({ volumes: [{ name: `default-token-${suffix}`, secret: { secretName: `default-token-${suffix}` } }] });
    const eu = healthy();
    const us = broken();
    Object.assign(eu.pods[0]!.object.spec!, withToken('abcde'));
    Object.assign(us.pods[0]!.object.spec!, withToken('vwxyz'));
    const check = analyze([eu, us]).escalation.checks.find((c) => c.kind === 'cross-cluster-difference')!;
    const rows = check.evidence[0]!.kind === 'table' ? check.evidence[0]!.rows : [];
    expect(rows.map((row) => row[0]).filter((name) => name?.includes('token'))).toEqual([]);
  });
});
