import type { Evidence } from '../../model/report.js';
import type { LogLine, ObjectRecord, PodView, Snapshot } from '../../model/snapshot.js';
import { field, logExcerpt, statusField } from '../evidence.js';
import { clip, lineText } from '../facts.js';
import { defineCause } from '../rule.js';
import { decisiveHit, type SignatureHit } from '../signatures/match.js';

type Failure = 'refused' | 'timeout' | 'dns' | 'not-ready' | 'cluster-dns';

/** A dependency error counts only near the end of the log: an early transient error is not why the app died. */
const TAIL_LINES = 40;

/** An app's own "connecting to host:port" line names the host when the error line does not (Python's gaierror). */
const HOST_HINT = /\b(?:connecting|connect|dialing|trying)\s+(?:to\s+)?(?:[a-z]+:\/\/)?([a-z][\w.-]*[a-z0-9]):(\d{2,5})\b/i;

const DEFAULT_PORTS: Record<string, string> = { postgres: '5432', redis: '6379', kafka: '9092', mysql: '3306' };

interface BootDependencyData {
  container: string;
  exitCode: number;
  failure: Failure;
  /** The host, port and kind of system the app could not reach, as far as the log names them. */
  host: string | undefined;
  port: string | undefined;
  system: string | undefined;
  target: string;
  /** The Service in the bundle the host resolves to, its endpoints and the pod behind it. */
  service: string | undefined;
  serviceFound: boolean | undefined;
  readyEndpoints: number | undefined;
  notReadyEndpoints: number | undefined;
  serviceState: string;
  dependencyPod: string | undefined;
  /** The host is the Kubernetes API itself. */
  apiServer: boolean;
  /** The text of the deciding line (not its number). */
  decisiveLine: string;
  signature: string;
}

export default defineCause<Failure, BootDependencyData>({
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
    'cluster-dns': '{container} exits at startup because the cluster DNS does not answer (looking up {host} times out): not a wrong host name',
  },
  // Its log lines are the catalogue's dependency signatures (src/analyze/signatures/dependencies.ts).
  keepPatterns: [],
  explains: ['exited'],
  decide({ snapshot, pod, container }, reading) {
    const { death, exitCode, log } = reading;
    if (!death || exitCode === undefined || exitCode === 0 || !log) return undefined;
    const tailStart = log.window.lines[Math.max(0, log.window.lines.length - TAIL_LINES)]?.number ?? 0;
    const reads = reading.hits.filter((hit) => hit.signature.cause === 'boot-dependency-unavailable' && hit.line.number >= tailStart);
    const last = reads.at(-1);
    const strongest = decisiveHit(reads);
    if (!last || !strongest) return undefined;
    const failure = (strongest.kind === 'cluster-dns' ? 'cluster-dns' : last.kind) as Failure;
    const named = [...reads].reverse().find((read) => read.groups.host);
    const hinted = named ? undefined : hostHint(log.window.lines.filter((line) => line.number >= tailStart && line.number <= last.line.number));
    // The error line that names the host decides; a bare `code: 'ECONNREFUSED'` only confirms it.
    const decisive = named ?? last;
    const system = systemOf(last) ?? (named ? systemOf(named) : undefined);
    const host = named?.groups.host ?? hinted?.host;
    const port = named?.groups.port ?? hinted?.port ?? (system ? DEFAULT_PORTS[system] : undefined);
    // The Kubernetes API itself (Service default/kubernetes, the first IP of the service range): the pod network or
    // the control plane is at fault, not the app.
    const apiServer = port === '443' && host !== undefined && (/^\d+\.\d+\.0\.1$/.test(host) || /^kubernetes(?:\.default)?(?:\.svc)?/.test(host));
    const target = apiServer ? `the Kubernetes API (${host}:${port})` : targetPhrase(failure, host, port, system);
    const service = host && failure !== 'cluster-dns' && !apiServer ? findService(snapshot, pod, host) : undefined;

    const supporting: Evidence[] = [statusField(pod, container, `${death.path}.exitCode`, exitCode, 'exit code')];
    if (hinted?.line) supporting.push(logExcerpt(log.window, hinted.line.number, 'where it connects', { before: 0, after: 0 }));
    if (service?.record) supporting.push(field(service.record.source, 'metadata.name', service.name, 'dependency service'));
    if (service?.endpoints) {
      supporting.push(field(service.endpoints.source, 'subsets', service.endpoints.object['subsets'] ?? [], `endpoints of ${service.name}`));
    }
    if (service?.backing) {
      supporting.push(field(service.backing.pod.source, 'status.phase', service.backing.pod.object.status?.phase, `the dependency's pod ${service.backing.pod.name}: ${service.backing.state}`));
    }
    return {
      messageId: failure,
      kind: failure,
      strength: strongest.signature.rank,
      data: {
        container: container.name,
        exitCode,
        failure,
        host,
        port,
        system,
        target,
        service: service?.record ? `${service.namespace}/${service.name}` : undefined,
        serviceFound: service?.found,
        readyEndpoints: service?.ready,
        notReadyEndpoints: service?.notReady,
        serviceState: apiServer ? 'the pod network cannot reach the control plane' : describeChain(service, host),
        dependencyPod: service?.backing ? `${service.backing.pod.namespace}/${service.backing.pod.name}` : undefined,
        apiServer,
        decisiveLine: decisive.text,
        signature: decisive.signature.id,
      },
      confidence: host || system ? 'high' : 'medium',
      evidence: { primary: logExcerpt(log.window, decisive.line.number, `${log.which} log`), supporting },
      fix: failure === 'cluster-dns' ? clusterDnsFix(strongest) : apiServer && host ? apiServerFix(host) : dependencyFix(failure, host, port, service),
    };
  },
});

