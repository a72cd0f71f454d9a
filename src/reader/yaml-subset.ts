/**
 * A parser for the YAML that Kubernetes tools write (`kubectl get -o yaml`, `oc adm must-gather`, troubleshoot: Go's
 * yaml.v2/v3 and sigs.k8s.io/yaml), three to four times faster than js-yaml on a must-gather (issue 11). It returns exactly
 * what js-yaml's `loadAll(text, { schema: CORE_SCHEMA, json: true })` returns, without the null documents, or
 * undefined ("not sure") for any text using YAML it does not model; the caller then parses with js-yaml as before.
 * Every rule below is js-yaml's loader (lib/loader.js) narrowed to this subset, so a give-up is never a wrong value.
 *
 * Modelled: block mappings and sequences (`- ` also at its parent key's column), plain scalars with the core schema,
 * single- and double-quoted scalars, all three over several lines (folded as js-yaml folds them), block scalars
 * (`|`, `>`, chomping and indentation indicators), `{}` and `[]`, comments, `---` and `...`, repeated keys (the last
 * wins). Not modelled, so given up on: anchors, aliases, tags, `?` keys, directives, other flow collections, tabs in
 * indentation, CR line ends, control characters, nesting deeper than MAX_DEPTH, and every text js-yaml would reject.
 * Work is linear in the text: every line is read a bounded number of times and nothing recurses past MAX_DEPTH.
 */

/** Thrown (not an Error: no stack to capture) wherever the text leaves the subset; caught once, at the top. */
const GIVE_UP = Symbol('not in the YAML subset');

/**
 * Plain keys seen before (a Kubernetes text repeats a few hundred names), up to KEYS_PER_SLOT per slot, slot by their
 * first four characters (`containers`, `containerID`, `containerPort` and `containerStatuses` share one). A key that starts at a line's content, followed by `:` and a blank, is read exactly as when it was first
 * read, so the scan and the new string (which V8 would also have to intern as a property name) are saved. Shared by
 * all texts: a hit compares the key with the text itself.
 */
const KEYS_PER_SLOT = 8;
const KNOWN_KEYS: (string | undefined)[] = new Array<string | undefined>(1024 * KEYS_PER_SLOT).fill(undefined);

/** What `plain` returns when its first line is a key. */
const IS_KEY = Symbol('a key');

/** Far below js-yaml's own limit (maxDepth 100), where it throws: deeper text is left to it. */
const MAX_DEPTH = 60;

