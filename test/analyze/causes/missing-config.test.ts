import { expect } from 'vitest';
import rule from '../../../src/analyze/causes/missing-config.js';
import { container, event, pod, running, snapshot } from '../fixtures.js';
import { testCause } from '../rule-tester.js';

const configError = (message: string, extra: Parameters<typeof snapshot>[0] = {}) =>
  snapshot({
    pods: [pod({ name: 'api-1', namespace: 'prod', deployment: 'api', containers: [container('api', { restartCount: 0, state: { waiting: { reason: 'CreateContainerConfigError', message } } })] })],
    events: [event({ pod: 'api-1', namespace: 'prod', container: 'api', reason: 'Failed', message: `Error: ${message}`, count: 12 })],
    ...extra,
  });

const cm = (name: string, data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'prod' }, data });

testCause(rule, {
  fires: [
    {
      name: 'a Secret that does not exist, checked against the bundle',
      snapshot: configError('secret "db-creds" not found', { secrets: [] }),
      messageId: 'missing-object',
      data: { objectKind: 'secret', name: 'db-creds', namespace: 'prod', existsInBundle: false },
      confidence: 'high',
      verify: (match) => {
        expect(match.evidence.primary).toMatchObject({ path: 'items[0].status.containerStatuses[0].state.waiting.message' });
        expect(match.fix.snippet?.code).toBe('kubectl -n prod create secret generic db-creds --from-literal=KEY=VALUE');
      },
    },
    { name: 'a ConfigMap that does not exist, bundle without ConfigMaps', snapshot: configError('configmap "app-cfg" not found'), messageId: 'missing-object', data: { objectKind: 'configmap', existsInBundle: undefined } },
    {
      name: 'a missing key in a ConfigMap that exists, with the keys it has',
      snapshot: configError("couldn't find key DB_URL in ConfigMap prod/app-cfg", { configmaps: [cm('app-cfg', { DATABASE_URL: 'x', LOG_LEVEL: 'info' })] }),
      messageId: 'missing-key',
      data: { key: 'DB_URL', name: 'app-cfg', objectKind: 'configmap', existsInBundle: true, keysInBundle: ['DATABASE_URL', 'LOG_LEVEL'] },
    },
    { name: 'a missing key in a Secret', snapshot: configError("couldn't find key password in Secret prod/db-creds"), messageId: 'missing-key', data: { key: 'password', objectKind: 'secret' } },
    {
      name: 'runAsNonRoot against a root image (newer kubelets append the pod)',
      snapshot: configError('container has runAsNonRoot and image will run as root (pod: "prod/api-1(uid-api-1)", container: api)'),
      messageId: 'run-as-non-root',
    },
    {
      name: 'FailedMount of a missing ConfigMap volume while ContainerCreating',
      snapshot: snapshot({
        pods: [pod({ name: 'web-1', deployment: 'web', phase: 'Pending', containers: [container('web', { restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } })] })],
        events: [
          event({ pod: 'web-1', reason: 'FailedMount', message: 'MountVolume.SetUp failed for volume "cfg" : configmap "web-config" not found', count: 14 }),
          event({ pod: 'web-1', reason: 'FailedMount', message: 'Unable to attach or mount volumes: unmounted volumes=[cfg], unattached volumes=[cfg kube-api-access-x2x9z]: timed out waiting for the condition' }),
        ],
      }),
      messageId: 'missing-object',
      data: { objectKind: 'configmap', name: 'web-config', volume: 'cfg' },
      verify: (match) => expect(match.evidence.primary).toMatchObject({ kind: 'event', reason: 'FailedMount', count: 14 }),
    },
    {
      name: 'FailedMount of a hostPath of the wrong type (troubleshoot fixture text)',
      snapshot: snapshot({
        pods: [pod({ name: 'collector-1', deployment: 'collector', phase: 'Pending', containers: [container('collector', { restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } })] })],
        events: [event({ pod: 'collector-1', reason: 'FailedMount', message: 'MountVolume.SetUp failed for volume "host" : hostPath type check failed: /var/lib/collectd is not a directory', count: 178 })],
      }),
      messageId: 'mount-failed',
      data: { volume: 'host', mountFailures: 178 },
    },
  ],
  quiet: [
    { name: 'a healthy workload', snapshot: snapshot({ pods: [pod({ name: 'a-1', deployment: 'a', containers: [container('a', running(0))] })] }) },
    {
      name: 'a pod still ContainerCreating without FailedMount events',
      snapshot: snapshot({ pods: [pod({ name: 'a-1', deployment: 'a', phase: 'Pending', containers: [container('a', { restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } })] })] }),
    },
  ],
});
