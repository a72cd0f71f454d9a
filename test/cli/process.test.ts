/**
 * The real bin in real processes: a pseudo-terminal (util-linux `script`) for the terminal view, a real pipe that
 * closes early (`| head`), and a real SIGINT. These run dist/ (built by `npm test`'s pretest).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/podmortem.js');
const SAMPLES = readdirSync(join(ROOT, 'sample-bundles'))
  .filter((name) => name.endsWith('.tar.gz'))
  .map((name) => join(ROOT, 'sample-bundles', name));

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function runProcess(command: string, args: string[], options: { onStart?: (kill: (signal: NodeJS.Signals) => void) => void } = {}): Promise<Finished> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - started }));
    options.onStart?.((signal) => child.kill(signal));
  });
}

const shellQuote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/** The lines a person sees: progress overwritten by `\r`, colour codes removed. */
function screenLines(output: string): string[] {
  return output
    .replace(/\r\n/g, '\n')
    .split('\n')
    // eslint-disable-next-line no-control-regex -- replays the terminal: drops what a carriage return and ESC [K erased, and colour codes
    .map((line) => line.replace(/^[\s\S]*\r(?:\x1b\[K)?/, '').replace(/\x1b\[[0-9;]*m/g, ''));
}

describe('podmortem analyze in real processes', () => {
  it('finds the files it ships from the bundled CLI: its version, the HTML template and the rule pages', async () => {
    // bin runs dist/cli-bundle/ (scripts/bundle-cli.mjs), one folder away from the modules that locate these files.
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect((await runProcess('node', [BIN, '--version'])).stdout.trim()).toBe(version);
    const dir = mkdtempSync(join(tmpdir(), 'podmortem-shipped-'));
    try {
      const html = join(dir, 'report.html');
      const result = await runProcess('node', [BIN, 'analyze', '--format', 'json', '--html', html, join(ROOT, 'sample-bundles/batch-oom.tar.gz')]);
      expect(result.stderr).not.toMatch(/ENOENT|Error:/);
      const page = readFileSync(html, 'utf8');
      expect(page).toMatch(/^<!doctype html>/i);
      // The oom-killed rule page (docs/rules/oom-killed.md), embedded for the finding it explains.
      expect(page).toContain('What it detects');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows the samples in at most 150 lines on a 120-column terminal, the verdict in the first and last four', async () => {
    const command = `stty cols 120 rows 50; exec node ${shellQuote(BIN)} analyze ${SAMPLES.map(shellQuote).join(' ')}`;
    const result = await runProcess('script', ['-qec', command, '/dev/null']);
    expect(result.code).toBe(1);
    const lines = screenLines(result.stdout).filter((line, index, all) => index < all.length - 1 || line !== '');
    expect(lines.length).toBeLessThanOrEqual(150);
    expect(lines.slice(0, 4).join('\n')).toMatch(/ESCALATE TO PLATFORM\/SRE · 5 checks fired/);
    expect(lines.slice(-4).join('\n')).toMatch(/ESCALATE TO PLATFORM\/SRE · 5 checks fired/);
    // It is the terminal view (colour on a TTY), within 120 columns but for code.
    expect(result.stdout).toContain('\x1b[1;31m');
    expect(lines.filter((line) => Array.from(line).length > 120)).toEqual([]);

    const details = await runProcess('script', ['-qec', `${command} --details`, '/dev/null']);
    const detailLines = screenLines(details.stdout);
    expect(detailLines.length).toBeGreaterThan(600);
    expect(details.stdout).toContain('resources:');
  }, 60_000);

  it('ends quietly when the reader of a pipe goes away (| head), keeping the exit code of the analysis', async () => {
    const command = `node ${shellQuote(BIN)} analyze --format terminal ${SAMPLES.map(shellQuote).join(' ')} | head -n 3; exit "\${PIPESTATUS[0]}"`;
    const result = await runProcess('bash', ['-c', command]);
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(3);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
  }, 60_000);

  it('stops on the first Ctrl-C during a long analyze, says so, and exits 130', async () => {
    // Enough bundles to take far longer than the test waits; the signal comes once the process is well into reading.
    const many = Array.from({ length: 60 }, () => SAMPLES).flat();
    const result = await runProcess('node', [BIN, 'analyze', ...many], {
      onStart: (kill) => setTimeout(() => kill('SIGINT'), 4000),
    });
    expect(result.signal).toBeNull();
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('podmortem: interrupted');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
    expect(result.ms).toBeLessThan(4000 + 8000);
  }, 60_000);
});
