import { describe, expect, it } from 'vitest';
import { runAnalysis } from '../../src/analyze/engine.js';
import { analyze, CAUSE_RULES, CHECK_RULES, LOG_KEEP_PATTERNS } from '../../src/analyze/index.js';
import oomKilled from '../../src/analyze/causes/oom-killed.js';
import { evidenceList } from '../../src/analyze/evidence.js';
import { defineCause, findingData } from '../../src/analyze/rule.js';
import { orderFindings } from '../../src/analyze/severity.js';
import type { Evidence, Finding } from '../../src/model/report.js';
import { ENDINGS } from '../../src/analyze/reading.js';
import { troubledContainers } from '../../src/analyze/select.js';
import { at, container, crashLooping, event, log, pod, running, snapshot } from './fixtures.js';

const oomWithRefusal = () =>
  snapshot({
    pods: [pod({ name: 'api-1', deployment: 'api', containers: [container('api', crashLooping({ exitCode: 137, reason: 'OOMKilled' }), { resources: { limits: { memory: '512Mi' } } })] })],
    logs: [log({ pod: 'api-1', container: 'api', lines: ['boot', 'Error: connect ECONNREFUSED 10.96.14.2:5432', "KeyError: 'X'"] })],
  });

describe('selection', () => {
  const cases: Array<[string, Parameters<typeof container>[1], boolean, Record<string, unknown>?]> = [
    ['CrashLoopBackOff', crashLooping({ exitCode: 1 }), true],
    ['ImagePullBackOff', { state: { waiting: { reason: 'ImagePullBackOff' } } }, true],
    ['CreateContainerConfigError', { state: { waiting: { reason: 'CreateContainerConfigError' } } }, true],
    ['running after a failure (recovered)', running(2, { exitCode: 1, reason: 'Error' }), true],
    ['running after OOMKilled', running(1, { exitCode: 137, reason: 'OOMKilled' }), true],
    ['healthy', running(0), false],
    ['restarted after exit 0 and running', running(1, { exitCode: 0, reason: 'Completed' }), false],
    ['not ready (readiness failing) but never restarted', { ...running(0), ready: false }, false],
    ['ContainerCreating without FailedMount', { state: { waiting: { reason: 'ContainerCreating' } } }, false],
  ];
  for (const [name, status, expected] of cases) {
    it(`${expected ? 'selects' : 'skips'} a container ${name}`, () => {
      const s = snapshot({ pods: [pod({ name: 'p-1', deployment: 'p', containers: [container('p', status)] })] });
      expect(troubledContainers(s.pods[0]!).length > 0).toBe(expected);
    });
  }

  it('selects crash loops whatever the kubelet version wrote in the back-off message', () => {
    for (const message of [
      'back-off 5m0s restarting failed container=api pod=api-1_shop(uid-api-1)',
      'Back-off 5m0s restarting failed container=api pod=api-1_shop(uid-api-1)',
    ]) {
      const s = snapshot({ pods: [pod({ name: 'api-1', deployment: 'api', containers: [container('api', { ...crashLooping({ exitCode: 1 }), state: { waiting: { reason: 'CrashLoopBackOff', message } } })] })] });
      expect(troubledContainers(s.pods[0]!).map((t) => t.trouble.kind)).toEqual(['crash-looping']);
    }
  });

  it('skips a Job container that exited 0 and selects one that failed', () => {
    const s = snapshot({
      pods: [
        pod({ name: 'ok-1', job: 'ok', phase: 'Succeeded', containers: [container('ok', { state: { terminated: { exitCode: 0, reason: 'Completed' } } })] }),
        pod({ name: 'bad-1', job: 'bad', phase: 'Failed', containers: [container('bad', { state: { terminated: { exitCode: 2, reason: 'Error' } } })] }),
      ],
    });
    expect(s.pods.map((p) => [p.name, troubledContainers(p).map((t) => t.trouble.kind)])).toEqual([
      ['bad-1', ['failed']],
      ['ok-1', []],
    ]);
  });

  it('an init container that blocks the pod is selected as init-blocking, its waiting app container is not', () => {
    const s = snapshot({
      pods: [
        pod({
          name: 'p-1',
          deployment: 'p',
          phase: 'Pending',
          containers: [
            { name: 'migrate', kind: 'init', status: crashLooping({ exitCode: 1, reason: 'Error' }) },
            { name: 'istio-proxy', kind: 'sidecar', status: running(0) },
            container('app', { state: { waiting: { reason: 'PodInitializing' } } }),
          ],
        }),
      ],
    });
    expect(troubledContainers(s.pods[0]!).map((t) => [t.container.name, t.container.kind, t.trouble.kind])).toEqual([['migrate', 'init', 'init-blocking']]);
  });
});

