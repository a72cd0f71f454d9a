/**
 * The seekable index of a podmortem archive (docs/bundle-format.md, "Seekable index"), named in one place for the
 * writer and the reader.
 *
 * Archive = gzip member per tar entry … the index entry (`<root>/.podmortem-index.json`) in its own member … then a
 * fixed-size footer member that holds the tar end-of-archive blocks and, in its gzip header's FEXTRA field (subfield
 * `PM`), where the index member starts and how long it is. A reader reads the last FOOTER_SIZE bytes, then the index
 * member, then any entry's member: three reads, whatever the archive's size.
 */
import { END_OF_ARCHIVE } from './tar.js';

export const INDEX_FILE = '.podmortem-index.json';
export const INDEX_KIND = 'PodmortemSeekableIndex';
export const INDEX_VERSION = 1;

/** FEXTRA subfield id of the footer: 'P' 'M'. */
export const FOOTER_SI1 = 0x50;
export const FOOTER_SI2 = 0x4d;
/** Footer payload: magic, then the index member's offset and length as 16 lower-case hex digits each. */
const FOOTER_MAGIC = 'PMIDX1';
const FOOTER_PAYLOAD_SIZE = FOOTER_MAGIC.length + 32;
/** Gzip header 10 + XLEN 2 + subfield header 4 + payload + stored-block header 5 + end-of-archive + trailer 8. */
export const FOOTER_SIZE = 10 + 2 + 4 + FOOTER_PAYLOAD_SIZE + 5 + END_OF_ARCHIVE.length + 8;

export interface SeekableIndexEntry {
  /** Path relative to the bundle root, e.g. `cluster-resources/pods/shop.json`. */
  path: string;
  /** Byte offset of the entry's gzip member in the archive. */
  offset: number;
  /** Byte length of that gzip member. */
  length: number;
  /** Offset of the file data inside the member once inflated (the tar header blocks come first). */
  dataOffset: number;
  /** Uncompressed size of the file. */
  size: number;
}

export interface SeekableIndex {
  kind: typeof INDEX_KIND;
  version: number;
  /** The archive's top-level folder. */
  root: string;
  entries: SeekableIndexEntry[];
}

export function encodeFooterPayload(indexOffset: number, indexLength: number): Uint8Array {
  const hex = (value: number) => value.toString(16).padStart(16, '0');
  return new TextEncoder().encode(`${FOOTER_MAGIC}${hex(indexOffset)}${hex(indexLength)}`);
}

export function decodeFooterPayload(payload: Uint8Array): { offset: number; length: number } | undefined {
  if (payload.length !== FOOTER_PAYLOAD_SIZE) return undefined;
  const text = new TextDecoder().decode(payload);
  if (!text.startsWith(FOOTER_MAGIC)) return undefined;
  const digits = text.slice(FOOTER_MAGIC.length);
  if (!/^[0-9a-f]{32}$/.test(digits)) return undefined;
  const offset = Number.parseInt(digits.slice(0, 16), 16);
  const length = Number.parseInt(digits.slice(16), 16);
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length)) return undefined;
  return { offset, length };
}

/** One entry per line: the index stays readable with `tar xzf` and `less`, and diffs of it stay small. */
export function serializeIndex(index: SeekableIndex): string {
  const entries = index.entries.map((entry) => JSON.stringify(entry)).join(',\n');
  return `{"kind":${JSON.stringify(index.kind)},"version":${index.version},"root":${JSON.stringify(index.root)},"entries":[\n${entries}\n]}\n`;
}

function isEntry(value: unknown): value is SeekableIndexEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.path === 'string' &&
    ['offset', 'length', 'dataOffset', 'size'].every(
      (key) => {
        const field = entry[key];
        return typeof field === 'number' && Number.isSafeInteger(field) && field >= 0;
      },
    )
  );
}

/** Parses and checks an index; undefined for anything that is not a well-formed index of a version we know. */
export function parseIndex(text: string): SeekableIndex | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const index = value as Record<string, unknown>;
  if (index.kind !== INDEX_KIND || index.version !== INDEX_VERSION || typeof index.root !== 'string') return undefined;
  if (!Array.isArray(index.entries) || !index.entries.every(isEntry)) return undefined;
  return value as SeekableIndex;
}
