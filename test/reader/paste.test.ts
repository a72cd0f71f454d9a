/**
 * The text reader on tickets as people paste them: the real kubectl output formats, wrapped in prose, code fences,
 * e-mail quoting and CRLF, analyzed by the same rules as bundles. And bad text: empty, binary, huge, unrelated.
 */
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, LOG_KEEP_PATTERNS } from '../../src/analyze/index.js';
import { renderReport } from '../../src/render/index.js';
import { readSnapshot } from '../../src/reader/index.js';
import { parseAge, parseEventAge } from '../../src/reader/paste/ages.js';
import { cutBlocks, parseLogsCommand } from '../../src/reader/paste/blocks.js';
import { parseProbe } from '../../src/reader/paste/describe.js';
import { normalisePaste } from '../../src/reader/paste/text.js';
import { tempDir } from './helpers.js';

const PASTES = join(import.meta.dirname, '../fixtures/pastes');

async function analyzePaste(name: string) {
  const snapshot = await readSnapshot(join(PASTES, name), { keepPatterns: LOG_KEEP_PATTERNS });
  return { snapshot, report: analyze([snapshot]) };
}

const askFor = (snapshot: { nextSteps?: string[] }) => snapshot.nextSteps ?? [];

describe('kubectl formats', () => {
  it('reads ages the way kubectl prints them', () => {
    expect(parseAge('45s')).toBe(45);
    expect(parseAge('3m10s')).toBe(190);
    expect(parseAge('2d4h')).toBe(2 * 86400 + 4 * 3600);
    expect(parseAge('<unknown>')).toBeUndefined();
    expect(parseEventAge('2m (x42 over 11m)')).toEqual({ lastSecondsAgo: 120, firstSecondsAgo: 660, count: 42 });
    expect(parseEventAge('48m')).toEqual({ lastSecondsAgo: 2880, firstSecondsAgo: 2880, count: 1 });
  });

  it('reads describe probe lines of every handler', () => {
    expect(parseProbe('http-get http://:8080/healthz delay=10s timeout=1s period=10s #success=1 #failure=3')).toEqual({
      initialDelaySeconds: 10, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3,
      httpGet: { scheme: 'HTTP', port: 8080, path: '/healthz' },
    });
    expect(parseProbe('exec [cat /tmp/healthy] delay=5s timeout=1s period=5s #success=1 #failure=3')?.exec).toEqual({ command: ['cat', '/tmp/healthy'] });
    expect(parseProbe('tcp-socket :5432 delay=0s timeout=1s period=10s #success=1 #failure=3')?.tcpSocket).toEqual({ port: 5432 });
    expect(parseProbe('something else')).toBeUndefined();
  });

  it('reads kubectl logs command lines, with their flags in any order', () => {
    expect(parseLogsCommand(['kubectl', 'logs', '-n', 'shop', 'api-1', '-c', 'app', '--previous'], 3)).toMatchObject({ pod: 'api-1', namespace: 'shop', container: 'app', previous: true });
    expect(parseLogsCommand(['kubectl', 'logs', 'pod/api-1', '-p', '--tail=50'], 3)).toMatchObject({ pod: 'api-1', previous: true });
    expect(parseLogsCommand(['kubectl', 'logs', 'api-1', 'sidecar'], 3)).toMatchObject({ pod: 'api-1', container: 'sidecar', previous: false });
  });

  it('undoes e-mail quoting, CRLF, fences and ANSI colours, and keeps line numbers', () => {
    const lines = normalisePaste('> a\r\n> ```\r\n> \x1b[31mERROR\x1b[0m boom\r\n> ```\r\n');
    expect(lines).toEqual([
      { number: 1, text: 'a', fenced: false },
      { number: 3, text: 'ERROR boom', fenced: true },
      { number: 5, text: '', fenced: false },
    ]);
  });

  it('cuts a ticket into the outputs it holds', () => {
    const text = [
      'Hi, here is what we see:',
      '$ kubectl get pods -n shop',
      'NAME          READY   STATUS             RESTARTS      AGE',
      'api-7c9d5f-x2x9q   0/1     CrashLoopBackOff   3 (20s ago)   2m',
      '',
      '$ kubectl logs api-7c9d5f-x2x9q -n shop -p',
      'panic: runtime error: invalid memory address or nil pointer dereference',
    ].join('\n');
    const kinds = cutBlocks(normalisePaste(text)).map((b) => b.kind);
    expect(kinds).toEqual(['log', 'command', 'pods-table', 'command', 'log']);
  });
});

