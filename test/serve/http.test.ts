/**
 * The HTTP surface directly: what kubectl sends without thinking (Table negotiation, includeObject, openapi), what it
 * never sends but a hostile or broken client might (traversal, huge URLs and headers, slow or many clients), and the
 * log endpoint's query parameters. Every answer is a Status with Cache-Control, and the server keeps serving.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServe, type ServeHandle } from '../../src/serve/index.js';
import { API_POD, makeFixtures, PREVIOUS_LOG, release, type Fixtures } from './fixtures.js';

let fixtures: Fixtures;
let handle: ServeHandle;
let port: number;

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

beforeAll(async () => {
  fixtures = await makeFixtures();
  handle = await startServe([fixtures.production], { limits: { headersTimeoutMs: 1000, requestTimeoutMs: 2000 } });
  port = Number(new URL(handle.contexts[0]!.url).port);
});

afterAll(async () => {
  await release(handle, fixtures);
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(path: string, options: { method?: string; accept?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { ...(options.accept ? { Accept: options.accept } : {}), ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.setTimeout(5000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Sends raw bytes and returns whatever the server answers before closing. */
function raw(bytes: string, waitMs = 4000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (c) => (received += c.toString()));
    socket.on('close', () => resolve(received));
    socket.on('error', () => resolve(received));
    socket.setTimeout(waitMs, () => {
      socket.destroy();
      resolve(received);
    });
    socket.write(bytes);
  });
}

describe('protocol details kubectl depends on', () => {
  test('every answer, success or failure, carries Cache-Control: no-cache, private', async () => {
    for (const path of ['/version', '/api/v1/pods', '/nope', '/api/v1/namespaces/shop/pods/nope']) {
      expect((await call(path)).headers['cache-control'], path).toBe('no-cache, private');
    }
  });

  test('/openapi/v2 is an empty protobuf document with the exact content type; /openapi/v3 carries only explanations', async () => {
    const v2 = await call('/openapi/v2', { accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' });
    expect(v2.status).toBe(200);
    expect(v2.headers['content-type']).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    expect(v2.body).toBe('');
    const v3 = JSON.parse((await call('/openapi/v3')).body);
    expect(v3.paths['api/v1']).toEqual({ serverRelativeURL: '/openapi/v3/api/v1?hash=podmortem' });
    expect(v3.paths['apis/apps/v1']).toBeDefined();
    const core = JSON.parse((await call('/openapi/v3/api/v1?hash=podmortem')).body);
    expect(core.paths['/api/v1/namespaces/{namespace}/pods'].get['x-kubernetes-group-version-kind']).toEqual({ group: '', kind: 'Pod', version: 'v1' });
    expect(core.components.schemas['io.podmortem.v1.Pod'].description).toContain('podmortem serve has no field schemas');
    const missing = await call('/openapi/v3/apis/nope.example.com/v1');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 });
  });

  test('includeObject: Metadata by default, Object with the full object, None without', async () => {
    const path = `/api/v1/namespaces/shop/pods/${API_POD}`;
    const metadata = JSON.parse((await call(path, { accept: TABLE })).body);
    expect(metadata.kind).toBe('Table');
    expect(metadata.rows).toHaveLength(1);
    expect(metadata.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: API_POD } });
    expect(metadata.rows[0].object.spec).toBeUndefined();
    const full = JSON.parse((await call(`${path}?includeObject=Object`, { accept: TABLE })).body);
    expect(full.rows[0].object).toMatchObject({ kind: 'Pod', apiVersion: 'v1', spec: { nodeName: 'node-1' } });
    const none = JSON.parse((await call(`${path}?includeObject=None`, { accept: TABLE })).body);
    expect(none.rows[0].object).toBeUndefined();
    expect((await call(`${path}?includeObject=Everything`, { accept: TABLE })).status).toBe(400);
  });

  test('a Table has every column, wide ones with priority 1, integers as numbers', async () => {
    const table = JSON.parse((await call('/apis/apps/v1/namespaces/shop/replicasets', { accept: TABLE })).body);
    expect(table.columnDefinitions.map((c: { name: string; priority: number }) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0', 'Desired:0', 'Current:0', 'Ready:0', 'Age:0', 'Containers:1', 'Images:1', 'Selector:1',
    ]);
    expect(table.rows[0].cells.slice(0, 4)).toEqual(['api-7c9d8f', 2, 2, 1]);
  });

  test('NotFound bodies name the qualified resource; unknown paths get the generic 404', async () => {
    const deployment = JSON.parse((await call('/apis/apps/v1/namespaces/shop/deployments/nope')).body);
    expect(deployment).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'deployments.apps "nope" not found', reason: 'NotFound',
      details: { name: 'nope', group: 'apps', kind: 'deployments' }, code: 404,
    });
    const unknown = JSON.parse((await call('/apis/metrics.k8s.io/v1beta1/pods')).body);
    expect(unknown).toMatchObject({ message: 'the server could not find the requested resource', reason: 'NotFound', code: 404 });
    expect((await call('/api/v1/namespaces/shop/nodes/node-1')).status).toBe(404);
  });

  test('every non-GET method is a 405 read-only Status, whatever the body', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const body = '\x0a\x0bk8s\x00protobuf';
      const headers = { 'Content-Type': 'application/vnd.kubernetes.protobuf', 'Content-Length': String(Buffer.byteLength(body)) };
      const answer = await call('/api/v1/namespaces/shop/pods/db-0', { method, body, headers });
      expect(answer.status, `${method}: ${answer.body}`).toBe(405);
      expect(JSON.parse(answer.body)).toMatchObject({ reason: 'MethodNotAllowed', message: `podmortem serves a read-only snapshot: ${method} on pods "db-0" is not allowed` });
    }
    // The deprecated /watch/ paths are refused; ?watch=true is served (see watch.test.ts).
    expect((await call('/api/v1/watch/pods')).status).toBe(405);
  });
});

