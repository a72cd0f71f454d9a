/**
 * An app that rejects its own command line: the argument parser's error, in the exact wording of the CLI frameworks
 * apps are built on, and where the rejected token sits in the pod spec. The fix for these crashes is in the pod's
 * `args`/`command`, not in the code, so `wrong-command-or-args` claims them before the generic app-error rule.
 */
import type { ContainerView, LogWindow } from '../model/snapshot.js';
import { asStrings, lineText } from './facts.js';

type Rejection = 'unknown-command' | 'unknown-option' | 'unexpected-argument' | 'missing-argument' | 'invalid-value';

interface ParserText {
  framework: string;
  rejection: Rejection;
  pattern: RegExp;
  /** The capture group holding the rejected token (or what is missing). */
  token: number;
  /** The capture group naming the program, when the framework prints it. */
  program?: number;
  /** A generic-looking error only counts when the parser's usage line is printed with it (argparse, click, yargs). */
  needsUsage?: boolean;
}

/**
 * Real parser texts. Anchored at the line start: parsers write these raw to stderr, so a line that merely mentions
 * "unknown command" inside other text (a log message, a request path) is not a parser rejecting argv.
 */
const PARSER_TEXTS: ParserText[] = [
  // cobra/pflag (Go): `Error: unknown command "server-junk" for "velero"`, then `Run 'velero --help' for usage.`
  { framework: 'cobra', rejection: 'unknown-command', pattern: /^Error: unknown command "([^"]+)" for "([^"]+)"/, token: 1, program: 2 },
  { framework: 'cobra', rejection: 'unknown-option', pattern: /^Error: unknown flag: (--?[^\s=]+)/, token: 1 },
  // pflag prints the shorthand then the whole run it came in: `unknown shorthand flag: 'x' in -xv`.
  { framework: 'cobra', rejection: 'unknown-option', pattern: /^Error: unknown shorthand flag: '.' in (-\S+)/, token: 1 },
  { framework: 'cobra', rejection: 'missing-argument', pattern: /^Error: required flag\(s\) (.+) not set$/, token: 1 },
  { framework: 'cobra', rejection: 'missing-argument', pattern: /^Error: flag needs an argument: (?:'.' in )?(-\S+)/, token: 1 },
  // Go's flag package: `flag provided but not defined: -x`, then `Usage of /app:`.
  { framework: 'go flag', rejection: 'unknown-option', pattern: /^flag provided but not defined: (-\S+)/, token: 1 },
  { framework: 'go flag', rejection: 'missing-argument', pattern: /^flag needs an argument: (-\S+)/, token: 1 },
  // Python argparse: `usage: prog …` first, then `prog: error: unrecognized arguments: --x y`.
  { framework: 'argparse', rejection: 'unexpected-argument', pattern: /^\S+: error: unrecognized arguments: (.+)$/, token: 1, needsUsage: true },
  { framework: 'argparse', rejection: 'missing-argument', pattern: /^\S+: error: the following arguments are required: (.+)$/, token: 1, needsUsage: true },
  { framework: 'argparse', rejection: 'invalid-value', pattern: /^\S+: error: argument \S+: invalid choice: '([^']*)'/, token: 1, needsUsage: true },
  // click: `Usage: prog [OPTIONS]`, `Try 'prog --help' for help.`, then `Error: No such option: --x` (8.x may add
  // ` Did you mean --y?`) or `Error: No such command 'x'.` (7.x: `"x"`).
  { framework: 'click', rejection: 'unknown-option', pattern: /^Error: No such option: (-{1,2}[^\s.?!,]+)/, token: 1 },
  { framework: 'click', rejection: 'unknown-command', pattern: /^Error: No such command ['"]([^'"]+)['"]/, token: 1 },
  { framework: 'click', rejection: 'unexpected-argument', pattern: /^Error: Got unexpected extra arguments? \((.+)\)$/, token: 1, needsUsage: true },
  { framework: 'click', rejection: 'missing-argument', pattern: /^Error: Missing (?:option|argument) '([^']+)'/, token: 1, needsUsage: true },
  // picocli (Java): `Unknown option: '--x'`, `Unmatched argument at index 0: 'x'`, `Missing required option: '--x=<x>'`.
  { framework: 'picocli', rejection: 'unknown-option', pattern: /^Unknown options?: '(-[^']*)'/, token: 1 },
  { framework: 'picocli', rejection: 'unexpected-argument', pattern: /^Unmatched arguments? (?:at|from) index \d+: '([^']*)'/, token: 1 },
  { framework: 'picocli', rejection: 'missing-argument', pattern: /^Missing required (?:options?|parameters?): '([^']+)'/, token: 1 },
  // The JVM itself: `Unrecognized option: --x` then `Error: Could not create the Java Virtual Machine.`
  { framework: 'java', rejection: 'unknown-option', pattern: /^Unrecognized option: (-\S+)/, token: 1 },
  // commander (Node): `error: unknown option '--x'` (may add `(Did you mean --y?)`), `error: unknown command 'x'`.
  { framework: 'commander', rejection: 'unknown-option', pattern: /^error: unknown option '([^']+)'/, token: 1 },
  { framework: 'commander', rejection: 'unknown-command', pattern: /^error: unknown command '([^']+)'/, token: 1 },
  { framework: 'commander', rejection: 'missing-argument', pattern: /^error: (?:missing required argument '([^']+)'|required option '([^']+)' not specified)/, token: 1 },
  // yargs (Node, strict mode): usage first, then `Unknown argument: x` / `Unknown arguments: x, y`.
  { framework: 'yargs', rejection: 'unexpected-argument', pattern: /^Unknown arguments?: (.+)$/, token: 1, needsUsage: true },
  { framework: 'yargs', rejection: 'missing-argument', pattern: /^Missing required arguments?: (.+)$/, token: 1, needsUsage: true },
];

