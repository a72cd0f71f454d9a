import { execFileSync } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSeekableIndex, openSeekableEntry } from '../../src/bundle/seekable.js';
import { SAMPLES } from '../../src/samples/catalog.js';
import { generateSamples } from '../../src/samples/generate.js';
import { readAll, readWithTarStream, tempDir, type ReadEntry } from '../bundle/helpers.js';

const COMMITTED = fileURLToPath(new URL('../../sample-bundles/', import.meta.url));

let first: string;
let second: string;
const cleanups: Array<() => Promise<void>> = [];
const contents = new Map<string, ReadEntry[]>();

beforeAll(async () => {
  for (const target of ['a', 'b']) {
    const { dir, cleanup } = await tempDir(`samples-${target}`);
    cleanups.push(cleanup);
    await generateSamples(dir);
    if (target === 'a') first = dir;
    else second = dir;
  }
  for (const sample of SAMPLES) contents.set(sample.file, await readWithTarStream(join(first, sample.file)));
}, 120_000);
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

function text(file: string, suffix: string): string {
  const entries = contents.get(file)!.filter((e) => e.name.endsWith(suffix));
  expect(entries, `${file}: ${suffix}`).toHaveLength(1);
  return entries[0]!.data.toString('utf8');
}

function allText(file: string): string {
  return contents.get(file)!.map((e) => e.data.toString('utf8')).join('\n');
}

describe('sample bundle generator', () => {
  it('writes the same bytes twice, and the same bytes as the committed sample-bundles/', async () => {
    const names = (await readdir(first)).sort();
    expect(names).toEqual([...SAMPLES.map((s) => s.file), 'README.md'].sort());
    for (const name of names) {
      const [a, b, committed] = await Promise.all([
        readFile(join(first, name)),
        readFile(join(second, name)),
        readFile(join(COMMITTED, name)).catch(() => Buffer.alloc(0)),
      ]);
      expect(a.equals(b), `${name} differs between two runs`).toBe(true);
      expect(a.equals(committed), `${name} differs from sample-bundles/ (run npm run samples)`).toBe(true);
    }
  });

  it('writes real tarballs that the system tar lists, each small, under one root folder', async () => {
    for (const sample of SAMPLES) {
      const archive = join(first, sample.file);
      const listing = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).trim().split('\n');
      expect(listing.length, sample.file).toBeGreaterThan(5);
      expect(new Set(listing.map((name) => name.split('/')[0])).size, sample.file).toBe(1);
      expect((await readFile(archive)).length, sample.file).toBeLessThan(1_000_000);
    }
  });

  it('writes podmortem samples as seekable bundles and the foreign layouts without an index', async () => {
    for (const sample of SAMPLES) {
      const index = await readSeekableIndex(join(first, sample.file));
      expect(index !== undefined, sample.file).toBe(sample.layout === 'podmortem');
    }
    const pods = await openSeekableEntry(join(first, 'shop-prod-eu.tar.gz'), 'cluster-resources/pods/shop.json');
    expect(JSON.parse((await readAll(pods!)).toString()).kind).toBe('PodList');
  });

  it('lists in the README every expected crash, and each is a crash-looping or restarted container in its bundle', async () => {
    const readme = await readFile(join(first, 'README.md'), 'utf8');
    for (const sample of SAMPLES) {
      const model = sample.model();
      expect(model.expected.length, sample.file).toBeGreaterThan(0);
      for (const crash of model.expected) {
        expect(readme).toContain(`| ${crash.namespace}/${crash.pod}/${crash.container} | \`${crash.cause}\``);
        const pod = model.resources.get('pods')?.get(crash.namespace)?.find((p) => p.metadata?.name === crash.pod);
        const status = pod?.status as { containerStatuses?: Array<Record<string, any>>; initContainerStatuses?: Array<Record<string, any>> } | undefined;
        const container = [...(status?.initContainerStatuses ?? []), ...(status?.containerStatuses ?? [])].find((c) => c.name === crash.container);
        const crashing = container?.state?.waiting !== undefined || container?.restartCount > 0;
        expect(crashing, `${sample.file} ${crash.pod}/${crash.container}`).toBe(true);
      }
    }
  });
});

