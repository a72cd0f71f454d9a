/**
 * The HTML view of the schema-2 parts of a report: the verdict's status, each finding's owner and FAQ, bad releases
 * and alert rules. Every string goes through `neutralize` (handlebars escapes HTML; this makes control and bidi
 * characters visible). Kept apart from html-view.ts so it merges cleanly with the renderers' restructuring.
 */
import type { Escalation, EscalationCheck, Finding, Report } from '../model/report.js';
import { neutralize, neutralizeLines } from './sanitize.js';
import { alertTitle, ownerText, releaseChangeLines, releaseTitle, statusHeadline } from './verdict-extras.js';

export interface VerdictExtrasView {
  inconclusive: boolean;
  headline: string;
  unreadable: string[];
}

export interface FindingExtrasView {
  owner: string | null;
  platformOwned: boolean;
  faq: Array<{ question: string; answer: string }>;
  hasFaq: boolean;
  /** The checks that cover this card, linked to their section (`#check-<index>`). */
  coveredBy: Array<{ kind: string; href: string }>;
}

export interface ReportExtrasView {
  releases: Array<{ title: string; summary: string; changes: string[]; rollback: string }>;
  hasReleases: boolean;
  alerts: Array<{ title: string; code: string }>;
  hasAlerts: boolean;
}

export function verdictExtrasView(escalation: Escalation): VerdictExtrasView {
  return {
    inconclusive: escalation.status === 'inconclusive',
    headline: neutralize(statusHeadline(escalation)),
    unreadable: (escalation.unreadable ?? []).map(neutralize),
  };
}

export function findingExtrasView(finding: Finding, checks: readonly EscalationCheck[]): FindingExtrasView {
  const owner = ownerText(finding);
  const faq = (finding.faq ?? []).map((answer) => ({ question: neutralize(answer.question), answer: neutralize(answer.answer) }));
  const coveredBy = checks.flatMap((check, index) => (check.findings.includes(finding.id) ? [{ kind: neutralize(check.kind), href: `#check-${index}` }] : []));
  return { owner: owner ? neutralize(owner) : null, platformOwned: finding.owner?.team === 'platform', faq, hasFaq: faq.length > 0, coveredBy };
}

export function reportExtrasView(report: Report): ReportExtrasView {
  const releases = (report.releases ?? []).map((release) => ({
    title: neutralize(releaseTitle(release)),
    summary: neutralize(release.summary),
    changes: releaseChangeLines(release).map(neutralize),
    rollback: neutralize(release.rollback),
  }));
  const alerts = (report.alerts ?? []).map((alert) => ({
    title: neutralize(alertTitle(alert)),
    code: neutralizeLines(alert.snippet.code).join('\n'),
  }));
  return { releases, hasReleases: releases.length > 0, alerts, hasAlerts: alerts.length > 0 };
}