/** The usage banner parsers print with the error (argparse `usage:`, click/yargs `Usage:`, click's `Try '… --help'`). */
const USAGE_LINE = /^(?:usage: |Usage: |Try '.+ --help' for help\.)/;

/** Parsers reject argv before the app does anything: the error sits at the top of the log, never deep in it. */
const MAX_REJECTION_LINE = 50;

export interface CliRejection {
  rejection: Rejection;
  framework: string;
  /** The first rejected token as the parser printed it (`server-junk`, `--verbos`, `-xv`), or what is missing. */
  token: string;
  /** Everything the parser listed (`--a, b`), when it listed several. */
  tokens: string[];
  program?: string;
  line: number;
  text: string;
}

/**
 * A line's place in its log, 1 for the first: line numbers count in the file that holds the log, which for a combined
 * file (a cluster-info dump's logs.txt, a pasted ticket) starts well past 1.
 */
function placeInLog(window: LogWindow, number: number): number {
  return number - (window.source.firstLine ?? 1) + 1;
}

/** The first parser rejection near the top of a log. */
export function findCliRejection(window: LogWindow): CliRejection | undefined {
  let sawUsage = false;
  for (const line of window.lines) {
    if (placeInLog(window, line.number) > MAX_REJECTION_LINE) break;
    const text = lineText(line).trimEnd();
    if (USAGE_LINE.test(text)) sawUsage = true;
    for (const parser of PARSER_TEXTS) {
      const match = parser.pattern.exec(text);
      if (!match) continue;
      if (parser.needsUsage && !sawUsage && !usageFollows(window, line.number)) continue;
      const listed = match[parser.token] ?? match[parser.token + 1] ?? '';
      const tokens = splitList(listed);
      return {
        rejection: parser.rejection,
        framework: parser.framework,
        token: tokens[0] ?? listed,
        tokens,
        ...(parser.program && match[parser.program] ? { program: match[parser.program] } : {}),
        line: line.number,
        text,
      };
    }
  }
  return undefined;
}

/** yargs prints the error after the usage block; some apps print usage after the error. Either counts. */
function usageFollows(window: LogWindow, after: number): boolean {
  return window.lines.some((line) => line.number > after && placeInLog(window, line.number) <= MAX_REJECTION_LINE && USAGE_LINE.test(lineText(line)));
}

/** `--a, b` (argparse required, yargs), `--x y` (argparse unrecognized), `"a", "b"` (cobra required flags). */
function splitList(listed: string): string[] {
  return listed
    .split(/,\s*|\s+/)
    .map((item) => item.replace(/^["'`]|["'`]$/g, ''))
    .filter((item) => item !== '');
}

export interface SpecToken {
  field: 'args' | 'command';
  index: number;
  value: string;
}

/**
 * Where the rejected token sits in the container's spec: the entry equal to it, else one that sets it
 * (`--x=1`, a shorthand run `-xv`), else a shell string that contains it as a word (`sh -c "app server-junk"`).
 */
export function locateToken(container: ContainerView, token: string): SpecToken | undefined {
  if (token === '') return undefined;
  const fields = [
    { field: 'args' as const, values: asStrings(container.spec.args) },
    { field: 'command' as const, values: asStrings(container.spec.command) },
  ];
  const tests: Array<(value: string) => boolean> = [
    (value) => value === token,
    (value) => value.startsWith(`${token}=`),
    (value) => /\s/.test(value) && value.split(/\s+/).some((word) => word === token || word.startsWith(`${token}=`)),
  ];
  for (const test of tests) {
    for (const { field, values } of fields) {
      const index = values.findIndex(test);
      const value = values[index];
      if (value !== undefined) return { field, index, value };
    }
  }
  return undefined;
}