describe('sample contents', () => {
  it('shop-prod-eu holds every cause with the real kubelet and runtime strings', () => {
    const f = 'shop-prod-eu.tar.gz';
    const pods = text(f, 'cluster-resources/pods/shop.json');
    const events = text(f, 'cluster-resources/events/shop.json');
    expect(pods).toMatch(/back-off 5m0s restarting failed container=checkout pod=checkout-[a-z0-9]+-[a-z0-9]+_shop\([0-9a-f-]{36}\)/);
    expect(events).toMatch(/Back-off restarting failed container inventory in pod inventory-[a-z0-9-]+_shop\(/);
    expect(events).toContain('Liveness probe failed: Get \\"http://10.244.2.187:8080/actuator/health/liveness\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)');
    expect(pods).toContain('"podIP": "10.244.2.187"');
    expect(events).toContain('Container inventory failed liveness probe, will be restarted');
    expect(pods).toContain('"reason": "OOMKilled"');
    expect(pods).toContain('"reason": "StartError"');
    expect(pods).toContain('exec: \\"notifier-server\\": executable file not found in $PATH: unknown');
    expect(pods).toContain("couldn't find key DB_URL in ConfigMap shop/app-cfg");
    expect(pods).toContain('"reason": "ImagePullBackOff"');
    expect(events).toContain('registry.example.com/shop/reviews:2.3.0: not found');
    const items = JSON.parse(pods).items as Array<any>;
    const ledger = items.find((p) => p.metadata.name.startsWith('ledger-'));
    expect(ledger.spec.initContainers[0].restartPolicy).toBe('Always');
    expect(ledger.status.initContainerStatuses[0].state.waiting.reason).toBe('CrashLoopBackOff');
    expect(ledger.status.phase).toBe('Running');
    const shipping = items.find((p) => p.metadata.name.startsWith('shipping-'));
    expect(shipping.status.phase).toBe('Pending');
    expect(shipping.status.initContainerStatuses[0].state.waiting.reason).toBe('CrashLoopBackOff');
    expect(shipping.status.containerStatuses[0].state.waiting.reason).toBe('PodInitializing');
    expect(text(f, 'checkout-previous.log')).toContain('Exception in thread "main" java.lang.IllegalStateException');
    expect(text(f, 'payments-previous.log')).toContain("KeyError: 'DATABASE_URL'");
    expect(text(f, 'edge-proxy-previous.log')).toContain('nginx: [emerg] unknown directive "proxy_passs"');
    expect(text(f, 'search-suggest-previous.log')).toContain('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory');
    expect(text(f, 'orders-previous.log')).toContain('connection to server at "postgres" (10.96.112.40), port 5432 failed: Connection refused');
    expect(text(f, 'sessions-previous.log')).toContain('Error: getaddrinfo ENOTFOUND redis-sessions');
    expect(text(f, 'migrate-previous.log')).toContain("Can't locate revision");
    expect(text(f, 'metrics-agent-previous.log')).toContain('panic: runtime error: invalid memory address or nil pointer dereference');
    expect(text(f, 'image-resizer-previous.log')).toContain('exec /usr/local/bin/image-resizer: exec format error');
    expect(text(f, 'reviews-logs-errors.log')).toContain('is waiting to start: trying and failing to pull image');
    const endpoints = JSON.parse(text(f, 'cluster-resources/endpoints/shop.json')) as { items: Array<{ metadata: { name: string }; subsets?: Array<Record<string, unknown>> }> };
    const postgres = endpoints.items.find((e) => e.metadata.name === 'postgres')!;
    expect(postgres.subsets?.[0]?.addresses).toBeUndefined();
    expect(postgres.subsets?.[0]?.notReadyAddresses).toHaveLength(1);
    expect(text(f, 'cluster-resources/nodes.json')).toContain('"architecture": "arm64"');
    expect(text(f, 'cluster-info/cluster_version.json')).toContain('"gitVersion": "v1.30.4"');
    expect(text(f, 'cluster-resources/events/default.json')).toContain('System OOM encountered, victim process: java');
    const manifest = JSON.parse(text(f, '/podmortem.json'));
    expect(manifest.errors.map((e: { target: string }) => e.target)).toContain('daemonsets/kube-system');
  });

  it('shop-prod-us runs the EU crash-looping image-resizer image healthy on amd64 with CRI-O', () => {
    const eu = JSON.parse(text('shop-prod-eu.tar.gz', 'cluster-resources/deployments/shop.json'));
    const us = JSON.parse(text('shop-prod-us.tar.gz', 'cluster-resources/deployments/shop.json'));
    const image = (list: { items: Array<{ metadata: { name: string }; spec: any; status: any }> }) =>
      list.items.find((d) => d.metadata.name === 'image-resizer')!;
    expect(image(us).spec.template.spec.containers[0].image).toBe(image(eu).spec.template.spec.containers[0].image);
    expect(image(us).status.readyReplicas).toBe(1);
    expect(image(eu).status.readyReplicas).toBe(0);
    const nodes = text('shop-prod-us.tar.gz', 'cluster-resources/nodes.json');
    expect(nodes).toContain('"architecture": "amd64"');
    expect(nodes).toContain('"containerRuntimeVersion": "cri-o://1.29.6"');
    expect(text('shop-prod-us.tar.gz', 'cluster-info/cluster_version.json')).toContain('v1.29.8');
  });

  it('batch-oom: 256Mi injected by LimitRange defaults into pods whose workloads set no limit', () => {
    const f = 'batch-oom.tar.gz';
    for (const ns of ['analytics', 'billing', 'ml']) {
      const pods = text(f, `cluster-resources/pods/${ns}.json`);
      expect(pods, ns).toContain('"kubernetes.io/limit-ranger": "LimitRanger plugin set: memory request for container');
      expect(pods, ns).toContain('"memory": "256Mi"');
      expect(pods, ns).toContain('"reason": "OOMKilled"');
      expect(text(f, `cluster-resources/limitranges/${ns}.json`)).toContain('"memory": "256Mi"');
    }
    expect(text(f, 'cluster-resources/deployments/billing.json')).not.toContain('256Mi');
    expect(text(f, 'cluster-resources/cronjobs/analytics.json')).not.toContain('256Mi');
    const indexer = JSON.parse(text(f, 'cluster-resources/pods/search.json')).items;
    expect(indexer).toHaveLength(2);
    expect(new Set(indexer.map((p: any) => p.metadata.ownerReferences[0].name)).size).toBe(1);
  });

  it('overloaded-node: timeouts concentrated on one node with PLEG and pressure, one slow probe elsewhere', () => {
    const f = 'overloaded-node.tar.gz';
    const nodes = text(f, 'cluster-resources/nodes.json');
    expect(nodes).toContain('PLEG is not healthy: pleg was last seen active 3m11.402s ago; threshold is 3m0s');
    expect(nodes).toContain('kubelet has insufficient memory available');
    const all = allText(f);
    expect(all).toContain('command \\"pg_isready -U app\\" timed out');
    expect((all.match(/Client\.Timeout exceeded while awaiting headers/g) ?? []).length).toBeGreaterThanOrEqual(7);
    const pods = ['batch', 'web', 'identity', 'pricing', 'data'].flatMap((ns) => JSON.parse(text(f, `cluster-resources/pods/${ns}.json`)).items);
    const onHot = pods.filter((p: any) => p.spec.nodeName === 'aks-user-31742588-vmss00000a');
    expect(onHot.length).toBeGreaterThan(100);
    expect(text(f, 'cluster-resources/events/default.json')).toContain('status is now: NodeNotReady');
  });

  it('legacy-troubleshoot uses troubleshoot paths: PodList, -errors.json, -logs-errors.log, -previous.log', () => {
    const f = 'legacy-troubleshoot.tar.gz';
    const names = contents.get(f)!.map((e) => e.name);
    expect(names.every((n) => n.startsWith('support-bundle-2026-11-17T16_45_12/'))).toBe(true);
    expect(JSON.parse(text(f, 'cluster-resources/pods/pos.json')).kind).toBe('PodList');
    expect(JSON.parse(text(f, 'cluster-resources/daemonsets-errors.json'))[0]).toContain('forbidden');
    expect(text(f, 'label-printer-logs-errors.log')).toMatch(/^failed to get log stream: container "label-printer" in pod "label-printer-/);
    expect(text(f, 'pos-sync-previous.log')).toContain('Replaying 3 days of offline transactions');
    expect(text(f, 'version.yaml')).toContain('kind: SupportBundle');
  });

  it('cluster-info-dump splits logs.txt by the START/END markers and has no previous logs', () => {
    const f = 'cluster-info-dump.tar.gz';
    const logs = contents.get(f)!.find((e) => /cluster-dump\/web\/api-gateway-[^/]+\/logs\.txt$/.test(e.name))!.data.toString();
    expect(logs).toMatch(/^==== START logs for container api-gateway of pod web\/api-gateway-[a-z0-9-]+ ====\n/);
    expect(logs).toMatch(/==== END logs for container api-gateway of pod web\/api-gateway-[a-z0-9-]+ ====\n$/);
    expect(logs).toContain("Error: Cannot find module 'express'");
    expect(contents.get(f)!.some((e) => e.name.includes('previous'))).toBe(false);
    const pods = JSON.parse(text(f, 'cluster-dump/web/pods.json'));
    expect(pods.items[0].kind).toBeUndefined();
    expect(text(f, 'cluster-dump/nodes.json')).toContain('"kind": "NodeList"');
  });

  it('must-gather has the oc layout, timestamped logs and the ClusterVersion', () => {
    const f = 'must-gather.tar.gz';
    const names = contents.get(f)!.map((e) => e.name);
    const sha = /^must-gather\.local\.\d+\/quay-io-openshift-release-dev-ocp-v4-0-art-dev-sha256-[0-9a-f]{64}\//;
    expect(names.some((n) => sha.test(n) && n.endsWith('/namespaces/fulfilment/core/pods.yaml'))).toBe(true);
    expect(names.some((n) => sha.test(n) && n.endsWith('/cluster-scoped-resources/config.openshift.io/clusterversions/version.yaml'))).toBe(true);
    const previous = contents.get(f)!.find((e) => /pods\/order-sync-[^/]+\/order-sync\/order-sync\/logs\/previous\.log$/.test(e.name))!.data.toString();
    for (const line of previous.trimEnd().split('\n')) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /);
    expect(previous).toContain('socket.gaierror: [Errno -2] Name or service not known');
    expect(text(f, '/version')).toBe('openshift/must-gather\n4.16.21\n');
    expect(text(f, 'core/events.yaml')).toMatch(/Back-off restarting failed container order-sync in pod order-sync-/);
    expect(names.filter((n) => n.endsWith('/nodes/ip-10-0-141-72.eu-central-1.compute.internal.yaml'))).toHaveLength(1);
  });
});
