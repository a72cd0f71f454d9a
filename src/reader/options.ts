import type { BuiltInExtraResourceName, CustomResourceName, ResourceName } from '../model/snapshot.js';

/** How much of each log the reader keeps, and the caps that keep memory flat whatever the bundle holds. */
export interface ReadOptions {
  /** Lines an analyzer wants kept wherever they are in a log (beyond head and tail). */
  keepPatterns?: RegExp[];
  /** Lines kept from the start of each log (a boot failure is at the head of the previous log). Default 200. */
  headLines?: number;
  /** Lines kept from the end of each log (the death is at its tail). Default 300. */
  tailLines?: number;
  /** Most lines kept per log for matching a keep pattern. Default 200. */
  maxKeptLines?: number;
  /** Longest part of one line ever held in memory; the rest of the line is counted and dropped. Default 64 KiB. */
  maxLineBytes?: number;
  /** Object files (JSON/YAML) are parsed whole; larger ones are skipped with a diagnostic. Default 256 MiB. */
  maxObjectFileBytes?: number;
  /** Called once per entry read, with the totals so far (the CLI shows progress on a terminal). May throw to stop the read. */
  onProgress?: (progress: ReadProgress) => void;
  /**
   * `needed` (default): keep lines only of the logs the analysis can read — containers that restarted, wait, or
   * terminated (src/reader/logs/needs.ts); the others are counted and drained. `all`: keep lines of every log.
   */
  logs?: 'needed' | 'all';
  /** Raw bytes kept from the end of each log read before its pod is known. Default 8 KiB. */
  deferredTailBytes?: number;
  /** All deferred logs together keep at most this much (then each keeps 1 KiB). Default 32 MiB. */
  maxDeferredBytes?: number;
  /** All kept log lines of one read together, once they pass this a log keeps only its last lines. Default 64 MiB. */
  maxKeptBytes?: number;
  /**
   * `all` (default): parse every object file the layout knows (serve answers for every kind, redact rewrites them).
   * `analysis`: parse only the kinds the analysis reads ({@link ANALYSIS_RESOURCES}); files of other kinds (CRDs,
   * custom resources, Ingresses…) are recognised but their bytes are skipped; and ConfigMaps and Secrets in YAML,
   * of which the analysis reads only names and key names, get their block-scalar values (`key: |` …) as `""`.
   */
  objects?: 'all' | 'analysis';
}

/**
 * The kinds the analyzers and the snapshot model read: every resource name but the serve-only ones
 * (src/model/snapshot.ts). A record, so that a kind added to ResourceName must be placed here too.
 */
const ANALYSIS_KINDS: Record<Exclude<ResourceName, BuiltInExtraResourceName | CustomResourceName>, true> = {
  namespaces: true,
  nodes: true,
  pods: true,
  events: true,
  deployments: true,
  replicasets: true,
  statefulsets: true,
  daemonsets: true,
  jobs: true,
  cronjobs: true,
  services: true,
  endpoints: true,
  configmaps: true,
  secrets: true,
  limitranges: true,
  resourcequotas: true,
  persistentvolumeclaims: true,
  replicationcontrollers: true,
};

const ANALYSIS_RESOURCES: ReadonlySet<ResourceName> = new Set(Object.keys(ANALYSIS_KINDS) as ResourceName[]);

/** Kinds of which the analysis reads only names and key names (missing-config checks a reference), not values. */
const KEYS_ONLY_RESOURCES: ReadonlySet<ResourceName> = new Set<ResourceName>(['configmaps', 'secrets']);

/** Whether a read with these options may leave the values of this kind's objects unparsed. */
export function readsKeysOnly(options: Pick<ResolvedReadOptions, 'objects'>, resource: ResourceName): boolean {
  return options.objects === 'analysis' && KEYS_ONLY_RESOURCES.has(resource);
}

/** Whether a read with these options parses object files of this kind. */
export function readsObjects(options: Pick<ResolvedReadOptions, 'objects'>, resource: ResourceName): boolean {
  return options.objects === 'all' || ANALYSIS_RESOURCES.has(resource);
}

export interface ReadProgress {
  /** Entries (files) read so far, and the bytes they hold as their container records them. */
  entries: number;
  bytes: number;
}

export type ResolvedReadOptions = Required<Omit<ReadOptions, 'onProgress'>> & Pick<ReadOptions, 'onProgress'>;

export const DEFAULT_READ_OPTIONS: Readonly<ResolvedReadOptions> = {
  keepPatterns: [],
  headLines: 200,
  tailLines: 300,
  maxKeptLines: 200,
  maxLineBytes: 64 * 1024,
  maxObjectFileBytes: 256 * 1024 * 1024,
  logs: 'needed',
  deferredTailBytes: 8 * 1024,
  maxDeferredBytes: 32 * 1024 * 1024,
  maxKeptBytes: 64 * 1024 * 1024,
  objects: 'all',
};

export function resolveReadOptions(options: ReadOptions = {}): ResolvedReadOptions {
  const pick = (value: number | undefined, fallback: number, min: number): number =>
    value === undefined || !Number.isFinite(value) ? fallback : Math.max(min, Math.floor(value));
  return {
    keepPatterns: options.keepPatterns ?? [],
    headLines: pick(options.headLines, DEFAULT_READ_OPTIONS.headLines, 0),
    tailLines: pick(options.tailLines, DEFAULT_READ_OPTIONS.tailLines, 0),
    maxKeptLines: pick(options.maxKeptLines, DEFAULT_READ_OPTIONS.maxKeptLines, 0),
    maxLineBytes: pick(options.maxLineBytes, DEFAULT_READ_OPTIONS.maxLineBytes, 64),
    maxObjectFileBytes: pick(options.maxObjectFileBytes, DEFAULT_READ_OPTIONS.maxObjectFileBytes, 1),
    onProgress: options.onProgress,
    logs: options.logs === 'all' ? 'all' : 'needed',
    deferredTailBytes: pick(options.deferredTailBytes, DEFAULT_READ_OPTIONS.deferredTailBytes, 1024),
    maxDeferredBytes: pick(options.maxDeferredBytes, DEFAULT_READ_OPTIONS.maxDeferredBytes, 0),
    maxKeptBytes: pick(options.maxKeptBytes, DEFAULT_READ_OPTIONS.maxKeptBytes, 0),
    objects: options.objects === 'analysis' ? 'analysis' : 'all',
  };
}
