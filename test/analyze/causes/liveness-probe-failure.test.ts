import { expect } from 'vitest';
import rule from '../../../src/analyze/causes/liveness-probe-failure.js';
import { at, container, crashLooping, event, log, pod, running, snapshot } from '../fixtures.js';
import { testCause } from '../rule-tester.js';

const liveness = { httpGet: { path: '/healthz', port: 8080 }, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 3 };

function probed(opts: { exitCode?: number; ran?: number; events: Array<{ reason: string; message: string; count?: number }>; spec?: Record<string, unknown>; logLines?: string[]; timestamped?: boolean }) {
  const name = 'catalog-6d8f9-abcde';
  return snapshot({
    pods: [
      pod({
        name,
        deployment: 'catalog',
        containers: [
          container(
            'catalog',
            crashLooping({ exitCode: opts.exitCode ?? 137, reason: 'Error', startedAt: at(0), finishedAt: at(opts.ran ?? 45) }, 6),
            { livenessProbe: liveness, ...opts.spec },
          ),
        ],
      }),
    ],
    events: opts.events.map((e) => event({ pod: name, container: 'catalog', ...e, first: at(30), last: at(40) })),
    logs: opts.logLines ? [log({ pod: name, container: 'catalog', lines: opts.logLines, timestamped: opts.timestamped })] : [],
  });
}

const KILLING = { reason: 'Killing', message: 'Container catalog failed liveness probe, will be restarted' };

testCause(rule, {
  fires: [
    {
      name: 'HTTP 503 from the liveness endpoint after a long run: killed while running',
      snapshot: probed({
        ran: 7200,
        events: [{ reason: 'Unhealthy', message: 'Liveness probe failed: HTTP probe failed with statuscode: 503', count: 3 }, KILLING],
      }),
      messageId: 'failed-while-running',
      data: { failure: 'http-status', statusCode: 503, budgetSeconds: 40, ranSeconds: 7200 },
      confidence: 'high',
      verify: (match) => {
        expect(match.evidence.primary).toMatchObject({ kind: 'event', reason: 'Killing' });
        expect(match.fix.snippet?.code).toContain('livenessProbe');
      },
    },
    {
      name: 'a timeout (Client.Timeout exceeded) is told apart from an HTTP error',
      snapshot: probed({
        ran: 3600,
        events: [
          { reason: 'Unhealthy', message: 'Liveness probe failed: Get "http://10.244.1.7:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)' },
          KILLING,
        ],
      }),
      messageId: 'failed-while-running',
      data: { failure: 'timeout' },
    },
    {
      name: 'connection refused during a slow boot: the app logs it is up after 95s, the probe allows 40s',
      snapshot: probed({
        ran: 45,
        events: [{ reason: 'Unhealthy', message: 'Liveness probe failed: Get "http://10.244.1.7:8080/healthz": dial tcp 10.244.1.7:8080: connect: connection refused' }, KILLING],
        logLines: ['2026-11-20T10:00:00Z loading catalog index', '2026-11-20T10:01:35Z Started CatalogApplication in 95.2 seconds'],
        timestamped: true,
      }),
      messageId: 'slow-boot',
      data: { failure: 'connection-refused', bootSeconds: 95, budgetSeconds: 40, hasStartupProbe: false },
      verify: (match) => {
        expect(match.fix.snippet?.code).toMatch(/startupProbe:\n {2}httpGet:\n {4}path: \/healthz/);
        expect(match.fix.summary).toContain('startupProbe');
      },
    },
    {
      name: 'timestamped log that never says it is up before the kill: a slow boot',
      snapshot: probed({
        ran: 42,
        events: [{ reason: 'Unhealthy', message: 'Liveness probe failed: Get "http://10.244.1.7:8080/healthz": dial tcp 10.244.1.7:8080: connect: connection refused' }, KILLING],
        logLines: ['2026-11-20T10:00:00.100Z warming caches', '2026-11-20T10:00:41.900Z still warming caches (61%)'],
        timestamped: true,
      }),
      messageId: 'slow-boot',
      data: { neverReady: true },
    },
    {
      name: 'exec probe timeout (`command … timed out`)',
      snapshot: probed({
        ran: 5000,
        spec: { livenessProbe: { exec: { command: ['pg_isready', '-U', 'app'] }, periodSeconds: 10 } },
        events: [{ reason: 'Unhealthy', message: 'Liveness probe failed: command "pg_isready -U app" timed out' }, KILLING],
      }),
      messageId: 'failed-while-running',
      data: { failure: 'exec-timeout', handler: 'exec pg_isready -U app' },
    },
    {
      name: 'no Killing event (expired) but liveness failures and exit 137 without OOMKilled',
      snapshot: probed({ ran: 4000, events: [{ reason: 'Unhealthy', message: 'Liveness probe failed: HTTP probe failed with statuscode: 500' }] }),
      messageId: 'failed-while-running',
      confidence: 'medium',
    },
    {
      name: 'graceful exit 143 after liveness failures, aggregated event text',
      snapshot: probed({
        exitCode: 143,
        ran: 4000,
        events: [{ reason: 'Unhealthy', message: '(combined from similar events): Liveness probe failed: HTTP probe failed with statuscode: 500' }],
      }),
      messageId: 'failed-while-running',
      data: { exitCode: 143, statusCode: 500 },
    },
    {
      name: 'a 404 means the probe points at the wrong path',
      snapshot: probed({ events: [{ reason: 'Unhealthy', message: 'Liveness probe failed: HTTP probe failed with statuscode: 404' }, KILLING] }),
      messageId: 'wrong-endpoint',
      data: { statusCode: 404 },
    },
    {
      name: 'the busybox exec probe with empty output from the troubleshoot fixtures (`Liveness probe failed: `)',
      snapshot: probed({ events: [{ reason: 'Unhealthy', message: 'Liveness probe failed: ', count: 9 }, { reason: 'Killing', message: 'Container catalog failed liveness probe, will be restarted', count: 3 }] }),
      messageId: 'killed',
      data: { failure: 'exec-failed' },
    },
  ],
  quiet: [
    { name: 'a healthy workload', snapshot: snapshot({ pods: [pod({ name: 'a-1', deployment: 'a', containers: [container('a', running(0), { livenessProbe: liveness })] })] }) },
    {
      name: 'a readiness-only failure never restarts anything',
      snapshot: snapshot({
        pods: [pod({ name: 'a-1', deployment: 'a', containers: [container('a', { ...running(0), ready: false }, { readinessProbe: liveness })] })],
        events: [event({ pod: 'a-1', container: 'a', reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', count: 40 })],
      }),
    },
    {
      name: 'OOMKilled with earlier liveness failures stays an OOM',
      snapshot: snapshot({
        pods: [pod({ name: 'c-1', deployment: 'c', containers: [container('c', crashLooping({ exitCode: 137, reason: 'OOMKilled' }), { livenessProbe: liveness })] })],
        events: [event({ pod: 'c-1', container: 'c', reason: 'Killing', message: 'Container c failed liveness probe, will be restarted' })],
      }),
    },
    {
      name: 'a startup-probe kill is not a liveness kill',
      snapshot: probed({ events: [{ reason: 'Unhealthy', message: 'Startup probe failed: HTTP probe failed with statuscode: 503' }, { reason: 'Killing', message: 'Container catalog failed startup probe, will be restarted' }] }),
    },
    {
      name: 'exit 1 with liveness failures but no kill: the app died on its own',
      snapshot: probed({ exitCode: 1, events: [{ reason: 'Unhealthy', message: 'Liveness probe failed: HTTP probe failed with statuscode: 503' }] }),
    },
  ],
});
