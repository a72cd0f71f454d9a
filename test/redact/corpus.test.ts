/**
 * The redaction corpus through `redact`'s two paths: a log line (text redaction) and an object (an env value and an
 * annotation of a pod, as `redact` and `collect` redact resource files). Prints leaks per shape; 0 is the bar.
 */
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/redact/redactor.js';
import { CORPUS, leaked, leaksByShape, SURVIVES } from './corpus.js';

const KEY = Buffer.alloc(32, 9);

function report(name: string, results: Array<{ shape: string; leaked: boolean }>): string[] {
  const byShape = leaksByShape(results);
  const lines = [...byShape].map(([shape, { planted, leaked: count }]) => `${count > 0 ? 'LEAK' : 'ok  '} ${shape}: ${count}/${planted}`);
  const total = results.filter((r) => r.leaked).length;
  console.log(`redaction corpus through ${name}: ${total} of ${results.length} leaked\n${lines.join('\n')}`);
  return lines.filter((line) => line.startsWith('LEAK'));
}

describe('the redaction corpus', () => {
  it('leaks nothing through text redaction (logs)', async () => {
    const redactor = new Redactor(true, KEY);
    const results = [];
    for (const c of CORPUS) {
      const out = await redactor.text('log', c.text);
      results.push({ shape: c.shape, leaked: leaked(out, c.secret), out });
    }
    const leaks = report('text', results);
    expect(leaks, results.filter((r) => r.leaked).map((r) => r.out).join('\n')).toEqual([]);
  });

  it('leaks nothing through object redaction (env values, annotations, args)', async () => {
    const redactor = new Redactor(true, KEY);
    const pod = {
      kind: 'Pod',
      metadata: { name: 'api', namespace: 'shop', annotations: Object.fromEntries(CORPUS.map((c, i) => [`example.com/note-${i}`, c.text])) },
      spec: {
        containers: [
          {
            name: 'api',
            args: CORPUS.map((c) => c.text),
            env: CORPUS.map((c, i) => (c.env ? { name: c.env, value: c.secret } : { name: `LINE_${i}`, value: c.text })),
          },
        ],
      },
    };
    const out = JSON.stringify(await redactor.document('cluster-resources/pods/shop.json', pod));
    const results = CORPUS.map((c) => ({ shape: c.shape, leaked: leaked(out, c.secret) }));
    expect(report('objects', results)).toEqual([]);
  });

  it('keeps every string that only looks close to a credential', async () => {
    const redactor = new Redactor(true, KEY);
    for (const text of SURVIVES) expect(await redactor.text('log', text)).toBe(text);
  });

  it('plants at least three values of every shape the issue lists', () => {
    const byShape = leaksByShape(CORPUS.map((c) => ({ shape: c.shape, leaked: false })));
    expect(byShape.size).toBeGreaterThanOrEqual(40);
    for (const [, { planted }] of byShape) expect(planted).toBeGreaterThanOrEqual(3);
  });
});
