/**
 * The HTML report's view model: the Report turned into exactly what the templates print. Every string that came
 * from a bundle is neutralised here (control and bidi characters made visible) and capped in size; the template
 * then HTML-escapes it with `{{ }}`. Templates hold no logic beyond `if` and `each`.
 */
import { orderFindings, severityBand } from '../analyze/severity.js';
import type {
  BundleSummary,
  EscalationCheck,
  Evidence,
  Finding,
  Fix,
  Report,
  TableEvidence,
} from '../model/report.js';
import {
  codeParts,
  capLog,
  capText,
  decisiveLogLine,
  describeEventWindow,
  fieldValueText,
  pluralize,
  primaryFirst,
  ruleDocLink,
  shortTime,
  readProblemCount,
  workloadName,
  type RenderOptions,
} from './common.js';
import { findingExtrasView, reportExtrasView, verdictExtrasView, type FindingExtrasView, type ReportExtrasView, type VerdictExtrasView } from './html-extras.js';
import { neutralize, neutralizeLines } from './sanitize.js';
import { buildTimelines, type TimelineView } from './timeline.js';

/** Caps that keep a report of a huge bundle small and quick to open; each cut is stated in the report. */
export const HTML_LIMITS = {
  logLines: 40,
  eventsPerFinding: 10,
  evidencePerFinding: 16,
  tableRows: 60,
  lineChars: 2000,
  valueChars: 4000,
  /** A log excerpt longer than this starts collapsed (the decisive line is always shown in the card head). */
  openLogLines: 15,
} as const;

interface LogLineView {
  number: number;
  text: string;
  decisive: boolean;
}

interface EvidenceView {
  label: string;
  primary: boolean;
  open: boolean;
  summary: string;
  file: string;
  isLog: boolean;
  isField: boolean;
  isEvent: boolean;
  isTable: boolean;
  isNote: boolean;
  lines: LogLineView[];
  cutBefore: string | null;
  cutAfter: string | null;
  path: string;
  /** Multi-line text: lines neutralised one by one, joined by newlines for a <pre>. */
  value: string;
  event: { type: string; reason: string; count: number; object: string; firstTime: string; lastTime: string; message: string; warning: boolean } | null;
  table: TableView | null;
  text: string;
}

interface TableView {
  label: string;
  /** Shown above the table where nothing else names it (the differences section). */
  caption: boolean;
  columns: string[];
  rows: Array<{ cells: string[]; highlight: boolean }>;
  cut: string | null;
}

interface FixView {
  summary: string;
  owner: string;
  platform: boolean;
  steps: string[];
  hasSteps: boolean;
  snippet: { language: string; code: string } | null;
}

interface FindingView extends FindingExtrasView {
  anchor: string;
  number: number;
  cause: string;
  confidence: string;
  severity: number;
  severityClass: string;
  namespace: string;
  pod: string;
  container: string;
  containerKind: string;
  workload: string;
  bundle: string;
  restarts: number;
  summary: string;
  decisive: { where: string; lineNumber: string | null; text: string } | null;
  evidence: EvidenceView[];
  evidenceCut: string | null;
  fix: FixView;
  alsoSeen: Array<{ cause: string; summary: string }>;
  hasAlsoSeen: boolean;
  docsHref: string | null;
}

interface CheckView {
  kind: string;
  summary: string;
  bundles: string;
  findings: Array<{ anchor: string; label: string }>;
  hasFindings: boolean;
  evidence: EvidenceView[];
  fix: FixView;
  docsHref: string | null;
  hasDifferenceTable: boolean;
}

