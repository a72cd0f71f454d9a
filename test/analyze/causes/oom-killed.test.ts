import { expect } from 'vitest';
import rule from '../../../src/analyze/causes/oom-killed.js';
import { at, container, crashLooping, event, log, node, pod, running, snapshot } from '../fixtures.js';
import { testCause } from '../rule-tester.js';

const limited = (memory: string) => ({ resources: { limits: { memory }, requests: { memory } } });

const oomKilled = (memory = '512Mi', extra: Record<string, unknown> = {}) =>
  pod({
    name: 'api-7c9d5f-x2k4q',
    deployment: 'api',
    containers: [container('api', crashLooping({ exitCode: 137, reason: 'OOMKilled', startedAt: at(0), finishedAt: at(754), ...extra }, 7), limited(memory))],
  });

testCause(rule, {
  fires: [
    {
      name: 'OOMKilled at a 512Mi limit reports the limit as a number and how long it ran',
      snapshot: snapshot({ pods: [oomKilled()] }),
      messageId: 'cgroup-limit',
      data: { limitBytes: 536870912, limit: '512Mi', ranSeconds: 754, ranFor: '12m34s', exitCode: 137 },
      confidence: 'high',
      verify: (match) => {
        const primary = match.evidence.primary;
        expect(primary).toMatchObject({
          kind: 'field',
          file: 'cluster-resources/pods/shop.json',
          path: 'items[0].status.containerStatuses[0].lastState.terminated.reason',
          value: 'OOMKilled',
        });
        expect(match.fix.snippet?.code).toContain('666Mi');
      },
    },
    {
      name: 'a limit written as 0.5Gi and one written as 1G are parsed as numbers',
      snapshot: snapshot({ pods: [oomKilled('1G')] }),
      messageId: 'cgroup-limit',
      data: { limitBytes: 1_000_000_000, limit: '953.7Mi' },
    },
    {
      name: 'a Failed Job pod whose container stays OOMKilled (state.terminated)',
      snapshot: snapshot({
        pods: [
          pod({
            name: 'report-gen-29412-abcde',
            job: 'report-gen-29412',
            phase: 'Failed',
            containers: [container('gen', { state: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: at(0), finishedAt: at(42) } } }, limited('256Mi'))],
          }),
        ],
      }),
      messageId: 'cgroup-limit',
      data: { limitBytes: 268435456, ranSeconds: 42 },
    },
    {
      name: 'OOMKilled without a limit of its own: the pod or node ran out',
      snapshot: snapshot({ pods: [pod({ name: 'worker-1', deployment: 'worker', containers: [container('worker', crashLooping({ exitCode: 137, reason: 'OOMKilled' }))] })] }),
      messageId: 'no-limit',
      data: { limitBytes: undefined },
    },
    {
      name: 'exit 137 without OOMKilled but a node-problem-detector OOMKilling event on the node (global OOM)',
      snapshot: snapshot({
        pods: [pod({ name: 'cache-1', deployment: 'cache', containers: [container('cache', crashLooping({ exitCode: 137, reason: 'Error', startedAt: at(0), finishedAt: at(300) }), limited('2Gi'))] })],
        events: [
          event({
            node: 'node-1',
            reason: 'OOMKilling',
            message: 'Out of memory: Killed process 3103923 (redis-server) total-vm:15791416kB, anon-rss:143695kB, file-rss:4kB, shmem-rss:36kB, UID:0 pgtables:28184kB oom_score_adj:1000',
            first: at(299),
            last: at(299),
          }),
        ],
      }),
      messageId: 'node-oom',
      data: { nodeOomScope: 'node', killedProcess: 'redis-server', anonRssBytes: 143695 * 1024 },
      confidence: 'medium',
    },
    {
      name: 'Node.js V8 heap limit (exit 134) is told apart from the cgroup limit',
      snapshot: snapshot({
        pods: [pod({ name: 'web-1', deployment: 'web', containers: [container('web', crashLooping({ exitCode: 134, reason: 'Error' }), limited('1Gi'))] })],
        logs: [
          log({
            pod: 'web-1',
            container: 'web',
            lines: [
              'server listening on :3000',
              '<--- Last few GCs --->',
              '[1:0x5f1e2a0]   301245 ms: Mark-Compact 2045.3 (2083.1) -> 2043.9 (2083.6) MB, 1771.2 / 0.0 ms  (average mu = 0.115, current mu = 0.004) allocation failure',
              'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
            ],
          }),
        ],
      }),
      messageId: 'runtime-heap',
      data: { runtime: 'v8', exitCode: 134, limitBytes: 1073741824 },
      verify: (match) => expect(match.evidence.primary).toMatchObject({ kind: 'log', decisiveLine: 4 }),
    },
    {
      name: 'JVM ExitOnOutOfMemoryError (exit 3)',
      snapshot: snapshot({
        pods: [pod({ name: 'orders-1', deployment: 'orders', containers: [container('orders', crashLooping({ exitCode: 3, reason: 'Error' }), limited('768Mi'))] })],
        logs: [log({ pod: 'orders-1', container: 'orders', lines: ['Started OrdersApplication in 21.4 seconds', 'Terminating due to java.lang.OutOfMemoryError: Java heap space'] })],
      }),
      messageId: 'runtime-heap',
      data: { runtime: 'jvm', exitCode: 3 },
    },
    {
      name: 'OOMKilled that also logs ECONNREFUSED stays oom-killed',
      snapshot: snapshot({
        pods: [oomKilled()],
        logs: [log({ pod: 'api-7c9d5f-x2k4q', container: 'api', lines: ['connecting to postgres', 'Error: connect ECONNREFUSED 10.96.14.2:5432'] })],
      }),
      messageId: 'cgroup-limit',
    },
  ],
  quiet: [
    { name: 'a healthy running workload', snapshot: snapshot({ pods: [pod({ name: 'api-1', deployment: 'api', containers: [container('api', running(0), limited('512Mi'))] })] }) },
    {
      name: 'exit 137 without OOMKilled and no node OOM event (a liveness kill or pod deletion)',
      snapshot: snapshot({ pods: [pod({ name: 'api-1', deployment: 'api', containers: [container('api', crashLooping({ exitCode: 137, reason: 'Error' }), limited('512Mi'))] })] }),
    },
    {
      name: 'a node OOM event long before the container ran does not count',
      snapshot: snapshot({
        pods: [pod({ name: 'api-1', deployment: 'api', containers: [container('api', crashLooping({ exitCode: 137, reason: 'Error', startedAt: at(3000), finishedAt: at(3100) }))] })],
        events: [event({ node: 'node-1', reason: 'SystemOOM', message: 'System OOM encountered, victim process: java, pid: 1234', first: at(10), last: at(10) })],
        nodes: [node({ name: 'node-1' })],
      }),
    },
    {
      name: 'a Java heap message with exit 1 from a container that was not killed is an app error only when the heap line is absent',
      snapshot: snapshot({
        pods: [pod({ name: 'api-1', deployment: 'api', containers: [container('api', crashLooping({ exitCode: 1, reason: 'Error' }))] })],
        logs: [log({ pod: 'api-1', container: 'api', lines: ['Exception in thread "main" java.lang.IllegalStateException: no config'] })],
      }),
    },
  ],
});
