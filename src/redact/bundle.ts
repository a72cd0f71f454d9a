/**
 * `podmortem redact IN OUT`: re-redacts an existing bundle of any format the reader knows into a new podmortem
 * bundle. Every file is read through the reader's BundleSource and goes through the same redaction as `collect`:
 * JSON and YAML as objects (ConfigMap/Secret values stripped, credentials under their names masked), everything
 * else as text within the log budget. The input's layout is kept, so a troubleshoot bundle becomes a podmortem
 * bundle; podmortem.json is written with the redaction report. Files that cannot be redacted (binary, compressed)
 * are left out and listed in the manifest's errors. The input is never modified.
 */
import { basename } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { createBundleWriter } from '../bundle/writer.js';
import { INDEX_FILE } from '../bundle/index-format.js';
import { UserError } from '../cli/context.js';
import { HeadTailBuffer, type LogBudget } from '../collect/log-budget.js';
import { MANIFEST_FILE } from '../model/layout.js';
import { MANIFEST_FORMAT_VERSION, type CollectionError, type LogPolicy, type PodmortemManifest } from '../model/manifest.js';
import type { Diagnostic, Snapshot } from '../model/snapshot.js';
import { openBundleSource, readSnapshot } from '../reader/index.js';
import type { BundleEntry } from '../reader/source.js';
import { VERSION } from '../version.js';
import { Redactor } from './redactor.js';

export interface RedactBundleOptions {
  force: boolean;
  budget: LogBudget;
  signal: AbortSignal;
  /** Structured files (JSON/YAML) larger than this are treated as text. */
  maxDocumentBytes?: number;
}

export interface RedactBundleResult {
  output: string;
  manifest: PodmortemManifest;
  files: number;
  /** The format the reader recognised in the input. */
  inputFormat: string;
}

const DEFAULT_MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;
/** Compressed or binary content cannot be scanned for credentials, so it is not copied. */
const BINARY_SUFFIX = /\.(gz|tgz|xz|bz2|zst|zip|tar|jar|png|jpe?g|gif|bin|so|exe|pcap)$/i;

async function readAll(entry: BundleEntry): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of entry.stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function isBinary(head: Buffer): boolean {
  return head.subarray(0, 8192).includes(0);
}

