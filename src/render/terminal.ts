/**
 * The terminal view: an on-call handover, summary first. The verdict in one line and at most three reasons; the
 * escalation checks; one line per crashing group (bundle, namespace/workload, container, cause, pods, restarts,
 * the decisive reason); the fixes split by who acts, an identical fix once; and the verdict again as the last line,
 * where the terminal stops. `--details` (options.details) adds every finding with its evidence and fix.
 */
import { severityBand, type SeverityBand } from '../analyze/severity.js';
import type { Report } from '../model/report.js';
import { pluralize, readProblemCount, shortTime, type RenderOptions } from './common.js';
import { earlierSameFix, fixesByOwner, groupFindings, groupsByBundle, type FindingGroup, type FixGroup } from './groups.js';
import { displayWidth, neutralizeOneLine as neutralize } from './sanitize.js';
import { bundleBlocks, checkBlock, findingBlock, heading, type Ctx } from './terminal-details.js';
import { indented, painter, wrap, type Style } from './text-layout.js';
import { alertTitle, releaseChangeLines, releaseTitle, statusHeadline } from './verdict-extras.js';

const MIN_WIDTH = 40;
/** Reasons under the verdict: one per fired check, at most this many, then "and N more". */
const MAX_REASONS = 3;
/** Workloads named after a shared fix before "and N more". */
const MAX_FIX_TARGETS = 6;
/** Columns left for a group's reason below which it goes on a line of its own. */
const MIN_REASON_ROOM = 32;
/** The name column's width at most: a longer name gets a line of its own, so the reasons keep their room. */
const MAX_TARGET_WIDTH = 38;
/** A row's colour by its severity band. */
const BAND_STYLE: Record<SeverityBand, Style> = { high: 'red', medium: 'yellow', low: 'dim' };

export function render(report: Report, options: RenderOptions): string {
  const ctx: Ctx = {
    width: Math.max(MIN_WIDTH, Math.floor(options.width) || 100),
    paint: painter(options.color),
    options,
  };
  const groups = groupFindings(report.findings);
  const sections = [
    verdictHead(report, groups, ctx),
    options.details ? bundleBlocks(report.bundles, ctx) : [],
    options.details ? details(report, ctx) : [],
    checks(report, ctx),
    groupTable(report, groups, ctx),
    nextStepsSection(report, ctx),
    releasesSection(report, ctx),
    fixes(report, groups, ctx),
    options.details ? alertsSection(report, ctx) : [],
    errors(report, ctx),
    verdictTail(report, groups, ctx),
  ].filter((lines) => lines.length > 0);
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function headline(report: Report, groups: readonly FindingGroup[]): string {
  const escalation = report.escalation;
  const fired = escalation.checks.length;
  const containers = report.findings.length;
  const counts =
    containers === 0
      ? escalation.status === 'inconclusive'
        ? 'none found in what could be read'
        : 'no crashing container'
      : `${pluralize(containers, 'crashing container')} in ${pluralize(groups.length, 'group')}`;
  const checks = escalation.escalate && fired > 0 ? `${pluralize(fired, 'check')} fired · ` : '';
  return `${statusHeadline(escalation).toUpperCase()} · ${checks}${counts} · ${pluralize(report.bundles.length, 'bundle')}`;
}

/** Red when someone must act beyond the application team: an escalation, or input too damaged to trust. */
function verdictStyle(report: Report): 'boldRed' | 'boldGreen' {
  return report.escalation.escalate || report.escalation.status === 'inconclusive' ? 'boldRed' : 'boldGreen';
}

/** The verdict in one line, then at most three reasons of one line each (the fired checks, or why not). */
function verdictHead(report: Report, groups: readonly FindingGroup[], ctx: Ctx): string[] {
  const { paint, width } = ctx;
  const escalation = report.escalation;
  const lines = wrap(headline(report, groups), width).map((line) => paint(verdictStyle(report), line));
  const reasons = escalation.escalate
    ? escalation.checks.map((check) => `${check.kind}: ${check.summary}`)
    : [escalation.summary];
  const shown = reasons.slice(0, MAX_REASONS);
  if (reasons.length > MAX_REASONS) shown[MAX_REASONS - 1] = `and ${reasons.length - MAX_REASONS + 1} more checks (below)`;
  for (const reason of shown) lines.push(`  ${paint(escalation.escalate ? 'red' : 'green', '•')} ${oneLine(neutralize(reason), width - 4)}`);
  if (ctx.options.filtered) {
    const { total, description } = ctx.options.filtered;
    lines.push(paint('yellow', oneLine(`  filtered (${neutralize(description)}): ${report.findings.length} of ${total} crashing containers shown`, width)));
  }
  return lines;
}

function verdictTail(report: Report, groups: readonly FindingGroup[], ctx: Ctx): string[] {
  const { paint, width } = ctx;
  const hint = ctx.options.details ? '' : 'evidence and full fixes: --details · a report to hand over: --html FILE or --markdown FILE';
  const lines = hint ? [paint('dim', oneLine(hint, width))] : [];
  lines.push(...wrap(headline(report, groups), width).map((line) => paint(verdictStyle(report), line)));
  return lines;
}

/** Prose cut to one line with an ellipsis; used only where the full text is shown elsewhere (--details, the reports). */
function oneLine(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 1) return '';
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = displayWidth(char);
    if (used + w > width - 1) break;
    out += char;
    used += w;
  }
  return `${out}…`;
}

