/**
 * The xz fallback (`xz -dc`, used when the optional lzma-native binding is missing) decodes real xz data and turns a
 * cut-off stream into an error, like the native decoder.
 */
import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { createDecompressor } from '../../src/reader/sources/decompress.js';

const original = Buffer.from(Array.from({ length: 20_000 }, (_, i) => `line ${i} ${(i * 2654435761) >>> 0}`).join('\n'));
const xz = spawnSync('xz', ['-z', '-c', '-0'], { input: original }).stdout;

describe.each(['lzma-native', 'xz -dc'] as const)('xz through %s', (decoder) => {
  it('decodes a whole stream', async () => {
    expect((await buffer(Readable.from([xz]).pipe(createDecompressor('xz', decoder)))).equals(original)).toBe(true);
  });

  it('fails on a cut-off stream', async () => {
    const cut = xz.subarray(0, Math.floor(xz.length / 2));
    await expect(buffer(Readable.from([cut]).pipe(createDecompressor('xz', decoder)))).rejects.toThrow(/./);
  });
});
