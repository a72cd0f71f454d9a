import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/main.js';

const SAMPLE = join(import.meta.dirname, '../../sample-bundles/shop-prod-eu.tar.gz');

describe('podmortem serve: progress while reading', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('shows the read progress on a terminal and clears it before it says what it serves', async () => {
    // A clock that moves a second per look, so a read of any speed counts as long.
    let now = Date.now();
    vi.spyOn(Date, 'now').mockImplementation(() => (now += 1000));
    let err = '';
    let out = '';
    const controller = new AbortController();
    const exit = run(['serve', SAMPLE], {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s), isTTY: true, columns: 120 },
      env: {},
      cwd: process.cwd(),
      signal: controller.signal,
    });
    const deadline = performance.now() + 30_000;
    while (!out.includes('KUBECONFIG') && performance.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    controller.abort();
    expect(await exit).toBe(0);
    const progress = err.indexOf('\r\x1b[Kpodmortem: reading bundles: ');
    expect(progress).toBeGreaterThanOrEqual(0);
    expect(err).toMatch(/reading bundles: [\d,]+ files, [\d.]+ (B|KB|MB)/);
    expect(err.indexOf('podmortem: serving')).toBeGreaterThan(progress);
    // The line was wiped before the first message that is not progress.
    const firstMessage = /podmortem: (?!reading bundles)/.exec(err)!.index;
    expect(err.slice(0, firstMessage).endsWith('\r\x1b[K')).toBe(true);
    expect(err.slice(firstMessage)).not.toContain('reading bundles');
  });
});
