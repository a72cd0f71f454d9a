import type { CommandModule } from '../command.js';
import { analyzeCommand } from './analyze.js';
import { collectCommand } from './collect.js';
import { redactCommand } from './redact.js';
import { serveCommand } from './serve.js';

/** Every subcommand, in the order `podmortem --help` lists them. */
export const COMMANDS: readonly CommandModule[] = [analyzeCommand, serveCommand, collectCommand, redactCommand];
