/**
 * Writes a podmortem bundle: a plain .tar.gz in troubleshoot's layout (so `tar`, sbctl and `support-bundle analyze`
 * read it) whose entries are each their own gzip member, followed by a seekable index (src/bundle/index-format.ts).
 *
 * The archive goes through src/util/atomic-write.ts: a temporary file next to the target, moved into place only by
 * `finish`; `abort` (or any failure) removes it and leaves the target untouched. Output is reproducible: entries are
 * written in the order they are added (callers add them sorted), every tar and gzip header byte is fixed, and the
 * mtime is the caller's.
 */
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { MANIFEST_FILE } from '../model/layout.js';
import type { PodmortemManifest } from '../model/manifest.js';
import { checkWritable, writeFileAtomic } from '../util/atomic-write.js';
import { FOOTER_SI1, FOOTER_SI2, INDEX_FILE, INDEX_KIND, INDEX_VERSION, encodeFooterPayload, serializeIndex } from './index-format.js';
import type { SeekableIndexEntry } from './index-format.js';
import { gzipMember, storedMemberWithExtra } from './gzip-member.js';
import { END_OF_ARCHIVE, encodeTarEntry, validateEntryName } from './tar.js';

export interface BundleWriter {
  /** Adds a file under the bundle root folder; `path` is relative, `/`-separated (e.g. 'cluster-resources/pods/shop.json'). */
  addFile(path: string, content: string | Uint8Array): Promise<void>;
  /** Writes podmortem.json (last entry before the index), the seekable index, then moves the archive into place atomically. */
  finish(manifest: PodmortemManifest): Promise<void>;
  /** Stops and removes the temporary file; the target is untouched. */
  abort(): Promise<void>;
}

interface BundleWriterOptions {
  /** The archive's single top-level folder, e.g. `podmortem-shop-prod-eu-2026-11-25T10_00_00`. */
  rootName: string;
  /** Replace an existing target. Off by default. */
  overwrite?: boolean;
  /** Paths that must never be written (the inputs). */
  protect?: string[];
  /** The mtime of every entry; pass the capture time for reproducible output. Defaults to now. */
  mtime?: Date;
}

const RESERVED = new Set([MANIFEST_FILE, INDEX_FILE]);

/** Bytes queued in memory before `addFile` waits for the disk: enough to keep the disk busy, small enough to stay flat. */
const HIGH_WATER_MARK = 4 * 1024 * 1024;

type State = 'open' | 'finishing' | 'finished' | 'aborted';

class SeekableBundleWriter implements BundleWriter {
  private readonly stream = new PassThrough({ highWaterMark: HIGH_WATER_MARK });
  private readonly controller = new AbortController();
  private readonly done: Promise<void>;
  /** The first failure (of the file or of an entry), boxed: whatever was thrown, even undefined, counts. */
  private failure: { error: unknown } | undefined;
  private queue: Promise<void> = Promise.resolve();
  private offset = 0;
  private readonly entries: SeekableIndexEntry[] = [];
  private readonly paths = new Set<string>();
  private state: State = 'open';

  constructor(
    target: string,
    private readonly rootName: string,
    private readonly mtime: Date,
    options: { overwrite?: boolean; protect?: string[] },
  ) {
    this.done = writeFileAtomic(target, this.stream, {
      overwrite: options.overwrite,
      protect: options.protect,
      signal: this.controller.signal,
    });
    this.done.catch((error: unknown) => {
      this.failure ??= { error };
    });
  }

  async addFile(path: string, content: string | Uint8Array): Promise<void> {
    if (this.state !== 'open') throw new Error(`cannot add ${path}: the bundle writer is ${this.state}`);
    validateEntryName(path);
    if (RESERVED.has(path)) throw new Error(`${path} is written by finish(), not addFile()`);
    if (this.paths.has(path)) throw new Error(`duplicate bundle entry: ${path}`);
    this.paths.add(path);
    const data = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    await this.enqueue(() => this.writeEntry(path, data, true));
  }

  async finish(manifest: PodmortemManifest): Promise<void> {
    if (this.state !== 'open') throw new Error(`cannot finish: the bundle writer is ${this.state}`);
    this.state = 'finishing';
    try {
      const manifestText = `${JSON.stringify({ ...manifest, seekable: true }, null, 2)}\n`;
      await this.enqueue(async () => {
        await this.writeEntry(MANIFEST_FILE, new TextEncoder().encode(manifestText), true);
        const index = serializeIndex({ kind: INDEX_KIND, version: INDEX_VERSION, root: this.rootName, entries: this.entries });
        const indexOffset = this.offset;
        await this.writeEntry(INDEX_FILE, new TextEncoder().encode(index), false);
        const footer = storedMemberWithExtra(
          FOOTER_SI1,
          FOOTER_SI2,
          encodeFooterPayload(indexOffset, this.offset - indexOffset),
          END_OF_ARCHIVE,
        );
        await this.write(footer);
      });
      this.stream.end();
      await this.done;
      this.state = 'finished';
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  async abort(): Promise<void> {
    if (this.state === 'finished' || this.state === 'aborted') return;
    this.state = 'aborted';
    this.controller.abort();
    this.stream.destroy();
    await this.done.catch(() => undefined);
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    // A failed entry fails its own addFile; later entries still see the failure through `this.failure`.
    this.queue = run.catch((error: unknown) => {
      this.failure ??= { error };
    });
    return run;
  }

  private async writeEntry(path: string, data: Uint8Array, indexed: boolean): Promise<void> {
    const encoded = encodeTarEntry({ name: `${this.rootName}/${path}`, data, mtime: this.mtime });
    const member = await gzipMember(encoded.bytes);
    const offset = this.offset;
    await this.write(member);
    if (indexed) {
      this.entries.push({ path, offset, length: member.length, dataOffset: encoded.dataOffset, size: encoded.size });
    }
  }

  private async write(bytes: Uint8Array): Promise<void> {
    this.throwIfFailed();
    if (this.state === 'aborted') throw new Error('the bundle writer was aborted');
    this.offset += bytes.length;
    if (!this.stream.write(bytes)) {
      await new Promise<void>((resolve) => {
        const onDrain = () => resolve();
        this.stream.once('drain', onDrain);
        // A failed file ends the wait too: the constructor's handler, which runs first, has recorded the failure.
        this.done.then(
          () => resolve(),
          () => {
            this.stream.off('drain', onDrain);
            resolve();
          },
        );
        once(this.stream, 'close').then(() => resolve(), () => resolve());
      });
      this.throwIfFailed();
    }
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}

function validateRootName(rootName: string): void {
  validateEntryName(rootName);
  if (rootName.includes('/')) throw new Error(`the bundle root must be a single folder name: ${rootName}`);
}

/**
 * Starts a bundle at `target`. Fails at once (with a UserError naming the path) when the target exists and
 * `overwrite` is not set, when it is one of `protect`, or when its folder is missing or not writable.
 */
export async function createBundleWriter(
  target: string,
  options: BundleWriterOptions,
): Promise<BundleWriter> {
  validateRootName(options.rootName);
  await checkWritable(target, { overwrite: options.overwrite, protect: options.protect });
  return new SeekableBundleWriter(target, options.rootName, options.mtime ?? new Date(), options);
}
