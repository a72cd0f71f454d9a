/**
 * The terminal view's full blocks (`--details`, and the escalation checks): every finding with its decisive
 * evidence, the other evidence in one line each, and the fix. Code, YAML and commands are never wrapped: a pasted
 * snippet must still work, so its lines run past the width, indented whole.
 */
import type { BundleSummary, EscalationCheck, Evidence, Finding, TableEvidence } from '../model/report.js';
import {
  decisiveLogLine,
  describeEventWindow,
  fieldValueText,
  pluralize,
  primaryEvidence,
  primaryFirst,
  ruleDocLink,
  shortTime,
  workloadName,
  type RenderOptions,
} from './common.js';
import { instanceCount } from './groups.js';
import { displayWidth, neutralizeOneLine as neutralize } from './sanitize.js';
import { hardBreak, indented, labelled, wrap, type Painter } from './text-layout.js';
import { ownerText } from './verdict-extras.js';

const LABEL_WIDTH = 11;
const BLOCK_INDENT = 3;
/** Other evidence lines shown per finding; the HTML report has them all. */
const MAX_OTHER_EVIDENCE = 4;
const MAX_TABLE_ROWS = 12;

export interface Ctx {
  width: number;
  paint: Painter;
  options: RenderOptions;
}

export function heading(text: string, ctx: Ctx): string[] {
  const lines = wrap(text, ctx.width);
  const underline = Math.max(...lines.map((line) => displayWidth(line)));
  return [...lines.map((line) => ctx.paint('bold', line)), ctx.paint('dim', '─'.repeat(Math.min(underline, ctx.width)))];
}

export function checkBlock(check: EscalationCheck, ctx: Ctx): string[] {
  const { paint, width } = ctx;
  const lines = [`${paint('red', '✗')} ${paint('bold', check.kind)}`];
  lines.push(...indented(2, neutralize(check.summary), width, paint));
  if (check.bundles.length > 0) {
    lines.push(...labelled(2, LABEL_WIDTH, 'bundles', check.bundles.map(neutralize).join(', '), width, paint));
  }
  const primary = primaryEvidence(check.evidence);
  for (const block of primaryFirst(check.evidence)) {
    lines.push(...evidenceBlock(block, block === primary ? 'evidence' : '', 2, ctx));
  }
  lines.push(...fixBlock(check.fix, 2, ctx));
  const docs = ruleDocLink(check.kind, ctx.options);
  if (docs) lines.push(...labelled(2, LABEL_WIDTH, 'docs', docs, width, paint, 'dim'));
  return lines;
}

export function bundleBlocks(list: readonly BundleSummary[], ctx: Ctx): string[] {
  const { paint, width } = ctx;
  if (list.length === 0) return [];
  const lines = heading(`Bundles read (${list.length})`, ctx);
  for (const bundle of list) {
    const facts = [
      bundle.format,
      bundle.cluster ? `cluster ${bundle.cluster}` : 'cluster unknown',
      bundle.kubernetesVersion ? `Kubernetes ${bundle.kubernetesVersion}` : 'Kubernetes version unknown',
      bundle.capturedAt ? `captured ${shortTime(bundle.capturedAt)}` : 'capture time unknown',
    ];
    const counts = bundle.counts;
    const coverage = [
      describeEventWindow(bundle.eventWindow),
      `${pluralize(counts.pods, 'pod')}, ${pluralize(counts.nodes, 'node')}, ${pluralize(counts.logs, 'log')}`,
    ];
    lines.push(paint('bold', neutralize(bundle.name)));
    lines.push(...indented(2, neutralize(facts.join(' · ')), width, paint));
    lines.push(...indented(2, neutralize(coverage.join(' · ')), width, paint));
    const errors = bundle.diagnostics.filter((d) => d.severity === 'error').length;
    if (bundle.diagnostics.length > 0) {
      lines.push(
        ...indented(2, `could not read everything: ${pluralize(bundle.diagnostics.length, 'diagnostic')}${errors ? ` (${errors} errors)` : ''}`, width, paint, 'yellow'),
      );
    }
    for (const d of bundle.diagnostics) {
      const where = d.file ? `${d.file}${d.line !== undefined ? `:${d.line}` : ''}: ` : '';
      const style = d.severity === 'error' ? 'red' : d.severity === 'warning' ? 'yellow' : 'dim';
      lines.push(...labelled(4, LABEL_WIDTH - 2, d.severity, neutralize(`${d.code} ${where}${d.message}`), width, paint, style));
    }
  }
  return lines;
}

