/**
 * The corpus loader end to end: case YAML → cluster model → a real bundle in each layout → the real reader and
 * analysis → the score; and the validation errors a harvester sees for a broken case file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseError, parseCase } from '../../src/corpus/case.js';
import { caseFiles, loadCase, runCase } from '../../src/corpus/load.js';
import { scoreExpectation } from '../../src/corpus/score.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'corpus-test-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const crashLoop = (layout: string, extra = '') => `
source: https://github.com/docker-library/postgres/issues/263
title: initdb refuses lost+found
why: test case
layout: ${layout}
expect:
  cause: app-error-at-startup
  mentions: lost+found
pods:
  - name: postgres-0
    namespace: db
    owner: StatefulSet/postgres
    containers:
      - name: postgres
        image: postgres:14
        restartCount: 12
        state: { waiting: { reason: CrashLoopBackOff } }
        lastState: { terminated: { reason: Error, exitCode: 1 } }
        previousLog: |
          initdb: error: directory "/var/lib/postgresql/data" exists but is not empty
          initdb: detail: It contains a lost+found directory, perhaps due to it being a mount point.
        currentLog: |
          initdb: error: directory "/var/lib/postgresql/data" exists but is not empty
          initdb: detail: It contains a lost+found directory, perhaps due to it being a mount point.
${extra}`;

describe('corpus cases end to end', () => {
  for (const layout of ['troubleshoot', 'podmortem', 'cluster-info-dump', 'must-gather']) {
    it(`reads a case written in the ${layout} layout back through the real reader`, async () => {
      const c = parseCase(`cases/pg-${layout}.yaml`, crashLoop(layout));
      const { score, report } = await runCase(c, work);
      expect(report.bundles[0]!.format).toBe(layout);
      const finding = report.findings.find((f) => f.pod === 'postgres-0')!;
      expect(finding.namespace).toBe('db');
      expect(finding.workload).toEqual({ kind: 'StatefulSet', name: 'postgres' });
      expect(finding.restartCount).toBe(12);
      expect(score.expectations[0]!.got?.cause).toBe(finding.cause);
      expect(finding.cause).toBe('app-error-at-startup');
    });
  }

  it('attributes kubelet events to the container they name, as their fieldPath would', async () => {
    const c = parseCase(
      'cases/probe.yaml',
      `
source: https://example.org/thread
title: liveness kill
why: test
expect: { cause: liveness-probe-failure }
pods:
  - name: web-6d9f7c8b5-x2k4q
    owner: Deployment/web
    containers:
      - name: web
        image: nginx:1.25
        spec: { livenessProbe: { httpGet: { path: /healthz, port: 8080 }, periodSeconds: 10, failureThreshold: 3 } }
        restartCount: 7
        state: { waiting: { reason: CrashLoopBackOff } }
        lastState: { terminated: { reason: Completed, exitCode: 0 } }
        ranSeconds: 40
events:
  - { type: Warning, reason: Unhealthy, message: "Liveness probe failed: HTTP probe failed with statuscode: 500", count: 21 }
  - { type: Normal, reason: Killing, message: "Container web failed liveness probe, will be restarted", count: 7 }
`,
    );
    const { report } = await runCase(c, work);
    expect(report.findings[0]!.workload).toEqual({ kind: 'Deployment', name: 'web' });
    expect(report.findings[0]!.cause).toBe('liveness-probe-failure');
  });

  it('scores every committed case file it can load (the files are valid)', async () => {
    const files = await caseFiles(new URL('../../corpus/cases/', import.meta.url).pathname);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) await expect(loadCase(file)).resolves.toMatchObject({ source: expect.stringMatching(/^https?:\/\//) });
  });
});

describe('case validation', () => {
  const problems = (text: string): string[] => {
    try {
      parseCase('cases/bad.yaml', text);
    } catch (error) {
      expect(error).toBeInstanceOf(CaseError);
      expect((error as Error).message).toContain('cases/bad.yaml');
      return (error as CaseError).problems;
    }
    throw new Error('the case was accepted');
  };

  it('names every missing field', () => {
    expect(problems('title: x\n')).toEqual(expect.arrayContaining(['source: missing', 'why: missing', 'pods: missing', expect.stringContaining('expect: missing')]));
  });

  it('rejects misspelt fields, unknown causes and kinds of another cause', () => {
    const found = problems(`
source: https://example.org/t
title: t
why: w
expect: { cause: app-error-at-startup, kind: slow-boot }
pods:
  - name: p
    containers:
      - { name: c, image: x, lastStae: { terminated: { exitCode: 1 } } }
`);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringContaining('expect.kind: "slow-boot" is not a kind of app-error-at-startup'),
        expect.stringContaining('pods[0].containers[0].lastStae: not a field here'),
      ]),
    );
    expect(problems(`source: https://e.org/t\ntitle: t\nwhy: w\nexpect: { cause: crashed }\npods: [ { name: p, containers: [ { name: c, image: x } ] } ]\n`)).toEqual([
      expect.stringContaining('expect.cause: "crashed" is not a cause id'),
    ]);
  });

  it('requires an exit code, a subject that exists and a source URL', () => {
    const found = problems(`
source: the thread
title: t
why: w
expect: [ { pod: q, container: c, cause: oom-killed } ]
pods:
  - name: p
    containers:
      - { name: c, image: x, lastState: { terminated: { reason: OOMKilled } } }
`);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringContaining("source: must be the thread's URL"),
        'expect[0].pod: no pod "q" in pods',
        expect.stringContaining('lastState.terminated.exitCode: a number is needed'),
      ]),
    );
  });

  it('reports YAML syntax errors with the file name', () => {
    expect(problems('source: [unclosed\n')[0]).toMatch(/^not valid YAML/);
  });
});

describe('scoring', () => {
  it('a healthy control is right only without a finding', () => {
    expect(scoreExpectation({ cause: 'none' }, 'p', undefined).right).toBe(true);
    expect(scoreExpectation({ cause: 'none' }, 'p', { cause: 'unknown', summary: 's', decisive: [] }).right).toBe(false);
  });

  it('checks kind, mentions (summary or decisive line) and owner when the case gives them', () => {
    const got = { cause: 'oom-killed', kind: 'limit', summary: 'api is OOM-killed', decisive: ['java.lang.OutOfMemoryError: Java heap space'], owner: 'application' };
    expect(scoreExpectation({ cause: 'oom-killed', kind: 'limit', mentions: 'java heap', owner: 'application' }, 'p', got).right).toBe(true);
    const wrong = scoreExpectation({ cause: 'oom-killed', kind: 'runtime-heap', mentions: 'metaspace', owner: 'platform' }, 'p', got);
    expect(wrong.causeRight).toBe(true);
    expect(wrong.misses).toEqual(['kind limit', 'does not mention "metaspace"', 'owner application']);
  });
});
