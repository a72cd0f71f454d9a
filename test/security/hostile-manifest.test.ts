/**
 * A manifest and objects with fields of the wrong type or hostile names: analyze and redact end with an exit code of
 * 0–3, never a TypeError, and say what they ignored.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkManifest, MAX_MANIFEST_ERRORS } from '../../src/model/manifest.js';
import { readSnapshot } from '../../src/reader/index.js';
import { runCli } from '../cli/run-cli.js';
import { entriesOf, pod, podList, tempDir, writeTarball } from '../reader/helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('podmortem-manifest-')));
afterAll(async () => cleanup());

const BASE = { formatVersion: 1, capturedAt: '2026-11-30T10:00:00Z', collector: { name: 'podmortem', version: '0.1.0' }, namespaces: ['shop'], collected: ['pods'], logPolicy: { headLines: 1, tailLines: 1, maxBytes: 1, cut: [] }, redaction: { enabled: true, files: [] }, errors: [] };

async function bundle(name: string, manifest: unknown, namespace = 'shop'): Promise<string> {
  const path = join(dir, name);
  await writeTarball(path, entriesOf({
    'podmortem.json': JSON.stringify(manifest),
    [`cluster-resources/pods/${namespace === '..' ? 'dotdot' : namespace}.json`]: podList([pod(namespace, 'api-1', [{ name: 'api', restartCount: 3, lastExit: 1 }])]),
  }, 'b'));
  return path;
}

describe('manifest fields are checked once, where the manifest is read', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['a non-string clusterName', { clusterName: 5 }],
    ['errors: [null]', { errors: [null, 7, 'x', { target: 1, message: 2 }] }],
    ['collected: 5', { collected: 5 }],
    ['namespaces of numbers', { namespaces: [1, 2] }],
    ['a logPolicy string', { logPolicy: 'all' }],
    ['a redaction of null', { redaction: null }],
    ['errors as an object', { errors: { target: 'x' } }],
  ];
  for (const [label, fields] of cases) {
    it(`analyze and redact survive ${label}`, async () => {
      const path = await bundle(`${label.replace(/\W+/g, '-')}.tar.gz`, { ...BASE, ...fields });
      const snapshot = await readSnapshot(path);
      expect(snapshot.pods.map((p) => p.name)).toEqual(['api-1']);
      expect(snapshot.diagnostics.some((d) => d.code === 'manifest-field')).toBe(true);
      const analyzed = await runCli(['analyze', '--format', 'json', path]);
      expect(analyzed.code, analyzed.stderr).toBeLessThanOrEqual(3);
      const redacted = await runCli(['redact', path, join(dir, `out-${label.replace(/\W+/g, '-')}.tar.gz`)]);
      expect(redacted.code, redacted.stderr).toBeLessThanOrEqual(3);
    });
  }

  it('keeps the first errors of a huge list and counts the rest', () => {
    const errors = Array.from({ length: MAX_MANIFEST_ERRORS + 50 }, (_, i) => ({ target: `pods/ns-${i}`, message: 'forbidden' }));
    const checked = checkManifest({ ...BASE, errors, unknownField: { a: 1 } })!;
    expect(checked.manifest.errors).toHaveLength(MAX_MANIFEST_ERRORS);
    expect(checked.moreErrors).toBe(50);
    expect(Object.keys(checked.manifest)).not.toContain('unknownField');
  });

  it('redacts a bundle whose namespace is named ..', async () => {
    const path = await bundle('dotdot.tar.gz', BASE, '..');
    const result = await runCli(['redact', path, join(dir, 'dotdot-out.tar.gz')]);
    expect(result.code, result.stderr).toBeLessThanOrEqual(3);
  });
});
