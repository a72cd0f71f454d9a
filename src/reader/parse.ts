/**
 * Object files (JSON and YAML lists, arrays or single objects) are small next to logs, so they are read whole, up to
 * a cap, and parsed. A file that does not parse becomes one diagnostic with the parser's line and column; the rest of
 * the bundle is unaffected.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import type { Diagnostic, ObjectRecord } from '../model/snapshot.js';
import { nonUtf8 } from './logs/read-log.js';
import type { EntryData } from './source.js';
import { emptyBlockScalars } from './yaml-skeleton.js';
import { parseYamlSubset } from './yaml-subset.js';
import { isJsonObject } from '../util/json.js';
import { requireLazily } from '../util/require-lazily.js';

export type Syntax = 'json' | 'yaml';

/** Reads a whole entry as text, or returns undefined (with a diagnostic) when it exceeds `maxBytes`. */
export async function readText(data: EntryData, file: string, size: number, maxBytes: number, diagnostics: Diagnostic[]): Promise<string | undefined> {
  const bytes = await readBytes(data, file, size, maxBytes, diagnostics);
  return bytes === undefined ? undefined : decodeText(bytes, file, diagnostics);
}

/** Reads a whole entry, or returns undefined (with a diagnostic) when it exceeds `maxBytes`. */
export async function readBytes(data: EntryData, file: string, size: number, maxBytes: number, diagnostics: Diagnostic[]): Promise<Buffer | undefined> {
  if (size > maxBytes) {
    // Not read at all: the source skips the bytes when it moves on.
    diagnostics.push(tooLarge(file, size, maxBytes));
    return undefined;
  }
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    await data.forEachChunk((chunk) => {
      length += chunk.length;
      if (length > maxBytes) {
        // The recorded size understated the content: stop holding it, and stop reading.
        chunks.length = 0;
        return false;
      }
      chunks.push(chunk);
      return true;
    });
  } catch (error) {
    diagnostics.push({
      severity: 'warning',
      code: 'truncated-file',
      file,
      byte: length,
      message: `${file} could not be read to its end (${(error as Error).message}) and was skipped`,
    });
    return undefined;
  }
  if (length > maxBytes) {
    diagnostics.push(tooLarge(file, length, maxBytes));
    return undefined;
  }
  // Most object files arrive in one chunk: no copy then.
  return chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks, length);
}

/** UTF-8 text without its byte order mark; invalid bytes are replaced, and said so. */
function decodeText(bytes: Buffer, file: string, diagnostics: Diagnostic[]): string {
  // ASCII (most Kubernetes YAML and JSON) is the same string as Latin-1, which is a copy; UTF-8 is a decode.
  if (isAscii(bytes)) return bytes.toString('latin1');
  if (!isUtf8(bytes)) diagnostics.push(nonUtf8(file));
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function tooLarge(file: string, size: number, maxBytes: number): Diagnostic {
  return {
    severity: 'warning',
    code: 'file-too-large',
    file,
    message: `${file} is ${size} bytes, more than the ${maxBytes}-byte limit for object files; it was skipped`,
  };
}

/** Where and why a text is not valid JSON or YAML. */
export interface ParseProblem {
  code: 'malformed-json' | 'malformed-yaml';
  line?: number;
  column?: number;
  /** The parser's own words, on one line. */
  reason: string;
}

/**
 * Parses JSON or YAML (every document) into values. With a problem, `values` holds the YAML documents before it
 * (none for JSON).
 */
export function parseValues(text: string, syntax: Syntax): { values: unknown[]; problem?: ParseProblem } {
  if (syntax === 'json') {
    if (text.trim() === '') return { values: [] };
    try {
      return { values: [JSON.parse(text)] };
    } catch (error) {
      const message = (error as Error).message;
      const position = /position (\d+)/.exec(message);
      const where = position
        ? lineAndColumn(text, Number(position[1]))
        : /end of JSON input/.test(message)
          ? lineAndColumn(text, text.length)
          : undefined;
      const reason = message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/\s+/g, ' ').slice(0, 160);
      return { values: [], problem: { code: 'malformed-json', ...where, reason } };
    }
  }
  const fast = parseYamlFast(text);
  if (fast) return { values: fast };
  const documents = exactYaml().parseAllDocuments(text, { prettyErrors: true, uniqueKeys: false });
  const values: unknown[] = [];
  for (const document of Array.isArray(documents) ? documents : [documents]) {
    const error = document.errors[0];
    if (error) {
      const position = error.linePos?.[0];
      return {
        values,
        problem: { code: 'malformed-yaml', ...(position ? { line: position.line, column: position.col } : {}), reason: error.message.split('\n')[0] ?? '' },
      };
    }
    const value: unknown = document.toJS({ maxAliasCount: 1000 });
    if (value !== null && value !== undefined) values.push(value);
  }
  return { values };
}

/** Parses JSON or YAML (every document) into values, or undefined with a `malformed-json`/`malformed-yaml` diagnostic. */
export function parseDocuments(text: string, file: string, syntax: Syntax, diagnostics: Diagnostic[]): unknown[] | undefined {
  const { values, problem } = parseValues(text, syntax);
  if (!problem) return values;
  const where = problem.line !== undefined ? ` at line ${problem.line}, column ${problem.column ?? '?'}` : '';
  diagnostics.push({
    severity: 'warning',
    code: problem.code,
    file,
    ...(problem.line !== undefined ? { line: problem.line } : {}),
    message: `${file} is not valid ${syntax === 'json' ? 'JSON' : 'YAML'}${where}: ${problem.reason}; ${values.length > 0 ? 'the documents before it were kept' : 'the file was skipped'}`,
  });
  return values.length > 0 ? values : undefined;
}

