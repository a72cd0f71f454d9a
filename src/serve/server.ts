/**
 * The HTTP transport for one served snapshot: limits on URL and header size, timeouts for slow clients, a cap on
 * connections, `Cache-Control: no-cache, private` on every answer (kubectl's http cache and the gcloud dispatcher
 * otherwise reuse another bundle's /version), and a Status body for every failure: never a stack trace, never a hang.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { answer, type Reply, type ServedCluster } from './api.js';
import { TooBusyError } from './log-files.js';
import { requestUrl, route } from './router.js';
import { checkHost } from './host.js';
import { internalError, noContainers, StatusError, tooLarge, tooManyRequests, type StatusBody } from './status.js';

export interface ServerLimits {
  /** Longest request target (path and query) accepted; longer gets 414. */
  maxUrlBytes: number;
  /** Largest request head; larger gets 431 from Node's parser. */
  maxHeaderBytes: number;
  /** Time allowed to receive the request head (slow-loris guard). */
  headersTimeoutMs: number;
  /** Time allowed to receive a whole request. */
  requestTimeoutMs: number;
  /** A socket that neither sends nor reads for this long is closed (a client that stopped reading a log). */
  idleTimeoutMs: number;
  maxConnections: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxUrlBytes: 16 * 1024,
  maxHeaderBytes: 32 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 60_000,
  maxConnections: 512,
};

/** Access reviews are a few hundred bytes; a larger POST body is not read past this. */
const MAX_BODY_BYTES = 64 * 1024;

/** The body up to `max` bytes; the rest is drained so the connection stays usable. */
function readBody(request: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      if (size < max) chunks.push(chunk.subarray(0, max - size));
      size += chunk.length;
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', () => resolve(Buffer.concat(chunks)));
  });
}

const COMMON_HEADERS = { 'Cache-Control': 'no-cache, private', 'X-Content-Type-Options': 'nosniff' };

export type ServerLog = (message: string) => void;

function sendStatus(response: ServerResponse, body: StatusBody): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(body.code, {
    ...COMMON_HEADERS,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...(body.details?.retryAfterSeconds ? { 'Retry-After': String(body.details.retryAfterSeconds) } : {}),
  });
  response.end(text);
}

function sendReply(response: ServerResponse, reply: Reply): void {
  if ('json' in reply) {
    const text = JSON.stringify(reply.json);
    response.writeHead(reply.status, { ...COMMON_HEADERS, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    response.end(text);
  } else if ('body' in reply) {
    response.writeHead(reply.status, { ...COMMON_HEADERS, 'Content-Type': reply.contentType, 'Content-Length': Buffer.byteLength(reply.body) });
    response.end(reply.body);
  } else {
    response.writeHead(reply.status, { ...COMMON_HEADERS, 'Content-Type': reply.contentType });
    // A watch may say nothing for minutes: the client must get the headers now, or it sits waiting for the response
    // itself and cannot stop the watch (kubectl wait would then outlive its --timeout by the watch's timeoutSeconds).
    if (reply.longRunning) response.flushHeaders();
    const stream = reply.stream;
    stream.on('error', () => response.destroy());
    // A stream that closes without ending would leave kubectl waiting: cut the response instead.
    stream.on('close', () => {
      if (!stream.readableEnded) response.destroy();
    });
    response.on('close', () => {
      if (!stream.destroyed) stream.destroy();
    });
    stream.pipe(response);
  }
}

/** A raw HTTP answer on a socket the parser handed over (upgrade requests: exec, port-forward, attach). */
function refuseOnSocket(socket: Socket, body: StatusBody): void {
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${body.code} ${body.reason}\r\nCache-Control: no-cache, private\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}

export function createClusterServer(cluster: ServedCluster, limits: ServerLimits = DEFAULT_LIMITS, log: ServerLog = () => {}): Server {
  const server = createServer({ maxHeaderSize: limits.maxHeaderBytes, requestTimeout: limits.requestTimeoutMs, headersTimeout: limits.headersTimeoutMs });
  server.maxConnections = limits.maxConnections;
  server.setTimeout(limits.idleTimeoutMs, (socket) => socket.destroy());

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    void handle(request, response);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      checkHost(request.headers.host, server);
      // Only POST bodies are read (the access reviews need theirs), capped; everything else is drained unread.
      const body = request.method === 'POST' ? await readBody(request, MAX_BODY_BYTES) : (request.resume(), undefined);
      const target = request.url ?? '/';
      if (Buffer.byteLength(target) > limits.maxUrlBytes) throw tooLarge('the request URL');
      const url = requestUrl(target);
      const address = server.address();
      const serverAddress = address && typeof address === 'object' ? `${address.address}:${address.port}` : '';
      const reply = await answer(cluster, {
        method: request.method ?? 'GET',
        url,
        accept: request.headers.accept,
        serverAddress,
        body,
        contentType: request.headers['content-type'],
      });
      // A watch is silent until its deadline: the idle timeout would cut it, its own deadline bounds it instead.
      if ('stream' in reply && reply.longRunning) request.socket.setTimeout(0);
      sendReply(response, reply);
    } catch (error) {
      if (error instanceof StatusError) sendStatus(response, error.body);
      else if (error instanceof TooBusyError) sendStatus(response, tooManyRequests().body);
      else {
        log(`podmortem serve: ${cluster.name}: ${request.method ?? ''} ${String(request.url).slice(0, 200)}: ${error instanceof Error ? (error.stack ?? String(error)) : String(error)}`);
        sendStatus(response, internalError().body);
      }
    }
  }

  server.on('upgrade', (request: IncomingMessage, socket: Socket) => {
    socket.on('error', () => socket.destroy());
    try {
      checkHost(request.headers.host, server);
    } catch (error) {
      refuseOnSocket(socket, (error as StatusError).body);
      return;
    }
    // exec, attach and port-forward upgrade to SPDY or WebSocket; answer before any protocol switch.
    const target = route(requestUrl(request.url ?? '/').pathname, cluster.catalog);
    const subresource = target.kind === 'subresource' ? target.subresource : 'exec';
    const pod = target.kind === 'subresource' ? target.name : undefined;
    refuseOnSocket(socket, noContainers(subresource, pod).body);
  });

  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const code = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const reason = code === 431 ? 'RequestHeaderFieldsTooLarge' : code === 408 ? 'Timeout' : 'BadRequest';
    refuseOnSocket(socket, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: code === 431 ? 'the request headers are too large' : code === 408 ? 'the request took too long to arrive' : 'malformed HTTP request',
      reason,
      code,
    });
  });

  return server;
}
