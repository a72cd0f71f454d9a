/**
 * The one matcher of the catalogue: every line of a log against every signature, once; each line keeps its best
 * (highest-ranked) signature. Causes read the hits; none of them runs its own matching loop over log patterns.
 */
import type { LogLine, LogWindow } from '../../model/snapshot.js';
import { lineText } from '../facts.js';
import { PatternPrefilter } from '../../util/pattern-prefilter.js';
import { SIGNATURES } from './catalogue.js';
import type { Signature, SignatureGroup } from './types.js';

export interface SignatureHit {
  signature: Signature;
  /** The line as the reader kept it (its number points into the bundle file). */
  line: LogLine;
  /** The line without its runtime timestamp. */
  text: string;
  /** What the line names: host, port, env, module, file, user, detail, dns. */
  groups: Partial<Record<SignatureGroup, string>>;
  /** The sub-kind, after the signature's refinements. */
  kind: string;
}

const GROUPS: SignatureGroup[] = ['host', 'port', 'env', 'module', 'file', 'user', 'detail', 'dns', 'executable'];

/** The best signature for one line of text, with what it read. Ties go to the entry listed first. */
export function matchText(text: string, catalogue: readonly Signature[] = SIGNATURES): { signature: Signature; groups: SignatureHit['groups']; kind: string } | undefined {
  const best = catalogueIndex(catalogue).best(text);
  if (!best) return undefined;
  return { signature: best.signature, groups: groupsOf(best.match), kind: kindOf(best.signature, text) };
}

interface Placed {
  signature: Signature;
  /** Its place in the catalogue: among equal ranks, the entry listed first wins. */
  index: number;
}

/** Highest rank first, then the order of the catalogue: the first of them that matches is the line's best. */
const byPrecedence = (a: Placed, b: Placed): number => b.signature.rank - a.signature.rank || a.index - b.index;

/**
 * A catalogue ready for matching. One literal pass per line decides which signatures can match it at all (most lines:
 * none, a few: one or two); only those are tried, in order of precedence, and the first match decides. Walking the
 * whole catalogue for every line that passed cost a must-gather's analysis two fifths of its time (121 → 69 ms,
 * issue 11).
 */
class CatalogueIndex {
  private readonly prefilter: PatternPrefilter;
  private readonly byPattern = new Map<RegExp, Placed[]>();
  /** Reused by every line: a line's candidates never outlive `best`. */
  private readonly candidates: Placed[] = [];

  constructor(catalogue: readonly Signature[]) {
    catalogue.forEach((signature, index) => {
      const placed = this.byPattern.get(signature.pattern);
      if (placed) placed.push({ signature, index });
      else this.byPattern.set(signature.pattern, [{ signature, index }]);
    });
    this.prefilter = new PatternPrefilter([...this.byPattern.keys()]);
  }

  best(text: string): { signature: Signature; match: RegExpExecArray } | undefined {
    const candidates = this.candidates;
    candidates.length = 0;
    for (const pattern of this.prefilter.mayMatch(text)) candidates.push(...(this.byPattern.get(pattern) ?? []));
    if (candidates.length > 1) candidates.sort(byPrecedence);
    for (const { signature } of candidates) {
      const match = signature.pattern.exec(text);
      if (match) return { signature, match };
    }
    return undefined;
  }
}

const indexes = new WeakMap<readonly Signature[], CatalogueIndex>();

function catalogueIndex(catalogue: readonly Signature[]): CatalogueIndex {
  let index = indexes.get(catalogue);
  if (!index) indexes.set(catalogue, (index = new CatalogueIndex(catalogue)));
  return index;
}

/** Every line of a log that a signature explains, in order. */
export function matchWindow(window: LogWindow, catalogue: readonly Signature[] = SIGNATURES): SignatureHit[] {
  const hits: SignatureHit[] = [];
  for (const line of window.lines) {
    const text = lineText(line);
    // Lines longer than this are data dumps (a JSON blob, a base64 secret): no signature is written for them.
    const hit = matchText(text.length > 4000 ? text.slice(0, 4000) : text, catalogue);
    if (hit) hits.push({ ...hit, line, text: text.trim() });
  }
  return hits;
}

/** The hit that decides among hits: the highest rank, then the line nearest the death (the latest). */
export function decisiveHit(hits: readonly SignatureHit[]): SignatureHit | undefined {
  let best: SignatureHit | undefined;
  for (const hit of hits) if (!best || hit.signature.rank >= best.signature.rank) best = hit;
  return best;
}

function kindOf(signature: Signature, text: string): string {
  return signature.refine?.find((entry) => entry.pattern.test(text))?.kind ?? signature.kind;
}

/** Named groups, where `host2`, `host3` … are alternatives of `host` in a pattern with several shapes. */
function groupsOf(match: RegExpExecArray): SignatureHit['groups'] {
  const groups: SignatureHit['groups'] = {};
  const raw = match.groups ?? {};
  for (const name of GROUPS) {
    const value = [raw[name], raw[`${name}2`], raw[`${name}3`], raw[`${name}4`]].find((v) => v !== undefined && v !== '');
    if (value !== undefined) groups[name] = value.replace(/^\[|\]$/g, '');
  }
  return groups;
}

/** `{host}` placeholders of a signature's meaning or fix, filled from the line or a neutral word. */
export function fillTemplate(template: string, groups: SignatureHit['groups']): string {
  const neutral: Record<string, string> = { host: 'the dependency', port: 'its port', env: 'the variable', module: 'the module', file: 'the path', user: 'the user', detail: 'the detail', dns: 'the cluster DNS', executable: 'the command' };
  return template.replace(/\{(\w+)\}/g, (_, name: string) => groups[name as SignatureGroup] ?? neutral[name] ?? name);
}
