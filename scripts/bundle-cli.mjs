/**
 * Bundles the compiled CLI (dist/cli/main.js and everything it imports) into dist/cli-bundle/, which bin/podmortem.js
 * runs. Loading some 150 modules one by one cost every command about 0.1 s of CPU before it did anything; the bundle
 * is a few files, with serve, collect and redact in chunks loaded only by their commands. Dependencies stay in
 * node_modules. The library (dist/index.js) and the tests use the unbundled modules.
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const outdir = fileURLToPath(new URL('../dist/cli-bundle/', import.meta.url));
// Chunk names carry a hash: without this, every build would leave the previous build's chunks behind.
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [fileURLToPath(new URL('../dist/cli/main.js', import.meta.url))],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outdir,
  logLevel: 'warning',
});
