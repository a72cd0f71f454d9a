/**
 * `podmortem.json`, the manifest at the root of a podmortem bundle. docs/bundle-format.md is its prose twin;
 * keep the two in step and bump `formatVersion` on any change a reader must know about.
 */
import type { BundleFormat } from './snapshot.js';
export const MANIFEST_FORMAT_VERSION = 1;

export interface CollectionError {
  /** What was being collected, e.g. `pods/shop`, `logs/shop/api-7c9d/api (previous)`. */
  target: string;
  /** The kubectl command line that failed, without credentials. */
  command?: string;
  /** kubectl's own message (stderr), redacted like everything else. */
  message: string;
}

export interface LogPolicy {
  /** Lines kept from the start of each log (a boot failure is at the head of the previous log). */
  headLines: number;
  /** Lines kept from the end of each log (the death is at its tail). */
  tailLines: number;
  /** Per-log byte budget after which the middle is cut. */
  maxBytes: number;
  /** Logs whose middle was cut, with how many lines were dropped. */
  cut: Array<{ file: string; droppedLines: number; droppedBytes: number }>;
}

export interface RedactionReport {
  enabled: boolean;
  /** Per file and rule, how many values were masked; never the values themselves. */
  files: Array<{ file: string; rule: string; count: number }>;
}

export interface PodmortemManifest {
  formatVersion: number;
  /** ISO time at which collection started. */
  capturedAt: string;
  kubeContext?: string;
  clusterName?: string;
  collector: { name: 'podmortem'; version: string };
  kubectlVersion?: string;
  serverVersion?: string;
  /** Namespaces collected (`['*']` for all). */
  namespaces: string[];
  /** Resource kinds collected (plural names) and log kinds (`logs`, `previous-logs`). */
  collected: string[];
  logPolicy: LogPolicy;
  redaction: RedactionReport;
  errors: CollectionError[];
  /**
   * Set by `podmortem redact` when the bundle was converted from another bundle: the input's format as the reader
   * recognised it and its file or folder name (never the full local path).
   */
  convertedFrom?: { format: BundleFormat; path: string };
  /**
   * Present when the archive is seekable: every entry is its own gzip member, and this index (in the last member,
   * see docs/bundle-format.md) gives each entry's compressed offset. Readers that ignore it still read a plain .tar.gz.
   */
  seekable?: boolean;
}
