/**
 * troubleshoot.sh support bundles, and podmortem's own bundles (the same layout plus `podmortem.json`).
 * Paths: replicatedhq/troubleshoot pkg/collect/cluster_resources.go and logs.go (see docs/bundle-format.md).
 */
import {
  CLUSTER_RESOURCES_DIR,
  CLUSTER_SCOPED_FILES,
  CLUSTER_VERSION_FILE,
  LOG_ERRORS_SUFFIX,
  MANIFEST_FILE,
  NAMESPACED_DIRS,
  PREVIOUS_LOG_SUFFIX,
} from '../../model/layout.js';
import { isCustomResourceName, type Diagnostic, type ResourceName } from '../../model/snapshot.js';
import type { BundleContents } from '../contents.js';
import { splitPath, type Layout, type Role } from './types.js';

/** Directory name → resource, from layout.ts plus the spellings older troubleshoot versions used. */
const DIR_RESOURCES: Record<string, ResourceName> = {
  ...Object.fromEntries(Object.entries(NAMESPACED_DIRS).flatMap(([resource, dir]): Array<[string, ResourceName]> => (dir === undefined ? [] : [[dir, resource as ResourceName]]))),
  'resource-quotas': 'resourcequotas',
};

/** `nodes.json`, `pvs.json`, `storage-classes.json`…: from layout.ts. */
const CLUSTER_FILES: Record<string, ResourceName> = Object.fromEntries(
  Object.entries(CLUSTER_SCOPED_FILES).map(([resource, file]): [string, ResourceName] => [String(file).split('/').at(-1) ?? '', resource as ResourceName]),
);

/** `custom-resources/<plural.group>/<ns>.json|yaml` (namespaced) or `custom-resources/<plural.group>.json|yaml`. */
function customResourceRole(parts: string[]): Role {
  const match = /^(.+)\.(json|yaml)$/.exec(parts.at(-1) ?? '');
  const name = parts.length === 2 ? parts[0] : match?.[1];
  if (!match || parts.length > 2 || !name || !isCustomResourceName(name)) return { kind: 'ignored' };
  return { kind: 'objects', resource: name, syntax: match[2] as 'json' | 'yaml' };
}

const SEEKABLE_INDEX_FILE = '.podmortem-index.json';
/** troubleshoot writes `all-logs/` as links to the logs that are read from `cluster-resources/pods/logs/`. */
const SHORTCUTS_DIR = 'all-logs';

function classify(path: string): Role | undefined {
  const { segments, base } = splitPath(path);
  if (base === SEEKABLE_INDEX_FILE) return { kind: 'ignored' };
  if (base === MANIFEST_FILE && segments.length <= 2) return { kind: 'manifest' };
  if (base === 'version.yaml' && segments.length <= 2) return { kind: 'marker' };
  const [versionDir, versionFile] = CLUSTER_VERSION_FILE.split('/');
  if (base === versionFile && segments[segments.length - 2] === versionDir) {
    return { kind: 'cluster-version', syntax: 'version-info' };
  }
  if (segments.includes(SHORTCUTS_DIR)) return { kind: 'ignored' };
  const root = segments.indexOf(CLUSTER_RESOURCES_DIR);
  if (isErrorsFile(segments, base)) return root >= 0 || segments.length <= 4 ? { kind: 'collection-errors' } : undefined;
  if (root < 0) return undefined;
  const rest = segments.slice(root + 1);
  if (rest[0] === 'pods' && rest[1] === 'logs') return logRole(rest.slice(2));
  if (rest[0] === 'custom-resources' && rest.length >= 2) return customResourceRole(rest.slice(1));
  if (rest.length === 1) {
    const resource = CLUSTER_FILES[base];
    return resource ? { kind: 'objects', resource, syntax: 'json' } : { kind: 'ignored' };
  }
  const [dir] = rest;
  const resource = dir === undefined ? undefined : DIR_RESOURCES[dir];
  if (rest.length === 2 && resource && base.endsWith('.json')) return { kind: 'objects', resource, syntax: 'json' };
  return { kind: 'ignored' };
}

/** `<ns>/<pod>/<container>.log`, `<container>-previous.log`, `<container>-logs-errors.log`. */
function logRole(parts: string[]): Role {
  if (parts.length !== 3) return { kind: 'ignored' };
  const [namespace, pod, file] = parts as [string, string, string];
  if (file.endsWith(LOG_ERRORS_SUFFIX)) {
    return { kind: 'log-errors', namespace, pod, container: file.slice(0, -LOG_ERRORS_SUFFIX.length) };
  }
  if (file.endsWith(PREVIOUS_LOG_SUFFIX)) {
    return { kind: 'log', namespace, pod, container: file.slice(0, -PREVIOUS_LOG_SUFFIX.length), previous: true };
  }
  if (file.endsWith('.log')) return { kind: 'log', namespace, pod, container: file.slice(0, -4), previous: false };
  return { kind: 'ignored' };
}

