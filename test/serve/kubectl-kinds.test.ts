/**
 * Real kubectl 1.27, 1.30 and 1.33 (the dispatcher's own binaries, whatever the served version) against one serve
 * over four bundles: sbctl's test bundle, a troubleshoot folder and a must-gather holding every kind serve answers
 * for (kinds-fixtures.ts), and the shop-prod-eu sample. Every kind is listed and described, access reviews answer,
 * `get -w` lists and waits, `describe svc` finds its endpoints through (derived) EndpointSlices, an app log with its
 * own ISO times comes back byte for byte, and secrets are masked.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServe, type ServeHandle } from '../../src/serve/index.js';
import { loadBundle } from '../../src/serve/load.js';
import { CONFIGMAP_TOKEN, ENV_PASSWORD, makeKindsFixtures, SECRET_VALUE, SPRING_LOG, SPRING_LOG_LINES, type KindsFixtures } from './kinds-fixtures.js';
import { release } from './fixtures.js';
import { KUBECTL_MINORS, kubectlFor, kubectlMinor, type Kubectl } from './kubectl.js';

const SBCTL = 'test/fixtures/real/sbctl/support-bundle';
const SAMPLE = 'sample-bundles/shop-prod-eu.tar.gz';

let fixtures: KindsFixtures;
let handle: ServeHandle;
const clients = new Map<string, Kubectl>();

beforeAll(async () => {
  fixtures = await makeKindsFixtures();
  const bundles = await Promise.all([fixtures.troubleshoot, fixtures.mustGather, SBCTL, SAMPLE].map((path) => loadBundle(path)));
  handle = await startServe(bundles);
  for (const minor of KUBECTL_MINORS) clients.set(minor, await kubectlFor(handle.kubeconfigPath, 20_000, kubectlMinor(minor)));
}, 60_000);

afterAll(async () => {
  await release(...clients.values(), handle, fixtures);
});

const CLUSTER_KINDS = 'pv,sc,ingressclass,priorityclass,validatingwebhookconfigurations,mutatingwebhookconfigurations,clusterroles,clusterrolebindings,crd';
const SHOP_KINDS = 'pvc,ingress,netpol,endpointslices,serviceaccounts,roles,rolebindings,hpa,pdb,leases,widgets';
const CLUSTER_NAMES = ['pv-logs', 'fast', 'nginx', 'shop-critical', 'policy-check', 'sidecar-injector', 'view-all', 'view-all-binding', 'widgets.example.com'];
const SHOP_NAMES = ['data-db-0', 'shop-web', 'deny-all', 'api-0', 'api', 'reader', 'api-reader', 'api-leader', 'blue'];

test('contexts are named after the cluster where the bundle records a name', () => {
  expect(handle.contexts.map((c) => c.name)).toEqual(['support-bundle-2024-06-01T12_00_00', 'store-prod-x7k2p', 'support-bundle', 'shop-prod-eu']);
});

describe.each(KUBECTL_MINORS)('kubectl %s', (minor) => {
  const kubectl = (...args: string[]) => clients.get(minor)!('--context', 'support-bundle-2024-06-01T12_00_00', ...args);
  const ok = async (...args: string[]) => {
    const result = await kubectl(...args);
    expect(result.code, `kubectl ${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result.stdout;
  };

  test('every extra kind is listed, with its printer columns', async () => {
    const cluster = await ok('get', CLUSTER_KINDS);
    for (const name of CLUSTER_NAMES) expect(cluster).toContain(name);
    expect(cluster).toMatch(/pv-logs\s+10Gi\s+RWX\s+Retain\s+Bound\s+shop\/logs\s+nfs/);
    expect(cluster).toMatch(/fast \(default\)\s+ebs\.csi\.aws\.com\s+Delete\s+WaitForFirstConsumer\s+true/);
    const shop = await ok('get', SHOP_KINDS, '-n', 'shop');
    for (const name of SHOP_NAMES) expect(shop).toContain(name);
    expect(shop).toMatch(/shop-web\s+nginx\s+shop\.example\.com\s+203\.0\.113\.9\s+80, 443/);
    expect(shop).toMatch(/api\s+Deployment\/api\s+cpu: 35%\/80%\s+2\s+5\s+2/);
    // The CRD's printer columns, its JSONPath filter included; a date column is an age (0s: the folder's capture
    // time is its newest timestamp, the objects' creation).
    expect(shop).toMatch(/NAME\s+PHASE\s+READY\s+SIZE\s+AGE\nwidget\.example\.com\/blue\s+Degraded\s+False\s+3\s+0s\n/);
  });

  test('every extra kind is described', async () => {
    const cluster = await ok('describe', CLUSTER_KINDS);
    const shop = await ok('describe', SHOP_KINDS, '-n', 'shop');
    for (const name of [...CLUSTER_NAMES, ...SHOP_NAMES]) expect(`${cluster}\n${shop}`).toMatch(new RegExp(`^Name:\\s+${name.replace('.', '\\.')}$`, 'm'));
  });

  test('api-resources lists what is served, custom resources included', async () => {
    const resources = await ok('api-resources');
    for (const name of ['persistentvolumes', 'storageclasses', 'ingresses', 'endpointslices', 'horizontalpodautoscalers', 'customresourcedefinitions', 'widgets']) {
      expect(resources).toMatch(new RegExp(`^${name}\\s`, 'm'));
    }
    expect(resources).toMatch(/^widgets\s+wdg\s+example\.com\/v1\s+true\s+Widget$/m);
  });

  test('auth can-i: yes for reads, no for writes with the reason; can-i --list and whoami answer', async () => {
    expect(await ok('auth', 'can-i', 'list', 'pods')).toBe('yes\n');
    expect(await ok('auth', 'can-i', 'get', 'pods', '--subresource=log', '-n', 'shop')).toBe('yes\n');
    const denied = await kubectl('auth', 'can-i', 'delete', 'pods');
    expect(denied.code).toBe(1);
    expect(denied.stdout).toBe('no - podmortem serves a read-only snapshot: delete is not possible\n');
    expect(await ok('auth', 'can-i', '--list')).toMatch(/\*\.\*\s+\[\]\s+\[\]\s+\[get list watch\]/);
    expect(await ok('auth', 'whoami')).toMatch(/Username\s+podmortem:snapshot-reader/);
  });

  test('get -w lists, then waits until --request-timeout and ends cleanly', async () => {
    const started = Date.now();
    const watched = await kubectl('get', 'pods', '-n', 'shop', '-w', '--request-timeout=2s');
    const elapsed = Date.now() - started;
    expect(watched.code, watched.stderr).toBe(0);
    expect(watched.stdout).toMatch(/^NAME\s+READY\s+STATUS[^\n]*\napi-1\s+1\/1\s+Running/);
    expect(elapsed).toBeGreaterThan(1400);
    expect(elapsed).toBeLessThan(5000);
  });

  test('explain says why it cannot describe fields, for built-in and custom kinds', async () => {
    for (const kind of ['pods', 'widgets']) {
      const explained = await ok('explain', kind);
      expect(explained).toMatch(/^KIND:\s+(Pod|Widget)$/m);
      expect(explained.replace(/\s+/g, ' ')).toContain('podmortem serve has no field schemas, so kubectl explain cannot describe the fields of');
    }
  });

  test('wait: a met condition answers at once, an unmet one ends at --timeout (the watch sends its headers at once)', async () => {
    expect(await ok('wait', '--for=condition=Ready', 'pod/api-1', '-n', 'shop', '--timeout=5s')).toBe('pod/api-1 condition met\n');
    const started = Date.now();
    const unmet = await kubectl('wait', '--for=condition=Initialized', 'pod/api-1', '-n', 'shop', '--timeout=2s');
    expect(unmet.code).toBe(1);
    expect(unmet.stderr).toContain('timed out waiting for the condition');
    expect(Date.now() - started).toBeLessThan(6000);
  });

  test('describe svc shows the endpoints (from EndpointSlices derived from the Endpoints on 1.33)', async () => {
    expect(await ok('describe', 'svc', 'api', '-n', 'shop')).toMatch(/^Endpoints:\s+10\.0\.0\.7:8080$/m);
  });

  test('an app log that starts with its own ISO-8601 times comes back byte for byte', async () => {
    expect(await ok('logs', 'api-1', '-n', 'shop')).toBe(SPRING_LOG);
    // The runtime's times were not recorded: --timestamps carries the one time known, the instance's start.
    const stamped = await ok('logs', 'api-1', '-n', 'shop', '--timestamps', '--tail=1');
    expect(stamped).toBe(`2024-05-01T12:00:00.000000000Z ${SPRING_LOG_LINES[2]}\n`);
    const since = await kubectl('logs', 'api-1', '-n', 'shop', '--since=1h');
    expect(since.code).toBe(1);
    expect(since.stderr).toContain("this bundle saved the log without the container runtime's timestamps, so --since/--since-time cannot be applied");
  });

  test('secret values and credentials are masked; other ConfigMap values are served', async () => {
    const secret = JSON.parse(await ok('get', 'secret', 'db-credentials', '-n', 'shop', '-o', 'json'));
    expect(secret.data).toEqual({ password: '***HIDDEN***' });
    const everything = await ok('get', 'secrets,configmaps,pods', '-n', 'shop', '-o', 'json');
    for (const value of [SECRET_VALUE, ENV_PASSWORD, CONFIGMAP_TOKEN]) expect(everything).not.toContain(value);
    const config = JSON.parse(await ok('get', 'configmap', 'api-config', '-n', 'shop', '-o', 'json'));
    expect(config.data.LOG_LEVEL).toBe('debug');
  });

  test('must-gather: its extra kinds, and its runtime timestamps stripped unless asked for', async () => {
    const mg = (...args: string[]) => clients.get(minor)!('--context', 'store-prod-x7k2p', ...args);
    const listed = await mg('get', 'pvc,ingress,widgets', '-n', 'store');
    expect(listed.stdout).toMatch(/cache\s+Bound\s+pvc-123\s+1Gi\s+RWO\s+gp3-csi/);
    expect(listed.stdout).toContain('store-web');
    expect(listed.stdout).toMatch(/green\s+Ready/);
    expect((await mg('get', 'sc')).stdout).toContain('gp3-csi');
    expect((await mg('logs', 'web-1', '-n', 'store')).stdout).toBe(`${SPRING_LOG_LINES[0]}\nserved /cart\n`);
    expect((await mg('logs', 'web-1', '-n', 'store', '--timestamps', '--tail=1')).stdout).toBe('2024-06-01T11:59:30.000000001Z served /cart\n');
  });

  test("sbctl's bundle: PVs, StorageClasses, custom resources; an empty kind is an empty list", async () => {
    const sb = (...args: string[]) => clients.get(minor)!('--context', 'support-bundle', ...args);
    expect((await sb('get', 'pv')).stdout).toMatch(/pvc-36557d76-e15e-4abe-91ee-0be6075eaa7b\s+10Gi\s+RWO\s+Delete\s+Bound\s+minio\/minio-pv-claim\s+longhorn/);
    expect((await sb('get', 'sc')).stdout).toMatch(/longhorn \(default\)\s+driver\.longhorn\.io/);
    expect((await sb('get', 'volumes.longhorn.io', '-A')).stdout).toContain('pvc-36557d76-e15e-4abe-91ee-0be6075eaa7b');
    expect((await sb('describe', 'backupstoragelocations.velero.io', '-n', 'velero')).stdout).toMatch(/^Name:\s+default$/m);
    const ingress = await sb('get', 'ingress', '-A');
    expect(ingress.code).toBe(0);
    expect(ingress.stderr).toBe('No resources found\n');
  });

  test('the sample: describe svc shows endpoints', async () => {
    const sample = await clients.get(minor)!('--context', 'shop-prod-eu', 'describe', 'svc', 'kube-dns', '-n', 'kube-system');
    expect(sample.stdout).toMatch(/^Endpoints:\s+10\.244\.1\.148:53,10\.244\.3\.85:53$/m);
  });
});

test('--show-secrets serves them as collected', async () => {
  const open = await startServe([await loadBundle(fixtures.troubleshoot)], { showSecrets: true });
  try {
    const kubectl = await kubectlFor(open.kubeconfigPath, 20_000, kubectlMinor('1.33'));
    const everything = await kubectl('get', 'secrets,configmaps,pods', '-n', 'shop', '-o', 'json');
    await kubectl.cleanup();
    for (const value of [SECRET_VALUE, ENV_PASSWORD, CONFIGMAP_TOKEN]) expect(everything.stdout).toContain(value);
    expect(open.contexts[0]!.masked).toBeUndefined();
    expect(handle.contexts[0]!.masked?.secretValues).toBe(1);
  } finally {
    await open.close();
  }
});
