import { expect } from 'vitest';
import rule from '../../../src/analyze/causes/wrong-command-or-args.js';
import { at, container, crashLooping, event, log, pod, running, snapshot } from '../fixtures.js';
import { testCause } from '../rule-tester.js';

const CONTAINERD_RUNC_11 =
  'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "curl": executable file not found in $PATH: unknown';
const CONTAINERD_RUNC_12 =
  'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "sh": executable file not found in $PATH: unknown';
const OLD_RUNC = 'OCI runtime create failed: container_linux.go:380: starting container process caused: exec: "gunicron": executable file not found in $PATH: unknown';

function startError(message: string, command: string[] = ['curl', '-sf', 'http://api/healthz']) {
  return snapshot({
    pods: [
      pod({
        name: 'probe-job-abc12',
        deployment: 'pinger',
        containers: [container('pinger', crashLooping({ exitCode: 128, reason: 'StartError', message, startedAt: '1970-01-01T00:00:00Z', finishedAt: at(3) }), { command })],
      }),
    ],
  });
}

const onePod = (status: Parameters<typeof container>[1], spec: Record<string, unknown> = {}, lines?: string[]) =>
  snapshot({
    pods: [pod({ name: 'web-1', deployment: 'web', containers: [container('web', status, spec)] })],
    logs: lines ? [log({ pod: 'web-1', container: 'web', lines })] : [],
  });

