/**
 * Legacy discovery (APIVersions, APIGroupList, APIResourceList): every kubectl from 1.27 to 1.33 falls back to it
 * because its Accept list ends in application/json, so the aggregated forms (and their v2/v2beta1 split) are not
 * needed. Verbs are only get and list: nothing else is implemented, and `kubectl top` sees no metrics group.
 */
import { API_GROUPS, RESOURCE_TYPES, groupVersion } from './resources.js';

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroupList() {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: API_GROUPS.filter((g) => g !== '').map(apiGroup),
  };
}

export function apiGroup(name: string) {
  const version = { groupVersion: `${name}/v1`, version: 'v1' };
  return { kind: 'APIGroup', apiVersion: 'v1', name, versions: [version], preferredVersion: version };
}

/** The APIResourceList of one group version, or undefined when it is not served. */
export function apiResourceList(group: string, version: string) {
  if (!API_GROUPS.includes(group) || version !== 'v1') return undefined;
  const resources = RESOURCE_TYPES.filter((r) => r.group === group && r.version === version).flatMap((r) => [
    {
      name: r.name,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: ['get', 'list'],
      ...(r.shortNames.length > 0 ? { shortNames: r.shortNames } : {}),
      ...(r.categories.length > 0 ? { categories: r.categories } : {}),
    },
    ...r.subresources.map((sub) => ({ name: `${r.name}/${sub}`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get'] })),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion({ group, version }), resources };
}
