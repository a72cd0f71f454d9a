/**
 * `podmortem redact` converts every supported format into podmortem's own layout: the committed must-gather,
 * cluster-info dump and troubleshoot samples go through the real CLI, are read back, and must tell the same story
 * (pods, containers, restarts, events, previous logs, causes). A must-gather seeded with credentials in a log and
 * a pod env value comes out with none of them in any byte.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, LOG_KEEP_PATTERNS } from '../../src/analyze/index.js';
import { run } from '../../src/cli/main.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { readSnapshot } from '../../src/reader/index.js';
import { bundleFiles, json } from '../collect/bundle-files.js';
import { captureContext as context } from '../cli/run-cli.js';

let dir: string;

async function convert(input: string, name: string): Promise<{ output: string; err: string }> {
  const output = join(dir, `${name}.tar.gz`);
  const ctx = context();
  expect(await run(['redact', input, output], ctx)).toBe(0);
  expect(ctx.out.trim()).toBe(output);
  return { output, err: ctx.err };
}

// Every log's lines, healthy containers' too: the test compares the text of each log before and after.
const read = (path: string) => readSnapshot(path, { keepPatterns: LOG_KEEP_PATTERNS, logs: 'all' });

function shape(snapshot: Snapshot): string[] {
  return snapshot.pods
    .map((p) => `${p.namespace}/${p.name} ${p.containers.map((c) => `${c.kind}:${c.name}:${c.restartCount}:${c.state ? Object.keys(c.state).join() : '-'}`).join(',')}`)
    .sort();
}

function events(snapshot: Snapshot): string[] {
  return snapshot.events.map((e) => `${e.namespace} ${e.involved.kind}/${e.involved.name} ${e.reason} ${e.count} ${e.message}`).sort();
}

/** Each container's kept log text, current and previous: the same lines must come back. */
function logs(snapshot: Snapshot, which: 'current' | 'previous'): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const pod of snapshot.pods) {
    for (const container of pod.containers) {
      const window = container.logs[which];
      if (window) out[`${pod.namespace}/${pod.name}/${container.name}`] = window.lines.map((l) => l.text);
    }
  }
  return out;
}

function causes(snapshot: Snapshot): string[] {
  return analyze([snapshot]).findings.map((f) => `${f.namespace}/${f.pod}/${f.container} ${f.cause}`).sort();
}

function tarRoots(path: string): string[] {
  const names = execFileSync('tar', ['-tzf', path], { encoding: 'utf8' }).split('\n').filter((n) => n !== '');
  return [...new Set(names.map((n) => n.split('/')[0]!))];
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'podmortem-convert-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each([
  ['must-gather', 'sample-bundles/must-gather.tar.gz'],
  ['cluster-info-dump', 'sample-bundles/cluster-info-dump.tar.gz'],
  ['troubleshoot', 'sample-bundles/legacy-troubleshoot.tar.gz'],
  ['podmortem', 'sample-bundles/shop-prod-eu.tar.gz'],
])('podmortem redact on the %s sample', (format, input) => {
  it('writes podmortem’s layout, and reading it back tells the same story', async () => {
    const { output, err } = await convert(input, `converted-${format}`);
    expect(err).toContain(`converted a ${format} bundle into a podmortem bundle`);
    expect(tarRoots(output)).toEqual([`converted-${format}`]);

    const files = await bundleFiles(output);
    const layout = /^(podmortem\.json|\.podmortem-index\.json|cluster-info\/cluster_version\.json|cluster-resources\/(nodes|namespaces)\.json|cluster-resources\/[a-z-]+\/[a-z0-9-]+\.json|cluster-resources\/pods\/logs\/[^/]+\/[^/]+\/[^/]+\.log)$/;
    expect([...files.keys()].filter((path) => !layout.test(path))).toEqual([]);
    for (const [path, bytes] of files) {
      if (path.startsWith('cluster-resources/') && path.endsWith('.json')) {
        expect(JSON.parse(bytes.toString('utf8')), path).toMatchObject({ kind: expect.stringMatching(/List$/), apiVersion: 'v1', items: expect.any(Array) });
      }
    }

    const [before, after] = await Promise.all([read(input), read(output)]);
    expect(before.bundle.format).toBe(format);
    expect(after.bundle.format).toBe('podmortem');
    expect(after.capturedAt).toBe(before.capturedAt);
    expect(shape(after)).toEqual(shape(before));
    expect(after.pods.length).toBeGreaterThan(0);
    expect(events(after)).toEqual(events(before));
    expect(logs(after, 'previous')).toEqual(logs(before, 'previous'));
    expect(logs(after, 'current')).toEqual(logs(before, 'current'));
    expect(causes(after)).toEqual(causes(before));
    expect(causes(after).length).toBeGreaterThan(0);

    const manifest = json(files, 'podmortem.json');
    expect(manifest.convertedFrom).toEqual({ format, path: input.split('/').pop() });
    expect(manifest.capturedAt).toBe(before.capturedAt);
    expect(manifest.collector.name).toBe('podmortem');
    expect(manifest.redaction.enabled).toBe(true);
    expect(manifest.collected).toEqual(expect.arrayContaining(['pods', 'events', 'logs']));
    expect(manifest.collected.includes('previous-logs')).toBe(format !== 'cluster-info-dump');
    if (format === 'must-gather') {
      expect(Object.keys(logs(after, 'previous')).length).toBeGreaterThan(0);
      // oc writes the log with --timestamps: the lines keep them, and the reader still sees a timestamped log.
      const window = after.pods.flatMap((p) => p.containers).find((c) => c.logs.previous)!.logs.previous!;
      expect(window.timestamped).toBe(true);
      expect(window.lines[0]!.text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z /);
    }
  });
});

