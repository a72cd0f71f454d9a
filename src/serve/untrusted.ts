/**
 * Reading the bundle's Kubernetes objects, which are untrusted JSON: any field may be missing, null or of another
 * type than its kind's schema says. Printers, selectors and the objects serve derives read fields only through these
 * accessors, which take `unknown` and always return the type asked for, so a malformed object prints as empty cells
 * instead of throwing or printing `undefined`.
 */
import { isJsonObject } from '../util/json.js';

/** A JSON object from the bundle: every field is `unknown` until an accessor has read it. */
export type UntrustedObject = Record<string, unknown>;

/**
 * The text of a scalar field: '' when absent or null. A list or object where a scalar belongs keeps the text
 * JavaScript gives it (`a,b`, `[object Object]`): a malformed field shows as malformed rather than as absent.
 */
export function str(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'object':
      if (value === null) return '';
      return Array.isArray(value) ? value.map(str).join(',') : '[object Object]';
    default:
      // undefined; functions and symbols do not occur in parsed JSON.
      return '';
  }
}

/** An integer field (Go's `int32`/`int64`): 0 when absent or not a finite number. */
export function int(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : 0;
}

/** A list field: empty when absent or not an array. */
export function arr(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

/** An object field: empty when absent, an array or a scalar. */
export function obj(value: unknown): UntrustedObject {
  return isJsonObject(value) ? value : {};
}

/** A list of objects (`spec.containers`, `status.conditions`…), each read with {@link obj}. */
export function objs(value: unknown): UntrustedObject[] {
  return arr(value).map(obj);
}

/** The value at a path of object fields (`field(pod, 'status', 'phase')`); undefined where the path breaks off. */
export function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) current = obj(current)[key];
  return current;
}

/** The metadata, spec and status every kind has (each `{}` when absent). */
export function parts(object: unknown): { metadata: UntrustedObject; spec: UntrustedObject; status: UntrustedObject } {
  const fields = obj(object);
  return { metadata: obj(fields['metadata']), spec: obj(fields['spec']), status: obj(fields['status']) };
}
