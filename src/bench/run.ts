/**
 * `npm run bench`: every benchmark in one run, each reporting ratios against its own baseline measured in the same
 * run. Run with --expose-gc (the npm script does) so heap figures are taken after a collection. A benchmark whose
 * own check fails (e.g. memory not flat as the bundle grows) sets a non-zero exit code after all have run.
 */
import { benchAnalyze } from './analyze.js';
import { benchReader } from './reader.js';
import { benchServe } from './serve.js';

const BENCHMARKS: Array<[string, () => Promise<{ lines: string[]; ok?: boolean }>]> = [
  ['analyze', benchAnalyze],
  ['reader', benchReader],
  ['serve', benchServe],
];

/** `npm run bench -- analyze` runs only the named benchmarks. */
const only = process.argv.slice(2);
for (const [name, bench] of BENCHMARKS) {
  if (only.length > 0 && !only.includes(name)) continue;
  const started = performance.now();
  const result = await bench();
  for (const line of result.lines) process.stdout.write(`${line}\n`);
  process.stdout.write(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  if (result.ok === false) process.exitCode = 1;
}
