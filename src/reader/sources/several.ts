/**
 * A folder the user gave may be one bundle (extracted) or a folder of bundles (a ticket's attachments: two archives,
 * or two extracted support bundles). Each bundle must be analyzed on its own: read as one, two clusters would be
 * mixed, or one silently dropped. Decided by what the folder holds, two levels deep at most, never by names alone.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { LAYOUTS } from '../layouts/index.js';

/** Archives by their usual names; content decides later (detect.ts), this only says "a candidate bundle". */
const ARCHIVE = /\.(?:tar\.gz|tgz|tar\.xz|txz|tar)$/i;
/** Names that mark a bundle's own root, from every layout (troubleshoot/podmortem, must-gather). */
const ROOT_MARKERS = new Set(LAYOUTS.flatMap((layout) => layout.rootNames));

/**
 * The bundles inside `folder` when it holds two or more of them (archives, or sub-folders that are bundles), or a
 * single archive (a folder is not read through the archives it holds); undefined when `folder` is itself one bundle.
 */
export async function bundlesInFolder(folder: string): Promise<string[] | undefined> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => undefined);
  if (!entries || (await looksLikeBundleRoot(folder, entries))) return undefined;
  const found: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isFile() && ARCHIVE.test(entry.name)) found.push(path);
    else if (entry.isDirectory() && (await isBundleFolder(path))) found.push(path);
  }
  const [first] = found;
  const onlyArchive = found.length === 1 && first !== undefined && ARCHIVE.test(first);
  return found.length >= 2 || onlyArchive ? found.sort() : undefined;
}

/** A bundle folder: its root, or its only top-level folder (`support-bundle-<ts>/`, a must-gather image folder), is a root. */
async function isBundleFolder(path: string): Promise<boolean> {
  const entries = await readdir(path, { withFileTypes: true }).catch(() => undefined);
  if (!entries) return false;
  if (await looksLikeBundleRoot(path, entries)) return true;
  for (const entry of entries.filter((e) => e.isDirectory())) {
    const inner = await readdir(join(path, entry.name), { withFileTypes: true }).catch(() => undefined);
    if (inner && (await looksLikeBundleRoot(join(path, entry.name), inner))) return true;
  }
  return false;
}

/** A cluster-info dump root has `<namespace>/pods.json`; the other layouts have a marker name. */
async function looksLikeBundleRoot(path: string, entries: Array<{ name: string; isDirectory(): boolean }>): Promise<boolean> {
  if (entries.some((entry) => ROOT_MARKERS.has(entry.name))) return true;
  for (const entry of entries.filter((e) => e.isDirectory())) {
    const inner = await readdir(join(path, entry.name)).catch(() => [] as string[]);
    if (inner.includes('pods.json')) return true;
  }
  return false;
}
