import { describe, expect, it } from 'vitest';
import { checkEntryPath } from '../../src/reader/sources/entry-path.js';

/** The rule as the module documents it, written the slow way: split on both separators, drop `.` and empty parts. */
function reference(raw: string): string | undefined {
  if (raw.includes('\0') || /^[/\\]/.test(raw) || /^[A-Za-z]:[\\/]/.test(raw)) return undefined;
  const segments = raw.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
  return segments.length === 0 || segments.includes('..') ? undefined : segments.join('/');
}

describe('checkEntryPath', () => {
  it('keeps a normal name as it is, without the slash that ends a directory', () => {
    expect(checkEntryPath('must-gather/namespaces/a/core/pods.yaml')).toEqual({ ok: true, path: 'must-gather/namespaces/a/core/pods.yaml' });
    expect(checkEntryPath('bundle/cluster-resources/')).toEqual({ ok: true, path: 'bundle/cluster-resources' });
    expect(checkEntryPath('a/..b/c.')).toEqual({ ok: true, path: 'a/..b/c.' });
  });

  it('normalises `.`, empty segments and backslashes, and refuses what leaves the bundle', () => {
    expect(checkEntryPath('./a//b/./c\\d')).toEqual({ ok: true, path: 'a/b/c/d' });
    expect(checkEntryPath('a/../../x').ok).toBe(false);
    expect(checkEntryPath('..').ok).toBe(false);
    expect(checkEntryPath('C:/x').ok).toBe(false);
    expect(checkEntryPath('/etc/passwd').ok).toBe(false);
    expect(checkEntryPath('./').ok).toBe(false);
  });

  it('gives the documented answer for every name built from separators, dots and letters', () => {
    // Every name of up to five parts over this alphabet: the parts that could fool a fast path for normal names.
    const parts = ['a', '.', '..', '/', '\\', '...', '.a', 'C:', ''];
    let names = [''];
    for (let length = 0; length < 5; length++) names = names.flatMap((name) => parts.map((part) => name + part));
    const unique = [...new Set(names)];
    expect(unique.length).toBeGreaterThan(10_000);
    for (const name of unique) {
      const checked = checkEntryPath(name);
      expect(checked.ok ? checked.path : undefined, JSON.stringify(name)).toBe(reference(name));
    }
  });
});