function details(report: Report, ctx: Ctx): string[] {
  if (report.findings.length === 0) return [];
  const lines = heading(`Crashing containers in detail (${report.findings.length}), most severe first`, ctx);
  const findings = groupFindings(report.findings).flatMap((group) => group.findings);
  const sameFix = earlierSameFix(findings.map((finding) => finding.fix));
  findings.forEach((finding, index) => {
    if (index > 0) lines.push('');
    lines.push(...findingBlock(finding, index + 1, ctx, sameFix[index]));
  });
  return lines;
}

function checks(report: Report, ctx: Ctx): string[] {
  const list = report.escalation.checks;
  if (list.length === 0) return [];
  const lines = heading(`Escalation checks that fired (${list.length})`, ctx);
  list.forEach((check, index) => {
    if (index > 0 && ctx.options.details) lines.push('');
    if (ctx.options.details) {
      lines.push(...checkBlock(check, ctx));
      return;
    }
    // Two lines a check: what it saw and what to do, each cut to the line (--details has evidence and steps).
    const { paint, width } = ctx;
    const bundles = check.bundles.length > 0 ? `  ${oneLine(neutralize(check.bundles.join(', ')), width - check.kind.length - 4)}` : '';
    lines.push(`${paint('red', '✗')} ${paint('bold', check.kind)}${paint('dim', bundles)}`);
    lines.push(`  ${oneLine(neutralize(check.summary), width - 2)}`);
    lines.push(`  ${paint('green', 'fix')} ${oneLine(neutralize(check.fix.summary), width - 6)}`);
  });
  return lines;
}

interface Column {
  header: string;
  cell: (group: FindingGroup) => string;
  align?: 'right';
}

/** `shop/payments`, or `shop/ledger · metrics-agent (sidecar)` when the container is not named after the workload. */
function target(group: FindingGroup): string {
  const kind = group.containerKind === 'regular' ? '' : ` (${group.containerKind})`;
  const container = group.container === group.workloadShort && !kind ? '' : ` · ${group.container}${kind}`;
  return `${group.namespace}/${group.workloadShort}${container}`;
}

const TARGET: Column = { header: 'WORKLOAD · CONTAINER', cell: target };
const CAUSE: Column = { header: 'CAUSE', cell: (g) => (g.confidence === 'high' ? g.cause : `${g.cause} (${g.confidence})`) };
const PODS: Column = { header: 'PODS', cell: (g) => String(g.instances), align: 'right' };
const RESTARTS: Column = { header: 'RESTARTS', cell: (g) => String(g.restarts), align: 'right' };

/** The reason without the container's name in front (the line already names it). */
function reasonOf(group: FindingGroup): string {
  const summary = group.lead.summary;
  return summary.startsWith(`${group.container} `) ? summary.slice(group.container.length + 1) : summary;
}

/**
 * One line per crashing group under its bundle, its reason beside it when it fits and on the line below when not.
 * Names are never cut: when the columns do not fit, RESTARTS and PODS go first; the reason is the only text cut
 * (it is in --details in full).
 */
