/**
 * Replicas and siblings: containers of one workload (a Deployment's pods, a Job's, a DaemonSet's) that die the same way
 * are one finding with their instances listed; a sibling that left no evidence of its own (cause `unknown`) joins the
 * diagnosed sibling's finding, marked inferred. Escalation checks ran over every container before this; their
 * finding ids are mapped to the finding that now stands for the group.
 */
import type { Finding, FindingInstance, Report } from '../model/report.js';

export function groupReplicas(report: Report): Report {
  const groups = new Map<string, Finding>();
  const merged = new Map<string, string>();
  const findings: Finding[] = [];
  // The same container of one workload in one bundle; a group is that, dying of one cause and kind.
  const siteOf = (f: Finding) => [f.id.split('/')[0], f.namespace, f.workload.kind, f.workload.name, f.container].join('\u0000');
  const keyOf = (f: Finding) => [siteOf(f), f.cause, f.kind ?? ''].join('\u0000');
  const replicated = (f: Finding) => f.workload.kind !== 'Pod' && f.workload.name !== f.pod;

  for (const finding of report.findings) {
    if (!replicated(finding) || finding.cause === 'unknown') {
      findings.push(finding);
      continue;
    }
    const key = keyOf(finding);
    const group = groups.get(key);
    if (!group) {
      const representative: Finding = { ...finding };
      groups.set(key, representative);
      findings.push(representative);
      continue;
    }
    join(group, { pod: finding.pod, container: finding.container, restartCount: finding.restartCount });
    merged.set(finding.id, group.id);
  }

  // An `unknown` sibling of a diagnosed group inherits its cause, as an inferred instance.
  const kept: Finding[] = [];
  for (const finding of findings) {
    if (finding.cause !== 'unknown' || !replicated(finding)) {
      kept.push(finding);
      continue;
    }
    const sibling = [...groups.values()].find((g) => siteOf(g) === siteOf(finding));
    if (!sibling) {
      kept.push(finding);
      continue;
    }
    join(sibling, { pod: finding.pod, container: finding.container, restartCount: finding.restartCount, inferred: true });
    merged.set(finding.id, sibling.id);
  }

  if (merged.size === 0) return report;
  const remap = (ids: string[]) => [...new Set(ids.map((id) => merged.get(id) ?? id))];
  return {
    ...report,
    findings: kept,
    escalation: { ...report.escalation, checks: report.escalation.checks.map((check) => ({ ...check, findings: remap(check.findings) })) },
  };
}

function join(group: Finding, instance: FindingInstance): void {
  group.instances = [...(group.instances ?? []), instance];
}
