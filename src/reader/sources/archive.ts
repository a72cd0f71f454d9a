/**
 * A bundle in a tar archive (gzip, xz or uncompressed), read in one pass without extracting anything to disk.
 * Damage never stops the pass: unsafe names, links and duplicates are skipped with a diagnostic, and a truncated or
 * corrupt stream ends the pass with a diagnostic after every entry read so far has been handed out.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { iteratorSource, type ChunkSource } from '../../bundle/chunk-queue.js';
import { TarFormatError, TarReader, TarSizeLimitError, TarTruncatedError, type TarReadHeader } from '../../bundle/tar.js';
import type { Diagnostic } from '../../model/snapshot.js';
import type { BundleEntry, BundleSource, ChunkHandler } from '../source.js';
import { decodeFile, type ArchiveKind } from './decompress.js';
import { cappedDiagnostics, type CappedDiagnostics } from './capped.js';
import { checkEntryPath } from './entry-path.js';
import { readSeekableIndex } from '../../bundle/seekable.js';
import { openSeekableEntryHook } from './seekable-hook.js';

type TarHeader = TarReadHeader;

/**
 * What one archive may cost, whatever it holds: a 2 MB .tar.gz can hold 2 GiB of empty lines or a 10 GiB log. Past a
 * ceiling the read stops with a diagnostic naming the archive, and everything before it is kept.
 */
export interface ArchiveLimits {
  /** Decompressed bytes read from one archive. Default 32 GiB. */
  maxBytes: number;
  /** Lines (newlines) in the log and text files of one archive. Default 20 million. */
  maxLines: number;
}

export const DEFAULT_ARCHIVE_LIMITS: Readonly<ArchiveLimits> = { maxBytes: 32 * 1024 ** 3, maxLines: 20_000_000 };

/** The files of one archive hold more lines than the reader takes. */
class LineLimitError extends Error {
  constructor(readonly limit: number) {
    super(`the archive's files hold more than ${limit.toLocaleString('en-US')} lines, the most podmortem reads from one archive`);
  }
}

/**
 * Counts the newlines of log-like files in passing (object files are parsed whole and capped by size instead) and
 * stops the archive at the ceiling, so counting never costs more than the ceiling's worth of lines.
 */
class LineCounter {
  private lines = 0;
  private counting = true;

  constructor(private readonly limit: number) {}

  entry(name: string): void {
    this.counting = !/\.(json|ya?ml)$/i.test(name);
  }

  readonly data = (chunk: Buffer): void => {
    if (!this.counting) return;
    for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) {
      if (++this.lines > this.limit) throw new LineLimitError(this.limit);
    }
  };
}

const SKIPPED_TYPES: Record<string, string> = {
  symlink: 'a symbolic link',
  link: 'a hard link',
  'character-device': 'a character device',
  'block-device': 'a block device',
  fifo: 'a FIFO',
};

export class ArchiveSource implements BundleSource {
  readonly name: string;

  constructor(
    readonly path: string,
    readonly archive: ArchiveKind,
    readonly size: number,
    readonly limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
  ) {
    this.name = basename(path);
  }

  async *entries(diagnostics: Diagnostic[]): AsyncIterable<BundleEntry> {
    const perEntry = cappedDiagnostics(diagnostics, this.name);
    const scan = this.scan(new LineCounter(this.limits.maxLines));
    const seen = new Set<string>();
    let lastPath: string | undefined;
    let count = 0;
    try {
      for (;;) {
        const header = await scan.next();
        if (!header) break;
        const accepted = this.accept(header, seen, perEntry);
        if (accepted === undefined) continue;
        count++;
        lastPath = accepted;
        const entry = scan.entry(accepted, header);
        try {
          yield entry;
        } finally {
          // The consumer may have stopped early (a size cap) or not read at all: the next header skips the rest.
          entry.release();
        }
      }
    } catch (error) {
      diagnostics.push(this.streamDiagnostic(error as Error & { code?: string }, scan.compressedBytes(), lastPath));
    } finally {
      scan.close();
      perEntry.finish();
    }
    if (count === 0 && !diagnostics.some((d) => d.file === '' && d.severity === 'error')) {
      diagnostics.push({
        severity: 'error',
        code: 'empty-archive',
        file: '',
        message: `the archive ${this.name} holds no files`,
      });
    }
  }

