import { describe, expect, it } from 'vitest';
import { median } from '../../src/bench/median.js';

describe('median (the bench\'s run-by-run figures)', () => {
  it('is the middle value of an odd count and the mean of the two middle ones of an even count, in any order', () => {
    expect(median([3.1, 2.5, 3.8, 2.9, 3.0])).toBe(3.0);
    expect(median([2, 4])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('leaves the values as they were, and refuses no values', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
    expect(() => median([])).toThrow('median of no values');
  });
});