describe('pasted tickets, analyzed', () => {
  it('describe pod in prose and fences: OOMKilled at the limit, and asks for the previous log next', async () => {
    const { snapshot, report } = await analyzePaste('describe-oom.txt');
    expect(snapshot.bundle.format).toBe('paste');
    expect(report.findings.map((f) => [f.pod, f.container, f.cause])).toEqual([['orders-7d9f8b6c5d-x2x9q', 'orders', 'oom-killed']]);
    expect(report.findings[0]!.summary).toContain('256Mi');
    // The healthy pod of the same table is no finding.
    expect(snapshot.pods.map((p) => p.name).sort()).toEqual(['orders-7d9f8b6c5d-x2x9q', 'web-5c8d7f9b8-abcde']);
    expect(askFor(snapshot)[0]).toContain('kubectl logs --previous -n shop orders-7d9f8b6c5d-x2x9q');
    expect(snapshot.diagnostics.find((d) => d.code === 'paste-read')?.message).toContain('kubectl describe pod (line 14)');
    // "14 (2m ago)" dates the last restart against describe's Finished time: the paste was taken 2 minutes later.
    expect(snapshot.capturedAt).toBe('2023-11-20T10:00:10Z');
  });

  it('get events plus describe: a liveness kill read from the events the paste shows', async () => {
    const { report } = await analyzePaste('events-liveness.txt');
    expect(report.findings.map((f) => f.cause)).toEqual(['liveness-probe-failure']);
    expect(report.findings[0]!.summary).toMatch(/timeout/);
  });

  it('a pod as YAML: StartError with runc\'s message is a wrong command', async () => {
    const { snapshot, report } = await analyzePaste('pod-yaml-start-error.txt');
    expect(report.findings.map((f) => f.cause)).toEqual(['wrong-command-or-args']);
    expect(askFor(snapshot).some((m) => m.includes('kubectl get events -n shop'))).toBe(true);
  });

  it('an e-mail quoted, CRLF ticket with get pods and a previous log: the log is the crash\'s', async () => {
    const { snapshot, report } = await analyzePaste('email-quoted-traceback.txt');
    const container = snapshot.pods[0]!.containers[0]!;
    expect(container.logs.previous?.lines.map((l) => l.text)).toContain("KeyError: 'DATABASE_URL'");
    expect(container.logs.previous?.lines[0]?.number).toBe(8);
    expect(report.findings.map((f) => f.cause)).toEqual(['app-error-at-startup']);
    // The paste shows no exit code: podmortem asks for describe rather than making one up.
    expect(askFor(snapshot).some((m) => m.includes('kubectl describe pod -n shop payments-6b7c9d8f5-q7w2e'))).toBe(true);
  });
});

