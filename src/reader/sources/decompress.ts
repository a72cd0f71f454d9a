/**
 * Decompressors for the archive kinds podmortem reads, each a plain Node duplex stream. xz uses the system's `xz -dc`
 * when there is one: a pipe to a child process holds back when the reader does, so a 10 GiB log costs a pipe's worth
 * of memory. lzma-native (an optional native dependency) decodes as fast as it is fed, whatever is read, so it is
 * the fallback for machines without `xz`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { Duplex, PassThrough } from 'node:stream';
import { createGunzip } from 'node:zlib';

export type ArchiveKind = 'gzip' | 'xz' | 'tar';

interface LzmaNative {
  createDecompressor(options?: { flags?: number; synchronous?: boolean }): Duplex;
  LZMA_CONCATENATED?: number;
}

let lzmaNative: LzmaNative | null | undefined;

function loadLzmaNative(): LzmaNative | null {
  if (lzmaNative === undefined) {
    try {
      lzmaNative = createRequire(import.meta.url)('lzma-native') as LzmaNative;
    } catch {
      lzmaNative = null;
    }
  }
  return lzmaNative;
}

let xzBinary: boolean | undefined;

function hasXzBinary(): boolean {
  xzBinary ??= spawnSync('xz', ['--version'], { stdio: 'ignore' }).status === 0;
  return xzBinary;
}

/** Which xz decoder will be used, for diagnostics and the benchmark. */
function xzDecoderName(): 'lzma-native' | 'xz -dc' {
  return hasXzBinary() || !loadLzmaNative() ? 'xz -dc' : 'lzma-native';
}

/** `xzDecoder` forces a decoder (tests use it to exercise the `xz -dc` fallback on machines that have lzma-native). */
export function createDecompressor(kind: ArchiveKind, xzDecoder?: 'lzma-native' | 'xz -dc'): Duplex {
  switch (kind) {
    case 'gzip':
      // Node's gunzip reads concatenated members (podmortem's seekable archives have one member per entry). Output
      // chunks of 256 KiB, not the default 16 KiB: every chunk is a thread-pool round trip and a fresh buffer whose
      // external memory makes V8 collect, so a gigabyte costs about a quarter less CPU than at 64 KiB (npm run bench,
      // issue 11). 1 MiB saves a little more but brings peak RSS near the 200 MiB target.
      return createGunzip({ chunkSize: 256 * 1024 });
    case 'xz': {
      const lzma = (xzDecoder ?? xzDecoderName()) === 'xz -dc' ? null : loadLzmaNative();
      if (lzma) return lzma.createDecompressor({ flags: lzma.LZMA_CONCATENATED ?? 0 });
      return spawnXz();
    }
    case 'tar':
      return new PassThrough();
  }
}

function spawnXz(): Duplex {
  const child = spawn('xz', ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    if (stderr.length < 4096) stderr += text;
  });
  // The output ends only once xz has exited cleanly: a cut-off input shows up as its exit code, after its last byte.
  const output = new PassThrough();
  child.stdout.pipe(output, { end: false });
  const duplex = Duplex.from({ writable: child.stdin, readable: output });
  child.stdin.on('error', () => {}); // EPIPE when xz stops early; its exit code carries the reason
  child.on('error', (error) => duplex.destroy(new Error(`cannot run xz to decompress the archive: ${error.message}`)));
  child.on('close', (code) => {
    if (code === 0) output.end();
    else duplex.destroy(new Error(stderr.trim() || `xz -dc exited with code ${code ?? 'none (killed by a signal)'}`));
  });
  duplex.on('close', () => {
    if (child.exitCode === null) child.kill();
  });
  return duplex;
}
