/**
 * The HTML report's timeline: swimlanes on one shared time axis, one lane per crashing group (workload, container,
 * cause), so crashes that happened together line up. Bundles whose times overlap share a chart (two clusters
 * captured together); bundles far apart in time get a chart each, so no chart is squeezed into a few dots.
 *
 * Only numbers (percentages of the track) and neutralised labels leave this module. The template draws each marker
 * as a nested <svg x="…%">, so markers keep their shape at any width (no stretched viewBox) and the CSP holds (no
 * style attribute, no script). Each lane states its restarts and last termination in text, and lists its entries
 * in a table, so nothing needs hovering.
 */
import type { Finding, TimelineEntry } from '../model/report.js';
import { shortTime } from './common.js';
import { groupFindings, type FindingGroup } from './groups.js';
import { neutralize } from './sanitize.js';

/** Markers per lane: a container that restarted for days would otherwise draw thousands. */
export const MAX_MARKERS_PER_ROW = 80;
/** Lanes per chart: a DaemonSet crashing on 300 nodes is one lane already; 300 workloads get the first lanes and a note. */
export const MAX_ROWS = 40;
/** Bundles whose time spans come closer than this share a chart. */
const MERGE_GAP_MS = 15 * 60 * 1000;
/**
 * A chart shows at most this long before a bundle's last entry: a restart two days before the capture would
 * otherwise stretch the axis until the crashes of the last hour are one dot. Older entries are counted, not drawn.
 */
const WINDOW_MS = 3 * 60 * 60 * 1000;
const TICKS = 5;

interface TimelineMarker {
  /** Position on the track, 0–100 (%). */
  x: number;
  kind: TimelineEntry['kind'];
  /** Tooltip and table row: time, label and detail. */
  title: string;
  /** Path data for the marker shape, centred on (0, 12). */
  d: string;
}

interface TimelineLane {
  namespace: string;
  causes: string;
  bundle: string;
  /** `shop/payments · payments`. */
  label: string;
  /** `app-error-at-startup · 23 restarts · 2 pods`. */
  facts: string;
  /** The last termination in words, readable without hovering. */
  last: string;
  markers: TimelineMarker[];
  entries: Array<{ time: string; kind: string; text: string }>;
  entryCount: number;
  cutNote: string | null;
}

export interface TimelineView {
  title: string;
  /** `mid` ticks are dropped on narrow screens, where their labels would overlap. */
  ticks: Array<{ x: number; label: string; anchor: 'start' | 'middle' | 'end'; mid: boolean }>;
  lanes: TimelineLane[];
  undated: number;
  hasLanes: boolean;
  lanesCut: string | null;
}

interface Dated {
  entry: TimelineEntry;
  time: number;
}

interface LaneData {
  group: FindingGroup;
  dated: Dated[];
  undated: number;
  min: number;
  max: number;
}

/** Lanes from the findings (grouped as every renderer groups them), in charts of overlapping time. */
export function buildTimelines(findings: readonly Finding[]): TimelineView[] {
  const lanes = groupFindings(findings).map(laneData);
  const byBundle = new Map<string, LaneData[]>();
  for (const lane of lanes) byBundle.set(lane.group.bundle, [...(byBundle.get(lane.group.bundle) ?? []), lane]);
  const spans = [...byBundle].map(([bundle, list]) => {
    const max = Math.max(...list.map((l) => l.max));
    const start = max - WINDOW_MS;
    // The earliest entry inside the window: the axis starts where something happened, not at an arbitrary hour.
    let min = Infinity;
    for (const lane of list) for (const { time } of lane.dated) if (time >= start && time < min) min = time;
    return { bundles: [bundle], lanes: list, min, max };
  });
  const dated = spans.filter((s) => Number.isFinite(s.min)).sort((a, b) => a.min - b.min);
  const charts: typeof spans = [];
  for (const span of dated) {
    const last = charts.at(-1);
    if (last && span.min <= last.max + MERGE_GAP_MS) {
      last.bundles.push(...span.bundles);
      last.lanes.push(...span.lanes);
      last.max = Math.max(last.max, span.max);
    } else charts.push({ ...span, bundles: [...span.bundles], lanes: [...span.lanes] });
  }
  const undatedOnly = spans.filter((s) => !Number.isFinite(s.min));
  if (undatedOnly.length > 0) {
    charts.push({ bundles: undatedOnly.flatMap((s) => s.bundles), lanes: undatedOnly.flatMap((s) => s.lanes), min: NaN, max: NaN });
  }
  return charts.map((chart) => layout(chart.bundles, chart.lanes, chart.min, chart.max));
}

