/**
 * Kubernetes resource.Quantity parsing (k8s.io/apimachinery pkg/api/resource/quantity.go):
 * `[+-]digits[.digits](suffix)` with binary suffixes Ki..Ei, decimal n u m "" k M G T P E, or an exponent e<int>.
 * Case-sensitive, no spaces, no `B`. The API server re-serialises quantities (`0.5Gi` → `512Mi`), so limits must be
 * compared as numbers, never as text.
 */
const BINARY_UNITS = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const BINARY: Record<string, number> = BINARY_UNITS;
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

/** The quantity's value (bytes for memory, cores for CPU), or undefined when the text is not a valid Quantity. */
export function parseQuantity(text: unknown): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) ? text : undefined;
  if (typeof text !== 'string') return undefined;
  const match = QUANTITY.exec(text.trim());
  if (!match) return undefined;
  const [, digits, suffix, exponent] = match;
  const base = Number(digits);
  if (exponent !== undefined) return base * 10 ** Number(exponent);
  const multiplier = suffix === undefined ? 1 : (BINARY[suffix] ?? DECIMAL[suffix]);
  return multiplier === undefined ? undefined : base * multiplier;
}

/**
 * Memory quantities are whole bytes; the API rounds a fractional byte count up (so `512m` — 0.512 bytes — becomes 1,
 * an instant OOM).
 */
export function parseMemoryBytes(text: unknown): number | undefined {
  const value = parseQuantity(text);
  return value === undefined ? undefined : Math.ceil(value);
}

/** `536870912` → `512Mi`, `1000000000` → `953.7Mi`: binary units for people comparing memory limits. */
export function formatBytes(bytes: number): string {
  const units = ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const;
  for (const unit of units) {
    const size = BINARY_UNITS[unit];
    if (Math.abs(bytes) >= size) {
      const value = bytes / size;
      return `${Number.isInteger(value) ? value : value.toFixed(1)}${unit}`;
    }
  }
  return `${bytes}`;
}
