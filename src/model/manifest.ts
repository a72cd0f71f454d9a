/**
 * `podmortem.json`, the manifest at the root of a podmortem bundle. docs/bundle-format.md is its prose twin;
 * keep the two in step and bump `formatVersion` on any change a reader must know about.
 */
import type { BundleFormat } from './snapshot.js';
import { isJsonObject } from '../util/json.js';
/** 2: each collection error also names what it is about as data (`subject`); 1: only as text (`target`). */
export const MANIFEST_FORMAT_VERSION = 2;

/** What a collection step was collecting, as data (format version 2). */
export interface CollectionTarget {
  /** `logs`, or the plural resource that was listed (`pods`, `volumes.longhorn.io`, `custom-resources`). */
  kind: string;
  /** Absent for a cluster-scoped kind; `*` for a list across every namespace. */
  namespace?: string;
  /** The pod whose log it was (logs only). */
  name?: string;
  /** The container whose log it was (logs only). */
  container?: string;
  /** The log of the container's previous instance (logs only). */
  previous?: boolean;
}

export interface CollectionError {
  /**
   * What was being collected, in words, e.g. `pods/shop`, `logs/shop/api-7c9d/api (previous)`: the whole of it in
   * version 1; in version 2 written from `subject` for people and for readers that know only version 1.
   */
  target: string;
  /** The same as data. Always written since version 2; read back from `target` for a version 1 log error. */
  subject?: CollectionTarget;
  /** The kubectl command line that failed, without credentials. */
  command?: string;
  /** kubectl's own message (stderr), redacted like everything else. */
  message: string;
}

/** The words for a target (`CollectionError.target`): `logs/<ns>/<pod>/<container>[ (previous)]`, `<kind>[/<ns>]`. */
export function targetText(target: CollectionTarget): string {
  if (target.kind === 'logs') return `logs/${target.namespace ?? ''}/${target.name ?? ''}/${target.container ?? ''}${target.previous ? ' (previous)' : ''}`;
  return target.namespace === undefined ? target.kind : `${target.kind}/${target.namespace}`;
}

/** A collection error as version 2 writes it: the target as data and in words. */
export function collectionError(subject: CollectionTarget, message: string, command?: string): CollectionError {
  return { target: targetText(subject), subject, ...(command !== undefined ? { command } : {}), message };
}

/** Version 1 said which log an error was about only in its target's words. */
const V1_LOG_TARGET = /^logs\/([^/]+)\/([^/]+)\/([^/\s]+)( \(previous\))?$/;

function v1Subject(target: string): CollectionTarget | undefined {
  const log = V1_LOG_TARGET.exec(target);
  if (!log?.[1] || !log[2] || !log[3]) return undefined;
  return { kind: 'logs', namespace: log[1], name: log[2], container: log[3], previous: log[4] !== undefined };
}

/** A version 2 `subject` as read from a bundle: undefined unless `kind` is a string and every other field has its type. */
function checkSubject(value: unknown): CollectionTarget | undefined {
  if (!isJsonObject(value) || typeof value.kind !== 'string') return undefined;
  const { kind, namespace, name, container, previous } = value;
  const optional = (v: unknown, type: 'string' | 'boolean') => v === undefined || typeof v === type;
  if (!optional(namespace, 'string') || !optional(name, 'string') || !optional(container, 'string') || !optional(previous, 'boolean')) return undefined;
  return {
    kind,
    ...(typeof namespace === 'string' ? { namespace } : {}),
    ...(typeof name === 'string' ? { name } : {}),
    ...(typeof container === 'string' ? { container } : {}),
    ...(typeof previous === 'boolean' ? { previous } : {}),
  };
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

const describe = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

/**
 * Checks every field of a manifest read from a bundle, once, where it is read: a field of the wrong type is dropped
 * (and named in `dropped`) rather than left for some later `.length` or `.map` to throw on. Unknown fields are not
 * kept. Undefined when the two fields that make a manifest (formatVersion, capturedAt) are not there.
 */
export function checkManifest(value: unknown): ManifestCheck | undefined {
  if (!isJsonObject(value) || typeof value.formatVersion !== 'number' || !Number.isFinite(value.formatVersion) || typeof value.capturedAt !== 'string') return undefined;
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
  let badSubjects = 0;
  for (const error of errorList) {
    if (errors.length >= MAX_MANIFEST_ERRORS) break;
    if (!isJsonObject(error) || typeof error.message !== 'string' || (error.target !== undefined && typeof error.target !== 'string')) {
      badErrors += 1;
      continue;
    }
    const subject = value.formatVersion >= 2 ? checkSubject(error.subject) : v1Subject(error.target ?? '');
    if (value.formatVersion >= 2 && error.subject !== undefined && !subject) badSubjects += 1;
    const target = error.target ?? (subject ? targetText(subject) : '');
    errors.push({ target, ...(subject ? { subject } : {}), ...(typeof error.command === 'string' ? { command: error.command } : {}), message: error.message });
  }
  if (badSubjects > 0) dropped.push(`${badSubjects} error subjects (not {kind, namespace?, name?, container?, previous?})`);
  if (badErrors > 0) dropped.push(`${badErrors} of errors (not {target, message} objects)`);
  const moreErrors = Math.max(0, errorList.length - errors.length - badErrors);

  const collector = isJsonObject(value.collector) && typeof value.collector.version === 'string' ? { name: 'podmortem' as const, version: value.collector.version } : { name: 'podmortem' as const, version: 'unknown' };
  const record = (field: string): Record<string, unknown> => {
    const v = value[field];
    if (isJsonObject(v)) return v;
    if (v !== undefined) dropped.push(`${field} (${describe(v)})`);
    return {};
  };
  const policy = record('logPolicy');
  const cut = Array.isArray(policy.cut)
    ? policy.cut.filter(isJsonObject).filter((c) => typeof c.file === 'string').map((c) => ({ file: c.file as string, droppedLines: count(c.droppedLines), droppedBytes: count(c.droppedBytes) }))
    : [];
  const redaction = record('redaction');
  const converted = isJsonObject(value.convertedFrom) && typeof value.convertedFrom.path === 'string' && ['podmortem', 'troubleshoot', 'cluster-info-dump', 'must-gather'].includes(value.convertedFrom.format as string)
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
        ? redaction.files.filter(isJsonObject).filter((f) => typeof f.file === 'string' && typeof f.rule === 'string').map((f) => ({ file: f.file as string, rule: f.rule as string, count: count(f.count) }))
        : [],
    },
    errors,
    ...(converted ? { convertedFrom: converted } : {}),
    ...(value.seekable === true ? { seekable: true } : {}),
  };
  return { manifest, dropped, moreErrors };
}
