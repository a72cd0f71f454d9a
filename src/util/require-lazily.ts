/**
 * Loads a dependency or a Node module on first use, so that the commands and formats that never need it (most runs)
 * do not pay for loading it at start-up. `require`, not `import()`: the bundled CLI runs from a V8 code cache, and on
 * Node 20 a script compiled from a cache has lost its `import()` callback (src/cli/bundle-loader.ts). Everything
 * loaded this way ships CommonJS.
 */
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

/** The module's exports: the caller states their type, as for any `require`. */
export function requireLazily(id: string): unknown {
  return requireHere(id);
}
