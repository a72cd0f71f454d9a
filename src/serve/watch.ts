/**
 * Watches on a snapshot: nothing ever changes, so a watch sends what a real apiserver would send for an unchanging
 * cluster and then waits until its timeout. From the list's resourceVersion (`kubectl get -w`, informers such as
 * k9s's) that is nothing at all; from "0" or no version, an ADDED event per object; with `sendInitialEvents=true`
 * (the WatchList protocol) the ADDED events and then the BOOKMARK that marks their end. The wait ends at the
 * client's `timeoutSeconds` or just before its `timeout`, at most {@link MAX_WATCH_SECONDS}, and the response then
 * ends cleanly.
 */
import { Readable } from 'node:stream';
import { parseDuration } from './duration.js';
import { badRequest } from './status.js';

/** The apiserver's default upper bound for a watch (`--min-request-timeout` 1800 s). */
const MAX_WATCH_SECONDS = 1800;

export function isWatch(params: URLSearchParams): boolean {
  const watch = params.get('watch');
  return watch === 'true' || watch === '1';
}

/** How long the watch stays open, from `timeoutSeconds` and `timeout` (kubectl's `--request-timeout`). */
export function watchSeconds(params: URLSearchParams, maxSeconds = MAX_WATCH_SECONDS): number {
  let seconds = maxSeconds;
  const timeoutSeconds = params.get('timeoutSeconds');
  if (timeoutSeconds !== null && timeoutSeconds !== '') {
    if (!/^\d{1,10}$/.test(timeoutSeconds)) throw badRequest(`invalid value for timeoutSeconds: ${JSON.stringify(timeoutSeconds.slice(0, 64))}`);
    if (Number(timeoutSeconds) > 0) seconds = Math.min(seconds, Number(timeoutSeconds));
  }
  const timeout = params.get('timeout');
  if (timeout !== null && timeout !== '') {
    const ms = parseDuration(timeout);
    if (ms === undefined) throw badRequest(`invalid value for timeout: ${JSON.stringify(timeout.slice(0, 64))}`);
    // kubectl's `--request-timeout` is also its own HTTP deadline: ending exactly then races it, and client-go
    // retries a timed-out watch ten times. Ending a little earlier gives kubectl a clean end of the watch instead.
    if (ms > 0) seconds = Math.min(seconds, (ms - Math.min(500, ms / 4)) / 1000);
  }
  return seconds;
}

export interface WatchPlan {
  /** Objects (already shaped for the client: plain or as one-row Tables) sent as ADDED events first. */
  initial: unknown[];
  /** Sent after the initial events when the client asked for `sendInitialEvents`. */
  bookmark?: unknown;
  seconds: number;
}

/** Whether the initial state is sent: a watch from "0" or from no version, or the WatchList protocol. */
export function sendsInitialState(params: URLSearchParams): boolean {
  const version = params.get('resourceVersion');
  return params.get('sendInitialEvents') === 'true' || version === null || version === '' || version === '0';
}

/** The event stream: one JSON object per line, then silence until the deadline, then a clean end. */
export function watchStream(plan: WatchPlan): Readable {
  const lines = [...plan.initial.map((object) => ({ type: 'ADDED', object })), ...(plan.bookmark ? [{ type: 'BOOKMARK', object: plan.bookmark }] : [])].map(
    (event) => `${JSON.stringify(event)}\n`,
  );
  const stream = new Readable({
    read() {},
    // Runs only once the stream is returned, by then `timer` is set.
    destroy(error, callback) {
      clearTimeout(timer);
      callback(error);
    },
  });
  for (const line of lines) stream.push(line);
  const timer = setTimeout(() => stream.push(null), plan.seconds * 1000);
  return stream;
}
