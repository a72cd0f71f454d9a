/**
 * The analyzer's public API: `analyze(snapshots)` → Report, and the log lines the reader must keep from huge logs.
 */
import type { Report } from '../model/report.js';
import type { Snapshot } from '../model/snapshot.js';
import { runAnalysis, type AnalyzeOptions } from './engine.js';
import { groupReplicas } from './group.js';
import { CAUSE_RULES, CHECK_RULES, RULES } from './registry.js';
import { SIGNATURE_KEEP_PATTERNS } from './signatures/catalogue.js';

export type { AnalyzeOptions } from './engine.js';
export { RULES, CAUSE_RULES, CHECK_RULES } from './registry.js';
export { renderRulesIndex } from './docs-index.js';

/** Explains every troubled container of every snapshot and decides whether to escalate. Pure. */
export function analyze(snapshots: Snapshot[], options: AnalyzeOptions = {}): Report {
  return groupReplicas(runAnalysis(snapshots, { causes: CAUSE_RULES, checks: CHECK_RULES }, options));
}

/**
 * The signature catalogue's patterns and every rule's own keep patterns: the reader keeps the lines of a huge log that
 * match any of these, beyond its head and tail, so no decisive line is lost to the cut.
 */
export const LOG_KEEP_PATTERNS: RegExp[] = dedupe([...SIGNATURE_KEEP_PATTERNS, ...RULES.flatMap((rule) => rule.keepPatterns)]);

function dedupe(patterns: RegExp[]): RegExp[] {
  const seen = new Map<string, RegExp>();
  for (const pattern of patterns) {
    // A `g` or `y` flag would make `test()` stateful across lines; the reader must get stateless patterns.
    const flags = pattern.flags.replace(/[gy]/g, '');
    const key = `${pattern.source}/${flags}`;
    if (!seen.has(key)) seen.set(key, flags === pattern.flags ? pattern : new RegExp(pattern.source, flags));
  }
  return [...seen.values()];
}
