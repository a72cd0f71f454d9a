import { constants, createWriteStream } from 'node:fs';
import { access, link, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { UserError } from './errors.js';
import { requireLazily } from './require-lazily.js';

export interface AtomicWriteOptions {
  /** Replace an existing file. Off by default: nothing the user has is overwritten unless they ask. */
  overwrite?: boolean;
  /** Paths that must never be written (the inputs): refusing protects a bundle from `-o` pointing at itself. */
  protect?: readonly string[];
}

/**
 * Checks that `target` may be written: its folder exists and is writable, it is not an input, and it does not
 * exist unless overwriting was asked for. Throws a UserError that names the path otherwise.
 */
export async function checkWritable(target: string, options: AtomicWriteOptions = {}): Promise<string> {
  const absolute = resolve(target);
  for (const input of options.protect ?? []) {
    if (resolve(input) === absolute) throw new UserError(`refusing to write ${target}: it is one of the inputs`);
  }
  const folder = dirname(absolute);
  const folderStat = await stat(folder).catch(() => undefined);
  if (!folderStat?.isDirectory()) throw new UserError(`cannot write ${target}: folder ${folder} does not exist`);
  try {
    await access(folder, constants.W_OK);
  } catch {
    throw new UserError(`cannot write ${target}: folder ${folder} is not writable`);
  }
  if (!options.overwrite) {
    const existing = await stat(absolute).catch(() => undefined);
    if (existing) throw new UserError(`${target} already exists (pass --force to replace it)`);
  }
  return absolute;
}

function temporaryPath(absolute: string): string {
  // Printing a report to the terminal never needs node:crypto.
  const { randomBytes } = requireLazily('node:crypto') as typeof import('node:crypto');
  return join(dirname(absolute), `.${basename(absolute)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Writes a file atomically: a temporary file in the same folder, fsync, then rename (or link, when not
 * overwriting, so a file that appeared meanwhile is never clobbered). On any failure, or if `signal` aborts,
 * the temporary file is removed and the target is untouched.
 */
export async function writeFileAtomic(
  target: string,
  content: string | Uint8Array | Readable,
  options: AtomicWriteOptions & { signal?: AbortSignal } = {},
): Promise<void> {
  const absolute = await checkWritable(target, options);
  const temporary = temporaryPath(absolute);
  try {
    if (typeof content === 'string' || content instanceof Uint8Array) {
      const handle = await open(temporary, 'wx', 0o644);
      try {
        await handle.writeFile(content);
        await handle.sync();
      } finally {
        await handle.close();
      }
    } else {
      await pipeline(content, createWriteStream(temporary, { flags: 'wx', mode: 0o644 }), { signal: options.signal });
      const handle = await open(temporary, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    if (options.overwrite) {
      await rename(temporary, absolute);
    } else {
      try {
        await link(temporary, absolute);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          throw new UserError(`${target} already exists (pass --force to replace it)`);
        }
        throw error;
      }
      await rm(temporary, { force: true });
    }
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
