/**
 * Reads one bundle entry according to the role its layout gave it, into that layout's contents.
 */
import type { PodmortemManifest } from '../model/manifest.js';
import { checkManifest, MANIFEST_FORMAT_VERSION } from '../model/manifest.js';
import { isCustomResourceName, type Diagnostic, type VersionInfo } from '../model/snapshot.js';
import type { BundleContents } from './contents.js';
import type { Role } from './layouts/index.js';
import { readCombinedLog } from './logs/combined.js';
import { countedWindow, drainLog } from './logs/drain.js';
import { readLogWindow } from './logs/read-log.js';
import { readsKeysOnly, readsObjects, type ResolvedReadOptions } from './options.js';
import { objectsOf, parseBytesKeysOnly, parseDocuments, readBytes, readText } from './parse.js';
import type { BundleEntry } from './source.js';
import { isJsonObject } from '../util/json.js';

/** Small metadata files (errors, versions, timestamps) never need more than this. */
const METADATA_MAX_BYTES = 4 * 1024 * 1024;
/** Deferred logs keep their first bytes too (a boot failure is at the head), and at least this much tail. */
const DEFERRED_HEAD_BYTES = 2 * 1024;
const DEFERRED_MINIMUM_BYTES = 1024;
/** A collector that failed thousands of times says so once per file past this many messages. */
const MAX_ERRORS_PER_FILE = 50;

export async function readRole(role: Role, entry: BundleEntry, contents: BundleContents, options: ResolvedReadOptions): Promise<void> {
  const diagnostics = contents.diagnostics;
  const file = entry.path;
  switch (role.kind) {
    case 'ignored':
    case 'marker':
      return;
    case 'objects': {
      // A kind this read does not parse is still the layout's file (it counts for choosing the layout); its bytes are skipped.
      if (!readsObjects(options, role.resource)) return;
      if (role.fallback && role.only && contents.holds(role.resource, role.only.namespace, role.only.name)) return;
      // Custom resources are read for serve only: one podmortem cannot parse is a note, not a warning on the analysis.
      const custom = isCustomResourceName(role.resource);
      const sink: Diagnostic[] = custom ? [] : diagnostics;
      const before = sink.length;
      try {
        const keysOnly = role.syntax === 'yaml' && readsKeysOnly(options, role.resource);
        const documents = keysOnly ? await readKeysOnly(entry, file, options, sink) : await readDocuments(entry, file, role.syntax, options, sink);
        if (documents) contents.addObjects(role.resource, objectsOf(documents, file), role.fallback);
      } catch (error) {
        if (!custom) throw error;
        sink.push({ severity: 'info', code: 'read-failed', file, message: `${file} could not be read: ${(error as Error).message.split('\n', 1).join('')}` });
      }
      // The verdict needs to know which damage may hide crashes (an unreadable pod list), without knowing paths.
      for (const diagnostic of sink.slice(before)) diagnostic.resource = role.resource;
      if (custom) diagnostics.push(...sink.map((d) => ({ ...d, severity: 'info' as const })));
      return;
    }
    case 'log': {
      const { namespace, pod, container, previous, insecure } = role;
      // A previous log is the dead instance's: read whole unless its pod, already seen, says the analysis never reads
      // it. One before its pod is read whole too (a deferred tail would lose the lines a keep pattern finds in it).
      const known = contents.needsLog(namespace, pod, container, previous);
      const needed = options.logs === 'all' ? true : (known ?? (previous ? true : undefined));
      if (needed) {
        const window = await readLogWindow(entry, file, options, diagnostics, contents.budgets.windows);
        contents.logs.push({ namespace, pod, container, previous, window, insecure });
        return;
      }
      const tailBytes = needed === undefined ? contents.budgets.deferred.grant(options.deferredTailBytes, DEFERRED_MINIMUM_BYTES) : 0;
      const drained = await drainLog(entry, file, tailBytes, DEFERRED_HEAD_BYTES, diagnostics);
      const record = { namespace, pod, container, previous, window: countedWindow(drained), insecure };
      contents.logs.push(record);
      if (needed === undefined) {
        contents.budgets.deferred.used += (drained.head?.length ?? 0) + (drained.tail?.length ?? 0);
        contents.deferred.push({ record, drained });
      }
      return;
    }
    case 'combined-log': {
      const { logs, logErrors } = await readCombinedLog(entry, file, role, options, diagnostics);
      contents.logs.push(...logs);
      contents.logErrors.push(...logErrors);
      return;
    }
    case 'log-errors': {
      const text = await readText(entry, file, entry.size, METADATA_MAX_BYTES, diagnostics);
      const message = text?.trim();
      if (message) contents.logErrors.push({ namespace: role.namespace, pod: role.pod, container: role.container, message });
      return;
    }
    case 'cluster-version': {
      const syntax = role.syntax === 'version-info' ? 'json' : 'yaml';
      const value = await readSingle(entry, syntax, diagnostics);
      const version = value === undefined ? undefined : role.syntax === 'version-info' ? versionInfo(value) : openshiftVersion(value);
      if (version) contents.version = version;
      else if (value !== undefined) diagnostics.push(unexpectedShape(file, 'a cluster version'));
      return;
    }
    case 'manifest': {
      const value = await readSingle(entry, 'json', diagnostics);
      if (value === undefined) return;
      const manifest = validManifest(value, file, diagnostics);
      if (manifest) applyManifest(manifest, file, contents);
      return;
    }
    case 'collection-errors': {
      const value = await readSingle(entry, 'json', diagnostics);
      if (value !== undefined) diagnostics.push(...collectionErrors(value, file));
      return;
    }
    case 'capture-time': {
      const text = await readText(entry, file, entry.size, METADATA_MAX_BYTES, diagnostics);
      const value = text === undefined ? undefined : goTime(text.split('\n')[0] ?? '');
      if (value && (!contents.capturedAt || role.rank < contents.capturedAt.rank)) contents.capturedAt = { value, rank: role.rank, file };
      return;
    }
  }
}

