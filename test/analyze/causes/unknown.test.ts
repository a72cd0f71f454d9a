import { expect } from 'vitest';
import rule from '../../../src/analyze/causes/unknown.js';
import { at, container, crashLooping, event, log, pod, running, snapshot } from '../fixtures.js';
import { testCause } from '../rule-tester.js';

const lonely = (terminated: Record<string, unknown>, extra: Parameters<typeof snapshot>[0] = {}) =>
  snapshot({ pods: [pod({ name: 'api-1', deployment: 'api', containers: [container('api', crashLooping(terminated))] })], ...extra });

testCause(rule, {
  fires: [
    {
      name: 'exit 1, no previous log and no events: says both are missing',
      snapshot: lonely({ exitCode: 1, reason: 'Error' }),
      messageId: 'no-evidence',
      data: { exitCode: 1, hasPreviousLog: false },
      confidence: 'low',
      verify: (match) => {
        const missing = match.data.missing;
        expect(missing.some((m) => m.includes('previous log'))).toBe(true);
        expect(missing.some((m) => m.includes('events (the bundle holds none)'))).toBe(true);
        expect(match.evidence.primary).toMatchObject({ kind: 'field', path: 'items[0].status.containerStatuses[0].lastState.terminated' });
      },
    },
    {
      name: 'the collector recorded why the previous log is missing',
      snapshot: lonely({ exitCode: 1, reason: 'Error' }, { logErrors: [{ namespace: 'shop', pod: 'api-1', container: 'api', message: 'previous terminated container "api" in pod "api-1" not found' }] }),
      messageId: 'no-evidence',
      verify: (match) => expect(match.data['missingText']).toContain('previous terminated container "api" in pod "api-1" not found'),
    },
    {
      name: 'events expired: the bundle\'s events start after the container died',
      snapshot: lonely({ exitCode: 1, reason: 'Error', startedAt: at(0), finishedAt: at(5) }, { events: [event({ pod: 'other-1', reason: 'Scheduled', message: 'Successfully assigned shop/other-1 to node-1', first: at(3000), last: at(3000) })] }),
      messageId: 'no-evidence',
      verify: (match) => expect(match.data['missingText']).toContain('they expired'),
    },
    {
      name: 'a log that ends without any error line',
      snapshot: lonely({ exitCode: 1, reason: 'Error' }, { logs: [log({ pod: 'api-1', container: 'api', lines: ['starting', 'listening on :8080'] })] }),
      messageId: 'no-decisive-line',
      verify: (match) => expect(match.evidence.supporting).toContainEqual(expect.objectContaining({ kind: 'log', label: 'end of the previous log' })),
    },
    { name: 'exit 137 with nothing to say who killed it', snapshot: lonely({ exitCode: 137, reason: 'Error' }), messageId: 'killed-by-signal', data: { signal: 'SIGKILL' } },
    {
      name: 'node or runtime restart (reason Unknown, exit 255), as in the troubleshoot k3s bundle',
      snapshot: snapshot({ pods: [pod({ name: 'coredns-1', deployment: 'coredns', containers: [container('coredns', running(96, { exitCode: 255, reason: 'Unknown', startedAt: at(0), finishedAt: at(100) }))] })] }),
      messageId: 'runtime-restarted',
      confidence: 'medium',
      verify: (match) => expect(match.fix.owner).toBe('platform'),
    },
  ],
  quiet: [
    { name: 'a healthy workload', snapshot: snapshot({ pods: [pod({ name: 'a-1', deployment: 'a', containers: [container('a', running(0))] })] }) },
    { name: 'a readiness-only failure', snapshot: snapshot({ pods: [pod({ name: 'a-1', deployment: 'a', containers: [container('a', { ...running(0), ready: false })] })], events: [event({ pod: 'a-1', container: 'a', reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503' })] }) },
  ],
});
