/**
 * Answers one request against one served snapshot: discovery, version, lists and gets (plain or as Tables, with
 * label and field selectors), pod logs, and the refusals (writes, watches, exec). Transport concerns (limits,
 * headers, timeouts) live in server.ts; this module only decides what the answer is.
 */
import type { Readable } from 'node:stream';
import type { ContainerLogs, KubeObject, Snapshot } from '../model/snapshot.js';
import { answerReview } from './access.js';
import type { ResourceCatalog } from './catalog.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from './discovery.js';
import { parseTime, type AgeClock } from './duration.js';
import { checkFields, matchesFields, parseFieldSelector } from './field-selector.js';
import { matchesLabels, parseLabelSelector, SelectorError } from './label-selector.js';
import type { LogFiles } from './log-files.js';
import { assumedLineTime, checkTimeOptions, chooseContainer, hasRuntimeTimestamps, parseLogQuery, selectLogWindow, streamLog } from './logs.js';
import { groupVersion, type ResourceType } from './resources.js';
import { openApiV3Document, openApiV3Root } from './openapi.js';
import { route, type Route } from './router.js';
import { badRequest, noContainers, notFound, readOnly, StatusError, unknownPath } from './status.js';
import type { ObjectStore } from './store.js';
import { buildTable, parseIncludeObject, wantsTable } from './table.js';
import type { versionInfo } from './version.js';
import { field } from './untrusted.js';
import { isWatch, sendsInitialState, watchSeconds, watchStream } from './watch.js';

/** How AGE and every "ago" cell are measured; see docs/serve.md. */
export type AgeReference = 'capture' | 'now';

export interface ServedCluster {
  /** The kubeconfig context and cluster name. */
  name: string;
  snapshot: Snapshot;
  catalog: ResourceCatalog;
  /** The `/version` body (which picks the kubectl minor on dispatcher installs). */
  version: ReturnType<typeof versionInfo>;
  store: ObjectStore;
  logs: Map<string, ContainerLogs>;
  files: LogFiles;
  ageReference: AgeReference;
}

export type Reply =
  | { status: number; json: unknown }
  | { status: number; body: string | Buffer; contentType: string }
  /** `longRunning`: a watch, which is silent until its own deadline (the idle timeout must not cut it). */
  | { status: number; stream: Readable; contentType: string; longRunning?: boolean };

export interface ApiRequest {
  method: string;
  url: URL;
  accept: string | undefined;
  /** `host:port` this server answers on, for APIVersions.serverAddressByClientCIDRs. */
  serverAddress: string;
  /** The request body (read only for POSTs, capped); the access reviews need it. */
  body?: Buffer;
  contentType?: string;
}

const RESOURCE_VERSION = '1';
const READ_METHODS = new Set(['GET', 'HEAD']);
/** Subresources that open a session with a container: there is none in a snapshot. */
const SESSION_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy']);

function clock(cluster: ServedCluster): AgeClock {
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
  const target = route(request.url.pathname, cluster.catalog);
  const params = request.url.searchParams;
  const review = target.kind === 'collection' && target.type.verbs.includes('create') ? target.type : undefined;
  if (review && request.method === 'POST') {
    return { status: 201, json: answerReview(review, request.body ?? Buffer.alloc(0), request.contentType) };
  }
  if (!READ_METHODS.has(request.method) || review) {
    throw readOnly(`${request.method} ${describeTarget(target)} is not allowed`, routeDetails(target));
  }
  if (isWatch(params) && (target.kind === 'collection' || target.kind === 'object')) return watch(cluster, target, request);
  if (target.kind === 'watch-path') {
    throw readOnly('the deprecated /watch/ paths are not served; use ?watch=true', routeDetails(target));
  }

  switch (target.kind) {
    case 'version':
      return { status: 200, json: cluster.version };
    case 'health':
      return { status: 200, body: 'ok', contentType: 'text/plain; charset=utf-8' };
    case 'api-versions':
      return { status: 200, json: apiVersions(request.serverAddress) };
    case 'group-list':
      return { status: 200, json: apiGroupList(cluster.catalog) };
    case 'group': {
      const group = apiGroup(cluster.catalog, target.group);
      if (!group) throw unknownPath();
      return { status: 200, json: group };
    }
    case 'resource-list': {
      const list = apiResourceList(cluster.catalog, target.group, target.version);
      if (!list) throw unknownPath();
      return { status: 200, json: list };
    }
    case 'openapi-v2':
      // An empty protobuf Document: client-side validation finds no models and lets a write reach the 405.
      return { status: 200, body: Buffer.alloc(0), contentType: 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf' };
    case 'openapi-v3': {
      const path = request.url.pathname.replace(/^\/openapi\/v3\/?/, '');
      const document = path === '' ? openApiV3Root(cluster.catalog) : openApiV3Document(cluster.catalog, path);
      if (!document) throw unknownPath();
      return { status: 200, json: document };
    }
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
  const objects = selectObjects(type, cluster.store.list(type, namespace), request.url.searchParams);
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

/** A watch on a collection or one object: see watch.ts for what a snapshot sends. */
function watch(cluster: ServedCluster, target: Extract<Route, { kind: 'collection' | 'object' }>, request: ApiRequest): Reply {
  const params = request.url.searchParams;
  const seconds = watchSeconds(params);
  const { type, namespace } = target;
  let objects: KubeObject[] = [];
  if (sendsInitialState(params)) {
    const candidates = target.kind === 'object' ? [cluster.store.get(type, namespace ?? '', target.name)].filter((o) => o !== undefined) : cluster.store.list(type, namespace);
    objects = selectObjects(type, candidates, params);
  } else {
    selectObjects(type, [], params); // still validates the selectors
  }
  const table = wantsTable(request.accept);
  const include = table ? parseIncludeObject(params.get('includeObject')) : 'Object';
  const shaped = objects.map((object) =>
    table ? buildTable(type, [object], { clock: clock(cluster), include, version: table, resourceVersion: RESOURCE_VERSION }) : object,
  );
  const bookmark =
    params.get('sendInitialEvents') === 'true'
      ? { kind: type.kind, apiVersion: groupVersion(type), metadata: { resourceVersion: RESOURCE_VERSION, annotations: { 'k8s.io/initial-events-end': 'true' } } }
      : undefined;
  return { status: 200, stream: watchStream({ initial: shaped, bookmark, seconds }), contentType: 'application/json', longRunning: true };
}

function find(cluster: ServedCluster, type: ResourceType, namespace: string | undefined, name: string): KubeObject {
  const object = cluster.store.get(type, namespace ?? '', name);
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
  if (!field(pod, 'spec', 'nodeName')) return { status: 200, body: '', contentType: 'text/plain' };
  const window = selectLogWindow(pod, container, query.previous, cluster.logs.get(`${namespace}/${name}/${container}`));
  const runtimeTimestamps = hasRuntimeTimestamps(cluster.snapshot.bundle.logs, window);
  checkTimeOptions(query, runtimeTimestamps);
  let stream: Readable;
  try {
    const lineTime = assumedLineTime(pod, container, query.previous, cluster.snapshot.capturedAt);
    stream = await streamLog(cluster.files, window, query, clock(cluster).now, runtimeTimestamps, lineTime);
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
