/**
 * Runs the user's own kubectl, so their kubeconfig, context and auth plugins just work. podmortem never reads the
 * kubeconfig itself: it passes `--context`/`--kubeconfig` through and lets kubectl do the rest.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { shellCommand } from '../util/shell.js';

export interface KubectlOptions {
  binary: string;
  context?: string;
  kubeconfig?: string;
  /** Per call: kubectl is told (`--request-timeout`) and killed if it overstays. */
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

export type KubectlResult = { ok: true; stdout: Buffer; stderr: string } | { ok: false; stdout: Buffer; message: string };

/** kubectl's stderr can be long (a stack of retries); the manifest keeps its end, which names the cause. */
const MAX_STDERR = 8 * 1024;
const KILL_GRACE_MS = 2000;

export class Kubectl {
  constructor(private readonly options: KubectlOptions) {}

  /** Pins the context found at start, so a `kubectl config use-context` elsewhere cannot switch clusters mid-run. */
  pinContext(context: string): void {
    this.options.context ??= context;
  }

  /** The arguments that select the cluster, placed before the command's own. */
  private globalArgs(timeout = true): string[] {
    const args: string[] = [];
    if (this.options.kubeconfig) args.push('--kubeconfig', this.options.kubeconfig);
    if (this.options.context) args.push('--context', this.options.context);
    if (timeout) args.push(`--request-timeout=${Math.ceil(this.options.timeoutMs / 1000)}s`);
    return args;
  }

  /** The command line as recorded in the manifest: never a credential (podmortem passes none), never the timeout noise. */
  display(args: readonly string[]): string {
    const selection: string[] = [];
    if (this.options.context) selection.push('--context', this.options.context);
    return shellCommand(['kubectl', ...selection, ...args]);
  }

  /** Runs to completion, keeping stdout whole (lists, version). */
  async run(args: readonly string[], options: { requestTimeout?: boolean } = {}): Promise<KubectlResult> {
    const chunks: Buffer[] = [];
    const result = await this.stream(args, (chunk) => chunks.push(chunk), options);
    const stdout = Buffer.concat(chunks);
    return result.ok ? { ok: true, stdout, stderr: result.stderr } : { ok: false, stdout, message: result.message };
  }

  /** Runs to completion, handing stdout to `onChunk` as it arrives (logs: never held whole). */
  stream(
    args: readonly string[],
    onChunk: (chunk: Buffer) => void,
    options: { requestTimeout?: boolean } = {},
  ): Promise<{ ok: true; stderr: string } | { ok: false; message: string }> {
    const { signal } = this.options;
    return new Promise((resolve) => {
      if (signal.aborted) {
        resolve({ ok: false, message: 'interrupted' });
        return;
      }
      let child: ChildProcessByStdio<null, Readable, Readable>;
      try {
        child = spawn(this.options.binary, [...this.globalArgs(options.requestTimeout ?? true), ...args], {
          env: this.options.env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      } catch (error) {
        // spawn throws (rather than emitting 'error') on arguments it cannot pass: a NUL byte, an oversized list.
        resolve({ ok: false, message: `cannot run ${this.options.binary}: ${(error as Error).message}` });
        return;
      }
      let stderr = '';
      let reason: string | undefined;
      let killTimer: NodeJS.Timeout | undefined;
      const stop = (why: string) => {
        reason ??= why;
        child.kill('SIGTERM');
        killTimer ??= setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
      };
      const timer = setTimeout(() => stop(`timed out after ${Math.round(this.options.timeoutMs / 1000)}s`), this.options.timeoutMs + KILL_GRACE_MS);
      const onAbort = () => stop('interrupted');
      signal.addEventListener('abort', onAbort, { once: true });
      child.stdout.on('data', (chunk: Buffer) => onChunk(chunk));
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        stderr = (stderr + chunk).slice(-MAX_STDERR);
      });
      const finish = (outcome: { ok: true; stderr: string } | { ok: false; message: string }) => {
        clearTimeout(timer);
        if (killTimer) clearTimeout(killTimer);
        signal.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      child.on('error', (error: NodeJS.ErrnoException) => {
        const message =
          error.code === 'ENOENT' ? `cannot run ${this.options.binary}: not found (install kubectl or pass --kubectl PATH)` : error.message;
        finish({ ok: false, message });
      });
      child.on('close', (code, signalName) => {
        if (reason) finish({ ok: false, message: reason });
        else if (code === 0) finish({ ok: true, stderr: stderr.trim() });
        else finish({ ok: false, message: stderr.trim() || `kubectl exited with ${code ?? signalName ?? 'no status'}` });
      });
    });
  }
}
