/**
 * Loads the bundled CLI (one CommonJS file, scripts/bundle-cli.mjs) with the V8 code cache `npm run build` wrote next
 * to it (scripts/code-cache.mjs). Node 20 has no compile cache of its own (module.enableCompileCache is Node 22): each
 * run parsed and compiled the CLI's functions again, about a tenth of analyzing a must-gather (issue 11). The cache
 * holds the bytecode of every function the build's warm-up ran; V8 checks it against the source, its own version and
 * its flags and rejects it when anything differs, and the CLI then compiles as before.
 *
 * bin/podmortem.js imports this module before the bundle: it loads nothing but Node's own modules.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

/**
 * A podmortem run lasts seconds. With V8's default tier-up budget, analyzing a must-gather spent about a quarter of
 * its CPU (0.5 s, on V8's background threads) optimizing some 160 functions that each ran only briefly; eight times
 * the budget leaves that to the really hot loops, which still get optimized (npm run bench, issue 11). A code cache
 * is valid only under the flags it was made with, so the build's warm-up sets the same ones.
 */
const CLI_V8_FLAGS: readonly string[] = ['--interrupt-budget=540672'];

/** Sets {@link CLI_V8_FLAGS}: before any of the CLI's code is compiled. */
export function setCliV8Flags(): void {
  for (const flag of CLI_V8_FLAGS) setFlagsFromString(flag);
}

/** The code cache of a bundle: the bundle's path with `.cache` appended. */
export function cachePathOf(bundlePath: string): string {
  return `${bundlePath}.cache`;
}

export interface LoadedBundle<Exports> {
  exports: Exports;
  /** The compiled script, for the build to make the cache from once its warm-up ran. */
  script: Script;
  /** `used`: V8 took the cache; `rejected`: it did not (another Node, other flags, another build); `absent`: none. */
  cache: 'used' | 'rejected' | 'absent';
}

/** Runs the CommonJS file at `bundlePath` as Node's loader would, with its code cache when there is one. */
export function loadBundle<Exports>(bundlePath: string): LoadedBundle<Exports> {
  const source = readFileSync(bundlePath, 'utf8');
  const cachedData = readCache(cachePathOf(bundlePath));
  // Node's own CommonJS wrapper, so that the bundle sees what a required file sees.
  // No import() in it (scripts/bundle-cli.mjs checks): a script from a code cache has lost its import() callback.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundlePath, cachedData });
  const module = { exports: {} as Exports };
  const wrapper = script.runInThisContext() as (exports: Exports, require: NodeJS.Require, module: { exports: Exports }, filename: string, dirname: string) => void;
  wrapper(module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
  const cache = cachedData === undefined ? 'absent' : script.cachedDataRejected === true ? 'rejected' : 'used';
  return { exports: module.exports, script, cache };
}

/** The cache's bytes, or undefined when there is none or it cannot be read: the CLI then only compiles more. */
function readCache(cachePath: string): Buffer | undefined {
  try {
    return readFileSync(cachePath);
  } catch {
    return undefined;
  }
}
