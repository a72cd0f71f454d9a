/**
 * Ownership per finding, the verdict (escalate / no escalation / inconclusive), the FAQ and the alert rules, each on
 * small snapshots built like the reader builds them.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { podOwnership } from '../../src/analyze/ownership.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { at, container, crashLooping, log, pod, running, snapshot } from './fixtures.js';

const crashing = (name: string, namespace: string, extra: Partial<Parameters<typeof pod>[0]> = {}, spec: Record<string, unknown> = {}) =>
  pod({ name, namespace, deployment: name.replace(/-\d+$/, ''), containers: [container('app', crashLooping({ exitCode: 1, reason: 'Error', startedAt: at(0), finishedAt: at(5) }), spec)], ...extra });
const recovered = (name: string, namespace: string) =>
  pod({ name, namespace, deployment: name.replace(/-\d+$/, ''), containers: [container('app', running(2, { exitCode: 255, reason: 'Error', startedAt: at(0), finishedAt: at(100) }))] });
const podView = (snap: Snapshot, name: string) => snap.pods.find((p) => p.name === name)!;

describe('ownership', () => {
  const snap = snapshot({
    pods: [
      crashing('api-1', 'shop'),
      crashing('sdn-1', 'openshift-sdn'),
      crashing('ds-1', 'infra', {}, {}),
      pod({ name: 'etcd-master-0', namespace: 'infra', containers: [container('etcd', running(0))] }),
      crashing('csi-1', 'storage', {}, { image: 'registry.k8s.io/sig-storage/csi-provisioner:v5.1.0' }),
    ],
  });
  // A static pod is owned by its node; a system-* priority class marks a platform pod anywhere.
  const staticPod = podView(snap, 'etcd-master-0');
  staticPod.owners.push({ kind: 'Node', name: 'master-0', resolved: true });
  const critical = podView(snap, 'ds-1');
  critical.object.spec!.priorityClassName = 'system-node-critical';

  it.each([
    ['api-1', 'application', 'namespace shop runs applications'],
    ['sdn-1', 'platform', 'namespace openshift-sdn'],
    ['ds-1', 'platform', 'priority class system-node-critical'],
    ['etcd-master-0', 'platform', 'static pod of node master-0'],
    ['csi-1', 'platform', 'platform image registry.k8s.io/sig-storage/csi-provisioner:v5.1.0'],
  ])('%s belongs to the %s team (%s)', (name, team, reason) => {
    expect(podOwnership(podView(snap, name))).toEqual({ team, reason });
  });
});

describe('the verdict', () => {
  it('escalates in one line when a platform component crashes now', () => {
    const report = analyze([snapshot({ pods: [crashing('coredns-1', 'kube-system'), crashing('api-1', 'shop')] })]);
    expect(report.escalation).toMatchObject({ escalate: true, status: 'escalate', platformCrashes: ['0/kube-system/coredns-1/app'] });
    expect(report.escalation.summary).toBe('escalate to platform/SRE: 1 platform component crashes now (kube-system/app)');
    expect(report.findings.find((f) => f.namespace === 'kube-system')!.fix.owner).toBe('platform');
    expect(report.escalation.teamFixes).toHaveLength(1);
  });

  it('does not escalate for a platform component that restarted and recovered, and says who owns it', () => {
    const report = analyze([snapshot({ pods: [recovered('operator-1', 'openshift-monitoring')] })]);
    expect(report.escalation).toMatchObject({ escalate: false, status: 'no-escalation', platformCrashes: [] });
    expect(report.escalation.summary).toBe(
      'no escalation: 1 platform component restarted earlier and runs again (openshift-monitoring/app): the platform team owns it, nothing crashes now',
    );
    expect(report.escalation.teamFixes).toEqual([]);
  });

  it('is inconclusive when the archive is truncated, saying what could not be read and never that nothing crashed', () => {
    const snap = snapshot({ pods: [] });
    snap.diagnostics.push({ severity: 'error', code: 'truncated-archive', file: '', byte: 35014, message: 'the archive is truncated' });
    const report = analyze([snap]);
    expect(report.escalation).toMatchObject({ status: 'inconclusive', escalate: false, unreadable: ['shop-prod.tar.gz: the archive is truncated at byte 35014, so every file after that point (pods, events, logs) is missing'] });
    expect(report.escalation.summary).toMatch(/^inconclusive: .*; no crash was found in what could be read, which proves nothing$/);
  });

  it('is inconclusive when a pod list could not be parsed, and still escalates what it saw', () => {
    const snap = snapshot({ pods: [crashing('coredns-1', 'kube-system')] });
    snap.diagnostics.push({ severity: 'warning', code: 'malformed-json', file: 'cluster-resources/pods/shop.json', resource: 'pods', message: 'bad JSON' });
    const report = analyze([snap]);
    expect(report.escalation.status).toBe('inconclusive');
    expect(report.escalation.escalate).toBe(true);
    expect(report.escalation.summary).toContain('the pod list cluster-resources/pods/shop.json could not be read (malformed-json)');
    expect(report.escalation.summary).toContain('escalate to platform/SRE anyway: 1 platform component crashes now');
  });

  it('is not inconclusive for damage that hides no crash (a cut log, a forbidden DaemonSet list)', () => {
    const snap = snapshot({ pods: [crashing('api-1', 'shop')] });
    snap.diagnostics.push({ severity: 'warning', code: 'truncated-file', file: 'logs/api.log', message: 'cut' });
    snap.diagnostics.push({ severity: 'warning', code: 'collection-error', file: 'cluster-resources/daemonsets-errors.json', message: 'forbidden' });
    expect(analyze([snap]).escalation.status).toBe('no-escalation');
  });
});

describe('the FAQ, answered with the container\'s facts', () => {
  it('gives the next restart from the back-off in the waiting message and the last exit', () => {
    const report = analyze([snapshot({ pods: [crashing('api-1', 'shop')] })]);
    const answer = report.findings[0]!.faq!.find((a) => a.id === 'next-restart')!;
    // The fixture's bundle was captured an hour after that exit: the answer says the restart has happened since.
    expect(answer.answer).toContain('back-off 2m40s, so the next start is due about 2026-11-20T10:02:45Z (2m40s after the exit at 2026-11-20T10:00:05Z), before the bundle was captured: it has restarted since');
  });

  it('says the back-off was reset when the last instance ran over 10 minutes', () => {
    const long = pod({ name: 'api-1', deployment: 'api', containers: [container('api', { ...crashLooping({ exitCode: 1, startedAt: at(0), finishedAt: at(900) }, 1), state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=api pod=api-1_shop(uid)' } } })] });
    const answer = analyze([snapshot({ pods: [long] })]).findings[0]!.faq!.find((a) => a.id === 'next-restart')!;
    expect(answer.answer).toContain('ran 15m0s, over 10 min, so the back-off was reset');
  });

  it('explains exit 137 with and without OOMKilled, and 143', () => {
    const make = (exitCode: number, reason: string) =>
      analyze([snapshot({ pods: [pod({ name: 'api-1', deployment: 'api', containers: [container('api', crashLooping({ exitCode, reason, startedAt: at(0), finishedAt: at(90) }))] })] })]).findings[0]!.faq!.find((a) => a.id === 'exit-code')?.answer;
    expect(make(137, 'OOMKilled')).toMatch(/^137 = 128 \+ 9 \(SIGKILL\), and the runtime says OOMKilled/);
    expect(make(137, 'Error')).toMatch(/^137 = 128 \+ 9 \(SIGKILL\) without OOMKilled/);
    expect(make(143, 'Error')).toMatch(/^143 = 128 \+ 15 \(SIGTERM\)/);
    expect(make(1, 'Error')).toBeUndefined();
  });

  it('says why `kubectl logs --previous` is empty and gives the command with names quoted', () => {
    const snap = snapshot({ pods: [pod({ name: 'api-1', namespace: "team's", deployment: 'api', containers: [container('api', crashLooping({ exitCode: 1, startedAt: at(0), finishedAt: at(5) }))] })] });
    const answer = analyze([snap]).findings[0]!.faq!.find((a) => a.id === 'previous-log-empty')!;
    expect(answer.answer).toContain('the kubelet keeps only the last terminated instance');
    expect(answer.answer).toContain("kubectl logs api-1 -n 'team'\\''s' -c api --previous");
  });

  it('says a layout that never saves previous logs is why there is none, from what the layout declares', () => {
    const snap = snapshot({ pods: [pod({ name: 'api-1', deployment: 'api', containers: [container('api', crashLooping({ exitCode: 1, startedAt: at(0), finishedAt: at(5) }))] })] });
    const noPrevious = { ...snap, bundle: { ...snap.bundle, logs: { previous: 'never' as const, runtimeTimestamps: false } } };
    const answer = analyze([noPrevious]).findings[0]!.faq!.find((a) => a.id === 'previous-log-empty')!;
    expect(answer.answer).toContain('bundle never holds previous logs: its collector does not fetch them');
  });

  it('no previous-log answer when the previous log is there; restartPolicy Never and the probe answered', () => {
    const withProbe = pod({ name: 'api-1', deployment: 'api', containers: [container('api', crashLooping({ exitCode: 1, startedAt: at(0), finishedAt: at(5) }), { livenessProbe: { httpGet: { path: '/healthz', port: 8080 } } })] });
    const report = analyze([snapshot({ pods: [withProbe], logs: [log({ pod: 'api-1', container: 'api', lines: ['Error: Cannot find module \'express\''] })] })]);
    const ids = report.findings[0]!.faq!.map((a) => a.id);
    expect(ids).not.toContain('previous-log-empty');
    expect(ids).toEqual(expect.arrayContaining(['restart-policy-never', 'disable-probe']));
    expect(report.findings[0]!.faq!.find((a) => a.id === 'disable-probe')!.answer).toMatch(/^no: the probe did not kill it/);
  });
});

describe('alert rules', () => {
  it('one PrometheusRule per crashing workload, with the OOM rule only for OOM kills, names escaped', () => {
    const oom = pod({ name: 'cache-7c9d5f-abcde', deployment: 'cache', containers: [container('redis', crashLooping({ exitCode: 137, reason: 'OOMKilled', startedAt: at(0), finishedAt: at(90) }))] });
    const report = analyze([snapshot({ pods: [oom, crashing('api-1', 'shop')] })]);
    expect(report.alerts!.map((a) => a.workload.name).sort()).toEqual(['api', 'cache']);
    const cache = report.alerts!.find((a) => a.workload.name === 'cache')!.snippet.code;
    expect(cache).toContain('kind: PrometheusRule');
    expect(cache).toContain('increase(container_oom_events_total{namespace=\\"shop\\", pod=~\\"cache-.*\\", container=~\\"redis\\"}[15m]) > 0');
    expect(report.alerts!.find((a) => a.workload.name === 'api')!.snippet.code).not.toContain('container_oom_events_total');
  });
});

describe('ownership on a bundle troubleshoot wrote on a real cluster (sbctl\'s, committed)', () => {
  it('kube-system static pods and weave-net are the platform\'s, velero is the application\'s (a bad release), nothing platform crashes now', async () => {
    const { analyzeBundles } = await import('../../src/pipeline.js');
    const { report } = await analyzeBundles([new URL('../fixtures/real/sbctl/support-bundle', import.meta.url).pathname]);
    const owners = Object.fromEntries(report.findings.map((f) => [`${f.namespace}/${f.container}`, f.owner?.reason]));
    expect(owners).toMatchObject({
      'velero/velero': 'namespace velero runs applications',
      'kube-system/haproxy': 'namespace kube-system',
      'kube-system/weave': 'namespace kube-system',
    });
    expect(report.escalation.status).toBe('no-escalation');
    expect(report.escalation.summary).toMatch(/5 platform components restarted earlier and run again .*: the platform team owns them, nothing crashes now$/);
    // The crash began with a release: revision 8 changed the args from `server` to `server-junk`, revision 7 runs.
    expect(report.releases).toMatchObject([
      { workload: { name: 'velero' }, current: { revision: 8 }, previous: { revision: 7, readyReplicas: 1 }, changes: [{ field: 'spec.template.spec.containers[velero].args', before: '["server","--features="]', after: '["server-junk","--features="]' }] },
    ]);
    expect(report.escalation.teamFixes[0]).toBe('Deployment/velero: roll back revision 8 to 7 (kubectl rollout undo deployment/velero -n velero --to-revision=7)');
  });
});

it('app pods whose cause lies outside the pod are the platform\'s fix but not platform components (troubleshoot\'s real k3s bundle)', async () => {
  const { analyzeBundles } = await import('../../src/pipeline.js');
  const { report } = await analyzeBundles([new URL('../fixtures/real/troubleshoot/testdata-supportbundle/support-bundle.tar.gz', import.meta.url).pathname]);
  const nginx = report.findings.filter((f) => f.namespace === 'default');
  expect(nginx.map((f) => f.owner)).toEqual([
    { team: 'platform', reason: 'the cause lies outside the pod' },
    { team: 'platform', reason: 'the cause lies outside the pod' },
  ]);
  expect(report.escalation.summary).toMatch(/^no escalation: 6 platform components restarted earlier .*; 2 crashes of applications have their cause outside the pod \(default\/hello, default\/nginx\): the platform team owns the fix$/);
});
