/**
 * Summaries every renderer shares: crashing containers grouped (by bundle, namespace/workload, container and cause)
 * so fifty replicas of one Job read as one line, and fixes grouped by their text so an identical fix is shown once.
 * Works whether the analysis already merged replicas into one finding (with `instances`) or not.
 */
import type { BundleSummary, Confidence, EscalationCheck, Finding, Fix, Report } from '../model/report.js';
import { orderFindings } from '../analyze/severity.js';
import { workloadName } from './common.js';

export interface FindingGroup {
  key: string;
  bundle: string;
  namespace: string;
  /** `Deployment/api`, or `Pod/<name>` for a pod without an owner. */
  workload: string;
  /** `api` (the workload's name, or the pod's). */
  workloadShort: string;
  container: string;
  containerKind: Finding['containerKind'];
  cause: Finding['cause'];
  /** The most severe finding of the group: its summary is the group's reason, its fix the group's fix. */
  lead: Finding;
  findings: Finding[];
  /** Pods (instances) that crash this way. */
  instances: number;
  restarts: number;
  severity: number;
  confidence: Confidence;
}

const CONFIDENCE_RANK = new Map<string, number>([['low', 0], ['medium', 1], ['high', 2]] satisfies Array<[Confidence, number]>);

export function confidenceRank(confidence: string): number {
  return CONFIDENCE_RANK.get(confidence) ?? 0;
}

/**
 * How many pods a finding stands for: the analysis may merge replicas into one finding with an `instances` list
 * (an optional field this renderer does not require); otherwise one.
 */
export function instanceCount(finding: Finding): number {
  const instances = (finding as Finding & { instances?: unknown }).instances;
  return Array.isArray(instances) && instances.length > 0 ? instances.length : 1;
}

/** Groups in the order of their most severe finding (orderFindings), findings inside a group in that order too. */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const finding of orderFindings(findings)) {
    const workloadShort = finding.workload.name || finding.pod;
    const key = JSON.stringify([finding.bundle, finding.namespace, workloadName(finding), finding.container, finding.cause]);
    const group = groups.get(key);
    if (group) {
      group.findings.push(finding);
      group.instances += instanceCount(finding);
      group.restarts += safeCount(finding.restartCount);
      if (confidenceRank(finding.confidence) > confidenceRank(group.confidence)) group.confidence = finding.confidence;
      continue;
    }
    groups.set(key, {
      key,
      bundle: finding.bundle,
      namespace: finding.namespace,
      workload: workloadName(finding),
      workloadShort,
      container: finding.container,
      containerKind: finding.containerKind,
      cause: finding.cause,
      lead: finding,
      findings: [finding],
      instances: instanceCount(finding),
      restarts: safeCount(finding.restartCount),
      severity: finding.severity,
      confidence: finding.confidence,
    });
  }
  return [...groups.values()];
}

function safeCount(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

export interface BundleGroups {
  bundle: string;
  summary: BundleSummary | undefined;
  groups: FindingGroup[];
}

/** Groups per bundle, bundles in the order of their most severe group; bundles without a finding are left out. */
export function groupsByBundle(report: Report, groups: readonly FindingGroup[]): BundleGroups[] {
  const byBundle = new Map<string, BundleGroups>();
  for (const group of groups) {
    let entry = byBundle.get(group.bundle);
    if (!entry) {
      entry = { bundle: group.bundle, summary: report.bundles.find((b) => b.name === group.bundle), groups: [] };
      byBundle.set(group.bundle, entry);
    }
    entry.groups.push(group);
  }
  return [...byBundle.values()];
}

export interface FixGroup {
  fix: Fix;
  /** The check that owns the fix, when it is an escalation check's. */
  check?: EscalationCheck;
  /** The crashing groups this fix is for (empty for a check's fix). */
  groups: FindingGroup[];
}

/**
 * Fixes split by who acts, each distinct fix text once with the groups it is for. A group that an escalation check
 * covers still lists its own fix: the check says why it escalates, the fix says what the team can do meanwhile.
 */
export function fixesByOwner(report: Report, groups: readonly FindingGroup[]): { platform: FixGroup[]; team: FixGroup[] } {
  const platform: FixGroup[] = report.escalation.checks.map((check) => ({ fix: check.fix, check, groups: [] }));
  const team: FixGroup[] = [];
  const byText = new Map<string, FixGroup>();
  for (const group of groups) {
    const fix = group.lead.fix;
    const key = fixKey(fix);
    const existing = byText.get(key);
    if (existing) {
      existing.groups.push(group);
      continue;
    }
    const entry: FixGroup = { fix, groups: [group] };
    byText.set(key, entry);
    (fix.owner === 'platform' ? platform : team).push(entry);
  }
  return { platform, team };
}

/** Fixes are the same when the same side acts and their text is the same. */
function fixKey(fix: Fix): string {
  return `${fix.owner}\u0000${fix.summary}`;
}

/**
 * For each fix in order, the number (from 1) of the first earlier one that is the same, or undefined for the first
 * of its kind: an identical fix is written out once, and later blocks point back to it.
 */
export function earlierSameFix(fixes: readonly Fix[]): Array<number | undefined> {
  const first = new Map<string, number>();
  return fixes.map((fix, index) => {
    const key = fixKey(fix);
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, index + 1);
    return earlier;
  });
}
