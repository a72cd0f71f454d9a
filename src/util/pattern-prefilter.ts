/**
 * One pass per line instead of one per pattern, for the reader's keep patterns and the analysis's signature
 * catalogue: every pattern that needs a literal to match (`connection refused`, `Traceback (most recent call
 * last)`, one of `Error|Exception|Exit`) contributes those literals to one search (a regex alternation for a few
 * literals, an Aho–Corasick automaton for many), and the patterns themselves run only on the lines that hold one of
 * their literals. Patterns without such a literal (`^F\d{4} …`) run on every line.
 * The prefilter only ever lets more lines through than the patterns match, never fewer: a line matches some pattern
 * exactly when `PatternPrefilter.matches` says so (test/util/pattern-prefilter.test.ts checks this on a corpus).
 *
 * The literals come from a small parser of regular-expression source that is conservative wherever it is unsure:
 * anything it does not understand ends a literal run, and a pattern it cannot bound is tested on every line.
 */

/** Shorter literals pass too many lines to be worth a combined test. */
const MIN_LITERAL = 3;

type Item =
  | { kind: 'char'; char: string }
  | { kind: 'group'; branches: Quantified[][] }
  /** Anything that matches something other than one fixed character, or nothing (anchors, lookarounds). */
  | { kind: 'other' };

interface Quantified {
  item: Item;
  /** At least one occurrence is required. */
  required: boolean;
  /** Exactly one occurrence (no quantifier): the item can join a literal run on both sides. */
  single: boolean;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v', '0': '\0' };

/** Parses the source of a regular expression without the `u`/`v` flag into branches of quantified items. */
class SourceParser {
  private at = 0;

  constructor(private readonly source: string) {}

  parse(): Quantified[][] {
    const branches = this.alternation();
    if (this.at !== this.source.length) throw new Error('unbalanced');
    return branches;
  }

  private alternation(): Quantified[][] {
    const branches: Quantified[][] = [[]];
    while (this.at < this.source.length) {
      const c = this.source.charAt(this.at);
      if (c === ')') break;
      if (c === '|') {
        this.at++;
        branches.push([]);
        continue;
      }
      branches.at(-1)?.push(this.quantified(this.atom()));
    }
    return branches;
  }

  private atom(): Item {
    const c = this.source.charAt(this.at++);
    switch (c) {
      case '\\':
        return this.escape();
      case '[':
        this.skipClass();
        return { kind: 'other' };
      case '(':
        return this.group();
      case '.':
      case '^':
      case '$':
        return { kind: 'other' };
      case '*':
      case '+':
      case '?':
      case '{':
        // A quantifier with nothing before it: not a pattern this parser can reason about.
        throw new Error('dangling quantifier');
      default:
        return { kind: 'char', char: c };
    }
  }

  private escape(): Item {
    const c = this.source[this.at++];
    if (c === undefined) throw new Error('trailing backslash');
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined && !(c === '0' && /\d/.test(this.source[this.at] ?? ''))) return { kind: 'char', char: simple };
    if (c === 'x' && /^[0-9a-fA-F]{2}$/.test(this.source.slice(this.at, this.at + 2))) {
      this.at += 2;
      return { kind: 'char', char: String.fromCharCode(Number.parseInt(this.source.slice(this.at - 2, this.at), 16)) };
    }
    if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(this.source.slice(this.at, this.at + 4))) {
      this.at += 4;
      return { kind: 'char', char: String.fromCharCode(Number.parseInt(this.source.slice(this.at - 4, this.at), 16)) };
    }
    // Classes (\d \w \s …), boundaries (\b \B), back references (\1), \c, \k<…>: not one fixed character.
    if (/[A-Za-z0-9]/.test(c)) {
      // Consume what belongs to the escape, so it is not mistaken for literal characters after it.
      if (c === 'k' && this.source[this.at] === '<') this.at = this.source.indexOf('>', this.at) + 1 || this.source.length;
      else if (c === 'c' && /[A-Za-z]/.test(this.source[this.at] ?? '')) this.at++;
      else if (/\d/.test(c)) while (/\d/.test(this.source[this.at] ?? '')) this.at++;
      return { kind: 'other' };
    }
    return { kind: 'char', char: c };
  }

  private skipClass(): void {
    while (this.at < this.source.length) {
      const c = this.source[this.at++];
      if (c === '\\') this.at++;
      else if (c === ']') return;
    }
    throw new Error('unterminated class');
  }

  private group(): Item {
    let lookaround = false;
    if (this.source[this.at] === '?') {
      const next = this.source[this.at + 1];
      if (next === ':') this.at += 2;
      else if (next === '=' || next === '!') {
        lookaround = true;
        this.at += 2;
      } else if (next === '<' && (this.source[this.at + 2] === '=' || this.source[this.at + 2] === '!')) {
        lookaround = true;
        this.at += 3;
      } else if (next === '<') {
        const close = this.source.indexOf('>', this.at);
        if (close === -1) throw new Error('unterminated group name');
        this.at = close + 1;
      } else {
        throw new Error('unknown group');
      }
    }
    const branches = this.alternation();
    if (this.source[this.at++] !== ')') throw new Error('unterminated group');
    return lookaround ? { kind: 'other' } : { kind: 'group', branches };
  }

  private quantified(item: Item): Quantified {
    const c = this.source[this.at];
    let min = 1;
    let max = 1;
    if (c === '*' || c === '+' || c === '?') {
      this.at++;
      min = c === '+' ? 1 : 0;
      max = c === '?' ? 1 : Number.POSITIVE_INFINITY;
    } else if (c === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.at));
      if (match) {
        this.at += match[0].length;
        min = Number(match[1]);
        max = match[2] === undefined ? min : match[3] === '' ? Number.POSITIVE_INFINITY : Number(match[3]);
      }
    }
    if (this.source[this.at] === '?' && (min !== 1 || max !== 1)) this.at++; // lazy
    return { item, required: min >= 1, single: min === 1 && max === 1 };
  }
}

