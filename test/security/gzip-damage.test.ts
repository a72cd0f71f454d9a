/**
 * One flipped bit in a .tar.gz, just after the pod list: Node's gunzip drops the output it decoded in the call that
 * met the damage, which took the pod list with it. The reader must keep every byte decoded before the damage, and
 * call it corruption, not truncation.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTarEntry, END_OF_ARCHIVE } from '../../src/bundle/tar.js';
import { readSnapshot } from '../../src/reader/index.js';
import { pod, podList, tempDir } from '../reader/helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('podmortem-gzip-damage-')));
afterAll(async () => cleanup());

const MTIME = new Date('2026-11-30T00:00:00Z');
const entry = (name: string, data: string) => Buffer.from(encodeTarEntry({ name, data: Buffer.from(data), mtime: MTIME }).bytes);

describe('a flipped bit after the pod list', () => {
  it('keeps the pod list and reports corruption, for flips in the next kilobytes', async () => {
    const pods = entry('b/cluster-resources/pods/shop.json', podList([pod('shop', 'api-1', [{ name: 'api', restartCount: 3, lastExit: 1 }])]));
    const log = entry('b/cluster-resources/pods/logs/shop/api-1/api.log', Array.from({ length: 20_000 }, (_, i) => `line ${i} ${randomBytes(3).toString('hex')}`).join('\n'));
    const compressed = gzipSync(Buffer.concat([pods, log, Buffer.from(END_OF_ARCHIVE)]));
    const podsEnd = gzipSync(pods).length; // roughly where the pod list's compressed bytes end
    const lost: number[] = [];
    let corrupt = 0;
    for (let offset = podsEnd + 300; offset < podsEnd + 1800; offset += 100) {
      const damaged = Buffer.from(compressed);
      damaged[offset] = damaged[offset]! ^ 0x10;
      const path = join(dir, `flip-${offset}.tar.gz`);
      await writeFile(path, damaged);
      const snapshot = await readSnapshot(path);
      if (snapshot.pods.length !== 1) lost.push(offset);
      const archive = snapshot.diagnostics.find((d) => d.file === '' && d.severity === 'error');
      // Damage is reported as such: a zlib data error, or the garbage it decoded before it noticed (a broken header).
      if (archive?.code === 'corrupt-archive' || archive?.code === 'not-a-tar') corrupt += 1;
      expect(archive?.code, archive?.message).not.toBe('truncated-archive');
    }
    expect(lost).toEqual([]);
    expect(corrupt).toBeGreaterThan(0);
  });
});
