import { expect } from 'vitest';
import rule from '../../../src/analyze/causes/startup-probe-failure.js';
import { at, container, crashLooping, event, log, pod, running, snapshot } from '../fixtures.js';
import { testCause } from '../rule-tester.js';

const startup = { httpGet: { path: '/ready', port: 9000 }, periodSeconds: 5, failureThreshold: 6 };

function started(opts: { ran?: number; events: Array<{ reason: string; message: string }>; logLines?: string[] }) {
  const name = 'search-5f7b-qwert';
  return snapshot({
    pods: [
      pod({
        name,
        deployment: 'search',
        containers: [container('search', crashLooping({ exitCode: 137, reason: 'Error', startedAt: at(0), finishedAt: at(opts.ran ?? 31) }, 9), { startupProbe: startup, livenessProbe: { httpGet: { path: '/live', port: 9000 } } })],
      }),
    ],
    events: opts.events.map((e) => event({ pod: name, container: 'search', ...e })),
    logs: opts.logLines ? [log({ pod: name, container: 'search', lines: opts.logLines, timestamped: true })] : [],
  });
}

const KILLING = { reason: 'Killing', message: 'Container search failed startup probe, will be restarted' };

testCause(rule, {
  fires: [
    {
      name: 'the startup budget (5s × 6 = 30s) is shorter than the boot the log shows',
      snapshot: started({
        events: [{ reason: 'Unhealthy', message: 'Startup probe failed: Get "http://10.244.2.9:9000/ready": dial tcp 10.244.2.9:9000: connect: connection refused' }, KILLING],
        logLines: ['2026-11-20T10:00:00Z opening index shards', '2026-11-20T10:00:30Z opened 12/40 shards'],
      }),
      messageId: 'slow-boot',
      data: { budgetSeconds: 30, neverReady: true, failure: 'connection-refused' },
      verify: (match) => {
        expect(match.fix.snippet?.code).toContain('startupProbe:');
        expect(match.fix.snippet?.code).toContain('port: 9000');
        expect(match.fix.summary).toContain('failureThreshold');
      },
    },
    {
      name: 'startup failures with a Killing event but no log: the kill is still decisive',
      snapshot: started({ events: [{ reason: 'Unhealthy', message: 'Startup probe failed: HTTP probe failed with statuscode: 503' }, KILLING] }),
      messageId: 'killed',
      data: { failure: 'http-status', statusCode: 503 },
      confidence: 'high',
    },
    {
      name: 'newer kubelet wording: probe errored and resulted in unknown state',
      snapshot: started({ events: [{ reason: 'Unhealthy', message: 'Startup probe errored and resulted in unknown state: rpc error: code = Unknown desc = command error: container is stopping' }, KILLING] }),
      messageId: 'killed',
      data: { failure: 'errored' },
    },
  ],
  quiet: [
    { name: 'a healthy workload with a startup probe', snapshot: snapshot({ pods: [pod({ name: 's-1', deployment: 's', containers: [container('s', running(0), { startupProbe: startup })] })] }) },
    {
      name: 'a liveness kill is not a startup kill',
      snapshot: started({ events: [{ reason: 'Killing', message: 'Container search failed liveness probe, will be restarted' }] }),
    },
    {
      name: 'startup failures that did not lead to a kill (the app exited 1 on its own)',
      snapshot: snapshot({
        pods: [pod({ name: 's-1', deployment: 's', containers: [container('s', crashLooping({ exitCode: 1, reason: 'Error' }), { startupProbe: startup })] })],
        events: [event({ pod: 's-1', container: 's', reason: 'Unhealthy', message: 'Startup probe failed: HTTP probe failed with statuscode: 503' })],
      }),
    },
  ],
});
