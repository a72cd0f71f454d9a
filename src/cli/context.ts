import { neutralizeLines } from '../render/sanitize.js';
import type { TextStream } from '../util/status-line.js';

/** The CLI's stdout and stderr. */
export type CliStream = TextStream;

/**
 * What a command may touch of the outside world. Commands get it from `run`, so tests can drive the CLI in-process
 * with captured streams and a chosen environment, and nothing deep inside calls `process.exit()`.
 */
export interface CliContext {
  stdout: CliStream;
  stderr: CliStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on SIGINT/SIGTERM: long-running commands (serve, collect) stop cleanly and remove what they wrote. */
  signal: AbortSignal;
}

/**
 * Writes `podmortem: <message>` to stderr. Messages carry names from bundles (entry names, pod names, paths inside
 * an archive): every control, bidi and invisible character in them is shown as a visible escape, as in the terminal
 * view, so an entry name cannot drive the terminal (OSC 52 clipboard writes, screen clears) from an error message.
 */
export function writeError(stream: CliStream, message: string): void {
  stream.write(`podmortem: ${neutralizeLines(message).join('\n')}\n`);
}

/** A repeatable list option's parser, comma-separated values split: `--cause oom-killed,evicted --cause unknown`. */
export function commaList(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

/** The `Examples:` and `Exit codes:` sections of a command's --help. */
export function helpFooter(examples: readonly string[], exitCodes: ReadonlyArray<readonly [number, string]>): string {
  return [
    '',
    'Examples:',
    ...examples.map((example) => `  ${example}`),
    '',
    'Exit codes:',
    ...exitCodes.map(([code, meaning]) => `  ${String(code).padEnd(4)}${meaning}`),
  ].join('\n');
}
