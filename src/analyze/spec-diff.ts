/**
 * Two pod specs side by side: every leaf that differs, as `path → JSON value`. Lists of named objects (containers,
 * env, volumes, ports) are keyed by name, so a reordered list is not a difference. Shared by the cross-cluster check
 * and the bad-release detection. Pure.
 */

export interface SpecDifference {
  /** Path from the spec root, e.g. `containers[api].image`, `containers[api].env[LOG_LEVEL].value`. */
  field: string;
  before: string;
  after: string;
}

const UNSET = '(unset)';

export function diffPodSpecs(before: unknown, after: unknown): SpecDifference[] {
  return diffFields(flatten(before ?? {}), flatten(after ?? {})).sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}

/** Every field whose value differs between two `field → value` maps (a field missing on one side is `(unset)`), in first-seen order. */
export function diffFields(left: ReadonlyMap<string, string>, right: ReadonlyMap<string, string>): SpecDifference[] {
  const rows: SpecDifference[] = [];
  for (const field of new Set([...left.keys(), ...right.keys()])) {
    const a = left.get(field) ?? UNSET;
    const b = right.get(field) ?? UNSET;
    if (a !== b) rows.push({ field, before: a, after: b });
  }
  return rows;
}

function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) {
    const named = value.every((item) => typeof item === 'object' && item !== null && typeof (item as { name?: unknown }).name === 'string');
    if (value.length === 0) out.set(prefix, '[]');
    value.forEach((item, index) => {
      const key = named ? (item as { name: string }).name : String(index);
      flatten(item, `${prefix}[${key}]`, out);
    });
    return out;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, out);
    return out;
  }
  out.set(prefix, JSON.stringify(value));
  return out;
}
