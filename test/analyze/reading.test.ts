/**
 * How a container died, read once: the endings issue 9 names, and the probes that used to come out wrong.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { readingOf } from '../../src/analyze/reading.js';
import { troubledContainers } from '../../src/analyze/select.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { at, container, crashLooping, endpoints, event, log, pod, service, snapshot } from './fixtures.js';

function only(s: Snapshot) {
  const p = s.pods[0]!;
  const [troubled] = troubledContainers(p, s);
  return readingOf({ snapshot: s, pod: p, container: troubled!.container, trouble: troubled!.trouble });
}

describe('the reading of a troubled container', () => {
  it('SIGKILL with reason Error, no events and an ERROR line is killed, not "logs a fatal error"', () => {
    const s = snapshot({
      pods: [pod({ name: 'api-1', deployment: 'api', containers: [container('api', crashLooping({ exitCode: 137, reason: 'Error' }))] })],
      logs: [log({ pod: 'api-1', container: 'api', lines: ['starting', 'ERROR cache warmup slow'] })],
    });
    expect(only(s).ending).toBe('killed');
    const finding = analyze([s]).findings[0]!;
    expect(finding.cause).toBe('unknown');
    expect(finding.messageId).toBe('killed-by-signal');
    // The error-like line is shown, not taken for the cause.
    expect(finding.data['errorLines']).toEqual(['ERROR cache warmup slow']);
  });

  it("libpq 14's password failure is rejected credentials, not a timeout to db:5432", () => {
    const s = snapshot({
      pods: [pod({ name: 'api-1', deployment: 'api', containers: [container('api', crashLooping({ exitCode: 1, reason: 'Error' }))] })],
      logs: [log({ pod: 'api-1', container: 'api', lines: ['connection to server at "db" (10.0.0.5), port 5432 failed: FATAL:  password authentication failed for user "app"'] })],
    });
    const finding = analyze([s]).findings[0]!;
    expect(finding.cause).toBe('app-error-at-startup');
    expect(finding.kind).toBe('credentials-rejected');
    expect(finding.alsoSeen.map((x) => x.cause)).not.toContain('boot-dependency-unavailable');
  });

  it('a web server that shuts down cleanly (exit 0) after a liveness kill was killed by its probe', () => {
    const s = snapshot({
      pods: [pod({ name: 'web-1', deployment: 'web', containers: [container('web', crashLooping({ exitCode: 0, reason: 'Completed' }), { livenessProbe: { httpGet: { path: '/healthz', port: 8080 } } })] })],
      events: [
        event({ pod: 'web-1', container: 'web', reason: 'Unhealthy', message: 'Liveness probe failed: HTTP probe failed with statuscode: 500', type: 'Warning', count: 9, last: at(4) }),
        event({ pod: 'web-1', container: 'web', reason: 'Killing', message: 'Container web failed liveness probe, will be restarted', count: 3, last: at(4) }),
      ],
    });
    expect(only(s).ending).toBe('probe-killed');
    const finding = analyze([s]).findings[0]!;
    expect(finding.cause).toBe('liveness-probe-failure');
    expect(finding.kind).toBe('http-error');
  });

  it('a container caught Running between crashes is read from its current log', () => {
    const s = snapshot({
      pods: [
        pod({
          name: 'api-1',
          deployment: 'api',
          containers: [container('api', { restartCount: 140, ready: false, state: { running: { startedAt: at(3) } }, lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: at(0), finishedAt: at(2) } } })],
        }),
      ],
      events: [event({ pod: 'api-1', container: 'api', reason: 'BackOff', message: 'Back-off restarting failed container api in pod api-1_shop(uid)', type: 'Warning', count: 600 })],
      logs: [log({ pod: 'api-1', container: 'api', previous: false, lines: ['Error: connect ECONNREFUSED 10.96.14.2:5432'] })],
    });
    const reading = only(s);
    expect(reading.crashLooping).toBe(true);
    expect(reading.log?.which).toBe('current');
    expect(analyze([s]).findings[0]).toMatchObject({ cause: 'boot-dependency-unavailable', kind: 'refused' });
  });

  it('cluster DNS that does not answer is not a wrong host name', () => {
    const s = snapshot({
      pods: [pod({ name: 'api-1', deployment: 'api', containers: [container('api', crashLooping({ exitCode: 1, reason: 'Error' }))] })],
      logs: [log({ pod: 'api-1', container: 'api', lines: ['dial tcp: lookup postgres on 10.96.0.10:53: read udp 10.244.1.5:43120->10.96.0.10:53: i/o timeout'] })],
    });
    const finding = analyze([s]).findings[0]!;
    expect(finding).toMatchObject({ cause: 'boot-dependency-unavailable', kind: 'cluster-dns' });
    expect(finding.fix.owner).toBe('platform');
  });

  it('follows host → Service → the pod behind it, and points at the dependency\'s own state as the root', () => {
    const postgres = pod({ name: 'postgres-0', phase: 'Pending', containers: [container('postgres', { ready: false, state: { waiting: { reason: 'ContainerCreating' } } })] });
    (postgres.metadata as { labels?: Record<string, string> }).labels = { app: 'postgres' };
    const s = snapshot({
      pods: [pod({ name: 'api-1', deployment: 'api', containers: [container('api', crashLooping({ exitCode: 1, reason: 'Error' }))] }), postgres],
      events: [event({ pod: 'postgres-0', reason: 'FailedScheduling', type: 'Warning', message: '0/3 nodes are available: 3 pod has unbound immediate PersistentVolumeClaims.' })],
      services: [service('postgres')],
      endpoints: [endpoints('postgres', [], [])],
      logs: [log({ pod: 'api-1', container: 'api', lines: ['Error: connect ECONNREFUSED postgres:5432'] })],
    });
    const finding = analyze([s]).findings.find((f) => f.pod === 'api-1')!;
    expect(finding.cause).toBe('boot-dependency-unavailable');
    expect(finding.data['dependencyPod']).toBe('shop/postgres-0');
    expect(finding.summary).toContain('its pod shop/postgres-0 is Pending: 0/3 nodes are available');
    expect(finding.fix.steps[0]).toContain('postgres-0');
  });
});
