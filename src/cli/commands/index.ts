import type { CommandModule } from '../command.js';

/** Every subcommand, in the order `podmortem --help` lists them. */
export const COMMANDS: readonly CommandModule[] = [];