export interface HtmlView extends ReportExtrasView {
  /** What to ask for next, per bundle whose input could not decide; each step's text and code parts. */
  nextSteps: Array<{ bundle: string; steps: Array<Array<{ text: string; code: boolean }>> }>;
  hasNextSteps: boolean;
  title: string;
  generator: string;
  verdict: VerdictExtrasView & {
    escalate: boolean;
    headline: string;
    summary: string;
    checks: Array<{ kind: string; summary: string }>;
    teamFixes: string[];
    hasTeamFixes: boolean;
  };
  bundles: Array<{
    name: string;
    path: string;
    format: string;
    cluster: string;
    kubernetesVersion: string;
    capturedAt: string;
    events: string;
    counts: string;
    diagnostics: Array<{ severity: string; code: string; where: string; message: string }>;
    hasDiagnostics: boolean;
    diagnosticsSummary: string;
  }>;
  filters: {
    namespaces: string[];
    causes: Array<{ id: string; count: number }>;
    /** Bundles by name, labelled with their cluster; offered only when there are several. */
    bundles: Array<{ name: string; label: string }>;
    hasBundles: boolean;
  };
  findings: FindingView[];
  hasFindings: boolean;
  findingCount: number;
  timelines: TimelineView[];
  hasTimelines: boolean;
  checks: CheckView[];
  hasChecks: boolean;
  differences: TableView[];
  hasDifferences: boolean;
  showDifferences: boolean;
  multiBundle: boolean;
  errors: Array<{ rule: string; bundle: string; target: string; message: string }>;
  hasErrors: boolean;
  /** "2 bundles could not be read completely": said under the verdict, the details are in the inventory. */
  readProblems: string;
  /** The rule pages this report links to, embedded so the links work wherever the file is opened. */
  rules: Array<{ id: string; anchor: string; text: string }>;
  hasRules: boolean;
}

/** A rule's docs page (Markdown source) by id; the HTML renderer embeds the ones a report links to. */
export type RuleDocs = ReadonlyMap<string, string>;

/**
 * Where a rule link points: the caller's http(s) docs base when given, else the page embedded at the end of the
 * report (a relative `docs/…` link would break as soon as the file is attached to a ticket).
 */
function ruleHref(id: string, options: RenderOptions, docs: RuleDocs): string | null {
  if (options.docsBaseUrl) return ruleDocLink(id, options) ?? null;
  return docs.has(id) && ruleDocLink(id, options) ? `#rule-${id}` : null;
}

export function buildView(report: Report, options: RenderOptions, docs: RuleDocs = new Map()): HtmlView {
  const ordered = orderFindings(report.findings);
  const anchors = new Map(
    ordered.map((finding, index) => [
      finding.id,
      { anchor: `finding-${index + 1}`, label: neutralize(`#${index + 1} ${finding.namespace}/${finding.pod} · ${finding.container}`) },
    ]),
  );
  const findings = ordered.map((finding, index) => findingView(finding, index + 1, options, docs, report.escalation.checks));
  const checks = report.escalation.checks.map((check) => checkView(check, anchors, options, docs));
  const differences = report.escalation.checks.flatMap((check) => check.evidence.filter(isComparison)).map((block) => tableView(block, true));
  const namespaces = [...new Set(ordered.map((finding) => neutralize(finding.namespace)))].sort();
  const causeCounts = new Map<string, number>();
  for (const finding of ordered) causeCounts.set(finding.cause, (causeCounts.get(finding.cause) ?? 0) + 1);
  const timelines = buildTimelines(ordered);
  const escalation = report.escalation;
  const verdictExtras = verdictExtrasView(escalation);
  const nextSteps = report.bundles
    .filter((bundle) => (bundle.nextSteps ?? []).length > 0)
    .map((bundle) => ({
      bundle: neutralize(bundle.name),
      steps: (bundle.nextSteps ?? []).map((step) => codeParts(neutralize(step))),
    }));
  const rules = options.docsBaseUrl ? [] : referencedRules(report, docs);
  return {
    title: neutralize(`podmortem: ${verdictExtras.headline} (${report.bundles.map((b) => b.name).join(', ') || 'no bundle'})`),
    generator: neutralize(`${report.generator.name} ${report.generator.version} · report schema ${report.schemaVersion}`),
    ...reportExtrasView(report),
    verdict: {
      ...verdictExtras,
      escalate: escalation.escalate,
      summary: neutralize(escalation.summary),
      checks: escalation.checks.map((check) => ({ kind: neutralize(check.kind), summary: neutralize(check.summary) })),
      teamFixes: escalation.teamFixes.map(neutralize),
      hasTeamFixes: !escalation.escalate && escalation.teamFixes.length > 0,
    },
    bundles: report.bundles.map(bundleView),
    filters: {
      namespaces,
      causes: [...causeCounts].map(([id, count]) => ({ id: neutralize(id), count })).sort((a, b) => (a.id < b.id ? -1 : 1)),
      bundles: report.bundles.map((b) => ({ name: neutralize(b.name), label: neutralize(b.cluster ? `${b.cluster} (${b.name})` : b.name) })),
      hasBundles: report.bundles.length > 1,
    },
    findings,
    hasFindings: findings.length > 0,
    nextSteps,
    hasNextSteps: nextSteps.length > 0,
    findingCount: findings.length,
    timelines,
    hasTimelines: timelines.length > 0,
    checks,
    hasChecks: checks.length > 0,
    differences,
    hasDifferences: differences.length > 0,
    showDifferences: differences.length > 0 || report.bundles.length > 1,
    multiBundle: report.bundles.length > 1,
    errors: report.errors.map((error) => ({
      rule: neutralize(error.rule),
      bundle: neutralize(error.bundle),
      target: neutralize(error.target ?? ''),
      message: neutralize(error.message),
    })),
    hasErrors: report.errors.length > 0,
    readProblems: readProblems(report.bundles),
    rules,
    hasRules: rules.length > 0,
  };
}

