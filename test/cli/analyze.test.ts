import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { run } from '../../src/cli/main.js';
import { captureContext, runCli } from './run-cli.js';

const SAMPLES = join(import.meta.dirname, '../../sample-bundles');
const sample = (name: string) => join(SAMPLES, `${name}.tar.gz`);

async function tempDir() {
  return mkdtemp(join(tmpdir(), 'podmortem-cli-'));
}

describe('podmortem analyze: exit codes', () => {
  it('exits 0 when nothing escalates, and prints JSON when stdout is not a terminal', async () => {
    const result = await runCli(['analyze', sample('shop-prod-eu')]);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.schemaVersion).toBe(2);
    expect(report.escalation.escalate).toBe(false);
    expect(result.code).toBe(0);
  });

  it('exits 1 when a check escalates to platform/SRE', async () => {
    const result = await runCli(['analyze', sample('batch-oom')]);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.escalation.checks.map((c) => c.kind)).toContain('same-memory-oom');
    expect(result.code).toBe(1);
  });

  it('exits 2 on a usage error', async () => {
    expect((await runCli(['analyze'])).code).toBe(2);
    expect((await runCli(['analyze', '--format', 'pdf', sample('batch-oom')])).code).toBe(2);
    expect((await runCli(['no-such-command'])).code).toBe(2);
  });

  it('exits 2 naming the file when no bundle can be read', async () => {
    const dir = await tempDir();
    const bogus = join(dir, 'notes.txt');
    await writeFile(bogus, 'this is not a bundle\n');
    const result = await runCli(['analyze', bogus]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(bogus);
    expect(result.stdout).toBe('');
  });

  it('still reports on the readable bundles when one of several cannot be read, and exits 2', async () => {
    const dir = await tempDir();
    const result = await runCli(['analyze', sample('shop-prod-eu'), join(dir, 'missing.tar.gz')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing.tar.gz');
    const report = JSON.parse(result.stdout) as Report;
    expect(report.bundles.map((b) => b.name)).toEqual(['shop-prod-eu.tar.gz']);
  });
});

describe('podmortem analyze: inconclusive input and folders of bundles', () => {
  it('exits 3 on a half-downloaded bundle, with a verdict that says what could not be read and never "no crashing container found"', async () => {
    const dir = await tempDir();
    const whole = await readFile(sample('shop-prod-eu'));
    const half = join(dir, 'shop-prod-eu.tar.gz');
    await writeFile(half, whole.subarray(0, Math.floor(whole.length / 2)));
    const result = await runCli(['analyze', half]);
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.escalation.status).toBe('inconclusive');
    expect(report.escalation.unreadable?.[0]).toMatch(/^shop-prod-eu\.tar\.gz: the archive is truncated at byte \d+/);
    expect(report.escalation.summary).toMatch(/^inconclusive: /);
    expect(report.escalation.summary).not.toMatch(/no crashing/);
    const terminal = await runCli(['analyze', half], { tty: true, env: { NO_COLOR: '1' } });
    expect(terminal.stdout).toMatch(/inconclusive/i);
    expect(terminal.stdout).not.toMatch(/no crashing/i);
  });

  it('--exit-zero exits 0 on an escalation and on an inconclusive verdict, and still 2 on errors', async () => {
    expect((await runCli(['analyze', '--exit-zero', sample('batch-oom')])).code).toBe(0);
    const dir = await tempDir();
    const whole = await readFile(sample('batch-oom'));
    await writeFile(join(dir, 'cut.tar.gz'), whole.subarray(0, 4000));
    expect((await runCli(['analyze', join(dir, 'cut.tar.gz')])).code).toBe(3);
    expect((await runCli(['analyze', '--exit-zero', join(dir, 'cut.tar.gz')])).code).toBe(0);
    expect((await runCli(['analyze', '--exit-zero', join(dir, 'missing.tar.gz')])).code).toBe(2);
  });

  it('analyzes each bundle of a folder that holds two bundles as its own bundle', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'eu.tar.gz'), await readFile(sample('shop-prod-eu')));
    await writeFile(join(dir, 'oom.tar.gz'), await readFile(sample('batch-oom')));
    const result = await runCli(['analyze', dir]);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.bundles.map((b) => b.name)).toEqual(['eu.tar.gz', 'oom.tar.gz']);
    expect(new Set(report.findings.map((f) => f.bundle))).toEqual(new Set(['eu.tar.gz', 'oom.tar.gz']));
    expect(result.code).toBe(1);
  });
});

