/**
 * What a command may touch of the outside world. Commands get it from `run`, so tests can drive the CLI in-process
 * with captured streams and a chosen environment, and nothing deep inside calls `process.exit()`.
 */
export interface CliStream {
  write(chunk: string): unknown;
  /** True when the stream is a terminal: colour and the terminal view are used only then. */
  isTTY?: boolean;
  columns?: number;
}

export interface CliContext {
  stdout: CliStream;
  stderr: CliStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on SIGINT/SIGTERM: long-running commands (serve, collect) stop cleanly and remove what they wrote. */
  signal: AbortSignal;
}

/** Documented exit codes (README "Exit codes"). */
export const EXIT = {
  /** Analysis done, nothing to escalate (or a command that succeeded). */
  ok: 0,
  /** Analysis done, escalate to platform/SRE. */
  escalate: 1,
  /** Usage error, or a bundle that could not be read at all. */
  usage: 2,
  /** Analysis done but inconclusive: a bundle is damaged in a way that may hide crashes. */
  inconclusive: 3,
} as const;

/** An error the user can act on: printed as `podmortem: <message>` without a stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
