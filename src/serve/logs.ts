/**
 * `GET /api/v1/namespaces/{ns}/pods/{name}/log`: the apiserver's container choice (`LogLocation`), the kubelet's
 * answers for containers without a log (`validateContainerLogStatus`, surfaced as 400 BadRequest with the exact
 * text users know), then the captured log streamed from the bundle through the query's filters.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { kubeletLogChoice } from '../model/container-logs.js';
import type { ContainerLogs, LogCollection, LogWindow, Snapshot } from '../model/snapshot.js';
import { parseTime } from './duration.js';
import { ByteLimit, LineFilter, PrefixLines, SkipLines, TailCollector } from './log-text.js';
import type { LogFiles } from './log-files.js';
import { arr, obj, str } from './untrusted.js';
import { badRequest } from './status.js';

export interface LogQuery {
  container: string;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  limitBytes?: number;
  sinceSeconds?: number;
  sinceTime?: string;
}

function nonNegativeInteger(params: URLSearchParams, name: string, minimum: number): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d{1,15}$/.test(raw)) throw badRequest(`invalid value for ${name}: ${JSON.stringify(raw.slice(0, 64))}`);
  const value = Number(raw);
  if (value < minimum) throw badRequest(`${name}: Invalid value: ${value}: must be greater than ${minimum === 1 ? '0' : 'or equal to 0'}`);
  return value;
}

function flag(params: URLSearchParams, name: string): boolean {
  const value = params.get(name);
  return value === 'true' || value === '1';
}

export function parseLogQuery(params: URLSearchParams): LogQuery {
  const sinceTime = params.get('sinceTime') ?? undefined;
  if (sinceTime !== undefined && parseTime(sinceTime) === undefined) throw badRequest(`invalid value for sinceTime: ${JSON.stringify(sinceTime.slice(0, 64))}`);
  return {
    container: params.get('container') ?? '',
    previous: flag(params, 'previous'),
    timestamps: flag(params, 'timestamps'),
    tailLines: nonNegativeInteger(params, 'tailLines', 0),
    limitBytes: nonNegativeInteger(params, 'limitBytes', 1),
    sinceSeconds: nonNegativeInteger(params, 'sinceSeconds', 1),
    sinceTime,
  };
}

/** Every container of the pod in VisitContainers order: init, regular, ephemeral. */
function containerNames(pod: unknown): string[] {
  const spec = obj(obj(pod)['spec']);
  return ['initContainers', 'containers', 'ephemeralContainers'].flatMap((field) => arr(spec[field]).map((c) => str(obj(c)['name'])));
}

