/**
 * The errors the library throws for the user to act on, and what each means as an exit code. The CLI prints them;
 * the library (collector, writer, redaction) throws them, so they live here and not in the CLI.
 */

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
  /** Stopped by Ctrl-C (SIGINT) or SIGTERM before it finished, as a shell reports a process killed by SIGINT. */
  interrupted: 130,
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
