/**
 * Writes the V8 code cache of the bundled CLI (dist/cli-bundle/main.cjs.cache), read by src/cli/bundle-loader.ts.
 * The cache holds the bytecode of the functions that have run when it is made, so the bundle first analyzes the
 * sample bundles (every layout's reader, the analyzers, the JSON report) in this process, under the V8 flags bin sets.
 * Run by `npm run build` after scripts/bundle-cli.mjs; a cache that cannot be made is a warning, never a failed build:
 * the CLI then compiles as it runs.
 */
import { existsSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cachePathOf, loadBundle, setCliV8Flags } from '../dist/cli/bundle-loader.js';

setCliV8Flags();
const root = fileURLToPath(new URL('../', import.meta.url));
const bundlePath = `${root}dist/cli-bundle/main.cjs`;
const cachePath = cachePathOf(bundlePath);
rmSync(cachePath, { force: true });

const { exports, script } = loadBundle(bundlePath);
const samplesDir = `${root}sample-bundles`;
const samples = existsSync(samplesDir)
  ? readdirSync(samplesDir)
      .filter((name) => name.endsWith('.tar.gz'))
      .map((name) => `${samplesDir}/${name}`)
  : [];
let report = '';
const stdout = { write: (text) => ((report += text), true), isTTY: false, columns: undefined };
const stderr = { write: () => true, isTTY: false, columns: undefined };
const context = { stdout, stderr, env: {}, cwd: root, signal: new AbortController().signal };
// Without the samples (a package without them), the cache holds what start-up compiles.
await exports.run(samples.length > 0 ? ['analyze', '--format', 'json', ...samples] : ['--version'], context);
// The samples escalate (exit 1); whatever the code, a report with findings means the analysis ran through.
if (samples.length > 0 && !/"findings":\s*\[\s*\{/.test(report)) {
  process.stderr.write('warning: analyzing the sample bundles gave no findings; the code cache holds only what ran\n');
}

try {
  const temporary = `${cachePath}.${process.pid}.tmp`;
  writeFileSync(temporary, script.createCachedData());
  renameSync(temporary, cachePath);
} catch (error) {
  process.stderr.write(`warning: no code cache for the CLI (${error.message}); it will compile as it runs\n`);
}