function readProblems(bundles: readonly BundleSummary[]): string {
  const incomplete = bundles.filter((b) => readProblemCount(b.diagnostics) > 0);
  if (incomplete.length === 0) return '';
  return `${pluralize(incomplete.length, 'bundle')} could not be read completely: ${incomplete.map((b) => neutralize(b.name)).join(', ')} (see Bundles read)`;
}

/** The rule pages linked from this report, in the order of the rule ids (cause ids, then check ids). */
function referencedRules(report: Report, docs: RuleDocs): HtmlView['rules'] {
  const ids = new Set<string>([...report.findings.map((f) => f.cause), ...report.escalation.checks.map((c) => c.kind)]);
  return [...docs]
    .filter(([id]) => ids.has(id))
    .map(([id, text]) => ({ id, anchor: `rule-${id}`, text: neutralizeLines(text).join('\n') }));
}

function bundleView(bundle: BundleSummary): HtmlView['bundles'][number] {
  const c = bundle.counts;
  const errors = bundle.diagnostics.filter((d) => d.severity === 'error').length;
  return {
    name: neutralize(bundle.name),
    path: neutralize(bundle.path),
    format: neutralize(bundle.format),
    cluster: neutralize(bundle.cluster ?? 'unknown'),
    kubernetesVersion: neutralize(bundle.kubernetesVersion ?? 'unknown'),
    capturedAt: neutralize(bundle.capturedAt ? shortTime(bundle.capturedAt) : 'unknown'),
    events: neutralize(describeEventWindow(bundle.eventWindow)),
    counts: `${pluralize(c.namespaces, 'namespace')}, ${pluralize(c.nodes, 'node')}, ${pluralize(c.pods, 'pod')}, ${pluralize(c.containers, 'container')}, ${pluralize(c.logs, 'log')}`,
    diagnostics: bundle.diagnostics.map((d) => ({
      severity: neutralize(d.severity),
      code: neutralize(d.code),
      where: neutralize(d.file ? `${d.file}${d.line !== undefined ? `:${d.line}` : ''}` : 'whole bundle'),
      message: neutralize(capText(d.message, HTML_LIMITS.lineChars)),
    })),
    hasDiagnostics: bundle.diagnostics.length > 0,
    diagnosticsSummary:
      bundle.diagnostics.length === 0
        ? 'everything was read'
        : `${pluralize(bundle.diagnostics.length, 'diagnostic')}${errors > 0 ? `, ${errors} errors` : ''}`,
  };
}

function findingView(finding: Finding, number: number, options: RenderOptions, docs: RuleDocs, checks: readonly EscalationCheck[] = []): FindingView {
  const { evidence, cut } = capEvidence(finding.evidence);
  const decisiveBlock = evidence[0];
  return {
    anchor: `finding-${number}`,
    number,
    cause: neutralize(finding.cause),
    confidence: neutralize(finding.confidence),
    severity: Number.isFinite(finding.severity) ? finding.severity : 0,
    severityClass: `sev-${severityBand(finding.severity)}`,
    namespace: neutralize(finding.namespace),
    pod: neutralize(finding.pod),
    container: neutralize(finding.container),
    containerKind: neutralize(finding.containerKind),
    workload: neutralize(workloadName(finding)),
    bundle: neutralize(finding.bundle),
    restarts: finding.restartCount,
    summary: neutralize(finding.summary),
    decisive: decisiveBlock ? decisiveView(decisiveBlock) : null,
    evidence: evidence.map(evidenceView),
    evidenceCut: cut,
    fix: fixView(finding.fix),
    alsoSeen: finding.alsoSeen.map((seen) => ({ cause: neutralize(seen.cause), summary: neutralize(seen.summary) })),
    hasAlsoSeen: finding.alsoSeen.length > 0,
    docsHref: ruleHref(finding.cause, options, docs),
    ...findingExtrasView(finding, checks),
  };
}

