/** Which inputs the text reader takes: a regular file whose first bytes are text and no archive's magic. */
import { stat } from 'node:fs/promises';
import { readFileHead } from '../sources/detect.js';
import { looksLikeText } from './index.js';

/** gzip and xz, and the archives the bundle reader names with a hint (zip, bzip2, zstd, 7-zip): none is a paste. */
const ARCHIVE_MAGIC = [
  Buffer.from([0x1f, 0x8b]),
  Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]),
  Buffer.from('PK\x03\x04', 'latin1'),
  Buffer.from('BZh', 'latin1'),
  Buffer.from([0x28, 0xb5, 0x2f, 0xfd]),
  Buffer.from('7z\xbc\xaf', 'latin1'),
];

export async function isPastedText(path: string): Promise<boolean> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return false;
  }
  if (!info.isFile() || info.size === 0) return false;
  const head = await readFileHead(path, Math.min(4096, info.size));
  if (ARCHIVE_MAGIC.some((magic) => head.subarray(0, magic.length).equals(magic))) return false;
  if (head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return false;
  return looksLikeText(head);
}
