/**
 * YAML goes through js-yaml for speed (issue 11): it must give the values `yaml` gives, and anything with aliases
 * must still go through `yaml`, whose alias limit stops an alias bomb.
 */
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { Diagnostic } from '../../src/model/snapshot.js';
import { openBundleSource } from '../../src/reader/index.js';
import { parseDocuments } from '../../src/reader/parse.js';

const exact = (source: string) => parseAllDocuments(source, { uniqueKeys: false }).map((d) => d.toJS({ maxAliasCount: 1000 })).filter((v) => v !== null && v !== undefined);

describe('YAML parsing', () => {
  it('gives the same values as `yaml` for every YAML file of the must-gather sample', async () => {
    const source = await openBundleSource(new URL('../../sample-bundles/must-gather.tar.gz', import.meta.url).pathname);
    const diagnostics: Diagnostic[] = [];
    let files = 0;
    for await (const entry of source.entries(diagnostics)) {
      if (!entry.path.endsWith('.yaml')) {
        entry.stream.resume();
        continue;
      }
      const body = await text(entry.stream);
      expect(parseDocuments(body, entry.path, 'yaml', diagnostics)).toEqual(exact(body));
      files++;
    }
    expect(files).toBeGreaterThan(10);
    expect(diagnostics).toEqual([]);
  });

  it('reads anchors and aliases as `yaml` does, and lets `yaml` stop an alias bomb', () => {
    const diagnostics: Diagnostic[] = [];
    expect(parseDocuments('a: &base {k: 1}\nb: *base\n', 'x.yaml', 'yaml', diagnostics)).toEqual([{ a: { k: 1 }, b: { k: 1 } }]);
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 8; i++) levels.push(`${'abcdefgh'.charAt(i)}: &${'abcdefgh'.charAt(i)} [${Array(10).fill(`*${'abcdefgh'.charAt(i - 1)}`).join(',')}]`);
    expect(() => parseDocuments(`${levels.join('\n')}\n`, 'bomb.yaml', 'yaml', diagnostics)).toThrow(/alias/i);
  });

  it('says where YAML is malformed and keeps the documents before the error', () => {
    const diagnostics: Diagnostic[] = [];
    expect(parseDocuments('kind: Pod\n---\nkind: [unclosed\n', 'bad.yaml', 'yaml', diagnostics)).toEqual([{ kind: 'Pod' }]);
    expect(diagnostics).toMatchObject([{ code: 'malformed-yaml', file: 'bad.yaml', line: 4 }]);
  });
});
