/**
 * Thousands of small problems stay a short report: logs of pods the bundle has no object for (a pod list collected
 * before they existed) are listed up to 100, then one "and N more" line, in archives and folders alike.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../../src/reader/index.js';
import { podList, tempDir, writeFolder, writeTarball, type TarEntrySpec } from '../reader/helpers.js';

const ORPHANS = 3000;

function files(): Record<string, string> {
  const out: Record<string, string> = {
    'bundle/cluster-info/cluster_version.json': '{"info":{"major":"1","minor":"29","gitVersion":"v1.29.4"}}',
    'bundle/cluster-resources/pods/default.json': podList([]),
  };
  for (let i = 0; i < ORPHANS; i++) out[`bundle/cluster-resources/pods/logs/default/pod-${i}/app.log`] = 'INFO started\nERROR boom\n';
  return out;
}

describe('many small problems', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await tempDir('podmortem-many-')));
  afterAll(() => cleanup());

  it.each(['archive', 'folder'] as const)('lists 100 orphan logs of %d and says how many more, in a %s', async (kind) => {
    const target = join(dir, kind === 'archive' ? 'many.tar.gz' : 'many');
    const entries: TarEntrySpec[] = Object.entries(files()).map(([name, content]) => ({ name, content }));
    if (kind === 'archive') await writeTarball(target, entries);
    else await writeFolder(target, Object.fromEntries(Object.entries(files()).map(([name, content]) => [name.replace(/^bundle\//, ''), content])));
    const snapshot = await readSnapshot(target);
    const orphans = snapshot.diagnostics.filter((d) => d.code === 'orphan-log');
    expect(orphans).toHaveLength(101);
    expect(orphans.at(-1)?.message).toBe(`and ${ORPHANS - 100} more orphan-log problems in ${kind === 'archive' ? 'many.tar.gz' : 'many'}, not listed`);
  }, 60_000);
});
