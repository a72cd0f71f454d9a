/**
 * The text reader: a ticket as pasted (kubectl outputs, logs, a few sentences) → the same snapshot model bundles make,
 * so every rule and renderer works on it unchanged. `-` reads standard input.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Snapshot } from '../../model/snapshot.js';
import { BundleReadError } from '../errors.js';
import { assemblePaste } from './assemble.js';
import { cutBlocks } from './blocks.js';
import { normalisePaste } from './text.js';

/** Pastes are tickets, not log archives: above this, the input is a log or a dump, and a bundle is the right tool. */
const MAX_PASTE_BYTES = 8 * 1024 * 1024;

export interface PasteOptions {
  /** The instant ages count back from when the paste shows no absolute time (default: the file's modification time). */
  now?: string;
}

/** True when the file's first bytes are text (no NUL, not an archive): a paste for the text reader to try. */
export function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  if (head.includes(0)) return false;
  const text = head.toString('utf8');
  const replaced = (text.match(/\uFFFD/g) ?? []).length;
  return replaced <= 2;
}

export async function readPaste(path: string, options: PasteOptions = {}): Promise<Snapshot> {
  const fromStdin = path === '-';
  const name = fromStdin ? 'stdin' : basename(path);
  const bytes = fromStdin ? await readStdin() : await readFile(path);
  if (bytes.length === 0) throw new BundleReadError(`cannot read ${fromStdin ? 'standard input' : path}: it is empty`);
  if (bytes.length > MAX_PASTE_BYTES) {
    throw new BundleReadError(
      `cannot read ${fromStdin ? 'standard input' : path} as a pasted ticket: it is ${(bytes.length / 1048576).toFixed(1)} MiB of text, over the ` +
        `${MAX_PASTE_BYTES / 1048576} MiB a paste may hold. For a whole log, paste its last few hundred lines with the ` +
        '`kubectl describe pod` output; for a cluster, use `podmortem collect` and analyze the bundle.',
    );
  }
  if (!looksLikeText(bytes.subarray(0, 4096))) {
    throw new BundleReadError(`cannot read ${fromStdin ? 'standard input' : path}: it is neither a bundle nor text (binary data)`);
  }
  const lines = normalisePaste(bytes.toString('utf8'));
  const blocks = cutBlocks(lines);
  const recognised = blocks.some((b) => b.kind !== 'log' && b.kind !== 'command') || blocks.some((b) => b.kind === 'log' && b.command);
  if (!recognised) {
    throw new BundleReadError(
      `cannot read ${fromStdin ? 'standard input' : path}: it is text, but holds no kubectl output podmortem recognises. A pasted ticket may ` +
        'hold `kubectl get pods`, `kubectl describe pod`, `kubectl get events`, a pod as YAML or JSON, and logs after their ' +
        '`kubectl logs` command line.',
    );
  }
  const now = options.now ?? (fromStdin ? new Date().toISOString() : (await stat(path)).mtime.toISOString());
  return assemblePaste({ path, name, blocks, fallbackNow: now.replace(/\.\d+Z$/, 'Z') });
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    chunks.push(buffer);
    // Keep one byte over the cap so the size check above reports it, without holding an endless stream.
    if (size > MAX_PASTE_BYTES) break;
  }
  return Buffer.concat(chunks);
}
