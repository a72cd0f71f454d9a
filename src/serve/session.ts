/**
 * A `podmortem serve` session from start to stop: load the bundles, serve them, tell the user how to point
 * kubectl at them, then wait for Ctrl-C (or for the `--shell` subshell to exit) and remove what was written.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { neutralizeOneLine } from '../render/sanitize.js';
import { shellQuote } from '../util/shell.js';
import { isLoopback, startServe, type AgeReference, type ServedBundle } from './index.js';
import type { ReadOptions } from '../reader/index.js';
import { loadBundle, SERVE_READ_OPTIONS } from './load.js';
import { describeMask } from './mask.js';

export interface SessionOptions {
  address: string;
  port: number;
  ageReference: AgeReference;
  shell: boolean;
  /** Progress while a bundle is read (the CLI shows it on a terminal). */
  onProgress?: ReadOptions['onProgress'];
  /** Serve Secret values and credentials unmasked. */
  showSecrets?: boolean;
}

export interface SessionIO {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

export class SessionError extends Error {}

/**
 * Closing the terminal (SIGHUP) or Ctrl-\ (SIGQUIT) would end Node without cleanup; while a session runs, they stop it
 * like Ctrl-C does, so the kubeconfig folder is removed either way.
 */
const STOP_SIGNALS = ['SIGHUP', 'SIGQUIT'] as const;

export async function runServeSession(paths: string[], options: SessionOptions, callerIO: SessionIO): Promise<number> {
  const hangup = new AbortController();
  const onStopSignal = () => hangup.abort();
  for (const name of STOP_SIGNALS) process.on(name, onStopSignal);
  try {
    return await serveSession(paths, options, { ...callerIO, signal: AbortSignal.any([callerIO.signal, hangup.signal]) });
  } finally {
    for (const name of STOP_SIGNALS) process.off(name, onStopSignal);
  }
}

async function serveSession(paths: string[], options: SessionOptions, io: SessionIO): Promise<number> {
  const say = (line: string) => io.stderr.write(`podmortem: ${line}\n`);
  const bundles: ServedBundle[] = [];
  let failures = 0;
  for (const path of paths) {
    try {
      const bundle = await loadBundle(path, { ...SERVE_READ_OPTIONS, onProgress: options.onProgress });
      bundles.push(bundle);
      const problems = bundle.snapshot.diagnostics.filter((d) => d.severity !== 'info').length;
      if (problems > 0) say(`${neutralizeOneLine(path)}: ${problems} problem(s) reading the bundle; \`podmortem analyze\` lists them`);
    } catch (error) {
      failures++;
      say(neutralizeOneLine((error as Error).message));
    }
    if (io.signal.aborted) break;
  }
  if (bundles.length === 0) {
    throw new SessionError(io.signal.aborted ? 'stopped before any bundle was read' : 'no bundle could be read');
  }
  if (!isLoopback(options.address)) {
    say(`WARNING: listening on ${options.address}, not loopback: anyone who can reach this address can read the bundles (no TLS, no authentication)`);
  }

  const handle = await startServe(bundles, {
    address: options.address,
    port: options.port,
    ageReference: options.ageReference,
    showSecrets: options.showSecrets === true,
    log: (message) => io.stderr.write(`${neutralizeOneLine(message)}\n`),
  });
  try {
    for (const context of handle.contexts) {
      const snapshot = context.cluster.snapshot;
      const inferred = context.versionInferredFrom ? `, inferred from ${context.versionInferredFrom}` : '';
      say(
        `serving ${neutralizeOneLine(snapshot.bundle.name)} (Kubernetes ${neutralizeOneLine(context.version)}${inferred}, captured ${snapshot.capturedAt ?? 'at an unknown time'}) as context "${context.name}" on ${context.url}`,
      );
      say(`  ${context.masked ? describeMask(context.masked) : 'Secret values and credentials are served as collected (--show-secrets)'}`);
    }
    if (options.ageReference === 'capture') say('AGE columns count back from each snapshot\'s capture time (--age-from now for the wall clock)');
    say('read-only: writes, exec and port-forward are refused, and a watch lists and then waits (nothing changes); Ctrl-C stops and removes the kubeconfig');
    // The context ↔ bundle mapping goes with the KUBECONFIG line: `eval "$(podmortem serve …)"` skips the comments.
    for (const context of handle.contexts) io.stdout.write(`# context ${context.name}: ${neutralizeOneLine(context.bundle)}\n`);
    io.stdout.write(`export KUBECONFIG=${shellQuote(handle.kubeconfigPath)}\n`);

    if (options.shell) return failures > 0 ? 2 : await runShell(handle.kubeconfigPath, io);
    if (!io.signal.aborted) await once(io.signal, 'abort');
    return failures > 0 ? 2 : 0;
  } finally {
    await handle.close();
    say(`stopped; removed ${handle.kubeconfigPath}`);
  }
}

/** A subshell with KUBECONFIG set; serving lasts as long as it does. Ctrl-C belongs to the shell meanwhile. */
async function runShell(kubeconfig: string, io: SessionIO): Promise<number> {
  const shell = io.env['SHELL'] || '/bin/sh';
  const ignore = () => {};
  process.on('SIGINT', ignore);
  try {
    const child = spawn(shell, [], { stdio: 'inherit', env: { ...io.env, KUBECONFIG: kubeconfig, PODMORTEM_SERVE: '1' } });
    const onAbort = () => child.kill('SIGHUP');
    io.signal.addEventListener('abort', onAbort, { once: true });
    const [code] = (await once(child, 'exit')) as [number | null];
    io.signal.removeEventListener('abort', onAbort);
    return code ?? 0;
  } finally {
    process.off('SIGINT', ignore);
  }
}