  async openFile(path: string): Promise<Readable> {
    const seekable = this.archive === 'gzip' ? await openSeekableEntryHook(this.path, path) : undefined;
    if (seekable) return seekable;
    const scan = this.scan(new LineCounter(Number.MAX_SAFE_INTEGER));
    try {
      for (;;) {
        const header = await scan.next();
        if (!header) break;
        const checked = checkEntryPath(header.name);
        const isFile = header.type === 'file' || header.type === 'contiguous-file';
        if (isFile && checked.ok && checked.path === path) {
          const out = scan.entry(path, header).stream;
          out.on('close', () => scan.close());
          return out;
        }
      }
    } catch (error) {
      scan.close();
      throw new Error(`cannot read ${path} from ${this.path}: ${(error as Error).message}`, { cause: error });
    }
    scan.close();
    throw new Error(`${path} is not in the bundle ${this.path}`);
  }

  async sequential(): Promise<boolean> {
    return this.archive !== 'gzip' || (await readSeekableIndex(this.path)) === undefined;
  }

  async close(): Promise<void> {}

  /** Returns the safe path of a regular file entry, or undefined (with a diagnostic where the user should know). */
  private accept(header: TarHeader, seen: Set<string>, diagnostics: CappedDiagnostics): string | undefined {
    const type: string = header.type;
    if (type === 'directory' || type === 'gnu-volume-label') return undefined;
    const checked = checkEntryPath(header.name);
    if (!checked.ok) {
      diagnostics.push({
        severity: 'warning',
        code: 'unsafe-path',
        file: header.name,
        message: `skipped the archive entry "${header.name}": ${checked.reason}`,
      });
      return undefined;
    }
    const skippedAs = SKIPPED_TYPES[type];
    if (skippedAs !== undefined) {
      diagnostics.push({
        severity: type === 'symlink' ? 'info' : 'warning',
        code: 'link-skipped',
        file: checked.path,
        message: `skipped ${checked.path}: it is ${skippedAs}${header.linkname ? ` to ${header.linkname}` : ''}, and podmortem never follows links`,
      });
      return undefined;
    }
    if (type !== 'file' && type !== 'contiguous-file') {
      const what = type === 'unknown' ? `typeflag ${JSON.stringify(header.typeflag)}` : type;
      diagnostics.push({
        severity: 'info',
        code: 'entry-skipped',
        file: checked.path,
        message: `skipped ${checked.path}: unsupported tar entry type "${what}"`,
      });
      return undefined;
    }
    if (seen.has(checked.path)) {
      diagnostics.push({
        severity: 'warning',
        code: 'duplicate-entry',
        file: checked.path,
        message: `the archive holds ${checked.path} more than once; the first copy is used and this later copy is skipped`,
      });
      return undefined;
    }
    seen.add(checked.path);
    return checked.path;
  }

  private streamDiagnostic(error: Error & { code?: string }, byte: number, lastPath: string | undefined): Diagnostic {
    const where = lastPath ? ` after ${lastPath}` : ' before any file could be read';
    const message = error.message || String(error);
    if (error instanceof TarSizeLimitError || error instanceof LineLimitError) {
      return {
        severity: 'error',
        code: 'archive-too-large',
        file: '',
        byte,
        message: `stopped reading ${this.name}${where}: ${message}; everything before that was read`,
      };
    }
    // zlib's Z_DATA_ERROR (a flipped bit, a bad checksum) is damage inside the data, not a file cut short.
    const dataError = error.code === 'Z_DATA_ERROR' || /incorrect header check|invalid (block type|distances?|code|stored block)|incorrect (data|length) check|corrupt/i.test(message);
    // The whole file was consumed and the decoder still wanted more: the file was cut short.
    const atEnd = byte >= this.size;
    if (!dataError && (error instanceof TarTruncatedError || error.code === 'Z_BUF_ERROR' || /unexpected end|premature|truncated|end of (input|data)|no progress is possible/i.test(message) || (atEnd && !(error instanceof TarFormatError)))) {
      return {
        severity: 'error',
        code: 'truncated-archive',
        file: '',
        byte,
        message: `the archive ${this.name} is truncated: its ${this.archive} data stops at byte ${byte} of ${this.size}${where}; everything before that was read, anything after it is missing (${message})`,
      };
    }
    if (error instanceof TarFormatError) {
      return {
        severity: 'error',
        code: 'not-a-tar',
        file: '',
        byte,
        message: `the ${this.archive === 'tar' ? 'file' : `${this.archive} data`} in ${this.name} is not a valid tar archive${where} (${message})`,
      };
    }
    return {
      severity: 'error',
      code: 'corrupt-archive',
      file: '',
      byte,
      message: `the archive ${this.name} is corrupt near byte ${byte} of ${this.size}${where}: ${message}; everything before that was read`,
    };
  }

