/**
 * The CLI's filters (`-n/--namespace`, `--cause`, `--bundle`, `--min-confidence`) applied to a Report before it is
 * rendered. The verdict is left as it is: it is over everything that was read, and a filter only narrows what is
 * shown. Escalation checks stay when one of their findings or bundles is still shown.
 */
import type { Confidence, Report } from '../model/report.js';
import { confidenceRank } from './groups.js';

export interface ReportFilter {
  namespaces?: readonly string[];
  causes?: readonly string[];
  /** Bundle display names or cluster names. */
  bundles?: readonly string[];
  minConfidence?: Confidence;
}

export interface FilteredReport {
  report: Report;
  /** Findings before filtering, and a description of the filter ("namespace shop, cause oom-killed"); undefined when nothing was filtered. */
  filtered?: { total: number; description: string };
}

function isEmptyFilter(filter: ReportFilter): boolean {
  return !filter.namespaces?.length && !filter.causes?.length && !filter.bundles?.length && !filter.minConfidence;
}

export function filterReport(report: Report, filter: ReportFilter): FilteredReport {
  if (isEmptyFilter(filter)) return { report };
  const namespaces = new Set(filter.namespaces ?? []);
  const causes = new Set(filter.causes ?? []);
  const wanted = new Set(filter.bundles ?? []);
  const bundles = new Set(
    report.bundles.filter((b) => wanted.size === 0 || wanted.has(b.name) || (b.cluster !== undefined && wanted.has(b.cluster))).map((b) => b.name),
  );
  const min = filter.minConfidence ? confidenceRank(filter.minConfidence) : 0;
  const findings = report.findings.filter(
    (f) =>
      (namespaces.size === 0 || namespaces.has(f.namespace)) &&
      (causes.size === 0 || causes.has(f.cause)) &&
      bundles.has(f.bundle) &&
      confidenceRank(f.confidence) >= min,
  );
  const kept = new Set(findings.map((f) => f.id));
  const onlyBundles = wanted.size > 0 && namespaces.size === 0 && causes.size === 0 && min === 0;
  const checks = report.escalation.checks.filter(
    (check) => check.findings.some((id) => kept.has(id)) || (onlyBundles && check.bundles.some((b) => bundles.has(b))),
  );
  const description = [
    namespaces.size > 0 ? `namespace ${[...namespaces].join(', ')}` : '',
    causes.size > 0 ? `cause ${[...causes].join(', ')}` : '',
    wanted.size > 0 ? `bundle ${[...wanted].join(', ')}` : '',
    filter.minConfidence ? `confidence ${filter.minConfidence} or higher` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return {
    report: {
      ...report,
      bundles: report.bundles.filter((b) => bundles.has(b.name)),
      findings,
      escalation: { ...report.escalation, checks },
      errors: report.errors.filter((e) => bundles.has(e.bundle)),
    },
    filtered: { total: report.findings.length, description },
  };
}
