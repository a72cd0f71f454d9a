/**
 * One pass over a bundle: every entry goes to the first layout that claims it and is read by its role; then the
 * layout that recognised the most files decides the format, and buildSnapshot derives the rest.
 */
import { buildSnapshot } from '../model/build.js';
import type { Diagnostic, Snapshot } from '../model/snapshot.js';
import { cappedDiagnostics } from './sources/capped.js';
import { BundleContents } from './contents.js';
import { BundleReadError } from './errors.js';
import { indexedEntries, skippedWindow, type IndexedEntry } from './indexed.js';
import { LAYOUTS, type Layout, type Role } from './layouts/index.js';
import { readsObjects, resolveReadOptions, type ReadOptions, type ResolvedReadOptions } from './options.js';
import { KeepBudget, type ReadBudgets } from './logs/budget.js';
import { windowFromDeferred } from './logs/drain.js';
import { readRole } from './roles.js';
import type { BundleEntry, BundleSource } from './source.js';

export async function readSource(source: BundleSource, options?: ReadOptions): Promise<Snapshot> {
  const resolved = resolveReadOptions(options);
  const sourceDiagnostics: Diagnostic[] = [];
  const budgets: ReadBudgets = { deferred: new KeepBudget(resolved.maxDeferredBytes), windows: new KeepBudget(resolved.maxKeptBytes) };
  const gathered = new Map<Layout, BundleContents>(LAYOUTS.map((layout) => [layout, new BundleContents(budgets)]));
  const indexed = await readThroughIndex(source.path, gathered, resolved);
  const files =
    typeof indexed === 'number' ? indexed : await readInOrder(source, gathered, resolved, sourceDiagnostics, indexed === 'logs-in-order' ? isLog : undefined);

  const winner = chooseLayout(gathered);
  if (!winner) throw nothingReadable(source, files, sourceDiagnostics);
  const [layout, contents] = winner;
  resolveDeferredLogs(contents, resolved);
  layout.finish?.(contents);

  const diagnostics = [
    ...collapseLinks(sourceDiagnostics),
    // Per-file problems of the layout are capped like the archive's per-entry ones: 100,000 orphan logs give 100 lines.
    ...capPerCode([...contents.diagnostics, ...orphanLogs(contents)], source.name),
    ...ignoredLookalikes(gathered, layout),
    ...squeezedLogs(budgets),
    ...(layout.notes?.(contents) ?? []),
  ];
  const format = layout.formatOf?.(contents) ?? layout.format;
  return buildSnapshot({
    bundle: { path: source.path, format, name: source.name, logs: layout.logs },
    resources: contents.resources,
    logs: contents.logs,
    logErrors: contents.logErrors,
    version: contents.version,
    manifest: contents.manifest,
    capturedAt: contents.capturedAt?.value,
    capturedAtSource: contents.capturedAt ? 'bundle-metadata' : undefined,
    diagnostics,
  });
}

/** Logs read before their pod: now that every pod is known, those of containers that need lines get their window. */
function resolveDeferredLogs(contents: BundleContents, options: ResolvedReadOptions): void {
  for (const { record, drained } of contents.deferred) {
    if (contents.needsLog(record.namespace, record.pod, record.container, record.previous)) record.window = windowFromDeferred(drained, options);
  }
  contents.deferred.length = 0;
}

function squeezedLogs({ deferred, windows }: ReadBudgets): Diagnostic[] {
  const notes: Diagnostic[] = [];
  if (deferred.squeezed > 0) {
    notes.push({
      severity: 'info',
      code: 'log-window-squeezed',
      file: '',
      message: `${deferred.squeezed} logs came before their pods in the archive after ${deferred.limit} bytes were already kept for such logs; only their last kilobyte was kept`,
    });
  }
  if (windows.squeezed > 0) {
    notes.push({
      severity: 'info',
      code: 'log-window-squeezed',
      file: '',
      message: `${windows.squeezed} logs were read after ${windows.limit} bytes of log lines were already kept for this bundle; each kept only its last lines`,
    });
  }
  return notes;
}

type Claim = { layout: Layout; role: Role };

const isLog = (claim: Claim | undefined) => claim?.role.kind === 'log';

