/**
 * The real /usr/bin/kubectl against `serve`: reading commands. Two clusters on one server set: shop-prod (1.28, so the
 * dispatcher runs kubectl 1.28) and shop-staging (1.32). Output is kubectl's own, so these tests pin columns and
 * values the way a support engineer reads them. Ages count from the capture time, which makes them deterministic.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServe, type ServeHandle } from '../../src/serve/index.js';
import { API_POD, makeFixtures, release, type Fixtures } from './fixtures.js';
import { kubectlFor, type Kubectl } from './kubectl.js';

let fixtures: Fixtures;
let handle: ServeHandle;
let kubectl: Kubectl;

beforeAll(async () => {
  fixtures = await makeFixtures();
  handle = await startServe([fixtures.production, fixtures.staging]);
  kubectl = await kubectlFor(handle.kubeconfigPath);
});

afterAll(async () => {
  await release(kubectl, handle, fixtures);
});

/** Runs kubectl, expects success, and returns stdout split into rows of whitespace-separated cells. */
async function ok(...args: string[]): Promise<string> {
  const result = await kubectl(...args);
  expect(result.stderr, `kubectl ${args.join(' ')}`).not.toMatch(/error/i);
  expect(result.code, `kubectl ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

function rows(output: string): string[][] {
  return output
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s{2,}/));
}

describe('cluster selection and discovery', () => {
  test('the served version picks the kubectl minor: 1.28 for shop-prod, 1.32 for shop-staging', async () => {
    const prod = await ok('version');
    expect(prod).toContain('Client Version: v1.28.');
    expect(prod).toContain('Server Version: v1.28.9');
    const staging = await ok('--context', 'shop-staging', 'version');
    expect(staging).toMatch(/Client Version: v1\.32\./);
    expect(staging).toContain('Server Version: v1.32.2');
  });

  test('one kubeconfig context per cluster, the first one current', async () => {
    const contexts = rows(await ok('config', 'get-contexts'));
    expect(contexts.slice(1).map((r) => r.filter((c) => c !== '*')[0])).toEqual(['shop-prod', 'shop-staging']);
    expect(contexts[1]![0]).toBe('*');
  });

  test('api-resources lists the served kinds with their short names', async () => {
    const table = rows(await ok('api-resources'));
    const byName = new Map(table.map((r) => [r[0], r]));
    expect(byName.get('pods')).toEqual(['pods', 'po', 'v1', 'true', 'Pod']);
    expect(byName.get('deployments')).toEqual(['deployments', 'deploy', 'apps/v1', 'true', 'Deployment']);
    expect(byName.get('cronjobs')).toEqual(['cronjobs', 'cj', 'batch/v1', 'true', 'CronJob']);
    expect(byName.get('nodes')).toEqual(['nodes', 'no', 'v1', 'false', 'Node']);
    expect(byName.get('limitranges')?.[1]).toBe('limits');
  });
});

describe('get pods', () => {
  test('-A prints the apiserver columns with CrashLoopBackOff, Init:CrashLoopBackOff and restarts with their age', async () => {
    const table = rows(await ok('get', 'pods', '-A'));
    expect(table[0]).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    const byName = new Map(table.slice(1).map((r) => [r[1], r]));
    expect(byName.get(API_POD)).toEqual(['shop', API_POD, '1/2', 'CrashLoopBackOff', '5 (6m30s ago)', '60m']);
    expect(byName.get('migrate-hx7lp')?.slice(2)).toEqual(['0/1', 'Init:CrashLoopBackOff', '3 (2m ago)', '15m']);
    expect(byName.get('images-1a2b3')?.[3]).toBe('ImagePullBackOff');
    expect(byName.get('pending-7d8e9')?.[3]).toBe('Pending');
    expect(byName.get('coredns-5d78c9869d-abcde')?.slice(0, 1)).toEqual(['kube-system']);
    expect(table).toHaveLength(9);
  });

  test('-o wide adds IP, node, nominated node and readiness gates', async () => {
    const table = rows(await ok('get', 'pods', '-n', 'shop', '-o', 'wide'));
    expect(table[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    expect(table.find((r) => r[0] === API_POD)?.slice(5)).toEqual(['10.0.0.5', 'node-1', '<none>', '<none>']);
    expect(table.find((r) => r[0] === 'pending-7d8e9')?.slice(5)).toEqual(['<none>', '<none>', '<none>', '<none>']);
  });

  test('a single pod is one row', async () => {
    const table = rows(await ok('get', 'pod', '-n', 'shop', API_POD));
    expect(table).toEqual([
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
      [API_POD, '1/2', 'CrashLoopBackOff', '5 (6m30s ago)', '60m'],
    ]);
  });

  test('a missing pod is NotFound', async () => {
    const result = await kubectl('get', 'pod', '-n', 'shop', 'nope');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Error from server (NotFound): pods "nope" not found');
  });

  test('-o yaml and -o json carry the object as the bundle recorded it, with kind and apiVersion', async () => {
    const yaml = await ok('get', 'pod', '-n', 'shop', API_POD, '-o', 'yaml');
    expect(yaml).toMatch(/^apiVersion: v1\nkind: Pod\n/);
    expect(yaml).toContain('reason: CrashLoopBackOff');
    expect(yaml).toContain('finishedAt: "2024-05-01T11:53:30Z"');
    const json = JSON.parse(await ok('get', 'pod', '-n', 'shop', API_POD, '-o', 'json'));
    expect(json.metadata.uid).toBe('8f1e0c2a-1111-4c4c-9d9d-000000000001');
    expect(json.status.containerStatuses[0].lastState.terminated.exitCode).toBe(1);
  });

  test('-o name, jsonpath and custom-columns work from the plain list', async () => {
    expect((await ok('get', 'pods', '-n', 'shop', '-o', 'name')).trim().split('\n')).toContain(`pod/${API_POD}`);
    expect(await ok('get', 'pods', '-n', 'shop', '-o', 'jsonpath={.items[*].spec.nodeName}')).toBe('node-1 node-1 node-2 node-1 node-2 node-1');
    const custom = rows(await ok('get', 'pods', '-n', 'shop', '-o', 'custom-columns=NAME:.metadata.name,RESTARTS:.status.containerStatuses[0].restartCount'));
    expect(custom[0]).toEqual(['NAME', 'RESTARTS']);
    expect(custom).toContainEqual([API_POD, '5']);
  });

  test('--sort-by gets full objects in the rows (includeObject=Object) and sorts by them', async () => {
    const table = rows(await ok('get', 'pods', '-n', 'shop', '--sort-by=.metadata.creationTimestamp'));
    expect(table.slice(1).map((r) => r[0])).toEqual([
      'db-0',
      'worker-6b7c-zzz',
      'web-5f6d9-abcde',
      API_POD,
      'migrate-hx7lp',
      'pending-7d8e9',
      'images-1a2b3',
    ]);
  });

  test('--show-labels and set-based label selectors (in, !key)', async () => {
    const table = rows(await ok('get', 'pods', '-n', 'shop', '--show-labels', '-l', 'app in (api,web),!canary'));
    expect(table).toHaveLength(2);
    expect(table[1]).toEqual([API_POD, '1/2', 'CrashLoopBackOff', '5 (6m30s ago)', '60m', 'app=api,pod-template-hash=7c9d8f,tier=backend']);
  });

  test('equality, inequality, exists and notin selectors', async () => {
    const names = async (selector: string) =>
      rows(await ok('get', 'pods', '-n', 'shop', '-l', selector))
        .slice(1)
        .map((r) => r[0]);
    expect(await names('tier=backend,app!=db')).toEqual([API_POD]);
    expect(await names('canary')).toEqual(['web-5f6d9-abcde']);
    expect(await names('app notin (api,web,db,worker,batch)')).toEqual(['images-1a2b3', 'migrate-hx7lp']);
    const none = await kubectl('get', 'pods', '-n', 'shop', '-l', 'app=nothing');
    expect(none.stderr).toContain('No resources found in shop namespace.');
  });

  test('--field-selector on pods: spec.nodeName and status.phase', async () => {
    const table = rows(await ok('get', 'pods', '-A', '--field-selector', 'spec.nodeName=node-1,status.phase=Running'));
    expect(table.slice(1).map((r) => r[1])).toEqual(['coredns-5d78c9869d-abcde', API_POD, 'db-0', 'worker-6b7c-zzz']);
    const pending = rows(await ok('get', 'pods', '-n', 'shop', '--field-selector', 'status.phase!=Running,metadata.name!=images-1a2b3'));
    expect(pending.slice(1).map((r) => r[0])).toEqual(['migrate-hx7lp', 'pending-7d8e9']);
  });

  test('an unsupported field label and a malformed label selector are 400s with the apiserver wording', async () => {
    const field = await kubectl('get', 'pods', '--field-selector', 'spec.foo=bar');
    expect(field.code).not.toBe(0);
    expect(field.stderr).toContain('field label not supported: spec.foo');
    const label = await kubectl('get', 'pods', '-l', 'app in api');
    expect(label.code).not.toBe(0);
    expect(label.stderr).toContain("found 'api', expected: '('");
  });
});

describe('events', () => {
  test('get events prints LAST SEEN, TYPE, REASON, OBJECT and MESSAGE', async () => {
    const table = rows(await ok('get', 'events', '-n', 'shop'));
    expect(table[0]).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    expect(table).toContainEqual(['60s', 'Warning', 'BackOff', `pod/${API_POD}`, expect.stringContaining('Back-off restarting failed container api')]);
  });

  test('--field-selector on events: type, involvedObject.kind, reason, source', async () => {
    const warnings = rows(await ok('get', 'events', '-n', 'shop', '--field-selector', 'type=Warning,involvedObject.kind=Pod'));
    expect(warnings.slice(1).map((r) => r[2])).toEqual(['BackOff', 'Failed']);
    const node = rows(await ok('get', 'events', '-A', '--field-selector', 'involvedObject.kind=Node,source=kubelet'));
    expect(node.slice(1).map((r) => r[4])).toEqual(['node/node-2']);
    const byReason = rows(await ok('get', 'events', '-A', '--field-selector', 'reason=ScalingReplicaSet', '-o', 'wide'));
    expect(byReason[0]).toContain('SOURCE');
    expect(byReason[1]).toContain('deployment-controller');
  });

  test('kubectl events lists the namespace events with their counts', async () => {
    const output = await ok('events', '-n', 'shop');
    expect(output).toMatch(/\(x42 over [^)]+\)\s+Warning\s+BackOff\s+Pod\/api-7c9d8f-x2k4q/);
  });
});

describe('describe', () => {
  test('describe pod shows the container states and only this pod uid\'s events', async () => {
    const output = await ok('describe', 'pod', '-n', 'shop', API_POD);
    expect(output).toMatch(/State:\s+Waiting\n\s+Reason:\s+CrashLoopBackOff/);
    expect(output).toMatch(/Last State:\s+Terminated\n\s+Reason:\s+Error\n\s+Exit Code:\s+1/);
    expect(output).toMatch(/Restart Count:\s+5/);
    expect(output).toMatch(/Controlled By:\s+ReplicaSet\/api-7c9d8f/);
    expect(output).toMatch(/Warning\s+BackOff\s+.*\(x42 over/);
    expect(output).not.toContain('Stopping container api from a previous pod');
  });

  test('describe node shows its pods, its events (uid = node name) and the lease', async () => {
    const output = await ok('describe', 'node', 'node-2');
    expect(output).toMatch(/Unschedulable:\s+true/);
    expect(output).toMatch(/HolderIdentity:\s+node-2/);
    expect(output).toMatch(/Non-terminated Pods:\s+\(2 in total\)/);
    expect(output).toContain('web-5f6d9-abcde');
    expect(output).toMatch(/Normal\s+NodeNotReady\s+.*Node node-2 status is now: NodeNotReady/);
  });

  test('describe deployment finds its ReplicaSet by selector and owner', async () => {
    const output = await ok('describe', 'deployment', '-n', 'shop', 'api');
    expect(output).toMatch(/Replicas:\s+2 desired \| 2 updated \| 2 total \| 1 available \| 1 unavailable/);
    expect(output).toMatch(/NewReplicaSet:\s+api-7c9d8f \(2\/2 replicas created\)/);
    expect(output).toContain('Scaled up replica set api-7c9d8f to 2');
  });
});

describe('other kinds', () => {
  test('get nodes: status with SchedulingDisabled, roles, version; wide adds addresses and runtime', async () => {
    const table = rows(await ok('get', 'nodes', '-o', 'wide'));
    expect(table[0]).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME']);
    expect(table[1]).toEqual(['node-1', 'Ready', 'control-plane', '6d22h', 'v1.28.9', '192.168.1.10', '<none>', 'Ubuntu 22.04.4 LTS', '5.15.0-105-generic', 'containerd://1.7.13']);
    expect(table[2]!.slice(0, 3)).toEqual(['node-2', 'NotReady,SchedulingDisabled', '<none>']);
  });

  test('deploy, rs, sts, ds, job, cronjob, svc, cm, ns and limits each print their own columns', async () => {
    const cases: Array<[string[], string[], string[]]> = [
      [['deploy'], ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'], ['api', '1/2', '2', '1', '10h']],
      [['rs'], ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'], ['api-7c9d8f', '2', '2', '1', '60m']],
      [['sts'], ['NAME', 'READY', 'AGE'], ['db', '1/1', '2d2h']],
      [['ds', '-n', 'kube-system'], ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'], ['node-exporter', '2', '2', '1', '2', '1', 'kubernetes.io/os=linux', '6d6h']],
      [['job'], ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'], ['report-28573920', 'Complete', '1/1', '2m', '90m']],
      [['cronjob'], ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'], ['report', '0 * * * *', '<none>', 'False', '0', '90m', '3d11h']],
      [['svc'], ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'], ['web', 'LoadBalancer', '10.96.40.1', '203.0.113.10', '80:30080/TCP', '10h']],
      [['cm'], ['NAME', 'DATA', 'AGE'], ['api-config', '2', '10h']],
      [['ns'], ['NAME', 'STATUS', 'AGE'], ['shop', 'Active', '13d']],
      [['limits'], ['NAME', 'CREATED AT'], ['mem-limits', '2024-04-17T14:40:00Z']],
    ];
    for (const [args, header, row] of cases) {
      const namespaced = args.includes('-n') || args[0] === 'ns' ? args : [...args, '-n', 'shop'];
      const table = rows(await ok('get', ...namespaced));
      expect(table[0], args.join(' ')).toEqual(header);
      expect(table, args.join(' ')).toContainEqual(row);
    }
  });

  test('get all expands the "all" category: pods, services, deployments, replica sets, stateful sets, jobs, cron jobs', async () => {
    const output = await ok('get', 'all', '-n', 'shop');
    for (const name of [`pod/${API_POD}`, 'service/web', 'deployment.apps/api', 'replicaset.apps/api-7c9d8f', 'statefulset.apps/db', 'job.batch/migrate', 'cronjob.batch/report']) {
      expect(output).toContain(name);
    }
    expect(output).toMatch(/pod\/api-7c9d8f-x2k4q\s+1\/2\s+CrashLoopBackOff/);
  });

  test('the second context serves the other cluster', async () => {
    const table = rows(await ok('--context', 'shop-staging', 'get', 'pods'));
    expect(table[1]).toEqual(['checkout-6d5f-q8w7e', '0/1', 'CrashLoopBackOff', '9 (3m ago)', '30m']);
  });
});
