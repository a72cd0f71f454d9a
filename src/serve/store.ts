/**
 * The objects one snapshot serves, indexed once at start-up: per resource, sorted by namespace then name (etcd key
 * order, which is what `kubectl get` users expect) and keyed for single GETs. Objects are shallow copies carrying
 * `kind`/`apiVersion` (bundle lists often omit them, and kubectl needs them to decode a single object).
 */
import type { KubeObject, ResourceName, Snapshot } from '../model/snapshot.js';
import { RESOURCE_TYPES, groupVersion, type ResourceType } from './resources.js';

/** Marks objects podmortem made up so clients are not served them as bundle content unawares. */
export const SYNTHESIZED_ANNOTATION = 'podmortem.dev/synthesized';

export interface ResourceIndex {
  type: ResourceType;
  items: KubeObject[];
  byKey: Map<string, KubeObject>;
}

export class ObjectStore {
  private readonly indexes = new Map<string, ResourceIndex>();

  constructor(snapshot: Snapshot) {
    for (const type of RESOURCE_TYPES) {
      const raw = this.rawObjects(snapshot, type);
      const items: KubeObject[] = [];
      const byKey = new Map<string, KubeObject>();
      for (const object of raw) {
        const name = object?.metadata?.name;
        if (typeof name !== 'string' || name === '') continue;
        const namespace = type.namespaced ? String(object.metadata?.namespace ?? '') : '';
        const key = `${namespace}/${name}`;
        if (byKey.has(key)) continue;
        const served: KubeObject = { apiVersion: groupVersion(type), kind: type.kind, ...object };
        served.apiVersion = groupVersion(type);
        served.kind = type.kind;
        byKey.set(key, served);
        items.push(served);
      }
      items.sort((a, b) => compare(a.metadata?.namespace ?? '', b.metadata?.namespace ?? '') || compare(a.metadata!.name!, b.metadata!.name!));
      this.indexes.set(type.name, { type, items, byKey });
    }
    if (this.indexes.get('namespaces')!.items.length === 0) this.synthesizeNamespaces();
  }

  index(resource: string): ResourceIndex | undefined {
    return this.indexes.get(resource);
  }

  get(resource: string, namespace: string, name: string): KubeObject | undefined {
    return this.indexes.get(resource)?.byKey.get(`${namespace}/${name}`);
  }

  list(resource: string, namespace: string | undefined): KubeObject[] {
    const items = this.indexes.get(resource)?.items ?? [];
    return namespace === undefined ? items : items.filter((o) => o.metadata?.namespace === namespace);
  }

  private rawObjects(snapshot: Snapshot, type: ResourceType): KubeObject[] {
    if (type.name === 'leases') return nodeLeases(snapshot);
    const records = snapshot.resources[type.name as ResourceName];
    if (records && records.length > 0) return records.map((r) => r.object);
    // Views exist even if a reader only filled them: fall back to them for the kinds that have views.
    if (type.name === 'pods') return snapshot.pods.map((p) => p.object as KubeObject);
    if (type.name === 'nodes') return snapshot.nodes.map((n) => n.object as KubeObject);
    if (type.name === 'events') return snapshot.events.map((e) => e.object as unknown as KubeObject);
    return [];
  }

  /**
   * Dumps without a namespace list (cluster-info dump, trimmed bundles) still have namespaces: list the ones the
   * objects live in, marked as synthesized, so `get ns` and k9s's namespace picker work.
   */
  private synthesizeNamespaces(): void {
    const names = new Set<string>();
    for (const index of this.indexes.values()) {
      if (!index.type.namespaced) continue;
      for (const object of index.items) if (object.metadata?.namespace) names.add(object.metadata.namespace);
    }
    const index = this.indexes.get('namespaces')!;
    for (const name of [...names].sort(compare)) {
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

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `kubectl describe node` asks for the node's Lease; a kubelet renews it with every heartbeat. Bundles do not
 * collect leases, so one is derived from the node's Ready heartbeat (marked as synthesized) to keep describe clean.
 */
function nodeLeases(snapshot: Snapshot): KubeObject[] {
  return snapshot.nodes.map((node) => {
    const ready = (node.object.status?.conditions ?? []).find((c) => c?.type === 'Ready');
    const renewTime = ready?.lastHeartbeatTime ?? ready?.lastTransitionTime;
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