/** `sameFixAs`: the number of an earlier block with the same fix text, which is then not written out again. */
export function findingBlock(finding: Finding, number: number, ctx: Ctx, sameFixAs?: number): string[] {
  const { paint, width } = ctx;
  const kind = finding.containerKind === 'regular' ? 'container' : `${finding.containerKind} container`;
  const title = `${number}. ${finding.cause} · ${finding.namespace}/${finding.pod} · ${kind} ${finding.container} · ${workloadName(finding)}`;
  const [first = '', ...rest] = wrap(neutralize(title), width);
  const lines = [paint('bold', first)];
  if (rest.length > 0) lines.push(...indented(BLOCK_INDENT, rest.join(' '), width, paint, 'bold'));
  const pods = instanceCount(finding) > 1 ? ` · ${pluralize(instanceCount(finding), 'pod')}` : '';
  const meta = `${finding.confidence} confidence · ${pluralize(finding.restartCount, 'restart')}${pods} · bundle ${finding.bundle}`;
  lines.push(...indented(BLOCK_INDENT, neutralize(meta), width, paint, 'dim'));
  lines.push(...indented(BLOCK_INDENT, neutralize(finding.summary), width, paint));

  const primary = primaryEvidence(finding.evidence);
  if (primary) lines.push(...evidenceBlock(primary, 'evidence', BLOCK_INDENT, ctx));
  const others = finding.evidence.filter((block) => block !== primary);
  others.slice(0, MAX_OTHER_EVIDENCE).forEach((block, index) => {
    lines.push(...listItem(BLOCK_INDENT, index === 0 ? 'also' : '', neutralize(condense(block)), ctx));
  });
  if (others.length > MAX_OTHER_EVIDENCE) {
    const more = `${pluralize(others.length - MAX_OTHER_EVIDENCE, 'more evidence block')} in --html or --format json`;
    lines.push(...labelled(BLOCK_INDENT, LABEL_WIDTH, '', more, width, paint, 'dim'));
  }
  if (sameFixAs === undefined) lines.push(...fixBlock(finding.fix, BLOCK_INDENT, ctx));
  else lines.push(...labelled(BLOCK_INDENT, LABEL_WIDTH, 'fix', neutralize(`the same as #${sameFixAs}: ${finding.fix.summary}`), width, paint, 'green'));
  lines.push(...ownerAndFaq(finding, ctx));
  for (const [index, seen] of finding.alsoSeen.entries()) {
    lines.push(...listItem(BLOCK_INDENT, index === 0 ? 'also seen' : '', neutralize(`${seen.cause}: ${seen.summary}`), ctx));
  }
  const docs = ruleDocLink(finding.cause, ctx.options);
  if (docs) lines.push(...labelled(BLOCK_INDENT, LABEL_WIDTH, 'docs', docs, width, paint, 'dim'));
  return lines;
}

/** An item of a labelled list: a bullet, and continuation lines indented under the text. */
function listItem(indent: number, label: string, text: string, ctx: Ctx): string[] {
  const pad = ' '.repeat(indent);
  const column = ' '.repeat(LABEL_WIDTH);
  return wrap(text, ctx.width - indent - LABEL_WIDTH - 2).map((line, index) => {
    const head = index === 0 ? `${ctx.paint('dim', label.padEnd(LABEL_WIDTH))}• ` : `${column}  `;
    return `${pad}${head}${line}`;
  });
}

/** The decisive block in full: where it is, then the line, field, event or table itself. */
function evidenceBlock(block: Evidence, label: string, indent: number, ctx: Ctx): string[] {
  const { paint, width } = ctx;
  const pad = indent + LABEL_WIDTH;
  switch (block.kind) {
    case 'log': {
      const line = decisiveLogLine(block);
      const where = `${block.label} · ${block.file}${line ? `, line ${line.number}` : ''}`;
      const lines = labelled(indent, LABEL_WIDTH, label, neutralize(where), width, paint, 'dim');
      if (line) {
        const gutter = `${line.number} │ `;
        const text = wrap(neutralize(line.text), width - pad - gutter.length);
        text.forEach((piece, index) => {
          const head = index === 0 ? gutter : ' '.repeat(gutter.length - 2) + '│ ';
          lines.push(`${' '.repeat(pad)}${paint('dim', head)}${paint('yellow', piece)}`);
        });
      } else {
        lines.push(...indented(pad, '(the excerpt has no lines)', width, paint, 'dim'));
      }
      return lines;
    }
    case 'field': {
      const lines = labelled(indent, LABEL_WIDTH, label, neutralize(`${block.label} · ${block.file}`), width, paint, 'dim');
      lines.push(...indented(pad, neutralize(`${block.path} = ${fieldValueText(block.value)}`), width, paint, 'yellow'));
      return lines;
    }
    case 'event': {
      const lines = labelled(indent, LABEL_WIDTH, label, neutralize(`${block.label} · ${block.file}${block.path ? ` ${block.path}` : ''}`), width, paint, 'dim');
      lines.push(...indented(pad, neutralize(eventLine(block)), width, paint, 'yellow'));
      return lines;
    }
    case 'table':
      return [...labelled(indent, LABEL_WIDTH, label, neutralize(block.label), width, paint, 'dim'), ...table(block, pad, ctx)];
    case 'note':
      return labelled(indent, LABEL_WIDTH, label, neutralize(`${block.label}: ${block.text}`), width, paint);
  }
}

