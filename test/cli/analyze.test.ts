import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { runCli } from './run-cli.js';

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
