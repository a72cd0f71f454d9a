import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/analyze/index.js';
import rule from '../../../src/analyze/checks/same-memory-oom.js';
import { at, container, crashLooping, event, node, pod, snapshot } from '../fixtures.js';
import { testCheck } from '../rule-tester.js';

const oomPod = (name: string, deployment: string, memory: string | undefined, namespace = 'shop', annotations?: Record<string, string>) =>
  pod({
    name,
    namespace,
    deployment,
    annotations,
    containers: [container(deployment, crashLooping({ exitCode: 137, reason: 'OOMKilled', startedAt: at(0), finishedAt: at(90) }), memory ? { resources: { limits: { memory } } } : {})],
  });

const limitRange = { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'mem-defaults', namespace: 'shop' }, spec: { limits: [{ type: 'Container', default: { memory: '256Mi' }, defaultRequest: { memory: '128Mi' } }] } };
const LR_ANNOTATION = { 'kubernetes.io/limit-ranger': 'LimitRanger plugin set: memory limit for container api' };

/** Two workloads whose own ReplicaSet templates declare 512Mi: each chose the round number itself. */
function declaredPair() {
  const snap = snapshot({ pods: [oomPod('api-1', 'api', '512Mi'), oomPod('cart-1', 'cart', '512Mi')] });
  snap.resources.replicasets = ['api', 'cart'].map((deployment, index) => ({
    object: {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: `${deployment}-7c9d5f`, namespace: 'shop', ownerReferences: [{ kind: 'Deployment', name: deployment, controller: true }] },
      spec: { template: { spec: { containers: [{ name: deployment, image: 'x', resources: { limits: { memory: '512Mi' } } }] } } },
    },
    source: { file: 'cluster-resources/replicasets/shop.json', path: `items[${index}]` },
  }));
  return snap;
}

testCheck(rule, {
  fires: [
    {
      name: 'three unrelated workloads OOMKilled at a LimitRange default of 256Mi (written 268435456 on one pod)',
      snapshots: [
        snapshot({
          pods: [oomPod('api-1', 'api', '256Mi', 'shop', LR_ANNOTATION), oomPod('cart-1', 'cart', '268435456'), oomPod('search-1', 'search', '256Mi')],
          limitranges: [limitRange],
        }),
      ],
      messageId: 'same-limit',
      data: { limitBytes: 268435456, limit: '256Mi', workloadCount: 3, limitRanges: ['shop/mem-defaults'], limitRangerAnnotated: 1 },
    },
    {
      name: 'an OOM kill far below the container limit (the kernel line shows 140Mi used of 2Gi)',
      snapshots: [
        snapshot({
          pods: [oomPod('cache-1', 'cache', '2Gi')],
          events: [
            event({
              node: 'node-1',
              reason: 'OOMKilling',
              message: 'Out of memory: Killed process 3103923 (redis-server) total-vm:15791416kB, anon-rss:143695kB, file-rss:4kB, shmem-rss:36kB, UID:0 pgtables:28184kB oom_score_adj:1000',
              first: at(89),
              last: at(89),
            }),
          ],
        }),
      ],
      messageId: 'below-limit',
      data: { count: 1, nodes: ['node-1'] },
    },
  ],
  quiet: [
    { name: 'two workloads that each declared the same 512Mi in their own templates (a shared round number, not a policy)', snapshots: [declaredPair()] },
    { name: 'replicas of one workload OOMKilled at the same limit are related', snapshots: [snapshot({ pods: [oomPod('api-1', 'api', '512Mi'), oomPod('api-2', 'api', '512Mi'), oomPod('api-3', 'api', '512Mi')] })] },
    { name: 'unrelated workloads OOMKilled at different limits', snapshots: [snapshot({ pods: [oomPod('api-1', 'api', '512Mi'), oomPod('cart-1', 'cart', '1Gi')] })] },
    {
      name: 'the same limit in two different clusters is not one cluster\'s policy',
      snapshots: [snapshot({ name: 'eu.tar.gz', pods: [oomPod('api-1', 'api', '512Mi')] }), snapshot({ name: 'us.tar.gz', pods: [oomPod('cart-1', 'cart', '512Mi')] })],
    },
    {
      name: 'a cgroup OOM kill near the limit (kernel says Memory cgroup, rss ≈ limit)',
      snapshots: [
        snapshot({
          pods: [oomPod('api-1', 'api', '512Mi')],
          events: [event({ node: 'node-1', reason: 'OOMKilling', message: 'Memory cgroup out of memory: Killed process 1234 (java) total-vm:2191740kB, anon-rss:520112kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:1400kB oom_score_adj:936', first: at(89), last: at(89) })],
        }),
      ],
    },
  ],
});

