/**
 * Parsed JSON and YAML from a bundle is untrusted: before a field is read, the value holding it must be a plain
 * object, not null, an array or a scalar. Every layer checks that with this one guard.
 */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
