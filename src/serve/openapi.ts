/**
 * OpenAPI v3 for `kubectl explain`. No well-kept npm package carries the built-in kinds' schemas in the form the
 * apiserver publishes them (with `x-kubernetes-group-version-kind`), and kubectl replaces any error body from
 * /openapi with its own generic text. So each served kind gets a schema that carries only the explanation:
 * `kubectl explain pods` prints it as the kind's DESCRIPTION instead of `couldn't find resource for "/v1, Kind=Pod"`.
 * /openapi/v2 stays an empty document, so client-side validation finds no models and a write reaches the 405.
 */
import type { ResourceCatalog } from './catalog.js';
import { groupVersion } from './resources.js';

const EXPLAIN_MESSAGE =
  'podmortem serve has no field schemas, so kubectl explain cannot describe the fields of %KIND% here. The bundle\'s ' +
  'objects are served as collected (kubectl get -o yaml shows them); field documentation is at ' +
  'https://kubernetes.io/docs/reference/kubernetes-api/ or from kubectl explain against a live cluster.';

/** `api/v1`, `apis/apps/v1`…: the paths kubectl asks for under /openapi/v3. */
function paths(catalog: ResourceCatalog): Map<string, { group: string; version: string }> {
  const found = new Map<string, { group: string; version: string }>();
  for (const group of catalog.groups()) {
    for (const version of group.versions) found.set(group.name === '' ? `api/${version}` : `apis/${group.name}/${version}`, { group: group.name, version });
  }
  return found;
}

export function openApiV3Root(catalog: ResourceCatalog) {
  return {
    paths: Object.fromEntries([...paths(catalog).keys()].map((path) => [path, { serverRelativeURL: `/openapi/v3/${path}?hash=podmortem` }])),
  };
}

/** The document of one group version, or undefined when it is not served. */
export function openApiV3Document(catalog: ResourceCatalog, path: string) {
  const target = paths(catalog).get(path);
  if (!target) return undefined;
  const schemas: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const type of catalog.resourcesOf(target.group, target.version)) {
    const gvk = { group: type.group, kind: type.kind, version: type.version };
    schemas[`io.podmortem.${groupVersion(type).replace(/\//g, '.')}.${type.kind}`] = {
      type: 'object',
      description: EXPLAIN_MESSAGE.replace('%KIND%', type.kind),
      'x-kubernetes-group-version-kind': [gvk],
    };
    // explain finds a resource's kind through the GET operation of its list path.
    const prefix = `/${path}${type.namespaced ? '/namespaces/{namespace}' : ''}`;
    operations[`${prefix}/${type.name}`] = { get: { 'x-kubernetes-action': 'list', 'x-kubernetes-group-version-kind': gvk } };
  }
  return { openapi: '3.0.0', info: { title: 'podmortem serve', version: 'snapshot' }, paths: operations, components: { schemas } };
}
