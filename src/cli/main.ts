import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { EXIT, UserError, type CliContext } from './context.js';
import { VERSION } from '../version.js';

export function defaultContext(): CliContext {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
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
      writeErr: (s) => ctx.stderr.write(s),
    })
    .showHelpAfterError();

  let pending: number | Promise<number> = EXIT.ok;
  for (const command of COMMANDS) {
    command.register(program, ctx, (code) => {
      pending = code;
    });
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
    return await pending;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0; real usage errors carry 1 and become 2.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UserError) {
      ctx.stderr.write(`podmortem: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
