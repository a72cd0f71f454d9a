/**
 * Field selectors as apimachinery's `fields.ParseSelector` reads them (`=`, `==`, `!=`, commas AND the terms,
 * `\,` `\=` `\\` escapes), checked against the field labels the real apiserver supports for each kind so an
 * unknown one gets the same 400 `field label not supported: …`.
 */
import { SelectorError } from './label-selector.js';
import { str } from './untrusted.js';

interface FieldRequirement {
  field: string;
  equals: boolean;
  value: string;
}

export type FieldSelector = FieldRequirement[];

/** Splits on commas that are not escaped. */
function splitTerms(input: string): string[] {
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (escaped) escaped = false;
    else if (ch === '\\') escaped = true;
    else if (ch === ',') {
      terms.push(input.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(input.slice(start));
  return terms;
}

function unescape(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value.charAt(i);
    if (ch === '\\') {
      const next = value[i + 1];
      if (next !== '\\' && next !== ',' && next !== '=') {
        throw new SelectorError(`invalid field selector: invalid escape sequence: \\${next ?? ''}`);
      }
      out += next;
      i++;
    } else if (ch === '=' || ch === ',') {
      throw new SelectorError(`invalid field selector: unescaped ${ch} in value`);
    } else {
      out += ch;
    }
  }
  return out;
}

export function parseFieldSelector(input: string): FieldSelector {
  const requirements: FieldSelector = [];
  for (const term of splitTerms(input)) {
    if (term === '') continue;
    let found: FieldRequirement | undefined;
    for (let i = 0; i < term.length && !found; i++) {
      for (const op of ['!=', '==', '='] as const) {
        if (term.startsWith(op, i)) {
          found = { field: term.slice(0, i), equals: op !== '!=', value: unescape(term.slice(i + op.length)) };
          break;
        }
      }
    }
    if (!found) throw new SelectorError(`invalid selector: '${input}'; can't understand '${term}'`);
    requirements.push(found);
  }
  return requirements;
}

/** Field name → the object's value for it (absent fields compare as ""). Objects are untrusted: getters read any shape. */
export type FieldGetters = Record<string, (object: unknown) => unknown>;

function getterOf(getters: FieldGetters, field: string): (object: unknown) => unknown {
  const getter = Object.hasOwn(getters, field) ? getters[field] : undefined;
  if (!getter) throw new SelectorError(`field label not supported: ${field}`);
  return getter;
}

/** Throws `field label not supported: <label>` for a field the kind does not know, before any object is looked at. */
export function checkFields(selector: FieldSelector, getters: FieldGetters): void {
  for (const { field } of selector) getterOf(getters, field);
}

export function matchesFields(selector: FieldSelector, getters: FieldGetters, object: unknown): boolean {
  return selector.every(({ field, equals, value }) => (str(getterOf(getters, field)(object)) === value) === equals);
}