/** Primary first; at most N events and N blocks in all; says what was left out. */
function capEvidence(all: readonly Evidence[]): { evidence: Evidence[]; cut: string | null } {
  const ordered = primaryFirst(all);
  const kept: Evidence[] = [];
  let events = 0;
  let droppedEvents = 0;
  let dropped = 0;
  for (const block of ordered) {
    if (block.kind === 'event' && events >= HTML_LIMITS.eventsPerFinding) {
      droppedEvents += 1;
      continue;
    }
    if (kept.length >= HTML_LIMITS.evidencePerFinding) {
      dropped += 1;
      continue;
    }
    if (block.kind === 'event') events += 1;
    kept.push(block);
  }
  const notes = [
    droppedEvents > 0 ? pluralize(droppedEvents, 'more event') : '',
    dropped > 0 ? pluralize(dropped, 'more evidence block') : '',
  ].filter(Boolean);
  return { evidence: kept, cut: notes.length > 0 ? `${notes.join(' and ')} not shown to keep the report small (see --format json)` : null };
}

function decisiveView(block: Evidence): FindingView['decisive'] {
  switch (block.kind) {
    case 'log': {
      const line = decisiveLogLine(block);
      return {
        where: neutralize(`${block.label} · ${block.file}`),
        lineNumber: line ? String(line.number) : null,
        text: neutralize(capText(line?.text ?? '(no lines)', HTML_LIMITS.lineChars)),
      };
    }
    case 'field':
      return {
        where: neutralize(`${block.label} · ${block.file}`),
        lineNumber: null,
        text: neutralize(capText(`${block.path} = ${fieldValueText(block.value)}`, HTML_LIMITS.lineChars)),
      };
    case 'event':
      return {
        where: neutralize(`${block.label} · ${block.file}`),
        lineNumber: null,
        text: neutralize(capText(`${block.type} ${block.reason} ×${block.count} on ${block.object}: ${block.message}`, HTML_LIMITS.lineChars)),
      };
    case 'note':
      return { where: neutralize(block.label), lineNumber: null, text: neutralize(capText(block.text, HTML_LIMITS.lineChars)) };
    case 'table':
      return { where: neutralize(block.label), lineNumber: null, text: `${pluralize(block.rows.length, 'row')}, see below` };
  }
}

function emptyEvidence(block: Evidence): EvidenceView {
  return {
    label: neutralize(block.label),
    primary: block.primary === true,
    open: block.primary === true,
    summary: '',
    file: '',
    isLog: false,
    isField: false,
    isEvent: false,
    isTable: false,
    isNote: false,
    lines: [],
    cutBefore: null,
    cutAfter: null,
    path: '',
    value: '',
    event: null,
    table: null,
    text: '',
  };
}

