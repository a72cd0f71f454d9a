import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { EXIT, UserError } from '../util/errors.js';
import { writeError, type CliContext, type CliStream } from './context.js';
import { neutralizeLines } from '../render/sanitize.js';
import { VERSION } from '../version.js';

export function defaultContext(): CliContext {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    stdout: pipeSafe(process.stdout),
    stderr: pipeSafe(process.stderr),
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
  };
}

/**
 * A process stream whose reader may go away (`podmortem analyze x | head`): EPIPE ends the output quietly (later
 * writes are dropped) instead of an unhandled 'error' event and a stack trace; the exit code stays the analysis's.
 */
export function pipeSafe(stream: NodeJS.WriteStream): CliStream {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') closed = true;
    else throw error;
  });
  return {
    write: (chunk: string) => (closed ? false : stream.write(chunk)),
    get isTTY() {
      return stream.isTTY;
    },
    get columns() {
      return stream.columns;
    },
  };
}

/** Runs the CLI and resolves to its exit code. Never calls process.exit(). */
export async function run(argv: string[], ctx: CliContext = defaultContext()): Promise<number> {
  const program = new Command('podmortem')
    .description('Kubernetes crash post-mortem from a snapshot: why every crash-looping container dies, and whether to escalate')
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      // Usage errors echo what was typed (an option, a file name pasted from a bundle): neutralised like every message.
      writeErr: (s) => ctx.stderr.write(neutralizeLines(s).join('\n')),
    })
    .showHelpAfterError();

  // Set by the command that runs (a callback TypeScript cannot follow, hence a holder rather than a narrowed `let`).
  const outcome: { code: number | Promise<number> } = { code: EXIT.ok };
  for (const command of COMMANDS) {
    command.register(program, ctx, (code) => {
      outcome.code = code;
    });
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
    return await outcome.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0; real usage errors carry 1 and become 2.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UserError) {
      writeError(ctx.stderr, error.message);
      return error.exitCode;
    }
    if (ctx.signal.aborted) {
      writeError(ctx.stderr, 'interrupted');
      return EXIT.interrupted;
    }
    // An error nobody foresaw: its message may still carry a name from a bundle, so it goes through the neutraliser
    // too; the stack only when asked for (PODMORTEM_DEBUG=1).
    const message = error instanceof Error ? error.message : String(error);
    writeError(ctx.stderr, `unexpected error: ${message}`);
    if (ctx.env['PODMORTEM_DEBUG'] && error instanceof Error && error.stack) writeError(ctx.stderr, error.stack);
    return EXIT.usage;
  }
}
