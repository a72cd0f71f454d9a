/**
 * Decompression of the archive kinds podmortem reads, into a chunk source the tar reader polls. xz uses the
 * system's `xz -dc` when there is one: a pipe to a child process holds back when the reader does, so a 10 GiB log
 * costs a pipe's worth of memory. lzma-native (an optional native dependency) decodes as fast as it is fed, whatever
 * is read, so it is the fallback for machines without `xz`.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, createReadStream } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pipeline, type Duplex, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ChunkQueue, type ChunkSource } from '../../bundle/chunk-queue.js';
import { takeOverStdout } from './child-output.js';
import { requireLazily } from '../../util/require-lazily.js';

export type ArchiveKind = 'gzip' | 'xz' | 'tar';

interface LzmaNative {
  createDecompressor(options?: { flags?: number; synchronous?: boolean }): Duplex;
  LZMA_CONCATENATED?: number;
}

let lzmaNative: LzmaNative | null | undefined;

function loadLzmaNative(): LzmaNative | null {
  if (lzmaNative === undefined) {
    try {
      lzmaNative = requireLazily('lzma-native') as LzmaNative;
    } catch {
      lzmaNative = null;
    }
  }
  return lzmaNative;
}

let xzBinary: boolean | undefined;

/** An executable `xz` on the PATH: looked up, not run (spawning a process only to ask costs more than a few stats). */
function hasXzBinary(): boolean {
  xzBinary ??= (process.env['PATH'] ?? '').split(delimiter).some((dir) => {
    if (dir === '') return false;
    try {
      accessSync(join(dir, 'xz'), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  return xzBinary;
}

/** Which xz decoder will be used, for diagnostics and the benchmark. */
function xzDecoderName(): 'lzma-native' | 'xz -dc' {
  return hasXzBinary() || !loadLzmaNative() ? 'xz -dc' : 'lzma-native';
}

/** An archive file being decompressed: its bytes, for the tar reader, as the decoder hands them out. */
export interface DecodedFile {
  readonly output: ChunkSource;
  /** Compressed bytes read from the file so far: where a damaged archive stopped. */
  compressedBytes(): number;
  close(): void;
}

/**
 * How xz is decoded: by default `xz -dc` with its stdout read directly, lzma-native without `xz`. Tests force each
 * way, on a machine that has them all.
 */
export type XzDecoder = 'lzma-native' | 'xz -dc' | 'xz -dc, streamed stdout';

export function decodeFile(path: string, kind: ArchiveKind, xzDecoder?: XzDecoder): DecodedFile {
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  let compressed = 0;
  file.on('data', (chunk) => {
    compressed += chunk.length;
  });
  const lzma = kind === 'xz' && (xzDecoder ?? xzDecoderName()) === 'lzma-native' ? loadLzmaNative() : null;
  if (kind === 'xz' && !lzma) return spawnXz(file, () => compressed, xzDecoder === 'xz -dc, streamed stdout' ? 'stream' : 'direct');
  const decoder = kind === 'gzip' ? gunzip() : lzma ? lzma.createDecompressor({ flags: lzma.LZMA_CONCATENATED ?? 0 }) : undefined;
  // The decoder's 'data' events go straight into the queue; a full queue pauses the decoder, which pauses the file.
  const output = decoder ?? file;
  const queue = new ChunkQueue(output);
  output.on('data', (chunk: Buffer) => queue.push(chunk));
  // lzma-native ends its output just before it reports a cut-off input: the end waits a turn, so the error wins.
  output.on('end', () => setImmediate(() => queue.end()));
  output.on('error', (error: Error) => queue.fail(error));
  if (decoder) {
    pipeline(file, decoder, (error) => {
      if (error) queue.fail(error);
    });
  }
  return {
    output: queue,
    compressedBytes: () => compressed,
    close() {
      file.destroy();
      decoder?.destroy();
    },
  };
}

function gunzip(): Duplex {
  // Node's gunzip reads concatenated members (podmortem's seekable archives have one member per entry). Output
  // chunks of 256 KiB, not the default 16 KiB: every chunk is a thread-pool round trip and a fresh buffer whose
  // external memory makes V8 collect, so a gigabyte costs about a quarter less CPU than at 64 KiB (npm run bench,
  // issue 11). 1 MiB saves a little more but brings peak RSS near the 200 MiB target.
  return createGunzip({ chunkSize: 256 * 1024 });
}

/**
 * `xz -dc` fed from the file, its stdout read on demand (src/reader/sources/child-output.ts) or, where Node's socket
 * cannot be taken over, straight from its stream into the queue. The output ends only once xz has exited cleanly: a
 * cut-off or corrupt input shows up as its exit code and message, after its last byte.
 */
function spawnXz(file: Readable, compressedBytes: () => number, readStdout: 'direct' | 'stream'): DecodedFile {
  const child = spawn('xz', ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const direct = readStdout === 'direct' ? takeOverStdout(child) : undefined;
  const output = direct ?? streamedOutput(child.stdout);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    if (stderr.length < 4096) stderr += text;
  });
  file.on('error', (error) => {
    output.fail(error);
    child.kill();
  });
  file.pipe(child.stdin);
  child.stdin.on('error', () => {}); // EPIPE when xz stops early; its exit code carries the reason
  child.on('error', (error) => output.fail(new Error(`cannot run xz to decompress the archive: ${error.message}`)));
  child.on('close', (code) => {
    if (code === 0) output.end();
    else output.fail(new Error(stderr.trim() || `xz -dc exited with code ${code ?? 'none (killed by a signal)'}`));
  });
  return {
    output,
    compressedBytes,
    close() {
      file.destroy();
      direct?.close();
      child.stdout.destroy();
      if (child.exitCode === null) child.kill();
    },
  };
}

/** xz's stdout as a stream: each 'data' event goes straight into a queue, which pauses the stream when it holds enough. */
function streamedOutput(stdout: Readable): ChunkQueue {
  const queue = new ChunkQueue(stdout);
  stdout.on('data', (chunk: Buffer) => queue.push(chunk));
  return queue;
}