async function readDocuments(entry: BundleEntry, file: string, syntax: 'json' | 'yaml', options: ResolvedReadOptions, diagnostics: Diagnostic[]) {
  const text = await readText(entry, file, entry.size, options.maxObjectFileBytes, diagnostics);
  return text === undefined ? undefined : parseDocuments(text, file, syntax, diagnostics);
}

async function readKeysOnly(entry: BundleEntry, file: string, options: ResolvedReadOptions, diagnostics: Diagnostic[]) {
  const bytes = await readBytes(entry, file, entry.size, options.maxObjectFileBytes, diagnostics);
  return bytes === undefined ? undefined : parseBytesKeysOnly(bytes, file, diagnostics);
}

async function readSingle(entry: BundleEntry, syntax: 'json' | 'yaml', diagnostics: Diagnostic[]): Promise<unknown> {
  const text = await readText(entry, entry.path, entry.size, METADATA_MAX_BYTES, diagnostics);
  const documents = text === undefined ? undefined : parseDocuments(text, entry.path, syntax, diagnostics);
  return documents?.[0];
}

function unexpectedShape(file: string, what: string): Diagnostic {
  return { severity: 'warning', code: 'unexpected-content', file, message: `${file} does not hold ${what} in the expected shape; it was skipped` };
}

/** troubleshoot `cluster_version.json` is `{"info": <version.Info>, "string": "v1.x"}`; a bare version.Info is accepted too. */
function versionInfo(value: unknown): VersionInfo | undefined {
  if (!isJsonObject(value)) return undefined;
  const info = isJsonObject(value['info']) ? value['info'] : value;
  const version: VersionInfo = { ...info };
  if (typeof version.gitVersion !== 'string' && typeof value['string'] === 'string') version.gitVersion = value['string'];
  return typeof version.gitVersion === 'string' || typeof version.major === 'string' ? version : undefined;
}

