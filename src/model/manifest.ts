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

/** Errors kept from one manifest; the rest are counted ("and N more"), so a manifest of a million errors stays small. */
export const MAX_MANIFEST_ERRORS = 1000;

export interface ManifestCheck {
  manifest: PodmortemManifest;
  /** Fields dropped because their type was wrong, as `field (what it was)`. */
  dropped: string[];
  /** Errors beyond MAX_MANIFEST_ERRORS, not kept. */
  moreErrors: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const describe = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

/**
 * Checks every field of a manifest read from a bundle, once, where it is read: a field of the wrong type is dropped
 * (and named in `dropped`) rather than left for some later `.length` or `.map` to throw on. Unknown fields are not
 * kept. Undefined when the two fields that make a manifest (formatVersion, capturedAt) are not there.
 */
export function checkManifest(value: unknown): ManifestCheck | undefined {
  if (!isRecord(value) || typeof value.formatVersion !== 'number' || !Number.isFinite(value.formatVersion) || typeof value.capturedAt !== 'string') return undefined;
  const dropped: string[] = [];
  const optionalString = (field: string): string | undefined => {
    const v = value[field];
    if (v === undefined) return undefined;
    if (typeof v === 'string') return v;
    dropped.push(`${field} (${describe(v)})`);
    return undefined;
  };
  const strings = (field: string): string[] => {
    const v = value[field];
    if (v === undefined) return [];
    if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v;
    dropped.push(`${field} (${Array.isArray(v) ? 'an array of other than strings' : describe(v)})`);
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
  };
  const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

  const rawErrors = value.errors;
  if (rawErrors !== undefined && !Array.isArray(rawErrors)) dropped.push(`errors (${describe(rawErrors)})`);
  const errorList = Array.isArray(rawErrors) ? rawErrors : [];
  const errors: CollectionError[] = [];
  let badErrors = 0;
  for (const error of errorList) {
    if (errors.length >= MAX_MANIFEST_ERRORS) break;
    if (!isRecord(error) || typeof error.message !== 'string' || (error.target !== undefined && typeof error.target !== 'string')) {
      badErrors += 1;
      continue;
    }
    errors.push({ target: error.target ?? '', message: error.message, ...(typeof error.command === 'string' ? { command: error.command } : {}) });
  }
  if (badErrors > 0) dropped.push(`${badErrors} of errors (not {target, message} objects)`);
  const moreErrors = Math.max(0, errorList.length - errors.length - badErrors);

  const collector = isRecord(value.collector) && typeof value.collector.version === 'string' ? { name: 'podmortem' as const, version: value.collector.version } : { name: 'podmortem' as const, version: 'unknown' };
  const record = (field: string): Record<string, unknown> => {
    const v = value[field];
    if (isRecord(v)) return v;
    if (v !== undefined) dropped.push(`${field} (${describe(v)})`);
    return {};
  };
  const policy = record('logPolicy');
  const cut = Array.isArray(policy.cut)
    ? policy.cut.filter(isRecord).filter((c) => typeof c.file === 'string').map((c) => ({ file: c.file as string, droppedLines: count(c.droppedLines), droppedBytes: count(c.droppedBytes) }))
    : [];
  const redaction = record('redaction');
  const converted = isRecord(value.convertedFrom) && typeof value.convertedFrom.path === 'string' && ['podmortem', 'troubleshoot', 'cluster-info-dump', 'must-gather'].includes(value.convertedFrom.format as string)
    ? { format: value.convertedFrom.format as NonNullable<PodmortemManifest['convertedFrom']>['format'], path: value.convertedFrom.path }
    : undefined;

  const manifest: PodmortemManifest = {
    formatVersion: value.formatVersion,
    capturedAt: value.capturedAt,
    kubeContext: optionalString('kubeContext'),
    clusterName: optionalString('clusterName'),
    collector,
    kubectlVersion: optionalString('kubectlVersion'),
    serverVersion: optionalString('serverVersion'),
    namespaces: strings('namespaces'),
    collected: strings('collected'),
    logPolicy: { headLines: count(policy.headLines), tailLines: count(policy.tailLines), maxBytes: count(policy.maxBytes), cut },
    redaction: {
      enabled: redaction.enabled === true,
      files: Array.isArray(redaction.files)
        ? redaction.files.filter(isRecord).filter((f) => typeof f.file === 'string' && typeof f.rule === 'string').map((f) => ({ file: f.file as string, rule: f.rule as string, count: count(f.count) }))
        : [],
    },
    errors,
    ...(converted ? { convertedFrom: converted } : {}),
    ...(value.seekable === true ? { seekable: true } : {}),
  };
  return { manifest, dropped, moreErrors };
}
