import type { Evidence } from '../../model/report.js';
import type { LogLine, LogWindow, ObjectRecord, PodView, Snapshot } from '../../model/snapshot.js';
import { field, logExcerpt, statusField } from '../evidence.js';
import { deadLog, deathOf, exitCodeOf, findLines, lineText, type LineMatch } from '../facts.js';
import { defineCause } from '../rule.js';

type Failure = 'refused' | 'timeout' | 'dns' | 'not-ready';

interface Extractor {
  pattern: RegExp;
  system?: string;
  /** Reads the failure kind, host and port out of the match. */
  read(match: RegExpExecArray): { failure: Failure; host?: string; port?: string; system?: string };
}

const kindOf = (text: string): Failure =>
  /refused/i.test(text) ? 'refused' : /starting up|not yet accepting/i.test(text) ? 'not-ready' : /not known|no such host|translate host|resolution|ENOTFOUND|EAI_AGAIN/i.test(text) ? 'dns' : 'timeout';

/** Real texts (k8s-facts §10): libpq 13 and 14+, Node, Go, Python, Java, Redis, Kafka, MySQL, nginx. */
const EXTRACTORS: Extractor[] = [
  // libpq ≥14: connection to server at "db" (10.0.0.5), port 5432 failed: Connection refused
  { pattern: /connection to server at "([^"]+)"(?: \(([^)]+)\))?, port (\d+) failed: (.*)/i, read: (m) => ({ failure: kindOf(m[4]!), host: m[1], port: m[3], system: 'postgres' }) },
  // libpq ≤13, second line: Is the server running on host "db" (10.0.0.5) and accepting TCP/IP connections on port 5432?
  { pattern: /Is the server running on host "([^"]+)"(?: \(([^)]+)\))? and accepting\s+TCP\/IP connections on port (\d+)/i, read: (m) => ({ failure: 'refused', host: m[1], port: m[3], system: 'postgres' }) },
  { pattern: /could not connect to server: (Connection refused|Connection timed out|No route to host)/i, read: (m) => ({ failure: kindOf(m[1]!), system: 'postgres' }) },
  { pattern: /could not translate host name "([^"]+)" to address/i, read: (m) => ({ failure: 'dns', host: m[1], port: '5432', system: 'postgres' }) },
  { pattern: /FATAL:\s+the database system is (?:starting up|shutting down|in recovery mode)/i, read: () => ({ failure: 'not-ready', system: 'postgres' }) },
  // Node.js
  { pattern: /(?:connect )?(ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH) (\[?[\w.:-]+?\]?):(\d+)/, read: (m) => ({ failure: m[1] === 'ECONNREFUSED' ? 'refused' : 'timeout', host: m[2], port: m[3] }) },
  { pattern: /getaddrinfo (ENOTFOUND|EAI_AGAIN) ([\w.-]+)/, read: (m) => ({ failure: 'dns', host: m[2] }) },
  // Go net package
  { pattern: /dial tcp: lookup ([\w.-]+)(?: on [\w.:[\]]+)?: (no such host|server misbehaving|i\/o timeout|Temporary failure in name resolution)/i, read: (m) => ({ failure: 'dns', host: m[1] }) },
  { pattern: /dial tcp (\[?[\w.:-]+?\]?):(\d+): (?:connect: )?(connection refused|i\/o timeout|no route to host|connection timed out)/i, read: (m) => ({ failure: kindOf(m[3]!), host: m[1], port: m[2] }) },
  // Redis clients
  { pattern: /Error (?:111|110|-2|-3) connecting to ([\w.-]+):(\d+)\.?\s*(.*)/i, read: (m) => ({ failure: kindOf(m[3] || 'refused'), host: m[1], port: m[2], system: 'redis' }) },
  { pattern: /Could not connect to Redis at ([\w.-]+):(\d+): (.*)/i, read: (m) => ({ failure: kindOf(m[3]!), host: m[1], port: m[2], system: 'redis' }) },
  // Kafka Java client
  { pattern: /Connection to node -?\d+ \(([\w.-]+)\/[\d.]*:(\d+)\) could not be established/i, read: (m) => ({ failure: 'refused', host: m[1], port: m[2], system: 'kafka' }) },
  // MySQL
  { pattern: /Can't connect to MySQL server on '([\w.-]+)'(?::(\d+))?/i, read: (m) => ({ failure: 'refused', host: m[1], port: m[2] ?? '3306', system: 'mysql' }) },
  { pattern: /Unknown MySQL server host '([\w.-]+)'/i, read: (m) => ({ failure: 'dns', host: m[1], port: '3306', system: 'mysql' }) },
  // Lettuce (Spring Data Redis): Unable to connect to redis/<unresolved>:6379
  { pattern: /RedisConnectionException: Unable to connect to ([\w.-]+)(?:\/[^:\s]*)?:(\d+)/, read: (m) => ({ failure: 'refused', host: m[1], port: m[2], system: 'redis' }) },
  // JVM
  { pattern: /java\.net\.UnknownHostException: ([\w.-]+)/, read: (m) => ({ failure: 'dns', host: m[1] }) },
  { pattern: /Connection refused: ([\w.-]+)\/[\d.]+:(\d+)/, read: (m) => ({ failure: 'refused', host: m[1], port: m[2] }) },
  // nginx resolves upstreams at start
  { pattern: /\[emerg\].*host not found in upstream "([\w.-]+)(?::(\d+))?"/, read: (m) => ({ failure: 'dns', host: m[1], port: m[2], system: 'nginx upstream' }) },
  // Generic wording, no host in the line
  { pattern: /ConnectionRefusedError|java\.net\.ConnectException: Connection refused|\bconnection refused\b/i, read: () => ({ failure: 'refused' }) },
  { pattern: /socket\.gaierror|Name or service not known|Temporary failure in name resolution|\bno such host\b/i, read: () => ({ failure: 'dns' }) },
  { pattern: /\bi\/o timeout\b|Connection timed out|\bETIMEDOUT\b/i, read: () => ({ failure: 'timeout' }) },
];

