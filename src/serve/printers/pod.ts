/** printPod: the STATUS / READY / RESTARTS algorithm users rely on to spot CrashLoopBackOff. */
import { parseTime, since, type AgeClock } from '../duration.js';
import { arr, field, int, obj, objs, parts, str, type UntrustedObject } from '../untrusted.js';
import { col, NAME_COLUMN, AGE_COLUMN, type Cell, type Printer } from './columns.js';

function isRestartableInit(container: unknown): boolean {
  return obj(container)['restartPolicy'] === 'Always';
}

function latest(current: number | undefined, value: unknown): number | undefined {
  const time = parseTime(value);
  return time !== undefined && (current === undefined || time > current) ? time : current;
}

function conditionTrue(status: UntrustedObject, type: string): boolean {
  return objs(status['conditions']).some((c) => c['type'] === type && c['status'] === 'True');
}

export interface PodSummary {
  ready: string;
  status: string;
  restarts: number;
  /** Milliseconds since the epoch of the newest `lastState.terminated.finishedAt` counted. */
  lastRestart?: number;
}

export function summarizePod(pod: unknown): PodSummary {
  const { metadata, spec, status } = parts(pod);
  const initSpecs = objs(spec['initContainers']);
  const initByName = new Map(initSpecs.map((c) => [str(c['name']), c]));
  let restarts = 0;
  let restartableInitRestarts = 0;
  const total = arr(spec['containers']).length + initSpecs.filter(isRestartableInit).length;
  let ready = 0;
  let lastRestart: number | undefined;
  let lastRestartableInitRestart: number | undefined;

  const phase = str(status['phase']);
  let reason = str(status['reason']) || phase;
  for (const condition of objs(status['conditions'])) {
    if (condition['type'] === 'PodScheduled' && condition['reason'] === 'SchedulingGated') reason = 'SchedulingGated';
  }

  let initializing = false;
  for (const [i, container] of objs(status['initContainerStatuses']).entries()) {
    const state = obj(container['state']);
    const terminated = state['terminated'] ? obj(state['terminated']) : undefined;
    const waiting = state['waiting'] ? obj(state['waiting']) : undefined;
    const lastTerminated = obj(container['lastState'])['terminated'];
    restarts += int(container['restartCount']);
    if (lastTerminated) lastRestart = latest(lastRestart, field(lastTerminated, 'finishedAt'));
    const restartable = isRestartableInit(initByName.get(str(container['name'])));
    if (restartable) {
      restartableInitRestarts += int(container['restartCount']);
      if (lastTerminated) lastRestartableInitRestart = latest(lastRestartableInitRestart, field(lastTerminated, 'finishedAt'));
    }
    if (terminated && int(terminated['exitCode']) === 0) continue;
    if (restartable && container['started'] === true) {
      if (container['ready'] === true) ready++;
      continue;
    }
    if (terminated) {
      const why = str(terminated['reason']);
      if (why === '') {
        reason = int(terminated['signal']) !== 0 ? `Init:Signal:${int(terminated['signal'])}` : `Init:ExitCode:${int(terminated['exitCode'])}`;
      } else {
        reason = `Init:${why}`;
      }
    } else if (waiting && str(waiting['reason']) !== '' && waiting['reason'] !== 'PodInitializing') {
      reason = `Init:${str(waiting['reason'])}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(status, 'Initialized')) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    // Backwards, so that the first container's state wins, as in printPod.
    for (const container of objs(status['containerStatuses']).reverse()) {
      const state = obj(container['state']);
      const terminated = state['terminated'] ? obj(state['terminated']) : undefined;
      const waiting = state['waiting'] ? obj(state['waiting']) : undefined;
      const lastTerminated = obj(container['lastState'])['terminated'];
      restarts += int(container['restartCount']);
      if (lastTerminated) lastRestart = latest(lastRestart, field(lastTerminated, 'finishedAt'));
      if (waiting && str(waiting['reason']) !== '') {
        reason = str(waiting['reason']);
      } else if (terminated && str(terminated['reason']) !== '') {
        reason = str(terminated['reason']);
      } else if (terminated) {
        reason = int(terminated['signal']) !== 0 ? `Signal:${int(terminated['signal'])}` : `ExitCode:${int(terminated['exitCode'])}`;
      } else if (container['ready'] === true && state['running']) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = conditionTrue(status, 'Ready') ? 'Running' : 'NotReady';
  }

  if (metadata['deletionTimestamp'] && status['reason'] === 'NodeLost') {
    reason = 'Unknown';
  } else if (metadata['deletionTimestamp'] && phase !== 'Succeeded' && phase !== 'Failed') {
    reason = 'Terminating';
  }

  return { ready: `${ready}/${total}`, status: reason, restarts, lastRestart };
}

function restartsCell(summary: PodSummary, clock: AgeClock): string {
  if (summary.restarts !== 0 && summary.lastRestart !== undefined) {
    return `${summary.restarts} (${since(clock, new Date(summary.lastRestart).toISOString())} ago)`;
  }
  return String(summary.restarts);
}

export const podPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Ready', 0, 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 0, 'string', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 0, 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE_COLUMN,
    col('IP', 1, 'string', 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.'),
    col('Node', 1, 'string', 'NodeName is a request to schedule this pod onto a specific node.'),
    col('Nominated Node', 1, 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node.'),
    col('Readiness Gates', 1, 'string', 'If specified, all readiness gates will be evaluated for pod readiness.'),
  ],
  row(pod: unknown, clock: AgeClock): Cell[] {
    const summary = summarizePod(pod);
    const { metadata, spec, status } = parts(pod);
    const ip = str(field(arr(status['podIPs'])[0], 'ip')) || str(status['podIP']) || '<none>';
    const gates = objs(spec['readinessGates']);
    let readinessGates = '<none>';
    if (gates.length > 0) {
      const conditions = objs(status['conditions']);
      const trueCount = gates.filter((gate) => conditions.find((c) => c['type'] === gate['conditionType'])?.['status'] === 'True').length;
      readinessGates = `${trueCount}/${gates.length}`;
    }
    return [
      str(metadata['name']),
      summary.ready,
      summary.status,
      restartsCell(summary, clock),
      since(clock, metadata['creationTimestamp']),
      ip,
      str(spec['nodeName']) || '<none>',
      str(status['nominatedNodeName']) || '<none>',
      readinessGates,
    ];
  },
};
