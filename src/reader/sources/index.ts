import type { BundleSource } from '../source.js';
import { ArchiveSource, DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from './archive.js';
import { detectBundleKind } from './detect.js';
import { FolderSource } from './folder.js';

/** Opens a bundle by what it is (folder, gzip, xz, tar), never by its name. Throws BundleReadError otherwise. */
export async function openBundleSource(path: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<BundleSource> {
  const detected = await detectBundleKind(path);
  return detected.kind === 'folder' ? new FolderSource(path) : new ArchiveSource(path, detected.archive, detected.size, limits);
}
