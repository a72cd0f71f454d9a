/**
 * Encodes single tar entries (POSIX ustar, with a pax `path` record for names that do not fit ustar's fields).
 *
 * We encode tar ourselves rather than through tar-stream's packer because the seekable writer needs each entry's
 * bytes on their own (header + data + padding) to wrap them in a gzip member of their own, and because every
 * header byte must be reproducible: fixed mode, owner 0:0, empty user/group names, the caller's mtime.
 */

import { iteratorSource, type ChunkSource } from './chunk-queue.js';

export const BLOCK_SIZE = 512;

/** The end-of-archive marker: two zero blocks. */
export const END_OF_ARCHIVE = new Uint8Array(BLOCK_SIZE * 2);

export type TarEntryType = 'file' | 'directory';

export interface TarEntry {
  /** Full path inside the archive, `/`-separated, no leading `/`; directories without a trailing `/`. */
  name: string;
  type?: TarEntryType;
  /** File content; ignored for directories. */
  data?: Uint8Array;
  mtime: Date;
  /** Defaults to 0o644 for files and 0o755 for directories. */
  mode?: number;
}

export interface EncodedTarEntry {
  /** Header block(s), data and padding, ready to be written (or compressed) as one unit. */
  bytes: Uint8Array;
  /** Offset of the file data inside `bytes`: the size of the header block(s). */
  dataOffset: number;
  size: number;
}

const encoder = new TextEncoder();

function writeString(block: Uint8Array, offset: number, length: number, value: string): void {
  const bytes = encoder.encode(value);
  if (bytes.length > length) throw new Error(`tar header field too long: ${value}`);
  block.set(bytes, offset);
}

/** Octal number, zero-padded to `length - 1` digits, NUL-terminated (the form GNU tar and Go both write). */
function writeOctal(block: Uint8Array, offset: number, length: number, value: number): void {
  const digits = Math.floor(value).toString(8);
  if (digits.length > length - 1) throw new Error(`tar header number too large: ${value}`);
  writeString(block, offset, length - 1, digits.padStart(length - 1, '0'));
}

function mtimeSeconds(mtime: Date): number {
  const seconds = Math.floor(mtime.getTime() / 1000);
  return seconds < 0 ? 0 : seconds;
}

function headerBlock(
  name: string,
  prefix: string,
  typeflag: string,
  size: number,
  mode: number,
  mtime: number,
): Uint8Array {
  const block = new Uint8Array(BLOCK_SIZE);
  writeString(block, 0, 100, name);
  writeOctal(block, 100, 8, mode);
  writeOctal(block, 108, 8, 0); // uid
  writeOctal(block, 116, 8, 0); // gid
  writeOctal(block, 124, 12, size);
  writeOctal(block, 136, 12, mtime);
  block.fill(0x20, 148, 156); // checksum is computed with its own field as spaces
  writeString(block, 156, 1, typeflag);
  writeString(block, 257, 6, 'ustar'); // "ustar\0"
  writeString(block, 263, 2, '00');
  writeString(block, 345, 155, prefix);
  let sum = 0;
  for (const byte of block) sum += byte;
  writeString(block, 148, 7, sum.toString(8).padStart(6, '0'));
  block[154] = 0;
  block[155] = 0x20;
  return block;
}

/** Splits a path into ustar's prefix (≤155 bytes) and name (≤100 bytes) at a `/`, or undefined if it cannot. */
function splitUstarPath(path: string): { prefix: string; name: string } | undefined {
  const bytes = encoder.encode(path);
  if (bytes.length <= 100) return { prefix: '', name: path };
  if (bytes.length > 256) return undefined;
  for (let cut = path.lastIndexOf('/'); cut > 0; cut = path.lastIndexOf('/', cut - 1)) {
    const prefix = path.slice(0, cut);
    const name = path.slice(cut + 1);
    if (encoder.encode(prefix).length <= 155 && encoder.encode(name).length <= 100 && name.length > 0) {
      return { prefix, name };
    }
  }
  return undefined;
}

