/**
 * The analysis needs only the names and key names of ConfigMaps and Secrets, yet their values are most of a
 * must-gather's YAML (10 of its 17 MB parsed: dashboards, rules, certificates as block scalars). `emptyBlockScalars`
 * replaces every block scalar (`key: |` and its indented lines) by `""` in the text, so the YAML parser never builds
 * those values; everything else is kept byte for byte, so names, keys and line structure parse as before.
 *
 * It follows the YAML line structure only as far as it can be sure: a line inside a multi-line quoted or plain
 * scalar is never taken for a key; an anchored, aliased or tagged value is kept as it is, lines below it included;
 * and anything it does not model (tabs as indentation, flow collections over several lines, anchors or tags before a
 * key, complex keys, directives, empty block scalars, CRLF) returns undefined, and the caller parses the whole text.
 */

/** The text with every block scalar's value emptied, or undefined when the text uses YAML this scanner does not model. */
export function emptyBlockScalars(text: string): string | undefined {
  if (text.includes('\r')) return undefined;
  // The output is the text's own slices around each emptied scalar: no copy of the lines the scalars held.
  const out: string[] = [];
  let copiedTo = 0;
  /** Set while inside a scalar that spans lines: lines pass through unread until it ends. */
  let open: { quote: '"' | "'" } | { plainAbove: number } | undefined;
  for (let start = 0; start <= text.length; ) {
    const eol = lineEnd(text, start);
    const line = text.slice(start, eol);
    const next = eol + 1;
    const indent = skipSpaces(line, 0);
    if (open && 'quote' in open) {
      const end = closingQuote(line, 0, open.quote);
      if (end >= 0) {
        if (!onlyCommentAfter(line, end + 1)) return undefined;
        open = undefined;
      }
    } else if (indent === line.length || line[indent] === '#' || (open && indent > open.plainAbove)) {
      // Blank, a comment, or a continuation line of a multi-line plain scalar (content, whatever it looks like).
    } else if (line[indent] === '\t') {
      return undefined;
    } else if (indent === 0 && (line.startsWith('---') || line.startsWith('...'))) {
      if (line.length > 3 && !/^(?:---|\.\.\.)\s*(?:#.*)?$/.test(line)) return undefined;
      open = undefined;
    } else {
      const node = parseLine(line, indent);
      if (!node) return undefined;
      open = node.value === 'open-quote' ? { quote: line[node.valueAt] as '"' | "'" } : node.value === 'plain' ? { plainAbove: node.column } : undefined;
      if (node.value === 'block') {
        const end = blockScalarEnd(text, next, node.column, line.slice(node.valueAt));
        if (end === undefined) return undefined;
        out.push(text.slice(copiedTo, start + node.valueAt), '""');
        copiedTo = end;
        start = end + 1;
        continue;
      }
    }
    start = next;
  }
  out.push(text.slice(copiedTo));
  return out.join('');
}

/**
 * Where the block scalar starting on the line at `from` ends (the end of its last line), in a mapping at column
 * `parent` with indicator `|`, `>-`, `|2`…: its content is indented like its first line (or by the explicit
 * indicator), blank lines included. Undefined when the scalar is empty or has over-indented leading blank lines (YAML
 * rejects or reads them subtly: left to the parser).
 */
function blockScalarEnd(text: string, from: number, parent: number, indicator: string): number | undefined {
  let first = from;
  while (first < text.length && isBlankAt(text, first)) first = lineEnd(text, first) + 1;
  if (first >= text.length) return undefined;
  const explicit = /\d/.exec(indicator);
  const firstIndent = indentAt(text, first);
  const content = explicit ? parent + Number(explicit[0]) : firstIndent;
  if (content <= parent || firstIndent < content) return undefined;
  for (let at = from; at < first; at = lineEnd(text, at) + 1) if (lineEnd(text, at) - at > content) return undefined;
  // Trailing blank lines belong to the scalar (its chomping): they go with it, as they hold nothing else. The end is
  // the line break before the first line that has content and less indentation; a regex finds it natively, where a
  // loop over every line of the value was most of the time spent on a must-gather's ConfigMaps (issue 11).
  const outdented = outdentedLine(content);
  outdented.lastIndex = lineEnd(text, first);
  return outdented.exec(text)?.index ?? text.length;
}

const outdentedLines = new Map<number, RegExp>();

/** A line break followed by a line that is not blank and is indented less than `indent` spaces. */
function outdentedLine(indent: number): RegExp {
  let pattern = outdentedLines.get(indent);
  if (!pattern) {
    pattern = new RegExp(`\\n(?! {${indent}}| *(?:\\n|$))`, 'g');
    // Kubernetes YAML indents by two, a few levels deep; a text of odd indentations does not grow the map.
    if (indent <= 64) outdentedLines.set(indent, pattern);
  }
  return pattern;
}

function lineEnd(text: string, from: number): number {
  const eol = text.indexOf('\n', from);
  return eol < 0 ? text.length : eol;
}

/** Spaces at the start of the line that begins at `at`. */
function indentAt(text: string, at: number): number {
  let end = at;
  while (text.charCodeAt(end) === 32) end++;
  return end - at;
}

/** Only spaces (a line with a tab is left for the structure check, which gives up on tabs). */
function isBlankAt(text: string, at: number): boolean {
  const end = at + indentAt(text, at);
  return end === text.length || text.charCodeAt(end) === 10;
}

interface LineNode {
  /** Column of the key (or of the last `- ` for a bare sequence item): lines indented past it belong to its value. */
  column: number;
  valueAt: number;
  /** none: `key:` opens a nested block; done: the value is complete on this line. */
  value: 'none' | 'block' | 'open-quote' | 'plain' | 'done';
}

function parseLine(line: string, indent: number): LineNode | undefined {
  let at = indent;
  let column = indent;
  // `- ` sequence entries, possibly several on one line (`- - a`).
  while (line[at] === '-' && (at + 1 === line.length || line[at + 1] === ' ')) {
    column = at;
    at = skipSpaces(line, at + 1);
    if (at === line.length) return { column, valueAt: at, value: 'none' };
  }
  const first = line.charAt(at);
  if ('?%&*!|>[]{}@`'.includes(first) && !(first === '[' || first === '{')) return undefined;
  // A key: quoted, or plain up to the first `: ` (a plain scalar cannot hold `: `, and ` #` starts a comment).
  let keyEnd: number;
  if (first === '"' || first === "'") {
    const end = closingQuote(line, at + 1, first);
    if (end < 0) return at > indent ? { column, valueAt: at, value: 'open-quote' } : undefined;
    keyEnd = end + 1;
    if (line[keyEnd] !== ':') return onlyCommentAfter(line, keyEnd) ? { column, valueAt: at, value: 'done' } : undefined;
    if (keyEnd + 1 < line.length && line[keyEnd + 1] !== ' ') return undefined;
  } else if (first === '[' || first === '{') {
    return balancedFlow(line, at) ? { column, valueAt: at, value: 'done' } : undefined;
  } else {
    const colon = plainKeyEnd(line, at);
    if (colon === undefined) return undefined;
    // A plain scalar with no key is only modelled as a sequence item (`- text`), continued on lines past its dash.
    if (colon < 0) return at > indent ? { column, valueAt: at, value: 'plain' } : undefined;
    keyEnd = colon;
  }
  column = at;
  const valueAt = skipSpaces(line, keyEnd + 1);
  if (valueAt === line.length || line[valueAt] === '#') return { column, valueAt, value: 'none' };
  const value = valueKind(line, valueAt);
  return value && { column, valueAt, value };
}

/** The kind of a mapping value starting at `at`; undefined for what this scanner leaves to the parser. */
function valueKind(line: string, at: number): LineNode['value'] | undefined {
  const first = line.charAt(at);
  if (first === '|' || first === '>') return /^[|>][-+0-9]*\s*(?:#.*)?$/.test(line.slice(at)) ? 'block' : 'plain';
  if (first === '"' || first === "'") {
    const end = closingQuote(line, at + 1, first);
    if (end < 0) return 'open-quote';
    return onlyCommentAfter(line, end + 1) ? 'done' : 'plain';
  }
  if (first === '[' || first === '{') return balancedFlow(line, at) ? 'done' : undefined;
  return 'plain';
}

/**
 * Where a plain key ends (its `:`), -1 for a line that is a plain scalar without a key, undefined when a comment or
 * an indicator makes it ambiguous.
 */
function plainKeyEnd(line: string, at: number): number | undefined {
  const spaced = line.indexOf(': ', at);
  const colon = spaced >= 0 ? spaced : line.endsWith(':') && line.length - 1 >= at ? line.length - 1 : -1;
  const comment = line.indexOf(' #', Math.max(0, at - 1));
  if (comment >= 0 && (colon < 0 || comment < colon)) return undefined;
  return colon;
}

/** Index of the quote that closes a quoted scalar opened before `from`, or -1 when it continues on the next line. */
function closingQuote(line: string, from: number, quote: string): number {
  for (let i = line.indexOf(quote, from); i >= 0; i = line.indexOf(quote, i)) {
    if (quote === "'") {
      if (line[i + 1] !== "'") return i;
      i += 2;
    } else {
      // Escaped when an odd number of backslashes (after the opening quote) stand right before it.
      let backslashes = 0;
      while (i - backslashes - 1 >= from && line[i - backslashes - 1] === '\\') backslashes++;
      if (backslashes % 2 === 0) return i;
      i += 1;
    }
  }
  return -1;
}

/** A flow collection that closes on its own line (quotes inside it respected). */
function balancedFlow(line: string, at: number): boolean {
  let depth = 0;
  for (let i = at; i < line.length; i++) {
    const c = line.charAt(i);
    if (c === '"' || c === "'") {
      i = closingQuote(line, i + 1, c);
      if (i < 0) return false;
    } else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      if (--depth === 0) return onlyCommentAfter(line, i + 1);
    } else if (c === '&' || c === '*' || c === '!') return false;
  }
  return false;
}

function onlyCommentAfter(line: string, from: number): boolean {
  const at = skipSpaces(line, from);
  return at === line.length || (line[at] === '#' && at > from);
}

function skipSpaces(line: string, from: number): number {
  let at = from;
  while (at < line.length && line[at] === ' ') at++;
  return at;
}
