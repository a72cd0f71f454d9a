/**
 * Geometry of the HTML report's timelines: one chart per workload, one row per crashing container, a marker per
 * start, termination and event on a shared time axis. Only numbers and neutralised labels leave this module; the
 * template draws them as inline SVG (no script, no style attribute, so the CSP holds).
 */
import type { Finding, TimelineEntry } from '../model/report.js';
import { shortTime, workloadName } from './common.js';
import { neutralize } from './sanitize.js';

export const TIMELINE_WIDTH = 960;
const LABEL_GUTTER = 230;
const RIGHT_MARGIN = 20;
const ROW_HEIGHT = 36;
const TOP = 12;
const AXIS_HEIGHT = 30;
/** Markers per row: a container that restarted for days would otherwise draw thousands. */
export const MAX_MARKERS_PER_ROW = 80;
/** Rows per chart: a DaemonSet crashing on 300 nodes gets the first rows and a note. */
export const MAX_ROWS = 24;
const MAX_LABEL = 32;

export interface TimelineMarker {
  x: number;
  y: number;
  kind: TimelineEntry['kind'];
  /** Tooltip: time, label and detail. */
  title: string;
  /** Path data for the marker shape, centred on (x, y). */
  d: string;
}

export interface TimelineRow {
  y: number;
  textY: number;
  subTextY: number;
  /** The container and its restarts, then the pod on a second line. */
  label: string;
  subLabel: string;
  fullLabel: string;
  lineX1: number;
  lineX2: number;
  markers: TimelineMarker[];
  cutNote: string | null;
}

export interface TimelineView {
  title: string;
  namespace: string;
  /** Space-separated cause ids of the rows, for the filter. */
  causes: string;
  width: number;
  height: number;
  axisY: number;
  axisTextY: number;
  axisX1: number;
  axisX2: number;
  ticks: Array<{ x: number; label: string; anchor: 'start' | 'middle' | 'end' }>;
  rows: TimelineRow[];
  undated: number;
  hasRows: boolean;
  rowsCut: string | null;
}

interface Dated {
  entry: TimelineEntry;
  time: number;
}

/** Groups findings by bundle and workload and lays out one chart each, in the order the findings come. */
export function buildTimelines(findings: readonly Finding[]): TimelineView[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = JSON.stringify([finding.bundle, finding.namespace, finding.workload.kind, finding.workload.name || finding.pod]);
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  return [...groups.values()].map(layout).filter((view) => view.hasRows || view.undated > 0);
}

function layout(group: Finding[]): TimelineView {
  const first = group[0]!;
  const perRow = group.map((finding) => {
    const dated: Dated[] = [];
    let undated = 0;
    for (const entry of finding.timeline) {
      const time = Date.parse(entry.time);
      if (Number.isFinite(time)) dated.push({ entry, time });
      else undated += 1;
    }
    dated.sort((a, b) => a.time - b.time);
    return { finding, dated, kept: dated.slice(-MAX_MARKERS_PER_ROW), undated };
  });
  const drawn = perRow.filter((row) => row.dated.length > 0);
  const shown = drawn.slice(0, MAX_ROWS);
  // A loop, not Math.min(...times): a long-running crash loop has more entries than the call stack has room for.
  let min = Infinity;
  let max = -Infinity;
  for (const row of shown) {
    for (const { time } of row.kept) {
      if (time < min) min = time;
      if (time > max) max = time;
    }
  }
  const hasTimes = min <= max;
  if (!hasTimes) min = max = 0;
  const x1 = LABEL_GUTTER;
  const x2 = TIMELINE_WIDTH - RIGHT_MARGIN;
  const scale = (time: number) => (max === min ? (x1 + x2) / 2 : x1 + ((time - min) / (max - min)) * (x2 - x1));

  const rows: TimelineRow[] = shown.map((row, index) => {
    const y = TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2;
    const kept = row.kept;
    const { pod, container, restartCount } = row.finding;
    return {
      y: round(y),
      textY: round(y - 2),
      subTextY: round(y + 11),
      label: cut(neutralize(`${container} · ${restartCount} restart${restartCount === 1 ? '' : 's'}`)),
      subLabel: cut(neutralize(pod)),
      fullLabel: neutralize(`${pod}/${container} · ${restartCount} restarts`),
      lineX1: x1,
      lineX2: x2,
      markers: kept.map(({ entry, time }) => marker(entry, round(scale(time)), round(y))),
      cutNote:
        row.dated.length > kept.length ? `${row.dated.length - kept.length} earlier entries not drawn` : null,
    };
  });
  const axisY = TOP + rows.length * ROW_HEIGHT + 6;
  const ticks: TimelineView['ticks'] =
    !hasTimes
      ? []
      : max === min
        ? [{ x: round((x1 + x2) / 2), label: shortTime(new Date(min).toISOString()), anchor: 'middle' }]
        : [
            { x: x1, label: shortTime(new Date(min).toISOString()), anchor: 'start' },
            { x: round((x1 + x2) / 2), label: timeOfDay(new Date((min + max) / 2)), anchor: 'middle' },
            { x: x2, label: shortTime(new Date(max).toISOString()), anchor: 'end' },
          ];
  return {
    title: neutralize(`${workloadName(first)} in ${first.namespace} · ${first.bundle}`),
    namespace: neutralize(first.namespace),
    causes: [...new Set(group.map((finding) => finding.cause))].join(' '),
    width: TIMELINE_WIDTH,
    height: axisY + AXIS_HEIGHT,
    axisY,
    axisTextY: axisY + 18,
    axisX1: x1,
    axisX2: x2,
    ticks,
    rows,
    undated: perRow.reduce((sum, row) => sum + row.undated, 0),
    hasRows: rows.length > 0,
    rowsCut: drawn.length > shown.length ? `${drawn.length - shown.length} more containers of this workload not drawn` : null,
  };
}

function cut(text: string): string {
  return text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;
}

function marker(entry: TimelineEntry, x: number, y: number): TimelineMarker {
  const detail = entry.detail ? `: ${entry.detail}` : '';
  return {
    x,
    y,
    kind: entry.kind,
    title: neutralize(`${shortTime(entry.time)} ${entry.label}${detail}`),
    d: shape(entry.kind, x, y),
  };
}

/** Distinct shapes, not only colours, so the chart reads in print and for colour-blind readers. */
function shape(kind: TimelineEntry['kind'], x: number, y: number): string {
  switch (kind) {
    case 'started':
      return `M${x - 5} ${y}a5 5 0 1 0 10 0a5 5 0 1 0 -10 0z`;
    case 'terminated':
      return `M${x - 5} ${y - 5}L${x + 5} ${y + 5}M${x + 5} ${y - 5}L${x - 5} ${y + 5}`;
    case 'event':
      return `M${x} ${y - 6}L${x + 5} ${y + 4}L${x - 5} ${y + 4}z`;
    case 'captured':
      return `M${x} ${y - 11}L${x} ${y + 11}`;
    default:
      return `M${x - 3} ${y}L${x + 3} ${y}`;
  }
}

function timeOfDay(date: Date): string {
  return `${date.toISOString().slice(11, 19)}Z`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