const LF = 0x0a;
const TAB = 0x09;
const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const DOT = 0x2e;
const SINGLE = 0x27;
const DOUBLE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Characters js-yaml refuses in scalars (C0/C1 controls, DEL, lone surrogates, U+FFFE/U+FFFF), or treats specially
 * (a byte order mark): a text with one in a scalar is left to js-yaml. Tab and LF are the only controls allowed. The
 * scanners below check every character they pass (see `printable`), block scalars are checked with this pattern, and
 * NUL and CR (a line break for js-yaml, even in a comment) are looked for in the whole text.
 */
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const UNPRINTABLE = /[\x00-\x08\x0B-\x1F\x7F-\x9F\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/**
 * The non-null documents of `text` as js-yaml (CORE_SCHEMA, json: true) gives them, or undefined when the text uses
 * YAML outside the modelled subset.
 */
export function parseYamlSubset(text: string): unknown[] | undefined {
  if (text.includes('\0') || text.includes('\r')) return undefined;
  // js-yaml reads the text as if it ended with a line break.
  const parser = new SubsetParser(text.length === 0 || text.charCodeAt(text.length - 1) === LF ? text : `${text}\n`);
  try {
    return parser.documents();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

function giveUp(): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- a sentinel, caught by identity in parseYamlSubset
  throw GIVE_UP;
}

const isBlank = (c: number): boolean => c === SPACE || c === TAB;
/** Whitespace or line end; NaN (past the end) counts as a line end, as js-yaml's terminating `\0` does here. */
const isBlankOrEnd = (c: number): boolean => c === SPACE || c === TAB || c === LF || Number.isNaN(c);

class SubsetParser {
  private pos = 0;
  private depth = 0;
  /** The start and indentation of a content line found by `plain` below its scalar, for the `nextLine` that follows. */
  private knownLine = -1;
  private knownIndent = 0;
  private readonly length: number;

  constructor(private readonly text: string) {
    this.length = text.length;
  }

  documents(): unknown[] {
    const { text } = this;
    const values: unknown[] = [];
    for (;;) {
      let indent = this.nextLine();
      if (this.pos >= this.length) return values;
      if (indent < 0) {
        // `...` ends a document (js-yaml then starts the next), `---` starts one; nothing may follow on the line.
        const marker = text.charCodeAt(this.pos);
        this.pos = this.restOfLineIsComment(this.pos + 3);
        if (marker === DOT) continue;
        indent = this.nextLine();
        if (indent < 0) continue; // An empty document: null, which the caller would drop.
      }
      // js-yaml takes `---` at the start of a document for a marker whatever follows it (`---x`): not modelled.
      if (indent === 0 && text.startsWith('---', this.pos)) giveUp();
      const value = this.node(indent - 1, this.pos + indent, indent, true, false);
      if (value !== null) values.push(value);
      if (this.nextLine() >= 0) giveUp(); // js-yaml: "end of the stream or a document separator is expected"
    }
  }

  /**
   * Moves `pos` from a line start over blank and comment lines to the start of the next line with content and returns
   * that line's indentation, or -1 at the end of the text or at a document marker (`---`/`...` at column 0), which
   * closes every open collection.
   */
  private nextLine(): number {
    const { text, length } = this;
    let start = this.pos;
    if (start === this.knownLine) return this.knownIndent;
    while (start < length) {
      let i = start;
      while (text.charCodeAt(i) === SPACE) i++;
      const c = text.charCodeAt(i);
      if (c === LF) {
        start = i + 1;
      } else if (c === HASH) {
        start = this.lineEnd(i) + 1;
      } else if (c === TAB) {
        giveUp(); // a tab in the indentation: js-yaml rejects it or reads the line another way
      } else {
        this.pos = start;
        if (i === start && isDocumentMarker(text, start)) return -1;
        return i - start;
      }
    }
    this.pos = length;
    return -1;
  }

  private lineEnd(from: number): number {
    const end = this.text.indexOf('\n', from);
    return end < 0 ? this.length : end;
  }

  /** Requires only blanks and a comment from `from` to the line end; returns the next line's start. */
  private restOfLineIsComment(from: number): number {
    const { text } = this;
    let i = from;
    while (isBlank(text.charCodeAt(i))) i++;
    const c = text.charCodeAt(i);
    if (c === HASH) return this.lineEnd(i) + 1;
    if (c !== LF && i < this.length) giveUp();
    return i + 1;
  }

  /**
   * The node whose first character is at `at`, with js-yaml's `parentIndent` (continuation lines must be indented
   * more). `compact`: a block collection may start here (a line of its own, or after `- `); `sameLine`: the node
   * follows its key or dash on that line, where a block scalar may start. Leaves `pos` at the start of the line after
   * the node.
   */
  private node(parentIndent: number, at: number, column: number, compact: boolean, sameLine: boolean): unknown {
    const { text } = this;
    const c = text.charCodeAt(at);
    const next = text.charCodeAt(at + 1);
    if (c === DASH && isBlankOrEnd(next)) {
      if (!compact) giveUp();
      return this.sequence(column, at);
    }
    if (c === DOUBLE || c === SINGLE) {
      const value = this.quoted(at);
      let i = this.pos;
      while (isBlank(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === COLON && isBlankOrEnd(text.charCodeAt(i + 1))) {
        // A quoted key: the node is a mapping, unless the key spans lines (js-yaml rejects that).
        if (!compact || this.quotedLines) giveUp();
        return this.mapping(column, at);
      }
      this.pos = this.restOfLineIsComment(i);
      return value;
    }
    if (c === 0x7c /* | */ || c === 0x3e /* > */) {
      // After its key or dash, or a document's whole content; js-yaml also reads one on a line of its own: not modelled.
      if (!sameLine && parentIndent >= 0) giveUp();
      return this.blockScalar(at, parentIndent + 1);
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      // Only the empty flow collections Go writes; `{}: x` and anything longer are left to js-yaml.
      if (text.charCodeAt(at + 1) !== (c === 0x7b ? 0x7d : 0x5d)) giveUp();
      this.pos = this.restOfLineIsComment(at + 2);
      return c === 0x7b ? {} : [];
    }
    if (!startsPlain(c, next)) giveUp();
    const plain = this.plain(at, parentIndent, compact);
    return plain === IS_KEY ? this.mapping(column, at) : resolvePlain(plain);
  }

  /**
   * Where the plain key starting at `at` ends (its `:` followed by a blank or the line end), or -1 when the line holds
   * a plain scalar instead (no such colon before the line end or a comment).
   */
  private keyColon(at: number): number {
    const { text } = this;
    for (let i = at; ; i++) {
      const c = text.charCodeAt(i);
      if (c > HASH && c < 0x7f && c !== COLON) continue;
      if (c === LF || Number.isNaN(c)) return -1;
      if (c === COLON && isBlankOrEnd(text.charCodeAt(i + 1))) return i;
      if (c === HASH && isBlank(text.charCodeAt(i - 1))) return -1;
      if ((c < SPACE || c >= 0x7f) && !printable(text, i)) giveUp();
    }
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) giveUp();
  }

  /** A block mapping whose first key starts at `at`, at `column`. */
  private mapping(column: number, at: number): Record<string, unknown> {
    const { text } = this;
    this.enter();
    const result: Record<string, unknown> = {};
    let keyAt = at;
    for (;;) {
      const key = this.key(keyAt);
      // `pos` is just after the key's colon: the value follows on this line, on the lines below, or is empty.
      let i = this.pos;
      while (isBlank(text.charCodeAt(i))) i++;
      const c = text.charCodeAt(i);
      let value: unknown = null;
      if (c === LF || c === HASH || i >= this.length) {
        this.pos = c === HASH ? this.lineEnd(i) + 1 : i + 1;
        const indent = this.nextLine();
        if (indent > column) {
          value = this.node(column, this.pos + indent, indent, true, false);
        } else if (indent === column && this.dashAt(this.pos + indent)) {
          value = this.sequence(column, this.pos + indent); // Go's `- ` at the key's column
        }
      } else {
        value = this.node(column, i, column + i - keyAt, false, true);
      }
      if (key === '__proto__') {
        // js-yaml makes it an own property, as JSON.parse does, instead of setting the prototype.
        Object.defineProperty(result, key, { configurable: true, enumerable: true, writable: true, value });
      } else {
        result[key] = value;
      }
      const indent = this.nextLine();
      if (indent < column) break;
      if (indent > column || this.dashAt(this.pos + indent)) giveUp(); // js-yaml: bad indentation
      keyAt = this.pos + indent;
    }
    this.depth--;
    return result;
  }

  private dashAt(at: number): boolean {
    return this.text.charCodeAt(at) === DASH && isBlankOrEnd(this.text.charCodeAt(at + 1));
  }

  /** Reads the key at `at` up to and including its colon, as the string js-yaml stores. */
  private key(at: number): string {
    const { text } = this;
    const c = text.charCodeAt(at);
    let key: string;
    let i: number;
    if (c === DOUBLE || c === SINGLE) {
      key = this.quoted(at);
      if (this.quotedLines) giveUp(); // a key over several lines
      i = this.pos;
      while (isBlank(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) !== COLON || !isBlankOrEnd(text.charCodeAt(i + 1))) giveUp();
    } else {
      const known = this.knownKey(at);
      if (known !== undefined) return known;
      if (!startsPlain(c, text.charCodeAt(at + 1))) giveUp();
      i = this.keyColon(at);
      if (i < 0) giveUp(); // a line without a key in a mapping
      let end = i;
      while (isBlank(text.charCodeAt(end - 1))) end--;
      // A plain key is resolved like any plain scalar, then made a string: `true:` is "true", `0x1F:` is "31".
      const raw = text.slice(at, end);
      const resolved = resolvePlain(raw);
      if (resolved === raw && end === i) this.rememberKey(raw, at);
      key = String(resolved);
    }
    this.pos = i + 1;
    return key;
  }

  private readonly keys = KNOWN_KEYS;

  private keySlot(at: number): number {
    const { text } = this;
    return (((text.charCodeAt(at) * 31 + text.charCodeAt(at + 1)) * 31 + text.charCodeAt(at + 2)) * 31 + text.charCodeAt(at + 3)) & 1023;
  }

  private knownKey(at: number): string | undefined {
    const { text, keys } = this;
    const slot = this.keySlot(at) * KEYS_PER_SLOT;
    for (let k = slot; k < slot + KEYS_PER_SLOT; k++) {
      const key = keys[k];
      if (key === undefined) return undefined;
      const colon = at + key.length;
      if (text.charCodeAt(colon) === COLON && isBlankOrEnd(text.charCodeAt(colon + 1)) && text.startsWith(key, at)) {
        this.pos = colon + 1;
        return key;
      }
    }
    return undefined;
  }

  /** Remembers a plain key read as itself (a string, directly followed by its colon). */
  private rememberKey(key: string, at: number): void {
    const slot = this.keySlot(at) * KEYS_PER_SLOT;
    for (let k = slot + KEYS_PER_SLOT - 1; k > slot; k--) this.keys[k] = this.keys[k - 1];
    // The interned copy: a slice of 13 characters or more would keep the whole text alive in this shared cache.
    this.keys[slot] = Object.keys({ [key]: 0 })[0] ?? key;
  }

  /** A block sequence whose first `-` is at `at`, at `column`. */
  private sequence(column: number, at: number): unknown[] {
    const { text } = this;
    this.enter();
    const result: unknown[] = [];
    let dash = at;
    for (;;) {
      let i = dash + 1;
      while (text.charCodeAt(i) === SPACE) i++;
      const c = text.charCodeAt(i);
      if (c === TAB) giveUp();
      if (c === LF || c === HASH || i >= this.length) {
        this.pos = c === HASH ? this.lineEnd(i) + 1 : i + 1;
        const indent = this.nextLine();
        if (indent > column) {
          result.push(this.node(column, this.pos + indent, indent, true, false));
        } else {
          // An empty entry. js-yaml would take a `- ` further left as this sequence's next entry: not modelled.
          result.push(null);
          if (indent >= 0 && indent < column && this.dashAt(this.pos + indent)) giveUp();
        }
      } else {
        result.push(this.node(column, i, column + i - dash, true, true));
      }
      const indent = this.nextLine();
      if (indent > column) giveUp(); // js-yaml: bad indentation of a sequence entry
      if (indent < column || !this.dashAt(this.pos + indent)) break;
      dash = this.pos + indent;
    }
    this.depth--;
    return result;
  }

  /**
   * A plain scalar from `at` over its continuation lines, those indented more than `parentIndent`, folded as js-yaml
   * folds them: one line break becomes a space, n > 1 become n - 1 newlines. When its first line holds a key colon,
   * it is a key instead: IS_KEY where a block mapping may start (`compact`), else (`a: b: c`) not modelled.
   */
  private plain(at: number, parentIndent: number, compact: boolean): string | typeof IS_KEY {
    const { text } = this;
    let result = '';
    let segmentStart = at;
    let breaks = 0;
    for (;;) {
      // One line of the scalar, from segmentStart: up to its line end or a comment.
      let end = segmentStart;
      let i = segmentStart;
      let comment = false;
      for (;;) {
        const c = text.charCodeAt(i);
        if (c > HASH && c < 0x7f && c !== COLON) {
          // Letters, digits and most punctuation: content, nothing to decide (the bulk of a scalar).
          end = ++i;
          continue;
        }
        if (c === LF || Number.isNaN(c)) break;
        if (c === HASH && isBlank(text.charCodeAt(i - 1))) {
          comment = true;
          break;
        }
        if (c === COLON && isBlankOrEnd(text.charCodeAt(i + 1))) {
          if (compact && segmentStart === at) return IS_KEY;
          giveUp(); // a key on a continuation line
        }
        if ((c < SPACE || c >= 0x7f) && c !== TAB && !printable(text, i)) giveUp();
        i++;
        if (c !== SPACE && c !== TAB) end = i;
      }
      if (breaks === 1) result += ' ';
      else if (breaks > 1) result += '\n'.repeat(breaks - 1);
      result += text.slice(segmentStart, end);
      if (comment) {
        this.pos = this.lineEnd(i) + 1;
        return result;
      }
      // Continuation: the next line with content, if indented more than the parent and not a comment or marker.
      let lineStart = i + 1;
      breaks = 1;
      for (;;) {
        let j = lineStart;
        while (text.charCodeAt(j) === SPACE) j++;
        const c = text.charCodeAt(j);
        if (c === TAB) giveUp();
        if (c !== LF || j >= this.length) {
          if (j >= this.length || j - lineStart <= parentIndent || c === HASH || (j === lineStart && isDocumentMarker(text, j))) {
            // The blank lines before are nothing to the caller either; a content line's indentation is kept for it.
            this.pos = lineStart;
            if (c !== HASH && j < this.length && j > lineStart) {
              this.knownLine = lineStart;
              this.knownIndent = j - lineStart;
            }
            return result;
          }
          segmentStart = j;
          break;
        }
        breaks++;
        lineStart = j + 1;
      }
    }
  }

  /** A single- or double-quoted scalar starting at `at`; leaves `pos` just after the closing quote. */
  private quoted(at: number): string {
    const { text } = this;
    const double = text.charCodeAt(at) === DOUBLE;
    this.quotedLines = false;
    const quote = double ? DOUBLE : SINGLE;
    // The common case: one line, no escapes (a scan over the scalar only, never past it).
    for (let i = at + 1; ; i++) {
      const c = text.charCodeAt(i);
      if (c > BACKSLASH && c < 0x7f) continue; // lower-case letters and the like: nothing to decide
      if (c === quote) {
        if (double || text.charCodeAt(i + 1) !== SINGLE) {
          this.pos = i + 1;
          return text.slice(at + 1, i);
        }
        break;
      }
      if (c === LF || c === BACKSLASH || Number.isNaN(c)) break;
      if ((c < SPACE || c >= 0x7f) && c !== TAB && !printable(text, i)) giveUp();
    }
    return this.quotedSlowly(at, double);
  }

  /** js-yaml's readSingleQuotedScalar and readDoubleQuotedScalar: escapes, folding, `''`. */
  private quotedSlowly(at: number, double: boolean): string {
    const { text } = this;
    const quote = double ? DOUBLE : SINGLE;
    let result = '';
    let i = at + 1;
    let captureStart = i;
    let captureEnd = i;
    for (;;) {
      if (i >= this.length) giveUp();
      const c = text.charCodeAt(i);
      if (c === quote) {
        result += text.slice(captureStart, i);
        i++;
        if (double || text.charCodeAt(i) !== SINGLE) {
          this.pos = i;
          return result;
        }
        // `''` is one quote, kept as the start of the next segment.
        captureStart = i;
        i++;
        captureEnd = i;
      } else if (c === BACKSLASH && double) {
        result += text.slice(captureStart, i);
        i = this.escape(i);
        result += this.unescaped;
        captureStart = captureEnd = i;
      } else if (c === LF) {
        result += text.slice(captureStart, captureEnd);
        i = this.foldQuotedBreaks(i);
        result += this.folded;
        captureStart = captureEnd = i;
      } else {
        if ((c < SPACE || c >= 0x7f) && c !== TAB && !printable(text, i)) giveUp();
        i++;
        if (!isBlank(c)) captureEnd = i;
      }
    }
  }

  /** What `escape` read. */
  private unescaped = '';

  /** The escape sequence at `at` (a backslash): sets `unescaped` and returns where the scalar goes on. */
  private escape(at: number): number {
    const { text } = this;
    const e = text.charCodeAt(at + 1);
    if (e === LF) {
      // An escaped line break: the break and the next lines' leading blanks (blank lines too) are dropped.
      this.unescaped = '';
      return this.foldQuotedBreaks(at + 1);
    }
    const simple = simpleEscape(e);
    if (simple !== undefined) {
      this.unescaped = simple;
      return at + 2;
    }
    const digits = e === 0x78 /* x */ ? 2 : e === 0x75 /* u */ ? 4 : e === 0x55 /* U */ ? 8 : 0;
    if (digits === 0) giveUp();
    const hex = text.slice(at + 2, at + 2 + digits);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) giveUp();
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) giveUp(); // js-yaml's arithmetic differs past the last code point
    this.unescaped = String.fromCodePoint(code);
    return at + 2 + digits;
  }

  /** Whether the last quoted scalar read spans lines. */
  private quotedLines = false;

  /** What foldQuotedBreaks folded the line breaks into. */
  private folded = '';

  /**
   * From a line break inside a quoted scalar: skips it, blank lines and the next line's leading blanks, sets `folded`
   * (one break: a space; n: n - 1 newlines) and returns where the content resumes. A document marker there is an
   * error for js-yaml, and a tab in the indentation is left to it.
   */
  private foldQuotedBreaks(from: number): number {
    const { text } = this;
    let breaks = 0;
    let i = from;
    while (text.charCodeAt(i) === LF) {
      breaks++;
      const lineStart = ++i;
      while (text.charCodeAt(i) === SPACE) i++;
      if (text.charCodeAt(i) === TAB) giveUp();
      if (i === lineStart && isDocumentMarker(text, i)) giveUp();
    }
    this.quotedLines = true;
    this.folded = breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
    return i;
  }

  /**
   * js-yaml's readBlockScalar from the indicator at `at`; `nodeIndent` is the parent's indentation plus one. Leaves
   * `pos` at the start of the first line after the scalar.
   */
  private blockScalar(at: number, nodeIndent: number): string {
    const { text } = this;
    const folding = text.charCodeAt(at) === 0x3e;
    let chomping: 'clip' | 'strip' | 'keep' = 'clip';
    let detectedIndent = false;
    let textIndent = nodeIndent;
    let i = at + 1;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x2b /* + */ || c === DASH) {
        if (chomping !== 'clip') giveUp();
        chomping = c === DASH ? 'strip' : 'keep';
      } else if (c >= 0x31 && c <= 0x39) {
        if (detectedIndent) giveUp();
        textIndent = nodeIndent + (c - 0x30) - 1;
        detectedIndent = true;
      } else {
        break;
      }
      i++;
    }
    // Blanks and a comment may follow the header; js-yaml takes a `#` right after it for an error.
    if (text.charCodeAt(i) === HASH) giveUp();
    // A document's `|1`: every line, the end of the text included, is content for js-yaml. Not modelled.
    if (detectedIndent && textIndent === 0) giveUp();
    let lineStart = this.restOfLineIsComment(i);
    let result = '';
    let emptyLines = 0;
    let didReadContent = false;
    let atMoreIndented = false;
    for (;;) {
      let j = lineStart;
      while ((!detectedIndent || j - lineStart < textIndent) && text.charCodeAt(j) === SPACE) j++;
      const lineIndent = j - lineStart;
      if (!detectedIndent && lineIndent > textIndent) textIndent = lineIndent;
      const c = text.charCodeAt(j);
      if (c === LF) {
        emptyLines++;
        lineStart = j + 1;
        continue;
      }
      if (!detectedIndent && textIndent === 0) giveUp(); // js-yaml: missing indentation (a document's block scalar)
      if (lineIndent < textIndent || j >= this.length) {
        if (chomping === 'keep') result += '\n'.repeat(didReadContent ? 1 + emptyLines : emptyLines);
        else if (chomping === 'clip' && didReadContent) result += '\n';
        this.pos = lineStart;
        return result;
      }
      if (folding) {
        if (isBlank(c)) {
          atMoreIndented = true;
          result += '\n'.repeat(didReadContent ? 1 + emptyLines : emptyLines);
        } else if (atMoreIndented) {
          atMoreIndented = false;
          result += '\n'.repeat(emptyLines + 1);
        } else if (emptyLines === 0) {
          if (didReadContent) result += ' ';
        } else {
          result += '\n'.repeat(emptyLines);
        }
      } else {
        result += '\n'.repeat(didReadContent ? 1 + emptyLines : emptyLines);
      }
      didReadContent = true;
      detectedIndent = true;
      emptyLines = 0;
      const end = this.lineEnd(j);
      const line = text.slice(j, end);
      if (UNPRINTABLE.test(line)) giveUp();
      result += line;
      lineStart = end + 1;
    }
  }
}

