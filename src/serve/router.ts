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
function pathSegments(pathname: string): string[] | undefined {
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
    case 'api': {
      const [version, ...path] = rest;
      return version === undefined ? { kind: 'api-versions' } : resourceRoute(catalog, '', version, path);
    }
    case 'apis': {
      const [group, version, ...path] = rest;
      if (group === undefined) return { kind: 'group-list' };
      if (version === undefined) return { kind: 'group', group };
      return resourceRoute(catalog, group, version, path);
    }
    default:
      return NOT_FOUND;
  }
}

function resourceRoute(catalog: ResourceCatalog, group: string, version: string, path: string[]): Route {
  const [first, second, ...afterSecond] = path;
  if (first === undefined) return { kind: 'resource-list', group, version };
  if (first === 'watch') return { kind: 'watch-path' };
  // `/namespaces/x/<resource>…` is a namespaced path; `/namespaces` and `/namespaces/x` address the Namespace itself.
  const namespaced = first === 'namespaces' && second !== undefined && afterSecond.length > 0;
  const namespace = namespaced ? second : undefined;
  const [resource = '', name, subresource, ...extra] = namespaced ? afterSecond : path;
  const type = catalog.find(group, version, resource);
  if (!type) return NOT_FOUND;
  if (namespace !== undefined && !type.namespaced) return NOT_FOUND;
  if (name === undefined) return { kind: 'collection', type, namespace };
  // A namespaced object needs its namespace in the path.
  if (extra.length > 0 || (type.namespaced && namespace === undefined)) return NOT_FOUND;
  return subresource === undefined ? { kind: 'object', type, namespace, name } : { kind: 'subresource', type, namespace, name, subresource };
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
