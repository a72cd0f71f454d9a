/**
 * The bundled CLI and its V8 code cache (src/cli/bundle-loader.ts): the build's cache is taken by a fresh process
 * under bin's flags, and a cache V8 refuses costs only the compile it would have saved.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cachePathOf, loadBundle } from '../../src/cli/bundle-loader.js';

const ROOT = join(import.meta.dirname, '../..');
const LOADER = join(ROOT, 'dist/cli/bundle-loader.js');
const BUNDLE = join(ROOT, 'dist/cli-bundle/main.cjs');

/**
 * Loads a bundle the way bin/podmortem.js does, in a fresh process (V8 keeps what it compiled for the rest of a
 * process, so a second load in one process would not read the cache at all), and reports what became of its cache
 * and the type of each export; `writeCache` then writes the cache of what ran.
 */
function loadInFreshProcess(bundle: string, setFlags: boolean, writeCache = false): { cache: string; exports: Record<string, string> } {
  const script = `
    const { writeFileSync } = await import('node:fs');
    const { cachePathOf, loadBundle, setCliV8Flags } = await import(${JSON.stringify(LOADER)});
    if (${String(setFlags)}) setCliV8Flags();
    const { cache, exports, script } = loadBundle(${JSON.stringify(bundle)});
    if (${String(writeCache)}) writeFileSync(cachePathOf(${JSON.stringify(bundle)}), script.createCachedData());
    const types = Object.fromEntries(Object.entries(exports).map(([name, value]) => [name, typeof value === 'function' ? 'function' : String(value)]));
    console.log(JSON.stringify({ cache, exports: types }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as { cache: string; exports: Record<string, string> };
}

describe('the bundled CLI', () => {
  it('comes with a code cache that a fresh process under the CLI flags takes', () => {
    const { cache, exports } = loadInFreshProcess(BUNDLE, true);
    expect(cache).toBe('used');
    expect(exports['run']).toBe('function');
  });

  it('still loads when V8 refuses the cache: made under other flags', () => {
    const { cache, exports } = loadInFreshProcess(BUNDLE, false);
    expect(cache).toBe('rejected');
    expect(exports['run']).toBe('function');
  });
});

describe('loadBundle', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function bundleFile(source: string): string {
    dir = mkdtempSync(join(tmpdir(), 'podmortem-loader-'));
    const path = join(dir, 'main.cjs');
    writeFileSync(path, source);
    return path;
  }

  it('runs a CommonJS file as Node would: its exports, require from its folder, __filename', () => {
    const path = bundleFile('const { basename } = require("node:path"); exports.name = basename(__filename); module.exports.twice = (n) => 2 * n;');
    const loaded = loadBundle<{ name: string; twice: (n: number) => number }>(path);
    expect(loaded.cache).toBe('absent');
    expect(loaded.exports.name).toBe('main.cjs');
    expect(loaded.exports.twice(21)).toBe(42);
  });

  it('takes a cache made from the same source and refuses a damaged one, running the file either way', () => {
    const path = bundleFile('exports.answer = [1, 2, 3].map((n) => n * 2).join(",");');
    expect(loadInFreshProcess(path, true, true)).toEqual({ cache: 'absent', exports: { answer: '2,4,6' } });
    expect(loadInFreshProcess(path, true)).toEqual({ cache: 'used', exports: { answer: '2,4,6' } });

    writeFileSync(cachePathOf(path), Buffer.from('not a V8 code cache, whatever is written here'));
    expect(loadInFreshProcess(path, true)).toEqual({ cache: 'rejected', exports: { answer: '2,4,6' } });
  });

  it('runs the file when its cache cannot be read at all', () => {
    const path = bundleFile('exports.answer = 42;');
    mkdirSync(cachePathOf(path));
    expect(loadInFreshProcess(path, true)).toEqual({ cache: 'absent', exports: { answer: '42' } });
  });
});