const ANY_DEPENDENCY = new RegExp(EXTRACTORS.map((e) => e.pattern.source).join('|'), 'i');

/** A dependency error counts only near the end of the log: an early transient error is not why the app died. */
const TAIL_LINES = 40;

/** An app's own "connecting to host:port" line names the host when the error line does not (Python's gaierror). */
const HOST_HINT = /\b(?:connecting|connect|dialing|trying)\s+(?:to\s+)?(?:[a-z]+:\/\/)?([a-z][\w.-]*[a-z0-9]):(\d{2,5})\b/i;

const DEFAULT_PORTS: Record<string, string> = { postgres: '5432', redis: '6379', kafka: '9092', mysql: '3306' };

export default defineCause({
  id: 'boot-dependency-unavailable',
  title: 'A dependency it needs at startup is unreachable',
  docs: 'The app exits non-zero because a service it connects to during init is not reachable: connection refused, a timeout or a DNS failure to Postgres, Redis, Kafka, MySQL, etcd or an HTTP service. When the bundle holds the Service and its Endpoints, says whether it had ready endpoints.',
  tier: 'log',
  rank: 60,
  messages: {
    refused: '{container} exits at startup because {target} refuses connections; {serviceState}',
    timeout: '{container} exits at startup because connecting to {target} times out; {serviceState}',
    dns: '{container} exits at startup because {target} does not resolve; {serviceState}',
    'not-ready': '{container} exits at startup because {target} is not ready yet (the database is starting up); {serviceState}',
  },
  keepPatterns: EXTRACTORS.map((e) => e.pattern),
  explains: ['exited'],
  decide({ snapshot, pod, container }, reading) {
    const death = deathOf(container);
    const exitCode = exitCodeOf(death);
    if (!death || exitCode === undefined || exitCode === 0) return undefined;
    const log = deadLog(container);
    if (!log) return undefined;
    const tailStart = log.window.lines[Math.max(0, log.window.lines.length - TAIL_LINES)]?.number ?? 0;
    const lines = findLines(log.window, ANY_DEPENDENCY).filter((found) => found.line.number >= tailStart);
    const reads = lines.map(readLine).filter((read) => read !== undefined);
    const last = reads[reads.length - 1];
    if (!last) return undefined;
    const hinted = [...reads].reverse().find((read) => read.host) ?? hostHint(log.window.lines.filter((line) => line.number >= tailStart && line.number <= last.found.line.number), log.window);
    const withHost = hinted?.host ? hinted : undefined;
    // The error line that names the host decides; a bare `code: 'ECONNREFUSED'` only confirms it.
    const decisive = (withHost && 'failure' in withHost ? withHost.found : undefined) ?? last.found;
    const system = last.system ?? withHost?.system;
    const host = withHost?.host;
    const port = withHost?.port ?? (system ? DEFAULT_PORTS[system] : undefined);
    const target = targetPhrase(last.failure, host, port, system);
    const service = host ? findService(snapshot, pod, host) : undefined;

    const evidence: Evidence[] = [
      logExcerpt(log.window, decisive.line.number, `${log.which} log`, true),
      statusField(pod, container, `${death.path}.exitCode`, exitCode, 'exit code'),
    ];
    if (withHost && 'line' in withHost && withHost.line) {
      evidence.push(logExcerpt(log.window, withHost.line.number, 'where it connects', false, { before: 0, after: 0 }));
    }
    if (service?.record) {
      evidence.push(field(service.record.source, 'metadata.name', service.name, 'dependency service'));
    }
    if (service?.endpoints) {
      evidence.push(field(service.endpoints.source, 'subsets', service.endpoints.object['subsets'] ?? [], `endpoints of ${service.name}`));
    }
    return {
      messageId: last.failure,
      data: {
        container: container.name,
        exitCode,
        failure: last.failure,
        host,
        port,
        system,
        target,
        service: service?.record ? `${service.namespace}/${service.name}` : undefined,
        serviceFound: service?.found,
        readyEndpoints: service?.ready,
        notReadyEndpoints: service?.notReady,
        serviceState: describeService(service, host),
        decisiveLine: decisive.text,
      },
      confidence: host || system ? 'high' : 'medium',
      evidence,
      fix: dependencyFix(last.failure, host, port, service),
    };
  },
});

