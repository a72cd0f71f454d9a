/**
 * Renderer-neutral text for the schema-2 parts of a report: the verdict's status, each finding's owner and FAQ, bad
 * releases and alert rules. Each renderer formats these strings its own way (and escapes them: they hold bundle
 * names). Kept apart from the renderers so the parts merge cleanly with their restructuring.
 */
import type { AlertSuggestion, BadRelease, Escalation, Finding } from '../model/report.js';
import { verdictHeadline } from './common.js';

export function statusHeadline(escalation: Escalation): string {
  if (escalation.status === 'inconclusive') {
    return escalation.escalate ? 'Inconclusive — and escalate to platform/SRE' : 'Inconclusive: part of the input could not be read';
  }
  return verdictHeadline(escalation.escalate);
}

/** `platform (namespace kube-system) · covered by control-plane-disruption`, or undefined for schema-1 reports. */
export function ownerText(finding: Finding): string | undefined {
  if (!finding.owner) return undefined;
  const covered = finding.checks?.filter((check) => finding.owner?.reason !== `check ${check}`) ?? [];
  return `${finding.owner.team} (${finding.owner.reason})${covered.length > 0 ? ` · covered by ${covered.join(', ')}` : ''}`;
}

/** One line per changed field: `containers[api].image: "…:3.14.2" → "…:3.15.0"`. */
export function releaseChangeLines(release: BadRelease): string[] {
  return release.changes.map((change) => `${change.field.replace(/^spec\.template\.spec\./, '')}: ${change.before} → ${change.after}`);
}

export function releaseTitle(release: BadRelease): string {
  return `${release.namespace}/${release.workload.kind}/${release.workload.name} in ${release.bundle}`;
}

/** `shop/Deployment/api`: the workload an alerting rule is for. */
export function alertTitle(alert: AlertSuggestion): string {
  return `${alert.namespace}/${alert.workload.kind}/${alert.workload.name}`;
}