describe('logs endpoint parameters', () => {
  const log = (query: string) => call(`/api/v1/namespaces/shop/pods/${API_POD}/log?${query}`);

  test('tailLines then limitBytes, as the kubelet applies them', async () => {
    expect((await log('container=api&previous=true&tailLines=1')).body).toBe(PREVIOUS_LOG.slice(-1).join('\n') + '\n');
    expect((await log('container=api&previous=true&tailLines=2&limitBytes=5')).body).toBe('FATAL');
    expect((await log('container=api&previous=true&tailLines=0')).body).toBe('');
  });

  test('the apiserver\'s container rules for direct callers', async () => {
    const missing = JSON.parse((await log('')).body);
    expect(missing).toMatchObject({ code: 400, message: `a container name must be specified for pod ${API_POD}, choose one of: [api sidecar]` });
    const unknown = JSON.parse((await log('container=nope')).body);
    expect(unknown.message).toBe(`container nope is not valid for pod ${API_POD}`);
    const single = await call('/api/v1/namespaces/shop/pods/db-0/log');
    expect(single.body).toBe('database system is ready to accept connections\n');
    expect((await log('container=api&tailLines=-1')).status).toBe(400);
  });

  test('a container whose log the collector did not capture says so instead of looking empty', async () => {
    const answer = await call('/api/v1/namespaces/shop/pods/migrate-hx7lp/log?container=wait-db');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).message).toBe('podmortem: the bundle holds no log for container "wait-db" in pod "migrate-hx7lp"');
  });

  test('repeated reads are served from the bounded cache', async () => {
    const files = handle.contexts[0]!.cluster.files;
    const before = { ...files.stats };
    await log('container=sidecar');
    await log('container=sidecar');
    expect(files.stats.reads + files.stats.hits - before.reads - before.hits).toBe(2);
    expect(files.stats.hits).toBeGreaterThan(before.hits);
  });
});

describe('hostile input: answered or refused, and the server keeps serving', () => {
  test('traversal in paths and names only ever misses', async () => {
    for (const path of [
      '/api/v1/namespaces/shop/pods/..%2F..%2Fetc%2Fpasswd/log?container=api',
      '/api/v1/namespaces/../../etc/pods',
      '/api/v1/namespaces/shop/pods/%2e%2e/log',
      '/api/v1/namespaces/shop/pods/%00/log',
      '/api/v1/namespaces/shop/pods/%E0%A4%A/log',
      '//etc/passwd',
      '/api/v1/namespaces/shop/pods?labelSelector=..%2F..%2Fetc',
    ]) {
      const answer = await call(path);
      expect([400, 404], path).toContain(answer.status);
      expect(JSON.parse(answer.body).kind, path).toBe('Status');
      expect(answer.body, path).not.toMatch(/root:|at .*\.ts:\d+/);
    }
  });

  test('a huge URL gets 414, huge headers 431, and a normal request still works after', async () => {
    const long = await call(`/api/v1/pods?labelSelector=${'a'.repeat(20_000)}`);
    expect(long.status).toBe(414);
    expect(JSON.parse(long.body).reason).toBe('RequestURITooLong');
    const headers = await raw(`GET /version HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(40_000)}\r\n\r\n`);
    expect(headers).toMatch(/^HTTP\/1\.1 431/);
    expect((await call('/version')).status).toBe(200);
  });

  test('a client that never finishes its request head is cut off, and others are served meanwhile', async () => {
    const slow = raw('GET /version HTTP/1.1\r\nHost: x\r\n', 8000);
    expect((await call('/api/v1/namespaces/shop/pods')).status).toBe(200);
    const answer = await slow;
    expect(answer === '' || /^HTTP\/1\.1 408/.test(answer)).toBe(true);
  });

  test('garbage on the wire gets a 400, not a crash', async () => {
    expect(await raw('NOT HTTP AT ALL\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect((await call('/version')).status).toBe(200);
  });

  test('a hundred concurrent requests, lists and logs mixed, all answered', async () => {
    const paths = Array.from({ length: 100 }, (_, i) =>
      i % 2 === 0 ? `/api/v1/namespaces/shop/pods/${API_POD}/log?container=api&previous=true` : '/api/v1/pods?labelSelector=app%20in%20(api,web)',
    );
    const answers = await Promise.all(paths.map((p) => call(p, { accept: TABLE })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers[0]!.body).toBe(PREVIOUS_LOG.join('\n') + '\n');
  });
});
