/**
 * A layout knows one tool's paths and nothing else: `classify` maps a path inside the bundle to the role that file
 * plays. Paths are matched by their trailing segments, so any top-level folder (`support-bundle-<ts>/`,
 * `must-gather.local.N/<image>/`, none at all) works.
 */
import type { BundleFormat, Diagnostic, LogCollection, ResourceName } from '../../model/snapshot.js';
import type { BundleContents } from '../contents.js';
import type { Syntax } from '../parse.js';

export type Role =
  /**
   * A JSON/YAML file of objects. `fallback` objects are used only when no primary file holds the same object; `only`
   * names the one object a fallback file holds (from its path), so it is not even parsed once a primary file has it.
   */
  | { kind: 'objects'; resource: ResourceName; syntax: Syntax; fallback?: boolean; only?: { namespace: string; name: string } }
  /** One container's log. `insecure`: must-gather's retry copy, used when the regular file is absent or empty. */
  | { kind: 'log'; namespace: string; pod: string; container: string; previous: boolean; insecure?: boolean }
  /** cluster-info dump `logs.txt`: every container of the pod, split by marker lines. */
  | { kind: 'combined-log'; namespace: string; pod: string }
  /** troubleshoot `<container>-logs-errors.log`: why the log is missing. */
  | { kind: 'log-errors'; namespace: string; pod: string; container: string }
  | { kind: 'cluster-version'; syntax: 'version-info' | 'openshift-clusterversion' }
  | { kind: 'manifest' }
  /** troubleshoot `*-errors.json`: what the collector could not collect. */
  | { kind: 'collection-errors' }
  /** must-gather `timestamp`; the lowest rank wins when several exist. */
  | { kind: 'capture-time'; rank: number }
  /** Identifies the layout but holds nothing the snapshot needs. */
  | { kind: 'marker' }
  /** Belongs to the layout, deliberately not read (RBAC, custom resources, duplicates such as `all-logs/`). */
  | { kind: 'ignored' };

export interface Layout {
  /** The format a bundle gets when this layout wins (podmortem is troubleshoot's layout plus a manifest). */
  format: BundleFormat;
  title: string;
  /** What the tool saves of container logs (previous instances' logs, the runtime's timestamps), for the snapshot. */
  logs: LogCollection;
  /** Paths shown in the "unknown layout" error, so users see what podmortem looked for. */
  lookedFor: string[];
  /** Names at a bundle's root that mark this tool's output: they tell one extracted bundle from a folder of bundles. */
  rootNames: readonly string[];
  classify(path: string): Role | undefined;
  /** Layout-specific clean-up once every entry has been read (duplicates, alternatives, ambiguities). */
  finish?(contents: BundleContents): void;
  /** The format of a bundle this layout won, when its files tell more than `format` (troubleshoot + manifest = podmortem). */
  formatOf?(contents: BundleContents): BundleFormat;
  /**
   * Links the tool writes as shortcuts to files that are read elsewhere (troubleshoot's `all-logs/`): the reader
   * skips links anyway, and says so in one line per layout instead of one per link.
   */
  shortcuts?: { contains(path: string): boolean; skipped(paths: readonly string[]): Diagnostic };
  /** What the reader should tell about this bundle once it is read: what the format never holds (no previous logs), what looks wrong. */
  notes?(contents: BundleContents): Diagnostic[];
}

export function splitPath(path: string): { segments: string[]; base: string } {
  const segments = path.split('/');
  return { segments, base: segments[segments.length - 1] ?? '' };
}
