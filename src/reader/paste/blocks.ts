/**
 * Cuts a ticket into the kubectl outputs it holds: `describe pod|node`, `get pods` and `get events` tables, objects
 * as YAML or JSON, `kubectl logs` output (attributed by the command line before it), kernel OOM lines, and the rest.
 * One pass, in order; each recogniser says where its block ends.
 */
import { headerColumns, rowRecord, splitRow, type TableRow } from './table.js';
import { commandOf, linesFrom, type PasteLine } from './text.js';

/** What a `kubectl logs` command line says about the lines after it. */
export interface LogsCommand {
  line: number;
  pod?: string;
  namespace?: string;
  container?: string;
  previous: boolean;
}

export type Block =
  | { kind: 'describe-pod'; lines: PasteLine[] }
  | { kind: 'describe-node'; lines: PasteLine[] }
  | { kind: 'pods-table'; line: number; namespace?: string; rows: TableRow[] }
  | { kind: 'events-table'; line: number; namespace?: string; rows: TableRow[] }
  | { kind: 'objects'; line: number; text: string; json: boolean }
  | { kind: 'kernel-oom'; lines: PasteLine[] }
  | { kind: 'log'; lines: PasteLine[]; command?: LogsCommand }
  | { kind: 'command'; line: number; words: string[] };

const KERNEL_OOM = /(Memory cgroup out of memory: Kill(ed)? process|Out of memory: Kill(ed)? process|invoked oom-killer|oom-kill:constraint=)/;

export function cutBlocks(lines: readonly PasteLine[]): Block[] {
  const blocks: Block[] = [];
  let logCommand: LogsCommand | undefined;
  let lastNamespace: string | undefined;
  let loose: PasteLine[] = [];
  const flushLoose = () => {
    if (loose.some((l) => l.text.trim() !== '')) blocks.push({ kind: 'log', lines: trimBlank(loose), command: logCommand });
    loose = [];
  };

  let i = 0;
  // Each turn moves `i` past what it took; the loop stops where no line is left.
  for (let line = lines[i]; line; line = lines[i]) {
    // A closing fence ends what a command inside it printed; the ticket's prose after it is no log.
    if (lines[i - 1]?.fenced && !line.fenced) {
      flushLoose();
      logCommand = undefined;
    }
    const words = commandOf(line.text);
    if (words) {
      flushLoose();
      blocks.push({ kind: 'command', line: line.number, words });
      logCommand = words[1] === 'logs' ? parseLogsCommand(words, line.number) : undefined;
      lastNamespace = flagValue(words, '-n', '--namespace') ?? lastNamespace;
      if (words.includes('-A') || words.includes('--all-namespaces')) lastNamespace = undefined;
      i++;
      continue;
    }
    const recognised = recogniseBlock(lines, i, lastNamespace);
    if (recognised) {
      flushLoose();
      blocks.push(recognised.block);
      logCommand = undefined;
      i = recognised.end;
      continue;
    }
    if (KERNEL_OOM.test(line.text)) {
      flushLoose();
      const start = i;
      while (KERNEL_OOM.test(lines[i]?.text ?? '')) i++;
      blocks.push({ kind: 'kernel-oom', lines: lines.slice(start, i) });
      continue;
    }
    // A fence boundary or a blank line between prose and a log starts a new loose block.
    const lastLoose = loose.at(-1);
    if (lastLoose && lastLoose.fenced !== line.fenced) flushLoose();
    loose.push(line);
    i++;
  }
  flushLoose();
  return blocks;
}

/** A describe block, a table or an object starting at `start`, with the line after it. */
function recogniseBlock(lines: readonly PasteLine[], start: number, namespace: string | undefined): { block: Block; end: number } | undefined {
  const described = describeEnd(lines, start);
  if (described) return { block: { kind: described.node ? 'describe-node' : 'describe-pod', lines: lines.slice(start, described.end) }, end: described.end };
  const table = readTable(lines, start);
  if (table) return { block: { ...table.block, namespace }, end: table.end };
  return readObject(lines, start);
}

function trimBlank(lines: PasteLine[]): PasteLine[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]?.text.trim() === '') start++;
  while (end > start && lines[end - 1]?.text.trim() === '') end--;
  return lines.slice(start, end);
}

function flagValue(words: readonly string[], short: string, long: string): string | undefined {
  for (const [i, word] of words.entries()) {
    if (word === short || word === long) return words[i + 1];
    if (word.startsWith(`${long}=`)) return word.slice(long.length + 1);
    if (word.startsWith(short) && word.length > short.length && short.length === 2 && !word.startsWith('--')) return word.slice(2);
  }
  return undefined;
}