function groupTable(report: Report, groups: readonly FindingGroup[], ctx: Ctx): string[] {
  const { paint, width } = ctx;
  if (groups.length === 0) {
    const none =
      report.escalation.status === 'inconclusive'
        ? 'none found in what could be read: the input is damaged, see the verdict'
        : 'no container is crash-looping or restarting in these bundles';
    return [...heading('Crashing containers', ctx), none];
  }
  const lines = heading(`Crashing containers (${report.findings.length}), by workload, most severe first`, ctx);
  const indent = 2;
  const candidates = [TARGET, CAUSE, ...(groups.some((g) => g.instances > 1) ? [PODS] : []), RESTARTS];
  const widthsOf = (cols: Column[]) =>
    cols.map((c) => Math.max(displayWidth(c.header), ...groups.map((g) => displayWidth(neutralize(c.cell(g))))));
  const used = (w: number[]) => indent + w.reduce((sum, x) => sum + x + 2, 0);
  let columns = candidates;
  const capped = (w: number[]) => w.map((x, i) => (columns[i] === TARGET ? Math.min(x, Math.max(MAX_TARGET_WIDTH, displayWidth(TARGET.header))) : x));
  let widths = capped(widthsOf(columns));
  for (const dropped of [RESTARTS, PODS]) {
    if (used(widths) <= width) break;
    columns = columns.filter((c) => c !== dropped);
    widths = capped(widthsOf(columns));
  }
  // Still too wide: a name longer than the room gets a line of its own, whole, and the others keep the columns.
  if (used(widths) > width) widths[0] = Math.max(displayWidth(TARGET.header), width - (used(widths) - (widths[0] ?? 0)));
  const format = (values: string[]) =>
    values
      .map((value, i) => {
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(value)));
        return columns[i]?.align === 'right' ? pad + value : value + pad;
      })
      .join('  ');
  const room = width - used(widths);
  // One line per group: the reason beside it, cut to the line when it is long (--details has it whole); only a
  // terminal too narrow to show a useful part of it puts it on the line below.
  const fits = (g: FindingGroup) => room >= MIN_REASON_ROOM || displayWidth(neutralize(reasonOf(g))) <= room;
  const why = groups.some(fits) ? '  WHY' : '';
  lines.push(paint('dim', oneLine(`${' '.repeat(indent)}${format(columns.map((c) => c.header))}${why}`.trimEnd(), width)));
  for (const { bundle, summary, groups: inBundle } of groupsByBundle(report, groups)) {
    const facts = summary
      ? [summary.cluster && `cluster ${summary.cluster}`, summary.kubernetesVersion, summary.capturedAt && `captured ${shortTime(summary.capturedAt)}`]
          .filter(Boolean)
          .join(' · ')
      : '';
    const problems = summary ? readProblemCount(summary.diagnostics) : 0;
    const diagnostics = problems > 0 ? `  ${pluralize(problems, 'read problem')} (--details)` : '';
    // The bundle's name whole, what could not be read, then its facts cut to the line (--details has them in full).
    const name = neutralize(bundle);
    if (displayWidth(name) + displayWidth(diagnostics) > width) {
      // A name too long for its line keeps it alone; what could not be read goes below.
      lines.push(paint('bold', name), paint('yellow', oneLine(diagnostics, width)));
    } else {
      const room = Math.max(0, width - displayWidth(name) - displayWidth(diagnostics));
      lines.push(`${paint('bold', name)}${paint('yellow', diagnostics)}${paint('dim', oneLine(neutralize(facts ? `  ${facts}` : ''), room))}`);
    }
    for (const group of inBundle) {
      const reason = neutralize(reasonOf(group));
      const style = BAND_STYLE[severityBand(group.severity)];
      const values = columns.map((c) => neutralize(c.cell(group)));
      if (displayWidth(values[0] ?? '') > (widths[0] ?? 0)) {
        lines.push(paint(style, `${' '.repeat(indent)}${values[0] ?? ''}`));
        values[0] = '';
      }
      const row = paint(style, `${' '.repeat(indent)}${format(values)}`);
      if (fits(group)) lines.push(`${row}  ${oneLine(reason, room)}`);
      else lines.push(row.trimEnd(), `${' '.repeat(indent + 2)}${oneLine(reason, width - indent - 2)}`);
    }
  }
  const quiet = report.bundles.filter((b) => !groups.some((g) => g.bundle === b.name)).map((b) => neutralize(b.name));
  if (quiet.length > 0) lines.push(...indented(0, `no crashing container in ${quiet.join(', ')}`, width, paint, 'dim'));
  return lines;
}

