/**
 * The bulk of the benchmark bundle: healthy containers' logs in the forms real apps write (zap JSON, Go slog
 * logfmt, Spring Boot, Python logging, nginx access lines), with warnings and transient retries sprinkled in — the
 * lines a matcher must look at and let go. Deterministic: every byte follows from the container's name.
 */
import { hashInt } from '../samples/ids.js';
import type { LogStyle } from './cluster.js';
import { pick } from './pick.js';

/** A small fast pseudo-random source (LCG), seeded per log. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0);
}

const PATHS = ['/api/v1/orders', '/api/v1/cart', '/api/v1/users', '/api/v1/items', '/api/v2/search', '/healthz', '/metrics', '/api/v1/payments'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'GET', 'PUT', 'GET', 'DELETE'];
const AGENTS = ['Go-http-client/1.1', 'kube-probe/1.30', 'okhttp/4.12.0', 'python-requests/2.32.3', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36'];
const CLASSES = ['c.e.bench.api.OrderController', 'c.e.bench.api.CartService', 'o.s.web.servlet.DispatcherServlet', 'c.e.bench.repo.ItemRepository'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Warnings and retries that healthy apps print and recover from (real client libraries' texts). */
const TRANSIENT: Record<LogStyle, (r: number, ts: string) => string> = {
  json: (r, ts) =>
    `{"level":"warn","ts":"${ts}","caller":"client/retry.go:71","msg":"retrying request","error":"dial tcp 10.96.${r % 250}.${r % 97}:5432: connect: connection refused","attempt":${1 + (r % 3)}}`,
  logfmt: (r, ts) => `time=${ts} level=WARN msg="upstream timeout, retrying" upstream=http://catalog.team-${String(r % 20).padStart(2, '0')}.svc:8080 err="context deadline exceeded" attempt=${1 + (r % 3)}`,
  spring: (r, ts) =>
    `${ts}  WARN 1 --- [bench] [nio-8080-exec-${1 + (r % 9)}] com.zaxxer.hikari.pool.HikariPool        : HikariPool-1 - Connection is not available, request timed out after 30000ms (total=10, active=10, idle=0, waiting=${r % 5})`,
  python: (r, ts) =>
    `${ts.replace('T', ' ').replace('Z', '').replace('.', ',')} WARNING urllib3.connectionpool Retrying (Retry(total=${2 - (r % 3)}, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f3a${(r % 65536).toString(16)}>: Failed to establish a new connection: [Errno 111] Connection refused')': /api/v1/rates`,
  nginx: (r, ts) => `${nginxTime(ts)} [error] 22#22: *${r % 100000} upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.244.${r % 40}.${r % 250}, server: _, request: "GET /api/v1/items/${r % 9999} HTTP/1.1", upstream: "http://127.0.0.1:8080/api/v1/items/${r % 9999}"`,
};

function nginxTime(ts: string): string {
  return `${ts.slice(0, 4)}/${ts.slice(5, 7)}/${ts.slice(8, 10)} ${ts.slice(11, 19)}`;
}

function ordinaryLine(style: LogStyle, r: number, ts: string): string {
  const path = `${pick(PATHS, r)}/${(r >>> 7) % 100000}`;
  const method = pick(METHODS, r >>> 3);
  const status = r % 53 === 0 ? 404 : r % 97 === 0 ? 500 : 200;
  const ms = (r >>> 11) % 900;
  const id = (r >>> 5).toString(36);
  switch (style) {
    case 'json':
      return `{"level":"info","ts":"${ts}","caller":"server/handler.go:${80 + (r % 40)}","msg":"request completed","method":"${method}","path":"${path}","status":${status},"duration_ms":${ms / 10},"request_id":"${id}"}`;
    case 'logfmt':
      return `time=${ts} level=${r % 41 === 0 ? 'DEBUG' : 'INFO'} msg="request completed" method=${method} path=${path} status=${status} dur=${ms}ms req=${id}`;
    case 'spring':
      return `${ts}  INFO 1 --- [bench] [nio-8080-exec-${1 + (r % 9)}] ${pick(CLASSES, r).padEnd(40)} : ${method} ${path} completed with ${status} in ${ms} ms`;
    case 'python':
      return `${ts.replace('T', ' ').replace('Z', '').replace('.', ',')} INFO [bench.api] ${method} ${path} ${status} ${ms}ms request_id=${id}`;
    case 'nginx': {
      const d = ts;
      return `10.244.${r % 40}.${(r >>> 8) % 250} - - [${d.slice(8, 10)}/${pick(MONTHS, Number(d.slice(5, 7)) - 1)}/${d.slice(0, 4)}:${d.slice(11, 19)} +0000] "${method} ${path} HTTP/1.1" ${status} ${(r >>> 9) % 20000} "-" "${pick(AGENTS, r)}" 0.${String(ms).padStart(3, '0')} 0.${String(ms).padStart(3, '0')}`;
    }
  }
}

/** One warning or retry in about this many lines. */
const TRANSIENT_EVERY = 211;
const START_MS = Date.parse('2026-11-09T10:00:00Z');
const SPAN_MS = 9 * 86_400_000;

/**
 * About `bytes` of log in `style`, seeded by `key`, as one Buffer (a log is built whole: its size goes in the tar
 * header before its bytes). `tail` lines, if any, end the log.
 */
export function healthyLog(key: string, style: LogStyle, bytes: number, tail: readonly string[] = []): Buffer {
  const next = random(hashInt('bench-log', key));
  const lines: string[] = [];
  let size = 0;
  const estimate = Math.max(1, Math.round(bytes / 150));
  for (let i = 0; size < bytes; i++) {
    const r = next();
    const ts = new Date(START_MS + Math.floor((i / estimate) * SPAN_MS) + (r % 1000)).toISOString();
    const line = r % TRANSIENT_EVERY === 0 ? TRANSIENT[style](next(), ts) : ordinaryLine(style, r, ts);
    lines.push(line);
    size += line.length + 1;
  }
  lines.push(...tail);
  return Buffer.from(lines.length === 0 ? '' : `${lines.join('\n')}\n`);
}

/**
 * Log sizes vary like a real cluster's: most logs small, a few chatty ones many times the median. The weights are
 * fixed per container key, then scaled so that all logs add up to the bundle's target.
 */
export function logWeight(key: string): number {
  const h = hashInt('bench-weight', key) % 100;
  return h < 30 ? 0.15 : h < 60 ? 0.5 : h < 80 ? 1 : h < 92 ? 2.5 : h < 98 ? 6 : 14;
}