it('the same-limit check names every finding it covers and the verdict escalates', () => {
  const report = analyze([snapshot({ pods: [oomPod('api-1', 'api', '256Mi'), oomPod('cart-1', 'cart', '256Mi')], limitranges: [limitRange] })]);
  const check = report.escalation.checks.find((c) => c.kind === 'same-memory-oom')!;
  expect(check.findings.sort()).toEqual(['0/shop/api-1/api', '0/shop/cart-1/cart']);
  expect(check.summary).toBe('2 unrelated workloads in shop-prod.tar.gz were OOMKilled at the same 256Mi memory limit, the default of LimitRange shop/mem-defaults');
  expect(check.evidence).toContainEqual(expect.objectContaining({ kind: 'field', file: 'cluster-resources/limitranges/shop.json', path: 'items[0].spec.limits[0].default.memory', value: '256Mi' }));
  expect(report.escalation.summary).toMatch(/^escalate to platform\/SRE: /);
});

/** A ReplicaSet whose template declares the container's memory limit: the workload chose the figure itself. */
const declaring = (deployment: string, memory: string) => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: `${deployment}-7c9d5f`, namespace: 'shop', ownerReferences: [{ kind: 'Deployment', name: deployment, controller: true }] },
  spec: { template: { spec: { containers: [{ name: deployment, image: 'x', resources: { limits: { memory } } }] } } },
});

describe('provenance', () => {
  it('two workloads with the same limit and nothing saying where it came from do not fire either', () => {
    const report = analyze([snapshot({ pods: [oomPod('api-1', 'api', '512Mi'), oomPod('cart-1', 'cart', '512Mi')] })]);
    expect(report.escalation.checks).toEqual([]);
  });

  it('two workloads whose limit a mutating webhook set (VPA annotation) fire, and the table says who set it', () => {
    const vpa = { vpaUpdates: 'Pod resources updated by api-vpa: container 0: memory request, memory limit' };
    const report = analyze([snapshot({ pods: [oomPod('api-1', 'api', '512Mi', 'shop', vpa), oomPod('cart-1', 'cart', '512Mi', 'shop', vpa)] })]);
    const check = report.escalation.checks.find((c) => c.kind === 'same-memory-oom')!;
    expect(check.summary).toMatch(/set by a mutating webhook$/);
    const table = check.evidence[0]!;
    expect(table.kind === 'table' ? table.rows.map((row) => row[5]) : []).toEqual(['mutating webhook', 'mutating webhook']);
  });

  it('three workloads that declared the same figure still fire: three is a pattern', () => {
    const snap = snapshot({ pods: [oomPod('api-1', 'api', '512Mi'), oomPod('cart-1', 'cart', '512Mi'), oomPod('search-1', 'search', '512Mi')] });
    snap.resources.replicasets = ['api', 'cart', 'search'].map((d, index) => ({ object: declaring(d, '512Mi'), source: { file: 'cluster-resources/replicasets/shop.json', path: `items[${index}]` } }));
    const check = analyze([snap]).escalation.checks.find((c) => c.kind === 'same-memory-oom');
    expect(check?.summary).toBe('3 unrelated workloads in shop-prod.tar.gz were OOMKilled at the same 512Mi memory limit');
  });
});

describe('pods without limits OOM-killed across nodes', () => {
  const unlimited = (name: string, deployment: string, node: string) =>
    pod({ name, deployment, node, containers: [container(deployment, crashLooping({ exitCode: 137, reason: 'OOMKilled', startedAt: at(0), finishedAt: at(90) }))] });

  it('three pods without limits OOMKilled on two nodes escalate as node overcommit', () => {
    const report = analyze([snapshot({ pods: [unlimited('a-1', 'a', 'node-1'), unlimited('b-1', 'b', 'node-2'), unlimited('c-1', 'c', 'node-2')], nodes: [node({ name: 'node-1' }), node({ name: 'node-2' })] })]);
    const check = report.escalation.checks.find((c) => c.kind === 'same-memory-oom');
    expect(check?.summary).toBe('3 pods without a memory limit in shop-prod.tar.gz were OOMKilled on 2 nodes: the nodes\' memory is overcommitted or the namespaces lack default limits');
  });

  it('three pods without limits OOMKilled on one node do not (the node check and the findings say it)', () => {
    const report = analyze([snapshot({ pods: [unlimited('a-1', 'a', 'node-1'), unlimited('b-1', 'b', 'node-1'), unlimited('c-1', 'c', 'node-1')] })]);
    expect(report.escalation.checks.filter((c) => c.kind === 'same-memory-oom')).toEqual([]);
  });
});