/**
 * Like parseDocuments, for YAML whose values are not needed (ConfigMaps, Secrets): block scalars are emptied before
 * parsing (yaml-skeleton.ts), a tenth of a must-gather's ConfigMap text. When the scanner is unsure or the emptied
 * text does not parse, the whole text is parsed, so values and diagnostics are then those of the original.
 */
export function parseDocumentsKeysOnly(text: string, file: string, diagnostics: Diagnostic[]): unknown[] | undefined {
  const emptied = emptyBlockScalars(text);
  if (emptied !== undefined) {
    const { values, problem } = parseValues(emptied, 'yaml');
    if (!problem) return values;
  }
  return parseDocuments(text, file, 'yaml', diagnostics);
}

/**
 * parseDocumentsKeysOnly of a file's bytes. A must-gather's ConfigMaps are 9 of its 10 MB in files with a few
 * non-ASCII characters (dashboards' symbols), all in block scalars: decoded as UTF-8, the whole file is a two-byte
 * string, decoded at a quarter of the speed. So the bytes are first read as Latin-1 (a copy); when what is left once
 * the block scalars are emptied is ASCII, the non-ASCII bytes were all in the emptied values and the text is the one
 * the UTF-8 decode would have given, and it is parsed. Otherwise the file is decoded as UTF-8 and read as before.
 */
export function parseBytesKeysOnly(bytes: Buffer, file: string, diagnostics: Diagnostic[]): unknown[] | undefined {
  if (!isAscii(bytes)) {
    const emptied = emptyBlockScalars(bytes.toString('latin1'));
    if (emptied !== undefined && !NON_ASCII.test(emptied)) {
      const { values, problem } = parseValues(emptied, 'yaml');
      if (!problem) {
        // Invalid UTF-8 inside an emptied value is still invalid UTF-8 in the file.
        if (!isUtf8(bytes)) diagnostics.push(nonUtf8(file));
        return values;
      }
    }
  }
  return parseDocumentsKeysOnly(decodeText(bytes, file, diagnostics), file, diagnostics);
}

const NON_ASCII = /[^\0-\x7f]/;

/**
 * YAML parsers, by measurement (issue 11). First yaml-subset.ts: the YAML Kubernetes tools write, 3–4× faster than
 * js-yaml on a must-gather's events and pods, exactly js-yaml's values, and undefined for anything else (anchors
 * included, so nothing it returns is shared). Then js-yaml with the YAML 1.2 core schema, which parses a must-gather's
 * 17 MB of YAML about 8× faster than `yaml` and gives the same values for all 224 of its files. `yaml` stays the exact
 * path: for documents with aliases (its alias limit guards against alias bombs, js-yaml has none) and for text js-yaml
 * rejects, where `yaml` says at which line and keeps the documents before the error. Both load on first use, so a
 * bundle whose YAML the subset parser reads whole (a must-gather) or without YAML (troubleshoot) pays for neither.
 */
let jsYaml: typeof import('js-yaml') | undefined;
let yaml: typeof import('yaml') | undefined;
const exactYaml = () => (yaml ??= requireLazily('yaml') as typeof import('yaml'));

/**
 * js-yaml resolves an alias to the anchored object itself, so an alias shows as an object reachable twice. Such a
 * document (an alias bomb, or just anchors) goes to the exact parser, whose alias limit bounds it.
 */
function sharesObjects(values: unknown[]): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [...values];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (seen.has(value)) return true;
    seen.add(value);
    for (const child of Array.isArray(value) ? value : Object.values(value)) if (typeof child === 'object' && child !== null) stack.push(child);
  }
  return false;
}

function parseYamlFast(text: string): unknown[] | undefined {
  const subset = parseYamlSubset(text);
  if (subset) return subset;
  jsYaml ??= requireLazily('js-yaml') as typeof import('js-yaml');
  let values: unknown[];
  try {
    // `json: true`: a repeated key keeps the last value, as `yaml` does with uniqueKeys: false.
    values = jsYaml.loadAll(text, undefined, { schema: jsYaml.CORE_SCHEMA, json: true });
  } catch {
    return undefined;
  }
  return mayHaveAnchors(text) && sharesObjects(values) ? undefined : values.filter((value) => value !== null && value !== undefined);
}

/**
 * An alias needs an anchor (`&name` where a node starts: after a line start, a space, `-`, `:`, `[`, `{` or `,`).
 * Without any such `&` no object can be shared, and the walk over every value (80 ms on a must-gather) is not needed;
 * an `&` elsewhere (`a && b` in a command line) only costs the walk.
 */
function mayHaveAnchors(text: string): boolean {
  return /(?:^|[\s\-:[{,])&\S/.test(text);
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Kubernetes objects out of parsed documents: a `*List` (`items`, possibly null), a bare array (older troubleshoot),
 * or a single object. `path` in each SourceRef locates the object in its file.
 */
export function objectsOf(documents: unknown[], file: string): ObjectRecord[] {
  const records: ObjectRecord[] = [];
  const many = documents.length > 1;
  documents.forEach((document, index) => {
    const prefix = many ? `[${index}]` : '';
    const add = (value: unknown, path: string | undefined) => {
      if (isJsonObject(value)) records.push({ object: value, source: path ? { file, path } : { file } });
    };
    if (Array.isArray(document)) {
      document.forEach((item, i) => add(item, `${prefix}[${i}]`));
    } else if (isJsonObject(document) && ('items' in document || (typeof document['kind'] === 'string' && document['kind'].endsWith('List')))) {
      const items = document['items'];
      if (Array.isArray(items)) items.forEach((item, i) => add(item, `${prefix ? `${prefix}.` : ''}items[${i}]`));
    } else {
      add(document, prefix || undefined);
    }
  });
  return records;
}