/** The literals one of which every match of `branches` contains, or undefined if there is no such set. */
function requiredLiterals(branches: Quantified[][]): Set<string> | undefined {
  const all = new Set<string>();
  for (const branch of branches) {
    const best = branchLiterals(branch);
    if (!best) return undefined;
    for (const literal of best) all.add(literal);
  }
  return all;
}

/** The best required literal set of one branch: its longest literal run, or a required group's literals. */
function branchLiterals(branch: Quantified[]): Set<string> | undefined {
  const candidates: Array<Set<string>> = [];
  let run = '';
  const endRun = () => {
    if (run.length >= MIN_LITERAL) candidates.push(new Set([run]));
    run = '';
  };
  for (const { item, required, single } of branch) {
    if (item.kind === 'char' && required) {
      run += item.char;
      if (!single) endRun(); // `a+`: one `a` is certain, what follows may come after more of them
      continue;
    }
    endRun();
    if (item.kind === 'group' && required) {
      const inner = requiredLiterals(item.branches);
      if (inner && [...inner].every((literal) => literal.length >= MIN_LITERAL)) candidates.push(inner);
    }
  }
  endRun();
  // The candidate whose shortest literal is longest passes the fewest lines.
  const shortest = (set: Set<string>) => Math.min(...[...set].map((literal) => literal.length));
  return candidates.sort((a, b) => shortest(b) - shortest(a) || a.size - b.size)[0];
}

/**
 * The literals of a pattern, by its flags and source: a RegExp's never change. The keep patterns include copies of the
 * signature catalogue's patterns (other RegExp objects, the same source), so each source is parsed once for both.
 */
const literalsOf = new Map<string, Set<string> | undefined>();

/** The literals a pattern needs, or undefined when it must be tested on every line. */
export function patternLiterals(pattern: RegExp): ReadonlySet<string> | undefined {
  const key = `${pattern.flags}/${pattern.source}`;
  if (literalsOf.has(key)) return literalsOf.get(key);
  let literals: Set<string> | undefined;
  if (!/[uv]/.test(pattern.flags)) {
    try {
      literals = requiredLiterals(new SourceParser(pattern.source).parse());
    } catch {
      literals = undefined;
    }
  }
  literalsOf.set(key, literals);
  return literals;
}

/** A state's row in the transition table starts at `state << ROW_SHIFT`: one entry per ASCII code. */
const ROW_SHIFT = 7;
/** The automaton reads UTF-16 code units below this; literals with any other character are not indexed. */
const ASCII = 1 << ROW_SHIFT;

interface IndexedLiteral {
  text: string;
  /** From a pattern without the `i` flag: the line must hold the literal in exactly this case. */
  sensitive: boolean;
  patterns: RegExp[];
}

/** Finds, in a line, the literals of a prefilter and adds their patterns to a set. */
interface LiteralIndex {
  collect(text: string, found: Set<RegExp>): void;
}