function hostHint(lines: LogLine[], window: LogWindow) {
  for (const line of [...lines].reverse()) {
    const match = HOST_HINT.exec(lineText(window, line));
    if (match) return { host: match[1], port: match[2], system: undefined, line };
  }
  return undefined;
}

function targetPhrase(failure: Failure, host: string | undefined, port: string | undefined, system: string | undefined): string {
  const name = host ? `${host}${port && failure !== 'dns' ? `:${port}` : ''}` : undefined;
  if (failure === 'dns') return name ? `the name ${name}` : `the host name of ${system ?? 'a dependency'}`;
  return name ?? (system ? `its ${system} server` : 'a dependency');
}

function readLine(found: LineMatch) {
  for (const extractor of EXTRACTORS) {
    const match = extractor.pattern.exec(found.text);
    if (match) {
      const read = extractor.read(match);
      return { ...read, host: read.host?.replace(/^\[|\]$/g, ''), found };
    }
  }
  return undefined;
}

interface ServiceFacts {
  namespace: string;
  name: string;
  /** undefined: the bundle holds no Services to look in. */
  found?: boolean;
  record?: ObjectRecord;
  endpoints?: ObjectRecord;
  ready?: number;
  notReady?: number;
}

/** `postgres`, `postgres.shop`, `postgres.shop.svc.cluster.local` or a ClusterIP → the Service and its Endpoints. */
function findService(snapshot: Snapshot, pod: PodView, host: string): ServiceFacts | undefined {
  const services = snapshot.resources.services;
  const isIp = /^[\d.]+$|:/.test(host);
  let namespace = pod.namespace;
  let name = host;
  let record: ObjectRecord | undefined;
  if (isIp) {
    record = services?.find((s) => {
      const spec = s.object['spec'] as { clusterIP?: string; clusterIPs?: string[] } | undefined;
      return spec?.clusterIP === host || (Array.isArray(spec?.clusterIPs) && spec.clusterIPs.includes(host));
    });
    if (!record) return undefined;
    namespace = record.object.metadata?.namespace ?? namespace;
    name = record.object.metadata?.name ?? host;
  } else {
    const parts = host.toLowerCase().split('.');
    if (parts.length >= 2 && (parts.length === 2 || parts[2] === 'svc')) namespace = parts[1]!;
    else if (parts.length > 2) return undefined; // an external name: not a Service of this cluster
    name = parts[0]!;
    record = services?.find((s) => s.object.metadata?.name === name && (s.object.metadata?.namespace ?? '') === namespace);
  }
  const facts: ServiceFacts = { namespace, name, found: services ? record !== undefined : undefined, record };
  const endpoints = snapshot.resources.endpoints?.find(
    (e) => e.object.metadata?.name === name && (e.object.metadata?.namespace ?? '') === namespace,
  );
  if (endpoints) {
    const subsets = Array.isArray(endpoints.object['subsets']) ? (endpoints.object['subsets'] as Array<Record<string, unknown>>) : [];
    facts.endpoints = endpoints;
    facts.ready = subsets.reduce((sum, s) => sum + (Array.isArray(s['addresses']) ? s['addresses'].length : 0), 0);
    facts.notReady = subsets.reduce((sum, s) => sum + (Array.isArray(s['notReadyAddresses']) ? s['notReadyAddresses'].length : 0), 0);
  } else if (record && snapshot.resources.endpoints) {
    facts.ready = 0;
    facts.notReady = 0;
  }
  return facts;
}

