import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../../../src/analyze/causes/wrong-command-or-args.js';
import { analyze } from '../../../src/analyze/index.js';
import type { CauseMatch } from '../../../src/analyze/rule.js';
import { readSnapshot } from '../../../src/reader/index.js';
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

/**
 * An app whose argument parser rejects the command line: exit 1 or 2 within a second of starting, the parser's text
 * in the previous log. `spec` holds the command/args the pod gives it.
 */
function rejected(lines: string[], spec: Record<string, unknown>, terminated: Record<string, unknown> = {}) {
  return snapshot({
    pods: [pod({ name: 'worker-1', deployment: 'worker', containers: [container('worker', crashLooping({ exitCode: 2, reason: 'Error', startedAt: at(0), finishedAt: at(1), ...terminated }), spec)] })],
    logs: lines.length > 0 ? [log({ pod: 'worker-1', container: 'worker', lines })] : [],
  });
}

/** The parser's line is the primary evidence, and the spec entry holding the token is named by its path. */
function pointsAt(line: number, specPath?: string, value?: string) {
  return (match: CauseMatch) => {
    expect(match.evidence.primary).toMatchObject({ kind: 'log', decisiveLine: line });
    if (specPath) expect(match.evidence.supporting).toContainEqual(expect.objectContaining({ kind: 'field', path: `items[0].spec.containers[0].${specPath}`, value }));
    expect(match.fix.snippet?.code).toMatch(/# ← /);
  };
}

const COBRA_USAGE = ['Usage:', '  velero [command]', '', 'Available Commands:', '  server      Run the velero server'];

testCause(rule, {
  fires: [
    {
      name: 'cobra: Error: unknown command "server-junk" for "velero" (the sbctl bundle\'s velero)',
      snapshot: rejected(
        ['Error: unknown command "server-junk" for "velero"', "Run 'velero --help' for usage.", 'An error occurred: unknown command "server-junk" for "velero"'],
        { command: ['/velero'], args: ['server-junk', '--features='] },
        { exitCode: 1 },
      ),
      messageId: 'unknown-command',
      data: { token: 'server-junk', program: 'velero', framework: 'cobra', exitCode: 1, specField: 'args[0]', decisiveLine: 1 },
      confidence: 'high',
      verify: (match) => {
        pointsAt(1, 'args[0]', 'server-junk')(match);
        expect(match.fix.snippet?.code).toContain('- "server-junk"   # ← rejected');
        expect(match.fix.steps.join('\n')).toContain('--entrypoint /velero registry.example.com/shop/worker:1.4.2 --help');
      },
    },
    {
      name: 'cobra: Error: unknown flag: --log-levl (given as --log-levl=debug)',
      snapshot: rejected(['Error: unknown flag: --log-levl', ...COBRA_USAGE], { args: ['server', '--log-levl=debug'] }, { exitCode: 1 }),
      messageId: 'unknown-option',
      data: { token: '--log-levl', framework: 'cobra', specField: 'args[1]' },
      verify: pointsAt(1, 'args[1]', '--log-levl=debug'),
    },
    {
      name: "cobra: Error: unknown shorthand flag: 'x' in -xv",
      snapshot: rejected(["Error: unknown shorthand flag: 'x' in -xv", ...COBRA_USAGE], { args: ['server', '-xv'] }, { exitCode: 1 }),
      messageId: 'unknown-option',
      data: { token: '-xv', specField: 'args[1]' },
      verify: pointsAt(1, 'args[1]', '-xv'),
    },
    {
      name: 'Go flag: flag provided but not defined: -listen (exit 2), token in command',
      snapshot: rejected(['flag provided but not defined: -listen', 'Usage of /app/exporter:', '  -web.listen-address string'], { command: ['/app/exporter', '-listen', ':9100'] }),
      messageId: 'unknown-option',
      data: { token: '-listen', framework: 'go flag', specField: 'command[1]', exitCode: 2 },
      confidence: 'high',
      verify: pointsAt(1, 'command[1]', '-listen'),
    },
    {
      name: 'argparse: usage line, then error: unrecognized arguments',
      snapshot: rejected(
        ['usage: worker.py [-h] [--queue QUEUE] [--concurrency N]', 'worker.py: error: unrecognized arguments: --concurency 4'],
        { command: ['python', 'worker.py'], args: ['--queue', 'default', '--concurency', '4'] },
      ),
      messageId: 'unexpected-argument',
      data: { token: '--concurency', tokens: ['--concurency', '4'], framework: 'argparse', specField: 'args[2]', decisiveLine: 2 },
      verify: pointsAt(2, 'args[2]', '--concurency'),
    },
    {
      name: 'argparse: the following arguments are required (timestamped log)',
      snapshot: snapshot({
        pods: [pod({ name: 'worker-1', deployment: 'worker', containers: [container('worker', crashLooping({ exitCode: 2, reason: 'Error', startedAt: at(0), finishedAt: at(1) }), { command: ['python', 'worker.py'] })] })],
        logs: [log({ pod: 'worker-1', container: 'worker', timestamped: true, lines: ['2026-11-20T10:00:00.412345678Z usage: worker.py [-h] --queue QUEUE', '2026-11-20T10:00:00.412389011Z worker.py: error: the following arguments are required: --queue'] })],
      }),
      messageId: 'missing-argument',
      data: { token: '--queue', framework: 'argparse' },
      confidence: 'high',
      verify: (match) => {
        pointsAt(2)(match);
        expect(match.fix.snippet?.code).toContain('"<--queue>"   # ← required by the app');
      },
    },
    {
      name: 'click 8: Error: No such option: --workers Did you mean --worker?',
      snapshot: rejected(
        ['Usage: celery-exporter [OPTIONS]', "Try 'celery-exporter --help' for help.", '', 'Error: No such option: --workers Did you mean --worker?'],
        { args: ['--workers', '4'] },
      ),
      messageId: 'unknown-option',
      data: { token: '--workers', framework: 'click', specField: 'args[0]', decisiveLine: 4 },
      verify: pointsAt(4, 'args[0]', '--workers'),
    },
    {
      name: "click 8: Error: No such command 'serve'.",
      snapshot: rejected(['Usage: flask [OPTIONS] COMMAND [ARGS]...', "Try 'flask --help' for help.", '', "Error: No such command 'serve'."], { command: ['flask'], args: ['serve', '--host=0.0.0.0'] }),
      messageId: 'unknown-command',
      data: { token: 'serve', framework: 'click', specField: 'args[0]' },
      verify: pointsAt(4, 'args[0]', 'serve'),
    },
    {
      name: "picocli: Unknown option: '--sever.port'",
      snapshot: rejected(["Unknown option: '--sever.port'", 'Usage: gateway [-hV] [--server.port=<port>]'], { args: ['--sever.port=8080'] }),
      messageId: 'unknown-option',
      data: { token: '--sever.port', framework: 'picocli', specField: 'args[0]' },
      verify: pointsAt(1, 'args[0]', '--sever.port=8080'),
    },
    {
      name: "commander: error: unknown option '--prot' with its suggestion",
      snapshot: rejected(["error: unknown option '--prot'", '(Did you mean --port?)'], { command: ['node', 'dist/server.js'], args: ['--prot', '3000'] }, { exitCode: 1 }),
      messageId: 'unknown-option',
      data: { token: '--prot', framework: 'commander', specField: 'args[0]' },
      verify: pointsAt(1, 'args[0]', '--prot'),
    },
    {
      name: 'the token inside a shell string: sh -c "exec /velero server-junk"',
      snapshot: rejected(['Error: unknown command "server-junk" for "velero"', "Run 'velero --help' for usage."], { command: ['sh', '-c', 'exec /velero server-junk --features='] }, { exitCode: 1 }),
      messageId: 'unknown-command',
      data: { specField: 'command[2]' },
      confidence: 'high',
    },
    {
      name: 'the token is not in the spec (from an env var): medium confidence, the whole args as evidence',
      snapshot: rejected(['Error: unknown command "server-junk" for "velero"', "Run 'velero --help' for usage."], { command: ['/velero'], args: ['$(VELERO_MODE)'] }, { exitCode: 1 }),
      messageId: 'unknown-command',
      confidence: 'medium',
      verify: (match) => {
        expect(match.data['specField']).toBeUndefined();
        expect(match.evidence.supporting).toContainEqual(expect.objectContaining({ kind: 'field', path: 'items[0].spec.containers[0].args', value: ['$(VELERO_MODE)'] }));
      },
    },
    {
      name: 'no log collected, but terminated.message holds the parser text (FallbackToLogsOnError)',
      snapshot: rejected([], { command: ['/velero'], args: ['server-junk'] }, { exitCode: 1, message: 'Error: unknown command "server-junk" for "velero"\nRun \'velero --help\' for usage.\n' }),
      messageId: 'unknown-command',
      data: { where: 'termination message', token: 'server-junk' },
      verify: (match) => expect(match.evidence.primary).toMatchObject({ kind: 'field', path: 'items[0].status.containerStatuses[0].lastState.terminated.message' }),
    },

    {
      name: 'containerd + runc 1.1: StartError exit 128, executable not in $PATH',
      snapshot: startError(CONTAINERD_RUNC_11),
      messageId: 'not-in-path',
      data: { executable: 'curl', exitCode: 128, reason: 'StartError', runtime: 'containerd', command: 'curl -sf http://api/healthz' },
      confidence: 'high',
      verify: (match) =>
        expect(match.evidence.primary).toMatchObject({
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
      verify: (match) => expect(match.evidence.primary).toMatchObject({ path: 'items[0].status.containerStatuses[0].state.waiting.message' }),
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
      verify: (match) => expect(match.evidence.primary).toMatchObject({ kind: 'log', decisiveLine: 1 }),
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
      name: 'a healthy container whose current log prints a parser error of a sub-process',
      snapshot: snapshot({
        pods: [pod({ name: 'web-1', deployment: 'web', containers: [container('web', running(0), { args: ['server-junk'] })] })],
        logs: [log({ pod: 'web-1', container: 'web', previous: false, lines: ['Error: unknown command "server-junk" for "velero"'] })],
      }),
    },
    {
      name: '"unknown command" in other text, after a long run',
      snapshot: rejected(
        ['level=info msg="serving on :8080"', 'level=error msg="rejecting request: unknown command \\"FLUSHALL\\" for \\"redis\\""', 'panic: runtime error: invalid memory address or nil pointer dereference'],
        { args: ['serve'] },
        { exitCode: 2, startedAt: at(0), finishedAt: at(7200) },
      ),
    },
    {
      name: 'the parser line itself, but after a long run (not a startup rejection)',
      snapshot: rejected(['Error: unknown flag: --compact'], { args: ['serve'] }, { exitCode: 1, startedAt: at(0), finishedAt: at(3600) }),
    },
    {
      name: 'a parser-looking line deep in a long log',
      snapshot: rejected([...Array.from({ length: 80 }, (_, i) => `level=info msg="tick ${i}"`), 'Error: unknown flag: --compact'], { args: ['serve'] }, { exitCode: 1 }),
    },
    {
      name: 'argparse-looking error without the usage line',
      snapshot: rejected(['worker.py: error: unrecognized arguments: --concurency 4'], { args: ['--concurency', '4'] }),
    },
    {
      name: 'a parser line but killed by a signal (exit 137)',
      snapshot: rejected(['Error: unknown command "server-junk" for "velero"'], { args: ['server-junk'] }, { exitCode: 137, reason: 'OOMKilled' }),
    },
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

describe('wrong-command-or-args on the real sbctl bundle (test/fixtures/real/sbctl, see its SOURCE.md)', () => {
  it('velero\'s args ["server-junk", …] rejected by cobra is wrong-command-or-args, not app-error-at-startup', async () => {
    const snap = await readSnapshot(join(import.meta.dirname, '..', '..', 'fixtures', 'real', 'sbctl', 'support-bundle'));
    const report = analyze([snap]);
    expect(report.errors).toEqual([]);
    const velero = report.findings.find((f) => f.namespace === 'velero' && f.container === 'velero');
    expect(velero).toMatchObject({
      pod: 'velero-6996dd565b-xl44t',
      cause: 'wrong-command-or-args',
      messageId: 'unknown-command',
      confidence: 'high',
      data: { token: 'server-junk', program: 'velero', exitCode: 1, specField: 'args[0]' },
    });
    expect(velero!.evidence.find((e) => e.primary)).toMatchObject({
      kind: 'log',
      file: 'cluster-resources/pods/logs/velero/velero-6996dd565b-xl44t/velero-previous.log',
      decisiveLine: 1,
    });
    expect(velero!.evidence).toContainEqual(
      expect.objectContaining({ kind: 'field', file: 'cluster-resources/pods/velero.json', path: 'items[4].spec.containers[0].args[0]', value: 'server-junk' }),
    );
    expect(velero!.alsoSeen.map((s) => s.cause)).toContain('app-error-at-startup');
    // The other restarted containers of the bundle have no log: nothing here claims them.
    expect(report.findings.filter((f) => f.cause === 'wrong-command-or-args')).toHaveLength(1);
  });
});