function evidenceView(block: Evidence): EvidenceView {
  const view = emptyEvidence(block);
  switch (block.kind) {
    case 'log': {
      const capped = capLog(block, HTML_LIMITS.logLines);
      view.isLog = true;
      view.file = neutralize(block.file);
      view.lines = capped.lines.map((line) => ({
        number: line.number,
        text: neutralize(capText(line.text, HTML_LIMITS.lineChars)),
        decisive: line.decisive,
      }));
      view.cutBefore =
        capped.omittedBefore > 0
          ? `${pluralize(capped.omittedBefore, 'earlier line')} of the excerpt not shown`
          : block.cutBefore
            ? 'earlier lines are not in the bundle excerpt'
            : null;
      view.cutAfter =
        capped.omittedAfter > 0
          ? `${pluralize(capped.omittedAfter, 'later line')} of the excerpt not shown`
          : block.cutAfter
            ? 'later lines are not in the bundle excerpt'
            : null;
      const decisive = block.decisiveLine !== undefined ? `, decisive line ${block.decisiveLine}` : '';
      view.summary = `${pluralize(block.lines.length, 'line')}${decisive}`;
      view.open = view.primary || block.lines.length <= HTML_LIMITS.openLogLines;
      return view;
    }
    case 'field':
      view.isField = true;
      view.file = neutralize(block.file);
      view.path = neutralize(block.path);
      view.value = neutralizeLines(capText(fieldValueText(block.value), HTML_LIMITS.valueChars)).join('\n');
      view.summary = neutralize(capText(fieldValueText(block.value).split('\n')[0] ?? '', 90));
      // The summary line already shows the value; file and path are one click away.
      view.open = view.primary;
      return view;
    case 'event':
      view.isEvent = true;
      view.file = neutralize(`${block.file}${block.path ? ` ${block.path}` : ''}`);
      view.event = {
        type: neutralize(block.type),
        reason: neutralize(block.reason),
        count: Number.isFinite(block.count) ? block.count : 0,
        object: neutralize(block.object),
        firstTime: neutralize(block.firstTime ? shortTime(block.firstTime) : ''),
        lastTime: neutralize(block.lastTime ? shortTime(block.lastTime) : ''),
        message: neutralizeLines(capText(block.message, HTML_LIMITS.valueChars)).join('\n'),
        warning: block.type === 'Warning',
      };
      view.summary = neutralize(capText(`${block.reason} ×${block.count}: ${block.message.split('\n')[0] ?? ''}`, 110));
      view.open = view.primary;
      return view;
    case 'table':
      view.isTable = true;
      view.table = tableView(block);
      view.summary = pluralize(block.rows.length, 'row');
      view.open = true;
      return view;
    case 'note':
      view.isNote = true;
      view.text = neutralize(capText(block.text, HTML_LIMITS.valueChars));
      view.open = true;
      return view;
  }
}

function tableView(block: TableEvidence, caption = false): TableView {
  const highlight = new Set(block.highlightRows ?? []);
  return {
    label: neutralize(block.label),
    caption,
    columns: block.columns.map((column) => neutralize(capText(column, 200))),
    rows: block.rows.slice(0, HTML_LIMITS.tableRows).map((cells, index) => ({
      cells: block.columns.map((_, i) => neutralize(capText(cells[i] ?? '', HTML_LIMITS.lineChars))),
      highlight: highlight.has(index),
    })),
    cut: block.rows.length > HTML_LIMITS.tableRows ? `${block.rows.length - HTML_LIMITS.tableRows} more rows not shown` : null,
  };
}

function fixView(fix: Fix): FixView {
  return {
    summary: neutralize(fix.summary),
    owner: neutralize(fix.owner),
    platform: fix.owner === 'platform',
    steps: fix.steps.map(neutralize),
    hasSteps: fix.steps.length > 0,
    snippet: fix.snippet
      ? {
          language: snippetLanguage(fix.snippet.language),
          code: neutralizeLines(capText(fix.snippet.code.replace(/\n+$/, ''), HTML_LIMITS.valueChars)).join('\n'),
        }
      : null,
  };
}

function checkView(check: EscalationCheck, anchors: Map<string, { anchor: string; label: string }>, options: RenderOptions, docs: RuleDocs): CheckView {
  // A comparison table has a section of its own (the differences between clusters); the check links to it.
  const blocks = primaryFirst(check.evidence).filter((block) => !isComparison(block));
  return {
    kind: neutralize(check.kind),
    summary: neutralize(check.summary),
    bundles: neutralize(check.bundles.join(', ')),
    findings: check.findings.map((id) => anchors.get(id) ?? { anchor: '', label: neutralize(id) }),
    hasFindings: check.findings.length > 0,
    evidence: blocks.map(evidenceView),
    fix: fixView(check.fix),
    docsHref: ruleHref(check.kind, options, docs),
    hasDifferenceTable: check.evidence.some(isComparison),
  };
}

/** A report read from JSON may name any language; the template knows these two. */
function snippetLanguage(language: string): 'yaml' | 'shell' | 'text' {
  return language === 'yaml' || language === 'shell' ? language : 'text';
}

function isComparison(block: Evidence): block is TableEvidence {
  return block.kind === 'table' && block.role === 'comparison';
}
