/**
 * The verdict over all bundles: escalate, hand back to the application team, or inconclusive.
 *
 * - escalate: an escalation check fired, or a platform component crashes now (a platform crash that recovered is
 *   reported with its owner but does not page anyone);
 * - inconclusive: a bundle is damaged in a way that may hide crashes. It wins over the others, because "nothing to
 *   escalate" read from half a bundle is a guess; the summary still says what was found in what could be read.
 * Pure: a function of the findings, the checks and the damage.
 */
import type { BadRelease, Escalation, EscalationCheck, Finding } from '../model/report.js';
import { isPlatformComponent } from './ownership.js';
import type { AnalyzedFinding, TroubleKind } from './rule.js';

/** Trouble kinds that are not happening now. */
const PAST: ReadonlySet<TroubleKind> = new Set(['recovered']);
const MAX_NAMED = 4;

export function decideVerdict(
  analyzed: readonly AnalyzedFinding[],
  checks: EscalationCheck[],
  unreadable: string[],
  releases: readonly BadRelease[] = [],
): Escalation {
  const findings = analyzed.map((entry) => entry.finding);
  const covered = new Set(checks.flatMap((check) => check.findings));
  // A bad release is fixed by rolling it back: that comes first, before the per-container fixes.
  const rollbacks = releases.map((release) => `${release.workload.kind}/${release.workload.name}: roll back revision ${release.current.revision ?? '?'} to ${release.previous.revision ?? '?'} (${release.rollback})`);
  const teamFixes = unique([
    ...rollbacks,
    ...findings
      .filter((finding) => !covered.has(finding.id) && finding.fix.owner === 'application')
      .map((finding) => `${finding.workload.kind}/${finding.workload.name} (${finding.container}, ${finding.cause}): ${finding.fix.summary}`),
  ]);
  const platformEntries = analyzed.filter((entry) => isPlatformComponent(entry.finding.owner));
  const platform = platformEntries.map((entry) => entry.finding);
  const platformNow = platformEntries.filter((entry) => !PAST.has(entry.trouble.kind)).map((entry) => entry.finding);
  const escalate = checks.length > 0 || platformNow.length > 0;

  const reasons = [
    ...(platformNow.length > 0 ? [`${count(platformNow.length, 'platform component')} crash${platformNow.length === 1 ? 'es' : ''} now (${names(platformNow)})`] : []),
    // One check speaks for itself; several are named, their summaries follow in every report (one sentence on top).
    ...(checks.length === 1 ? checks.map((check) => check.summary) : checks.length > 1 ? [`${count(checks.length, 'check')} fired: ${checks.map((check) => check.kind).join(', ')}`] : []),
  ];
  const base = { checks, teamFixes, platformCrashes: platformNow.map((f) => f.id) };

  if (unreadable.length > 0) {
    const found =
      findings.length === 0
        ? 'no crash was found in what could be read, which proves nothing'
        : `${count(findings.length, 'crashing container')} found in what could be read, more may be hidden`;
    return {
      ...base,
      escalate,
      status: 'inconclusive',
      unreadable,
      summary: `inconclusive: ${unreadable.join('; ')}; ${found}${escalate ? `; escalate to platform/SRE anyway: ${reasons.join('; ')}` : ''}`,
    };
  }
  if (escalate) return { ...base, escalate, status: 'escalate', summary: `escalate to platform/SRE: ${reasons.join('; ')}` };
  return { ...base, escalate, status: 'no-escalation', summary: calmSummary(findings, platform) };
}

function calmSummary(findings: readonly Finding[], platform: readonly Finding[]): string {
  if (findings.length === 0) return 'no escalation: no crashing or restarted container found';
  const outside = findings.filter((finding) => finding.owner?.team === 'platform' && !isPlatformComponent(finding.owner));
  const app = findings.length - platform.length - outside.length;
  const parts: string[] = [];
  if (app > 0) {
    parts.push(`the fix for ${app === 1 ? 'the crashing container' : `all ${app} crashing containers`}${platform.length + outside.length > 0 ? ' of applications' : ''} lives in the application or its YAML`);
  }
  if (platform.length > 0) {
    parts.push(`${count(platform.length, 'platform component')} restarted earlier and run${platform.length === 1 ? 's' : ''} again (${names(platform)}): the platform team owns ${platform.length === 1 ? 'it' : 'them'}, nothing crashes now`);
  }
  if (outside.length > 0) {
    parts.push(`${count(outside.length, 'crash')} of applications ${outside.length === 1 ? 'has its' : 'have their'} cause outside the pod (${names(outside)}): the platform team owns the fix`);
  }
  return `no escalation: ${parts.join('; ')}`;
}

function names(findings: readonly Finding[]): string {
  const all = unique(findings.map((f) => `${f.namespace}/${f.container}`));
  return all.length > MAX_NAMED ? `${all.slice(0, MAX_NAMED).join(', ')} and ${all.length - MAX_NAMED} more` : all.join(', ');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : noun.endsWith('sh') ? 'es' : 's'}`;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
