/**
 * ConfigMaps and Secrets are parsed for their names and key names only: block scalars are emptied before parsing.
 * Everything else must come out exactly as the full parse gives it, and whatever the scanner cannot be sure of must
 * go to the full parse (same values, same diagnostics).
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/model/snapshot.js';
import { parseDocuments, parseDocumentsKeysOnly } from '../../src/reader/parse.js';
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
