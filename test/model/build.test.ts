import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildSnapshot, isoTime } from '../../src/model/build.js';
import type { KubeObject, ObjectRecord } from '../../src/model/snapshot.js';

const record = (file: string, object: unknown, index = 0): ObjectRecord => ({
  object: object as KubeObject,
  source: { file, path: `items[${index}]` },
});

const pod = {
  metadata: {
    name: 'api-7c9d5f-x2k4q',
    namespace: 'shop',
    uid: 'pod-uid-1',
    labels: { app: 'api', 'pod-template-hash': '7c9d5f' },
    ownerReferences: [{ kind: 'ReplicaSet', name: 'api-7c9d5f', uid: 'rs-uid', controller: true }],
  },
  spec: {
    nodeName: 'node-1',
    initContainers: [
      { name: 'migrate', image: 'shop/api:1' },
      { name: 'proxy', image: 'envoy', restartPolicy: 'Always' },
    ],
    containers: [{ name: 'api', image: 'shop/api:1' }],
  },
  status: {
    initContainerStatuses: [{ name: 'migrate', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
    containerStatuses: [
      {
        name: 'api',
        restartCount: 4,
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-11-20T10:05:00Z' } },
      },
    ],
  },
};

const event = (name: string, overrides: Record<string, unknown>) => ({
  metadata: { name, namespace: 'shop' },
  type: 'Warning',
  reason: 'BackOff',
  message: 'Back-off restarting failed container api in pod api-7c9d5f-x2k4q_shop(pod-uid-1)',
  count: 3,
  firstTimestamp: '2026-11-20T10:00:00Z',
  lastTimestamp: '2026-11-20T10:06:00Z',
  source: { component: 'kubelet', host: 'node-1' },
  involvedObject: { kind: 'Pod', namespace: 'shop', name: 'api-7c9d5f-x2k4q', uid: 'pod-uid-1', fieldPath: 'spec.containers{api}' },
  ...overrides,
});

function snapshot() {
  return buildSnapshot({
    bundle: { path: '/b.tar.gz', name: 'b.tar.gz', format: 'podmortem' },
    resources: {
      pods: [record('cluster-resources/pods/shop.json', pod)],
      replicasets: [
        record('cluster-resources/replicasets/shop.json', {
          metadata: { name: 'api-7c9d5f', namespace: 'shop', uid: 'rs-uid', ownerReferences: [{ kind: 'Deployment', name: 'api', controller: true }] },
        }),
      ],
      deployments: [record('cluster-resources/deployments/shop.json', { metadata: { name: 'api', namespace: 'shop' } })],
      events: [
        record('cluster-resources/events/shop.json', event('a', {}), 0),
        // Same pod name, earlier incarnation: must not be attributed to the current pod.
        record('cluster-resources/events/shop.json', event('b', { involvedObject: { kind: 'Pod', namespace: 'shop', name: 'api-7c9d5f-x2k4q', uid: 'old-uid' } }), 1),
        // kubelet records node events in "default" with the node's name as uid.
        record('cluster-resources/events/default.json', event('c', { reason: 'NodeNotReady', involvedObject: { kind: 'Node', namespace: 'default', name: 'node-1', uid: 'node-1' }, lastTimestamp: '2026-11-20T09:00:00Z', firstTimestamp: '2026-11-20T09:00:00Z' }), 0),
      ],
      nodes: [
        record('cluster-resources/nodes.json', {
          metadata: { name: 'node-1' },
          status: {
            conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
            allocatable: { memory: '3250666289' },
            capacity: { memory: '4Gi' },
            nodeInfo: { architecture: 'arm64', kubeletVersion: 'v1.30.4' },
          },
        }),
      ],
    },
    logs: [
      {
        namespace: 'shop',
        pod: 'api-7c9d5f-x2k4q',
        container: 'api',
        previous: true,
        window: { source: { file: 'x-previous.log' }, lines: [{ number: 1, text: 'boom' }], totalLines: 1, totalBytes: 5, complete: true, timestamped: false },
      },
    ],
  });
}

describe('buildSnapshot', () => {
  it('lists init, sidecar and regular containers with their spec and status paths', () => {
    const [view] = snapshot().pods;
    expect(view!.containers.map((c) => [c.name, c.kind, c.specPath, c.statusPath])).toEqual([
      ['migrate', 'init', 'spec.initContainers[0]', 'status.initContainerStatuses[0]'],
      ['proxy', 'sidecar', 'spec.initContainers[1]', undefined],
      ['api', 'regular', 'spec.containers[0]', 'status.containerStatuses[0]'],
    ]);
    expect(view!.containers[2]!.restartCount).toBe(4);
    expect(view!.containers[2]!.logs.previous?.lines[0]?.text).toBe('boom');
  });

  it('climbs the owner chain Pod → ReplicaSet → Deployment', () => {
    const [view] = snapshot().pods;
    expect(view!.owners).toEqual([
      { kind: 'ReplicaSet', name: 'api-7c9d5f', uid: 'rs-uid', resolved: true },
      { kind: 'Deployment', name: 'api', uid: undefined, resolved: true },
    ]);
    expect(view!.workload).toEqual({ kind: 'Deployment', name: 'api' });
  });

  it('infers the Deployment from the pod-template-hash when the bundle lacks the ReplicaSet', () => {
    const result = buildSnapshot({
      bundle: { path: 'x', name: 'x', format: 'cluster-info-dump' },
      resources: { pods: [record('ns/pods.json', pod)] },
    });
    expect(result.pods[0]!.workload).toEqual({ kind: 'Deployment', name: 'api' });
    expect(result.pods[0]!.owners.map((o) => o.resolved)).toEqual([false, false]);
  });

  it('attributes events to the pod incarnation by uid and to the container by fieldPath', () => {
    const [view] = snapshot().pods;
    expect(view!.events.map((e) => e.object.metadata.name)).toEqual(['a']);
    expect(view!.containers[2]!.events).toHaveLength(1);
  });

  it('indexes node events under the cluster-scoped key whatever namespace the kubelet gave them', () => {
    const result = snapshot();
    expect(result.nodes[0]!.events.map((e) => e.reason)).toEqual(['NodeNotReady']);
    expect(result.nodes[0]!.conditions.get('Ready')?.status).toBe('True');
    expect(result.nodes[0]!.allocatableMemoryBytes).toBe(3250666289);
    expect(result.nodes[0]!.capacityMemoryBytes).toBe(4 * 2 ** 30);
  });

  it('reports the time window the events cover and infers the capture time when no manifest gives it', () => {
    const result = snapshot();
    expect(result.eventWindow).toEqual({ count: 3, earliest: '2026-11-20T09:00:00.000Z', latest: '2026-11-20T10:06:00.000Z' });
    expect(result.capturedAt).toBe('2026-11-20T10:06:00.000Z');
    expect(result.capturedAtSource).toBe('latest-timestamp');
  });

  it('reads events.k8s.io/v1 field names', () => {
    const result = buildSnapshot({
      bundle: { path: 'x', name: 'x', format: 'must-gather' },
      resources: {
        events: [
          record('e.yaml', {
            metadata: { name: 'e', namespace: 'shop' },
            regarding: { kind: 'Pod', namespace: 'shop', name: 'p', fieldPath: 'spec.initContainers{init}' },
            note: 'Back-off restarting failed container init in pod p_shop(u)',
            reason: 'BackOff',
            type: 'Warning',
            eventTime: '2026-11-20T10:00:00.000000Z',
            series: { count: 7, lastObservedTime: '2026-11-20T10:09:00.000000Z' },
            reportingController: 'kubelet',
            reportingInstance: 'node-2',
          }),
        ],
      },
    });
    const [e] = result.events;
    expect(e).toMatchObject({ message: expect.stringContaining('Back-off'), count: 7, containerName: 'init', host: 'node-2', component: 'kubelet' });
    expect(e!.lastTime).toBe('2026-11-20T10:09:00.000Z');
  });
});

describe('the cluster version', () => {
  const node = (name: string, kubeletVersion: string) =>
    record('nodes.json', { metadata: { name }, status: { nodeInfo: { kubeletVersion } } });

  it('is inferred from the most common kubelet version when the bundle records none, and says so', () => {
    const result = buildSnapshot({
      bundle: { path: 'x', name: 'x', format: 'must-gather' },
      resources: { nodes: [node('a', 'v1.21.1+051ac4f'), node('b', 'v1.21.1+051ac4f'), node('c', 'v1.20.0+abc')] },
      version: { product: 'OpenShift', openshiftVersion: '4.8.0' },
    });
    expect(result.cluster.version).toEqual({
      product: 'OpenShift',
      openshiftVersion: '4.8.0',
      gitVersion: 'v1.21.1+051ac4f',
      inferredFrom: 'node kubeletVersion',
    });
  });

  it('keeps the recorded version when there is one', () => {
    const result = buildSnapshot({
      bundle: { path: 'x', name: 'x', format: 'podmortem' },
      resources: { nodes: [node('a', 'v1.29.0')] },
      version: { gitVersion: 'v1.30.4', major: '1', minor: '30' },
    });
    expect(result.cluster.version).toEqual({ gitVersion: 'v1.30.4', major: '1', minor: '30' });
  });
});

describe('isoTime', () => {
  const slow = (value: string) => {
    const time = Date.parse(value);
    return Number.isNaN(time) || time <= 0 ? undefined : new Date(time).toISOString();
  };

  it('gives what Date.parse gives for the API form and every edge around it', () => {
    const values: string[] = [];
    for (const year of ['1969', '1970', '1971', '2024', '9999'])
      for (const month of ['00', '01', '02', '12', '13'])
        for (const day of ['00', '01', '28', '29', '30', '31', '32'])
          for (const clock of ['00:00:00', '23:59:59', '24:00:00', '12:60:00', '12:00:60']) values.push(`${year}-${month}-${day}T${clock}Z`);
    values.push('1970-01-01T00:00:00Z', '1970-01-01T00:00:01Z', '2024-05-01T10:00:00.5Z', '2024-05-01T10:00:00+02:00', '2024-05-01 10:00:00Z', 'x');
    for (const value of values) expect([value, isoTime(value)]).toEqual([value, slow(value)]);
    expect(isoTime('2024-05-01T10:00:00Z')).toBe('2024-05-01T10:00:00.000Z');
    expect(isoTime('')).toBeUndefined();
    expect(isoTime(42)).toBeUndefined();
  });
});

describe('the order of pods and nodes', () => {
  it('is the same whatever the locale of the machine (a Lithuanian collator sorts y before j)', () => {
    // ICU takes its default locale from the environment when the process starts: a child with another one.
    const script = `
      const { buildSnapshot } = await import(${JSON.stringify(new URL('../../dist/model/build.js', import.meta.url).href)});
      const record = (kind, name, namespace) => ({ object: { kind, metadata: { name, namespace } }, source: { file: 'f', path: 'items[0]' } });
      const snapshot = buildSnapshot({
        bundle: { path: '/b.tar.gz', name: 'b.tar.gz', format: 'podmortem' },
        resources: {
          pods: [record('Pod', 'web-y', 'shop'), record('Pod', 'web-j', 'shop'), record('Pod', 'web-i', 'shop')],
          nodes: [record('Node', 'node-y'), record('Node', 'node-j')],
        },
      });
      console.log(JSON.stringify({
        collator: ['y', 'j'].sort(new Intl.Collator().compare),
        pods: snapshot.pods.map((p) => p.name),
        nodes: snapshot.nodes.map((n) => n.name),
      }));`;
    const env = { ...process.env, LANG: 'lt_LT.UTF-8', LC_ALL: 'lt_LT.UTF-8' };
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env })) as Record<string, string[]>;
    expect(out['collator'], 'the child runs under a Lithuanian collator').toEqual(['y', 'j']);
    expect(out['pods']).toEqual(['web-i', 'web-j', 'web-y']);
    expect(out['nodes']).toEqual(['node-j', 'node-y']);
  });
});
