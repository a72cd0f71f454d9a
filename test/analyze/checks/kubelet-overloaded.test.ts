import { expect, it } from 'vitest';
import { analyze } from '../../../src/analyze/index.js';
import rule from '../../../src/analyze/checks/kubelet-overloaded.js';
import { container, crashLooping, event, node, pod, running, snapshot } from '../fixtures.js';
import { testCheck } from '../rule-tester.js';

const TIMEOUT = (ip: string) => `Liveness probe failed: Get "http://${ip}:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;

function timingOut(name: string, deployment: string, nodeName: string, message = TIMEOUT('10.244.1.7')) {
  return {
    pod: pod({ name, deployment, node: nodeName, containers: [container(deployment, crashLooping({ exitCode: 137, reason: 'Error' }), { livenessProbe: { httpGet: { path: '/healthz', port: 8080 } } })] }),
    events: [
      event({ pod: name, container: deployment, reason: 'Unhealthy', message, count: 6, host: nodeName }),
      event({ pod: name, container: deployment, reason: 'Killing', message: `Container ${deployment} failed liveness probe, will be restarted`, host: nodeName }),
    ],
  };
}

const sick = node({
  name: 'node-b',
  conditions: [
    { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory' },
    { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'PLEG is not healthy: pleg was last seen active 3m5.3s ago; threshold is 3m0s' },
  ],
});

function cluster(parts: Array<ReturnType<typeof timingOut>>, nodes = [node({ name: 'node-a' }), sick], extraEvents: ReturnType<typeof event>[] = []) {
  return snapshot({ nodes, pods: parts.map((p) => p.pod), events: [...parts.flatMap((p) => p.events), ...extraEvents] });
}

testCheck(rule, {
  fires: [
    {
      name: 'two unrelated workloads time out on a node whose Ready condition says PLEG is not healthy',
      snapshots: [cluster([timingOut('api-1', 'api', 'node-b'), timingOut('cart-1', 'cart', 'node-b', 'Readiness probe failed: command "redis-cli ping" timed out')])],
      messageId: 'node-overloaded',
      data: { node: 'node-b', workloadCount: 2, signals: ['PLEG is not healthy'], podCount: 2 },
    },
    {
      name: 'three unrelated workloads time out on one node with no node-side signal in the bundle',
      snapshots: [cluster([timingOut('api-1', 'api', 'node-a'), timingOut('cart-1', 'cart', 'node-a'), timingOut('search-1', 'search', 'node-a')], [node({ name: 'node-a' })])],
      messageId: 'node-overloaded',
      data: { node: 'node-a', workloadCount: 3, signals: [] },
    },
    {
      name: 'node events (NodeNotReady, ContainerGCFailed) count as node signals',
      snapshots: [
        cluster(
          [timingOut('api-1', 'api', 'node-a'), timingOut('cart-1', 'cart', 'node-a')],
          [node({ name: 'node-a' })],
          [event({ node: 'node-a', reason: 'NodeNotReady', message: 'Node node-a status is now: NodeNotReady' }), event({ node: 'node-a', reason: 'ContainerGCFailed', message: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded' })],
        ),
      ],
      messageId: 'node-overloaded',
      data: { signals: ['NodeNotReady', 'ContainerGCFailed'] },
    },
  ],
  quiet: [
    { name: 'one slow probe on a sick node', snapshots: [cluster([timingOut('api-1', 'api', 'node-b')])] },
    { name: 'replicas of one workload timing out on one node', snapshots: [cluster([timingOut('api-1', 'api', 'node-b'), timingOut('api-2', 'api', 'node-b')])] },
    {
      name: 'timeouts spread evenly across nodes',
      snapshots: [cluster([timingOut('api-1', 'api', 'node-a'), timingOut('cart-1', 'cart', 'node-a'), timingOut('search-1', 'search', 'node-b'), timingOut('web-1', 'web', 'node-b')], [node({ name: 'node-a' }), node({ name: 'node-b' })])],
    },
    {
      name: 'HTTP 503s (not timeouts) from two workloads on a healthy node',
      snapshots: [cluster([timingOut('api-1', 'api', 'node-a', 'Liveness probe failed: HTTP probe failed with statuscode: 503'), timingOut('cart-1', 'cart', 'node-a', 'Liveness probe failed: HTTP probe failed with statuscode: 503')])],
    },
    { name: 'a healthy cluster', snapshots: [snapshot({ pods: [pod({ name: 'a-1', deployment: 'a', containers: [container('a', running(0))] })] })] },
  ],
});

it('points at the node conditions and lists the pods in a table', () => {
  const report = analyze([cluster([timingOut('api-1', 'api', 'node-b'), timingOut('cart-1', 'cart', 'node-b')])]);
  const check = report.escalation.checks[0]!;
  expect(check.summary).toBe('probes of 2 unrelated workloads time out on node node-b (2 pods), and the node shows PLEG is not healthy: the node or its kubelet is overloaded');
  expect(check.evidence[0]).toMatchObject({ kind: 'table', primary: true, rows: [['shop', 'api-1', 'api', 'liveness', 'a timeout', '6'], ['shop', 'cart-1', 'cart', 'liveness', 'a timeout', '6']] });
  expect(check.evidence).toContainEqual(expect.objectContaining({ kind: 'field', file: 'cluster-resources/nodes.json', path: 'items[1].status.conditions' }));
  expect(check.fix.owner).toBe('platform');
});