function rootNameFor(output: string): string {
  return basename(output).replace(/\.(tar\.gz|tgz|tar)$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_') || 'podmortem-redacted';
}

function inputManifest(bytes: Buffer): Partial<PodmortemManifest> | undefined {
  try {
    const value = JSON.parse(bytes.toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as Partial<PodmortemManifest>) : undefined;
  } catch {
    return undefined;
  }
}

/** Folders that start a layout: a bundle whose files all sit under one folder named otherwise has that folder as root. */
const LAYOUT_TOPS = new Set(['cluster-resources', 'cluster-info', 'namespaces', 'cluster-scoped-resources', 'host-collectors']);

/**
 * The single top-level folder archives wrap their files in (`support-bundle-…/`), found from where the reader
 * found the objects; the output has its own root, so this one is dropped rather than nested.
 */
function archiveRoot(snapshot: Snapshot): string | undefined {
  const files = [
    ...Object.values(snapshot.resources).flatMap((records) => (records ?? []).map((r) => r.source.file)),
    ...snapshot.pods.map((p) => p.source.file),
  ];
  if (files.length === 0) return undefined;
  const first = files[0]!.split('/')[0]!;
  if (LAYOUT_TOPS.has(first) || !files.every((f) => f.startsWith(`${first}/`))) return undefined;
  return first;
}

export async function redactBundle(input: string, output: string, options: RedactBundleOptions): Promise<RedactBundleResult> {
  const snapshot = await readSnapshot(input).catch((error: unknown) => {
    throw new UserError((error as Error).message);
  });
  const source = await openBundleSource(input);
  const redactor = new Redactor(true);
  const errors: CollectionError[] = [];
  const cut: LogPolicy['cut'] = [];
  const capturedAt = snapshot.capturedAt ?? new Date().toISOString();
  const writer = await createBundleWriter(output, { rootName: rootNameFor(output), overwrite: options.force, protect: [input], mtime: new Date(capturedAt) });
  let previous: Partial<PodmortemManifest> | undefined;
  let files = 0;
  const maxDocumentBytes = options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  const root = archiveRoot(snapshot);
  try {
    const diagnostics: Diagnostic[] = [];
    for await (const entry of source.entries(diagnostics)) {
      if (options.signal.aborted) throw new UserError('interrupted: nothing was written', 130);
      const path = root && entry.path.startsWith(`${root}/`) ? entry.path.slice(root.length + 1) : entry.path;
      if (path === INDEX_FILE) {
        entry.stream.resume();
        continue;
      }
      if (path === MANIFEST_FILE) {
        previous = inputManifest(await readAll(entry));
        continue;
      }
      if (BINARY_SUFFIX.test(path)) {
        entry.stream.resume();
        errors.push({ target: path, message: 'not copied: compressed or binary content cannot be checked for credentials' });
        continue;
      }
      const structured = /\.(json|ya?ml)$/i.test(path) && entry.size <= maxDocumentBytes;
      if (structured) {
        const bytes = await readAll(entry);
        if (isBinary(bytes)) {
          errors.push({ target: path, message: 'not copied: binary content cannot be checked for credentials' });
          continue;
        }
        await writer.addFile(path, await redactStructured(path, bytes.toString('utf8'), redactor));
      } else {
        const buffer = new HeadTailBuffer(options.budget);
        let first = true;
        let binary = false;
        for await (const chunk of entry.stream) {
          if (first && isBinary(chunk as Buffer)) binary = true;
          first = false;
          if (!binary) buffer.push(chunk as Buffer);
        }
        if (binary) {
          errors.push({ target: path, message: 'not copied: binary content cannot be checked for credentials' });
          continue;
        }
        const kept = buffer.finish();
        if (kept.droppedLines > 0 || kept.droppedBytes > 0) cut.push({ file: path, droppedLines: kept.droppedLines, droppedBytes: kept.droppedBytes });
        await writer.addFile(path, await redactor.text(path, kept.text));
      }
      files += 1;
    }
    for (const diagnostic of diagnostics) {
      errors.push({ target: diagnostic.file || basename(input), message: `input: ${diagnostic.message}` });
    }
    for (const error of previous?.errors ?? []) {
      errors.push({ ...error, message: await redactor.text(MANIFEST_FILE, error.message) });
    }
    const manifest: PodmortemManifest = {
      formatVersion: MANIFEST_FORMAT_VERSION,
      capturedAt,
      kubeContext: previous?.kubeContext ?? snapshot.cluster.context,
      clusterName: previous?.clusterName ?? snapshot.cluster.name,
      collector: { name: 'podmortem', version: VERSION },
      kubectlVersion: previous?.kubectlVersion,
      serverVersion: previous?.serverVersion ?? snapshot.cluster.version?.gitVersion,
      namespaces: previous?.namespaces ?? [...new Set(snapshot.pods.map((p) => p.namespace))].sort(),
      collected: previous?.collected ?? (Object.keys(snapshot.resources).sort() as string[]),
      logPolicy: {
        headLines: options.budget.headLines,
        tailLines: options.budget.tailLines,
        maxBytes: options.budget.maxBytes,
        cut: [...(previous?.logPolicy?.cut ?? []), ...cut].sort((a, b) => a.file.localeCompare(b.file)),
      },
      redaction: redactor.report(),
      errors,
    };
    if (options.signal.aborted) throw new UserError('interrupted: nothing was written', 130);
    await writer.finish(manifest);
    return { output, manifest, files, inputFormat: snapshot.bundle.format };
  } catch (error) {
    await writer.abort();
    throw error;
  } finally {
    await source.close();
  }
}

async function redactStructured(path: string, text: string, redactor: Redactor): Promise<string> {
  if (/\.json$/i.test(path)) {
    try {
      const document = JSON.parse(text) as unknown;
      return `${JSON.stringify(await redactor.document(path, document), null, 2)}\n`;
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      return redactor.text(path, text);
    }
  }
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents) || documents.some((d) => d.errors.length > 0)) return redactor.text(path, text);
  const out: string[] = [];
  for (const document of documents) {
    const value = await redactor.document(path, document.toJS() as unknown);
    out.push(stringify(value));
  }
  return out.join('---\n');
}