export function parseLogsCommand(words: readonly string[], line: number): LogsCommand {
  const valued = new Set(['-n', '--namespace', '-c', '--container', '--tail', '--since', '--since-time', '--context', '-l', '--selector', '--kubeconfig', '--limit-bytes']);
  const positional: string[] = [];
  let flagValueNext = false;
  for (const word of words.slice(2)) {
    if (flagValueNext) {
      flagValueNext = false;
      continue;
    }
    if (word.startsWith('-')) {
      flagValueNext = valued.has(word);
      continue;
    }
    if (word === '|' || word === '>' || word.startsWith('|')) break;
    positional.push(word);
  }
  const target = positional[0];
  const previousFlag = words.some((w) => w === '-p' || w === '--previous' || w === '--previous=true');
  return {
    line,
    pod: target && !target.includes('/') ? target : target?.startsWith('pod/') ? target.slice(4) : undefined,
    namespace: flagValue(words, '-n', '--namespace'),
    container: flagValue(words, '-c', '--container') ?? positional[1],
    previous: previousFlag,
  };
}

/** A describe block starts `Name:` at column 0 with `Namespace:` (pods) or `Roles:` (nodes) right after it. */
function describeEnd(lines: readonly PasteLine[], start: number): { end: number; node: boolean } | undefined {
  const first = lines[start];
  if (!first || !/^Name:\s+\S/.test(first.text)) return undefined;
  const next = lines.slice(start + 1, start + 4).map((l) => l.text);
  const node = next.some((t) => /^Roles:/.test(t));
  if (!node && !next.some((t) => /^Namespace:/.test(t))) return undefined;
  let inEvents = false;
  let sawEventRow = false;
  for (const [i, { text, fenced }] of linesFrom(lines, start + 1)) {
    if (fenced !== first.fenced) return { end: i, node };
    if (commandOf(text) || /^Name:\s+\S/.test(text)) return { end: i, node };
    if (/^Events:/.test(text)) {
      if (/<none>/.test(text)) return { end: i + 1, node };
      inEvents = true;
      continue;
    }
    if (inEvents) {
      if (text.trim() === '') {
        if (sawEventRow) return { end: i, node };
        continue;
      }
      if (!/^\s/.test(text)) return { end: i, node };
      sawEventRow = true;
    }
  }
  return { end: lines.length, node };
}

type TableBlock = Extract<Block, { kind: 'pods-table' | 'events-table' }>;

function readTable(lines: readonly PasteLine[], start: number): { block: TableBlock; end: number } | undefined {
  const first = lines[start];
  const columns = first && headerColumns(first.text);
  if (!columns) return undefined;
  const names = new Set(columns.map((c) => c.name));
  const pods = names.has('NAME') && names.has('STATUS') && names.has('RESTARTS');
  const events = names.has('REASON') && names.has('MESSAGE') && (names.has('LAST SEEN') || names.has('LASTSEEN'));
  if (!pods && !events) return undefined;
  const rows: TableRow[] = [];
  let end = start + 1;
  for (const [i, { text, number }] of linesFrom(lines, start + 1)) {
    if (text.trim() === '' || commandOf(text) || headerColumns(text)) break;
    const cells = splitRow(text, columns);
    const previous = rows.at(-1);
    if (cells) rows.push({ line: number, cells: rowRecord(columns, cells) });
    // A wrapped message continues the row above it.
    else if (events && previous && /^\s/.test(text)) previous.cells['MESSAGE'] = `${previous.cells['MESSAGE'] ?? ''} ${text.trim()}`;
    else break;
    end = i + 1;
  }
  if (rows.length === 0) return undefined;
  return { block: { kind: pods ? 'pods-table' : 'events-table', line: first.number, rows }, end };
}

function readObject(lines: readonly PasteLine[], start: number): { block: Block; end: number } | undefined {
  const first = lines[start];
  if (!first) return undefined;
  const objects = (end: number, json: boolean) => ({
    block: { kind: 'objects' as const, line: first.number, text: lines.slice(start, end).map((l) => l.text).join('\n'), json },
    end,
  });
  if (/^(apiVersion|kind):\s*\S/.test(first.text)) {
    let end = start + 1;
    for (const [i, { text }] of linesFrom(lines, start + 1)) {
      if (commandOf(text)) break;
      if (text.trim() === '') {
        const next = lines[i + 1]?.text ?? '';
        if (!/^(\s|[A-Za-z_][\w.-]*:|-\s|---)/.test(next)) break;
      } else if (!/^(\s|[A-Za-z_][\w.-]*:|-(\s|$)|---|\.\.\.)/.test(text)) {
        break;
      }
      end = i + 1;
    }
    return objects(end, false);
  }
  if (/^\s*\{\s*$/.test(first.text) || /^\s*\{\s*"(apiVersion|kind)"/.test(first.text)) {
    let depth = 0;
    for (const [i, { text }] of linesFrom(lines, start)) {
      depth += braceBalance(text);
      if (depth <= 0) return objects(i + 1, true);
    }
  }
  return undefined;
}

/** `{` minus `}` outside JSON strings. */
function braceBalance(text: string): number {
  let balance = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') balance++;
    else if (char === '}' || char === ']') balance--;
  }
  return balance;
}