function fixes(report: Report, groups: readonly FindingGroup[], ctx: Ctx): string[] {
  const owners = fixesByOwner(report, groups);
  const team = owners.team;
  // The checks' own fixes are shown with the checks above; here only findings whose fix the platform owns.
  const platform = owners.platform.filter((entry) => !entry.check);
  const lines: string[] = [];
  if (platform.length > 0) {
    lines.push(...heading('Platform-side fixes (escalate these)', ctx));
    for (const entry of platform) lines.push(...fixEntry(entry, ctx));
  }
  if (team.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(...heading(`Team-side fixes (${team.length}, each once)`, ctx));
    for (const entry of team) lines.push(...fixEntry(entry, ctx));
  }
  return lines;
}

/**
 * A fix in one bullet, then the workloads it is for, dimmed. (With --details the steps and snippet are in each
 * finding's block above, so they are not repeated here.)
 */
function fixEntry(entry: FixGroup, ctx: Ctx): string[] {
  const { paint, width } = ctx;
  const summary = neutralize(entry.fix.summary);
  const targets = entry.check ? entry.check.kind : targetNames(entry.groups);
  let dimmed = false;
  return wrap(`${summary} ← ${targets}`, width - 4).map((line, index) => {
    // Ours is the last arrow (workload names hold none); from there on, every line is the target list.
    const arrow = dimmed ? 0 : line.lastIndexOf('← ');
    if (arrow >= 0) dimmed = true;
    const painted = arrow >= 0 ? `${line.slice(0, arrow)}${paint('dim', line.slice(arrow))}` : line;
    return `${index === 0 ? '  • ' : '    '}${painted}`;
  });
}

function targetNames(groups: readonly FindingGroup[]): string {
  const names = [...new Set(groups.map((g) => neutralize(`${g.namespace}/${g.workloadShort}`)))];
  const shown = names.slice(0, MAX_FIX_TARGETS).join(', ');
  return names.length > MAX_FIX_TARGETS ? `${shown} and ${names.length - MAX_FIX_TARGETS} more` : shown;
}

function errors(report: Report, ctx: Ctx): string[] {
  if (report.errors.length === 0) return [];
  const lines = heading(`Analyzer errors (${report.errors.length}): these rules did not run to the end`, ctx);
  for (const error of report.errors) {
    const target = error.target ? ` ${error.target}` : '';
    lines.push(...wrap(neutralize(`${error.rule} on ${error.bundle}${target}: ${error.message}`), ctx.width - 4).map((line, i) => `${i === 0 ? '  • ' : '    '}${line}`));
  }
  return lines;
}

function releasesSection(report: Report, ctx: Ctx): string[] {
  const releases = report.releases ?? [];
  if (releases.length === 0) return [];
  const { paint, width } = ctx;
  const lines = heading(`Bad releases (${releases.length}): roll back`, ctx);
  for (const release of releases) {
    lines.push(paint('bold', neutralize(releaseTitle(release))));
    lines.push(...indented(2, neutralize(release.summary), width, paint));
    // Each field before → after is for --details; the summary names what changed (in release.summary) and how back.
    if (ctx.options.details) for (const change of releaseChangeLines(release)) lines.push(...indented(4, neutralize(change), width, paint, 'dim'));
    // A command is never wrapped: it has to paste as it is.
    lines.push(`  ${paint('cyan', neutralize(release.rollback))}`);
  }
  return lines;
}

function alertsSection(report: Report, ctx: Ctx): string[] {
  const alerts = report.alerts ?? [];
  if (alerts.length === 0) return [];
  const lines = heading(`Detection for next time: ${pluralize(alerts.length, 'alerting rule')}`, ctx);
  const names = alerts.map(alertTitle);
  lines.push(...indented(0, neutralize(`PrometheusRule snippets (kube-state-metrics restarts and CrashLoopBackOff, container_oom_events_total) for ${names.join(', ')}: in --html, --markdown and --format json`), ctx.width, ctx.paint, 'dim'));
  return lines;
}

/** What to ask for when the input could not decide (a pasted ticket): one line each, commands never wrapped. */
function nextStepsSection(report: Report, ctx: Ctx): string[] {
  const withSteps = report.bundles.filter((bundle) => (bundle.nextSteps ?? []).length > 0);
  if (withSteps.length === 0) return [];
  const lines = heading('Ask for next: the input does not decide', ctx);
  for (const bundle of withSteps) {
    if (report.bundles.length > 1) lines.push(ctx.paint('bold', neutralize(bundle.name)));
    for (const step of bundle.nextSteps ?? []) lines.push(`  ${ctx.paint('cyan', '•')} ${neutralize(step)}`);
  }
  return lines;
}