function eventLine(block: Extract<Evidence, { kind: 'event' }>): string {
  const when = block.lastTime ? ` last ${shortTime(block.lastTime)}` : '';
  return `${block.type} ${block.reason} ×${block.count} on ${block.object}${when}: ${block.message}`;
}

/** One line for a non-decisive block. */
function condense(block: Evidence): string {
  switch (block.kind) {
    case 'log': {
      const line = decisiveLogLine(block);
      return `${block.label}: ${line ? `line ${line.number}: ${line.text}` : 'no lines'}`;
    }
    case 'field':
      return `${block.label}: ${fieldValueText(block.value)}`;
    case 'event':
      return `${block.label}: ${eventLine(block)}`;
    case 'table':
      return `${block.label}: ${pluralize(block.rows.length, 'row')} × ${block.columns.join(', ')}`;
    case 'note':
      return `${block.label}: ${block.text}`;
  }
}

/**
 * A side-by-side table fitted to the width: columns share the room left after the first one, long cells are cut
 * with an ellipsis, rows that differ are marked with `≠`.
 */
function table(block: TableEvidence, indent: number, ctx: Ctx): string[] {
  const { paint, width } = ctx;
  const columns = block.columns.map(neutralize);
  const rows = block.rows.slice(0, MAX_TABLE_ROWS).map((row) => columns.map((_, i) => neutralize(row[i] ?? '')));
  const room = width - indent - 2 - 2 * (columns.length - 1);
  const natural = columns.map((column, i) => Math.max(displayWidth(column), ...rows.map((row) => displayWidth(row[i] ?? ''))));
  const widths = fitColumns(natural, Math.max(room, columns.length * 4));
  const highlight = new Set(block.highlightRows ?? []);
  const format = (cells: string[]) => cells.map((cell, i) => fitCell(cell, widths[i] ?? 4)).join('  ').trimEnd();
  const pad = ' '.repeat(indent);
  const lines = [`${pad}  ${paint('bold', format(columns))}`];
  rows.forEach((row, index) => {
    const marked = highlight.has(index);
    lines.push(`${pad}${marked ? paint('red', '≠ ') : '  '}${marked ? paint('yellow', format(row)) : format(row)}`);
  });
  if (block.rows.length > MAX_TABLE_ROWS) {
    lines.push(`${pad}  ${paint('dim', `${block.rows.length - MAX_TABLE_ROWS} more rows in --html or --format json`)}`);
  }
  return lines;
}

function fitColumns(natural: number[], room: number): number[] {
  const total = natural.reduce((sum, w) => sum + w, 0);
  if (total <= room) return natural;
  // Shrink the widest columns first, so short columns (a version, a count) stay whole.
  const widths = [...natural];
  let excess = total - room;
  while (excess > 0) {
    const widest = widths.indexOf(Math.max(...widths));
    if ((widths[widest] ?? 0) <= 4) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    excess -= 1;
  }
  return widths;
}

function fitCell(cell: string, width: number): string {
  if (displayWidth(cell) <= width) return cell + ' '.repeat(width - displayWidth(cell));
  const cut = hardBreak(cell, width - 1)[0] ?? '';
  return `${cut}…${' '.repeat(Math.max(0, width - displayWidth(cut) - 1))}`;
}

/** The fix: its summary, numbered steps, and the snippet, never wrapped. */
function fixBlock(fix: Finding['fix'], indent: number, ctx: Ctx): string[] {
  const { paint, width } = ctx;
  const owner = fix.owner === 'platform' ? ' (platform)' : '';
  const lines = labelled(indent, LABEL_WIDTH, 'fix', neutralize(fix.summary + owner), width, paint, 'green');
  const pad = indent + LABEL_WIDTH;
  fix.steps.forEach((step, index) => {
    const marker = `${index + 1}. `;
    wrap(neutralize(step), width - pad - marker.length).forEach((line, i) => {
      lines.push(`${' '.repeat(pad)}${i === 0 ? marker : ' '.repeat(marker.length)}${line}`);
    });
  });
  if (fix.snippet) {
    // Whole lines, never wrapped: a YAML patch or a command cut in two no longer works when pasted.
    for (const codeLine of fix.snippet.code.replace(/\n+$/, '').split('\n')) {
      lines.push(`${' '.repeat(pad + 2)}${paint('cyan', neutralize(codeLine))}`.trimEnd());
    }
  }
  return lines;
}


/** Who owns the fix, and the FAQ answered for this container. */
function ownerAndFaq(finding: Finding, ctx: Ctx): string[] {
  const { paint, width } = ctx;
  const owner = ownerText(finding);
  const lines = owner ? labelled(BLOCK_INDENT, LABEL_WIDTH, 'owner', neutralize(owner), width, paint, finding.owner?.team === 'platform' ? 'bold' : undefined) : [];
  for (const [index, answer] of (finding.faq ?? []).entries()) {
    lines.push(...listItem(BLOCK_INDENT, index === 0 ? 'faq' : '', neutralize(`${answer.question} ${answer.answer}`), ctx));
  }
  return lines;
}
