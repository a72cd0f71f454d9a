/**
 * ConfigMaps and Secrets are parsed for their names and key names only: block scalars are emptied before parsing.
 * Everything else must come out exactly as the full parse gives it, and whatever the scanner cannot be sure of must
 * go to the full parse (same values, same diagnostics).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/model/snapshot.js';
import { parseBytesKeysOnly, parseDocuments, parseDocumentsKeysOnly } from '../../src/reader/parse.js';
import { emptyBlockScalars } from '../../src/reader/yaml-skeleton.js';

const keysOnly = (yaml: string) => parseDocumentsKeysOnly(yaml, 'x.yaml', []);
const full = (yaml: string) => parseDocuments(yaml, 'x.yaml', 'yaml', []);

/** Names and key names of every ConfigMap-like item: what the analysis reads. */
function names(documents: unknown[] | undefined): string[] {
  const out: string[] = [];
  for (const document of documents ?? []) {
    const items = (document as { items?: unknown[] }).items ?? [document];
    for (const item of items as Array<{ metadata?: { name?: string; namespace?: string }; data?: object; binaryData?: object }>) {
      out.push(`${item.metadata?.namespace ?? '-'}/${item.metadata?.name ?? '-'}: ${[...Object.keys(item.data ?? {}), ...Object.keys(item.binaryData ?? {})].join(',')}`);
    }
  }
  return out;
}

describe('emptyBlockScalars', () => {
  it('empties literal and folded block scalars of every chomping and indentation, and nothing else', () => {
    const yaml = [
      'apiVersion: v1',
      'items:',
      '- apiVersion: v1',
      '  data:',
      '    app.yaml: |',
      '      server:',
      '        port: 8080',
      '',
      '      other: |',
      '    kept: plain value',
      '    strip: |-',
      '      one',
      '    keep: |+',
      '      two',
      '',
      '    folded: >-',
      '      three',
      '      four',
      '    explicit: |2 # a comment',
      '        five',
      '    "quoted key": |',
      '      six',
      '  kind: ConfigMap',
      '  metadata:',
      '    name: app',
      '    namespace: shop',
      'kind: ConfigMapList',
      '',
    ].join('\n');
    expect(keysOnly(yaml)).toEqual([
      {
        apiVersion: 'v1',
        items: [
          {
            apiVersion: 'v1',
            data: { 'app.yaml': '', kept: 'plain value', strip: '', keep: '', folded: '', explicit: '', 'quoted key': '' },
            kind: 'ConfigMap',
            metadata: { name: 'app', namespace: 'shop' },
          },
        ],
        kind: 'ConfigMapList',
      },
    ]);
  });

  it('never reads a line inside a quoted or plain scalar as a key', () => {
    const yaml = [
      'data:',
      '  script: "first line',
      '    looks: |',
      '    like a key"',
      "  single: 'it''s",
      "    also: | not a key'",
      '  after: |',
      '    gone',
      '',
    ].join('\n');
    expect(keysOnly(yaml)).toEqual([{ data: { script: 'first line looks: | like a key', single: "it's also: | not a key", after: '' } }]);
  });

  it('keeps several documents apart', () => {
    const yaml = 'kind: ConfigMap\nmetadata: {name: a}\ndata:\n  k: |\n    v\n---\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  j: x\n';
    expect(names(keysOnly(yaml))).toEqual(['-/a: k', '-/b: j']);
  });

  it('leaves to the full parse what it does not model', () => {
    for (const yaml of [
      'a:\n\tb: |\n    x\n', // a tab as indentation
      '&anchor a: 1\nb: *anchor\n',
      '? complex\n: key\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: [1,\n  2]\n',
      'a: |\nb: 1\n', // an empty block scalar
      '--- |\n  text\n',
      'a: b\r\nc: |\r\n  d\r\n',
    ]) {
      expect(emptyBlockScalars(yaml), JSON.stringify(yaml)).toBeUndefined();
      expect(keysOnly(yaml)).toEqual(full(yaml));
    }
  });

  it('keeps anchored, aliased and tagged values (their block scalars included) as they are', () => {
    for (const yaml of ['a: &anchor\n  b: |\n    x\nc: *anchor\n', 'a: !!str |\n  text\nb: 1\n', 'a: &s |\n  text\nb: *s\n']) {
      expect(keysOnly(yaml), JSON.stringify(yaml)).toEqual(full(yaml));
    }
  });

  it('reports malformed YAML as the full parse does, at the line of the original text', () => {
    const yaml = 'data:\n  a: |\n    x\n    y\n  b: plain\n    c: |\n      z\n';
    const diagnostics: Diagnostic[] = [];
    const expected: Diagnostic[] = [];
    expect(parseDocumentsKeysOnly(yaml, 'bad.yaml', diagnostics)).toEqual(parseDocuments(yaml, 'bad.yaml', 'yaml', expected));
    expect(diagnostics).toEqual(expected);
    expect(diagnostics).toMatchObject([{ code: 'malformed-yaml', file: 'bad.yaml' }]);
  });
});