/** A pax record: `<length> <key>=<value>\n`, where length counts the whole record including its own digits. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLength = encoder.encode(body).length;
  let length = bodyLength + String(bodyLength).length;
  if (String(length).length !== String(bodyLength).length) length = bodyLength + String(length).length;
  return `${length}${body}`;
}

function padding(size: number): number {
  return (BLOCK_SIZE - (size % BLOCK_SIZE)) % BLOCK_SIZE;
}

export function validateEntryName(name: string): void {
  if (name.length === 0) throw new Error('tar entry name is empty');
  if (name.startsWith('/')) throw new Error(`tar entry name is absolute: ${name}`);
  if (name.includes('\\') || name.includes('\0')) throw new Error(`tar entry name has a backslash or NUL: ${name}`);
  for (const segment of name.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new Error(`tar entry name has an empty, '.' or '..' segment: ${name}`);
    }
  }
}

/** Encodes one entry: header (plus a pax header when the name needs one), data, zero padding to a block. */
export function encodeTarEntry(entry: TarEntry): EncodedTarEntry {
  validateEntryName(entry.name);
  const type = entry.type ?? 'file';
  const data = type === 'file' ? (entry.data ?? new Uint8Array(0)) : new Uint8Array(0);
  const mode = entry.mode ?? (type === 'file' ? 0o644 : 0o755);
  const mtime = mtimeSeconds(entry.mtime);
  const typeflag = type === 'file' ? '0' : '5';
  const path = type === 'directory' ? `${entry.name}/` : entry.name;

  const blocks: Uint8Array[] = [];
  let split = splitUstarPath(path);
  if (split === undefined) {
    const pax = encoder.encode(paxRecord('path', path));
    const baseName = path.replace(/\/$/, '').split('/').pop() ?? 'entry';
    const paxName = `PaxHeaders/${baseName}`.slice(0, 100);
    blocks.push(headerBlock(paxName, '', 'x', pax.length, 0o644, mtime), pax, new Uint8Array(padding(pax.length)));
    // The ustar name is a truncated stand-in; readers that know pax take the full path from the record above.
    split = { prefix: '', name: path.slice(-100) };
  }
  blocks.push(headerBlock(split.name, split.prefix, typeflag, data.length, mode, mtime));
  const dataOffset = blocks.reduce((sum, block) => sum + block.length, 0);
  const bytes = new Uint8Array(dataOffset + data.length + padding(data.length));
  let at = 0;
  for (const block of blocks) {
    bytes.set(block, at);
    at += block.length;
  }
  bytes.set(data, at);
  return { bytes, dataOffset, size: data.length };
}

export interface ParsedTarHeader {
  name: string;
  size: number;
  typeflag: string;
}

/** Parses one ustar header block (enough to read back entries this module wrote); undefined if it is not one. */
export function parseTarHeader(block: Uint8Array): ParsedTarHeader | undefined {
  if (block.length < BLOCK_SIZE || latin1Field(block, 257, 6) !== 'ustar' || !headerChecksumMatches(block)) return undefined;
  const size = parseTarNumber(block.subarray(124, 136));
  if (size === undefined || size < 0) return undefined;
  const prefix = latin1Field(block, 345, 155);
  const name = latin1Field(block, 0, 100);
  return { name: prefix ? `${prefix}/${name}` : name, size, typeflag: latin1Field(block, 156, 1) || '0' };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading any tar, as GNU tar reads it. Every header field is checked before it is used: a bundle is untrusted, and a
// size that cannot be a size (base-256 with an unknown lead byte, ≥ 2^53) ends the read with an error that says so,
// where a general-purpose parser would leave a promise unsettled and Node exit without a word.

type TarEntryKind =
  | 'file'
  | 'contiguous-file'
  | 'directory'
  | 'link'
  | 'symlink'
  | 'character-device'
  | 'block-device'
  | 'fifo'
  | 'gnu-volume-label'
  | 'gnu-multivolume'
  | 'gnu-names'
  | 'gnu-sparse'
  | 'unknown';

export interface TarReadHeader {
  name: string;
  size: number;
  type: TarEntryKind;
  /** The raw typeflag character, for messages about unknown types. */
  typeflag: string;
  linkname?: string;
}

/** A header that is no tar header, or a field in it that cannot be used: the archive cannot be read past it. */
export class TarFormatError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`invalid tar header at byte ${offset} of the tar stream: ${message}`);
  }
}

