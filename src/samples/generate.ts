/**
 * Rebuilds sample-bundles/ byte for byte: `npm run samples` (node dist/samples/generate.js sample-bundles).
 * Every bundle comes from a scenario in src/samples/scenarios/; nothing reads the clock or a random source.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../util/atomic-write.js';
import { SAMPLES, samplesReadme } from './catalog.js';

export async function generateSamples(outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const sample of SAMPLES) {
    const target = join(outDir, sample.file);
    await sample.write(target);
    written.push(target);
  }
  const readme = join(outDir, 'README.md');
  await writeFileAtomic(readme, samplesReadme(), { overwrite: true });
  written.push(readme);
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2] ?? 'sample-bundles';
  generateSamples(outDir).then(
    (files) => {
      for (const file of files) process.stdout.write(`wrote ${file}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`podmortem samples: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
