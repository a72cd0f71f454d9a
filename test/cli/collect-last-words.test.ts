import { describe, expect, it } from 'vitest';
import { writeError } from '../../src/cli/context.js';
import { classifyFailure, lastWords } from '../../src/collect/progress.js';
import type { PodmortemManifest } from '../../src/model/manifest.js';

function manifest(overrides: Partial<PodmortemManifest> = {}): PodmortemManifest {
  return {
    formatVersion: 1,
    capturedAt: '2026-11-18T10:00:00Z',
    collector: { name: 'podmortem', version: '0.1.0' },
    namespaces: ['shop'],
    collected: ['pods', 'logs', 'previous-logs'],
    logPolicy: { headLines: 500, tailLines: 2000, maxBytes: 5_000_000, cut: [{ file: 'x.log', droppedLines: 10, droppedBytes: 900 }] },
    redaction: {
      enabled: true,
      files: [
        { file: 'cluster-resources/pods/shop.json', rule: 'url-password', count: 2 },
        { file: 'cluster-resources/pods/logs/shop/api-1/api-previous.log', rule: 'jwt', count: 3 },
        { file: 'cluster-resources/pods/logs/shop/api-1/api-previous.log', rule: 'url-password', count: 1 },
      ],
    },
    errors: [
      { target: 'logs/shop/cart-1/cart', message: 'Error from server (BadRequest): container "cart" in pod "cart-1" is waiting to start: CreateContainerConfigError' },
      { target: 'logs/shop/api-1/api (previous)', message: 'Error from server (BadRequest): previous terminated container "api" in pod "api-1" not found' },
      { target: 'daemonsets/kube-system', message: 'Error from server (Forbidden): daemonsets.apps is forbidden: User "support@example.com" cannot list resource "daemonsets" in API group "apps" in the namespace "kube-system"' },
      { target: 'logs/shop/big-1/big', message: 'timed out after 60s' },
      { target: 'events/shop', message: 'error: You must be logged in to the server (Unauthorized)' },
    ],
    ...overrides,
  };
}

describe('collect: last words', () => {
  it('says what to attach, what was masked, what was cut, and splits expected from real failures, each shown', () => {
    const lines = lastWords(manifest(), { path: 'shop.tar.gz', bytes: 70_656, files: 142 });
    expect(lines[0]).toBe('Attach shop.tar.gz (69 KB, 142 files) to the ticket.');
    expect(lines).toContain('Masked 6 values in 2 files: 3 jwt, 3 url-password (podmortem.json "redaction" lists them by file).');
    expect(lines).toContain('1 logs cut to their first 500 and last 2000 lines.');
    const expectedAt = lines.findIndex((l) => l.startsWith('Not there to collect (2, expected)'));
    const failedAt = lines.findIndex((l) => l.startsWith('Failed (3)'));
    expect(expectedAt).toBeGreaterThan(0);
    expect(failedAt).toBeGreaterThan(expectedAt);
    expect(lines.slice(expectedAt + 1, failedAt)).toEqual([
      '  - logs/shop/cart-1/cart: Error from server (BadRequest): container "cart" in pod "cart-1" is waiting to start: CreateContainerConfigError',
      '  - logs/shop/api-1/api (previous): Error from server (BadRequest): previous terminated container "api" in pod "api-1" not found',
    ]);
    expect(lines.slice(failedAt + 1)).toEqual([
      expect.stringMatching(/^ {2}- daemonsets\/kube-system: RBAC: Error from server \(Forbidden\)/),
      '  - logs/shop/big-1/big: timeout: timed out after 60s',
      '  - events/shop: RBAC: error: You must be logged in to the server (Unauthorized)',
    ]);
  });

  it('says plainly when nothing failed or nothing was masked, and how to redact a --no-redact bundle', () => {
    const clean = lastWords(manifest({ errors: [], redaction: { enabled: true, files: [] } }), { path: 'out/a b.tar.gz', bytes: 900, files: 3 });
    expect(clean).toContain('Every step succeeded.');
    expect(clean[1]).toMatch(/^Masked: no credential was found/);
    const raw = lastWords(manifest({ redaction: { enabled: false, files: [] } }), { path: 'out/a b.tar.gz', bytes: 900, files: 3 });
    expect(raw[0]).toBe("Do not attach out/a b.tar.gz (900 B, 3 files) as it is: run podmortem redact 'out/a b.tar.gz' 'out/a b-redacted.tar.gz' and attach that.");
  });

  it('lists at most eight of a kind, then says how many more', () => {
    const errors = Array.from({ length: 12 }, (_, i) => ({ target: `logs/shop/p-${i}/c`, message: 'timed out after 60s' }));
    const lines = lastWords(manifest({ errors }), { path: 'x.tar.gz', bytes: 1, files: 1 });
    expect(lines.filter((l) => l.startsWith('  - '))).toHaveLength(8);
    expect(lines.at(-1)).toBe('  … and 4 more (podmortem.json "errors")');
  });

  it('classifies kubelet\'s answers for logs that do not exist as expected', () => {
    expect(classifyFailure({ target: 't', message: 'container "a" in pod "p" is terminated' })).toBe('expected');
    expect(classifyFailure({ target: 't', message: 'Get "https://10.0.0.1:6443/api": context deadline exceeded' })).toBe('timeout');
    expect(classifyFailure({ target: 't', message: 'exec: "kubectl": executable file not found in $PATH' })).toBe('other');
  });

  it('writes the lines through the neutraliser: a pod name cannot drive the terminal', () => {
    const errors = [{ target: 'logs/shop/evil\u001b]52;c;aGk=\u0007/c', message: 'timed out after 60s\u001b[2J' }];
    let err = '';
    writeError({ write: (s: string) => (err += s) }, lastWords(manifest({ errors }), { path: 'x.tar.gz', bytes: 1, files: 1 }).join('\n'));
    // eslint-disable-next-line no-control-regex -- the test is that no control character reaches the terminal
    expect(err).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(err).toContain('evil\\x1b]52;c;aGk=\\x07/c: timeout: timed out after 60s\\x1b[2J');
    expect(err.startsWith('podmortem: Attach x.tar.gz')).toBe(true);
  });
});