/** The end of the data in the middle of an entry or header. */
export class TarTruncatedError extends Error {
  constructor(readonly offset: number) {
    super(`unexpected end of data at byte ${offset} of the tar stream`);
  }
}

/** Largest pax or GNU long-name record read: names are short, and the record is held in memory whole. */
const MAX_EXTENDED_HEADER = 1024 * 1024;

const TYPES: Record<string, TarEntryKind> = {
  '0': 'file',
  '\0': 'file',
  '7': 'contiguous-file',
  '1': 'link',
  '2': 'symlink',
  '3': 'character-device',
  '4': 'block-device',
  '5': 'directory',
  '6': 'fifo',
  D: 'directory', // GNU dumpdir: a directory with a listing as its data
  V: 'gnu-volume-label',
  M: 'gnu-multivolume',
  N: 'gnu-names',
  S: 'gnu-sparse',
};

/**
 * A numeric header field: octal digits (space or NUL terminated), or GNU's base-256 (lead byte 0x80 for a positive
 * number, 0xff for a negative one). Undefined when the field is neither, or the value is not a safe integer.
 */
export function parseTarNumber(field: Uint8Array): number | undefined {
  return tarNumberAt(field, 0, field.length);
}

/** `parseTarNumber` of `block[offset, offset + length)`, read in place (no subarray per field of every header). */
function tarNumberAt(block: Uint8Array, offset: number, length: number): number | undefined {
  const lead = block[offset] ?? 0;
  if (lead & 0x80) {
    if (lead !== 0x80 && lead !== 0xff) return undefined;
    const negative = lead === 0xff;
    let value = 0;
    for (let at = offset + 1; at < offset + length; at++) {
      const raw = block[at] ?? 0;
      value = value * 256 + (negative ? 0xff - raw : raw);
      if (value > Number.MAX_SAFE_INTEGER) return undefined;
    }
    return negative ? -(value + 1) : value;
  }
  // Octal digits up to the first NUL, with blanks around them (as String.prototype.trim takes them off latin1 text).
  let end = block.indexOf(0, offset);
  if (end === -1 || end > offset + length) end = offset + length;
  let start = offset;
  while (start < end && isBlank(block[start] ?? 0)) start++;
  while (end > start && isBlank(block[end - 1] ?? 0)) end--;
  let value = 0;
  for (let at = start; at < end; at++) {
    const digit = (block[at] ?? 0) - 0x30;
    if (digit < 0 || digit > 7) return undefined;
    value = value * 8 + digit;
  }
  return Number.isSafeInteger(value) ? value : undefined;
}

function isBlank(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d) || byte === 0xa0;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A NUL-terminated text field, decoded as UTF-8 (what GNU tar writes for non-ASCII names). */
function latin1Field(block: Uint8Array, offset: number, length: number): string {
  const bytes = asBuffer(block);
  let end = bytes.indexOf(0, offset);
  if (end === -1 || end > offset + length) end = Math.min(offset + length, bytes.length);
  return bytes.toString('utf8', offset, end);
}

function headerChecksumMatches(block: Uint8Array): boolean {
  const recorded = tarNumberAt(block, 148, 8);
  if (recorded === undefined) return false;
  // Four bytes at a time: two 16-bit lanes of byte sums (at most 510 × 128 words each, no carry between them), and a
  // count per byte lane of the bytes above 127 for the signed sum. A byte loop made this the reader's hottest
  // function on a must-gather's 6,000 headers.
  const words = new DataView(block.buffer, block.byteOffset, BLOCK_SIZE);
  let pairs = 0;
  let high = 0;
  for (let at = 0; at < BLOCK_SIZE; at += 4) {
    if (at === 148) at = 156; // the checksum field itself counts as eight spaces
    const word = words.getUint32(at, true);
    pairs += (word & 0x00ff00ff) + ((word >>> 8) & 0x00ff00ff);
    high += (word >>> 7) & 0x01010101;
  }
  const unsigned = 8 * 0x20 + (pairs & 0xffff) + Math.floor(pairs / 0x10000);
  const above127 = (high & 0xff) + ((high >>> 8) & 0xff) + ((high >>> 16) & 0xff) + (high >>> 24);
  // Old tars summed signed bytes; GNU tar accepts either.
  return recorded === unsigned || recorded === unsigned - 256 * above127;
}