/** An OpenShift ClusterVersion gives the OpenShift release, not the Kubernetes version: keep them apart. */
function openshiftVersion(value: unknown): VersionInfo | undefined {
  if (!isJsonObject(value) || value['kind'] !== 'ClusterVersion') return undefined;
  const status = isJsonObject(value['status']) ? value['status'] : {};
  const desired = isJsonObject(status['desired']) ? status['desired'] : {};
  const history = Array.isArray(status['history']) ? status['history'] : [];
  const completed = history.find((h) => isJsonObject(h) && h['state'] === 'Completed') as Record<string, unknown> | undefined;
  const release = typeof desired['version'] === 'string' ? desired['version'] : completed?.['version'];
  return typeof release === 'string' ? { product: 'OpenShift', openshiftVersion: release } : undefined;
}

function validManifest(value: unknown, file: string, diagnostics: Diagnostic[]): PodmortemManifest | undefined {
  const checked = checkManifest(value);
  if (!checked) {
    diagnostics.push(unexpectedShape(file, 'a podmortem manifest (formatVersion, capturedAt)'));
    return undefined;
  }
  const { manifest, dropped, moreErrors } = checked;
  if (manifest.formatVersion > MANIFEST_FORMAT_VERSION) {
    diagnostics.push({
      severity: 'warning',
      code: 'manifest-newer',
      file,
      message: `${file} has format version ${manifest.formatVersion}, newer than the ${MANIFEST_FORMAT_VERSION} this podmortem knows; fields it does not know are ignored`,
    });
  }
  if (dropped.length > 0) {
    diagnostics.push({ severity: 'warning', code: 'manifest-field', file, message: `${file}: ignored fields of the wrong type: ${dropped.slice(0, 10).join(', ')}${dropped.length > 10 ? ` and ${dropped.length - 10} more` : ''}` });
  }
  if (moreErrors > 0) {
    diagnostics.push({ severity: 'warning', code: 'collection-error', file, message: `${file} lists ${moreErrors} more collection errors, not shown` });
  }
  return manifest;
}

/** Collection errors become diagnostics; the ones about a log (their subject, see model/manifest.ts) also explain its absence. */
function applyManifest(manifest: PodmortemManifest, file: string, contents: BundleContents): void {
  contents.manifest = manifest;
  for (const { target, subject, message } of manifest.errors) {
    contents.diagnostics.push({ severity: 'warning', code: 'collection-error', file, message: `podmortem could not collect ${target}: ${message}` });
    if (subject?.kind === 'logs' && subject.namespace && subject.name && subject.container) {
      contents.logErrors.push({ namespace: subject.namespace, pod: subject.name, container: subject.container, message: `${target}: ${message}` });
    }
  }
}

/** troubleshoot error files: an array of strings, an array of objects, or one `{collector, error}` object. */
function collectionErrors(value: unknown, file: string): Diagnostic[] {
  const items = Array.isArray(value) ? value : [value];
  const messages = items
    .map((item) => (typeof item === 'string' ? item : isJsonObject(item) ? errorText(item) : String(item)))
    .filter((message) => message.trim() !== '');
  const diagnostics: Diagnostic[] = messages.slice(0, MAX_ERRORS_PER_FILE).map((message) => ({
    severity: 'warning',
    code: 'collection-error',
    file,
    message: `the collector recorded an error in ${file}: ${message}`,
  }));
  if (messages.length > MAX_ERRORS_PER_FILE) {
    diagnostics.push({
      severity: 'warning',
      code: 'collection-error',
      file,
      message: `${messages.length - MAX_ERRORS_PER_FILE} more collection errors in ${file} are not listed`,
    });
  }
  return diagnostics;
}

/** Go's time.Time String(): `2021-08-03 10:12:00.016988581 +0000 UTC m=+0.380233555` → ISO 8601. */
function goTime(text: string): string | undefined {
  const [, date, clock, fraction = '', zoneHours, zoneMinutes] = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)? ([+-]\d{2})(\d{2})\b/.exec(text.trim()) ?? [];
  if (!date || !clock || !zoneHours || !zoneMinutes) return undefined;
  const time = Date.parse(`${date}T${clock}${fraction.slice(0, 4)}${zoneHours}:${zoneMinutes}`);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** An error object's `error` field as text (a string as it is, anything else as JSON), or the whole object as JSON. */
function errorText(item: Record<string, unknown>): string {
  const error = item['error'];
  if (error === undefined || error === null) return JSON.stringify(item);
  return typeof error === 'string' ? error : JSON.stringify(error);
}