describe('podmortem analyze: views and report files', () => {
  it('shows the terminal view on a TTY, without colour when NO_COLOR is set', async () => {
    const plain = await runCli(['analyze', sample('shop-prod-eu')], { tty: true, env: { NO_COLOR: '1' } });
    expect(plain.stdout).toMatch(/no escalation/i);
    expect(plain.stdout).not.toContain('\u001b[');
    const coloured = await runCli(['analyze', sample('shop-prod-eu')], { tty: true, env: {} });
    expect(coloured.stdout).toContain('\u001b[');
  });

  it('writes HTML, Markdown and JSON reports atomically and refuses to replace them without --force', async () => {
    const dir = await tempDir();
    const html = join(dir, 'report.html');
    const md = join(dir, 'report.md');
    const json = join(dir, 'report.json');
    const first = await runCli(['analyze', sample('shop-prod-eu'), '--html', html, '--markdown', md, '--json', json]);
    expect(first.code).toBe(0);
    expect(await readFile(html, 'utf8')).toContain('Content-Security-Policy');
    expect(await readFile(md, 'utf8')).toMatch(/\| *namespace/i);
    expect((JSON.parse(await readFile(json, 'utf8')) as Report).findings.length).toBeGreaterThan(0);
    // Only the three reports: no temporary file is left behind.
    expect((await readdir(dir)).sort()).toEqual(['report.html', 'report.json', 'report.md']);

    const before = (await stat(html)).mtimeMs;
    const again = await runCli(['analyze', sample('shop-prod-eu'), '--html', html]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect((await stat(html)).mtimeMs).toBe(before);
    expect((await runCli(['analyze', sample('shop-prod-eu'), '--html', html, '--force'])).code).toBe(0);
  });

  it('never writes a report over one of its input bundles', async () => {
    const dir = await tempDir();
    const copy = join(dir, 'bundle.tar.gz');
    const original = await readFile(sample('batch-oom'));
    await writeFile(copy, original);
    const result = await runCli(['analyze', copy, '--html', copy, '--force']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('one of the inputs');
    expect(Buffer.compare(await readFile(copy), original)).toBe(0);
  });

  it('says clearly when the report folder does not exist', async () => {
    const result = await runCli(['analyze', sample('shop-prod-eu'), '--html', '/nonexistent-folder/report.html']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('/nonexistent-folder');
  });
});

describe('podmortem analyze: filters, colour, help and messages', () => {
  const all = ['batch-oom', 'shop-prod-eu', 'shop-prod-us', 'legacy-troubleshoot'].map(sample);

  it('filters by namespace, cause, bundle (or cluster) and confidence, and the verdict stays the whole run\'s', async () => {
    const full = JSON.parse((await runCli(['analyze', ...all])).stdout) as Report;
    const shop = await runCli(['analyze', ...all, '-n', 'shop']);
    const shopReport = JSON.parse(shop.stdout) as Report;
    expect(shopReport.findings.length).toBe(full.findings.filter((f) => f.namespace === 'shop').length);
    expect(new Set(shopReport.findings.map((f) => f.namespace))).toEqual(new Set(['shop']));
    expect(shop.code).toBe(1);
    expect(shopReport.escalation.escalate).toBe(true);

    const oom = JSON.parse((await runCli(['analyze', ...all, '--cause', 'oom-killed,evicted'])).stdout) as Report;
    expect(oom.findings.length).toBe(full.findings.filter((f) => f.cause === 'oom-killed' || f.cause === 'evicted').length);

    const us = JSON.parse((await runCli(['analyze', ...all, '--bundle', 'shop-prod-us'])).stdout) as Report;
    expect(us.bundles.map((b) => b.name)).toEqual(['shop-prod-us.tar.gz']);
    expect(us.findings.every((f) => f.bundle === 'shop-prod-us.tar.gz')).toBe(true);
    const byFile = JSON.parse((await runCli(['analyze', ...all, '--bundle', 'batch-oom.tar.gz'])).stdout) as Report;
    expect(byFile.escalation.checks.map((c) => c.kind)).toEqual(['same-memory-oom']);

    const confident = JSON.parse((await runCli(['analyze', ...all, '--min-confidence', 'high'])).stdout) as Report;
    expect(confident.findings.some((f) => f.confidence !== 'high')).toBe(false);
    expect(confident.findings.length).toBe(full.findings.filter((f) => f.confidence === 'high').length);
    expect(full.findings.some((f) => f.confidence === 'low')).toBe(true);

    const terminal = await runCli(['analyze', ...all, '-n', 'shop', '--cause', 'oom-killed'], { tty: true });
    expect(terminal.stdout).toMatch(/filtered \(namespace shop; cause oom-killed\): \d+ of \d+ crashing containers shown/);

    const bad = await runCli(['analyze', ...all, '--cause', 'oom']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown cause oom: use one of app-error-at-startup');
  });

  it('colours by --color, and auto honours NO_COLOR and the terminal', async () => {
    const tty = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(['analyze', sample('shop-prod-eu'), '--format', 'terminal', ...args], { tty: true, env });
    const pipe = (args: string[]) => runCli(['analyze', sample('shop-prod-eu'), '--format', 'terminal', ...args]);
    expect((await tty([])).stdout).toContain('\u001b[');
    expect((await tty([], { NO_COLOR: '1' })).stdout).not.toContain('\u001b[');
    expect((await tty(['--color', 'never'])).stdout).not.toContain('\u001b[');
    expect((await tty(['--no-color'])).stdout).not.toContain('\u001b[');
    expect((await pipe([])).stdout).not.toContain('\u001b[');
    expect((await pipe(['--color', 'always'])).stdout).toContain('\u001b[');
    expect((await tty(['--color', 'always'], { NO_COLOR: '1' })).stdout).toContain('\u001b[');
    expect((await tty(['--color', 'sometimes'])).code).toBe(2);
  });

  it('prints the summary, or every finding with --details, and links rule pages that exist outside the repository', async () => {
    const summary = await runCli(['analyze', sample('shop-prod-eu')], { tty: true, env: { NO_COLOR: '1' } });
    const details = await runCli(['analyze', sample('shop-prod-eu'), '--details'], { tty: true, env: { NO_COLOR: '1' } });
    expect(details.stdout.split('\n').length).toBeGreaterThan(3 * summary.stdout.split('\n').length);
    const report = JSON.parse((await runCli(['analyze', sample('shop-prod-eu')])).stdout) as Report;
    for (const finding of report.findings) expect(details.stdout).toContain(finding.pod);
    const docs = /docs +(\/\S+\/docs\/rules\/[a-z-]+\.md)/.exec(details.stdout)?.[1];
    expect(docs).toBeDefined();
    await expect(stat(docs!)).resolves.toBeTruthy();
  });

  it('shows examples and exit codes in each command\'s --help', async () => {
    for (const command of ['analyze', 'serve', 'collect', 'redact']) {
      const help = await runCli([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toContain('Examples:');
      expect(help.stdout, command).toMatch(new RegExp(`\\n  podmortem ${command} `));
      expect(help.stdout, command).toMatch(/Exit codes:\n {2}0 {3}/);
    }
    expect((await runCli(['analyze', '--help'])).stdout).toMatch(/ {2}1 {3}analysis done, escalate to platform\/SRE/);
  });

  it('shows control characters in error messages as visible escapes, never raw', async () => {
    const dir = await tempDir();
    const name = join(dir, 'bundle\u001b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\u0007\u202e.tar.gz');
    const result = await runCli(['analyze', name]);
    expect(result.code).toBe(2);
    // eslint-disable-next-line no-control-regex -- the test is that no control character reaches the terminal
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(result.stderr).toContain('bundle\\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\\x07\\u202e.tar.gz');
  });

  it('stops when interrupted and exits 130', async () => {
    const ctx = captureContext();
    const controller = new AbortController();
    ctx.signal = controller.signal;
    const running = run(['analyze', sample('shop-prod-eu'), sample('batch-oom')], ctx);
    controller.abort();
    expect(await running).toBe(130);
    expect(ctx.err).toContain('podmortem: interrupted');
    expect(ctx.out).toBe('');
  });
});

describe('podmortem: usage errors', () => {
  it('shows what was typed with its control characters made visible', async () => {
    const result = await runCli(['analyze', '--\u001b]52;c;aGk=\u0007', sample('shop-prod-eu')]);
    expect(result.code).toBe(2);
    // eslint-disable-next-line no-control-regex -- the test is that no control character reaches the terminal
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(result.stderr).toContain('\\x1b]52;c;aGk=\\x07');
  });
});