/**
 * Whether the character at `at`, below a space or from DEL up, is one js-yaml accepts in a scalar: a tab, or a
 * character that is neither a C1 control, a byte order mark, U+FFFE/U+FFFF nor half of a broken surrogate pair.
 */
function printable(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c < SPACE) return c === TAB;
  if (c <= 0x9f || c === 0xfeff || c >= 0xfffe) return false;
  if (c >= 0xd800 && c <= 0xdbff) return isLowSurrogate(text.charCodeAt(at + 1));
  if (c >= 0xdc00 && c <= 0xdfff) return at > 0 && text.charCodeAt(at - 1) >= 0xd800 && text.charCodeAt(at - 1) <= 0xdbff;
  return true;
}

const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

function isDocumentMarker(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return (c === DASH || c === DOT) && text.charCodeAt(at + 1) === c && text.charCodeAt(at + 2) === c && isBlankOrEnd(text.charCodeAt(at + 3));
}

/**
 * Whether a plain scalar may start with `c` (followed by `next`), as in js-yaml's readPlainScalar; other starts are
 * indicators (anchors, tags, flow collections, directives, reserved characters) this parser leaves to js-yaml.
 */
function startsPlain(c: number, next: number): boolean {
  switch (c) {
    case SPACE: case TAB: case LF: case 0x2c: case 0x5b: case 0x5d: case 0x7b: case 0x7d: case HASH: case 0x26: case 0x2a:
    case 0x21: case 0x7c: case 0x3e: case SINGLE: case DOUBLE: case 0x25: case 0x40: case 0x60:
      return false;
    case 0x3f /* ? */: case COLON: case DASH:
      return !isBlankOrEnd(next);
    default:
      return !Number.isNaN(c);
  }
}

