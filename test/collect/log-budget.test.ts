import { describe, expect, it } from 'vitest';
import { cutMarker, HeadTailBuffer } from '../../src/collect/log-budget.js';

const budget = { headLines: 3, tailLines: 4, maxBytes: 1000, maxLineBytes: 50 };

function feed(text: string, chunkSize: number, b = budget) {
  const buffer = new HeadTailBuffer(b);
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += chunkSize) buffer.push(bytes.subarray(i, i + chunkSize));
  return buffer.finish();
}

describe('the head/tail log budget', () => {
  it('keeps a short log whole, whatever the chunking', () => {
    for (const size of [1, 3, 1000]) {
      expect(feed('a\nb\nc\n', size)).toEqual({ text: 'a\nb\nc\n', totalLines: 3, totalBytes: 6, droppedLines: 0, droppedBytes: 0 });
      expect(feed('a\nb', size).text).toBe('a\nb');
    }
  });

  it('keeps the head and the tail of a long log and marks the cut', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    const kept = feed(`${lines.join('\n')}\n`, 7);
    const dropped = lines.slice(3, 16);
    expect(kept.droppedLines).toBe(13);
    expect(kept.droppedBytes).toBe(dropped.reduce((sum, l) => sum + l.length + 1, 0));
    expect(kept.text).toBe(`${[...lines.slice(0, 3), cutMarker(13, kept.droppedBytes), ...lines.slice(16)].join('\n')}\n`);
    expect(kept.totalLines).toBe(20);
  });

  it('holds the byte budget when lines are long, and cuts a giant line', () => {
    const long = 'x'.repeat(45);
    const kept = feed(`${Array.from({ length: 100 }, () => long).join('\n')}\n${'y'.repeat(10_000)}\n`, 64);
    expect(Buffer.byteLength(kept.text)).toBeLessThanOrEqual(1000 + cutMarker(kept.droppedLines, kept.droppedBytes).length + 60);
    expect(kept.text.endsWith(`${'y'.repeat(50)}\n`)).toBe(true);
    expect(kept.text).not.toContain('y'.repeat(51));
    expect(kept.droppedBytes).toBeGreaterThanOrEqual(10_000 - 50);
  });
});
