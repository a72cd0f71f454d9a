/** printDeployment, printReplicaSet, printStatefulSet, printDaemonSet, printReplicationController, printJob, printCronJob. */
import { humanDuration, parseTime, since, type AgeClock } from '../duration.js';
import { formatLabelSelector, formatLabels, formatSelectorSpec } from '../label-selector.js';
import { arr, field, int, obj, objs, parts, str, type UntrustedObject } from '../untrusted.js';
import { AGE_COLUMN, NAME_COLUMN, col, containerCells, type Cell, type Printer } from './columns.js';

const CONTAINERS = col('Containers', 1, 'string', 'Names of each container in the template.');
const IMAGES = col('Images', 1, 'string', 'Images referenced by each container in the template.');
const SELECTOR = col('Selector', 1, 'string', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.');

/** A workload's parts, with the pod template's spec. */
function workloadParts(object: unknown) {
  const { metadata, spec, status } = parts(object);
  return { metadata, spec, status, podSpec: obj(field(spec, 'template', 'spec')) };
}

/** `*spec.replicas` reads 0 when unset in a raw object; the apiserver would have defaulted it to 1. */
function replicas(spec: UntrustedObject): number {
  return typeof spec['replicas'] === 'number' ? int(spec['replicas']) : 1;
}

export const deploymentPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Ready', 0, 'string', 'Number of the pod with ready state'),
    col('Up-to-date', 0, 'integer', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 0, 'integer', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    AGE_COLUMN,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  row(deployment: unknown, clock: AgeClock): Cell[] {
    const { metadata, spec, status, podSpec } = workloadParts(deployment);
    const [names, images] = containerCells(podSpec['containers']);
    return [
      str(metadata['name']),
      `${int(status['readyReplicas'])}/${replicas(spec)}`,
      int(status['updatedReplicas']),
      int(status['availableReplicas']),
      since(clock, metadata['creationTimestamp']),
      names,
      images,
      formatSelectorSpec(spec['selector']) ?? '<invalid>',
    ];
  },
};

const REPLICA_SET_COLUMNS = [
  NAME_COLUMN,
  col('Desired', 0, 'integer', 'Replicas is the number of desired replicas.'),
  col('Current', 0, 'integer', 'Replicas is the most recently observed number of replicas.'),
  col('Ready', 0, 'integer', 'The number of ready replicas for this replica set.'),
  AGE_COLUMN,
  CONTAINERS,
  IMAGES,
  SELECTOR,
];

/** ReplicaSets and ReplicationControllers print alike; only their selector differs (a LabelSelector vs a plain map). */
function replicaSetLikePrinter(formatSelector: (selector: unknown) => string): Printer {
  return {
    columns: REPLICA_SET_COLUMNS,
    row(object: unknown, clock: AgeClock): Cell[] {
      const { metadata, spec, status, podSpec } = workloadParts(object);
      const [names, images] = containerCells(podSpec['containers']);
      return [
        str(metadata['name']),
        replicas(spec),
        int(status['replicas']),
        int(status['readyReplicas']),
        since(clock, metadata['creationTimestamp']),
        names,
        images,
        formatSelector(spec['selector']),
      ];
    },
  };
}

export const replicaSetPrinter: Printer = replicaSetLikePrinter(formatLabelSelector);
export const replicationControllerPrinter: Printer = replicaSetLikePrinter(formatLabels);

export const statefulSetPrinter: Printer = {
  columns: [NAME_COLUMN, col('Ready', 0, 'string', 'Number of the pod with ready state'), AGE_COLUMN, CONTAINERS, IMAGES],
  row(statefulSet: unknown, clock: AgeClock): Cell[] {
    const { metadata, spec, status, podSpec } = workloadParts(statefulSet);
    const [names, images] = containerCells(podSpec['containers']);
    return [str(metadata['name']), `${int(status['readyReplicas'])}/${replicas(spec)}`, since(clock, metadata['creationTimestamp']), names, images];
  },
};

export const daemonSetPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Desired', 0, 'integer', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).'),
    col('Current', 0, 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
    col('Ready', 0, 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.'),
    col('Up-to-date', 0, 'integer', 'The total number of nodes that are running updated daemon pod'),
    col('Available', 0, 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
    col('Node Selector', 0, 'string', 'NodeSelector is a selector which must be true for the pod to fit on a node.'),
    AGE_COLUMN,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  row(daemonSet: unknown, clock: AgeClock): Cell[] {
    const { metadata, spec, status, podSpec } = workloadParts(daemonSet);
    const [names, images] = containerCells(podSpec['containers']);
    return [
      str(metadata['name']),
      int(status['desiredNumberScheduled']),
      int(status['currentNumberScheduled']),
      int(status['numberReady']),
      int(status['updatedNumberScheduled']),
      int(status['numberAvailable']),
      formatLabels(podSpec['nodeSelector']),
      since(clock, metadata['creationTimestamp']),
      names,
      images,
      formatLabelSelector(spec['selector']),
    ];
  },
};

function hasCondition(status: UntrustedObject, type: string): boolean {
  return objs(status['conditions']).some((c) => c['type'] === type && c['status'] === 'True');
}

export const jobPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Status', 0, 'string', 'Status of the job.'),
    col('Completions', 0, 'string', 'The completion status of the job.'),
    col('Duration', 0, 'string', 'Time required to complete the job.'),
    AGE_COLUMN,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  row(job: unknown, clock: AgeClock): Cell[] {
    const { metadata, spec, status, podSpec } = workloadParts(job);
    const succeeded = int(status['succeeded']);
    let completions: string;
    if (typeof spec['completions'] === 'number') completions = `${succeeded}/${int(spec['completions'])}`;
    else if (int(spec['parallelism']) > 1) completions = `${succeeded}/1 of ${int(spec['parallelism'])}`;
    else completions = `${succeeded}/1`;
    const start = parseTime(status['startTime']);
    const end = parseTime(status['completionTime']);
    const duration = start === undefined ? '' : humanDuration((end ?? clock.now) - start);
    let state = 'Running';
    if (hasCondition(status, 'Complete')) state = 'Complete';
    else if (hasCondition(status, 'Failed')) state = 'Failed';
    else if (metadata['deletionTimestamp']) state = 'Terminating';
    else if (hasCondition(status, 'Suspended')) state = 'Suspended';
    else if (hasCondition(status, 'FailureTarget')) state = 'FailureTarget';
    const [names, images] = containerCells(podSpec['containers']);
    return [str(metadata['name']), state, completions, duration, since(clock, metadata['creationTimestamp']), names, images, formatLabelSelector(spec['selector'])];
  },
};

export const cronJobPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Schedule', 0, 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    col('Timezone', 0, 'string', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
    col('Suspend', 0, 'boolean', 'This flag tells the controller to suspend subsequent executions.'),
    col('Active', 0, 'integer', 'A list of pointers to currently running jobs.'),
    col('Last Schedule', 0, 'string', 'Information when was the last time the job was successfully scheduled.'),
    AGE_COLUMN,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  row(cronJob: unknown, clock: AgeClock): Cell[] {
    const { metadata, spec, status } = parts(cronJob);
    const jobSpec = obj(field(spec, 'jobTemplate', 'spec'));
    const [names, images] = containerCells(field(jobSpec, 'template', 'spec', 'containers'));
    const suspend = typeof spec['suspend'] === 'boolean' ? (spec['suspend'] ? 'True' : 'False') : '<unset>';
    return [
      str(metadata['name']),
      str(spec['schedule']),
      str(spec['timeZone']) || '<none>',
      suspend,
      arr(status['active']).length,
      status['lastScheduleTime'] ? since(clock, status['lastScheduleTime']) : '<none>',
      since(clock, metadata['creationTimestamp']),
      names,
      images,
      formatLabelSelector(jobSpec['selector']),
    ];
  },
};