function isZeroBlock(block: Uint8Array): boolean {
  for (let at = 0; at < BLOCK_SIZE; at++) if (block[at] !== 0) return false;
  return true;
}

/** "ustar\0": POSIX ustar (a `prefix` field before the name); GNU's "ustar  " has none. */
function isPosixUstar(block: Uint8Array): boolean {
  return block[257] === 0x75 && block[258] === 0x73 && block[259] === 0x74 && block[260] === 0x61 && block[261] === 0x72 && block[262] === 0;
}

/** pax records `<length> <key>=<value>\n`; each length is checked against the record it claims to measure. */
function parsePaxRecords(data: Buffer, offset: number): Map<string, string> {
  const records = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    if (data[at] === 0) break; // padding after the last record
    const space = data.indexOf(0x20, at);
    const length = space > at && space - at <= 20 ? Number(data.subarray(at, space).toString('latin1')) : NaN;
    if (!Number.isSafeInteger(length) || length <= space - at + 1 || at + length > data.length || data[at + length - 1] !== 0x0a) {
      throw new TarFormatError(`a pax record at byte ${at} of its header is malformed`, offset);
    }
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals <= 0) throw new TarFormatError(`a pax record at byte ${at} of its header has no key=value`, offset);
    records.set(record.slice(0, equals), record.slice(equals + 1));
    at += length;
  }
  return records;
}

function paxSize(value: string, offset: number): number {
  if (!/^\d{1,16}$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new TarFormatError(`the pax size "${value.slice(0, 40)}" is not a size`, offset);
  }
  return Number(value);
}

/** Receives an entry's bytes in order; returning `false` (nothing else) stops the delivery and the rest is skipped. */
export type ChunkHandler = (chunk: Buffer) => unknown;

/** Largest data chunk handed out at once (a decoder's chunk is usually smaller; an uncompressed tar's may not be). */
const MAX_DATA_CHUNK = 256 * 1024;

/**
 * Pulls a tar's entries from its (decompressed) bytes. `next()` moves to the next entry, skipping whatever of the
 * current one was not read; `forEachChunk()` (or `read()`, chunk by chunk) hands out the current entry's data.
 *
 * Headers are parsed and data handed out synchronously from the chunks already at hand; a call waits only when it
 * needs bytes the decoder has not produced yet. Calls never overlap (one runs at a time, in call order), and `next()`
 * retires the current entry the moment it is called: a read of that entry still pending, or made later, gets
 * nothing, so it can never take the next entry's bytes.
 */