/** Every entry in archive order (those `only` accepts), each read by its role as it comes. Returns the number of files. */
async function readInOrder(
  source: BundleSource,
  gathered: Map<Layout, BundleContents>,
  options: ResolvedReadOptions,
  diagnostics: Diagnostic[],
  only?: (claim: Claim | undefined) => boolean,
): Promise<number> {
  let files = 0;
  let bytes = 0;
  for await (const entry of source.entries(diagnostics)) {
    files++;
    bytes += Number.isFinite(entry.size) ? entry.size : 0;
    options.onProgress?.({ entries: files, bytes });
    const claim = claimEntry(entry.path);
    if (claim && (!only || only(claim))) await readClaimed(claim, entry, contentsOf(gathered, claim.layout), options);
  }
  return files;
}

/**
 * A seekable podmortem archive: object files first, then only the logs whose lines are needed; the other logs'
 * bytes are never read. Undefined when the source has no usable index (then it is read in order); `logs-in-order`
 * when the objects were read and most logs turn out needed (every pod crash-looping): one pass over the archive
 * then costs less than a jump per log.
 */
async function readThroughIndex(path: string, gathered: Map<Layout, BundleContents>, options: ResolvedReadOptions): Promise<number | 'logs-in-order' | undefined> {
  const indexed = await indexedEntries(path);
  if (!indexed) return undefined;
  try {
    return await readIndexed(indexed.entries, gathered, options);
  } finally {
    await indexed.close();
  }
}

/** Past this many logs to read (and half of them all), one pass over the archive beats a jump per log. */
const MANY_JUMPS = 256;

async function readIndexed(entries: IndexedEntry[], gathered: Map<Layout, BundleContents>, options: ResolvedReadOptions): Promise<number | 'logs-in-order'> {
  const claimed = entries.flatMap((entry) => {
    const claim = claimEntry(entry.path);
    return claim && claim.role.kind !== 'ignored' ? [{ entry, claim }] : [];
  });
  let done = 0;
  let bytes = 0;
  const progress = (entry: IndexedEntry) => options.onProgress?.({ entries: ++done, bytes: (bytes += entry.size) });
  for (const { entry, claim } of claimed) {
    if (isLog(claim)) continue;
    progress(entry);
    if (claim.role.kind === 'objects' && !readsObjects(options, claim.role.resource)) {
      contentsOf(gathered, claim.layout).recognised++;
      continue;
    }
    await readClaimed(claim, entry.open(), contentsOf(gathered, claim.layout), options);
  }
  const logs = claimed.filter(({ claim }) => isLog(claim));
  const unneeded = new Set(
    logs.filter(({ claim: { layout, role } }) => {
      if (role.kind !== 'log' || options.logs === 'all') return false;
      // Every object is read by now: a current log of a pod the bundle does not hold is skipped, a previous one read.
      const needed = contentsOf(gathered, layout).needsLog(role.namespace, role.pod, role.container, role.previous);
      return role.previous ? needed === false : needed !== true;
    }),
  );
  if (logs.length - unneeded.size > Math.max(MANY_JUMPS, logs.length / 2)) return 'logs-in-order';
  for (const item of logs) {
    const { entry, claim } = item;
    const contents = contentsOf(gathered, claim.layout);
    progress(entry);
    if (unneeded.has(item) && claim.role.kind === 'log') {
      const { namespace, pod, container, previous } = claim.role;
      contents.recognised++;
      contents.logs.push({ namespace, pod, container, previous, window: skippedWindow(entry.path, entry.size) });
    } else {
      await readClaimed(claim, entry.open(), contents, options);
    }
  }
  return entries.length;
}

async function readClaimed(claim: Claim, entry: BundleEntry, contents: BundleContents, options: ResolvedReadOptions): Promise<void> {
  if (claim.role.kind !== 'ignored') contents.recognised++;
  try {
    // A role that stops early (a size cap) leaves the rest unread: the archive skips it, a seekable entry's stream is
    // destroyed by forEachChunk.
    await readRole(claim.role, entry, contents, options);
  } catch (error) {
    contents.diagnostics.push({
      severity: 'warning',
      code: 'read-failed',
      file: entry.path,
      message: `${entry.path} could not be read: ${(error as Error).message}`,
      // The verdict needs to know which damage may hide crashes (an unreadable pod list), without knowing paths.
      ...(claim.role.kind === 'objects' ? { resource: claim.role.resource } : {}),
    });
  }
}

