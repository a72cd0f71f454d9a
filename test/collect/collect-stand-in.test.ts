/**
 * The real collector with the real /usr/bin/kubectl against a stand-in apiserver seeded with crashes and
 * credentials of every kind: the bundle read back has every pod, container, event and previous log, none of the
 * credentials in any byte, a 403 recorded with the rest collected, and a cut log recorded in the manifest.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, type CollectOptions, type CollectResult } from '../../src/collect/collector.js';
import { COLLECT_DEFAULTS } from '../../src/collect/flags.js';
import { UserError } from '../../src/util/errors.js';
import { run } from '../../src/cli/main.js';
import { analyze } from '../../src/analyze/index.js';
import { readSnapshot } from '../../src/reader/index.js';
import { TOKEN_PATTERN } from '../../src/redact/text.js';
import { bundleFiles, json } from './bundle-files.js';
import { FakeApiServer, kubeconfigFor } from './fake-apiserver.js';
import { BIG_LOG_LINES, EVIDENCE, PEM_KEYS, scenario, SECRETS } from './scenario.js';

const KUBECTL = '/usr/bin/kubectl';
const cluster = scenario();
const server = new FakeApiServer(cluster);
let dir: string;
let kubeconfig: string;
let home: string;

function options(extra: Partial<CollectOptions> = {}): CollectOptions {
  return {
    kubectl: KUBECTL,
    kubeconfig,
    namespaces: ['shop', 'payments'],
    allNamespaces: false,
    cwd: dir,
    force: false,
    redact: true,
    concurrency: COLLECT_DEFAULTS.concurrency,
    timeoutMs: 30_000,
    budget: { headLines: 100, tailLines: 300, maxBytes: 200_000, maxLineBytes: 16 * 1024 },
    env: { PATH: process.env.PATH, HOME: home },
    signal: new AbortController().signal,
    now: new Date('2026-11-25T10:00:00Z'),
    ...extra,
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'podmortem-collect-'));
  home = join(dir, 'home');
  await writeFile(join(dir, '.keep'), '');
  await import('node:fs/promises').then((fs) => fs.mkdir(home));
  const url = await server.start();
  kubeconfig = join(dir, 'kubeconfig.yaml');
  await writeFile(kubeconfig, kubeconfigFor(url, 'shop'));
});

afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('podmortem collect with the real kubectl against a stand-in apiserver', () => {
  let result: CollectResult;
  let files: Map<string, Buffer>;

  beforeAll(async () => {
    result = await collect(options({ output: join(dir, 'bundle.tar.gz') }));
    files = await bundleFiles(result.output);
  }, 120_000);

  it('writes the cluster version in troubleshoot’s shape and the manifest', () => {
    expect(json(files, 'cluster-info/cluster_version.json')).toMatchObject({ info: { gitVersion: 'v1.30.4', minor: '30' }, string: 'v1.30.4' });
    const manifest = json(files, 'podmortem.json');
    expect(manifest).toMatchObject({
      formatVersion: 2,
      capturedAt: '2026-11-25T10:00:00.000Z',
      kubeContext: 'stand-in',
      clusterName: 'stand-in',
      serverVersion: 'v1.30.4',
      namespaces: ['shop', 'payments'],
      collector: { name: 'podmortem' },
    });
    expect(manifest.kubectlVersion).toMatch(/^v1\.\d+\.\d+/);
    for (const kind of ['pods', 'events', 'deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs', 'services', 'endpoints', 'resourcequotas', 'configmaps', 'secrets', 'nodes', 'namespaces', 'logs', 'previous-logs']) {
      expect(manifest.collected).toContain(kind);
    }
  });

  it('has every pod and container of the source, and every event', () => {
    for (const namespace of ['shop', 'payments']) {
      const pods = json(files, `cluster-resources/pods/${namespace}.json`).items;
      const source = cluster.objects.pods!.filter((p) => p.metadata.namespace === namespace);
      expect(pods.map((p: any) => p.metadata.name).sort()).toEqual(source.map((p) => p.metadata.name).sort());
      for (const sourcePod of source) {
        const collected = pods.find((p: any) => p.metadata.name === sourcePod.metadata.name);
        const names = (pod: any) => [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((c: any) => c.name);
        expect(names(collected)).toEqual(names(sourcePod));
        expect(collected.status).toEqual(sourcePod.status);
      }
      const events = json(files, `cluster-resources/events/${namespace}.json`).items;
      const sourceEvents = cluster.objects.events!.filter((e) => e.metadata.namespace === namespace);
      expect(events.map((e: any) => [e.reason, e.involvedObject.fieldPath ?? null]).sort()).toEqual(
        sourceEvents.map((e) => [e.reason, e.involvedObject.fieldPath ?? null]).sort(),
      );
    }
  });

  it('collects the previous log of every restarted container: init sidecar, crash-looping, and healthy-again ones', () => {
    const log = (path: string) => files.get(`cluster-resources/pods/logs/${path}`)?.toString('utf8');
    expect(log('shop/api-7c9d5b6f4-x2x9k/api-previous.log')).toContain(EVIDENCE.apiPreviousHead);
    expect(log('shop/api-7c9d5b6f4-x2x9k/api-previous.log')).toContain(EVIDENCE.apiPreviousTail);
    expect(log('shop/api-7c9d5b6f4-x2x9k/proxy-previous.log')).toContain(EVIDENCE.proxyPrevious);
    // web-0 is Running and Ready again: troubleshoot skips this log, podmortem does not.
    expect(log('shop/web-0/web-previous.log')).toContain(EVIDENCE.webPrevious);
    expect(log('shop/api-7c9d5b6f4-x2x9k/migrate.log')).toContain(EVIDENCE.initLog);
    expect(log('shop/api-7c9d5b6f4-x2x9k/api-previous.log')).toContain(EVIDENCE.host);
    // No previous log where there was no previous instance.
    expect(files.has('cluster-resources/pods/logs/shop/api-7c9d5b6f4-x2x9k/migrate-previous.log')).toBe(false);
    expect(files.has('cluster-resources/pods/logs/payments/worker-0/worker-previous.log')).toBe(false);
  });

  it('records a log that could not be fetched, with kubectl’s message, next to where the log would be', () => {
    const errors = files.get('cluster-resources/pods/logs/shop/pending-1/app-logs-errors.log')?.toString('utf8');
    expect(errors).toContain('is waiting to start: ContainerCreating');
    expect(result.manifest.errors).toContainEqual(
      expect.objectContaining({ target: 'logs/shop/pending-1/app', command: 'kubectl --context stand-in logs --namespace=shop --container=app -- pending-1' }),
    );
    // Format version 2: what the error is about, as data, in the manifest written to the bundle.
    expect(json(files, 'podmortem.json').errors).toContainEqual(
      expect.objectContaining({ target: 'logs/shop/pending-1/app', subject: { kind: 'logs', namespace: 'shop', name: 'pending-1', container: 'app', previous: false } }),
    );
  });

  it('records a 403 for one kind and namespace and collects the rest', () => {
    const forbidden = result.manifest.errors.find((e) => e.target === 'secrets/payments');
    expect(forbidden).toBeDefined();
    expect(forbidden!.subject).toEqual({ kind: 'secrets', namespace: 'payments' });
    expect(forbidden!.command).toBe('kubectl --context stand-in get secrets --namespace=payments -o json');
    expect(forbidden!.message).toContain('Error from server (Forbidden): secrets is forbidden');
    expect(result.manifest.errors.find((e) => e.target === 'limitranges/payments')).toBeDefined();
    expect(files.has('cluster-resources/secrets/payments.json')).toBe(false);
    expect(files.has('cluster-resources/secrets/shop.json')).toBe(true);
    expect(files.has('cluster-resources/pods/payments.json')).toBe(true);
    expect(json(files, 'cluster-resources/secrets-errors.json')[0]).toContain('forbidden');
  });

  it('keeps the head and the tail of a log over the budget and records the cut', () => {
    const log = files.get('cluster-resources/pods/logs/payments/worker-0/worker.log')!.toString('utf8');
    const lines = log.trimEnd().split('\n');
    expect(lines[0]).toBe('worker starting: first line of the log');
    expect(lines[lines.length - 1]).toBe('worker killed: last line of the log');
    expect(log).toMatch(/\[podmortem: \d+ lines \(\d+ bytes\) cut here/);
    expect(Buffer.byteLength(log)).toBeLessThanOrEqual(200_000 + 200);
    const cut = result.manifest.logPolicy.cut.find((c) => c.file === 'cluster-resources/pods/logs/payments/worker-0/worker.log');
    expect(cut).toBeDefined();
    expect(cut!.droppedLines).toBe(BIG_LOG_LINES - (lines.length - 1));
    expect(result.manifest.logPolicy).toMatchObject({ headLines: 100, tailLines: 300, maxBytes: 200_000 });
  });

  it('leaves no planted credential anywhere in any byte of the bundle', () => {
    const needles = [
      ...Object.values(SECRETS),
      Buffer.from(SECRETS.secretData).toString('base64'),
      Buffer.from(SECRETS.dbPassword).toString('base64'),
      ...PEM_KEYS.flatMap((pem) => pem.trim().split('\n').slice(1, -1)),
      ...PEM_KEYS.map((pem) => JSON.stringify(pem).slice(40, 80)),
      ...PEM_KEYS.map((pem) => Buffer.from(pem).toString('base64').slice(20, 60)),
    ];
    const leaks: string[] = [];
    for (const [path, bytes] of files) {
      const text = bytes.toString('latin1');
      for (const needle of needles) if (text.includes(needle)) leaks.push(`${path}: ${needle.slice(0, 24)}…`);
    }
    expect(leaks).toEqual([]);
  });

  it('keeps key names of ConfigMaps and Secrets, and reports per file and rule what was masked', () => {
    const configmap = json(files, 'cluster-resources/configmaps/shop.json').items[0];
    expect(configmap.data).toEqual({ 'app.properties': '***HIDDEN***', LOG_LEVEL: '***HIDDEN***' });
    const secret = json(files, 'cluster-resources/secrets/shop.json').items[0];
    expect(Object.keys(secret.data).sort()).toEqual(['password', 'token']);
    const report = result.manifest.redaction;
    expect(report.enabled).toBe(true);
    const rules = (file: string) => report.files.filter((f) => f.file === file).map((f) => f.rule);
    expect(rules('cluster-resources/pods/shop.json')).toEqual(expect.arrayContaining(['secret-env', 'url-password', 'secret-flag', 'secret-field']));
    expect(rules('cluster-resources/pods/logs/shop/api-7c9d5b6f4-x2x9k/api-previous.log')).toEqual(
      expect.arrayContaining(['url-password', 'secret-pair', 'authorization', 'jwt', 'aws-access-key-id', 'gcp-private-key-id', 'private-key-base64', 'github', 'gitlab-token', 'slack', 'stripe-key']),
    );
    expect(rules('cluster-resources/pods/logs/shop/api-7c9d5b6f4-x2x9k/proxy-previous.log')).toContain('private-key');
    expect(rules('cluster-resources/secrets/shop.json')).toContain('secret-values');
  });

  it('gives the same secret the same token in every file', () => {
    const tokensOf = (path: string) => new Set(files.get(path)!.toString('utf8').match(TOKEN_PATTERN)!.map((t) => t.split(':')[2]));
    const pods = tokensOf('cluster-resources/pods/shop.json');
    const log = tokensOf('cluster-resources/pods/logs/shop/api-7c9d5b6f4-x2x9k/api-previous.log');
    const deployments = tokensOf('cluster-resources/deployments/shop.json');
    // The DB URL's password (env value and log line) and the AWS key id (env value and log line).
    expect([...pods].filter((hash) => log.has(hash)).length).toBeGreaterThanOrEqual(2);
    // DB_PASSWORD in the pod's env and in the deployment's template.
    expect([...pods].filter((hash) => deployments.has(hash)).length).toBeGreaterThanOrEqual(1);
  });
});

describe('the CLI: collect --no-redact, then redact', () => {
  it('warns, records redaction off, never writes ConfigMap/Secret values, and redact removes the rest', async () => {
    const raw = join(dir, 'raw.tar.gz');
    let out = '';
    let err = '';
    const ctx = {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s), isTTY: false },
      env: { PATH: process.env.PATH, HOME: home },
      cwd: dir,
      signal: new AbortController().signal,
    };
    expect(await run(['collect', '--kubectl', KUBECTL, '--kubeconfig', kubeconfig, '-n', 'shop', '--no-redact', '-o', raw], ctx)).toBe(0);
    expect(out).toBe(`${raw}\n`);
    expect(err).toContain('warning: --no-redact');
    // Its last words: not to attach as it is, how to redact it, and the log that was not there to collect.
    expect(err).toMatch(/Do not attach raw\.tar\.gz \(\d+ KB, \d+ files\) as it is: run podmortem redact raw\.tar\.gz raw-redacted\.tar\.gz/);
    expect(err).toContain('Not there to collect (1, expected)');
    expect(err).toContain('  - logs/shop/pending-1/app: Error from server (BadRequest): container "app" in pod "pending-1" is waiting to start');
    const rawFiles = await bundleFiles(raw);
    expect(json(rawFiles, 'podmortem.json').redaction.enabled).toBe(false);
    expect(rawFiles.get('cluster-resources/pods/shop.json')!.toString()).toContain(SECRETS.dbPassword);
    expect(rawFiles.get('cluster-resources/configmaps/shop.json')!.toString()).not.toContain(SECRETS.configMapValue);
    expect(rawFiles.get('cluster-resources/secrets/shop.json')!.toString()).not.toContain(Buffer.from(SECRETS.secretData).toString('base64'));

    const redacted = join(dir, 'raw-redacted.tar.gz');
    expect(await run(['redact', raw, redacted], { ...ctx, stdout: { write: () => true } })).toBe(0);
    const files = await bundleFiles(redacted);
    const leaks = [...files].flatMap(([path, bytes]) => Object.values(SECRETS).filter((n) => bytes.toString('latin1').includes(n)).map((n) => `${path}: ${n}`));
    expect(leaks).toEqual([]);
    expect(json(files, 'podmortem.json')).toMatchObject({ kubeContext: 'stand-in', redaction: { enabled: true }, namespaces: ['shop'] });
    expect(files.get('cluster-resources/pods/logs/shop/api-7c9d5b6f4-x2x9k/api-previous.log')!.toString()).toContain(EVIDENCE.apiPreviousTail);

    // The crash evidence survives redaction: the analysis finds the same cause for every container.
    const causes = async (bundle: string) =>
      analyze([await readSnapshot(bundle)])
        .findings.map((f) => `${f.pod}/${f.container} ${f.cause} ${f.alsoSeen.map((a) => a.cause).join(',')}`)
        .sort();
    const before = await causes(raw);
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(await causes(redacted)).toEqual(before);
  }, 60_000);
});

describe('podmortem collect refuses and cleans up', () => {
  it('never replaces an existing file unless forced', async () => {
    const output = join(dir, 'existing.tar.gz');
    await writeFile(output, 'precious');
    await expect(collect(options({ output }))).rejects.toThrow(/already exists \(pass --force/);
    await expect((await import('node:fs/promises')).readFile(output, 'utf8')).resolves.toBe('precious');
  });

  it('leaves no file behind when interrupted', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'podmortem-interrupt-'));
    const controller = new AbortController();
    let aborted = false;
    const run = collect(
      options({
        output: join(outDir, 'interrupted.tar.gz'),
        signal: controller.signal,
        onProgress: (p) => {
          if (!aborted && p.current.startsWith('logs/')) {
            aborted = true;
            controller.abort();
          }
        },
      }),
    );
    await expect(run).rejects.toSatisfy((error: unknown) => error instanceof UserError && error.exitCode === 130);
    expect(aborted).toBe(true);
    expect(await readdir(outDir)).toEqual([]);
    await rm(outDir, { recursive: true, force: true });
  }, 60_000);

  it('fails clearly, writing nothing, when the cluster cannot be reached', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'podmortem-unreachable-'));
    const config = join(outDir, 'kubeconfig');
    await writeFile(config, kubeconfigFor('http://127.0.0.1:9'));
    await expect(collect(options({ kubeconfig: config, output: join(outDir, 'x.tar.gz'), timeoutMs: 5000 }))).rejects.toThrow(
      /cannot reach the cluster \(context stand-in\)/,
    );
    expect(await readdir(outDir)).toEqual(['kubeconfig']);
    await rm(outDir, { recursive: true, force: true });
  });
});
