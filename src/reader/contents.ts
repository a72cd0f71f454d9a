/**
 * What one layout gathered from a bundle, before the Snapshot is built. Each layout fills its own, so a stray file
 * that looks like another tool's output never mixes into the snapshot of the layout that won.
 */
import type { LogErrorRecord, LogRecord } from '../model/build.js';
import type { PodmortemManifest } from '../model/manifest.js';
import type { Diagnostic, ObjectRecord, ResourceName, VersionInfo } from '../model/snapshot.js';
import { unlimitedBudgets, type ReadBudgets } from './logs/budget.js';
import type { DrainedLog } from './logs/drain.js';
import { LogNeeds } from './logs/needs.js';

export interface TaggedLog extends LogRecord {
  insecure?: boolean;
}

export class BundleContents {
  readonly resources: Partial<Record<ResourceName, ObjectRecord[]>> = {};
  readonly fallbackResources: Partial<Record<ResourceName, ObjectRecord[]>> = {};
  logs: TaggedLog[] = [];
  readonly logErrors: LogErrorRecord[] = [];
  readonly diagnostics: Diagnostic[] = [];
  version?: VersionInfo;
  manifest?: PodmortemManifest;
  capturedAt?: { value: string; rank: number; file: string };
  /** Files this layout recognised and read (ignored files excluded): the evidence for choosing it. */
  recognised = 0;
  /** Which containers' logs need lines, as far as the pods read so far tell. */
  readonly needs = new LogNeeds();
  /** Logs read before their pod: decided once every entry is read (resolveDeferredLogs). */
  readonly deferred: Array<{ record: TaggedLog; drained: DrainedLog }> = [];

  constructor(readonly budgets: ReadBudgets = unlimitedBudgets()) {}

  /** `namespace/name` of every primary object, by resource: a fallback file of an object already held is not parsed. */
  private readonly held = new Map<ResourceName, Set<string>>();

  addObjects(resource: ResourceName, records: ObjectRecord[], fallback = false): void {
    const target = fallback ? this.fallbackResources : this.resources;
    (target[resource] ??= []).push(...records);
    if (!fallback) {
      const held = this.held.get(resource) ?? new Set<string>();
      this.held.set(resource, held);
      for (const { object } of records) held.add(`${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`);
    }
    if (resource === 'pods') for (const { object } of records) this.needs.addPod(object);
  }

  /** Whether a primary file already gave this object. */
  holds(resource: ResourceName, namespace: string, name: string): boolean {
    return this.held.get(resource)?.has(`${namespace}/${name}`) === true;
  }

  /** Whether a container's current (or previous) log needs lines; undefined while its pod is unknown. */
  needsLog(namespace: string, pod: string, container: string, previous = false): boolean | undefined {
    return this.needs.needs(namespace, pod, container, previous);
  }
}