describe('parseBytesKeysOnly: the bytes of a file whose non-ASCII characters may all be in emptied values', () => {
  const fromText = (yaml: string, diagnostics: Diagnostic[] = []) => parseDocumentsKeysOnly(yaml, 'x.yaml', diagnostics);
  const fromBytes = (bytes: Buffer, diagnostics: Diagnostic[] = []) => parseBytesKeysOnly(bytes, 'x.yaml', diagnostics);

  it('gives the values of the UTF-8 text, whether the non-ASCII characters are in a block scalar or anywhere else', () => {
    const inBlock = 'items:\n- data:\n    dashboard.json: |\n      {"title": "Latency ≥ 1 s → page", "unit": "µs"}\n    plain: kept\n  metadata:\n    name: dashboards\n';
    const outside = 'items:\n- data:\n    greeting: héllo wörld\n    text: |\n      ≥ →\n  metadata:\n    name: cafe\n    annotations:\n      note: "naïve ☕"\n';
    const keyOutside = 'data:\n  clé: x\n  b: |\n    ü\n';
    for (const yaml of [inBlock, outside, keyOutside, 'a: 1\n', 'a: b\r\nc: |\r\n  é\r\n']) {
      expect(fromBytes(Buffer.from(yaml, 'utf8')), JSON.stringify(yaml)).toEqual(fromText(yaml));
    }
    // Read as Latin-1 the values outside block scalars would be mojibake: the UTF-8 text is what counts.
    expect(fromBytes(Buffer.from(outside, 'utf8'))).toMatchObject([{ items: [{ data: { greeting: 'héllo wörld' }, metadata: { annotations: { note: 'naïve ☕' } } }] }]);
  });

  it('drops a byte order mark and reports invalid UTF-8 as the text path does, in an emptied value too', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a: |\n  é\nb: 1\n')]);
    expect(fromBytes(bom)).toEqual([{ a: '', b: 1 }]);

    const invalid = Buffer.concat([Buffer.from('a: |\n  bad '), Buffer.from([0xff, 0xfe]), Buffer.from('\nb: 1\n')]);
    const diagnostics: Diagnostic[] = [];
    expect(fromBytes(invalid, diagnostics)).toEqual([{ a: '', b: 1 }]);
    expect(diagnostics).toMatchObject([{ code: 'non-utf8', file: 'x.yaml' }]);
  });

  it('reads the ConfigMaps of a real must-gather as the text path does', () => {
    const file = join(import.meta.dirname, '../fixtures/real/must-gather/namespaces/openshift-dns/core/configmaps.yaml');
    const bytes = readFileSync(file);
    // A non-ASCII character in a block scalar, as in the dashboards of openshift-monitoring (not committed: 3.5 MB).
    const withSymbol = Buffer.from(bytes.toString('utf8').replace(/^( {4}\S+: \|-?\n {6})/m, '$1→ '), 'utf8');
    for (const input of [bytes, withSymbol]) {
      const text = input.toString('utf8');
      expect(fromBytes(input)).toEqual(fromText(text));
      expect(names(fromBytes(input)).length).toBeGreaterThan(0);
    }
    expect(withSymbol.equals(bytes)).toBe(false);
  });
});
