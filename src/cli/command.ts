import type { Command } from 'commander';
import type { CliContext } from './context.js';

/**
 * A subcommand: a thin file that declares its flags and calls the library. `register` adds it to the program and
 * wires its action to `setExit`, so the exit code flows back to `run` instead of through `process.exit()`.
 */
export interface CommandModule {
  name: string;
  register(program: Command, ctx: CliContext, setExit: (code: number | Promise<number>) => void): void;
}
