/**
 * The analyzer over real troubleshoot captures (PodList/EventList files a real cluster produced; see the fixtures'
 * SOURCE.md). Built through buildSnapshot exactly as the troubleshoot reader records them: `items[i]` per file.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { buildSnapshot } from '../../src/model/build.js';
import type { KubeObject, ObjectRecord } from '../../src/model/snapshot.js';
import { assertEvidence } from './rule-tester.js';

const ROOT = new URL('../fixtures/real/troubleshoot/analyzer-fragments/', import.meta.url);

function records(path: string): ObjectRecord[] {
  const list = JSON.parse(readFileSync(new URL(path, ROOT), 'utf8')) as { items: KubeObject[] };
  return list.items.map((object, index) => ({ object, source: { file: `cluster-resources/${path}`, path: `items[${index}]` } }));
}

function fragment(name: string, withEvents: boolean) {
  return buildSnapshot({
    bundle: { path: `/fixtures/${name}`, name, format: 'troubleshoot' },
    resources: { pods: records(`pods/${name}.json`), ...(withEvents ? { events: records(`events/${name}.json`) } : {}) },
  });
}

describe('real troubleshoot fragments', () => {
  it('ContainerCannotRun exit 127 `exec: "wge"` is wrong-command-or-args', () => {
    const report = analyze([fragment('message-pod-crashloop-backoff', false)]);
    expect(report.errors).toEqual([]);
    expect(report.findings).toHaveLength(1);
    const finding = report.findings[0]!;
    expect(finding).toMatchObject({
      id: '0/message-pod-crashloop-backoff/init-demo/nginx',
      cause: 'wrong-command-or-args',
      messageId: 'not-in-path',
      containerKind: 'regular',
      confidence: 'high',
      restartCount: 4,
      data: { executable: 'wge', exitCode: 127, reason: 'ContainerCannotRun', runtime: 'docker', trouble: 'crash-looping' },
    });
    expect(finding.evidence.find((e) => e.primary)).toMatchObject({
      kind: 'field',
      file: 'cluster-resources/pods/message-pod-crashloop-backoff.json',
      path: 'items[0].status.containerStatuses[0].lastState.terminated.message',
    });
    assertEvidence(finding.evidence);
    expect(report.escalation.escalate).toBe(false);
  });

  it('the init container that blocks the pod is found, named as an init container, with its events', () => {
    const report = analyze([fragment('message-pod-init-crashloop-backoff', true)]);
    expect(report.errors).toEqual([]);
    expect(report.findings.map((f) => [f.container, f.containerKind, f.cause, f.messageId])).toEqual([['install', 'init', 'wrong-command-or-args', 'not-in-path']]);
    const finding = report.findings[0]!;
    expect(finding.data).toMatchObject({ executable: 'wge', trouble: 'init-blocking', where: 'waiting RunContainerError' });
    expect(finding.evidence).toContainEqual(expect.objectContaining({ kind: 'event', reason: 'Failed', file: 'cluster-resources/events/message-pod-init-crashloop-backoff.json' }));
    expect(finding.timeline.some((t) => t.kind === 'event' && t.label === 'BackOff')).toBe(true);
  });

  it('the OOMKilled Job pod is oom-killed, with the run time from the real timestamps', () => {
    const report = analyze([fragment('message-oomkill-pod', false)]);
    expect(report.errors).toEqual([]);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      pod: 'oom-kill-job3-gbb89',
      container: 'memory-eater',
      cause: 'oom-killed',
      workload: { kind: 'Job', name: 'oom-kill-job3' },
      data: { exitCode: 137, ranSeconds: 0, trouble: 'failed' },
    });
    expect(report.findings[0]!.evidence.find((e) => e.primary)).toMatchObject({ path: 'items[0].status.containerStatuses[0].state.terminated.reason', value: 'OOMKilled' });
  });

  it('ErrImagePull with a registry certificate error is image-pull-failure (tls)', () => {
    const report = analyze([fragment('message-image-pull-fail', true)]);
    expect(report.errors).toEqual([]);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ cause: 'image-pull-failure', messageId: 'tls', data: { image: 'noimage.com/no-such-image', registry: 'noimage.com' } });
  });
});