describe('podmortem redact on a must-gather seeded with credentials', () => {
  const SECRETS = { env: 'EnvS3cret-8888zz', url: 'Amqp-S3cret-7777', log: 'LogTok3n-9999abcdef' };
  let input: string;

  beforeAll(async () => {
    const tree = join(dir, 'seeded');
    execFileSync('mkdir', ['-p', tree]);
    execFileSync('tar', ['-xzf', 'sample-bundles/must-gather.tar.gz', '-C', tree]);
    const find = (name: string) => execFileSync('find', [tree, '-path', name], { encoding: 'utf8' }).trim().split('\n')[0]!;
    const pods = find('*/namespaces/fulfilment/core/pods.yaml');
    const yaml = await readFile(pods, 'utf8');
    const seededYaml = yaml
      .replace('value: amqps://broker-amqps-0-svc', `value: amqps://sync:${SECRETS.url}@broker-amqps-0-svc`)
      .replace('    - env:\n', `    - env:\n      - name: BROKER_PASSWORD\n        value: ${SECRETS.env}\n`);
    expect(seededYaml).toContain(SECRETS.env);
    expect(seededYaml).toContain(SECRETS.url);
    await writeFile(pods, seededYaml);
    const log = find('*/order-sync/order-sync/logs/previous.log');
    const lines = (await readFile(log, 'utf8')).split('\n');
    lines.splice(1, 0, `2026-11-18T07:03:10.100000000Z DEBUG order_sync.amqp: auth header: token=${SECRETS.log}`);
    await writeFile(log, lines.join('\n'));
    input = join(dir, 'seeded-must-gather.tar.gz');
    const [top] = await readdir(tree);
    execFileSync('tar', ['-czf', input, '-C', tree, top!]);
  });

  it('leaves none of them in any byte, and the analysis gives the same causes', async () => {
    const { output } = await convert(input, 'seeded-out');
    const files = await bundleFiles(output);
    const raw = gunzipAll(await readFile(output));
    for (const secret of Object.values(SECRETS)) {
      expect(raw.includes(secret), secret).toBe(false);
      expect([...files].filter(([, bytes]) => bytes.toString('latin1').includes(secret)).map(([path]) => path), secret).toEqual([]);
    }
    const manifest = json(files, 'podmortem.json');
    const rules = manifest.redaction.files.map((f: { file: string; rule: string }) => `${f.file} ${f.rule}`);
    expect(rules).toEqual(expect.arrayContaining(['cluster-resources/pods/fulfilment.json secret-env']));
    expect(rules.some((r: string) => r.startsWith('cluster-resources/pods/logs/fulfilment/order-sync-') && r.includes('order-sync-previous.log'))).toBe(true);
    const [before, after] = await Promise.all([read(input), read(output)]);
    expect(causes(after)).toEqual(causes(before));
    expect(shape(after)).toEqual(shape(before));
  });
});

