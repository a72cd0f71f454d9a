/** The printers' algorithms as tables: pod STATUS/READY/RESTARTS (printPod) and apimachinery's HumanDuration. */
import { describe, expect, test } from 'vitest';
import { humanDuration } from '../../src/serve/duration.js';
import { podPrinter, summarizePod } from '../../src/serve/printers/pod.js';
import { eventPrinter, nodePrinter } from '../../src/serve/printers/node.js';
import { jobPrinter } from '../../src/serve/printers/workloads.js';
import { servicePrinter, endpointsPrinter } from '../../src/serve/printers/core.js';
import { crdPrinterColumns, customResourcePrinter } from '../../src/serve/printers/custom.js';
import { RESOURCE_TYPES } from '../../src/serve/resources.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const clock = { now: NOW };

const running = (name: string, ready = true) => ({ name, ready, restartCount: 0, state: { running: { startedAt: '2024-05-01T10:00:00Z' } } });
const pod = (status: Record<string, unknown>, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) => ({
  metadata: { name: 'p', ...metadata },
  spec: { containers: [{ name: 'a' }], ...spec },
  status,
});

describe('printPod STATUS / READY / RESTARTS', () => {
  const cases: Array<[string, any, { status: string; ready: string; restarts: number }]> = [
    ['a running ready pod', pod({ phase: 'Running', containerStatuses: [running('a')] }), { status: 'Running', ready: '1/1', restarts: 0 }],
    [
      'a waiting reason wins over the phase (CrashLoopBackOff)',
      pod({ phase: 'Running', containerStatuses: [{ name: 'a', restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }),
      { status: 'CrashLoopBackOff', ready: '0/1', restarts: 4 },
    ],
    [
      'the first container wins because the loop runs backwards',
      pod(
        { phase: 'Running', containerStatuses: [{ name: 'a', state: { terminated: { reason: 'OOMKilled', exitCode: 137 } } }, { name: 'b', state: { waiting: { reason: 'CrashLoopBackOff' } } }] },
        { containers: [{ name: 'a' }, { name: 'b' }] },
      ),
      { status: 'OOMKilled', ready: '0/2', restarts: 0 },
    ],
    ['terminated without a reason shows the exit code', pod({ phase: 'Running', containerStatuses: [{ name: 'a', state: { terminated: { exitCode: 3 } } }] }), { status: 'ExitCode:3', ready: '0/1', restarts: 0 }],
    ['terminated by a signal shows it', pod({ phase: 'Running', containerStatuses: [{ name: 'a', state: { terminated: { exitCode: 0, signal: 9 } } }] }), { status: 'Signal:9', ready: '0/1', restarts: 0 }],
    [
      'Completed with another container running is Running when the pod is Ready',
      pod(
        { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'a', state: { terminated: { reason: 'Completed', exitCode: 0 } } }, running('b')] },
        { containers: [{ name: 'a' }, { name: 'b' }] },
      ),
      { status: 'Running', ready: '1/2', restarts: 0 },
    ],
    [
      '... and NotReady when it is not',
      pod(
        { phase: 'Running', containerStatuses: [{ name: 'a', state: { terminated: { reason: 'Completed', exitCode: 0 } } }, running('b')] },
        { containers: [{ name: 'a' }, { name: 'b' }] },
      ),
      { status: 'NotReady', ready: '1/2', restarts: 0 },
    ],
    [
      'a failing init container shows Init:<reason>',
      pod({ phase: 'Pending', initContainerStatuses: [{ name: 'i', restartCount: 2, state: { terminated: { reason: 'Error', exitCode: 1 } } }] }, { initContainers: [{ name: 'i' }] }),
      { status: 'Init:Error', ready: '0/1', restarts: 2 },
    ],
    [
      'an init container without a reason shows Init:ExitCode',
      pod({ phase: 'Pending', initContainerStatuses: [{ name: 'i', state: { terminated: { exitCode: 2 } } }] }, { initContainers: [{ name: 'i' }] }),
      { status: 'Init:ExitCode:2', ready: '0/1', restarts: 0 },
    ],
    [
      'a pending init container shows Init:i/n',
      pod(
        { phase: 'Pending', initContainerStatuses: [{ name: 'i', state: { terminated: { exitCode: 0 } } }, { name: 'j', state: { waiting: { reason: 'PodInitializing' } } }] },
        { initContainers: [{ name: 'i' }, { name: 'j' }] },
      ),
      { status: 'Init:1/2', ready: '0/1', restarts: 0 },
    ],
    [
      'a started sidecar counts as a container and does not block',
      pod(
        { phase: 'Running', initContainerStatuses: [{ name: 's', started: true, ready: true, restartCount: 1, state: { running: {} } }], containerStatuses: [running('a')] },
        { initContainers: [{ name: 's', restartPolicy: 'Always' }] },
      ),
      { status: 'Running', ready: '2/2', restarts: 1 },
    ],
    ['status.reason overrides the phase (Evicted)', pod({ phase: 'Failed', reason: 'Evicted' }), { status: 'Evicted', ready: '0/1', restarts: 0 }],
    ['SchedulingGated from the PodScheduled condition', pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }), { status: 'SchedulingGated', ready: '0/1', restarts: 0 }],
    ['a deleted running pod is Terminating', pod({ phase: 'Running', containerStatuses: [running('a')] }, {}, { deletionTimestamp: '2024-05-01T11:59:00Z' }), { status: 'Terminating', ready: '1/1', restarts: 0 }],
    ['a deleted pod on a lost node is Unknown', pod({ phase: 'Running', reason: 'NodeLost' }, {}, { deletionTimestamp: '2024-05-01T11:59:00Z' }), { status: 'Unknown', ready: '0/1', restarts: 0 }],
    ['a deleted Succeeded pod keeps its phase', pod({ phase: 'Succeeded' }, {}, { deletionTimestamp: '2024-05-01T11:59:00Z' }), { status: 'Succeeded', ready: '0/1', restarts: 0 }],
  ];
  test.each(cases)('%s', (_name, input, expected) => {
    const summary = summarizePod(input);
    expect({ status: summary.status, ready: summary.ready, restarts: summary.restarts }).toEqual(expected);
  });

  test('RESTARTS carries the age of the latest restart; IP falls back to status.podIP', () => {
    const row = podPrinter.row(
      pod({
        phase: 'Running',
        podIP: '10.0.0.1',
        containerStatuses: [
          { name: 'a', restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { finishedAt: '2024-05-01T11:55:00Z' } } },
        ],
      }, {}, { creationTimestamp: '2024-05-01T11:00:00Z' }),
      clock,
    );
    expect(row).toEqual(['p', '0/1', 'CrashLoopBackOff', '3 (5m ago)', '60m', '10.0.0.1', '<none>', '<none>', '<none>']);
  });
});

