/**
 * Answers one request against one served snapshot: discovery, version, lists and gets (plain or as Tables, with
 * label and field selectors), pod logs, and the refusals (writes, watches, exec). Transport concerns (limits,
 * headers, timeouts) live in server.ts; this module only decides what the answer is.
 */
import type { Readable } from 'node:stream';
import type { ContainerLogs, KubeObject, Snapshot } from '../model/snapshot.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from './discovery.js';
import { parseTime, type AgeClock } from './duration.js';
import { checkFields, matchesFields, parseFieldSelector } from './field-selector.js';
import { matchesLabels, parseLabelSelector, SelectorError } from './label-selector.js';
import type { LogFiles } from './log-files.js';
import { chooseContainer, parseLogQuery, selectLogWindow, streamLog } from './logs.js';
import { API_GROUPS, groupVersion, type ResourceType } from './resources.js';
import { route, type Route } from './router.js';
import { badRequest, noContainers, notFound, readOnly, StatusError, unknownPath } from './status.js';
import type { ObjectStore } from './store.js';
import { buildTable, parseIncludeObject, wantsTable } from './table.js';
import { versionInfo } from './version.js';

/** How AGE and every "ago" cell are measured; see docs/serve.md. */
export type AgeReference = 'capture' | 'now';

export interface ServedCluster {
  /** The kubeconfig context and cluster name. */
  name: string;
  snapshot: Snapshot;
  store: ObjectStore;
  logs: Map<string, ContainerLogs>;
  files: LogFiles;
  ageReference: AgeReference;
}

export type Reply =
  | { status: number; json: unknown }
  | { status: number; body: string | Buffer; contentType: string }
  | { status: number; stream: Readable; contentType: string };

export interface ApiRequest {
  method: string;
  url: URL;
  accept: string | undefined;
  /** `host:port` this server answers on, for APIVersions.serverAddressByClientCIDRs. */
  serverAddress: string;
}

const RESOURCE_VERSION = '1';
const READ_METHODS = new Set(['GET', 'HEAD']);
/** Subresources that open a session with a container: there is none in a snapshot. */
const SESSION_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy']);

export function clock(cluster: ServedCluster): AgeClock {
  const captured = parseTime(cluster.snapshot.capturedAt);
  return { now: cluster.ageReference === 'capture' && captured !== undefined ? captured : Date.now() };
}

function routeDetails(target: Route): { kind?: string; group?: string; name?: string } | undefined {
  if (target.kind === 'collection' || target.kind === 'object' || target.kind === 'subresource') {
    return {
      kind: target.type.name,
      ...(target.type.group ? { group: target.type.group } : {}),
      ...(target.kind !== 'collection' ? { name: target.name } : {}),
    };
  }
  return undefined;
}

function describeTarget(target: Route): string {
  if (target.kind === 'collection') return `on ${qualified(target.type)}`;
  if (target.kind === 'object') return `on ${qualified(target.type)} "${target.name}"`;
  if (target.kind === 'subresource') return `on ${qualified(target.type)}/${target.subresource} "${target.name}"`;
  return 'on this path';
}

function qualified(type: ResourceType): string {
  return type.group ? `${type.name}.${type.group}` : type.name;
}

