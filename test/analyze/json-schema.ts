/**
 * A tiny JSON Schema (2020-12 subset) validator: the keywords docs/report.schema.json uses and nothing else
 * (type, const, enum, properties, required, additionalProperties, items, minItems, minimum, maximum, oneOf,
 * $ref to #/$defs). Enough to hold the report to its published schema without a validator dependency.
 */
type Schema = Record<string, unknown>;

const KNOWN = new Set(['$schema', '$id', 'title', 'description', 'type', 'const', 'enum', 'properties', 'required', 'additionalProperties', 'items', 'minItems', 'minimum', 'maximum', 'oneOf', '$ref', '$defs']);

export function validate(schema: Schema, value: unknown): string[] {
  const errors: string[] = [];
  check(schema, schema, value, '$', errors);
  return errors;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function check(root: Schema, schema: Schema, value: unknown, at: string, errors: string[]): void {
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) errors.push(`${at}: schema keyword ${key} is not supported by the test validator`);
  if (typeof schema['$ref'] === 'string') {
    const name = /^#\/\$defs\/(.+)$/.exec(schema['$ref'])?.[1];
    const target = name ? (root['$defs'] as Record<string, Schema>)[name] : undefined;
    if (!target) errors.push(`${at}: unresolved $ref ${schema['$ref']}`);
    else check(root, target, value, at, errors);
  }
  const actual = typeOf(value);
  if (schema['type'] !== undefined) {
    const allowed = ([] as string[]).concat(schema['type'] as string | string[]);
    if (!allowed.includes(actual) && !(actual === 'integer' && allowed.includes('number'))) errors.push(`${at}: expected ${allowed.join('|')}, got ${actual}`);
  }
  if ('const' in schema && JSON.stringify(schema['const']) !== JSON.stringify(value)) errors.push(`${at}: expected ${JSON.stringify(schema['const'])}`);
  if (Array.isArray(schema['enum']) && !schema['enum'].some((option) => JSON.stringify(option) === JSON.stringify(value))) errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema['enum'])}`);
  if (typeof value === 'number') {
    if (typeof schema['minimum'] === 'number' && value < schema['minimum']) errors.push(`${at}: below ${schema['minimum']}`);
    if (typeof schema['maximum'] === 'number' && value > schema['maximum']) errors.push(`${at}: above ${schema['maximum']}`);
  }
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
    for (const key of (schema['required'] ?? []) as string[]) if (!(key in object)) errors.push(`${at}: missing ${key}`);
    for (const [key, child] of Object.entries(object)) {
      const property = properties[key];
      if (property) check(root, property, child, `${at}.${key}`, errors);
      else if (schema['additionalProperties'] === false) errors.push(`${at}: unexpected property ${key}`);
      else if (typeof schema['additionalProperties'] === 'object') check(root, schema['additionalProperties'] as Schema, child, `${at}.${key}`, errors);
    }
  }
  if (actual === 'array') {
    const items = value as unknown[];
    if (typeof schema['minItems'] === 'number' && items.length < schema['minItems']) errors.push(`${at}: fewer than ${schema['minItems']} items`);
    if (schema['items']) items.forEach((item, index) => check(root, schema['items'] as Schema, item, `${at}[${index}]`, errors));
  }
  if (Array.isArray(schema['oneOf'])) {
    const passing = (schema['oneOf'] as Schema[]).filter((option) => {
      const sub: string[] = [];
      check(root, option, value, at, sub);
      return sub.length === 0;
    });
    if (passing.length !== 1) errors.push(`${at}: matches ${passing.length} of the oneOf schemas, expected exactly 1`);
  }
}
