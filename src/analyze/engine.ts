/**
 * The analysis run: pick the containers in trouble, run every cause rule on each, keep the winner by precedence
 * (rules that read how the container died beat rules that read its log, and both beat `unknown`), then run the
 * escalation checks over all findings, say who owns each crash (ownership.ts) and decide the verdict (verdict.ts).
 * A rule that throws becomes a report error and the run goes on. Pure: no I/O, no clock, no environment.
 */
import {
  REPORT_SCHEMA_VERSION,
  type AnalyzerError,
  type BundleSummary,
  type EscalationCheck,
  type Finding,
  type Report,
  type TimelineEntry,
} from '../model/report.js';
import type { ContainerView, PodView, Snapshot } from '../model/snapshot.js';
import { suggestAlerts } from './alerts.js';
import { hiddenCrashRisks } from './damage.js';
import { evidenceList } from './evidence.js';
import { str } from './facts.js';
import { answerFaq } from './faq.js';
import { formatMessage } from './messages.js';
import { assignOwnership } from './ownership.js';
import { findBadReleases } from './release.js';
import { readingOf } from './reading.js';
import type { AnalyzedFinding, CauseMatch, CauseRule, CauseTier, CheckRule, Trouble } from './rule.js';
import { troubledContainers } from './select.js';
import { compareFindings, severityOf } from './severity.js';
import { decideVerdict } from './verdict.js';
import { compareCodeUnits } from '../util/compare.js';

export interface AnalyzeOptions {
  /** podmortem's version, for `Report.generator` (the CLI passes it; the analyzer reads no files). */
  generatorVersion?: string;
}

export interface RuleSet {
  causes: readonly CauseRule[];
  checks: readonly CheckRule[];
}

const TIER_ORDER: Record<CauseTier, number> = { death: 0, log: 1, fallback: 2 };

const MAX_TIMELINE_EVENTS = 15;

export function runAnalysis(snapshots: readonly Snapshot[], rules: RuleSet, options: AnalyzeOptions = {}): Report {
  const errors: AnalyzerError[] = [];
  const analyzed: AnalyzedFinding[] = [];
  snapshots.forEach((snapshot, bundleIndex) => {
    for (const pod of snapshot.pods) {
      for (const { container, trouble } of troubledContainers(pod, snapshot)) {
        const finding = explain(snapshot, bundleIndex, pod, container, trouble, rules.causes, errors);
        if (finding) analyzed.push({ finding, bundleIndex, snapshot, pod, container, trouble });
      }
    }
  });
  analyzed.sort((a, b) => compareFindings(a.finding, b.finding));
  const findings = analyzed.map((entry) => entry.finding);

  const checks: EscalationCheck[] = [];
  for (const rule of rules.checks) {
    try {
      for (const match of rule.check({ snapshots, findings: analyzed })) {
        checks.push({
          kind: rule.id,
          summary: formatMessage(rule.messages[match.messageId] ?? missingTemplate(rule.id, match.messageId), match.data),
          bundles: match.bundles,
          findings: match.findings,
          evidence: evidenceList(match.evidence),
          fix: { ...match.fix, docs: docsPath(rule.id) },
        });
      }
    } catch (error) {
      errors.push({ rule: rule.id, bundle: snapshots.map((s) => s.bundle.name).join(', '), message: errorText(error) });
    }
  }

  assignOwnership(analyzed, checks);
  for (const entry of analyzed) entry.finding.faq = answerFaq(entry);

  const releases = findBadReleases(analyzed);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generator: { name: 'podmortem', version: options.generatorVersion ?? 'unknown' },
    bundles: snapshots.map(summarizeBundle),
    findings,
    escalation: decideVerdict(analyzed, checks, snapshots.flatMap(hiddenCrashRisks), releases),
    releases,
    alerts: suggestAlerts(analyzed),
    errors,
  };
}

