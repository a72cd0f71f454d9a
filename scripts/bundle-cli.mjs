/**
 * Bundles the compiled CLI (dist/cli/main.js and everything it imports) into one CommonJS file,
 * dist/cli-bundle/main.cjs, which bin/podmortem.js runs through src/cli/bundle-loader.ts with a V8 code cache
 * (scripts/code-cache.mjs). Loading some 150 modules one by one cost every command about 0.1 s of CPU before it did
 * anything. One file, not chunks: a code cache belongs to one script, and V8 compiles a function only when it first
 * runs, so serve's and collect's code costs an analysis little more than reading it. Dependencies but commander
 * stay in node_modules (see below). The library (dist/index.js) and the tests use the unbundled modules.
 */
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const outdir = fileURLToPath(new URL('../dist/cli-bundle/', import.meta.url));
// A fresh folder: no earlier build's file, or cache of another build's source, is left behind.
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [fileURLToPath(new URL('../dist/cli/main.js', import.meta.url))],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Every dependency stays in node_modules but commander, which every command loads first: bundled, its code is in the
  // code cache instead of being compiled by each run (some 10 ms of CPU, issue 11).
  external: Object.keys({ ...packageJson.dependencies, ...packageJson.optionalDependencies }).filter((name) => name !== 'commander'),
  outfile: `${outdir}main.cjs`,
  // The modules locate shipped files and optional dependencies from their own URL (src/util/package-files.ts); in
  // CommonJS that URL is the bundle's, which sits two levels below the package root as they do.
  define: { 'import.meta.url': '__podmortemBundleUrl' },
  banner: { js: 'const __podmortemBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: 'warning',
});

// A script compiled from a V8 code cache loses its import() callback (Node 20): modules loaded on first use are
// required instead (src/util/require-lazily.ts), and esbuild inlines the CLI's own import()s. One left would fail at run time.
const dynamicImports = readFileSync(`${outdir}main.cjs`, 'utf8').match(/\bimport\(\s*["'`][^"'`]+["'`]\s*\)/g) ?? [];
if (dynamicImports.length > 0) {
  throw new Error(`the bundled CLI still has import() of ${dynamicImports.join(', ')}: load these with requireLazily (src/util/require-lazily.ts) instead`);
}