testCause(rule, {
  fires: [
    {
      name: 'containerd + runc 1.1: StartError exit 128, executable not in $PATH',
      snapshot: startError(CONTAINERD_RUNC_11),
      messageId: 'not-in-path',
      data: { executable: 'curl', exitCode: 128, reason: 'StartError', runtime: 'containerd', command: 'curl -sf http://api/healthz' },
      confidence: 'high',
      verify: (match) =>
        expect(match.evidence.find((e) => e.primary)).toMatchObject({
          kind: 'field',
          path: 'items[0].status.containerStatuses[0].lastState.terminated.message',
        }),
    },
    { name: 'runc 1.2 inserts "error during container init"', snapshot: startError(CONTAINERD_RUNC_12, ['sh', '-c', 'serve']), messageId: 'not-in-path', data: { executable: 'sh' } },
    { name: 'older runc (container_linux.go:380)', snapshot: startError(OLD_RUNC, ['gunicron']), messageId: 'not-in-path', data: { executable: 'gunicron' } },
    {
      name: 'an absolute path that does not exist (stat … no such file or directory)',
      snapshot: startError('failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/app/server": stat /app/server: no such file or directory: unknown', ['/app/server']),
      messageId: 'no-such-file',
      data: { executable: '/app/server' },
    },
    {
      name: 'an entrypoint that is not executable',
      snapshot: startError('failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/entrypoint.sh": permission denied: unknown', ['/entrypoint.sh']),
      messageId: 'permission-denied',
      data: { executable: '/entrypoint.sh' },
    },
    {
      name: 'Docker (cri-dockerd): ContainerCannotRun exit 127',
      snapshot: onePod(
        crashLooping({ exitCode: 127, reason: 'ContainerCannotRun', message: 'failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "wge": executable file not found in $PATH: unknown' }),
        { command: ['wge', 'http://x'] },
      ),
      messageId: 'not-in-path',
      data: { executable: 'wge', exitCode: 127 },
    },
    {
      name: 'CRI-O + crun: CreateContainerError while waiting',
      snapshot: onePod(
        { restartCount: 0, state: { waiting: { reason: 'CreateContainerError', message: 'container create failed: executable file `gunicorn` not found in $PATH: No such file or directory' } } },
        { command: ['gunicorn', 'app:app'] },
      ),
      messageId: 'not-in-path',
      data: { executable: 'gunicorn', where: 'waiting CreateContainerError' },
      verify: (match) => expect(match.evidence.find((e) => e.primary)).toMatchObject({ path: 'items[0].status.containerStatuses[0].state.waiting.message' }),
    },
    {
      name: 'CRI-O + runc: CreateContainerError `container create failed: …`',
      snapshot: onePod(
        { restartCount: 0, state: { waiting: { reason: 'CreateContainerError', message: 'container create failed: time="2026-11-20T10:00:01Z" level=error msg="runc create failed: unable to start container process: exec: \\"uvicorn\\": executable file not found in $PATH"' } } },
        { command: ['uvicorn', 'app:app'] },
      ),
      messageId: 'not-in-path',
    },
    {
      name: 'RunContainerError with a `Failed` event carrying the runtime text',
      snapshot: snapshot({
        pods: [pod({ name: 'web-1', deployment: 'web', containers: [container('web', { restartCount: 1, state: { waiting: { reason: 'RunContainerError', message: 'context deadline exceeded' } } })] })],
        events: [event({ pod: 'web-1', container: 'web', reason: 'Failed', message: `Error: ${CONTAINERD_RUNC_11}` })],
      }),
      messageId: 'not-in-path',
    },
    {
      name: 'a shell script with CRLF line ends (`bash\\r`)',
      snapshot: onePod(crashLooping({ exitCode: 127, reason: 'Error' }), { command: ['/app/start.sh'] }, ["/usr/bin/env: 'bash\r': No such file or directory"]),
      messageId: 'crlf-script',
      data: { executable: 'bash' },
      confidence: 'high',
    },
    {
      name: 'dash says `not found` (exit 127)',
      snapshot: onePod(crashLooping({ exitCode: 127, reason: 'Error' }), { command: ['sh', '-c', 'migrate && serve'] }, ['/bin/sh: 1: migrate: not found']),
      messageId: 'not-in-path',
      data: { executable: 'migrate' },
      verify: (match) => expect(match.evidence.find((e) => e.primary)).toMatchObject({ kind: 'log', decisiveLine: 1 }),
    },
    {
      name: 'a script that is not executable (exit 126)',
      snapshot: onePod(crashLooping({ exitCode: 126, reason: 'Error' }), { command: ['sh', '-c', './start.sh'] }, ['/bin/sh: 1: ./start.sh: Permission denied']),
      messageId: 'permission-denied',
      data: { executable: './start.sh' },
    },
    {
      name: 'java -jar with a wrong jar path',
      snapshot: onePod(crashLooping({ exitCode: 1, reason: 'Error' }), { args: ['-jar', '/app/app.jar'] }, ['Error: Unable to access jarfile /app/app.jar']),
      messageId: 'no-such-file',
      data: { executable: '/app/app.jar' },
    },
    { name: 'exit 127 with no text anywhere', snapshot: onePod(crashLooping({ exitCode: 127, reason: 'Error' })), messageId: 'exit-code', data: { exitCode: 127 } },
    {
      name: 'a command that exits 0 at once under restartPolicy Always',
      snapshot: onePod(crashLooping({ exitCode: 0, reason: 'Completed', startedAt: at(0), finishedAt: at(1) }), { command: ['sh', '-c', 'echo started'] }),
      messageId: 'exits-immediately',
      data: { ranSeconds: 1, restartPolicy: 'Always' },
    },
  ],
  quiet: [
    { name: 'a healthy workload', snapshot: onePod(running(0), { command: ['/app/server'] }) },
    {
      name: 'a Job container that exited 0',
      snapshot: snapshot({ pods: [pod({ name: 'migrate-1', job: 'migrate', phase: 'Succeeded', containers: [container('migrate', { state: { terminated: { exitCode: 0, reason: 'Completed' } } })] })] }),
    },
    {
      name: 'exec format error belongs to image-platform-mismatch',
      snapshot: startError('failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/app": exec format error: unknown'),
    },
    {
      name: 'an app error whose termination message (FallbackToLogsOnError) mentions a missing file',
      snapshot: onePod(crashLooping({ exitCode: 1, reason: 'Error', message: 'open /etc/app/config.yaml: no such file or directory' }), {}, ['level=fatal msg="open /etc/app/config.yaml: no such file or directory"']),
    },
  ],
});
