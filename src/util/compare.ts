/**
 * Orders strings by their UTF-16 code units: the same order on every machine, whatever its locale. For Kubernetes
 * names (lower-case letters, digits, `-` and `.`) and for ISO times of one format it is also the root locale's
 * collation order.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
