/**
 * Legacy discovery (APIVersions, APIGroupList, APIResourceList): every kubectl from 1.27 to 1.33 falls back to it
 * because its Accept list ends in application/json, so the aggregated forms (and their v2/v2beta1 split) are not
 * needed. Built from the cluster's catalog: the built-in kinds, the access reviews, and the bundle's custom resources.
 * Object kinds offer get, list and watch (a watch waits, see watch.ts); `kubectl top` sees no metrics group.
 */
import type { ResourceCatalog, ServedGroup } from './catalog.js';
import { groupVersion } from './resources.js';

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroupList(catalog: ResourceCatalog) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: catalog
      .groups()
      .filter((g) => g.name !== '')
      .map(groupDocument),
  };
}

/** The APIGroup of one named group, or undefined when it is not served. */
export function apiGroup(catalog: ResourceCatalog, name: string) {
  const group = name === '' ? undefined : catalog.groups().find((g) => g.name === name);
  return group && groupDocument(group);
}

function groupDocument({ name, versions }: ServedGroup) {
  const groupVersion = (version: string) => ({ groupVersion: `${name}/${version}`, version });
  return { kind: 'APIGroup', apiVersion: 'v1', name, versions: versions.map(groupVersion), preferredVersion: groupVersion(versions[0]) };
}

/** The APIResourceList of one group version, or undefined when it is not served. */
export function apiResourceList(catalog: ResourceCatalog, group: string, version: string) {
  const types = catalog.resourcesOf(group, version);
  if (types.length === 0) return undefined;
  const resources = types.flatMap((r) => [
    {
      name: r.name,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames.length > 0 ? { shortNames: r.shortNames } : {}),
      ...(r.categories.length > 0 ? { categories: r.categories } : {}),
    },
    ...r.subresources.map((sub) => ({ name: `${r.name}/${sub}`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get'] })),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion({ group, version }), resources };
}