/** Up to this many literals, V8's regex engine finds them faster than the automaton; past it, the automaton wins. */
const REGEX_MAX_LITERALS = 16;

const escapeLiteral = (literal: string) => literal.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

/**
 * A few literals as one alternation per case (sensitive, insensitive). A literal also stands for the patterns of every
 * literal inside it: where the regex finds the longer one at a position, the shorter one is there too.
 */
class RegexLiterals implements LiteralIndex {
  private readonly searches: Array<{ regex: RegExp; insensitive: boolean; patterns: Map<string, RegExp[]>; all: RegExp[] }> = [];

  constructor(literals: readonly IndexedLiteral[]) {
    for (const insensitive of [false, true]) {
      const own = literals.filter((literal) => literal.sensitive !== insensitive).sort((a, b) => b.text.length - a.text.length);
      if (own.length === 0) continue;
      const key = (text: string) => (insensitive ? text.toLowerCase() : text);
      const patterns = new Map<string, RegExp[]>();
      for (const literal of own) {
        const covered = new Set<RegExp>();
        for (const inner of own) if (key(literal.text).includes(key(inner.text))) for (const pattern of inner.patterns) covered.add(pattern);
        patterns.set(key(literal.text), [...covered]);
      }
      const regex = new RegExp(own.map((literal) => escapeLiteral(literal.text)).join('|'), insensitive ? 'gi' : 'g');
      this.searches.push({ regex, insensitive, patterns, all: [...new Set(own.flatMap((literal) => literal.patterns))] });
    }
  }

  collect(text: string, found: Set<RegExp>): void {
    for (const { regex, insensitive, patterns, all } of this.searches) {
      regex.lastIndex = 0;
      for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
        // A match whose folding the keys did not foresee stands for every pattern: the prefilter never lets fewer through.
        for (const pattern of patterns.get(insensitive ? match[0].toLowerCase() : match[0]) ?? all) found.add(pattern);
        regex.lastIndex = match.index + 1;
      }
    }
  }
}

/**
 * Every indexed literal, of both cases, found in one pass over a line (Aho–Corasick: a trie of the literals with
 * failure links, unrolled into a table of ASCII transitions). On the analyzers' 206 literals a combined regex
 * alternation, which tries each literal at each position, is two to three times slower over a must-gather's logs. The automaton reads ASCII letters in
 * lower case; a case-sensitive literal is checked in its own case where it ends. Without the `u` flag (patterns with
 * it are never indexed) a case-insensitive regex folds an ASCII letter only to its ASCII pair, so lower-casing ASCII
 * is exactly its folding; and as no literal holds a character past ASCII, any such character restarts the automaton.
 */
class LiteralAutomaton implements LiteralIndex {
  private readonly next: Int32Array;
  /** Literals (indexes into `literals`) that end at each state, its suffixes' included. */
  private readonly ends: Array<readonly number[] | undefined>;
  /** 1 where `ends` has literals. */
  private readonly endsHere: Uint8Array;
  private readonly literals: IndexedLiteral[];

  constructor(literals: IndexedLiteral[]) {
    this.literals = literals;
    // The trie, in typed arrays: a state's children are a list (first child, next sibling) and each child knows the
    // code that leads to it. Maps and arrays per state made building the two automata of a run cost some 25 ms (issue 11).
    const capacity = 1 + literals.reduce((total, literal) => total + literal.text.length, 0);
    const firstChild = new Int32Array(capacity);
    const sibling = new Int32Array(capacity);
    const codeOf = new Int32Array(capacity);
    const own: Array<number[] | undefined> = [];
    let states = 1;
    literals.forEach((literal, id) => {
      let state = 0;
      for (let i = 0; i < literal.text.length; i++) {
        const code = foldAscii(literal.text.charCodeAt(i));
        let child = firstChild[state] ?? 0;
        while (child !== 0 && codeOf[child] !== code) child = sibling[child] ?? 0;
        if (child === 0) {
          child = states++;
          codeOf[child] = code;
          sibling[child] = firstChild[state] ?? 0;
          firstChild[state] = child;
        }
        state = child;
      }
      (own[state] ??= []).push(id);
    });
    // Breadth first: a state's failure (its longest proper suffix in the trie) is settled before its children's.
    const next = new Int32Array(states * ASCII);
    const ends: Array<readonly number[] | undefined> = new Array<readonly number[] | undefined>(states);
    const fail = new Int32Array(states);
    const queue = new Int32Array(states);
    let tail = 1;
    for (let head = 0; head < tail; head++) {
      const state = queue[head] ?? 0;
      const suffix = fail[state] ?? 0;
      const inherited = state === 0 ? undefined : ends[suffix];
      const mine = own[state];
      // A state without literals of its own shares its suffix's list.
      ends[state] = mine ? [...mine, ...(inherited ?? [])] : inherited;
      // A state goes where its failure state goes, except along its own children: copy that row, then set them.
      if (state !== 0) next.copyWithin(state * ASCII, suffix * ASCII, (suffix + 1) * ASCII);
      for (let child = firstChild[state] ?? 0; child !== 0; child = sibling[child] ?? 0) {
        const code = codeOf[child] ?? 0;
        fail[child] = state === 0 ? 0 : (next[suffix * ASCII + code] ?? 0);
        next[state * ASCII + code] = child;
        queue[tail++] = child;
      }
    }
    this.next = next;
    this.ends = ends;
    this.endsHere = Uint8Array.from(ends, (found) => (found ? 1 : 0));
  }

