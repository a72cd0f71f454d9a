/**
 * The signature catalogue checks itself: every entry's example line, a real line from the public thread it cites,
 * run through the whole catalogue, must hit that very entry before any other.
 */
import { describe, expect, it } from 'vitest';
import { SIGNATURES } from '../../src/analyze/signatures/catalogue.js';
import { matchText } from '../../src/analyze/signatures/match.js';
import { CAUSE_KINDS } from '../../src/corpus/case.js';

describe('signature catalogue', () => {
  it('has unique ids, a public source and a kind from the cause\'s vocabulary for every entry', () => {
    const ids = SIGNATURES.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const signature of SIGNATURES) {
      expect(signature.source, signature.id).toMatch(/^https:\/\/\S+$/);
      expect(CAUSE_KINDS[signature.cause], signature.id).toContain(signature.kind);
      for (const refine of signature.refine ?? []) expect(CAUSE_KINDS[signature.cause], signature.id).toContain(refine.kind);
      expect(signature.pattern.flags, signature.id).not.toMatch(/[gy]/);
    }
  });

  for (const signature of SIGNATURES) {
    it(`${signature.id}: its example hits it first`, () => {
      const hit = matchText(signature.example);
      expect(hit?.signature.id, signature.example).toBe(signature.id);
    });
  }

  it('covers the languages and servers people run in clusters', () => {
    const ecosystems = new Set(SIGNATURES.map((s) => s.ecosystem));
    for (const e of ['go', 'java', 'spring', 'node', 'python', 'ruby', 'dotnet', 'php', 'nginx', 'envoy', 'shell', 'postgresql', 'mysql', 'mongodb', 'redis', 'elasticsearch', 'kafka', 'zookeeper', 'rabbitmq', 'etcd', 'keycloak'] as const) {
      expect(ecosystems, e).toContain(e);
    }
  });

  it('reads what the line names: host and port of a dependency, the user whose password was rejected', () => {
    expect(matchText('connection to server at "db" (10.0.0.5), port 5432 failed: FATAL:  password authentication failed for user "app"')).toMatchObject({
      signature: { id: 'postgres-password-authentication-failed' },
      groups: { user: 'app' },
      kind: 'credentials-rejected',
    });
    expect(matchText('connection to server at "db" (10.0.0.5), port 5432 failed: Connection timed out')).toMatchObject({ groups: { host: 'db', port: '5432' }, kind: 'timeout' });
    expect(matchText('ERROR cache warmup slow')).toMatchObject({ signature: { id: 'error-level' } });
  });
});
