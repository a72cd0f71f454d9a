/**
 * The bench cycles through fixed, non-empty lists by index; this says so to the type checker and fails loudly
 * (instead of printing "undefined" into a generated bundle) if a list is ever left empty.
 */
export function pick<T>(items: readonly T[], index: number): T {
  const item = items[index % items.length];
  if (item === undefined) throw new Error(`bench: no item ${index} in a list of ${items.length}`);
  return item;
}
