import { run } from '../../src/cli/main.js';
import type { CliContext } from '../../src/cli/context.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type CapturedContext = CliContext & { out: string; err: string };

/** A CLI context whose stdout and stderr are captured in `out` and `err`, as a pipe (not a terminal) would see them. */
export function captureContext(options: { tty?: boolean; env?: NodeJS.ProcessEnv; cwd?: string } = {}): CapturedContext {
  const ctx: CapturedContext = {
    out: '',
    err: '',
    stdout: { write: (s: string) => (ctx.out += s), isTTY: options.tty ?? false, columns: 100 },
    stderr: { write: (s: string) => (ctx.err += s), isTTY: false },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    signal: new AbortController().signal,
  };
  return ctx;
}

/** Runs the CLI in-process with captured streams, as a user at a terminal (tty) or in a pipe would. */
export async function runCli(
  argv: string[],
  options: { tty?: boolean; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<CliResult> {
  const ctx = captureContext(options);
  const code = await run(argv, ctx);
  return { code, stdout: ctx.out, stderr: ctx.err };
}
