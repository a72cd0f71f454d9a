/**
 * `podmortem redact IN OUT`: converts a bundle of any format the reader knows (podmortem, troubleshoot, must-gather,
 * cluster-info dump) into a new, redacted podmortem bundle. The objects come from the reader's snapshot, laid out as
 * podmortem's layout (src/model/layout.ts) and redacted like `collect` does (ConfigMap/Secret values stripped,
 * credentials masked); the logs are streamed again in full from the input through the collector's head/tail
 * budget and the text redactor. Whatever the input holds beyond what podmortem reads (custom resources, host
 * collectors, must-gather's operator data) is not carried over. The input is never modified.
 */
import { basename } from 'node:path';
import { createBundleWriter } from '../bundle/writer.js';
import { UserError } from '../util/errors.js';
import type { LogBudget } from '../collect/log-budget.js';
import { CLUSTER_VERSION_FILE, LOG_ERRORS_SUFFIX, MANIFEST_FILE, podLogFile } from '../model/layout.js';
import { MANIFEST_FORMAT_VERSION, collectionError, type CollectionError, type CollectionTarget, type LogPolicy, type PodmortemManifest } from '../model/manifest.js';
import type { Diagnostic, Snapshot } from '../model/snapshot.js';
import { openBundleSource, readSnapshot } from '../reader/index.js';
import { VERSION } from '../version.js';
import { planLogs, cutLogs, type CutLog } from './convert-logs.js';
import { clusterVersionDocument, layOutObjects } from './convert-objects.js';
import { Redactor } from './redactor.js';

export interface RedactBundleOptions {
  force: boolean;
  budget: LogBudget;
  signal: AbortSignal;
}

export interface RedactBundleResult {
  output: string;
  manifest: PodmortemManifest;
  files: number;
  /** The format the reader recognised in the input. */
  inputFormat: string;
}

