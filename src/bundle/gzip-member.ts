/**
 * Builds gzip members byte by byte (RFC 1952) around raw deflate output, so that the header bytes are the same on
 * every OS and every run: MTIME 0 (no timestamp), XFL 0, OS 255 (unknown). zlib's own gzip wrapper writes the
 * build's OS code, which would make the same bundle differ between Linux and macOS.
 *
 * Concatenated members are one valid gzip stream (RFC 1952 §2.2): gunzip, `tar xzf`, Go's gzip.Reader and Node's
 * createGunzip all read through them, which is what makes a seekable archive still a plain .tar.gz.
 */
import { promisify } from 'node:util';
import { crc32, deflateRaw, deflateRawSync, constants } from 'node:zlib';

const deflateRawAsync = promisify(deflateRaw);

const ID1 = 0x1f;
const ID2 = 0x8b;
const CM_DEFLATE = 8;
const FLAG_FEXTRA = 0x04;
const OS_UNKNOWN = 0xff;

/** zlib's default level: a fixed level keeps output reproducible for a given zlib build. */
const COMPRESSION_LEVEL = 6;

function header(flags: number): Uint8Array {
  return Uint8Array.of(ID1, ID2, CM_DEFLATE, flags, 0, 0, 0, 0, 0, OS_UNKNOWN);
}

function trailer(data: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, crc32(data) >>> 0, true);
  view.setUint32(4, data.length >>> 0, true); // ISIZE is the size modulo 2^32
  return bytes;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** One gzip member holding `data`, compressed off the main thread. */
export async function gzipMember(data: Uint8Array): Promise<Uint8Array> {
  const deflated = await deflateRawAsync(data, { level: COMPRESSION_LEVEL, strategy: constants.Z_DEFAULT_STRATEGY });
  return concat([header(0), deflated, trailer(data)]);
}

/** Synchronous twin of {@link gzipMember}, for small in-memory archives (sample bundles). */
export function gzipMemberSync(data: Uint8Array): Uint8Array {
  return concat([header(0), deflateRawSync(data, { level: COMPRESSION_LEVEL }), trailer(data)]);
}

/**
 * A gzip member that carries `extra` in its header's FEXTRA field (subfield id `si1 si2`) and `data` in a stored
 * (uncompressed) deflate block, so the member's length depends only on the sizes given, never on the zlib build.
 */
export function storedMemberWithExtra(si1: number, si2: number, extra: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length > 0xffff) throw new Error('stored member data must fit one stored block');
  const xlen = 4 + extra.length;
  const extraField = new Uint8Array(2 + xlen);
  const view = new DataView(extraField.buffer);
  view.setUint16(0, xlen, true);
  extraField[2] = si1;
  extraField[3] = si2;
  view.setUint16(4, extra.length, true);
  extraField.set(extra, 6);
  // Stored block: BFINAL=1, BTYPE=00, then LEN and its one's complement NLEN, little-endian.
  const block = new Uint8Array(5);
  const blockView = new DataView(block.buffer);
  block[0] = 0x01;
  blockView.setUint16(1, data.length, true);
  blockView.setUint16(3, ~data.length & 0xffff, true);
  return concat([header(FLAG_FEXTRA), extraField, block, data, trailer(data)]);
}

/**
 * Reads the FEXTRA subfield `si1 si2` of the gzip member starting at `bytes[0]`; undefined when the bytes are not a
 * gzip member header with that subfield.
 */
export function readExtraSubfield(bytes: Uint8Array, si1: number, si2: number): Uint8Array | undefined {
  if (bytes.length < 12 || bytes[0] !== ID1 || bytes[1] !== ID2 || bytes[2] !== CM_DEFLATE) return undefined;
  if (((bytes[3] ?? 0) & FLAG_FEXTRA) === 0) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const xlen = view.getUint16(10, true);
  const end = 12 + xlen;
  if (end > bytes.length) return undefined;
  for (let at = 12; at + 4 <= end; ) {
    const length = view.getUint16(at + 2, true);
    if (at + 4 + length > end) return undefined;
    if (bytes[at] === si1 && bytes[at + 1] === si2) return bytes.subarray(at + 4, at + 4 + length);
    at += 4 + length;
  }
  return undefined;
}