const SYSTEM_BY_ECOSYSTEM: Record<string, string> = { postgresql: 'postgres', redis: 'redis', kafka: 'kafka', mysql: 'mysql', nginx: 'nginx upstream' };

function systemOf(hit: SignatureHit): string | undefined {
  if (hit.signature.id === 'pgjdbc-connection-refused') return 'postgres';
  return SYSTEM_BY_ECOSYSTEM[hit.signature.ecosystem];
}

function apiServerFix(host: string) {
  return {
    summary: `the pod cannot reach the Kubernetes API at ${host}:443: a pod-network or kube-proxy problem on the node, for the platform team`,
    steps: [
      'check kube-proxy (or the CNI\'s service implementation) on the node and its iptables/IPVS rules for the kubernetes Service',
      'check the CNI pods of this node are Ready and NetworkPolicies allow egress to the API server',
    ],
    owner: 'platform' as const,
  };
}

function clusterDnsFix(hit: SignatureHit) {
  return { summary: hit.signature.fix.summary, steps: hit.signature.fix.steps, owner: 'platform' as const };
}

function hostHint(lines: LogLine[]) {
  for (const line of [...lines].reverse()) {
    const match = HOST_HINT.exec(lineText(line));
    if (match) return { host: match[1], port: match[2], system: undefined, line };
  }
  return undefined;
}

function targetPhrase(failure: Failure, host: string | undefined, port: string | undefined, system: string | undefined): string {
  const name = host ? `${host}${port && failure !== 'dns' ? `:${port}` : ''}` : undefined;
  if (failure === 'dns') return name ? `the name ${name}` : `the host name of ${system ?? 'a dependency'}`;
  return name ?? (system ? `its ${system} server` : 'a dependency');
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
  /** The first pod behind the Service (by its selector) that is not serving, and why: the root of the chain. */
  backing?: { pod: PodView; state: string };
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
    const [first = host, second] = parts;
    if (second !== undefined && (parts.length === 2 || parts[2] === 'svc')) namespace = second;
    else if (parts.length > 2) return undefined; // an external name: not a Service of this cluster
    name = first;
    record = services?.find((s) => s.object.metadata?.name === name && (s.object.metadata.namespace ?? '') === namespace);
  }
  const backing = backingPod(snapshot, record);
  const facts: ServiceFacts = { namespace, name, found: services ? record !== undefined : undefined, record, ...(backing ? { backing } : {}) };
  const endpoints = snapshot.resources.endpoints?.find(
    (e) => e.object.metadata?.name === name && (e.object.metadata.namespace ?? '') === namespace,
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

/** `…; its pod shop/postgres-0 is Pending (…)`: the dependency's own state, the likely root cause. */
function describeChain(service: ServiceFacts | undefined, host: string | undefined): string {
  const base = describeService(service, host);
  const backing = service?.backing;
  return backing ? `${base}; its pod ${backing.pod.namespace}/${backing.pod.name} ${backing.state} (look there for the root cause)` : base;
}

/**
 * Follows Service → pods behind it (its selector): the first pod that is Pending, crash-looping or not Ready, and in
 * what state, so a refusal points at the dependency's own problem.
 */
function backingPod(snapshot: Snapshot, record: ObjectRecord | undefined): ServiceFacts['backing'] {
  const selector = (record?.object['spec'] as { selector?: Record<string, string> } | undefined)?.selector;
  if (!record || !selector || Object.keys(selector).length === 0) return undefined;
  const namespace = record.object.metadata?.namespace ?? '';
  for (const candidate of snapshot.pods) {
    if (candidate.namespace !== namespace) continue;
    const labels = candidate.object.metadata?.labels ?? {};
    if (!Object.entries(selector).every(([key, value]) => labels[key] === value)) continue;
    const phase = candidate.object.status?.phase ?? '';
    const scheduling = candidate.events.filter((e) => e.reason === 'FailedScheduling').at(-1);
    if (phase === 'Pending') return { pod: candidate, state: `is Pending${scheduling ? `: ${clip(scheduling.message, 120)}` : ''}` };
    const looping = candidate.containers.find((c) => c.state?.waiting?.reason === 'CrashLoopBackOff');
    if (looping) return { pod: candidate, state: `is crash-looping (container ${looping.name})` };
    const waiting = candidate.containers.find((c) => c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing');
    if (waiting) return { pod: candidate, state: `is waiting (${String(waiting.state?.waiting?.reason)})` };
    const unready = candidate.containers.find((c) => c.kind === 'regular' && c.status?.ready === false);
    if (unready) return { pod: candidate, state: `is not Ready (container ${unready.name})` };
  }
  return undefined;
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
  if (service?.backing) {
    steps.unshift(`the dependency's pod ${service.backing.pod.namespace}/${service.backing.pod.name} ${service.backing.state}: fix that first; this app only fails because of it`);
  }
  return {
    summary:
      failure === 'dns' && service?.found === false
        ? `point the app at an existing Service (there is no ${service.namespace}/${service.name}), and let it retry at startup`
        : `let the app wait for ${name}${port ? `:${port}` : ''} at startup: retry with back-off, or an init container that waits`,
    steps,
    snippet: {
      language: 'yaml' as const,
      code: `initContainers:\n  - name: wait-for-${(host ?? 'dependency').split('.', 1).join('')}\n    image: busybox:1.36\n    command: ["sh", "-c", "until nc -z -w 2 ${name} ${waitPort}; do echo waiting for ${name}; sleep 2; done"]`,
    },
    owner: 'application' as const,
  };
}
