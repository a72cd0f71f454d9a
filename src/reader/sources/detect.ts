/**
 * What the user gave, decided by content rather than by name: a .tgz renamed to .zip is still read, and a file that
 * is no archive at all gets an error that says what it does look like.
 */
import { open, stat } from 'node:fs/promises';
import { BundleReadError } from '../errors.js';
import type { ArchiveKind } from './decompress.js';

export type BundleKind = { kind: 'folder' } | { kind: 'archive'; archive: ArchiveKind; size: number };

const GZIP = [0x1f, 0x8b];
const XZ = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];

export async function detectBundleKind(path: string): Promise<BundleKind> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new BundleReadError(`cannot read bundle ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (error as Error).message}`);
  }
  if (info.isDirectory()) return { kind: 'folder' };
  if (!info.isFile()) throw new BundleReadError(`cannot read bundle ${path}: it is neither a file nor a folder`);
  if (info.size === 0) throw new BundleReadError(`cannot read bundle ${path}: the file is empty (0 bytes)`);

  const head = await readFileHead(path, Math.min(512, info.size));
  const startsWith = (magic: number[]) => magic.every((byte, i) => head[i] === byte);
  if (startsWith(GZIP)) return { kind: 'archive', archive: 'gzip', size: info.size };
  if (startsWith(XZ)) return { kind: 'archive', archive: 'xz', size: info.size };
  if (head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') {
    return { kind: 'archive', archive: 'tar', size: info.size };
  }
  throw new BundleReadError(
    `cannot read bundle ${path}: it is not a gzip, xz or tar archive nor a folder (${describeBytes(head)}). ` +
      'podmortem reads .tar.gz, .tar.xz, .tar files and extracted folders.',
  );
}

/** The first `length` bytes of a file (at most its size). */
export async function readFileHead(path: string, length: number): Promise<Buffer> {
  const head = Buffer.alloc(length);
  const handle = await open(path, 'r');
  try {
    const { bytesRead } = await handle.read(head, 0, length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** A human hint for the commonest look-alikes, then the first bytes in hex. */
function describeBytes(head: Buffer): string {
  const hex = [...head.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  const text = head.subarray(0, 8).toString('latin1');
  let hint = '';
  if (text.startsWith('PK\x03\x04')) hint = 'it looks like a zip archive; unzip it and give podmortem the folder';
  else if (text.startsWith('BZh')) hint = 'it looks like bzip2; decompress it with `bunzip2` first';
  else if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) hint = 'it looks like zstd; decompress it with `zstd -d` first';
  else if (text.startsWith('7z')) hint = 'it looks like a 7-zip archive';
  else if (/^\s*[[{]/.test(text)) hint = 'it looks like a JSON file, not a bundle';
  else if (/^(---|apiVersion|kind:)/.test(text)) hint = 'it looks like a YAML file, not a bundle';
  return `${hint ? `${hint}; ` : ''}first bytes: ${hex}`;
}
