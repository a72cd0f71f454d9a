/**
 * Every way of decoding xz (`xz -dc` with its stdout read directly or through its stream, and the optional
 * lzma-native binding used when there is no `xz`) decodes a real xz file into what the tar reader polls, and turns a
 * cut-off file into an error after the bytes decoded before the cut.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFile, type XzDecoder } from '../../src/reader/sources/decompress.js';

const original = Buffer.from(Array.from({ length: 20_000 }, (_, i) => `line ${i} ${(i * 2654435761) >>> 0}`).join('\n'));
const xz = spawnSync('xz', ['-z', '-c', '-0'], { input: original }).stdout;
const dir = mkdtempSync(join(tmpdir(), 'podmortem-decompress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Everything the queue hands out, and the error it ends with (if any). */
async function drain(path: string, decoder: XzDecoder, pauseMs = 0): Promise<{ bytes: Buffer; error?: Error }> {
  const decoded = decodeFile(path, 'xz', decoder);
  const chunks: Buffer[] = [];
  let sincePause = 0;
  try {
    for (;;) {
      const chunk = decoded.output.poll();
      if (chunk === undefined) return { bytes: Buffer.concat(chunks) };
      if (chunk === null) await decoded.output.wait();
      else chunks.push(chunk);
      sincePause += chunk?.length ?? 0;
      // A slow reader (128 KiB per pause): xz fills the pipe and waits, and exits with its last output still unread.
      if (pauseMs > 0 && sincePause >= 128 * 1024) {
        sincePause = 0;
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    }
  } catch (error) {
    return { bytes: Buffer.concat(chunks), error: error as Error };
  } finally {
    decoded.close();
  }
}

describe.each(['lzma-native', 'xz -dc', 'xz -dc, streamed stdout'] as const)('xz through %s', (decoder) => {
  it('decodes a whole stream', async () => {
    const path = join(dir, `whole-${decoder}.xz`);
    writeFileSync(path, xz);
    const { bytes, error } = await drain(path, decoder);
    expect(error).toBeUndefined();
    expect(bytes.equals(original)).toBe(true);
  });

  it('fails on a cut-off stream, after what was decoded before the cut', async () => {
    const path = join(dir, `cut-${decoder}.xz`);
    writeFileSync(path, xz.subarray(0, Math.floor(xz.length / 2)));
    const { bytes, error } = await drain(path, decoder);
    expect(error?.message).toMatch(/./);
    expect(original.subarray(0, bytes.length).equals(bytes)).toBe(true);
  });
});

/** Several megabytes: more than a pipe holds, so xz waits for the reader, and the reader for xz. */
const large = Buffer.from(Array.from({ length: 400_000 }, (_, i) => `${i} ${((i * 2654435761) >>> 0).toString(36)} ${'x'.repeat(i % 17)}`).join('\n'));
const largeXz = spawnSync('xz', ['-z', '-c', '-0'], { input: large, maxBuffer: 64 * 1024 * 1024 }).stdout;

describe.each(['xz -dc', 'xz -dc, streamed stdout'] as const)('%s on output larger than a pipe', (decoder) => {
  it('hands out every byte in order to a fast reader', async () => {
    const path = join(dir, `large-${decoder}.xz`);
    writeFileSync(path, largeXz);
    const { bytes, error } = await drain(path, decoder);
    expect(error).toBeUndefined();
    expect(bytes.length).toBe(large.length);
    expect(bytes.equals(large)).toBe(true);
  });

  it('hands out every byte in order to a reader slower than xz, which exits before the reader is done', async () => {
    const path = join(dir, `large-slow-${decoder}.xz`);
    writeFileSync(path, largeXz);
    const { bytes, error } = await drain(path, decoder, 5);
    expect(error).toBeUndefined();
    expect(bytes.equals(large)).toBe(true);
  });
});

describe('xz -dc read directly', () => {
  it('reads nothing more once closed', async () => {
    const path = join(dir, 'closed-early.xz');
    writeFileSync(path, largeXz);
    const decoded = decodeFile(path, 'xz', 'xz -dc');
    let taken = 0;
    while (taken < 100_000) {
      const chunk = decoded.output.poll();
      if (chunk === null) await decoded.output.wait();
      else if (chunk) taken += chunk.length;
      else break;
    }
    decoded.close();
    expect(decoded.output.poll()).toBeNull();
    expect(large.length).toBeGreaterThan(taken);
  });
});
