import { expect, it } from 'vitest';
import { analyze } from '../../../src/analyze/index.js';
import rule from '../../../src/analyze/checks/control-plane-disruption.js';
import { at, container, crashLooping, log, pod, running, snapshot } from '../fixtures.js';
import { testCheck } from '../rule-tester.js';

/** A controller that restarted after losing its lease, with the real client-go lines, stamped like must-gather logs. */
function controller(podName: string, deployment: string, containerName: string, namespace: string, second: number, lease = `${namespace}/${containerName}-leader`) {
  const stamp = (offsetMs: number) => new Date(Date.parse(at(second)) + offsetMs).toISOString().replace('Z', '000000Z');
  return {
    pod: pod({ name: podName, namespace, deployment, containers: [container(containerName, running(1, { exitCode: 255, reason: 'Error', startedAt: at(second - 300), finishedAt: at(second) }))] }),
    log: log({
      pod: podName,
      namespace,
      container: containerName,
      timestamped: true,
      lines: [
        `${stamp(-20)} I1120 10:00:00.000000       1 leaderelection.go:243] attempting to acquire leader lease ${lease}...`,
        `${stamp(0)} I1120 10:00:00.000000       1 leaderelection.go:278] failed to renew lease ${lease}: timed out waiting for the condition`,
        `${stamp(1)} F1120 10:00:00.000000       1 leader_election.go:209] stopped leading`,
      ],
    }),
  };
}

const bundle = (controllers: Array<ReturnType<typeof controller>>) =>
  snapshot({ pods: controllers.map((c) => c.pod), logs: controllers.map((c) => c.log) });

/** One CSI controller pod whose two sidecars hold separate leases, plus an unrelated controller, 120 ms apart. */
function sidecarsAndSnapshotter() {
  const attacher = controller('csi-ctrl-1', 'ebs-csi-controller', 'csi-attacher', 'csi', 100);
  const provisioner = controller('csi-ctrl-1', 'ebs-csi-controller', 'csi-provisioner', 'csi', 100);
  const snapshotter = controller('snap-1', 'snapshot-controller', 'snapshot-controller', 'storage', 100);
  const csiPod = attacher.pod as { spec: { containers: unknown[] }; status: { containerStatuses: unknown[] } };
  const other = provisioner.pod as typeof csiPod;
  csiPod.spec.containers.push(...other.spec.containers);
  csiPod.status.containerStatuses.push(...other.status.containerStatuses);
  return snapshot({ pods: [attacher.pod, snapshotter.pod], logs: [attacher.log, provisioner.log, snapshotter.log] });
}

testCheck(rule, {
  fires: [
    {
      name: 'two CSI sidecars of one driver pod and an unrelated snapshot controller lose their leases in the same second',
      snapshots: [
        sidecarsAndSnapshotter(),
      ],
      messageId: 'disrupted',
      data: { controllerCount: 3, workloadCount: 2, kinds: ['leader'] },
    },
    {
      name: 'three unrelated operators lose leader election within 12 seconds',
      snapshots: [bundle([controller('a-1', 'a', 'a', 'ops', 100), controller('b-1', 'b', 'b', 'ops', 106), controller('c-1', 'c', 'c', 'ops', 112)])],
      messageId: 'disrupted',
      data: { controllerCount: 3, workloadCount: 3, spreadMs: 12_000 },
    },
  ],
  quiet: [
    { name: 'one controller losing its lease is that controller\'s business', snapshots: [bundle([controller('a-1', 'a', 'a', 'ops', 100)])] },
    {
      name: 'three replicas of one workload losing their leases are one workload',
      snapshots: [bundle([controller('a-1', 'a', 'a', 'ops', 100), controller('a-2', 'a', 'a', 'ops', 101), controller('a-3', 'a', 'a', 'ops', 102)])],
    },
    {
      name: 'three unrelated controllers losing their leases hours apart are unrelated',
      snapshots: [bundle([controller('a-1', 'a', 'a', 'ops', 100), controller('b-1', 'b', 'b', 'ops', 3700), controller('c-1', 'c', 'c', 'ops', 7300)])],
    },
  ],
});

it('puts the correlated lines side by side and makes the platform own the findings it covers', () => {
  const report = analyze([bundle([controller('a-1', 'a', 'a', 'shop', 100), controller('b-1', 'b', 'b', 'shop', 101), controller('c-1', 'c', 'c', 'shop', 102)])]);
  const check = report.escalation.checks.find((c) => c.kind === 'control-plane-disruption')!;
  const table = check.evidence.find((block) => block.kind === 'table');
  expect(table ? table.rows.map((row) => row[3]) : []).toEqual(['a', 'b', 'c']);
  for (const finding of report.findings) {
    expect(finding.owner).toEqual({ team: 'platform', reason: 'check control-plane-disruption' });
    expect(finding.fix.owner).toBe('platform');
    expect(finding.checks).toEqual(['control-plane-disruption']);
  }
});

it('a crash-looping controller counts too (a lost lease that keeps coming back)', () => {
  const looping = controller('a-1', 'a', 'a', 'ops', 100);
  const crashing = pod({ name: 'a-1', namespace: 'ops', deployment: 'a', containers: [container('a', crashLooping({ exitCode: 255, startedAt: at(0), finishedAt: at(100) }))] });
  const report = analyze([bundle([{ ...looping, pod: crashing }, controller('b-1', 'b', 'b', 'ops', 101), controller('c-1', 'c', 'c', 'ops', 102)])]);
  expect(report.escalation.checks.map((c) => c.kind)).toEqual(['control-plane-disruption']);
});
