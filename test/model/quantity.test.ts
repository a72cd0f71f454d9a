import { describe, expect, it } from 'vitest';
import { formatBytes, parseMemoryBytes, parseQuantity } from '../../src/model/quantity.js';

describe('parseQuantity', () => {
  it.each([
    ['512Mi', 536870912],
    ['1Gi', 1073741824],
    ['0.5Gi', 536870912],
    ['1G', 1e9],
    ['500M', 5e8],
    ['1e9', 1e9],
    ['129e6', 129e6],
    ['128974848', 128974848],
    ['100m', 0.1],
    ['1.5', 1.5],
  ])('reads %s as %d', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 6);
  });

  it.each(['1GB', '1gi', '1K', '512 Mi', '', 'Mi', 'abc', '--1'])('rejects %j', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });

  it('rounds a milli-byte memory limit up to one byte, the instant-OOM trap', () => {
    expect(parseMemoryBytes('512m')).toBe(1);
  });
});

describe('formatBytes', () => {
  it.each([
    [536870912, '512Mi'],
    [1e9, '953.7Mi'],
    [1536 * 2 ** 20, '1.5Gi'],
    [900, '900'],
  ])('formats %d as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
