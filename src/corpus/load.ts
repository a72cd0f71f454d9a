/**
 * Case file → real bundle → the real reader and analysis → the case's score. Bundles go to a temporary folder the
 * caller owns; everything else is the path a user's bundle takes (analyzeBundles).
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Report } from '../model/report.js';
import { analyzeBundles } from '../pipeline.js';
import { parseCase, type CorpusCase } from './case.js';
import { writeCaseBundle } from './bundle.js';
import { caseModel } from './model.js';
import { scoreCase, type CaseScore } from './score.js';

export async function loadCase(file: string): Promise<CorpusCase> {
  return parseCase(file, await readFile(file, 'utf8'));
}

/** Every case file of a folder, sorted by name. */
export async function caseFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort().map((name) => join(dir, name));
}

/** Builds the case's bundle in `workDir` and analyzes it as `podmortem analyze` would. */
async function analyzeCase(c: CorpusCase, workDir: string): Promise<Report> {
  const target = join(workDir, `${c.id}.tar.gz`);
  await writeCaseBundle(caseModel(c), c.layout, target);
  const { report, unreadable } = await analyzeBundles([target]);
  const [failure] = unreadable;
  if (failure) throw new Error(`${c.file}: the bundle built from it cannot be read: ${failure.message}`);
  return report;
}

export async function runCase(c: CorpusCase, workDir: string): Promise<{ score: CaseScore; report: Report }> {
  const report = await analyzeCase(c, workDir);
  return { score: scoreCase(c, report.findings), report };
}