describe('what to ask for next, in every report', () => {
  it('leads with the previous log, then describe, then the events, then podmortem collect, commands kept whole', async () => {
    const { report } = await analyzePaste('email-quoted-traceback.txt');
    const steps = report.bundles[0]!.nextSteps ?? [];
    const at = (command: string) => steps.findIndex((step) => step.includes(`\`${command}`));
    expect(at('kubectl describe pod')).toBeGreaterThanOrEqual(0);
    expect(at('kubectl describe pod')).toBeLessThan(at('kubectl get events'));
    expect(at('kubectl get events')).toBeLessThan(at('podmortem collect'));
    // This paste holds the previous log: no ask for it; the exit code and the events are missing.
    expect(steps.some((step) => step.includes('kubectl logs --previous'))).toBe(false);
    expect(steps[0]).toContain('`kubectl describe pod -n shop payments-6b7c9d8f5-q7w2e`');
    expect(steps.at(-1)).toContain('`podmortem collect -n shop`');

    const terminal = renderReport('terminal', report, { color: false, width: 80 });
    expect(terminal).toContain('Ask for next');
    // A command is never wrapped, even past the width.
    expect(terminal.split('\n').some((line) => line.includes('kubectl get events -n shop --field-selector involvedObject.name=payments-6b7c9d8f5-q7w2e'))).toBe(true);
    expect(terminal).not.toMatch(/read problems/);
    const markdown = renderReport('markdown', report, { color: false, width: 100 });
    expect(markdown).toContain('## Ask for next');
    expect(markdown).toContain('`kubectl describe pod -n shop payments-6b7c9d8f5-q7w2e`');
    const html = renderReport('html', report, { color: false, width: 100 });
    expect(html).toContain('<section id="next-steps">');
    expect(html).toContain('<code>kubectl describe pod -n shop payments-6b7c9d8f5-q7w2e</code>');
  });
});

describe('bad text', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await tempDir('podmortem-paste-')));
  afterAll(() => cleanup());

  it('prose with no kubectl output: says what a paste may hold', async () => {
    await expect(readSnapshot(join(PASTES, 'prose-only.txt'))).rejects.toThrow(/prose-only\.txt: it is text, but holds no kubectl output.*kubectl describe pod/s);
  });

  it('an empty file, binary data and 9 MiB of logs each get a clear error naming the file', async () => {
    const empty = join(dir, 'empty.txt');
    await writeFile(empty, '');
    await expect(readSnapshot(empty)).rejects.toThrow(/empty\.txt: .*empty/);
    const binary = join(dir, 'core.bin');
    await writeFile(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0, 0, 0xff, 0xfe]));
    await expect(readSnapshot(binary)).rejects.toThrow(/core\.bin/);
    const huge = join(dir, 'huge.log');
    await writeFile(huge, 'INFO all good\n'.repeat(700_000));
    await expect(readSnapshot(huge)).rejects.toThrow(/huge\.log as a pasted ticket: it is 9\.3 MiB of text/);
  });

  it('a paste of something else (a Helm values file) is not mistaken for a pod', async () => {
    const values = join(dir, 'values.yaml');
    await writeFile(values, 'replicaCount: 2\nimage:\n  repository: nginx\n  tag: 1.25\n');
    await expect(readSnapshot(values)).rejects.toThrow(/values\.yaml: it is text, but holds no kubectl output/);
  });

  it('malformed YAML in a paste is named with its line, and the rest is still read', async () => {
    const file = join(dir, 'broken.txt');
    await writeFile(file, ['$ kubectl get pods', 'NAME    READY   STATUS    RESTARTS   AGE', 'api-0   0/1     Error     3          5m', '', 'apiVersion: v1', 'kind: Pod', 'metadata: {name: [', ''].join('\n'));
    const snapshot = await readSnapshot(file);
    expect(snapshot.pods.map((p) => p.name)).toEqual(['api-0']);
    expect(snapshot.diagnostics.find((d) => d.code === 'malformed-yaml')).toMatchObject({ file: 'broken.txt', line: 5 });
  });
});

describe('the CLI', () => {
  it('reads a paste from standard input with `-`', () => {
    const bin = join(import.meta.dirname, '../../bin/podmortem.js');
    const paste = spawnSync('cat', [join(PASTES, 'describe-oom.txt')]).stdout;
    const result = spawnSync(process.execPath, [bin, 'analyze', '-', '--format', 'json'], { input: paste, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { bundles: Array<{ name: string; format: string }>; findings: Array<{ cause: string }> };
    expect(report.bundles[0]).toMatchObject({ name: 'stdin', format: 'paste' });
    expect(report.findings.map((f) => f.cause)).toEqual(['oom-killed']);
  });
});