  /** Adds to `found` the patterns of every literal that occurs in `text`. */
  collect(text: string, found: Set<RegExp>): void {
    // The per-character step is all typed-array reads: half the time of reading `ends` and folding with a comparison
    // on every character.
    const { next, endsHere } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= ASCII) {
        state = 0;
        continue;
      }
      state = next[(state << ROW_SHIFT) | (FOLD_ASCII[code] ?? 0)] ?? 0;
      if (endsHere[state] !== 1) continue;
      for (const id of this.ends[state] ?? []) {
        const literal = this.literals[id];
        if (!literal || (literal.sensitive && !text.startsWith(literal.text, i + 1 - literal.text.length))) continue;
        for (const pattern of literal.patterns) found.add(pattern);
      }
    }
  }
}

function foldAscii(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/** foldAscii as a table, for the scanning loop. */
const FOLD_ASCII = Uint8Array.from({ length: ASCII }, (_, code) => foldAscii(code));

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= ASCII) return false;
  return true;
}

/** One prefilter per list of patterns: callers pass the same list for every line (the keep patterns, the catalogue). */
const prefilters = new WeakMap<readonly RegExp[], PatternPrefilter>();

/** Tests a line against many patterns (the reader's keep patterns, the signature catalogue) with one literal pass first. */
export class PatternPrefilter {
  /** The prefilter of `patterns`, built on first use of that list. */
  static for(patterns: readonly RegExp[]): PatternPrefilter {
    let prefilter = prefilters.get(patterns);
    if (!prefilter) prefilters.set(patterns, (prefilter = new PatternPrefilter(patterns)));
    return prefilter;
  }

  private readonly literals: LiteralIndex;
  private readonly always: RegExp[] = [];
  private readonly candidates = new Set<RegExp>();

  constructor(patterns: readonly RegExp[]) {
    const byLiteral = new Map<string, IndexedLiteral>();
    for (const pattern of patterns) {
      const literals = patternLiterals(pattern);
      if (!literals || ![...literals].every(isAscii)) {
        this.always.push(pattern);
        continue;
      }
      const sensitive = !pattern.flags.includes('i');
      for (const text of literals) {
        const key = `${sensitive ? 's' : 'i'}${text}`;
        const literal = byLiteral.get(key) ?? { text, sensitive, patterns: [] };
        literal.patterns.push(pattern);
        byLiteral.set(key, literal);
      }
    }
    const literals = [...byLiteral.values()];
    this.literals = literals.length <= REGEX_MAX_LITERALS ? new RegexLiterals(literals) : new LiteralAutomaton(literals);
  }

  /** Patterns tested on every line (no literal found): the cost the prefilter could not remove. */
  get unfiltered(): readonly RegExp[] {
    return this.always;
  }

  /** The patterns that may match `text`; every other one certainly does not. The set is reused by the next call. */
  mayMatch(text: string): ReadonlySet<RegExp> {
    const candidates = this.candidates;
    candidates.clear();
    for (const pattern of this.always) candidates.add(pattern);
    this.literals.collect(text, candidates);
    return candidates;
  }

  matches(text: string): boolean {
    for (const pattern of this.always) if (test(pattern, text)) return true;
    const candidates = this.candidates;
    candidates.clear();
    this.literals.collect(text, candidates);
    for (const pattern of candidates) if (test(pattern, text)) return true;
    return false;
  }
}

/** Keep patterns come from analyzers; a global or sticky flag must not make `test` stateful across lines. */
function test(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(text);
}
