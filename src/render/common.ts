/**
 * What every renderer shares: the order of findings, which evidence decides, how much of it a report keeps.
 * Nothing here knows a Kubernetes rule; it only reads the shape of the analysis model.
 */
import { CAUSE_IDS, CHECK_IDS, type CauseId, type CheckId, type Evidence, type Finding, type LogEvidence } from '../model/report.js';
import type { EventWindow } from '../model/snapshot.js';
import { jsonText, plainText } from './sanitize.js';

export interface RenderOptions {
  /** Terminal only: emit ANSI colour. The CLI passes true only on a TTY without NO_COLOR. */
  color: boolean;
  /** Terminal only: columns to wrap to (the CLI passes stdout.columns, or 100 when not a TTY). */
  width: number;
  /**
   * Where the rule docs live, ending in `/`; findings link to `<docsBaseUrl>rules/<cause>.md`. Default `docs/`
   * (relative to the report). Only `http:`, `https:` and relative bases are accepted.
   */
  docsBaseUrl?: string;
  /** Terminal only: every finding with its evidence and fix (`--details`), not only the summary. */
  details?: boolean;
  /** Markdown only: the most characters the document may have (`--max-chars`); the least severe findings go first. */
  maxChars?: number;
  /** Set when the CLI filtered the report: how many findings there were, and the filter in words. */
  filtered?: { total: number; description: string };
}

export const DEFAULT_RENDER_OPTIONS: RenderOptions = { color: false, width: 100 };
const DEFAULT_DOCS_BASE = 'docs/';

/** The block that decides a finding: the one marked primary, else the first. */
export function primaryEvidence(evidence: readonly Evidence[]): Evidence | undefined {
  return evidence.find((block) => block.primary) ?? evidence[0];
}

/** Evidence with the primary block first, the others in their order. */
export function primaryFirst(evidence: readonly Evidence[]): Evidence[] {
  const primary = primaryEvidence(evidence);
  return primary ? [primary, ...evidence.filter((block) => block !== primary)] : [];
}

/** The decisive log line: the marked one, else the last line of the excerpt. */
export function decisiveLogLine(log: LogEvidence): { number: number; text: string } | undefined {
  return log.lines.find((line) => line.number === log.decisiveLine) ?? log.lines[log.lines.length - 1];
}

export interface CappedLog {
  lines: Array<{ number: number; text: string; decisive: boolean }>;
  /** Lines of the excerpt left out by the cap, before and after what is kept. */
  omittedBefore: number;
  omittedAfter: number;
}

/**
 * Keeps at most `max` lines of a log excerpt, centred on the decisive line (a third before, the rest after:
 * what led to the crash matters, and stack traces run downwards), and says how many were left out.
 */
export function capLog(log: LogEvidence, max: number): CappedLog {
  const all = log.lines;
  let start = 0;
  let end = all.length;
  if (all.length > max) {
    const decisiveIndex = Math.max(0, all.findIndex((line) => line.number === log.decisiveLine));
    start = Math.max(0, Math.min(decisiveIndex - Math.floor(max / 3), all.length - max));
    end = start + max;
  }
  return {
    lines: all.slice(start, end).map((line) => ({ ...line, decisive: line.number === log.decisiveLine })),
    omittedBefore: start,
    omittedAfter: all.length - end,
  };
}

/** Cuts a string to `max` characters and says how much was cut. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** The value of a field as one readable string: strings bare, the rest as JSON. */
export function fieldValueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '(absent)';
  try {
    return compactJson(value);
  } catch {
    return plainText(value);
  }
}


/** JSON on one line with a space after `:` and `,`, so that it wraps between members rather than inside words. */
function compactJson(value: unknown): string {
  // JSON.stringify gives undefined for undefined, a function or a symbol, whatever its declared type says.
  if (value === null || typeof value !== 'object') return jsonText(value) ?? plainText(value);
  if (Array.isArray(value)) return `[${value.map((item) => compactJson(item ?? null)).join(', ')}]`;
  const members = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .map(([key, member]) => `${JSON.stringify(key)}: ${compactJson(member)}`);
  return `{${members.join(', ')}}`;
}

export function isCauseId(value: unknown): value is CauseId {
  return typeof value === 'string' && (CAUSE_IDS as readonly string[]).includes(value);
}

function isCheckId(value: unknown): value is CheckId {
  return typeof value === 'string' && (CHECK_IDS as readonly string[]).includes(value);
}

/**
 * The docs base the caller asked for, or the default. A base that is not http(s) or relative (javascript:, data:)
 * is refused: links in a report must never run code.
 */
function docsBase(options: Pick<RenderOptions, 'docsBaseUrl'>): string {
  const base = options.docsBaseUrl ?? DEFAULT_DOCS_BASE;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(base)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    throw new Error(`docs base URL must be http(s) or relative, got ${JSON.stringify(base)}`);
  }
  return base.endsWith('/') ? base : `${base}/`;
}

/**
 * The link to a rule's docs page, built from the id only (never from a string in the report, which may come from
 * an edited JSON file); undefined for an id that is not one of ours.
 */
export function ruleDocLink(id: string, options: Pick<RenderOptions, 'docsBaseUrl'>): string | undefined {
  if (!isCauseId(id) && !isCheckId(id)) return undefined;
  return `${docsBase(options)}rules/${id}.md`;
}

export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** How much event history a bundle covers: "14 events, 09:12:03 to 10:02:44 UTC on 2025-03-04 (50m41s)". */
export function describeEventWindow(window: EventWindow): string {
  if (window.count === 0) return 'no events';
  const count = pluralize(window.count, 'event');
  if (!window.earliest || !window.latest) return count;
  const span = durationBetween(window.earliest, window.latest);
  return `${count} from ${shortTime(window.earliest)} to ${shortTime(window.latest)}${span ? ` (${span})` : ''}`;
}

/** `2025-03-04T09:12:03Z` → `2025-03-04 09:12:03Z`; anything unparsable is returned as is. */
export function shortTime(iso: string): string {
  const [, date, clock, zone = ''] = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.exec(iso) ?? [];
  return date && clock ? `${date} ${clock}${zone}` : iso;
}

/** A Go-style duration between two ISO times (`50m41s`, `2h3m0s`), or undefined when either does not parse. */
function durationBetween(from: string, to: string): string | undefined {
  const ms = Date.parse(to) - Date.parse(from);
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/** One line for the top of every report. */
export function verdictHeadline(escalate: boolean): string {
  return escalate ? 'Escalate to platform/SRE' : 'No escalation: the fix lives with the application team';
}

/** `Deployment/api`, or the pod when it has no owner. */
export function workloadName(finding: Finding): string {
  return finding.workload.name ? `${finding.workload.kind}/${finding.workload.name}` : `Pod/${finding.pod}`;
}

/** A sentence with `code` spans (a next step's command) as parts, so each renderer can set the code as code. */
export function codeParts(text: string): Array<{ text: string; code: boolean }> {
  return text.split(/(`[^`]+`)/).filter((part) => part !== '').map((part) => (part.startsWith('`') && part.endsWith('`') && part.length > 1 ? { text: part.slice(1, -1), code: true } : { text: part, code: false }));
}

/** Diagnostics that say something could not be read (warnings and errors), not the reader's notes. */
export function readProblemCount(diagnostics: readonly { severity: string }[]): number {
  return diagnostics.filter((d) => d.severity !== 'info').length;
}
