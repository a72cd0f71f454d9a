/**
 * Both xz decoders (`xz -dc`, and the optional lzma-native binding used when there is no `xz`) decode a real xz file
 * into the tar reader's queue, and turn a cut-off file into an error after the bytes decoded before the cut.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFile } from '../../src/reader/sources/decompress.js';

const original = Buffer.from(Array.from({ length: 20_000 }, (_, i) => `line ${i} ${(i * 2654435761) >>> 0}`).join('\n'));
const xz = spawnSync('xz', ['-z', '-c', '-0'], { input: original }).stdout;
const dir = mkdtempSync(join(tmpdir(), 'podmortem-decompress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Everything the queue hands out, and the error it ends with (if any). */
async function drain(path: string, decoder: 'lzma-native' | 'xz -dc'): Promise<{ bytes: Buffer; error?: Error }> {
  const decoded = decodeFile(path, 'xz', decoder);
  const chunks: Buffer[] = [];
  try {
    for (;;) {
      const chunk = decoded.output.poll();
      if (chunk === undefined) return { bytes: Buffer.concat(chunks) };
      if (chunk === null) await decoded.output.wait();
      else chunks.push(chunk);
    }
  } catch (error) {
    return { bytes: Buffer.concat(chunks), error: error as Error };
  } finally {
    decoded.close();
  }
}

describe.each(['lzma-native', 'xz -dc'] as const)('xz through %s', (decoder) => {
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