/** Every layout has its contents from the start of the read (readSource fills the map from LAYOUTS). */
function contentsOf(gathered: Map<Layout, BundleContents>, layout: Layout): BundleContents {
  const contents = gathered.get(layout);
  if (!contents) throw new Error(`no contents for the ${layout.title} layout`);
  return contents;
}

function claimEntry(path: string) {
  for (const layout of LAYOUTS) {
    const role = layout.classify(path);
    if (role) return { layout, role };
  }
  return undefined;
}

function chooseLayout(gathered: Map<Layout, BundleContents>): [Layout, BundleContents] | undefined {
  let best: [Layout, BundleContents] | undefined;
  for (const pair of gathered) {
    if (pair[1].recognised > (best?.[1].recognised ?? 0)) best = pair;
  }
  return best;
}

function nothingReadable(source: BundleSource, files: number, diagnostics: Diagnostic[]): BundleReadError {
  const broken = diagnostics.filter((d) => d.severity === 'error');
  if (broken.length > 0) {
    return new BundleReadError(`cannot read bundle ${source.path}: ${broken.map((d) => d.message).join('; ')}`, diagnostics);
  }
  const known = LAYOUTS.map((layout) => `  - ${layout.title}: ${layout.lookedFor.join(', ')}`).join('\n');
  return new BundleReadError(
    `cannot read bundle ${source.path}: none of its ${files} files is in a layout podmortem knows. ` +
      `podmortem reads these layouts and looked for these paths (under any top-level folder):\n${known}`,
    [...diagnostics, { severity: 'error', code: 'unknown-layout', file: '', message: `no known bundle layout in ${source.path}` }],
  );
}

/** Shortcut links a layout writes (troubleshoot's `all-logs/`): one line per layout says so instead of one per link. */
function collapseLinks(diagnostics: Diagnostic[]): Diagnostic[] {
  let collapsed = diagnostics;
  for (const { shortcuts } of LAYOUTS) {
    if (!shortcuts) continue;
    const shortcut = (d: Diagnostic) => d.code === 'link-skipped' && d.severity === 'info' && shortcuts.contains(d.file);
    const skipped = collapsed.filter(shortcut);
    if (skipped.length > 0) collapsed = [...collapsed.filter((d) => !shortcut(d)), shortcuts.skipped(skipped.map((d) => d.file))];
  }
  return collapsed;
}

function capPerCode(diagnostics: readonly Diagnostic[], name: string): Diagnostic[] {
  const listed: Diagnostic[] = [];
  const capped = cappedDiagnostics(listed, name);
  for (const diagnostic of diagnostics) capped.push(diagnostic);
  capped.finish();
  return listed;
}

/** Logs of a pod the bundle has no object for cannot attach to a container; say so rather than drop them silently. */
function orphanLogs(contents: BundleContents): Diagnostic[] {
  const pods = new Set((contents.resources.pods ?? []).map(({ object }) => `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`));
  const orphans = new Map<string, string>();
  for (const log of contents.logs) {
    const key = `${log.namespace}/${log.pod}`;
    if (!pods.has(key) && !orphans.has(key)) orphans.set(key, log.window.source.file);
  }
  return [...orphans].map(([pod, file]) => ({
    severity: 'info' as const,
    code: 'orphan-log',
    file,
    message: `the bundle has logs of pod ${pod} but no pod object for it (the pod list was collected before it existed or after it was gone); its logs are not attached to any container`,
  }));
}

function ignoredLookalikes(gathered: Map<Layout, BundleContents>, winner: Layout): Diagnostic[] {
  const notes: Diagnostic[] = [];
  for (const [layout, contents] of gathered) {
    if (layout === winner || contents.recognised === 0) continue;
    notes.push({
      severity: 'info',
      code: 'mixed-layout',
      file: '',
      message: `${contents.recognised} files look like ${layout.title} output inside this ${winner.title} bundle; they were not read`,
    });
  }
  return notes;
}
