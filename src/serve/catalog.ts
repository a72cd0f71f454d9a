/**
 * The resource types one served snapshot answers for: every built-in type, the access reviews, and a type per custom
 * resource the bundle holds, described by its CRD when the bundle has it (kind, scope, short names, categories,
 * printer columns) and otherwise by the objects themselves (their `kind`, `apiVersion` and whether they have a
 * namespace). Discovery, routing and the store all read this one list.
 */
import { isCustomResourceName, type KubeObject, type Snapshot } from '../model/snapshot.js';
import { crdPrinterColumns, customResourcePrinter } from './printers/custom.js';
import { groupVersion, RESOURCE_TYPES, REVIEW_TYPES, type, type ResourceType } from './resources.js';
import { arr, field, obj, objs, str } from './untrusted.js';
import { compareCodeUnits } from '../util/compare.js';

export interface ServedGroup {
  name: string;
  /** Served versions, preferred first: a group is served because at least one of its versions is. */
  versions: [string, ...string[]];
}

/** The snapshot key a type's objects are read from: the plural for built-ins, `<plural>.<group>` for custom ones. */
function snapshotKey(resource: Pick<ResourceType, 'name' | 'group'>, custom: boolean): string {
  return custom ? `${resource.name}.${resource.group}` : resource.name;
}

export class ResourceCatalog {
  readonly types: readonly ResourceType[];
  /** Types whose objects come from the snapshot (everything but the access reviews), with their snapshot key. */
  readonly stored: ReadonlyArray<{ type: ResourceType; key: string }>;
  private readonly byPath = new Map<string, ResourceType>();

  constructor(snapshot: Snapshot) {
    const custom = customTypes(snapshot);
    this.types = [...RESOURCE_TYPES, ...REVIEW_TYPES, ...custom];
    this.stored = [
      ...RESOURCE_TYPES.map((t) => ({ type: t, key: snapshotKey(t, false) })),
      ...custom.map((t) => ({ type: t, key: snapshotKey(t, true) })),
    ];
    for (const t of this.types) this.byPath.set(`${groupVersion(t)}/${t.name}`, t);
  }

  find(group: string, version: string, name: string): ResourceType | undefined {
    return this.byPath.get(`${groupVersion({ group, version })}/${name}`);
  }

  /** Core first, then the built-in groups in their order, then custom groups by name. */
  groups(): ServedGroup[] {
    const groups = new Map<string, [string, ...string[]]>();
    for (const t of this.types) {
      const versions = groups.get(t.group);
      if (!versions) groups.set(t.group, [t.version]);
      else if (!versions.includes(t.version)) versions.push(t.version);
    }
    return [...groups].map(([name, versions]) => ({ name, versions }));
  }

  resourcesOf(group: string, version: string): ResourceType[] {
    return this.types.filter((t) => t.group === group && t.version === version);
  }
}

interface Seen {
  plural: string;
  group: string;
  objects: KubeObject[];
}

function customTypes(snapshot: Snapshot): ResourceType[] {
  const crds = new Map<string, KubeObject>();
  for (const { object } of snapshot.resources.customresourcedefinitions ?? []) {
    const name = str(object.metadata?.name);
    if (isCustomResourceName(name)) crds.set(name, object);
  }
  const seen = new Map<string, Seen>();
  const see = (key: string, objects: KubeObject[]) => {
    const dot = key.indexOf('.');
    seen.set(key, { plural: key.slice(0, dot), group: key.slice(dot + 1), objects });
  };
  for (const [key, records] of Object.entries(snapshot.resources)) {
    if (!isCustomResourceName(key) || !records || records.length === 0) continue;
    see(key, records.map((r) => r.object));
  }
  // A CRD without objects still gets its (empty) type: `kubectl get <kind>` then says "No resources found".
  for (const name of crds.keys()) if (!seen.has(name)) see(name, []);
  const types: ResourceType[] = [];
  const taken = new Set(RESOURCE_TYPES.map((t) => `${t.group}/${t.name}`));
  for (const [key, found] of [...seen].sort(([a], [b]) => compareCodeUnits(a, b))) {
    if (taken.has(`${found.group}/${found.plural}`) || !/^[a-z0-9][a-z0-9-]*$/.test(found.plural)) continue;
    const described = describeCustom(found, crds.get(key));
    if (described) types.push(described);
  }
  return types;
}

/** The version to serve: the CRD's storage version, else the one most of the objects were read at. */
function chooseVersion(found: Seen, crd: KubeObject | undefined): string | undefined {
  const spec = obj(field(crd, 'spec'));
  const versions = objs(spec['versions']);
  const storage = versions.find((v) => v['storage'] === true) ?? versions.find((v) => v['served'] === true);
  if (storage && str(storage['name'])) return str(storage['name']);
  const legacy = str(spec['version']);
  if (legacy) return legacy;
  const counts = new Map<string, number>();
  for (const object of found.objects) {
    const apiVersion = str(object.apiVersion);
    const slash = apiVersion.indexOf('/');
    if (slash > 0 && apiVersion.slice(0, slash) === found.group) counts.set(apiVersion.slice(slash + 1), (counts.get(apiVersion.slice(slash + 1)) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

function describeCustom(found: Seen, crd: KubeObject | undefined): ResourceType | undefined {
  const version = chooseVersion(found, crd);
  if (!version || !/^v\d+[a-z0-9]*$/.test(version)) return undefined;
  const spec = obj(field(crd, 'spec'));
  const names = obj(spec['names']);
  const kind = str(names['kind']) || str(found.objects.find((o) => typeof o.kind === 'string')?.kind);
  if (!kind) return undefined;
  const scope = str(spec['scope']);
  const namespaced = scope ? scope === 'Namespaced' : found.objects.some((o) => Boolean(o.metadata?.namespace));
  return type(found.plural, str(names['singular']) || kind.toLowerCase(), kind, found.group, namespaced, customResourcePrinter(crdPrinterColumns(crd, version)), {
    version,
    shortNames: arr(names['shortNames']).map(str).filter(Boolean),
    categories: arr(names['categories']).map(str).filter(Boolean),
  });
}