export class TarReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private sourceDone = false;
  /** Bytes of the tar stream taken so far. */
  private consumed = 0;
  private remaining = 0;
  private padding = 0;
  private generation = 0;
  private busy = false;
  private readonly waiting: Array<() => void> = [];
  private readonly globalPax = new Map<string, string>();
  private failure: Error | undefined;
  private readonly source: ChunkSource;

  constructor(
    source: ChunkSource | AsyncIterator<Buffer | Uint8Array | string>,
    private readonly limits: { maxBytes?: number; onData?: (chunk: Buffer) => void } = {},
  ) {
    this.source = 'poll' in source ? source : iteratorSource(source);
  }

  /** Bytes of the tar stream taken so far (decompressed). */
  get offset(): number {
    return this.consumed;
  }

  next(): Promise<(TarReadHeader & { generation: number }) | undefined> {
    const generation = ++this.generation;
    return this.exclusive(() => this.nextHeader(generation));
  }

  /** The current entry's next chunk, or undefined at its end (or once the reader has moved past `generation`). */
  read(generation: number): Promise<Buffer | undefined> {
    return this.exclusive(async () => {
      for (;;) {
        if (generation !== this.generation || this.remaining === 0) return undefined;
        if (this.pull(1)) return this.dataChunk();
        await this.fill(1);
      }
    });
  }

  /**
   * Hands the rest of entry `generation`'s data to `onChunk`, synchronously while it is buffered, and settles at its
   * end, when `onChunk` returns false, or once the reader has moved past the entry. An error `onChunk` throws rejects
   * this call only; an error of the archive's rejects it and every later call.
   */
  async forEachChunk(generation: number, onChunk: ChunkHandler): Promise<void> {
    let thrown: { error: unknown } | undefined;
    await this.exclusive(async () => {
      for (;;) {
        if (generation !== this.generation || this.remaining === 0) return;
        if (!this.pull(1)) {
          await this.fill(1);
          continue;
        }
        const chunk = this.dataChunk();
        try {
          if (onChunk(chunk) === false) return;
        } catch (error) {
          thrown = { error };
          return;
        }
      }
    });
    if (thrown) throw thrown.error;
  }

  /** Runs `work` when no other call is running; the turn passes to waiting calls in the order they came. */
  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.busy) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.busy = true;
    try {
      // The first failure is the archive's: every later call gives it again, so no caller reads past the damage.
      if (this.failure) throw this.failure;
      return await work();
    } catch (error) {
      this.failure ??= error instanceof Error ? error : new Error(String(error));
      throw this.failure;
    } finally {
      const nextTurn = this.waiting.shift();
      if (nextTurn) nextTurn();
      else this.busy = false;
    }
  }

  /** Moves chunks the source already holds into the reader until `bytes` are buffered; false if it has too few now. */
  private pull(bytes: number): boolean {
    while (this.buffered < bytes) {
      if (this.sourceDone) return false;
      const chunk = this.source.poll();
      if (chunk === null) return false;
      if (chunk === undefined) {
        this.sourceDone = true;
        return false;
      }
      if (chunk.length === 0) continue;
      const limit = this.limits.maxBytes;
      if (limit !== undefined && this.consumed + this.buffered + chunk.length > limit) throw new TarSizeLimitError(limit);
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    return true;
  }

  /** Waits until `bytes` are buffered; throws TarTruncatedError at the end of the source. */
  private async fill(bytes: number): Promise<void> {
    while (!this.pull(bytes)) {
      if (this.sourceDone) throw new TarTruncatedError(this.consumed + this.buffered);
      await this.source.wait();
    }
  }

  /** Up to `max` buffered bytes (exactly `max` when `exact`, which the caller made sure are buffered). */
  private take(max: number, exact: boolean): Buffer {
    const first = this.chunks[0];
    if (first === undefined) return Buffer.alloc(0);
    let out: Buffer;
    if (first.length > max) {
      out = first.subarray(0, max);
      this.chunks[0] = first.subarray(max);
    } else if (!exact || first.length === max) {
      out = first;
      this.chunks.shift();
    } else {
      // A header split across two chunks: the only copy on the byte path.
      out = Buffer.allocUnsafe(max);
      let filled = 0;
      while (filled < max) {
        const head = this.chunks[0];
        if (head === undefined) throw new TarTruncatedError(this.consumed + filled);
        const part = Math.min(head.length, max - filled);
        head.copy(out, filled, 0, part);
        filled += part;
        if (part === head.length) this.chunks.shift();
        else this.chunks[0] = head.subarray(part);
      }
    }
    this.buffered -= out.length;
    this.consumed += out.length;
    return out;
  }

  private dataChunk(): Buffer {
    const chunk = this.take(Math.min(this.remaining, MAX_DATA_CHUNK), false);
    this.remaining -= chunk.length;
    this.limits.onData?.(chunk);
    return chunk;
  }

  /** Drops `bytes` of the stream, waiting for the source only when what is buffered is not enough. */
  private async skip(bytes: number): Promise<void> {
    let left = bytes;
    while (left > 0) {
      if (!this.pull(1)) await this.fill(1);
      left -= this.take(Math.min(left, this.buffered), false).length;
    }
  }

  /** True at the end of the source (a tar without its two zero blocks still ends cleanly, as GNU tar reads it). */
  private async atEnd(): Promise<boolean> {
    for (;;) {
      if (this.pull(1)) return false;
      if (this.sourceDone) return true;
      await this.source.wait();
    }
  }

  private async readExtended(size: number, at: number): Promise<Buffer> {
    if (size > MAX_EXTENDED_HEADER) throw new TarFormatError(`an extended header of ${size} bytes is larger than any name`, at);
    if (!this.pull(size)) await this.fill(size);
    // A view of the decoder's chunk, not a copy: nothing writes to those bytes.
    const data = this.take(size, true);
    await this.skip((BLOCK_SIZE - (size % BLOCK_SIZE)) % BLOCK_SIZE);
    return data;
  }

  private async nextHeader(generation: number): Promise<(TarReadHeader & { generation: number }) | undefined> {
    if (this.remaining + this.padding > 0) await this.skip(this.remaining + this.padding);
    this.remaining = 0;
    this.padding = 0;
    let pax: Map<string, string> | undefined;
    let longName: string | undefined;
    let longLink: string | undefined;
    const record = (key: string) => pax?.get(key) ?? this.globalPax.get(key);
    for (;;) {
      if (!this.pull(BLOCK_SIZE)) {
        if (await this.atEnd()) return undefined;
        await this.fill(BLOCK_SIZE);
      }
      const at = this.consumed;
      const block = this.take(BLOCK_SIZE, true);
      if (isZeroBlock(block)) return undefined; // the end-of-archive marker
      if (!headerChecksumMatches(block)) throw new TarFormatError('the checksum does not match (not a tar, or a damaged one)', at);
      const typeflag = String.fromCharCode(block[156] ?? 0);
      const size = tarNumberAt(block, 124, 12);
      if (size === undefined || size < 0) {
        throw new TarFormatError(`the size field (${block.toString('hex', 124, 136)}) is not a size below 2^53`, at);
      }
      if (typeflag === 'x' || typeflag === 'g') {
        const records = parsePaxRecords(await this.readExtended(size, at), at);
        if (typeflag === 'g') for (const [key, value] of records) this.globalPax.set(key, value);
        else pax = records;
        continue;
      }
      if (typeflag === 'L' || typeflag === 'K') {
        const text = latin1Field(await this.readExtended(size, at), 0, size);
        if (typeflag === 'L') longName = text;
        else longLink = text;
        continue;
      }
      const prefix = isPosixUstar(block) ? latin1Field(block, 345, 155) : '';
      let name = record('path') ?? longName ?? (prefix ? `${prefix}/${latin1Field(block, 0, 100)}` : latin1Field(block, 0, 100));
      const linkname = record('linkpath') ?? longLink ?? latin1Field(block, 157, 100);
      const paxSizeText = record('size');
      const dataSize = paxSizeText === undefined ? size : paxSize(paxSizeText, at);
      let type: TarEntryKind = TYPES[typeflag] ?? 'unknown';
      // Old tars mark a directory by its trailing slash only.
      if (type === 'file' && name.endsWith('/')) type = 'directory';
      if (type === 'directory') name = name.replace(/\/+$/, '');
      // A directory's size field is not data (GNU's dumpdir `D` is the exception: its data is a listing).
      const carriesData = type !== 'directory' || typeflag === 'D';
      this.remaining = carriesData ? dataSize : 0;
      this.padding = carriesData ? (BLOCK_SIZE - (dataSize % BLOCK_SIZE)) % BLOCK_SIZE : 0;
      return { name, size: this.remaining, type, typeflag, linkname: linkname || undefined, generation };
    }
  }
}

/** The archive decompresses to more than the reader takes from one archive. */
export class TarSizeLimitError extends Error {
  constructor(readonly limit: number) {
    super(`the archive decompresses to more than ${formatBytes(limit)}, the most podmortem reads from one archive`);
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(bytes % 1024 ** 3 === 0 ? 0 : 1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;
}
