/**
 * Opens bundle files for `kubectl logs` on demand. The bundle source does the honest work (a folder read, a jump to
 * one gzip member in podmortem's seekable archives, a sequential scan in other archives); on top of it:
 * - a bounded LRU cache of small entries, because `logs` is usually asked again (`--previous`, `--tail`, k9s
 *   refreshing) and a sequential scan of a large foreign .tar.gz is the expensive case;
 * - a cap on concurrent opens, so a burst of kubectl calls queues instead of starting N decompressions at once;
 * - for a single-stream archive, one shared decompression pass for reads that arrive together (shared-scan.ts).
 */
import { Readable, PassThrough } from 'node:stream';
import type { Diagnostic } from '../model/snapshot.js';
import type { BundleEntry } from '../reader/index.js';
import { SharedScan } from './shared-scan.js';

export interface FileOpener {
  openFile(path: string): Promise<Readable>;
  /** A bundle source: its path, its entries in one pass, and whether `openFile` has to scan from the start. */
  readonly path?: string;
  entries?(diagnostics: Diagnostic[]): AsyncIterable<BundleEntry>;
  sequential?(): Promise<boolean>;
}

export interface LogFilesOptions {
  /** Entries up to this size are cached whole after a complete read. */
  maxEntryBytes?: number;
  /** Total bytes the cache may hold. */
  maxCacheBytes?: number;
  /** Reads of the bundle running at once; more wait in line. */
  maxConcurrentReads?: number;
  /** Reads waiting beyond this are refused (the server answers 429). */
  maxQueuedReads?: number;
}

export class TooBusyError extends Error {}

export class LogFiles {
  private readonly cache = new Map<string, Buffer>();
  private cacheBytes = 0;
  private active = 0;
  private readonly queue: Array<() => void> = [];
  private readonly maxEntryBytes: number;
  private readonly maxCacheBytes: number;
  private readonly maxConcurrentReads: number;
  private readonly maxQueuedReads: number;
  /** Counters for the bench and tests: how many opens were served from the cache and how many read the bundle. */
  readonly stats = { hits: 0, reads: 0 };
  private shared?: Promise<SharedScan | undefined>;

  constructor(
    private readonly opener: FileOpener,
    options: LogFilesOptions = {},
  ) {
    this.maxEntryBytes = options.maxEntryBytes ?? 8 * 1024 * 1024;
    this.maxCacheBytes = options.maxCacheBytes ?? 64 * 1024 * 1024;
    this.maxConcurrentReads = options.maxConcurrentReads ?? 4;
    this.maxQueuedReads = options.maxQueuedReads ?? 64;
  }

  /** A stream of the file's bytes. Destroying it releases the read slot. */
  async open(path: string): Promise<Readable> {
    const cached = this.cache.get(path);
    if (cached) {
      this.stats.hits++;
      // Refresh its place in the LRU order.
      this.cache.delete(path);
      this.cache.set(path, cached);
      return Readable.from([cached], { objectMode: false });
    }
    await this.acquire();
    let released = false;
    const release = () => {
      if (!released) {
        released = true;
        this.release();
      }
    };
    let source: Readable;
    try {
      this.stats.reads++;
      const shared = await this.sharedScan();
      source = shared ? await shared.open(path) : await this.opener.openFile(path);
    } catch (error) {
      release();
      throw error;
    }
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    let size = 0;
    let cacheable = true;
    source.on('data', (chunk: Buffer) => {
      if (cacheable) {
        size += chunk.length;
        if (size > this.maxEntryBytes) {
          cacheable = false;
          chunks.length = 0;
        } else {
          chunks.push(chunk);
        }
      }
      if (!out.write(chunk)) source.pause();
    });
    out.on('drain', () => source.resume());
    source.on('end', () => {
      if (cacheable) this.remember(path, Buffer.concat(chunks, size));
      release();
      out.end();
    });
    source.on('error', (error) => {
      release();
      out.destroy(error);
    });
    out.on('close', () => {
      if (!source.destroyed && !source.readableEnded) source.destroy();
      release();
    });
    return out;
  }

  /** A shared pass over the entries, when the opener is a single-stream archive. */
  private sharedScan(): Promise<SharedScan | undefined> {
    const { opener } = this;
    this.shared ??= (async () => {
      if (!opener.sequential || !opener.entries || opener.path === undefined || !(await opener.sequential())) return undefined;
      return new SharedScan({ path: opener.path, entries: opener.entries.bind(opener) });
    })();
    return this.shared;
  }

  private remember(path: string, bytes: Buffer): void {
    if (bytes.length > this.maxCacheBytes) return;
    this.cache.set(path, bytes);
    this.cacheBytes += bytes.length;
    for (const [key, value] of this.cache) {
      if (this.cacheBytes <= this.maxCacheBytes) break;
      this.cache.delete(key);
      this.cacheBytes -= value.length;
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.maxConcurrentReads) {
      this.active++;
      return Promise.resolve();
    }
    if (this.queue.length >= this.maxQueuedReads) return Promise.reject(new TooBusyError('too many log reads waiting'));
    return new Promise((resolve) => this.queue.push(() => resolve()));
  }

  private release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.active--;
  }
}
