import { expect, it } from 'vitest';
import { analyze } from '../../../src/analyze/index.js';
import rule from '../../../src/analyze/checks/cluster-dns-unreachable.js';
import { at, container, crashLooping, log, pod, snapshot } from '../fixtures.js';
import { testCheck } from '../rule-tester.js';

/** An app that exits at startup because its first lookup failed, with the line its runtime really prints. */
function app(podName: string, deployment: string, line: string) {
  return {
    pod: pod({ name: podName, deployment, containers: [container(deployment, crashLooping({ exitCode: 1, reason: 'Error', startedAt: at(0), finishedAt: at(5) }))] }),
    log: log({ pod: podName, container: deployment, lines: ['starting', line] }),
  };
}
const GO_TIMEOUT = 'panic: dial tcp: lookup postgres.shop.svc.cluster.local on 10.96.0.10:53: read udp 10.244.1.5:43215->10.96.0.10:53: i/o timeout';
const NODE_EAI_AGAIN = 'Error: getaddrinfo EAI_AGAIN redis';
const NXDOMAIN = 'panic: dial tcp: lookup postgress on 10.96.0.10:53: no such host';

const coredns = pod({ name: 'coredns-5d78c9869d-abcde', namespace: 'kube-system', containers: [container('coredns', { restartCount: 0, ready: false, state: { running: { startedAt: at(0) } } })] });

const bundle = (apps: Array<ReturnType<typeof app>>, extra: ReturnType<typeof pod>[] = []) =>
  snapshot({ pods: [...apps.map((a) => a.pod), ...extra], logs: apps.map((a) => a.log) });

testCheck(rule, {
  fires: [
    {
      name: 'a Go service and a Node service both time out against the cluster DNS, and CoreDNS is not ready',
      snapshots: [bundle([app('api-1', 'api', GO_TIMEOUT), app('cart-1', 'cart', NODE_EAI_AGAIN)], [coredns])],
      messageId: 'unreachable',
      data: { workloadCount: 2, podCount: 2, servers: ['10.96.0.10'], dnsPodCount: 1, dnsPodsNotReady: 1 },
    },
  ],
  quiet: [
    { name: 'one workload\'s DNS timeout is that workload\'s', snapshots: [bundle([app('api-1', 'api', GO_TIMEOUT)])] },
    { name: 'replicas of one workload count once', snapshots: [bundle([app('api-1', 'api', GO_TIMEOUT), app('api-2', 'api', GO_TIMEOUT)])] },
    { name: '`no such host` means DNS answered: a wrong name, not an unreachable DNS', snapshots: [bundle([app('api-1', 'api', NXDOMAIN), app('cart-1', 'cart', NXDOMAIN)])] },
  ],
});

it('the check escalates and shows the DNS pods beside the failing lines', () => {
  const report = analyze([bundle([app('api-1', 'api', GO_TIMEOUT), app('cart-1', 'cart', GO_TIMEOUT)], [coredns])]);
  const check = report.escalation.checks.find((c) => c.kind === 'cluster-dns-unreachable')!;
  expect(check.summary).toBe('the cluster DNS (10.96.0.10) did not answer 2 unrelated workloads in shop-prod.tar.gz (2 pods); 1 of 1 DNS pods are not ready');
  expect(check.evidence.filter((block) => block.kind === 'table').map((block) => block.label)).toEqual(['DNS failures, side by side', 'cluster DNS pods']);
  expect(report.escalation.status).toBe('escalate');
});