function describeService(service: ServiceFacts | undefined, host: string | undefined): string {
  if (!host) return 'the log does not name the host';
  if (!service) return 'no Service of this cluster matches that host';
  const ref = `${service.namespace}/${service.name}`;
  if (service.found === undefined) return `the bundle holds no Services to check ${ref} against`;
  if (!service.found) return `the bundle has no Service ${ref}`;
  if (service.ready === undefined) return `Service ${ref} exists; the bundle holds no Endpoints for it`;
  if (service.ready === 0) {
    return `Service ${ref} had no ready endpoints${service.notReady ? ` (${service.notReady} not ready)` : ''}`;
  }
  return `Service ${ref} had ${service.ready} ready endpoint${service.ready === 1 ? '' : 's'}`;
}

function dependencyFix(failure: Failure, host: string | undefined, port: string | undefined, service: ServiceFacts | undefined) {
  const name = host ?? '<dependency>';
  const waitPort = port ?? '<port>';
  const steps: string[] = [
    'make the app retry the connection with exponential back-off at startup instead of exiting',
    `or add an init container that waits until ${name}:${waitPort} accepts connections`,
  ];
  if (failure === 'dns') {
    steps.unshift(
      service?.found === false
        ? `no Service ${service.namespace}/${service.name} exists: fix the host name in the app's configuration or create the Service`
        : `check the host name ${name}: a Service in another namespace needs <service>.<namespace>`,
    );
  } else if (service?.ready === 0) {
    steps.unshift(`Service ${service.namespace}/${service.name} has no ready endpoints: fix the dependency first (its pods, its selector)`);
  }
  return {
    summary:
      failure === 'dns' && service?.found === false
        ? `point the app at an existing Service (there is no ${service.namespace}/${service.name}), and let it retry at startup`
        : `let the app wait for ${name}${port ? `:${port}` : ''} at startup: retry with back-off, or an init container that waits`,
    steps,
    snippet: {
      language: 'yaml' as const,
      code: `initContainers:\n  - name: wait-for-${(host ?? 'dependency').split('.')[0]}\n    image: busybox:1.36\n    command: ["sh", "-c", "until nc -z -w 2 ${name} ${waitPort}; do echo waiting for ${name}; sleep 2; done"]`,
    },
    owner: 'application' as const,
  };
}
