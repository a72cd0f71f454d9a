/**
 * k9s cannot be installed here (no package; building it from source is out of the question on this machine), so
 * this test drives the request sequence k9s makes for its pod list, describe and log views, read from its source
 * (derailed/k9s internal/client/client.go CanI, internal/dao/log_options.go, client-go's Reflector for informers),
 * and checks every answer: access reviews before each view (one per verb, JSON or protobuf bodies), informers'
 * list from resourceVersion 0 and their watch from the list's version (open and silent until timeoutSeconds),
 * `kubectl describe`'s reads, and the log view, which always asks for timestamps and cuts the first word of each
 * line off as the time.
 */
import { request as httpRequest } from 'node:http';
import { expect, test } from 'vitest';
import { serveKindsFixture, SPRING_LOG } from './kinds-fixtures.js';

const served = serveKindsFixture();

interface Answer {
  status: number;
  contentType: string;
  body: string;
  ms: number;
}

function call(method: string, path: string, options: { body?: Buffer | string; contentType?: string; accept?: string } = {}): Promise<Answer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: served.port,
        path,
        method,
        headers: {
          Accept: options.accept ?? 'application/json, */*',
          'User-Agent': 'k9s/v0.50.16 (linux/amd64)',
          ...(options.contentType ? { 'Content-Type': options.contentType } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body: Buffer.concat(chunks).toString(), ms: Date.now() - started }),
        );
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(options.body);
  });
}

// A tiny protobuf writer for the SelfSubjectAccessReview client-go sends as application/vnd.kubernetes.protobuf.
const varint = (n: number): Buffer => {
  const bytes: number[] = [];
  while (n > 0x7f) {
    bytes.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  bytes.push(n);
  return Buffer.from(bytes);
};
const field = (number: number, value: Buffer | string) => {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  return Buffer.concat([varint((number << 3) | 2), varint(bytes.length), bytes]);
};
function protobufReview(attributes: { namespace: string; verb: string; resource: string; subresource?: string }): Buffer {
  const resourceAttributes = Buffer.concat([
    field(1, attributes.namespace),
    field(2, attributes.verb),
    field(5, attributes.resource),
    ...(attributes.subresource ? [field(6, attributes.subresource)] : []),
  ]);
  const review = Buffer.concat([field(1, Buffer.alloc(0)), field(2, field(1, resourceAttributes))]);
  const typeMeta = Buffer.concat([field(1, 'authorization.k8s.io/v1'), field(2, 'SelfSubjectAccessReview')]);
  return Buffer.concat([Buffer.from('k8s\0', 'binary'), field(1, typeMeta), field(2, review), field(3, ''), field(4, '')]);
}

/** k9s's CanI: one review per verb, stopping at the first denial. */
async function canI(namespace: string, resource: string, verbs: string[], encoding: 'json' | 'protobuf', subresource?: string): Promise<boolean> {
  for (const verb of verbs) {
    const body =
      encoding === 'json'
        ? JSON.stringify({ kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', spec: { resourceAttributes: { namespace, verb, resource, ...(subresource ? { subresource } : {}) } } })
        : protobufReview({ namespace, verb, resource, subresource });
    const answer = await call('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      body,
      contentType: encoding === 'json' ? 'application/json' : 'application/vnd.kubernetes.protobuf',
    });
    expect(answer.status).toBe(201);
    const review = JSON.parse(answer.body);
    expect(review.spec.resourceAttributes).toMatchObject({ verb, resource, ...(namespace ? { namespace } : {}) });
    if (!review.status.allowed) return false;
  }
  return true;
}

test('start-up: version, discovery, no metrics group', async () => {
  expect(JSON.parse((await call('GET', '/version?timeout=32s')).body).gitVersion).toBe('v1.30.4');
  const groups = JSON.parse((await call('GET', '/apis')).body).groups.map((g: { name: string }) => g.name);
  expect(groups).toContain('authorization.k8s.io');
  expect(groups).not.toContain('metrics.k8s.io');
  const core = JSON.parse((await call('GET', '/api/v1')).body).resources;
  expect(core.find((r: { name: string }) => r.name === 'pods').verbs).toEqual(['get', 'list', 'watch']);
});

test('pod list view: access reviews, then an informer lists from 0 and watches from the list version until its timeout', async () => {
  expect(await canI('', 'namespaces', ['list', 'watch'], 'json')).toBe(true);
  expect(await canI('shop', 'pods', ['list', 'watch'], 'protobuf')).toBe(true);
  const list = JSON.parse((await call('GET', '/api/v1/namespaces/shop/pods?limit=500&resourceVersion=0')).body) as { items: Array<{ metadata: { name: string } }>; metadata: { resourceVersion: string } };
  expect(list.items.map((p) => p.metadata.name)).toEqual(['api-1']);
  const version = list.metadata.resourceVersion;
  const watch = await call('GET', `/api/v1/namespaces/shop/pods?allowWatchBookmarks=true&resourceVersion=${version}&timeoutSeconds=1&watch=true`);
  expect(watch.status).toBe(200);
  expect(watch.body).toBe(''); // nothing changes in a snapshot
  expect(watch.ms).toBeGreaterThanOrEqual(900);
  expect(watch.ms).toBeLessThan(3000);
});

test('describe view: the pod and its events', async () => {
  expect(await canI('shop', 'pods', ['get'], 'json')).toBe(true);
  const pod = JSON.parse((await call('GET', '/api/v1/namespaces/shop/pods/api-1', { accept: 'application/vnd.kubernetes.protobuf, */*' })).body);
  expect(pod.metadata.uid).toBe('uid-shop-api-1');
  const events = await call('GET', `/api/v1/namespaces/shop/events?fieldSelector=involvedObject.name%3Dapi-1%2CinvolvedObject.namespace%3Dshop%2CinvolvedObject.uid%3Duid-shop-api-1&limit=500`);
  expect(JSON.parse(events.body).kind).toBe('EventList');
});

test('log view: access review for pods/log, then follow with tail and timestamps; k9s shows each line whole', async () => {
  expect(await canI('shop', 'pods', ['get'], 'protobuf', 'log')).toBe(true);
  const log = await call('GET', '/api/v1/namespaces/shop/pods/api-1/log?container=api&follow=true&tailLines=100&timestamps=true');
  expect(log.status).toBe(200);
  const lines = log.body.split('\n').slice(0, -1);
  // k9s cuts everything up to the first space off as the time: what is left must be the app's own lines.
  expect(lines.map((line) => line.slice(line.indexOf(' ') + 1)).join('\n') + '\n').toBe(SPRING_LOG);
  for (const line of lines) expect(line).toMatch(/^2024-05-01T12:00:00\.000000000Z /);
});

test('writes are denied in the review, as k9s asks before delete or edit', async () => {
  expect(await canI('shop', 'pods', ['delete'], 'json')).toBe(false);
  expect(await canI('shop', 'pods', ['patch'], 'protobuf')).toBe(false);
});
