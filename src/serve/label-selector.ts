/**
 * Label selectors as apimachinery's `labels.Parse` reads them: `a=b`, `a==b`, `a!=b`, `a in (b,c)`, `a notin (b,c)`,
 * `a` (exists), `!a` (does not exist), `a>1`, `a<1`; commas AND the terms. A hand-written lexer keeps the cost
 * linear in the input whatever the input is (no backtracking regular expressions on untrusted text).
 */

import { arr, obj, objs, str, type UntrustedObject } from './untrusted.js';

type LabelOperator = '=' | '!=' | 'in' | 'notin' | 'exists' | '!' | '>' | '<';

interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

export type LabelSelector = LabelRequirement[];

export class SelectorError extends Error {}

type Token =
  | { kind: 'id'; text: string }
  | { kind: 'op'; text: '!' | '!=' | '=' | '==' | '>' | '<' | '(' | ')' | ',' }
  | { kind: 'end'; text: '' };

const SPECIAL = new Set(['!', '=', '>', '<', '(', ')', ',']);
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);
const END: Token = { kind: 'end', text: '' };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input.charAt(i);
    if (WHITESPACE.has(ch)) {
      i++;
      continue;
    }
    if (SPECIAL.has(ch)) {
      const two = input.slice(i, i + 2);
      if (two === '!=' || two === '==') {
        tokens.push({ kind: 'op', text: two });
        i += 2;
      } else {
        tokens.push({ kind: 'op', text: ch as '!' });
        i++;
      }
      continue;
    }
    let j = i;
    while (j < input.length && !SPECIAL.has(input.charAt(j)) && !WHITESPACE.has(input.charAt(j))) j++;
    tokens.push({ kind: 'id', text: input.slice(i, j) });
    i = j;
  }
  tokens.push(END);
  return tokens;
}

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function validateKey(key: string): void {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : '';
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const ok =
    name.length > 0 &&
    name.length <= 63 &&
    NAME.test(name) &&
    (slash < 0 || (prefix.length > 0 && prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix)));
  if (!ok) {
    throw new SelectorError(
      `unable to parse requirement: invalid label key "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
}

function validateValue(value: string): void {
  if (value.length > 63 || (value !== '' && !NAME.test(value))) {
    throw new SelectorError(
      `unable to parse requirement: invalid label value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
}

function describe(token: Token): string {
  return token.kind === 'end' ? 'end of string' : token.text;
}

/** Parses a selector; the empty selector matches everything. Throws SelectorError with apimachinery's wording. */
export function parseLabelSelector(input: string): LabelSelector {
  const tokens = tokenize(input);
  let position = 0;
  // Every path through the grammar stops at the closing `end` token; reading past it reads `end` again.
  const peek = (): Token => tokens[position] ?? END;
  const next = (): Token => tokens[position++] ?? END;
  const requirements: LabelRequirement[] = [];
  if (peek().kind === 'end') return requirements;

  for (;;) {
    let token = next();
    let operator: LabelOperator | undefined;
    if (token.kind === 'op' && token.text === '!') {
      operator = '!';
      token = next();
    }
    if (token.kind !== 'id' || token.text === 'in' || token.text === 'notin') {
      throw new SelectorError(`found '${describe(token)}', expected: !, identifier, or 'end of string'`);
    }
    const key = token.text;
    validateKey(key);
    const after = peek();
    if (operator === '!') {
      requirements.push({ key, operator, values: [] });
    } else if (after.kind === 'end' || (after.kind === 'op' && after.text === ',')) {
      requirements.push({ key, operator: 'exists', values: [] });
    } else {
      const op = next();
      if (op.kind === 'id' && (op.text === 'in' || op.text === 'notin')) {
        requirements.push({ key, operator: op.text, values: parseSet() });
      } else if (op.kind === 'op' && (op.text === '=' || op.text === '==' || op.text === '!=')) {
        const value = peek();
        let text = '';
        if (value.kind === 'id') text = next().text;
        else if (!(value.kind === 'end' || value.text === ',')) {
          throw new SelectorError(`found '${describe(value)}', expected: identifier`);
        }
        validateValue(text);
        requirements.push({ key, operator: op.text === '!=' ? '!=' : '=', values: [text] });
      } else if (op.kind === 'op' && (op.text === '>' || op.text === '<')) {
        const value = next();
        if (value.kind !== 'id' || !/^-?\d{1,18}$/.test(value.text)) {
          throw new SelectorError(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`);
        }
        requirements.push({ key, operator: op.text, values: [value.text] });
      } else {
        throw new SelectorError(`found '${describe(op)}', expected: in, notin, =, ==, !=, gt, lt`);
      }
    }
    const separator = next();
    if (separator.kind === 'end') return requirements;
    if (!(separator.kind === 'op' && separator.text === ',')) {
      throw new SelectorError(`found '${describe(separator)}', expected: ',' or 'end of string'`);
    }
  }

  function parseSet(): string[] {
    const open = next();
    if (!(open.kind === 'op' && open.text === '(')) throw new SelectorError(`found '${describe(open)}', expected: '('`);
    const values: string[] = [];
    for (;;) {
      const token = next();
      if (token.kind === 'op' && token.text === ')') return values;
      if (token.kind === 'op' && token.text === ',') {
        values.push('');
        continue;
      }
      if (token.kind !== 'id') throw new SelectorError(`found '${describe(token)}', expected: ',', ')' or identifier`);
      validateValue(token.text);
      values.push(token.text);
      const after = next();
      if (after.kind === 'op' && after.text === ')') return values;
      if (!(after.kind === 'op' && after.text === ',')) {
        throw new SelectorError(`found '${describe(after)}', expected: ',' or ')'`);
      }
    }
  }
}

/** Whether an object's labels (untrusted: any shape; only string values count) satisfy the selector. */
export function matchesLabels(selector: LabelSelector, labels: unknown): boolean {
  const set = labels && typeof labels === 'object' ? (labels as UntrustedObject) : {};
  const valueOf = (key: string): string | undefined => {
    const value = Object.hasOwn(set, key) ? set[key] : undefined;
    return typeof value === 'string' ? value : undefined;
  };
  return selector.every(({ key, operator, values }) => {
    const value = valueOf(key);
    switch (operator) {
      case 'exists':
        return value !== undefined;
      case '!':
        return value === undefined;
      case '=':
      case 'in':
        return value !== undefined && values.includes(value);
      case '!=':
      case 'notin':
        return value === undefined || !values.includes(value);
      case '>':
      case '<': {
        if (value === undefined || !/^-?\d+$/.test(value)) return false;
        const left = Number(value);
        const right = Number(values[0]);
        return operator === '>' ? left > right : left < right;
      }
    }
  });
}

/**
 * `metav1.LabelSelectorAsSelector(s).String()` of a bundle object's selector (untrusted: any shape): requirements
 * sorted by key, set values sorted. Returns undefined for a selector apimachinery would reject (printed
 * `<invalid>`/`<error>` by the callers).
 */
export function formatSelectorSpec(spec: unknown): string | undefined {
  if (!spec || typeof spec !== 'object') return '';
  const { matchLabels, matchExpressions } = obj(spec);
  const parts: Array<{ key: string; text: string }> = [];
  for (const [key, value] of Object.entries(matchLabels ?? {})) parts.push({ key, text: `${key}=${String(value)}` });
  for (const expression of objs(matchExpressions)) {
    const key = str(expression['key']);
    const values = arr(expression['values']).map(String).sort();
    switch (expression['operator']) {
      case 'In':
        parts.push({ key, text: `${key} in (${values.join(',')})` });
        break;
      case 'NotIn':
        parts.push({ key, text: `${key} notin (${values.join(',')})` });
        break;
      case 'Exists':
        parts.push({ key, text: key });
        break;
      case 'DoesNotExist':
        parts.push({ key, text: `!${key}` });
        break;
      default:
        return undefined;
    }
  }
  return parts
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((p) => p.text)
    .join(',');
}

/** `metav1.FormatLabelSelector`: like {@link formatSelectorSpec} but `<none>` when empty and `<error>` when invalid. */
export function formatLabelSelector(spec: unknown): string {
  const text = formatSelectorSpec(spec);
  if (text === undefined) return '<error>';
  return text === '' ? '<none>' : text;
}

/** `labels.FormatLabels` of a bundle object's label map (untrusted: any shape): `k=v,…` sorted by key, `<none>` when empty. */
export function formatLabels(map: unknown): string {
  if (!map || typeof map !== 'object') return '<none>';
  const labels = map as UntrustedObject;
  const keys = Object.keys(labels).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${String(labels[k])}`).join(',');
}
