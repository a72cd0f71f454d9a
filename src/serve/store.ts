/**
 * The objects one snapshot serves, indexed once at start-up: per resource, sorted by namespace then name (etcd key
 * order, which is what `kubectl get` users expect) and keyed for single GETs. Objects are shallow copies carrying
 * `kind`/`apiVersion` (bundle lists often omit them, and kubectl needs them to decode a single object).
 */
import type { KubeObject, ResourceName, Snapshot } from '../model/snapshot.js';
import type { ResourceCatalog } from './catalog.js';
import { deriveEndpointSlices } from './endpoint-slices.js';
import { groupVersion, SYNTHESIZED_ANNOTATION, type ResourceType } from './resources.js';
import { field, objs, str } from './untrusted.js';
import { compareCodeUnits } from '../util/compare.js';

export interface ResourceIndex {
  readonly type: ResourceType;
  items: KubeObject[];
  byKey: Map<string, KubeObject>;
}

export class ObjectStore {
  private readonly byType = new Map<ResourceType, ResourceIndex>();

  constructor(snapshot: Snapshot, catalog: ResourceCatalog) {
    for (const { type, key } of catalog.stored) {
      const raw = this.rawObjects(snapshot, type, key);
      const items: KubeObject[] = [];
      const byKey = new Map<string, KubeObject>();
      for (const object of raw) {
        const name = field(object, 'metadata', 'name');
        if (typeof name !== 'string' || name === '') continue;
        const key = objectKey(type, object);
        if (byKey.has(key)) continue;
        const served: KubeObject = { apiVersion: groupVersion(type), kind: type.kind, ...object };
        served.apiVersion = groupVersion(type);
        served.kind = type.kind;
        byKey.set(key, served);
        items.push(served);
      }
      items.sort((a, b) => compareCodeUnits(str(a.metadata?.namespace), str(b.metadata?.namespace)) || compareCodeUnits(str(a.metadata?.name), str(b.metadata?.name)));
      this.byType.set(type, { type, items, byKey });
    }
    const namespaces = this.byName('namespaces');
    if (namespaces && namespaces.items.length === 0) this.synthesizeNamespaces(namespaces);
  }

  private byName(name: string): ResourceIndex | undefined {
    for (const index of this.byType.values()) if (index.type.name === name && index.type.group === '') return index;
    return undefined;
  }

  index(type: ResourceType): ResourceIndex | undefined {
    return this.byType.get(type);
  }

  indexes(): ResourceIndex[] {
    return [...this.byType.values()];
  }

  /** Swaps a kind's objects for masked copies (same order, same keys). */
  replace(type: ResourceType, items: KubeObject[]): void {
    const index = this.byType.get(type);
    if (!index) return;
    index.items = items;
    index.byKey = new Map(items.map((o) => [objectKey(type, o), o]));
  }

  get(type: ResourceType, namespace: string, name: string): KubeObject | undefined {
    return this.byType.get(type)?.byKey.get(`${namespace}/${name}`);
  }

  list(type: ResourceType, namespace: string | undefined): KubeObject[] {
    const items = this.byType.get(type)?.items ?? [];
    return namespace === undefined ? items : items.filter((o) => o.metadata?.namespace === namespace);
  }

  private rawObjects(snapshot: Snapshot, type: ResourceType, key: string): KubeObject[] {
    const recorded = (snapshot.resources[key as ResourceName] ?? []).map((r) => r.object);
    if (type.name === 'leases' && type.group === 'coordination.k8s.io') return [...recorded, ...nodeLeases(snapshot, recorded)];
    if (type.name === 'endpointslices' && type.group === 'discovery.k8s.io') {
      return [...recorded, ...deriveEndpointSlices((snapshot.resources.endpoints ?? []).map((r) => r.object), recorded)];
    }
    if (recorded.length > 0) return recorded;
    // Views exist even if a reader only filled them: fall back to them for the kinds that have views.
    if (type.group !== '') return [];
    if (type.name === 'pods') return snapshot.pods.map((p) => p.object as KubeObject);
    if (type.name === 'nodes') return snapshot.nodes.map((n) => n.object as KubeObject);
    if (type.name === 'events') return snapshot.events.map((e) => e.object as unknown as KubeObject);
    return [];
  }

  /**
   * Dumps without a namespace list (cluster-info dump, trimmed bundles) still have namespaces: list the ones the
   * objects live in, marked as synthesized, so `get ns` and k9s's namespace picker work.
   */
  private synthesizeNamespaces(index: ResourceIndex): void {
    const names = new Set<string>();
    for (const other of this.byType.values()) {
      if (!other.type.namespaced) continue;
      for (const object of other.items) if (object.metadata?.namespace) names.add(object.metadata.namespace);
    }
    for (const name of [...names].sort(compareCodeUnits)) {
      const namespace: KubeObject = {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name, annotations: { [SYNTHESIZED_ANNOTATION]: 'the bundle has no namespace list; listed because objects live in it' } },
        status: { phase: 'Active' },
      };
      index.items.push(namespace);
      index.byKey.set(`/${name}`, namespace);
    }
  }
}

/** `namespace/name` (`/name` for cluster-scoped kinds), the key `get` looks objects up by. */
function objectKey(type: ResourceType, object: KubeObject): string {
  return `${type.namespaced ? str(object.metadata?.namespace) : ''}/${str(object.metadata?.name)}`;
}

/**
 * `kubectl describe node` asks for the node's Lease; a kubelet renews it with every heartbeat. Most bundles do not
 * collect leases, so for a node without one one is derived from the node's Ready heartbeat (marked as synthesized) to keep describe clean.
 */
function nodeLeases(snapshot: Snapshot, recorded: KubeObject[]): KubeObject[] {
  const have = new Set(recorded.filter((l) => l.metadata?.namespace === 'kube-node-lease').map((l) => l.metadata?.name));
  return snapshot.nodes.filter((node) => !have.has(node.name)).map((node) => {
    const ready = objs(field(node.object, 'status', 'conditions')).find((c) => c['type'] === 'Ready');
    const renewTime = str(ready?.['lastHeartbeatTime'] ?? ready?.['lastTransitionTime']);
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: node.name,
        namespace: 'kube-node-lease',
        creationTimestamp: node.object.metadata?.creationTimestamp,
        annotations: { [SYNTHESIZED_ANNOTATION]: "derived from the node's Ready condition heartbeat" },
      },
      spec: {
        holderIdentity: node.name,
        leaseDurationSeconds: 40,
        ...(renewTime ? { renewTime: toMicroTime(renewTime) } : {}),
      },
    };
  });
}

function toMicroTime(value: string): string {
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString().replace(/Z$/, '000Z');
}
