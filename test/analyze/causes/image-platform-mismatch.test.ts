import { expect } from 'vitest';
import rule from '../../../src/analyze/causes/image-platform-mismatch.js';
import { container, crashLooping, log, node, pod, running, snapshot } from '../fixtures.js';
import { testCause } from '../rule-tester.js';

const onArm = (status: Parameters<typeof container>[1], lines?: string[]) =>
  snapshot({
    nodes: [node({ name: 'node-1', architecture: 'arm64' })],
    pods: [pod({ name: 'api-1', deployment: 'api', containers: [{ name: 'api', image: 'ghcr.io/acme/api:2.0', status }] })],
    logs: lines ? [log({ pod: 'api-1', container: 'api', lines })] : [],
  });

testCause(rule, {
  fires: [
    {
      name: 'runc writes `exec … exec format error` to the container log on an arm64 node',
      snapshot: onArm(crashLooping({ exitCode: 255, reason: 'Error' }), ['exec /usr/local/bin/api: exec format error']),
      messageId: 'exec-format-error',
      data: { nodeArchitecture: 'arm64', executable: '/usr/local/bin/api', image: 'ghcr.io/acme/api:2.0', exitCode: 255 },
      confidence: 'high',
      verify: (match) => {
        expect(match.evidence.primary).toMatchObject({ kind: 'log', decisiveLine: 1 });
        expect(match.evidence.supporting).toContainEqual(expect.objectContaining({ kind: 'field', path: 'items[0].status.nodeInfo.architecture', value: 'arm64' }));
      },
    },
    {
      name: 'docker-era text in a StartError message',
      snapshot: onArm(crashLooping({ exitCode: 128, reason: 'StartError', message: 'standard_init_linux.go:228: exec user process caused: exec format error' })),
      messageId: 'exec-format-error',
      data: { nodeArchitecture: 'arm64' },
    },
    {
      name: 'containerd StartError with the runc wording',
      snapshot: onArm(crashLooping({ exitCode: 128, reason: 'StartError', message: 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/app": exec format error: unknown' })),
      messageId: 'exec-format-error',
      data: { executable: '/app' },
    },
  ],
  quiet: [
    { name: 'a healthy workload', snapshot: onArm(running(0)) },
    { name: 'an app error without exec format error', snapshot: onArm(crashLooping({ exitCode: 1, reason: 'Error' }), ['panic: boom']) },
  ],
});
