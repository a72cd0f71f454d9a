/** Which instance a log belongs to: the kubelet's answers (serve) and the dead instance's log (the analysis). */
import { describe, expect, it } from 'vitest';
import { deadInstanceLog, kubeletLogChoice } from '../../src/model/container-logs.js';
import type { ContainerView, LogWindow } from '../../src/model/snapshot.js';

const id = 'containerd://4f1c';
const window = (file: string, lines = 1): LogWindow => ({
  source: { file },
  lines: Array.from({ length: lines }, (_, i) => ({ number: i + 1, text: `line ${i + 1}` })),
  totalLines: lines,
  totalBytes: lines * 7,
  complete: true,
  timestamped: false,
});

describe('kubeletLogChoice (validateContainerLogStatus)', () => {
  const cases: Array<[string, unknown, boolean, ReturnType<typeof kubeletLogChoice>]> = [
    ['running: its own log', { state: { running: {} } }, false, { log: 'current' }],
    ['crash-looping: the current log is the last terminated instance', { state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { containerID: id } } }, false, { log: 'previous' }],
    ['terminated with an id: its own log', { state: { terminated: { containerID: id } } }, false, { log: 'current' }],
    ['--previous without a terminated instance', { state: { running: {} } }, true, { error: 'previous terminated container "app" in pod "api-1" not found' }],
    ['image pull back-off', { state: { waiting: { reason: 'ImagePullBackOff' } } }, false, { error: 'container "app" in pod "api-1" is waiting to start: trying and failing to pull image' }],
    ['no status at all', undefined, false, { error: 'container "app" in pod "api-1" is not available' }],
    ['a status of the wrong type', 'garbage', false, { error: 'container "app" in pod "api-1" is waiting to start - no logs yet' }],
  ];
  it.each(cases)('%s', (_name, status, previous, expected) => {
    expect(kubeletLogChoice(status, 'api-1', 'app', previous)).toEqual(expected);
  });
});

describe('deadInstanceLog', () => {
  const container = (state: ContainerView['state'], logs: ContainerView['logs'], restartCount = 1): ContainerView => ({
    name: 'app', kind: 'regular', spec: { name: 'app' }, specPath: 'spec.containers[0]', restartCount, state, logs, events: [],
  });
  const previous = window('app-previous.log');
  const current = window('app.log');

  it('prefers the previous log, when it kept lines', () => {
    expect(deadInstanceLog(container({ running: {} }, { previous, current, errors: [] }), 'collected', false)).toEqual({ window: previous, which: 'previous' });
    expect(deadInstanceLog(container({ waiting: {} }, { previous: window('p.log', 0), current, errors: [] }), 'collected', false)).toEqual({ window: current, which: 'current' });
  });

  it("takes a not-running container's current log: the kubelet served the terminated instance's", () => {
    expect(deadInstanceLog(container({ waiting: { reason: 'CrashLoopBackOff' } }, { current, errors: [] }), 'collected', false)?.which).toBe('current');
  });

  it("takes a running container's current log only between crashes, or where the layout keeps no previous logs", () => {
    const running = container({ running: {} }, { current, errors: [] });
    expect(deadInstanceLog(running, 'collected', false)).toBeUndefined();
    expect(deadInstanceLog(running, 'collected', true)?.which).toBe('current');
    expect(deadInstanceLog(running, 'never', false)?.which).toBe('current');
    expect(deadInstanceLog(container({ running: {} }, { current, errors: [] }, 0), 'never', true)).toBeUndefined();
  });
});
