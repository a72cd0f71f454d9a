/**
 * Maps a request path to what it asks for. Nothing here touches the file system: names from the URL are only ever
 * map keys, so `..`, encoded slashes or NUL bytes in a path can at worst miss.
 */
import type { ResourceCatalog } from './catalog.js';
import type { ResourceType } from './resources.js';

export type Route =
  | { kind: 'version' }
  | { kind: 'health' }
  | { kind: 'api-versions' }
  | { kind: 'group-list' }
  | { kind: 'group'; group: string }
  | { kind: 'resource-list'; group: string; version: string }
  | { kind: 'collection'; type: ResourceType; namespace?: string }
  | { kind: 'object'; type: ResourceType; namespace?: string; name: string }
  | { kind: 'subresource'; type: ResourceType; namespace?: string; name: string; subresource: string }
  | { kind: 'watch-path' }
  | { kind: 'openapi-v2' }
  | { kind: 'openapi-v3' }
  | { kind: 'not-found' };

const NOT_FOUND: Route = { kind: 'not-found' };

/** Splits and percent-decodes a path; undefined when a segment is malformed or decodes to something no name can be. */
export function pathSegments(pathname: string): string[] | undefined {
  const segments: string[] = [];
  for (const raw of pathname.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment.includes('/') || segment.includes('\0')) return undefined;
    segments.push(segment);
  }
  return segments;
}

export function route(pathname: string, catalog: ResourceCatalog): Route {
  const segments = pathSegments(pathname);
  if (!segments) return NOT_FOUND;
  const [first, ...rest] = segments;
  switch (first) {
    case 'version':
      return rest.length === 0 ? { kind: 'version' } : NOT_FOUND;
    case 'healthz':
    case 'livez':
    case 'readyz':
      return rest.length === 0 ? { kind: 'health' } : NOT_FOUND;
    case 'openapi':
      if (rest.length === 1 && rest[0] === 'v2') return { kind: 'openapi-v2' };
      if (rest[0] === 'v3') return { kind: 'openapi-v3' };
      return NOT_FOUND;
    case 'api':
      if (rest.length === 0) return { kind: 'api-versions' };
      return resourceRoute(catalog, '', rest[0]!, rest.slice(1));
    case 'apis':
      if (rest.length === 0) return { kind: 'group-list' };
      if (rest.length === 1) return { kind: 'group', group: rest[0]! };
      return resourceRoute(catalog, rest[0]!, rest[1]!, rest.slice(2));
    default:
      return NOT_FOUND;
  }
}

function resourceRoute(catalog: ResourceCatalog, group: string, version: string, rest: string[]): Route {
  if (rest.length === 0) return { kind: 'resource-list', group, version };
  if (rest[0] === 'watch') return { kind: 'watch-path' };
  let namespace: string | undefined;
  let parts = rest;
  // `/namespaces/x/<resource>…` is a namespaced path; `/namespaces` and `/namespaces/x` address the Namespace itself.
  if (parts[0] === 'namespaces' && parts.length >= 3) {
    namespace = parts[1]!;
    parts = parts.slice(2);
  }
  const type = catalog.find(group, version, parts[0]!);
  if (!type) return NOT_FOUND;
  if (namespace !== undefined && !type.namespaced) return NOT_FOUND;
  if (parts.length === 1) return { kind: 'collection', type, namespace };
  if (parts.length === 2) {
    // A namespaced object needs its namespace in the path.
    if (type.namespaced && namespace === undefined) return NOT_FOUND;
    return { kind: 'object', type, namespace, name: parts[1]! };
  }
  if (parts.length === 3) {
    if (type.namespaced && namespace === undefined) return NOT_FOUND;
    return { kind: 'subresource', type, namespace, name: parts[1]!, subresource: parts[2]! };
  }
  return NOT_FOUND;
}

const BASE = 'http://podmortem.invalid';

/** The request target as a URL: origin-form (`/api/v1/pods?…`, even `//x`) or absolute-form (`http://host/…`). */
export function requestUrl(target: string): URL {
  if (target.startsWith('/')) return new URL(`${BASE}${target}`);
  try {
    const absolute = new URL(target);
    return new URL(`${BASE}${absolute.pathname}${absolute.search}`);
  } catch {
    return new URL(`${BASE}/`);
  }
}
