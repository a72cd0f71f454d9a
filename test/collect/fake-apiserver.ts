/**
 * A small stand-in kube-apiserver for the collector tests, speaking just what `kubectl get -o json`, `kubectl logs`
 * and `kubectl version` need (see /work/shared/kubectl-api-notes.md): /version, legacy discovery, plain lists
 * (namespaced, cluster-scoped, all namespaces), single pod GETs, /log with `previous`, and Status errors. Used
 * where `podmortem serve` cannot stand in: a 403 for one kind and namespace, a log too big for the budget.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RESOURCE_GROUPS } from '../../src/model/kinds.js';

export interface FakeCluster {
  version: Record<string, string>;
  /** Objects by plural resource name; namespaced ones carry metadata.namespace. */
  objects: Record<string, Array<Record<string, any>>>;
  /** Logs by `ns/pod/container` and `ns/pod/container/previous`. A function streams a large log lazily. */
  /** A log: its text, or its chunks as they are produced (a sync generator, or an async one for a log that never ends). */
  logs: Record<string, string | (() => Iterable<string> | AsyncIterable<string>)>;
  /** `resource/namespace` (or `resource/*`) answered with 403 Forbidden. */
  forbidden: string[];
}

interface ResourceInfo {
  name: string;
  kind: string;
  namespaced: boolean;
  group: string;
  shortNames?: string[];
}

/** Resource, kind, namespaced, short names; each resource's group is the model's (src/model/kinds.ts). */
type ResourceRow = [name: keyof typeof RESOURCE_GROUPS, kind: string, namespaced: boolean, ...shortNames: string[]];

const ROWS: ResourceRow[] = [
  ['pods', 'Pod', true, 'po'],
  ['events', 'Event', true, 'ev'],
  ['services', 'Service', true, 'svc'],
  ['endpoints', 'Endpoints', true, 'ep'],
  ['configmaps', 'ConfigMap', true, 'cm'],
  ['secrets', 'Secret', true],
  ['limitranges', 'LimitRange', true, 'limits'],
  ['resourcequotas', 'ResourceQuota', true, 'quota'],
  ['nodes', 'Node', false, 'no'],
  ['namespaces', 'Namespace', false, 'ns'],
  ['deployments', 'Deployment', true, 'deploy'],
  ['replicasets', 'ReplicaSet', true, 'rs'],
  ['statefulsets', 'StatefulSet', true, 'sts'],
  ['daemonsets', 'DaemonSet', true, 'ds'],
  ['jobs', 'Job', true],
  ['cronjobs', 'CronJob', true, 'cj'],
  // The kinds collected for serve (an empty list unless a test plants objects).
  ['persistentvolumeclaims', 'PersistentVolumeClaim', true, 'pvc'],
  ['persistentvolumes', 'PersistentVolume', false, 'pv'],
  ['ingresses', 'Ingress', true, 'ing'],
  ['networkpolicies', 'NetworkPolicy', true, 'netpol'],
  ['endpointslices', 'EndpointSlice', true],
  ['horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, 'hpa'],
  ['poddisruptionbudgets', 'PodDisruptionBudget', true, 'pdb'],
  ['storageclasses', 'StorageClass', false, 'sc'],
  ['priorityclasses', 'PriorityClass', false, 'pc'],
  ['customresourcedefinitions', 'CustomResourceDefinition', false, 'crd'],
];

const RESOURCES: ResourceInfo[] = ROWS.map(([name, kind, namespaced, ...shortNames]) => ({
  name,
  kind,
  namespaced,
  group: RESOURCE_GROUPS[name],
  ...(shortNames.length > 0 ? { shortNames } : {}),
}));

const GROUPS = [...new Set(RESOURCES.map((r) => r.group).filter((g) => g !== ''))];

function groupVersion(group: string): string {
  return group === '' ? 'v1' : `${group}/v1`;
}

function status(res: ServerResponse, code: number, reason: string, message: string): void {
  res.writeHead(code, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code }));
}

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.end(JSON.stringify(body));
}

function resourceList(group: string) {
  const resources = RESOURCES.filter((r) => r.group === group).flatMap((r) => {
    const entry = { name: r.name, singularName: r.kind.toLowerCase(), namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'list'], shortNames: r.shortNames };
    return r.name === 'pods' ? [entry, { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] }] : [entry];
  });
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion(group), resources };
}