function explain(
  snapshot: Snapshot,
  bundleIndex: number,
  pod: PodView,
  container: ContainerView,
  trouble: Trouble,
  causes: readonly CauseRule[],
  errors: AnalyzerError[],
): Finding | undefined {
  const target = `${pod.namespace}/${pod.name}/${container.name}`;
  const matches: Array<{ rule: CauseRule; match: CauseMatch; summary: string }> = [];
  // How the container died is read once, here; every cause decides over the same reading.
  const reading = readingOf({ snapshot, pod, container, trouble });
  // What the log says where the death explains more (ECONNREFUSED lines in an OOMKilled container): only alsoSeen.
  const logged: Array<{ rule: CauseRule; match: CauseMatch; summary: string }> = [];
  for (const rule of causes) {
    const explains = rule.explains.includes(reading.ending);
    if (!explains && rule.tier !== 'log') continue;
    try {
      const context = { snapshot, pod, container, trouble, reading };
      const match = rule.check(context);
      if (!match) continue;
      const summary = formatMessage(rule.messages[match.messageId] ?? missingTemplate(rule.id, match.messageId), match.data);
      if (explains) matches.push({ rule, match, summary });
      else logged.push({ rule, match, summary });
    } catch (error) {
      errors.push({ rule: rule.id, bundle: snapshot.bundle.name, target, message: errorText(error) });
    }
  }
  const precedence = (a: { rule: CauseRule; match: CauseMatch }, b: { rule: CauseRule; match: CauseMatch }) =>
    TIER_ORDER[a.rule.tier] - TIER_ORDER[b.rule.tier] || (b.match.strength ?? 0) - (a.match.strength ?? 0) || a.rule.rank - b.rule.rank;
  matches.sort(precedence);
  logged.sort(precedence);
  const winner = matches[0];
  if (!winner) return undefined;
  const { rule, match, summary } = winner;
  const severity = severityOf(trouble.kind, match.confidence, container.restartCount);
  return {
    id: `${bundleIndex}/${pod.namespace}/${pod.name}/${container.name}`,
    bundle: snapshot.bundle.name,
    namespace: pod.namespace,
    pod: pod.name,
    container: container.name,
    containerKind: container.kind,
    workload: pod.workload,
    cause: rule.id,
    ...(match.kind ? { kind: match.kind } : {}),
    confidence: match.confidence,
    severity,
    summary,
    messageId: match.messageId,
    data: { ...match.data, trouble: trouble.kind },
    evidence: evidenceList(match.evidence),
    fix: { ...match.fix, docs: docsPath(rule.id) },
    restartCount: container.restartCount,
    timeline: timeline(snapshot, pod, container),
    alsoSeen: [...matches.slice(1), ...logged]
      .filter((other) => other.rule.id !== 'unknown' && other.rule.id !== rule.id)
      .map((other) => ({ cause: other.rule.id, summary: other.summary })),
  };
}

function timeline(snapshot: Snapshot, pod: PodView, container: ContainerView): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const push = (time: unknown, kind: TimelineEntry['kind'], label: string, detail?: string) => {
    if (typeof time !== 'string' || time === '' || Number.isNaN(Date.parse(time)) || Date.parse(time) <= 0) return;
    entries.push({ time: new Date(Date.parse(time)).toISOString(), kind, label, ...(detail ? { detail } : {}) });
  };
  const last = container.lastState?.terminated;
  if (last) {
    push(last.startedAt, 'started', 'previous instance started');
    push(last.finishedAt, 'terminated', `previous instance exited ${String(last.exitCode)}${last.reason ? ` (${last.reason})` : ''}`, str(last.message) || undefined);
  }
  const current = container.state?.terminated;
  if (current) {
    push(current.startedAt, 'started', 'instance started');
    push(current.finishedAt, 'terminated', `exited ${String(current.exitCode)}${current.reason ? ` (${current.reason})` : ''}`, str(current.message) || undefined);
  }
  push(container.state?.running?.startedAt, 'started', 'current instance started');
  const events = [...container.events, ...pod.events.filter((e) => e.containerName === undefined)];
  for (const event of events.slice(-MAX_TIMELINE_EVENTS)) {
    const repeated = event.count > 1 ? ` (×${event.count}${event.firstTime && event.firstTime !== event.lastTime ? ` since ${event.firstTime}` : ''})` : '';
    push(event.lastTime ?? event.firstTime, 'event', event.reason, `${event.message}${repeated}`);
  }
  push(snapshot.capturedAt, 'captured', 'bundle captured');
  return entries.sort((a, b) => compareCodeUnits(a.time, b.time));
}

function summarizeBundle(snapshot: Snapshot): BundleSummary {
  const namespaces = new Set<string>([
    ...(snapshot.resources.namespaces ?? []).map((record) => str(record.object.metadata?.name)),
    ...snapshot.pods.map((pod) => pod.namespace),
  ]);
  const containers = snapshot.pods.reduce((sum, pod) => sum + pod.containers.length, 0);
  const logs = snapshot.pods.reduce(
    (sum, pod) => sum + pod.containers.reduce((n, c) => n + (c.logs.current ? 1 : 0) + (c.logs.previous ? 1 : 0), 0),
    0,
  );
  return {
    name: snapshot.bundle.name,
    path: snapshot.bundle.path,
    format: snapshot.bundle.format,
    ...(snapshot.cluster.name ? { cluster: snapshot.cluster.name } : {}),
    ...(snapshot.cluster.version?.gitVersion
      ? {
          kubernetesVersion:
            snapshot.cluster.version.gitVersion + (snapshot.cluster.version['inferredFrom'] ? ' (kubelet)' : ''),
        }
      : {}),
    ...(snapshot.capturedAt ? { capturedAt: snapshot.capturedAt } : {}),
    eventWindow: snapshot.eventWindow,
    counts: {
      namespaces: [...namespaces].filter(Boolean).length,
      nodes: snapshot.nodes.length,
      pods: snapshot.pods.length,
      containers,
      events: snapshot.events.length,
      logs,
    },
    diagnostics: snapshot.diagnostics,
    ...(snapshot.nextSteps && snapshot.nextSteps.length > 0 ? { nextSteps: snapshot.nextSteps } : {}),
  };
}

function docsPath(id: string): string {
  return `docs/rules/${id}.md`;
}

function missingTemplate(rule: string, messageId: string): never {
  throw new Error(`rule ${rule} returned message id "${messageId}" that has no template`);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
