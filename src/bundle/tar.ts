/**
 * Encodes single tar entries (POSIX ustar, with a pax `path` record for names that do not fit ustar's fields).
 *
 * We encode tar ourselves rather than through tar-stream's packer because the seekable writer needs each entry's
 * bytes on their own (header + data + padding) to wrap them in a gzip member of their own, and because every
 * header byte must be reproducible: fixed mode, owner 0:0, empty user/group names, the caller's mtime.
 */

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
  const lead = field[0] ?? 0;
  if (lead & 0x80) {
    if (lead !== 0x80 && lead !== 0xff) return undefined;
    const negative = lead === 0xff;
    let value = 0;
    for (const raw of field.subarray(1)) {
      const byte = negative ? 0xff - raw : raw;
      value = value * 256 + byte;
      if (value > Number.MAX_SAFE_INTEGER) return undefined;
    }
    return negative ? -(value + 1) : value;
  }
  let text = '';
  for (const byte of field) {
    if (byte === 0) break;
    text += String.fromCharCode(byte);
  }
  text = text.trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) return undefined;
  const value = Number.parseInt(text, 8);
  return Number.isSafeInteger(value) ? value : undefined;
}

function latin1Field(block: Uint8Array, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return Buffer.from(end === -1 ? field : field.subarray(0, end)).toString('utf8');
}

