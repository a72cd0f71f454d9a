/**
 * Random access into a seekable podmortem archive (see src/bundle/index-format.ts and docs/bundle-format.md).
 *
 * The index is found from the tail of the file: one read of the fixed-size footer, one read of the index member,
 * then one ranged read per entry; nothing before the entry is decompressed. Any archive without a valid index —
 * another tool's .tar.gz, a podmortem archive that was re-compressed, a truncated or corrupted one — gives
 * `undefined`, and the caller falls back to a sequential scan.
 */
import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createGunzip, gunzip, gunzipSync } from 'node:zlib';
import { readExtraSubfield } from './gzip-member.js';
import { FOOTER_SI1, FOOTER_SI2, FOOTER_SIZE, INDEX_FILE, decodeFooterPayload, parseIndex } from './index-format.js';
import type { SeekableIndex, SeekableIndexEntry } from './index-format.js';
import { BLOCK_SIZE, parseTarHeader, TarReader } from './tar.js';

export type { SeekableIndex, SeekableIndexEntry } from './index-format.js';

const gunzipAsync = promisify(gunzip);

/** An index larger than this is not one we wrote (a million entries is about 100 MB); refuse rather than allocate. */
const MAX_INDEX_MEMBER_BYTES = 256 * 1024 * 1024;

interface LoadedIndex {
  index: SeekableIndex;
  byPath: Map<string, SeekableIndexEntry>;
}

/** Indexes of recently opened archives, keyed by path and checked against size/mtime/inode on every use. */
const cache = new Map<string, { identity: string; loaded: LoadedIndex | undefined }>();
const CACHE_LIMIT = 16;

async function readRange(path: string, position: number, length: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
      if (bytesRead === 0) throw new Error('unexpected end of file');
      filled += bytesRead;
    }
    return buffer;
  } finally {
    await handle.close();
  }
}

async function loadIndex(archivePath: string, size: number): Promise<LoadedIndex | undefined> {
  if (size < FOOTER_SIZE) return undefined;
  const footer = await readRange(archivePath, size - FOOTER_SIZE, FOOTER_SIZE);
  const payload = readExtraSubfield(footer, FOOTER_SI1, FOOTER_SI2);
  const location = payload && decodeFooterPayload(payload);
  if (!location) return undefined;
  if (location.offset + location.length !== size - FOOTER_SIZE || location.length > MAX_INDEX_MEMBER_BYTES) {
    return undefined;
  }
  const member = await readRange(archivePath, location.offset, location.length);
  const inflated = new Uint8Array(await gunzipAsync(member));
  const header = parseTarHeader(inflated.subarray(0, BLOCK_SIZE));
  if (!header || header.typeflag !== '0' || BLOCK_SIZE + header.size > inflated.length) return undefined;
  const index = parseIndex(new TextDecoder().decode(inflated.subarray(BLOCK_SIZE, BLOCK_SIZE + header.size)));
  if (!index || header.name !== `${index.root}/${INDEX_FILE}`) return undefined;
  const byPath = new Map<string, SeekableIndexEntry>();
  for (const entry of index.entries) {
    if (entry.offset + entry.length > location.offset || entry.dataOffset < BLOCK_SIZE) return undefined;
    byPath.set(entry.path, entry);
  }
  return { index, byPath };
}

async function cachedIndex(archivePath: string): Promise<LoadedIndex | undefined> {
  let info;
  try {
    info = await stat(archivePath);
  } catch {
    return undefined;
  }
  if (!info.isFile()) return undefined;
  const identity = `${info.size}:${info.mtimeMs}:${info.ino}:${info.dev}`;
  const hit = cache.get(archivePath);
  if (hit?.identity === identity) return hit.loaded;
  let loaded: LoadedIndex | undefined;
  try {
    loaded = await loadIndex(archivePath, info.size);
  } catch {
    loaded = undefined;
  }
  cache.delete(archivePath);
  cache.set(archivePath, { identity, loaded });
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return loaded;
}

/** The archive's seekable index, or undefined when it has none (or a damaged one). Costs two reads, then cached. */
export async function readSeekableIndex(archivePath: string): Promise<SeekableIndex | undefined> {
  return (await cachedIndex(archivePath))?.index;
}

/**
 * Members up to this size (and files up to 4× it) are read through the caller's open handle and inflated in one
 * call: reading thousands of small entries in a row, a stream and an inflater per entry would cost more than the data.
 */
