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

function readString(block: Uint8Array, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return new TextDecoder().decode(end === -1 ? field : field.subarray(0, end));
}

/** Parses one ustar header block (enough to read back entries this module wrote); undefined if it is not one. */
export function parseTarHeader(block: Uint8Array): ParsedTarHeader | undefined {
  if (block.length < BLOCK_SIZE) return undefined;
  if (readString(block, 257, 6) !== 'ustar') return undefined;
  let sum = 0;
  for (let i = 0; i < BLOCK_SIZE; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
  const recorded = Number.parseInt(readString(block, 148, 8).trim(), 8);
  if (recorded !== sum) return undefined;
  const size = Number.parseInt(readString(block, 124, 12).trim() || '0', 8);
  if (!Number.isSafeInteger(size)) return undefined;
  const prefix = readString(block, 345, 155);
  const name = readString(block, 0, 100);
  return { name: prefix ? `${prefix}/${name}` : name, size, typeflag: readString(block, 156, 1) || '0' };
}
