/**
 * How severe a finding is and how findings rank, defined once: the engine scores and orders the report with it, and
 * renderers order what they show (a filtered or hand-built report) and colour it by the same bands.
 */
import type { Confidence, Finding } from '../model/report.js';
import type { TroubleKind } from './rule.js';
import { compareCodeUnits } from '../util/compare.js';

/** How bad the state is now: crash-looping beats a container that restarted and recovered. */
const TROUBLE_SEVERITY: Record<TroubleKind, number> = {
  'crash-looping': 70,
  'init-blocking': 70,
  'mount-blocked': 65,
  failed: 60,
  evicted: 55,
  recovered: 30,
};
const CONFIDENCE_SEVERITY: Record<Confidence, number> = { high: 15, medium: 8, low: 0 };

/** 0–100: the state now, how sure the cause is, and how often it restarted (a recovered container counts less). */
export function severityOf(trouble: TroubleKind, confidence: Confidence, restartCount: number): number {
  const restarts = Math.min(trouble === 'recovered' ? 10 : 15, restartCount);
  return Math.min(100, TROUBLE_SEVERITY[trouble] + CONFIDENCE_SEVERITY[confidence] + restarts);
}

/** Most severe first; ties by namespace, pod, container and bundle, so output is stable whatever the locale. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    b.severity - a.severity ||
    compareCodeUnits(a.namespace, b.namespace) ||
    compareCodeUnits(a.pod, b.pod) ||
    compareCodeUnits(a.container, b.container) ||
    compareCodeUnits(a.bundle, b.bundle) ||
    compareCodeUnits(a.id, b.id)
  );
}

export function orderFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

export type SeverityBand = 'high' | 'medium' | 'low';

/** A container crash-looping or blocking its pod now is `high` whatever the confidence; a recovered one is never. */
export function severityBand(severity: number): SeverityBand {
  return severity >= 70 ? 'high' : severity >= 40 ? 'medium' : 'low';
}