function rootNameFor(output: string): string {
  return basename(output).replace(/\.(tar\.gz|tgz|tar)$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_') || 'podmortem-redacted';
}

function interrupted(): UserError {
  return new UserError('interrupted: nothing was written', 130);
}

/** Log errors per container, as troubleshoot's `<container>-logs-errors.log` and as manifest errors. */
function logErrors(snapshot: Snapshot): Array<{ file: string; target: CollectionTarget; messages: string[] }> {
  const out: Array<{ file: string; target: CollectionTarget; messages: string[] }> = [];
  for (const pod of snapshot.pods) {
    for (const container of pod.containers) {
      const messages = [...new Set(container.logs.errors.map((m) => m.trim()).filter((m) => m !== ''))];
      if (messages.length === 0) continue;
      const file = podLogFile(pod.namespace, pod.name, container.name, false).replace(/\.log$/, LOG_ERRORS_SUFFIX);
      out.push({ file, target: { kind: 'logs', namespace: pod.namespace, name: pod.name, container: container.name }, messages });
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

/**
 * What the input's collector failed to collect: a podmortem input's own manifest errors (its `*-errors.json` files
 * repeat them), otherwise the `collection-error` diagnostics the reader made of troubleshoot's error files. Other
 * warnings about the input (a malformed file, a truncated archive) are losses of this conversion and listed too.
 */
function inputErrors(snapshot: Snapshot): CollectionError[] {
  const errors: CollectionError[] = [...(snapshot.manifest?.errors ?? [])];
  for (const diagnostic of snapshot.diagnostics) {
    if (diagnostic.code === 'collection-error') {
      if (!snapshot.manifest) errors.push({ target: diagnostic.file, message: diagnostic.message });
    } else if (diagnostic.severity !== 'info') {
      errors.push({ target: diagnostic.file || snapshot.bundle.name, message: `input: ${diagnostic.message}` });
    }
  }
  return errors;
}

function collectedKinds(snapshot: Snapshot, resources: string[], wroteLogs: boolean, wrotePrevious: boolean): string[] {
  const collected = new Set(resources);
  const previous = snapshot.manifest?.collected;
  if (previous) {
    for (const kind of ['logs', 'previous-logs']) if (previous.includes(kind)) collected.add(kind);
  } else {
    if (wroteLogs) collected.add('logs');
    // Where the layout collects previous logs, an absent one means there was none.
    if (wrotePrevious || snapshot.bundle.logs.previous === 'collected') collected.add('previous-logs');
  }
  return [...collected].sort();
}

/** The server's gitVersion when the input recorded it; a version the reader inferred (from kubelets) is not one. */
function serverVersion(snapshot: Snapshot): string | undefined {
  const version = snapshot.cluster.version;
  return typeof version?.gitVersion === 'string' && version['inferredFrom'] === undefined ? version.gitVersion : undefined;
}

/** A log cut by the input's collector and cut again here is listed once, with both cuts added up. */
function mergeCuts(cuts: LogPolicy['cut']): LogPolicy['cut'] {
  const byFile = new Map<string, LogPolicy['cut'][number]>();
  for (const cut of cuts) {
    const seen = byFile.get(cut.file);
    byFile.set(cut.file, seen ? { file: cut.file, droppedLines: seen.droppedLines + cut.droppedLines, droppedBytes: seen.droppedBytes + cut.droppedBytes } : { ...cut });
  }
  return [...byFile.values()].sort((a, b) => a.file.localeCompare(b.file));
}

/** Every string of every error redacted in one pass; only the known fields are kept. */
async function redactErrors(redactor: Redactor, errors: CollectionError[]): Promise<CollectionError[]> {
  const texts = errors.flatMap((e) => [e.target, e.command ?? '', e.message, e.subject?.namespace ?? '', e.subject?.name ?? '', e.subject?.container ?? '']);
  const redacted = await redactor.texts(MANIFEST_FILE, texts);
  return errors.map((error, i) => {
    const [target, command, message, namespace, name, container] = redacted.slice(i * 6, i * 6 + 6) as [string, string, string, string, string, string];
    const { subject } = error;
    const redactedSubject = subject && {
      ...subject,
      ...(subject.namespace !== undefined ? { namespace } : {}),
      ...(subject.name !== undefined ? { name } : {}),
      ...(subject.container !== undefined ? { container } : {}),
    };
    return { target, ...(redactedSubject ? { subject: redactedSubject } : {}), ...(error.command !== undefined ? { command } : {}), message };
  });
}

export async function redactBundle(input: string, output: string, options: RedactBundleOptions): Promise<RedactBundleResult> {
  const snapshot = await readSnapshot(input).catch((error: unknown) => {
    throw new UserError((error as Error).message);
  });
  const redactor = new Redactor(true);
  const errors: CollectionError[] = [];
  const cut: LogPolicy['cut'] = [];
  const capturedAt = snapshot.capturedAt ?? new Date().toISOString();
  const writer = await createBundleWriter(output, { rootName: rootNameFor(output), overwrite: options.force, protect: [input], mtime: new Date(capturedAt) });
  const source = await openBundleSource(input);
  let files = 0;
  const add = async (path: string, content: string) => {
    if (options.signal.aborted) throw interrupted();
    await writer.addFile(path, content);
    files += 1;
  };
  try {
    const version = clusterVersionDocument(snapshot.cluster.version);
    if (version !== undefined) await add(CLUSTER_VERSION_FILE, `${JSON.stringify(await redactor.document(CLUSTER_VERSION_FILE, version), null, 2)}\n`);
    const objects = layOutObjects(snapshot);
    for (const file of objects.files) {
      await add(file.path, `${JSON.stringify(await redactor.document(file.path, file.document), null, 2)}\n`);
    }
    for (const skipped of objects.skipped) errors.push(skipped);

    const previous = snapshot.manifest;
    const plan = planLogs(snapshot);
    const written = new Set<string>();
    const emit = async ({ target, kept }: CutLog) => {
      if (kept.droppedLines > 0 || kept.droppedBytes > 0) cut.push({ file: target.output, droppedLines: kept.droppedLines, droppedBytes: kept.droppedBytes });
      await add(target.output, await redactor.text(target.output, kept.text));
      written.add(target.output);
    };
    const readDiagnostics: Diagnostic[] = [];
    for await (const entry of source.entries(readDiagnostics)) {
      if (options.signal.aborted) throw interrupted();
      const targets = plan.bySource.get(entry.path);
      // An entry left unread costs nothing: the source skips its bytes when the iteration moves on.
      if (!targets) continue;
      plan.bySource.delete(entry.path);
      await cutLogs(entry.stream, targets, options.budget, emit).catch((error: unknown) => {
        if (error instanceof UserError) throw error;
        errors.push({ target: entry.path, message: `input: read with loss: ${(error as Error).message}` });
      });
    }
    for (const target of plan.outputs) {
      if (!written.has(target)) errors.push({ target, message: 'not converted: the log could not be read again from the input' });
    }

    for (const { file, target, messages } of logErrors(snapshot)) {
      const redacted = await redactor.texts(file, messages);
      await add(file, `${redacted.join('\n')}\n`);
      if (!snapshot.manifest) for (const message of redacted) errors.push(collectionError(target, message));
    }
    for (const error of await redactErrors(redactor, inputErrors(snapshot))) errors.push(error);
    // The input manifest's own strings are as untrusted as its files: a context or cluster name can hold a URL
    // with a password, a namespace list anything. Only known fields are carried over.
    const previousCuts = previous?.logPolicy.cut ?? [];
    const [kubeContext, clusterName, kubectlVersion, previousServerVersion, ...rest] = await redactor.texts(MANIFEST_FILE, [
      snapshot.cluster.context ?? '',
      snapshot.cluster.name ?? '',
      previous?.kubectlVersion ?? '',
      previous?.serverVersion ?? '',
      ...previousCuts.map((c) => c.file),
      ...(previous?.namespaces ?? objects.namespaces),
    ]);
    const cutFiles = rest.slice(0, previousCuts.length);
    const namespaces = rest.slice(previousCuts.length);

    const wroteLogs = [...written].some((f) => f.endsWith('.log') && !f.endsWith('-previous.log'));
    const wrotePrevious = [...written].some((f) => f.endsWith('-previous.log'));
    const manifest: PodmortemManifest = {
      formatVersion: MANIFEST_FORMAT_VERSION,
      capturedAt,
      kubeContext: snapshot.cluster.context === undefined ? undefined : kubeContext,
      clusterName: snapshot.cluster.name === undefined ? undefined : clusterName,
      collector: { name: 'podmortem', version: VERSION },
      kubectlVersion: previous?.kubectlVersion === undefined ? undefined : kubectlVersion,
      serverVersion: previous?.serverVersion === undefined ? serverVersion(snapshot) : previousServerVersion,
      namespaces,
      collected: collectedKinds(snapshot, objects.resources, wroteLogs, wrotePrevious),
      logPolicy: {
        headLines: options.budget.headLines,
        tailLines: options.budget.tailLines,
        maxBytes: options.budget.maxBytes,
        cut: mergeCuts([...previousCuts.map((c, i) => ({ file: cutFiles[i] ?? '', droppedLines: c.droppedLines, droppedBytes: c.droppedBytes })), ...cut]),
      },
      redaction: redactor.report(),
      errors,
      convertedFrom: { format: snapshot.bundle.format, path: snapshot.bundle.name },
    };
    if (options.signal.aborted) throw interrupted();
    await writer.finish(manifest);
    return { output, manifest, files, inputFormat: snapshot.bundle.format };
  } catch (error) {
    await writer.abort();
    throw error;
  } finally {
    await source.close();
  }
}
