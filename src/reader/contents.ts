/**
 * What one layout gathered from a bundle, before the Snapshot is built. Each layout fills its own, so a stray file
 * that looks like another tool's output never mixes into the snapshot of the layout that won.
 */
import type { LogErrorRecord, LogRecord } from '../model/build.js';
import type { PodmortemManifest } from '../model/manifest.js';
import type { Diagnostic, ObjectRecord, ResourceName, VersionInfo } from '../model/snapshot.js';

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

  addObjects(resource: ResourceName, records: ObjectRecord[], fallback = false): void {
    const target = fallback ? this.fallbackResources : this.resources;
    (target[resource] ??= []).push(...records);
  }
}