  /** One pass over the archive's entries, pulled one at a time. */
  private scan(lines: LineCounter): ArchiveScan {
    const decoded = decodeFile(this.path, this.archive);
    let current: ChunkSource = decoded.output;
    let delivered = 0;
    let recovered = false;
    const source: ChunkSource = {
      poll: () => {
        try {
          const chunk = current.poll();
          if (chunk) delivered += chunk.length;
          return chunk;
        } catch (error) {
          // Node's gunzip drops what it decoded in the call that met the damage: decode again, in small steps, up to
          // the damage, and hand out what the first pass did not (then the damage itself, as corruption).
          if (this.archive !== 'gzip' || recovered || (error as { code?: string }).code !== 'Z_DATA_ERROR') throw error;
          recovered = true;
          current = iteratorSource(redecodeAfter(this.path, delivered, error as Error));
          return null;
        }
      },
      wait: () => current.wait(),
    };
    const reader = new TarReader(source, { maxBytes: this.limits.maxBytes, onData: lines.data });
    let closed = false;
    return {
      compressedBytes: () => decoded.compressedBytes(),
      next: async () => {
        const header = await reader.next();
        if (header) lines.entry(header.name);
        return header;
      },
      entry: (path, header) => new TarEntryOfArchive(reader, path, header.size, header.generation),
      close() {
        if (closed) return;
        closed = true;
        decoded.close();
      },
    };
  }
}

/** Bytes a gunzip with the smallest output chunk hands out past `skip`, then `damage` where it stops. */
async function* redecodeAfter(path: string, skip: number, damage: Error): AsyncGenerator<Buffer> {
  const file = createReadStream(path, { highWaterMark: 64 * 1024 });
  const gunzip = createGunzip({ chunkSize: 64 });
  pipeline(file, gunzip, () => {});
  let seen = 0;
  let batch: Buffer[] = [];
  let batched = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      const start = Math.max(0, skip - seen);
      seen += chunk.length;
      if (start >= chunk.length) continue;
      batch.push(chunk.subarray(start));
      batched += chunk.length - start;
      if (batched >= 64 * 1024) {
        yield Buffer.concat(batch);
        batch = [];
        batched = 0;
      }
    }
  } catch {
    // The same damage again: everything before it is in `batch`.
  } finally {
    file.destroy();
    gunzip.destroy();
  }
  if (batched > 0) yield Buffer.concat(batch);
  throw damage;
}

interface ArchiveScan {
  compressedBytes(): number;
  next(): Promise<(TarHeader & { generation: number }) | undefined>;
  entry(path: string, header: TarHeader & { generation: number }): ArchiveEntry;
  close(): void;
}

interface ArchiveEntry extends BundleEntry {
  /** Stops the entry's stream, if one was made: the reader skips what was left when it moves to the next entry. */
  release(): void;
}

/** The archive's error as the entry's consumer sees it. */
function entryError(error: unknown): Error {
  if (error instanceof TarTruncatedError) return new Error(`the archive ended in the middle of this file: ${error.message}`);
  return error instanceof Error ? error : new Error(String(error));
}

/** One entry: `forEachChunk` straight from the tar reader; a Node stream only for a consumer that asks for one. */
class TarEntryOfArchive implements ArchiveEntry {
  private made: Readable | undefined;

  constructor(
    private readonly reader: TarReader,
    readonly path: string,
    readonly size: number,
    private readonly generation: number,
  ) {}

  forEachChunk(onChunk: ChunkHandler): Promise<void> {
    return this.reader.forEachChunk(this.generation, onChunk).catch((error: unknown) => {
      throw entryError(error);
    });
  }

  get stream(): Readable {
    this.made ??= entryStream(this.reader, this.generation);
    return this.made;
  }

  release(): void {
    if (this.made && !this.made.destroyed) this.made.destroy();
  }
}

/**
 * One entry's data as a Node stream that pulls from the tar reader only as fast as it is read. Destroying it stops
 * the pulling; the reader skips what was left when it moves to the next entry.
 */
function entryStream(reader: TarReader, generation: number): Readable {
  const out = new Readable({
    highWaterMark: 64 * 1024,
    read() {
      reader.read(generation).then(
        (chunk) => {
          if (!out.destroyed) out.push(chunk ?? null);
        },
        (error: unknown) => out.destroy(entryError(error)),
      );
    },
  });
  // A consumer that already stopped reading must not turn a later archive error into an uncaught exception.
  out.on('error', () => {});
  return out;
}
