/**
 * `kubectl logs` on several pods at once, against a single-stream .tar.gz (another tool's archive): the first reads
 * share one decompression pass. A real archive, the real reader source; only the number of passes is counted.
 */
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/model/snapshot.js';
import { openBundleSource, type BundleSource } from '../../src/reader/index.js';
import { LogFiles } from '../../src/serve/log-files.js';
import { tempDir, writeTarball } from '../reader/helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('podmortem-shared-scan-')));
afterAll(async () => cleanup());

const LOGS = Array.from({ length: 6 }, (_, i) => ({ name: `sb/cluster-resources/pods/logs/shop/api-${i}/api.log`, content: `${'x'.repeat(200_000)}\nlog of api-${i}\n` }));

/** The real archive source, counting how many passes over its entries are started. */
function counting(source: BundleSource): BundleSource & { passes: number } {
  const counted = Object.assign(Object.create(source) as BundleSource, { passes: 0 });
  counted.entries = (diagnostics: Diagnostic[]) => {
    counted.passes++;
    return source.entries(diagnostics);
  };
  return counted;
}

it('serves concurrent first reads of a single-stream .tar.gz from one decompression pass', async () => {
  const path = join(dir, 'plain.tar.gz');
  await writeTarball(path, LOGS);
  const source = counting(await openBundleSource(path));
  expect(await source.sequential!()).toBe(true);
  const files = new LogFiles(source);
  const wanted = [5, 1, 3];
  const bodies = await Promise.all(wanted.map(async (i) => text(await files.open(`sb/cluster-resources/pods/logs/shop/api-${i}/api.log`))));
  expect(bodies).toEqual(wanted.map((i) => LOGS[i]!.content));
  expect(source.passes).toBe(1);
  // A file the pass already went by, and a missing one, start their own pass.
  expect(await text(await files.open('sb/cluster-resources/pods/logs/shop/api-0/api.log'))).toBe(LOGS[0]!.content);
  await expect(files.open('sb/nope.log')).rejects.toThrow(/sb\/nope\.log is not in the bundle/);
  expect(source.passes).toBe(3);
});

it('two readers of the same file share its bytes, and one leaving early does not stop the other', async () => {
  const path = join(dir, 'same.tar.gz');
  await writeTarball(path, LOGS);
  const source = counting(await openBundleSource(path));
  const files = new LogFiles(source, { maxEntryBytes: 0 });
  const file = 'sb/cluster-resources/pods/logs/shop/api-2/api.log';
  const [first, second] = await Promise.all([files.open(file), files.open(file)]);
  first.destroy();
  expect(await text(second)).toBe(LOGS[2]!.content);
  expect(source.passes).toBe(1);
});
