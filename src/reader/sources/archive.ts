/**
 * A bundle in a tar archive (gzip, xz or uncompressed), read in one pass without extracting anything to disk.
 * Damage never stops the pass: unsafe names, links and duplicates are skipped with a diagnostic, and a truncated or
 * corrupt stream ends the pass with a diagnostic after every entry read so far has been handed out.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { PassThrough, pipeline, type Readable } from 'node:stream';
import tar from 'tar-stream';
import type { Diagnostic } from '../../model/snapshot.js';
import type { BundleEntry, BundleSource } from '../source.js';
import { createDecompressor, type ArchiveKind } from './decompress.js';
import { checkEntryPath } from './entry-path.js';
import { readSeekableIndex } from '../../bundle/seekable.js';
import { openSeekableEntryHook } from './seekable-hook.js';

type TarHeader = tar.Header;
type TarEntryStream = Readable; // a streamx Readable: the subset used here (on/pause/resume) matches Node's

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
  ) {
    this.name = basename(path);
  }

  async *entries(diagnostics: Diagnostic[]): AsyncIterable<BundleEntry> {
    const scan = this.scan();
    const seen = new Set<string>();
    let lastPath: string | undefined;
    let count = 0;
    try {
      for (;;) {
        const next = await scan.next();
        if (!next) break;
        const { header, stream, done } = next;
        try {
          const accepted = this.accept(header, seen, diagnostics);
          if (accepted === undefined) continue;
          count++;
          lastPath = accepted;
          const out = bridge(stream);
          try {
            yield { path: accepted, size: header.size ?? 0, stream: out };
          } finally {
            // The consumer may have stopped early (a size cap) or not read at all: drain so the tar can move on.
            if (!out.destroyed && !out.readableEnded) out.resume();
          }
        } finally {
          stream.resume();
          await done;
        }
      }
    } catch (error) {
      diagnostics.push(this.streamDiagnostic(error as Error & { code?: string }, scan.compressedBytes(), lastPath));
    } finally {
      scan.close();
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
    const scan = this.scan();
    try {
      for (;;) {
        const next = await scan.next();
        if (!next) break;
        const checked = checkEntryPath(next.header.name);
        const isFile = next.header.type === 'file' || next.header.type === 'contiguous-file' || !next.header.type;
        if (isFile && checked.ok && checked.path === path) {
          const out = bridge(next.stream);
          out.on('close', () => {
            next.stream.resume();
            void next.done.then(() => scan.close());
          });
          return out;
        }
        next.stream.resume();
        await next.done;
      }
    } catch (error) {
      scan.close();
      throw new Error(`cannot read ${path} from ${this.path}: ${(error as Error).message}`);
    }
    scan.close();
    throw new Error(`${path} is not in the bundle ${this.path}`);
  }

  async sequential(): Promise<boolean> {
    return this.archive !== 'gzip' || (await readSeekableIndex(this.path)) === undefined;
  }

  async close(): Promise<void> {}

  /** Returns the safe path of a regular file entry, or undefined (with a diagnostic where the user should know). */
  private accept(header: TarHeader, seen: Set<string>, diagnostics: Diagnostic[]): string | undefined {
    const type: string = header.type ?? 'file';
    if (type === 'directory' || type === 'pax-global-header') return undefined;
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
      diagnostics.push({
        severity: 'info',
        code: 'entry-skipped',
        file: checked.path,
        message: `skipped ${checked.path}: unsupported tar entry type "${type}"`,
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
    // The whole file was consumed and the decoder still wanted more: the file was cut short.
    const atEnd = byte >= this.size;
    if (error.code === 'Z_BUF_ERROR' || /unexpected end|premature|truncated|end of (input|data)|no progress is possible/i.test(message) || (atEnd && !/invalid tar header/i.test(message))) {
      return {
        severity: 'error',
        code: 'truncated-archive',
        file: '',
        byte,
        message: `the archive ${this.name} is truncated: its ${this.archive} data stops at byte ${byte} of ${this.size}${where}; everything before that was read, anything after it is missing (${message})`,
      };
    }
    if (/invalid tar header/i.test(message)) {
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
  private scan(): ArchiveScan {
    const file = createReadStream(this.path, { highWaterMark: 256 * 1024 });
    let compressedBytes = 0;
    file.on('data', (chunk) => {
      compressedBytes += chunk.length;
    });
    const decompressor = createDecompressor(this.archive);
    const extract = tar.extract();
    pipeline(file, decompressor, extract, () => {
      // Errors surface through the iterator below; this callback only keeps pipeline from throwing.
    });
    const iterator = extract[Symbol.asyncIterator]();
    let closed = false;
    return {
      compressedBytes: () => compressedBytes,
      async next() {
        const result = await iterator.next();
        if (result.done) return undefined;
        const stream = result.value as unknown as TarEntryStream & { header: TarHeader };
        const done = new Promise<void>((resolve) => {
          stream.once('end', resolve);
          stream.once('close', resolve);
          stream.once('error', () => resolve());
        });
        return { header: stream.header, stream, done };
      },
      close() {
        if (closed) return;
        closed = true;
        file.destroy();
        decompressor.destroy();
        extract.destroy();
      },
    };
  }
}

interface ArchiveScan {
  compressedBytes(): number;
  next(): Promise<{ header: TarHeader; stream: TarEntryStream; done: Promise<void> } | undefined>;
  close(): void;
}

/**
 * Hands a tar entry to consumers as a plain Node stream. The tar entry itself must never be destroyed (that would
 * abort the whole archive), so a consumer that destroys its stream only stops the copy, and the entry drains.
 */
function bridge(entry: TarEntryStream): PassThrough {
  const out = new PassThrough({ highWaterMark: 64 * 1024 });
  // A consumer that already stopped reading must not turn a later archive error into an uncaught exception.
  out.on('error', () => {});
  let detached = false;
  entry.on('data', (chunk: Buffer) => {
    if (detached) return;
    if (!out.write(chunk)) entry.pause();
  });
  out.on('drain', () => entry.resume());
  out.on('close', () => {
    detached = true;
    entry.resume();
  });
  entry.on('end', () => {
    if (!detached) out.end();
  });
  entry.on('close', () => {
    if (!detached && !out.writableEnded) out.destroy(new Error('the archive ended in the middle of this file'));
  });
  return out;
}