function laneData(group: FindingGroup): LaneData {
  const dated: Dated[] = [];
  let undated = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const finding of group.findings) {
    for (const entry of finding.timeline) {
      const time = Date.parse(entry.time);
      if (!Number.isFinite(time)) {
        undated += 1;
        continue;
      }
      dated.push({ entry, time });
      // A loop, not Math.min(...times): a long crash loop has more entries than the call stack has room for.
      if (time < min) min = time;
      if (time > max) max = time;
    }
  }
  dated.sort((a, b) => a.time - b.time);
  return { group, dated, undated, min, max };
}

function layout(bundles: string[], all: LaneData[], min: number, max: number): TimelineView {
  const shown = all.slice(0, MAX_ROWS);
  const hasTimes = Number.isFinite(min) && Number.isFinite(max);
  const scale = (time: number) => (max === min ? 50 : round(((time - min) / (max - min)) * 100));
  const lanes = shown.map((lane): TimelineLane => {
    const { group } = lane;
    const inWindow = hasTimes ? lane.dated.filter((d) => d.time >= min) : lane.dated;
    const kept = inWindow.slice(-MAX_MARKERS_PER_ROW);
    const before = lane.dated.length - inWindow.length;
    const lastTermination = [...lane.dated].reverse().find((d) => d.entry.kind === 'terminated');
    const pods = group.instances > 1 ? ` · ${group.instances} pods` : '';
    const container = group.container === group.workloadShort ? '' : ` · ${group.container}`;
    return {
      namespace: neutralize(group.namespace),
      causes: neutralize(group.cause),
      bundle: neutralize(group.bundle),
      label: neutralize(`${group.namespace}/${group.workloadShort}${container}`),
      facts: neutralize(`${group.cause} · ${group.restarts} restart${group.restarts === 1 ? '' : 's'}${pods}${bundles.length > 1 ? ` · ${group.bundle}` : ''}`),
      last: lastTermination ? neutralize(`last: ${lastTermination.entry.label} at ${shortTime(lastTermination.entry.time)}`) : '',
      markers: kept.map(({ entry, time }) => marker(entry, scale(time))),
      entries: kept.map(({ entry }) => ({
        time: neutralize(shortTime(entry.time)),
        kind: neutralize(entry.kind),
        text: neutralize(`${entry.label}${entry.detail ? `: ${entry.detail}` : ''}`),
      })),
      entryCount: kept.length,
      cutNote:
        lane.dated.length > kept.length
          ? `${lane.dated.length - kept.length} earlier entries not drawn${before > 0 ? ` (${before} before the chart starts)` : ''}`
          : null,
    };
  });
  const ticks: TimelineView['ticks'] = !hasTimes
    ? []
    : max === min
      ? [{ x: 50, label: shortTime(new Date(min).toISOString()), anchor: 'middle', mid: false }]
      : Array.from({ length: TICKS }, (_, i) => {
          const time = min + ((max - min) * i) / (TICKS - 1);
          const iso = new Date(time).toISOString();
          return {
            x: round((i / (TICKS - 1)) * 100),
            // The ends say the date; the middle ticks the time of day.
            label: i === 0 || i === TICKS - 1 ? shortTime(iso.replace(/\.\d{3}Z$/, 'Z')) : `${iso.slice(11, 19)}Z`,
            anchor: i === 0 ? 'start' : i === TICKS - 1 ? 'end' : 'middle',
            mid: i !== 0 && i !== TICKS - 1,
          };
        });
  const span = hasTimes ? ` · ${shortTime(new Date(min).toISOString().replace(/\.\d{3}Z$/, 'Z'))} to ${shortTime(new Date(max).toISOString().replace(/\.\d{3}Z$/, 'Z'))}` : '';
  return {
    title: neutralize(`${bundles.join(', ')}${span}`),
    ticks,
    lanes,
    undated: all.reduce((sum, lane) => sum + lane.undated, 0),
    hasLanes: lanes.length > 0,
    lanesCut: all.length > shown.length ? `${all.length - shown.length} more crashing workloads not drawn` : null,
  };
}

function marker(entry: TimelineEntry, x: number): TimelineMarker {
  const detail = entry.detail ? `: ${entry.detail}` : '';
  return { x, kind: entry.kind, title: neutralize(`${shortTime(entry.time)} ${entry.label}${detail}`), d: shape(entry.kind) };
}

/** Distinct shapes, not only colours, so the chart reads in print and for colour-blind readers. Centred on (0, 12). */
function shape(kind: TimelineEntry['kind']): string {
  switch (kind) {
    case 'started':
      return 'M-5 12a5 5 0 1 0 10 0a5 5 0 1 0 -10 0z';
    case 'terminated':
      return 'M-5 7L5 17M5 7L-5 17';
    case 'event':
      return 'M0 6L5 16L-5 16z';
    case 'captured':
      return 'M0 1L0 23';
    default:
      return 'M-3 12L3 12';
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