describe('HumanDuration', () => {
  const s = 1000;
  const m = 60 * s;
  const h = 60 * m;
  const d = 24 * h;
  test.each([
    [-2 * s, '<invalid>'],
    [-1 * s, '0s'],
    [0, '0s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [6 * m + 30 * s, '6m30s'],
    [10 * m + 5 * s, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [3 * h + 20 * m, '3h20m'],
    [8 * h + 5 * m, '8h'],
    [47 * h, '47h'],
    [2 * d, '2d'],
    [2 * d + 2 * h, '2d2h'],
    [8 * d + 5 * h, '8d'],
    [729 * d, '729d'],
    [730 * d, '2y'],
    [800 * d, '2y70d'],
    [8 * 365 * d, '8y'],
  ])('%i ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('other printers', () => {
  test('node: NotReady from a non-True Ready condition, Unknown without one, roles from both label forms', () => {
    const node = (conditions: unknown[], labels: Record<string, string>, unschedulable = false) => ({
      metadata: { name: 'n', labels, creationTimestamp: '2024-05-01T00:00:00Z' },
      spec: { unschedulable },
      status: { conditions, nodeInfo: {} },
    });
    expect(nodePrinter.row(node([{ type: 'Ready', status: 'False' }], { 'node-role.kubernetes.io/worker': '', 'kubernetes.io/role': 'infra' }, true), clock).slice(0, 5)).toEqual([
      'n',
      'NotReady,SchedulingDisabled',
      'infra,worker',
      '12h',
      '',
    ]);
    expect(nodePrinter.row(node([], {}), clock).slice(1, 3)).toEqual(['Unknown', '<none>']);
    expect(nodePrinter.row(node([], {}), clock).slice(5)).toEqual(['<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']);
  });

  test('event: series overrides last seen and count; singleton events count 1; source joins component and host', () => {
    const row = eventPrinter.row(
      {
        metadata: { name: 'e' },
        involvedObject: { kind: 'Pod', name: 'p', fieldPath: 'spec.containers{a}' },
        reason: 'BackOff',
        type: 'Warning',
        message: '  Back-off  \n',
        eventTime: '2024-05-01T11:00:00.000000Z',
        series: { count: 7, lastObservedTime: '2024-05-01T11:58:00.000000Z' },
        reportingController: 'kubelet',
        reportingInstance: 'node-1',
      },
      clock,
    );
    expect(row).toEqual(['2m', 'Warning', 'BackOff', 'pod/p', 'spec.containers{a}', 'kubelet, node-1', 'Back-off', '60m', 7, 'e']);
    const single = eventPrinter.row({ metadata: { name: 'x' }, involvedObject: { kind: 'Node' }, firstTimestamp: '2024-05-01T11:59:00Z' }, clock);
    expect(single[0]).toBe('60s');
    expect(single[3]).toBe('node');
    expect(single[8]).toBe(1);
  });

  test('job: Failed outranks Suspended; completions and duration against the clock', () => {
    const row = jobPrinter.row(
      {
        metadata: { name: 'j', creationTimestamp: '2024-05-01T11:00:00Z' },
        spec: { parallelism: 3 },
        status: { succeeded: 1, startTime: '2024-05-01T11:00:00Z', conditions: [{ type: 'Suspended', status: 'True' }, { type: 'Failed', status: 'True' }] },
      },
      clock,
    );
    expect(row.slice(0, 5)).toEqual(['j', 'Failed', '1/1 of 3', '60m', '60m']);
  });

  test('service external IP by type, and endpoints "+ N more"', () => {
    const svc = (spec: Record<string, unknown>) => servicePrinter.row({ metadata: { name: 's' }, spec }, clock);
    expect(svc({ type: 'LoadBalancer', clusterIP: '10.0.0.1', ports: [{ port: 443 }] }).slice(1, 5)).toEqual(['LoadBalancer', '10.0.0.1', '<pending>', '443/TCP']);
    expect(svc({ type: 'ExternalName', externalName: 'db.example.com' })[3]).toBe('db.example.com');
    expect(svc({ type: 'ClusterIP', clusterIP: 'None' }).slice(2, 5)).toEqual(['None', '<none>', '<none>']);
    const addresses = [1, 2, 3, 4, 5].map((i) => ({ ip: `10.0.0.${i}` }));
    expect(endpointsPrinter.row({ metadata: { name: 'e' }, subsets: [{ addresses, ports: [{ port: 80 }] }] }, clock)[1]).toBe('10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...');
  });
});

describe('malformed objects (bundles are untrusted)', () => {
  // Every field printers read, with a value of the wrong type: JSON can hold anything where a schema says string.
  const WRONG: unknown[] = [null, 7, true, 'text', [], ['a', null], {}, { nested: { deeper: 1 } }];
  const malformed = WRONG.flatMap((wrong) => [
    { metadata: { name: 'm', creationTimestamp: wrong, labels: wrong, annotations: wrong, deletionTimestamp: wrong }, spec: wrong, status: wrong },
    {
      metadata: { name: 'm' },
      spec: { containers: [wrong], selector: wrong, ports: [wrong, { port: wrong }], template: { spec: { containers: wrong } }, rules: [wrong] },
      status: { conditions: [wrong, { type: wrong }], containerStatuses: [wrong, { state: wrong, lastState: { terminated: wrong } }], podIPs: wrong, loadBalancer: { ingress: [wrong] } },
      subsets: [wrong, { addresses: [wrong], ports: wrong }],
      subjects: wrong,
      involvedObject: wrong,
      series: wrong,
    },
  ]);

  test('every built-in printer gives a full row of plain cells, never `undefined` or a throw', () => {
    for (const type of RESOURCE_TYPES) {
      for (const object of malformed) {
        const row = type.printer.row(object, clock);
        expect(row, `${type.name}: ${JSON.stringify(object)}`).toHaveLength(type.printer.columns.length);
        for (const cell of row) {
          expect(['string', 'number', 'boolean'], `${type.name}: ${JSON.stringify(object)}`).toContain(typeof cell);
          expect(String(cell), `${type.name}: ${JSON.stringify(object)}`).not.toMatch(/undefined|NaN/);
        }
      }
    }
  });

  test('a pod whose statuses are garbage still reads as its phase; a list where a name belongs keeps its text', () => {
    expect(summarizePod(pod({ phase: 'Running', containerStatuses: [null, 'x', { state: [] }] }))).toEqual({ ready: '0/1', status: 'Running', restarts: 0, lastRestart: undefined });
    expect(podPrinter.row({ metadata: { name: ['a', 'b'] }, spec: 'nope', status: 5 }, clock).slice(0, 3)).toEqual(['a,b', '0/0', '']);
    // null is an absent field: an empty cell, or the column's own placeholder.
    const nulls = podPrinter.row({ metadata: { name: null }, spec: { nodeName: null }, status: { phase: null, podIP: null } }, clock);
    expect([nulls[0], nulls[2], nulls[5], nulls[6]]).toEqual(['', '', '<none>', '<none>']);
  });

  test('CRD columns: a JSONPath over wrong types gives an empty cell; filters compare the text of scalars', () => {
    const crd = {
      spec: {
        versions: [
          {
            name: 'v1',
            additionalPrinterColumns: [
              { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
              { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
              { name: 'Null', type: 'string', jsonPath: '.status.items[?(@.v=="null")].name' },
            ],
          },
        ],
      },
    };
    const printer = customResourcePrinter(crdPrinterColumns(crd, 'v1'));
    const row = (object: unknown) => printer.row(object, clock);
    expect(row({ metadata: { name: 'w' }, spec: { replicas: 3 }, status: { conditions: [{ type: 'Ready', status: 'True' }], items: [{ v: null, name: 'n' }] } })).toEqual(['w', 'True', 3, 'n']);
    expect(row({ metadata: { name: 'w' }, spec: 'x', status: { conditions: 'x', items: [{ v: 'other', name: 'n' }] } })).toEqual(['w', '', '', '']);
  });
});