export async function answer(cluster: ServedCluster, request: ApiRequest): Promise<Reply> {
  const target = route(request.url.pathname);
  const params = request.url.searchParams;
  if (!READ_METHODS.has(request.method)) {
    throw readOnly(`${request.method} ${describeTarget(target)} is not allowed`, routeDetails(target));
  }
  const watch = params.get('watch');
  if (target.kind === 'watch-path' || watch === 'true' || watch === '1') {
    throw readOnly(`watch ${describeTarget(target)} is not supported, a snapshot never changes`, routeDetails(target));
  }

  switch (target.kind) {
    case 'version':
      return { status: 200, json: versionInfo(cluster.snapshot.cluster.version) };
    case 'health':
      return { status: 200, body: 'ok', contentType: 'text/plain; charset=utf-8' };
    case 'api-versions':
      return { status: 200, json: apiVersions(request.serverAddress) };
    case 'group-list':
      return { status: 200, json: apiGroupList() };
    case 'group':
      if (target.group === '' || !API_GROUPS.includes(target.group)) throw unknownPath();
      return { status: 200, json: apiGroup(target.group) };
    case 'resource-list': {
      const list = apiResourceList(target.group, target.version);
      if (!list) throw unknownPath();
      return { status: 200, json: list };
    }
    case 'openapi-v2':
      // An empty protobuf Document: client-side validation finds no models and lets a write reach the 405.
      return { status: 200, body: Buffer.alloc(0), contentType: 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf' };
    case 'openapi-v3':
      throw unknownPath();
    case 'collection':
      return list(cluster, target.type, target.namespace, request);
    case 'object':
      return get(cluster, target.type, target.namespace, target.name, request);
    case 'subresource':
      return subresource(cluster, target.type, target.namespace ?? '', target.name, target.subresource, request);
    default:
      throw unknownPath();
  }
}

function selectObjects(type: ResourceType, objects: KubeObject[], params: URLSearchParams): KubeObject[] {
  const labelText = params.get('labelSelector') ?? '';
  const fieldText = params.get('fieldSelector') ?? '';
  try {
    const fields = parseFieldSelector(fieldText);
    checkFields(fields, type.fields);
    const labels = parseLabelSelector(labelText);
    if (fields.length === 0 && labels.length === 0) return objects;
    return objects.filter((o) => matchesLabels(labels, o.metadata?.labels) && matchesFields(fields, type.fields, o));
  } catch (error) {
    if (error instanceof SelectorError) throw badRequest(error.message);
    throw error;
  }
}

function list(cluster: ServedCluster, type: ResourceType, namespace: string | undefined, request: ApiRequest): Reply {
  const objects = selectObjects(type, cluster.store.list(type.name, namespace), request.url.searchParams);
  const table = wantsTable(request.accept);
  if (table) {
    const include = parseIncludeObject(request.url.searchParams.get('includeObject'));
    return { status: 200, json: buildTable(type, objects, { clock: clock(cluster), include, version: table, resourceVersion: RESOURCE_VERSION }) };
  }
  return {
    status: 200,
    json: { kind: `${type.kind}List`, apiVersion: groupVersion(type), metadata: { resourceVersion: RESOURCE_VERSION }, items: objects },
  };
}

function find(cluster: ServedCluster, type: ResourceType, namespace: string | undefined, name: string): KubeObject {
  const object = cluster.store.get(type.name, namespace ?? '', name);
  if (!object) throw notFound(type.name, type.group, name);
  return object;
}

function get(cluster: ServedCluster, type: ResourceType, namespace: string | undefined, name: string, request: ApiRequest): Reply {
  const object = find(cluster, type, namespace, name);
  const table = wantsTable(request.accept);
  if (table) {
    const include = parseIncludeObject(request.url.searchParams.get('includeObject'));
    return { status: 200, json: buildTable(type, [object], { clock: clock(cluster), include, version: table, resourceVersion: RESOURCE_VERSION }) };
  }
  return { status: 200, json: object };
}

async function subresource(
  cluster: ServedCluster,
  type: ResourceType,
  namespace: string,
  name: string,
  sub: string,
  request: ApiRequest,
): Promise<Reply> {
  if (type.name === 'pods' && SESSION_SUBRESOURCES.has(sub)) {
    find(cluster, type, namespace, name);
    throw noContainers(sub, name);
  }
  if (sub === 'status') return get(cluster, type, namespace, name, request);
  if (!(type.name === 'pods' && sub === 'log')) throw unknownPath();
  const pod = find(cluster, type, namespace, name);
  const query = parseLogQuery(request.url.searchParams);
  const container = chooseContainer(pod, query.container);
  // An unscheduled pod has no kubelet to ask: the apiserver answers with an empty log.
  if (!(pod as any).spec?.nodeName) return { status: 200, body: '', contentType: 'text/plain' };
  const window = selectLogWindow(pod, container, query.previous, cluster.logs.get(`${namespace}/${name}/${container}`));
  let stream: Readable;
  try {
    stream = await streamLog(cluster.files, window, query, clock(cluster).now);
  } catch (error) {
    if (error instanceof StatusError) throw error;
    throw new StatusError({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `podmortem: cannot read ${window.source.file} from the bundle: ${(error as Error).message}`,
      reason: 'InternalError',
      code: 500,
    });
  }
  return { status: 200, stream, contentType: 'text/plain' };
}