const ONE_READ_BYTES = 4 * 1024 * 1024;

/**
 * One entry's bytes from its gzip member, read as the tar it is: the member must hold a file of that very name and
 * size where the index says, or the index is lying (a crafted index could point `kubectl logs` at another entry's
 * bytes) and nothing is handed out.
 */
async function* entryBytes(archivePath: string, root: string, entry: SeekableIndexEntry, handle?: FileHandle): AsyncGenerator<Buffer> {
  if (handle && entry.length <= ONE_READ_BYTES && entry.size <= 4 * ONE_READ_BYTES) {
    // The member holds the tar header, the data and its padding: inflating more than that is not our archive.
    yield* verifiedEntry(archivePath, root, entry, (async function* () {
      yield gunzipSync(await readMember(handle, entry), { maxOutputLength: entry.dataOffset + entry.size + BLOCK_SIZE });
    })());
    return;
  }
  const file = createReadStream(archivePath, { start: entry.offset, end: entry.offset + entry.length - 1 });
  const inflate = createGunzip({ chunkSize: 64 * 1024 });
  const piping = pipeline(file, inflate);
  piping.catch(() => undefined); // surfaced below through the iteration
  try {
    yield* verifiedEntry(archivePath, root, entry, (inflate as AsyncIterable<Buffer>)[Symbol.asyncIterator]());
  } finally {
    file.destroy();
    inflate.destroy();
  }
}

async function* verifiedEntry(archivePath: string, root: string, entry: SeekableIndexEntry, tar: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  const reader = new TarReader(tar);
  const header = await reader.next();
  const expected = `${root}/${entry.path}`;
  if (!header || header.name !== expected || header.size !== entry.size || reader.offset !== entry.dataOffset || (header.type !== 'file' && header.type !== 'contiguous-file')) {
    throw new Error(`${archivePath}: the seekable index entry for ${entry.path} points at a member holding ${header ? `${header.name} (${header.size} bytes)` : 'no file'}`);
  }
  let received = 0;
  for (let chunk = await reader.read(header.generation); chunk; chunk = await reader.read(header.generation)) {
    received += chunk.length;
    yield chunk;
  }
  if (received < entry.size) throw new Error(`${archivePath}: entry ${entry.path} ends ${entry.size - received} bytes early`);
}

async function readMember(handle: FileHandle, entry: SeekableIndexEntry): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(entry.length);
  let filled = 0;
  while (filled < entry.length) {
    const { bytesRead } = await handle.read(buffer, filled, entry.length - filled, entry.offset + filled);
    if (bytesRead === 0) throw new Error('unexpected end of file');
    filled += bytesRead;
  }
  return buffer;
}

/**
 * A stream of one indexed entry's exact bytes (an entry of `readSeekableIndex`'s answer for the same archive).
 * `handle`, an open handle of the archive, saves an open and a close per entry when many are read in a row.
 */
export function openIndexedEntry(archivePath: string, root: string, entry: SeekableIndexEntry, handle?: FileHandle): Readable {
  return Readable.from(entryBytes(archivePath, root, entry, handle), { objectMode: false });
}

/**
 * A stream of one file's exact bytes, read straight from its gzip member. `entryPath` is relative to the bundle
 * root (`cluster-resources/pods/shop.json`); the root-prefixed tar name is accepted too. Undefined when the archive
 * has no usable index or the index has no such entry.
 */
export async function openSeekableEntry(archivePath: string, entryPath: string): Promise<Readable | undefined> {
  const loaded = await cachedIndex(archivePath);
  if (!loaded) return undefined;
  const rootPrefix = `${loaded.index.root}/`;
  const entry =
    loaded.byPath.get(entryPath) ??
    (entryPath.startsWith(rootPrefix) ? loaded.byPath.get(entryPath.slice(rootPrefix.length)) : undefined);
  if (!entry) return undefined;
  // The first chunk is pulled here, so an index that points at the wrong member fails the open (and the caller
  // falls back to a sequential scan) instead of failing a stream half-way.
  const bytes = entryBytes(archivePath, loaded.index.root, entry);
  const first = await bytes.next();
  async function* all(): AsyncGenerator<Buffer> {
    if (!first.done) yield first.value;
    yield* bytes;
  }
  return Readable.from(all(), { objectMode: false });
}