function headerChecksumMatches(block: Uint8Array): boolean {
  const recorded = parseTarNumber(block.subarray(148, 156));
  if (recorded === undefined) return false;
  // The checksum field itself counts as eight spaces. Plain value loops: an entries() iterator would allocate a pair
  // per byte, which made this the reader's hottest function on a must-gather's 6,000 entries.
  let unsigned = 8 * 0x20;
  let signed = 8 * 0x20;
  for (const range of [block.subarray(0, 148), block.subarray(156, BLOCK_SIZE)]) {
    for (const byte of range) {
      unsigned += byte;
      signed += byte > 127 ? byte - 256 : byte;
    }
  }
  // Old tars summed signed bytes; GNU tar accepts either.
  return recorded === unsigned || recorded === signed;
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

/**
 * Pulls a tar's entries from its (decompressed) bytes. `next()` moves to the next entry, skipping whatever of the
 * current one was not read; `read()` returns the current entry's data chunk by chunk. Calls are serialised, so an
 * entry stream still pulling when the caller moves on can never take the next entry's bytes.
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
  private lock: Promise<unknown> = Promise.resolve();
  private globalPax = new Map<string, string>();
  private failure: Error | undefined;

  constructor(
    private readonly source: AsyncIterator<Buffer | Uint8Array | string>,
    private readonly limits: { maxBytes?: number; onData?: (chunk: Buffer) => void } = {},
  ) {}

  /** Bytes of the tar stream taken so far (decompressed). */
  get offset(): number {
    return this.consumed;
  }

  next(): Promise<(TarReadHeader & { generation: number }) | undefined> {
    return this.serialised(() => this.nextHeader());
  }

  /** The current entry's next chunk, or undefined at its end (or once the reader has moved past `generation`). */
  read(generation: number): Promise<Buffer | undefined> {
    return this.serialised(async () => {
      if (generation !== this.generation || this.remaining === 0) return undefined;
      const chunk = await this.take(Math.min(this.remaining, 256 * 1024), false);
      this.remaining -= chunk.length;
      this.limits.onData?.(chunk);
      return chunk;
    });
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    // The first failure is the archive's: every later call gives it again, so no caller reads past the damage.
    const run = this.lock.then(async () => {
      if (this.failure) throw this.failure;
      try {
        return await work();
      } catch (error) {
        this.failure = error as Error;
        throw error;
      }
    });
    this.lock = run.catch(() => undefined);
    return run;
  }

  /** Makes at least one byte (or `exactly` bytes) available; throws TarTruncatedError at the end of the source. */
  private async fill(bytes: number): Promise<void> {
    while (this.buffered < bytes) {
      if (this.sourceDone) throw new TarTruncatedError(this.consumed + this.buffered);
      const next = await this.source.next();
      if (next.done) {
        this.sourceDone = true;
        continue;
      }
      const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value as Uint8Array);
      if (chunk.length === 0) continue;
      const limit = this.limits.maxBytes;
      if (limit !== undefined && this.consumed + this.buffered + chunk.length > limit) throw new TarSizeLimitError(limit);
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
  }

  /** Up to `max` bytes (exactly `max` when `exact`), from the buffered chunks. */
  private async take(max: number, exact: boolean): Promise<Buffer> {
    await this.fill(exact ? max : 1);
    const first = this.chunks[0];
    // Only a zero-byte take finds nothing buffered: `fill` made the bytes asked for available.
    if (first === undefined) return Buffer.alloc(0);
    let out: Buffer;
    if (first.length > max) {
      out = first.subarray(0, max);
      this.chunks[0] = first.subarray(max);
    } else if (!exact || first.length === max) {
      out = first;
      this.chunks.shift();
    } else {
      const parts: Buffer[] = [];
      let need = max;
      while (need > 0) {
        const head = this.chunks[0];
        if (head === undefined) throw new TarTruncatedError(this.consumed + max - need);
        if (head.length <= need) {
          parts.push(head);
          this.chunks.shift();
          need -= head.length;
        } else {
          parts.push(head.subarray(0, need));
          this.chunks[0] = head.subarray(need);
          need = 0;
        }
      }
      out = Buffer.concat(parts);
    }
    this.buffered -= out.length;
    this.consumed += out.length;
    return out;
  }

  private async skip(bytes: number): Promise<void> {
    let left = bytes;
    while (left > 0) left -= (await this.take(Math.min(left, 1024 * 1024), false)).length;
  }

  /** True at the end of the source (a tar without its two zero blocks still ends cleanly, as GNU tar reads it). */
  private async atEnd(): Promise<boolean> {
    if (this.buffered > 0) return false;
    try {
      await this.fill(1);
      return false;
    } catch (error) {
      if (error instanceof TarTruncatedError) return true;
      throw error;
    }
  }

  private async readExtended(size: number, at: number): Promise<Buffer> {
    if (size > MAX_EXTENDED_HEADER) throw new TarFormatError(`an extended header of ${size} bytes is larger than any name`, at);
    const data = await this.take(size, true);
    await this.skip((BLOCK_SIZE - (size % BLOCK_SIZE)) % BLOCK_SIZE);
    return Buffer.from(data);
  }

  private async nextHeader(): Promise<(TarReadHeader & { generation: number }) | undefined> {
    this.generation += 1;
    await this.skip(this.remaining + this.padding);
    this.remaining = 0;
    this.padding = 0;
    let pax = new Map<string, string>();
    let longName: string | undefined;
    let longLink: string | undefined;
    for (;;) {
      if (await this.atEnd()) return undefined;
      const at = this.consumed;
      const block = await this.take(BLOCK_SIZE, true);
      if (block.every((byte) => byte === 0)) return undefined; // the end-of-archive marker
      if (!headerChecksumMatches(block)) throw new TarFormatError('the checksum does not match (not a tar, or a damaged one)', at);
      const typeflag = String.fromCharCode(block[156] ?? 0);
      const size = parseTarNumber(block.subarray(124, 136));
      if (size === undefined || size < 0) {
        throw new TarFormatError(`the size field (${Buffer.from(block.subarray(124, 136)).toString('hex')}) is not a size below 2^53`, at);
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
      const magic = Buffer.from(block.subarray(257, 263)).toString('latin1');
      const prefix = magic === 'ustar\0' ? latin1Field(block, 345, 155) : '';
      const shortName = latin1Field(block, 0, 100);
      const merged = new Map([...this.globalPax, ...pax]);
      let name = merged.get('path') ?? longName ?? (prefix ? `${prefix}/${shortName}` : shortName);
      const linkname = merged.get('linkpath') ?? longLink ?? latin1Field(block, 157, 100);
      const paxSizeText = merged.get('size');
      const dataSize = paxSizeText === undefined ? size : paxSize(paxSizeText, at);
      let type: TarEntryKind = TYPES[typeflag] ?? 'unknown';
      // Old tars mark a directory by its trailing slash only.
      if (type === 'file' && name.endsWith('/')) type = 'directory';
      if (type === 'directory') name = name.replace(/\/+$/, '');
      // A directory's size field is not data (GNU's dumpdir `D` is the exception: its data is a listing).
      const carriesData = type !== 'directory' || typeflag === 'D';
      this.remaining = carriesData ? dataSize : 0;
      this.padding = carriesData ? (BLOCK_SIZE - (dataSize % BLOCK_SIZE)) % BLOCK_SIZE : 0;
      return { name, size: this.remaining, type, typeflag, linkname: linkname || undefined, generation: this.generation };
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
