import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { READ_PROGRESS_DELAY_MS, readProgress } from '../../src/cli/progress.js';
import { formatBytes } from '../../src/util/status-line.js';
import { captureContext } from './run-cli.js';
import { run } from '../../src/cli/main.js';
import { join } from 'node:path';

function terminal(isTTY: boolean) {
  const stream = { out: '', isTTY, columns: 80, write: (s: string) => ((stream.out += s), true) };
  return stream;
}

describe('read progress on stderr', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows nothing for a quick read, then one line rewritten in place with files and bytes over all bundles', () => {
    const stream = terminal(true);
    const progress = readProgress(stream)!;
    progress.onProgress({ entries: 10, bytes: 1000 });
    expect(stream.out).toBe('');
    vi.advanceTimersByTime(READ_PROGRESS_DELAY_MS + 1);
    progress.onProgress({ entries: 200, bytes: 2 * 1024 * 1024 });
    expect(stream.out).toBe('\r\x1b[Kpodmortem: reading bundles: 200 files, 2.0 MB');
    // The next bundle counts from 1 again: the totals add up.
    vi.advanceTimersByTime(200);
    progress.onProgress({ entries: 5, bytes: 1024 * 1024 });
    expect(stream.out.endsWith('\r\x1b[Kpodmortem: reading bundles: 205 files, 3.0 MB')).toBe(true);
    progress.clear();
    expect(stream.out.endsWith('\r\x1b[K')).toBe(true);
  });

  it('is never shown when stderr is a pipe', () => {
    expect(readProgress(terminal(false))).toBeUndefined();
  });

  it('formats sizes as people read them', () => {
    expect(formatBytes(900)).toBe('900 B');
    expect(formatBytes(70_656)).toBe('69 KB');
    expect(formatBytes(5.5 * 1024 * 1024)).toBe('5.5 MB');
  });
});

describe('podmortem analyze with stderr in a pipe', () => {
  it('writes nothing to stderr but what it must say', async () => {
    const ctx = captureContext();
    const code = await run(['analyze', join(import.meta.dirname, '../../sample-bundles/shop-prod-eu.tar.gz')], ctx);
    expect(code).toBe(0);
    expect(ctx.err).toBe('');
  });
});
