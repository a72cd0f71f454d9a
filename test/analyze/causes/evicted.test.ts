import { expect } from 'vitest';
import rule from '../../../src/analyze/causes/evicted.js';
import { container, event, node, pod, running, snapshot } from '../fixtures.js';
import { testCause } from '../rule-tester.js';

const evictedPod = (message: string) =>
  pod({
    name: 'api-1',
    deployment: 'api',
    phase: 'Failed',
    reason: 'Evicted',
    message,
    containers: [container('api', { restartCount: 0, state: { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated' } } })],
  });

const pressured = node({
  name: 'node-1',
  conditions: [
    { type: 'MemoryPressure', status: 'True', reason: 'KubeletHasInsufficientMemory', message: 'kubelet has insufficient memory available' },
    { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
  ],
});

const NEW_TEXT = 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 87632Ki. Container api was using 1234Ki, request is 0, has larger consumption of memory. ';
const OLD_TEXT = 'The node was low on resource: memory. Container api was using 1468880Ki, which exceeds its request of 0. ';

testCause(rule, {
  fires: [
    {
      name: 'memory pressure, current kubelet wording',
      snapshot: snapshot({ nodes: [pressured], pods: [evictedPod(NEW_TEXT)], events: [event({ pod: 'api-1', reason: 'Evicted', message: NEW_TEXT })] }),
      messageId: 'node-pressure',
      data: { resource: 'memory', threshold: '100Mi', available: '87632Ki', usages: [{ container: 'api', usage: '1234Ki', request: '0', usageBytes: 1234 * 1024 }] },
      confidence: 'high',
      verify: (match) => {
        expect(match.evidence.primary).toMatchObject({ kind: 'field', path: 'items[0].status.message' });
        expect(match.evidence.supporting).toContainEqual(expect.objectContaining({ label: 'node MemoryPressure' }));
      },
    },
    { name: 'memory pressure, older kubelet wording', snapshot: snapshot({ pods: [evictedPod(OLD_TEXT)] }), messageId: 'node-pressure', data: { usages: [{ container: 'api', usage: '1468880Ki', request: '0' }] } },
    { name: 'disk pressure condition', snapshot: snapshot({ pods: [evictedPod('The node had condition: [DiskPressure]. ')] }), messageId: 'node-condition', data: { condition: 'DiskPressure' } },
    { name: 'ephemeral storage limit', snapshot: snapshot({ pods: [evictedPod('Pod ephemeral local storage usage exceeds the total limit of containers 1Gi. ')] }), messageId: 'ephemeral-storage-limit', data: { limit: '1Gi' } },
    { name: 'emptyDir sizeLimit', snapshot: snapshot({ pods: [evictedPod('Usage of EmptyDir volume "cache" exceeds the limit "1Gi". ')] }), messageId: 'emptydir-limit', data: { volume: 'cache', limit: '1Gi' } },
  ],
  quiet: [
    { name: 'a healthy workload', snapshot: snapshot({ pods: [pod({ name: 'a-1', deployment: 'a', containers: [container('a', running(0))] })] }) },
    {
      name: 'a Failed pod for another reason (DeadlineExceeded)',
      snapshot: snapshot({ pods: [pod({ name: 'j-1', job: 'j', phase: 'Failed', reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline', containers: [container('j', { state: { terminated: { exitCode: 137, reason: 'Error' } } })] })] }),
    },
  ],
});
