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

  it('gives every line the highest-ranked signature that matches it, the one listed first among equals', () => {
    // The rule written plainly: every signature tried, no prefilter, in catalogue order.
    const reference = (text: string) => {
      let best: (typeof SIGNATURES)[number] | undefined;
      for (const signature of SIGNATURES) if (signature.pattern.test(text) && (!best || signature.rank > best.rank)) best = signature;
      return best?.id;
    };
    // Two examples on one line make lines that several signatures match, of equal and of different ranks.
    const examples = SIGNATURES.map((s) => s.example);
    const lines = [...examples, ...examples.flatMap((first, i) => examples.slice(i + 1).map((second) => `${first} ${second}`)), 'ERROR nothing known', 'all good'];
    let several = 0;
    for (const line of lines) {
      if (SIGNATURES.filter((s) => s.pattern.test(line)).length > 1) several++;
      expect(matchText(line)?.signature.id, line).toBe(reference(line));
    }
    expect(several).toBeGreaterThan(1000);
  });

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