export class FakeApiServer {
  private server: Server | undefined;
  /** Every request path, for tests that check what kubectl asked. */
  readonly requests: string[] = [];

  constructor(private readonly cluster: FakeCluster) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => status(res, 500, 'InternalError', String(error)));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '');
    // Node always sets the method on a server-side request; the type allows undefined only for client-side ones.
    this.requests.push(`${req.method ?? ''} ${path}${url.search}`);
    if (req.method !== 'GET') {
      status(res, 405, 'MethodNotAllowed', 'the stand-in is read-only');
      return;
    }
    if (path === '/version') {
      json(res, this.cluster.version);
      return;
    }
    if (path === '/api') {
      json(res, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
      return;
    }
    if (path === '/apis') {
      json(res, {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: GROUPS.map((name) => ({
          name,
          versions: [{ groupVersion: `${name}/v1`, version: 'v1' }],
          preferredVersion: { groupVersion: `${name}/v1`, version: 'v1' },
        })),
      });
      return;
    }
    if (path === '/api/v1') {
      json(res, resourceList(''));
      return;
    }
    const groupMatch = /^\/apis\/([a-z0-9.-]+)\/v1$/.exec(path);
    if (groupMatch) {
      json(res, resourceList(groupMatch[1]!));
      return;
    }

    const match = /^\/(?:api\/v1|apis\/([a-z0-9.-]+)\/v1)(?:\/namespaces\/([^/]+))?\/([a-z]+)(?:\/([^/]+))?(?:\/(log))?$/.exec(path);
    if (!match) {
      status(res, 404, 'NotFound', 'the server could not find the requested resource');
      return;
    }
    const [, group = '', namespace, resourceName, name, sub] = match;
    const info = RESOURCES.find((r) => r.name === resourceName && r.group === group);
    if (!info) {
      status(res, 404, 'NotFound', 'the server could not find the requested resource');
      return;
    }
    const qualified = group ? `${info.name}.${group}` : info.name;
    if (this.cluster.forbidden.includes(`${info.name}/${namespace ?? '*'}`)) {
      const scope = namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope';
      status(
        res,
        403,
        'Forbidden',
        `${qualified} is forbidden: User "system:serviceaccount:support:collector" cannot list resource "${info.name}" in API group "${group}"${scope}`,
      );
      return;
    }
    const all = this.cluster.objects[info.name] ?? [];
    const inScope = all.filter((o) => !info.namespaced || namespace === undefined || o.metadata?.namespace === namespace);
    if (name === undefined) {
      json(res, {
        kind: `${info.kind}List`,
        apiVersion: groupVersion(group),
        metadata: { resourceVersion: '1000' },
        items: inScope.map((o) => ({ ...o, kind: undefined, apiVersion: undefined })),
      });
      return;
    }
    const object = inScope.find((o) => o.metadata?.name === name);
    if (!object) {
      status(res, 404, 'NotFound', `${qualified} "${name}" not found`);
      return;
    }
    if (sub !== 'log') {
      json(res, { kind: info.kind, apiVersion: groupVersion(group), ...object });
      return;
    }
    return this.log(res, namespace!, name, url.searchParams);
  }

  private async log(res: ServerResponse, namespace: string, pod: string, params: URLSearchParams): Promise<void> {
    const container = params.get('container') ?? '';
    const previous = params.get('previous') === 'true';
    const log = this.cluster.logs[`${namespace}/${pod}/${container}${previous ? '/previous' : ''}`];
    if (log === undefined) {
      const message = previous
        ? `previous terminated container "${container}" in pod "${pod}" not found`
        : `container "${container}" in pod "${pod}" is waiting to start: ContainerCreating`;
      status(res, 400, 'BadRequest', message);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
    if (typeof log === 'string') {
      res.end(log);
      return;
    }
    for await (const chunk of log()) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  }
}

export function kubeconfigFor(server: string, namespace = 'default'): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{name: stand-in, cluster: {server: "${server}"}}]`,
    'users: [{name: stand-in, user: {}}]',
    `contexts: [{name: stand-in, context: {cluster: stand-in, user: stand-in, namespace: ${namespace}}}]`,
    'current-context: stand-in',
    '',
  ].join('\n');
}