/** pkg/registry/core/pod/strategy.go validateContainer. */
export function chooseContainer(pod: unknown, requested: string): string {
  const name = str(obj(obj(pod)['metadata'])['name']);
  if (requested === '') {
    const regular = arr(obj(obj(pod)['spec'])['containers']);
    if (regular.length === 1) return str(obj(regular[0])['name']);
    if (regular.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
    throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containerNames(pod).join(' ')}]`);
  }
  if (!containerNames(pod).includes(requested)) throw badRequest(`container ${requested} is not valid for pod ${name}`);
  return requested;
}

/** The status of a container, init container or ephemeral container by name. */
function containerStatus(pod: unknown, container: string): Record<string, unknown> | undefined {
  const status = obj(obj(pod)['status']);
  return ['containerStatuses', 'initContainerStatuses', 'ephemeralContainerStatuses']
    .flatMap((field) => arr(status[field]).map(obj))
    .find((s) => s['name'] === container);
}

/** The captured log to serve, or a 400 StatusError with the message a real cluster would give. */
export function selectLogWindow(pod: unknown, container: string, previous: boolean, logs: ContainerLogs | undefined): LogWindow {
  const captured = previous ? logs?.previous : logs?.current;
  if (captured) return captured;
  const podName = str(obj(obj(pod)['metadata'])['name']);
  const choice = kubeletLogChoice(containerStatus(pod, container), podName, container, previous);
  if ('error' in choice) throw badRequest(choice.error);
  // A crash-looping container's "current" log is its last terminated instance's log, as the kubelet serves it.
  if (choice.log === 'previous' && logs?.previous) return logs.previous;
  const why = logs?.errors[0] ? `: the collector recorded: ${logs.errors[0]}` : '';
  throw badRequest(`podmortem: the bundle holds no ${previous ? 'previous ' : ''}log for container "${container}" in pod "${podName}"${why}`);
}

export function indexContainerLogs(snapshot: Snapshot): Map<string, ContainerLogs> {
  const index = new Map<string, ContainerLogs>();
  for (const pod of snapshot.pods) {
    for (const container of pod.containers) index.set(`${pod.namespace}/${pod.name}/${container.name}`, container.logs);
  }
  return index;
}

/** Past this many bytes of kept tail lines, `tailLines` streams a second pass instead of holding more. */
const TAIL_MEMORY_BYTES = 8 * 1024 * 1024;

/** Whether each line of this log begins with the container runtime's timestamp (see LogCollection). */
export function hasRuntimeTimestamps(logs: LogCollection, window: LogWindow): boolean {
  return logs.runtimeTimestamps && window.timestamped;
}

/**
 * `--since` needs the runtime's time of each line. Where the bundle did not record it, the honest answer is the
 * apiserver's kind of refusal with the reason, not a log that silently ignores the option (or silently drops all).
 */
export function checkTimeOptions(query: LogQuery, runtimeTimestamps: boolean): void {
  if (runtimeTimestamps || (query.sinceSeconds === undefined && query.sinceTime === undefined)) return;
  throw badRequest(
    "podmortem: this bundle saved the log without the container runtime's timestamps, so --since/--since-time cannot be applied; ask without it for the whole saved log",
  );
}

/**
 * What `timestamps=true` prefixes to each line of a log whose times were not recorded: the apiserver's kind of answer
 * (k9s always asks for timestamps and cuts the first word of each line off as the time), with the one time known for
 * the whole log: the start of the container instance that wrote it, else the capture time. Kubelet format, fixed
 * nine fractional digits.
 */
export function assumedLineTime(pod: unknown, container: string, previous: boolean, capturedAt: string | undefined): string | undefined {
  const state = obj(containerStatus(pod, container)?.[previous ? 'lastState' : 'state']);
  const startedAt = str(obj(state['running'])['startedAt']) || str(obj(state['terminated'])['startedAt']);
  const time = parseTime(startedAt || capturedAt);
  return time === undefined ? undefined : new Date(time).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

/**
 * Streams the window's log with the query applied. `runtimeTimestamps`: see {@link hasRuntimeTimestamps}; only
 * those are stripped (unless `timestamps=true`) and filtered by `since`; otherwise `timestamps=true` prefixes
 * `lineTime` (see {@link assumedLineTime}). `nowMs` anchors `sinceSeconds` (the same
 * clock as AGE). Resolves once the first bytes can flow; errors after that destroy the returned stream.
 */
export async function streamLog(
  files: LogFiles,
  window: LogWindow,
  query: LogQuery,
  nowMs: number,
  runtimeTimestamps: boolean,
  lineTime?: string,
): Promise<Readable> {
  const sinceMs = !runtimeTimestamps
    ? undefined
    : query.sinceTime !== undefined
      ? parseTime(query.sinceTime)
      : query.sinceSeconds !== undefined
        ? nowMs - query.sinceSeconds * 1000
        : undefined;
  const filtered = async (): Promise<Readable> => {
    const source = await files.open(window.source.file);
    const filter = new LineFilter({
      firstLine: window.source.firstLine,
      lastLine: window.source.lastLine,
      stripTimestamps: runtimeTimestamps && !query.timestamps,
      sinceMs,
      onRangeEnd: () => {
        // The container's section of a combined file is over: stop reading the rest of it.
        source.unpipe(filter);
        filter.end();
        source.destroy();
      },
    });
    const ranged = chain(source, filter);
    // Before tail and limitBytes, as the kubelet adds its timestamps before applying them.
    return query.timestamps && !runtimeTimestamps && lineTime ? chain(ranged, new PrefixLines(`${lineTime} `)) : ranged;
  };

  let body: Readable;
  if (query.tailLines !== undefined) {
    const collector = new TailCollector(query.tailLines, TAIL_MEMORY_BYTES);
    await pipeline(await filtered(), collector);
    if (!collector.overflowed) {
      body = Readable.from([collector.tail()], { objectMode: false });
    } else {
      const skip = new SkipLines(Math.max(0, collector.lines - query.tailLines));
      body = chain(await filtered(), skip);
    }
  } else {
    body = await filtered();
  }
  if (query.limitBytes !== undefined) {
    const upstream = body;
    const limit = new ByteLimit(query.limitBytes, () => {
      upstream.unpipe(limit);
      limit.end();
      upstream.destroy();
    });
    body = chain(upstream, limit);
  }
  return body;
}

/** Pipes `from` into `to`, passes `from`'s errors on, and stops reading `from` once `to` is closed or destroyed. */
function chain<T extends NodeJS.WritableStream & Readable>(from: Readable, to: T): T {
  from.on('error', (error) => to.destroy(error));
  to.on('close', () => {
    if (!from.destroyed) from.destroy();
  });
  return from.pipe(to);
}