function gunzipAll(bytes: Buffer): string {
  return execFileSync('gzip', ['-dc'], { input: bytes, maxBuffer: 1 << 28 }).toString('latin1');
}

describe('podmortem redact on a cluster-info dump logs.txt', () => {
  it('cuts each container’s section out of logs.txt, keeps head and tail within the budget, and carries log errors', async () => {
    const input = join(dir, 'dump');
    const ns = join(input, 'shop');
    execFileSync('mkdir', ['-p', join(ns, 'api-1')]);
    const status = (name: string) => ({ name, ready: false, restartCount: 2, image: `shop/${name}:1`, imageID: '', state: { waiting: { reason: 'CrashLoopBackOff' } } });
    await writeFile(join(input, 'nodes.json'), JSON.stringify({ kind: 'NodeList', apiVersion: 'v1', items: [{ metadata: { name: 'node-1' } }] }));
    await writeFile(
      join(ns, 'pods.json'),
      JSON.stringify({
        kind: 'PodList',
        apiVersion: 'v1',
        items: [
          {
            metadata: { name: 'api-1', namespace: 'shop', uid: 'u1', creationTimestamp: '2026-11-25T09:00:00Z' },
            spec: { containers: ['api', 'proxy', 'agent'].map((name) => ({ name, image: `shop/${name}:1` })) },
            status: { phase: 'Running', containerStatuses: ['api', 'proxy', 'agent'].map(status) },
          },
        ],
      }),
    );
    await writeFile(join(ns, 'events.json'), JSON.stringify({ kind: 'EventList', apiVersion: 'v1', items: [] }));
    const api = Array.from({ length: 40 }, (_, i) => `api line ${i + 1}`);
    const marker = (edge: string, c: string) => `==== ${edge} logs for container ${c} of pod shop/api-1 ====`;
    await writeFile(
      join(ns, 'api-1', 'logs.txt'),
      [
        marker('START', 'api'),
        ...api,
        marker('END', 'api'),
        marker('START', 'proxy'),
        'proxy up',
        `proxy password=ProxyS3cret-4242 then crash${marker('END', 'proxy')}`,
        marker('START', 'agent'),
        'Request log error: the server rejected our request for an unknown reason (get pods api-1)',
        marker('END', 'agent'),
        '',
      ].join('\n'),
    );

    const output = join(dir, 'dump-out.tar.gz');
    const ctx = context();
    expect(await run(['redact', '--log-head', '5', '--log-tail', '10', input, output], ctx)).toBe(0);
    const files = await bundleFiles(output);
    const apiLog = files.get('cluster-resources/pods/logs/shop/api-1/api.log')!.toString('utf8').split('\n');
    expect(apiLog.slice(0, 5)).toEqual(api.slice(0, 5));
    expect(apiLog[5]).toMatch(/^\[podmortem: 25 lines \(\d+ bytes\) cut here/);
    expect(apiLog.slice(6, 16)).toEqual(api.slice(30));
    expect(apiLog.some((line) => line.includes('===='))).toBe(false);
    const proxyLog = files.get('cluster-resources/pods/logs/shop/api-1/proxy.log')!.toString('utf8');
    expect(proxyLog).toMatch(/^proxy up\nproxy password=<redacted:[a-z-]+:[0-9a-f]{8}> then crash\n$/);
    expect(files.has('cluster-resources/pods/logs/shop/api-1/agent.log')).toBe(false);
    expect(files.get('cluster-resources/pods/logs/shop/api-1/agent-logs-errors.log')!.toString('utf8')).toContain('Request log error: the server rejected our request');

    const manifest = json(files, 'podmortem.json');
    expect(manifest.logPolicy).toMatchObject({ headLines: 5, tailLines: 10, cut: [{ file: 'cluster-resources/pods/logs/shop/api-1/api.log', droppedLines: 25 }] });
    expect(manifest.errors).toContainEqual(expect.objectContaining({ target: 'logs/shop/api-1/agent', message: expect.stringContaining('Request log error') }));
    expect(manifest.convertedFrom).toEqual({ format: 'cluster-info-dump', path: 'dump' });

    const after = await read(output);
    const container = (name: string) => after.pods[0]!.containers.find((c) => c.name === name)!;
    expect(container('api').logs.current!.totalLines).toBe(16);
    expect(container('agent').logs.errors.join('\n')).toContain('Request log error');
  });
});
