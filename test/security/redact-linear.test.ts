/**
 * Redaction must take time linear in its input, whatever the input: each adversarial line below is 1 MB built to
 * make a backtracking pattern (or a per-match rescan) quadratic. The bound is measured against a plain 1 MB log line
 * on the same machine, so a slow CI machine does not fail it and a quadratic pattern (hundreds of times slower at
 * 1 MB) always does.
 */
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/redact/redactor.js';

const MB = 1024 * 1024;
const repeat = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

const ADVERSARIAL: Record<string, string> = {
  'a run of scheme letters (the URL rule)': repeat('a'),
  'scheme separators without a host': repeat('a://'),
  'user:password without @ (the DSN rule)': repeat('ab:'),
  'password= repeated without a value end': repeat('password='),
  'unclosed quoted values': repeat('password="'),
  'PEM BEGIN lines without END': repeat('-----BEGIN PRIVATE KEY-----'),
  'PEM END lines without BEGIN': repeat('-----END PRIVATE KEY-----'),
  'BEGIN and a quote': repeat('-----BEGIN RSA PRIVATE KEY-----"'),
  'one long base64 run': repeat('QUJD'),
  'base64 runs of user:pass': repeat(`${Buffer.from('u:secretpass1').toString('base64')} `),
  'earlier tokens back to back': repeat('<redacted:secret-pair:0123abcd>'),
  'cookie headers': repeat('Cookie: a='),
  'mysql without -p': repeat('mysql '),
  'URL @ signs': repeat('http://u:p@'),
  'xml open tags': repeat('<password>'),
  'bearer words': repeat('bearer '),
};

async function seconds(text: string): Promise<number> {
  const redactor = new Redactor(true, Buffer.alloc(32, 1));
  const start = performance.now();
  await redactor.text('log', text);
  return (performance.now() - start) / 1000;
}

describe('redaction stays linear on adversarial lines', () => {
  it('redacts every 1 MB adversarial line within a bounded multiple of a plain line', async () => {
    const plain = Math.max(await seconds(repeat('level=info msg="request served" path=/api/cart status=200 ')), 0.05);
    const slow: string[] = [];
    for (const [name, text] of Object.entries(ADVERSARIAL)) {
      const took = await seconds(text);
      // 40× a plain line of the same size, and never more than 10 s: a quadratic scan of 1 MB takes minutes.
      if (took > Math.min(40 * plain + 1, 10)) slow.push(`${name}: ${took.toFixed(2)} s (plain line: ${plain.toFixed(2)} s)`);
    }
    expect(slow).toEqual([]);
  }, 180_000);

  it('redacts 10,000 short strings in time that grows linearly (no profiler growing in secretlint)', async () => {
    const redactor = new Redactor(true, Buffer.alloc(32, 1));
    const time = async (n: number) => {
      const start = performance.now();
      for (let i = 0; i < n; i++) await redactor.text('manifest', `error ${i}: cannot get pods`);
      return performance.now() - start;
    };
    await time(200);
    const small = await time(1000);
    const large = await time(10_000);
    // Ten times the strings in well under a hundred times the time (a growing profile made it quadratic).
    expect(large / small).toBeLessThan(30);
  }, 180_000);
});
