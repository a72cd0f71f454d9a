/**
 * serve's guards, at the HTTP level with small limits: the Host check against DNS rebinding, the connection cap and
 * the timeouts under a few slow clients (as docs/serve.md describes them), and what a watch sends: ADDED events from
 * version 0, the WatchList bookmark, and silence (not the idle timeout's cut) until its own deadline.
 */
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { expect, test } from 'vitest';
import { serveKindsFixture } from './kinds-fixtures.js';

const served = serveKindsFixture({ limits: { maxConnections: 4, headersTimeoutMs: 1000, requestTimeoutMs: 2000, idleTimeoutMs: 1500 } });

function get(path: string, host?: string): Promise<{ status: number; body: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: served.port, path, agent: false, headers: host === undefined ? {} : { Host: host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), ms: Date.now() - started }));
    });
    req.setTimeout(8000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

function openSocket(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(served.port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

const closed = (socket: Socket) => new Promise<number>((resolve) => {
  const started = Date.now();
  socket.on('close', () => resolve(Date.now() - started));
});

test('a request whose Host is not an IP address or localhost with the served port is refused (DNS rebinding)', async () => {
  for (const host of ['attacker.example', `attacker.example:${served.port}`, `127.0.0.1:${served.port + 1}`, `localhost.attacker.example:${served.port}`]) {
    const answer = await get('/api/v1/pods', host);
    expect(answer.status, host).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ kind: 'Status', reason: 'Forbidden', message: expect.stringContaining('DNS rebinding') });
  }
  for (const host of [`127.0.0.1:${served.port}`, `localhost:${served.port}`]) expect((await get('/version', host)).status, host).toBe(200);
});

test('a watch from version 0 sends each object as ADDED; sendInitialEvents ends with the bookmark', async () => {
  const fromZero = await get('/api/v1/namespaces/shop/pods?watch=true&resourceVersion=0&timeoutSeconds=1');
  const events = fromZero.body.trim().split('\n').map((line) => JSON.parse(line));
  expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'api-1']]);
  const watchList = await get('/api/v1/namespaces/shop/pods?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1');
  const types = watchList.body.trim().split('\n').map((line) => JSON.parse(line));
  expect(types.map((e) => e.type)).toEqual(['ADDED', 'BOOKMARK']);
  expect(types[1].object.metadata.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
});

test('a silent watch outlives the idle timeout and ends at its own deadline', async () => {
  const answer = await get('/api/v1/pods?watch=true&resourceVersion=1&timeoutSeconds=3');
  expect(answer.status).toBe(200);
  expect(answer.body).toBe('');
  expect(answer.ms).toBeGreaterThanOrEqual(2900);
});

test('slow clients: past the connection cap new connections are dropped; slow heads are cut, idle sockets closed', async () => {
  // Four clients that start a request and never finish its head hold every slot.
  const slow = await Promise.all([0, 1, 2, 3].map(() => openSocket()));
  const slowClosed = slow.map(closed);
  for (const socket of slow) socket.write('GET /api/v1/pods HTTP/1.1\r\nHost: 127.0.0.1\r\n');
  await new Promise((r) => setTimeout(r, 100));
  await expect(get('/version')).rejects.toThrow();
  // The head timeout (1 s here, 10 s by default) frees the slots; the server then answers again.
  const cut = await Promise.all(slowClosed);
  for (const ms of cut) expect(ms).toBeLessThan(3500);
  expect((await get('/version')).status).toBe(200);
  // A connection that sends nothing at all is closed by the idle timeout.
  const idle = await openSocket();
  expect(await closed(idle)).toBeLessThan(4000);
});
