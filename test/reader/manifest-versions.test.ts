/**
 * podmortem.json format versions 1 and 2, written into real tarballs and read back: version 1 names what a
 * collection error is about only in words (`logs/<ns>/<pod>/<c> (previous)`), version 2 also as data (`subject`).
 * Both must explain a missing log on the right container.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST_FORMAT_VERSION, collectionError, type CollectionError } from '../../src/model/manifest.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { readSnapshot } from '../../src/reader/index.js';
import { entriesOf, pod, podList, tempDir, writeTarball } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(async () => cleanup());

const PREVIOUS_MISSING = 'Error from server (BadRequest): previous terminated container "worker" in pod "api-1" not found';
const FORBIDDEN = 'Error from server (Forbidden): endpoints is forbidden: User "support" cannot list resource "endpoints"';

async function bundle(name: string, formatVersion: number, errors: unknown[], containers = ['api', 'worker']): Promise<Snapshot> {
  const manifest = {
    formatVersion,
    capturedAt: '2024-05-01T10:30:00.000Z',
    collector: { name: 'podmortem', version: '0.1.0' },
    namespaces: ['shop'],
    collected: ['pods', 'logs', 'previous-logs'],
    logPolicy: { headLines: 200, tailLines: 300, maxBytes: 5_000_000, cut: [] },
    redaction: { enabled: true, files: [] },
    errors,
  };
  const path = join(dir, `${name}.tar.gz`);
  await writeTarball(
    path,
    entriesOf({
      'cluster-resources/pods/shop.json': podList([pod('shop', 'api-1', containers.map((c) => ({ name: c })))]),
      'cluster-resources/pods/logs/shop/api-1/api.log': 'serving\n',
      'podmortem.json': JSON.stringify(manifest),
    }, 'podmortem-shop'),
  );
  return readSnapshot(path);
}

const errorsOf = (snapshot: Snapshot, container: string) => snapshot.pods[0]!.containers.find((c) => c.name === container)!.logs.errors;

describe('podmortem.json collection errors', () => {
  it('version 2 is what this podmortem writes', () => {
    expect(MANIFEST_FORMAT_VERSION).toBe(2);
    expect(collectionError({ kind: 'logs', namespace: 'shop', name: 'api-1', container: 'worker', previous: true }, 'gone', 'kubectl logs')).toEqual({
      target: 'logs/shop/api-1/worker (previous)',
      subject: { kind: 'logs', namespace: 'shop', name: 'api-1', container: 'worker', previous: true },
      command: 'kubectl logs',
      message: 'gone',
    });
    expect(collectionError({ kind: 'endpoints', namespace: 'shop' }, FORBIDDEN).target).toBe('endpoints/shop');
    expect(collectionError({ kind: 'nodes' }, FORBIDDEN).target).toBe('nodes');
  });

  it('version 1 (old bundles): a log error is found from its target words', async () => {
    const snapshot = await bundle('v1', 1, [
      { target: 'logs/shop/api-1/worker (previous)', message: PREVIOUS_MISSING },
      { target: 'endpoints/shop', message: FORBIDDEN },
    ]);
    expect(errorsOf(snapshot, 'worker')).toEqual([`logs/shop/api-1/worker (previous): ${PREVIOUS_MISSING}`]);
    expect(errorsOf(snapshot, 'api')).toEqual([]);
    expect(snapshot.manifest?.errors[0]?.subject).toEqual({ kind: 'logs', namespace: 'shop', name: 'api-1', container: 'worker', previous: true });
    expect(snapshot.manifest?.errors[1]?.subject).toBeUndefined();
    expect(snapshot.diagnostics.filter((d) => d.code === 'collection-error').map((d) => d.message)).toEqual([
      `podmortem could not collect logs/shop/api-1/worker (previous): ${PREVIOUS_MISSING}`,
      `podmortem could not collect endpoints/shop: ${FORBIDDEN}`,
    ]);
  });

  it('version 2: a log error is found from its subject, even for a name the words cannot carry', async () => {
    const errors: CollectionError[] = [
      collectionError({ kind: 'logs', namespace: 'shop', name: 'api-1', container: 'worker', previous: true }, PREVIOUS_MISSING),
      collectionError({ kind: 'endpoints', namespace: 'shop' }, FORBIDDEN),
      // A container name with a space: version 1's words could not say which container this was.
      collectionError({ kind: 'logs', namespace: 'shop', name: 'api-1', container: 'odd name', previous: false }, 'timed out after 60s'),
    ];
    const snapshot = await bundle('v2', 2, errors, ['api', 'worker', 'odd name']);
    expect(snapshot.manifest?.formatVersion).toBe(2);
    expect(errorsOf(snapshot, 'worker')).toEqual([`logs/shop/api-1/worker (previous): ${PREVIOUS_MISSING}`]);
    expect(errorsOf(snapshot, 'odd name')).toEqual(['logs/shop/api-1/odd name: timed out after 60s']);
    expect(snapshot.manifest?.errors).toEqual(errors);
    expect(snapshot.diagnostics.filter((d) => d.code === 'manifest-field' || d.code === 'manifest-version')).toEqual([]);
  });

  it('version 2: only the subject says which log; words alone are not parsed, and a malformed subject is reported', async () => {
    const snapshot = await bundle('v2-words', 2, [
      { target: 'logs/shop/api-1/worker (previous)', message: PREVIOUS_MISSING },
      { target: 'logs/shop/api-1/api', subject: { kind: 'logs', namespace: 'shop', name: 7, container: 'api' }, message: 'boom' },
      { subject: { kind: 'logs', namespace: 'shop', name: 'api-1', container: 'worker', previous: true }, message: PREVIOUS_MISSING },
    ]);
    // The third has no words: they are written from its subject.
    expect(snapshot.manifest?.errors[2]?.target).toBe('logs/shop/api-1/worker (previous)');
    expect(errorsOf(snapshot, 'worker')).toEqual([`logs/shop/api-1/worker (previous): ${PREVIOUS_MISSING}`]);
    expect(errorsOf(snapshot, 'api')).toEqual([]);
    expect(snapshot.diagnostics.find((d) => d.code === 'manifest-field')?.message).toContain('1 error subjects');
  });
});