function isErrorsFile(segments: string[], base: string): boolean {
  if (base === 'errors.json' || base.endsWith('-errors.json')) return true;
  // `configmaps-errors/<ns>/<name>.json`, `secrets-errors/...`: one folder of error files per collector.
  return base.endsWith('.json') && segments.slice(0, -1).some((segment) => segment.endsWith('-errors'));
}

/**
 * A file named `<c>-previous.log` is the previous log of `<c>`, unless the pod has a container literally named
 * `<c>-previous` and none named `<c>`: only the pod spec can tell, so the choice is made once everything is read.
 */
function finish(contents: BundleContents): void {
  dropCustomResourceTwins(contents);
  const containers = new Map<string, Set<string>>();
  for (const { object } of contents.resources.pods ?? []) {
    const spec = (object as { spec?: Record<string, unknown> }).spec ?? {};
    const names = new Set<string>();
    for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
      const list = spec[field];
      if (!Array.isArray(list)) continue;
      for (const c of list as unknown[]) {
        const name = typeof c === 'object' && c !== null ? (c as { name?: unknown }).name : undefined;
        if (typeof name === 'string') names.add(name);
      }
    }
    containers.set(`${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`, names);
  }
  for (const log of contents.logs) {
    if (!log.previous) continue;
    const names = containers.get(`${log.namespace}/${log.pod}`);
    const literal = `${log.container}${PREVIOUS_LOG_SUFFIX.slice(0, -4)}`;
    if (names && !names.has(log.container) && names.has(literal)) {
      log.container = literal;
      log.previous = false;
    }
  }
}

/** troubleshoot writes each custom resource list twice, as `.json` and `.yaml`: keep one copy of each object. */
function dropCustomResourceTwins(contents: BundleContents): void {
  for (const [resource, records] of Object.entries(contents.resources)) {
    if (!isCustomResourceName(resource) || !records) continue;
    const seen = new Set<string>();
    contents.resources[resource] = records.filter(({ object }) => {
      const key = `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
}

const shortcuts = {
  contains: (path: string) => path.split('/').includes(SHORTCUTS_DIR),
  skipped: (paths: readonly string[]): Diagnostic => {
    const first = paths[0] ?? '';
    return {
      severity: 'info',
      code: 'link-skipped',
      file: first.slice(0, first.indexOf(SHORTCUTS_DIR) + SHORTCUTS_DIR.length),
      message: `skipped ${paths.length} links under ${SHORTCUTS_DIR}/: troubleshoot's shortcuts to logs that are read from ${CLUSTER_RESOURCES_DIR}/pods/logs/`,
    };
  },
};

/**
 * An archive or folder that holds two troubleshoot/podmortem bundles side by side (`a/cluster-resources/pods/…` and
 * `b/cluster-resources/pods/…`) would mix two clusters into one snapshot: say so, as damage that may hide crashes.
 */
function severalBundles(contents: BundleContents): Diagnostic[] {
  const roots = new Set<string>();
  const podsDir = `${CLUSTER_RESOURCES_DIR}/pods/`;
  for (const record of contents.resources.pods ?? []) {
    const at = record.source.file.lastIndexOf(podsDir);
    if (at >= 0) roots.add(record.source.file.slice(0, at).replace(/\/$/, '') || '(top level)');
  }
  if (roots.size < 2) return [];
  return [
    {
      severity: 'error',
      code: 'several-bundles',
      file: '',
      resource: 'pods',
      message: `this input holds ${roots.size} bundles (${[...roots].sort().join(', ')}), read as one cluster; give each bundle on its own`,
    },
  ];
}

export const troubleshootLayout: Layout = {
  format: 'troubleshoot',
  title: 'troubleshoot.sh support bundle (and podmortem bundles, which add podmortem.json)',
  // Both save `<container>-previous.log` where the kubelet has one; neither asks for timestamps.
  logs: { previous: 'collected', runtimeTimestamps: false },
  lookedFor: [
    `${CLUSTER_RESOURCES_DIR}/pods/<namespace>.json`,
    `${CLUSTER_RESOURCES_DIR}/nodes.json`,
    CLUSTER_VERSION_FILE,
    `${CLUSTER_RESOURCES_DIR}/pods/logs/<namespace>/<pod>/<container>.log`,
    MANIFEST_FILE,
  ],
  rootNames: [CLUSTER_RESOURCES_DIR, 'cluster-info', MANIFEST_FILE],
  classify,
  finish,
  // podmortem's own bundles are troubleshoot's layout plus its manifest.
  formatOf: (contents) => (contents.manifest ? 'podmortem' : 'troubleshoot'),
  shortcuts,
  notes: severalBundles,
};