function simpleEscape(c: number): string | undefined {
  switch (c) {
    case 0x30: return '\x00';
    case 0x61: return '\x07';
    case 0x62: return '\b';
    case 0x74: case TAB: return '\t';
    case 0x6e: return '\n';
    case 0x76: return '\v';
    case 0x66: return '\f';
    case 0x72: return '\r';
    case 0x65: return '\x1b';
    case SPACE: return ' ';
    case DOUBLE: return '"';
    case 0x2f: return '/';
    case BACKSLASH: return '\\';
    case 0x4e: return '\x85';
    case 0x5f: return '\xa0';
    case 0x4c: return '\u2028';
    case 0x50: return '\u2029';
    default: return undefined;
  }
}

const FLOAT = /^(?:[-+]?(?:[0-9]+)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** The core schema's reading of a plain scalar, in js-yaml's order: null, bool, int, float, else the string. */
function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  switch (c) {
    case 0x7e /* ~ */:
      return s.length === 1 ? null : s;
    case 0x6e: case 0x4e: // n N
      return s === 'null' || s === 'Null' || s === 'NULL' ? null : s;
    case 0x74: case 0x54: // t T
      return s === 'true' || s === 'True' || s === 'TRUE' ? true : s;
    case 0x66: case 0x46: // f F
      return s === 'false' || s === 'False' || s === 'FALSE' ? false : s;
    default:
      if ((c >= 0x30 && c <= 0x39) || c === DASH || c === 0x2b || c === DOT) {
        const integer = yamlInteger(s);
        if (integer !== undefined) return integer;
        if (FLOAT.test(s) && (Number.isFinite(parseFloat(s)) || FLOAT_SPECIAL.test(s))) return yamlFloat(s);
      }
      return s;
  }
}

