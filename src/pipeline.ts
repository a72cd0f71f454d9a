/**
 * The main job as a library call: read every bundle, analyze them together, return the report. The CLI renders it;
 * other programs can call this directly. One unreadable bundle does not stop the others, and a folder of bundles is
 * read as each of its bundles.
 */
import { analyze, LOG_KEEP_PATTERNS } from './analyze/index.js';
import type { Report } from './model/report.js';
import type { Snapshot } from './model/snapshot.js';
import { readSnapshot, type ReadOptions } from './reader/index.js';
import { bundlesInFolder } from './reader/sources/several.js';
import { VERSION } from './version.js';

export interface UnreadableBundle {
  path: string;
  message: string;
}

export interface AnalysisResult {
  report: Report;
  snapshots: Snapshot[];
  /** Bundles that could not be read at all (their name and why); the report covers the others. */
  unreadable: UnreadableBundle[];
}

export async function analyzeBundles(paths: readonly string[], options: ReadOptions = {}): Promise<AnalysisResult> {
  const snapshots: Snapshot[] = [];
  const unreadable: UnreadableBundle[] = [];
  for (const path of await expandFolders(paths)) {
    // One at a time: each read streams a whole bundle, and reading two at once only doubles peak memory.
    try {
      // Only the kinds the analysis reads are parsed: a must-gather's CRDs and custom resources are for serve.
      snapshots.push(await readSnapshot(path, { keepPatterns: LOG_KEEP_PATTERNS, objects: 'analysis', ...options }));
    } catch (error) {
      unreadable.push({ path, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { report: analyze(snapshots, { generatorVersion: VERSION }), snapshots, unreadable };
}

/** A folder that holds several bundles stands for each of them, analyzed as its own bundle (in name order). */
async function expandFolders(paths: readonly string[]): Promise<string[]> {
  const expanded: string[] = [];
  for (const path of paths) expanded.push(...((await bundlesInFolder(path)) ?? [path]));
  return expanded;
}