describe('engine', () => {
  it('how it died outranks what it logged: OOMKilled + ECONNREFUSED + KeyError is oom-killed, the rest alsoSeen', () => {
    const report = analyze([oomWithRefusal()]);
    expect(report.findings).toHaveLength(1);
    const finding = report.findings[0]!;
    expect(finding.cause).toBe('oom-killed');
    expect(finding.alsoSeen.map((s) => s.cause)).toEqual(['boot-dependency-unavailable', 'app-error-at-startup']);
    expect(finding.id).toBe('0/shop/api-1/api');
    expect(finding.fix.docs).toBe('docs/rules/oom-killed.md');
    expect(finding.workload).toEqual({ kind: 'Deployment', name: 'api' });
    expect(finding.containerKind).toBe('regular');
  });

  it('a dependency error outranks a generic stack trace', () => {
    const s = snapshot({
      pods: [pod({ name: 'a-1', deployment: 'a', containers: [container('a', crashLooping({ exitCode: 1, reason: 'Error' }))] })],
      logs: [log({ pod: 'a-1', container: 'a', lines: ['Traceback (most recent call last):', '  File "/app/db.py", line 3', 'ConnectionRefusedError: [Errno 111] Connection refused'] })],
    });
    const finding = analyze([s]).findings[0]!;
    expect(finding.cause).toBe('boot-dependency-unavailable');
    // One line is one cause: the refusal that ends the traceback is the dependency's, not also a generic exception.
    expect(finding.alsoSeen.map((x) => x.cause)).toEqual([]);
  });

  it('a rule that throws becomes a report error and the others still run', () => {
    const broken = defineCause({ id: 'app-error-at-startup', title: 't', docs: 'd', tier: 'log', rank: 1, messages: { x: 'x' }, keepPatterns: [], explains: ENDINGS, decide: () => { throw new Error('boom'); } });
    const report = runAnalysis([oomWithRefusal()], { causes: [broken, ...CAUSE_RULES.filter((r) => r.id !== 'app-error-at-startup')], checks: CHECK_RULES });
    expect(report.errors).toEqual([{ rule: 'app-error-at-startup', bundle: 'shop-prod.tar.gz', target: 'shop/api-1/api', message: 'boom' }]);
    expect(report.findings[0]!.cause).toBe('oom-killed');
  });

  it('a template placeholder without data is the rule\'s error, not a crash', () => {
    const sloppy = defineCause({ id: 'unknown', title: 't', docs: 'd', tier: 'fallback', rank: 1, messages: { x: '{container} and {nothing}' }, keepPatterns: [], explains: ENDINGS, decide: ({ container: c }) => ({ messageId: 'x', data: { container: c.name }, confidence: 'low', evidence: { primary: { kind: 'note', label: 'state', text: 'sloppy' }, supporting: [] }, fix: { summary: 's', steps: [], owner: 'application' } }) });
    const report = runAnalysis([oomWithRefusal()], { causes: [sloppy], checks: [] });
    expect(report.errors[0]!.message).toBe('message placeholder {nothing} has no data');
  });

  it('orders findings most severe first: crash-looping with high confidence before a recovered container', () => {
    const s = snapshot({
      pods: [
        pod({ name: 'old-1', deployment: 'old', containers: [container('old', running(3, { exitCode: 137, reason: 'OOMKilled' }), { resources: { limits: { memory: '1Gi' } } })] }),
        pod({ name: 'now-1', deployment: 'now', containers: [container('now', crashLooping({ exitCode: 137, reason: 'OOMKilled' }, 2), { resources: { limits: { memory: '1Gi' } } })] }),
        pod({ name: 'vague-1', deployment: 'vague', containers: [container('vague', crashLooping({ exitCode: 1, reason: 'Error' }, 2))] }),
      ],
    });
    const findings = analyze([s]).findings;
    expect(findings.map((f) => f.pod)).toEqual(['now-1', 'vague-1', 'old-1']);
    expect(findings.map((f) => f.severity)).toEqual([87, 72, 48]);
  });

  it('orders ties the way every renderer does: by namespace, pod and container before the bundle, whatever the locale', () => {
    const crashing = (name: string, namespace: string) =>
      pod({ name, namespace, deployment: name.replace(/-\d+$/, ''), containers: [container('app', crashLooping({ exitCode: 1, reason: 'Error' }, 2))] });
    const eu = snapshot({ pods: [crashing('b-1', 'shop'), crashing('a-1', 'shop')] });
    const us = snapshot({ pods: [crashing('a-1', 'shop'), crashing('Z-1', 'shop')] });
    const { findings } = analyze([eu, us]);
    // Bundle 1's pods sort among bundle 0's by name; `Z` (code point 90) before `a`, as the renderers order them.
    expect(findings.map((f) => f.id)).toEqual(['1/shop/Z-1/app', '0/shop/a-1/app', '1/shop/a-1/app', '0/shop/b-1/app']);
    expect(orderFindings([...findings].reverse())).toEqual(findings);
  });

  it('marks exactly one evidence block primary, and puts it first, whatever the rule copied in', () => {
    const note = (text: string, primary?: boolean): Evidence => ({ kind: 'note', label: text, text, ...(primary ? { primary } : {}) });
    // A check may copy a block from another finding, where it was that finding's primary block.
    expect(evidenceList({ primary: note('decides'), supporting: [note('copied', true), note('backs up')] })).toEqual([
      { kind: 'note', label: 'decides', text: 'decides', primary: true },
      { kind: 'note', label: 'copied', text: 'copied' },
      { kind: 'note', label: 'backs up', text: 'backs up' },
    ]);
    for (const finding of analyze([oomWithRefusal()]).findings) {
      expect(finding.evidence.filter((block) => block.primary)).toEqual([finding.evidence[0]]);
    }
  });

  it('reads a finding back through the rule that wrote it, typed, and nothing from another cause', () => {
    const [finding] = analyze([oomWithRefusal()]).findings as [Finding];
    const oom = findingData(finding, oomKilled);
    expect(oom?.messageId).toBe('cgroup-limit');
    expect(oom?.data.limitBytes).toBe(512 * 2 ** 20);
    const other = CAUSE_RULES.find((rule) => rule.id === 'app-error-at-startup')!;
    expect(findingData(finding, other)).toBeUndefined();
  });

  it('builds a timeline from state times and events, ending at the capture', () => {
    const s = snapshot({
      pods: [pod({ name: 'a-1', deployment: 'a', containers: [container('a', crashLooping({ exitCode: 1, reason: 'Error', startedAt: at(100), finishedAt: at(130) }))] })],
      events: [event({ pod: 'a-1', container: 'a', reason: 'BackOff', message: 'Back-off restarting failed container a in pod a-1_shop(uid-a-1)', count: 14, first: at(40), last: at(200) })],
    });
    const timeline = analyze([s]).findings[0]!.timeline;
    expect(timeline.map((t) => [t.time, t.kind, t.label])).toEqual([
      [new Date(at(100)).toISOString(), 'started', 'previous instance started'],
      [new Date(at(130)).toISOString(), 'terminated', 'previous instance exited 1 (Error)'],
      [new Date(at(200)).toISOString(), 'event', 'BackOff'],
      [new Date(at(3600)).toISOString(), 'captured', 'bundle captured'],
    ]);
    expect(timeline[2]!.detail).toContain('(×14 since');
  });

  it('without a check the verdict says plainly that the fix lives with the application and lists the fixes', () => {
    const report = analyze([oomWithRefusal()]);
    expect(report.escalation).toMatchObject({ escalate: false, checks: [], summary: 'no escalation: the fix for the crashing container lives in the application or its YAML' });
    expect(report.escalation.teamFixes).toHaveLength(1);
    expect(report.escalation.teamFixes[0]).toMatch(/^Deployment\/api \(api, oom-killed\): measure the container's peak memory/);
  });

  it('an empty snapshot gives no findings, no escalation and a bundle summary', () => {
    const report = analyze([snapshot({ pods: [pod({ name: 'a-1', deployment: 'a', containers: [container('a', running(0))] })] })], { generatorVersion: '9.9.9' });
    expect(report).toMatchObject({ schemaVersion: 2, generator: { name: 'podmortem', version: '9.9.9' }, findings: [], errors: [] });
    expect(report.escalation.summary).toBe('no escalation: no crashing or restarted container found');
    expect(report.bundles[0]).toMatchObject({ name: 'shop-prod.tar.gz', format: 'troubleshoot', kubernetesVersion: 'v1.30.4', counts: { namespaces: 1, nodes: 1, pods: 1, containers: 1, events: 0, logs: 0 } });
  });

  it('is deterministic: the same snapshots give the same report', () => {
    expect(JSON.stringify(analyze([oomWithRefusal()]))).toBe(JSON.stringify(analyze([oomWithRefusal()])));
  });
});

describe('LOG_KEEP_PATTERNS', () => {
  it('keeps the decisive lines every log rule reads and is stateless', () => {
    const lines = [
      "KeyError: 'DATABASE_URL'",
      'Error: connect ECONNREFUSED 10.96.14.2:5432',
      'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
      'exec /usr/local/bin/app: exec format error',
      "/usr/bin/env: 'bash\r': No such file or directory",
      'connection to server at "db" (10.0.0.5), port 5432 failed: Connection refused',
      'Started CatalogApplication in 95.2 seconds',
      'APPLICATION FAILED TO START',
    ];
    for (const line of lines) expect(LOG_KEEP_PATTERNS.some((p) => p.test(line)), line).toBe(true);
    expect(LOG_KEEP_PATTERNS.every((p) => !p.global && !p.sticky)).toBe(true);
    expect(LOG_KEEP_PATTERNS.some((p) => p.test('GET /healthz 200 3ms'))).toBe(false);
  });
});