/** js-yaml's resolveYamlInteger and constructYamlInteger (type/int.js): decimal, 0b, 0o, 0x, no underscores. */
function yamlInteger(s: string): number | undefined {
  let i = 0;
  let sign = 1;
  let c = s.charCodeAt(0);
  if (c === DASH || c === 0x2b) {
    if (c === DASH) sign = -1;
    c = s.charCodeAt(++i);
  }
  const body = s.slice(i);
  if (body === '0') return 0;
  if (c === 0x30) {
    const base = s.charCodeAt(i + 1);
    const radix = base === 0x62 ? 2 : base === 0x78 ? 16 : base === 0x6f ? 8 : 10;
    if (radix !== 10) {
      const digits = body.slice(2);
      const valid = radix === 2 ? /^[01]+$/ : radix === 8 ? /^[0-7]+$/ : /^[0-9a-fA-F]+$/;
      if (!valid.test(digits)) return undefined;
      const value = sign * parseInt(digits, radix);
      return Number.isFinite(value) ? value : undefined;
    }
  }
  if (!/^[0-9]+$/.test(body)) return undefined;
  const value = sign * parseInt(body, 10);
  return Number.isFinite(value) ? value : undefined;
}

/** js-yaml's constructYamlFloat (type/float.js). */
function yamlFloat(s: string): number {
  let value = s.toLowerCase();
  const sign = value.startsWith('-') ? -1 : 1;
  if (value.startsWith('-') || value.startsWith('+')) value = value.slice(1);
  if (value === '.inf') return sign === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  if (value === '.nan') return NaN;
  return sign * parseFloat(value);
}
