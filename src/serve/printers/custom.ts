/**
 * Tables for custom resources, from their CRD's `additionalPrinterColumns` as the apiextensions server builds them:
 * NAME, then the CRD's columns (an `Age` column on `.metadata.creationTimestamp` when it declares none), `date`
 * columns shown as ages. The JSONPath subset covers what CRDs use: fields, `[n]`, `[*]` and `[?(@.k=="v")]` filters.
 */
import { since, type AgeClock } from '../duration.js';
import { AGE_COLUMN, NAME_COLUMN, arr, creation, metaName, obj, str, type Cell, type ColumnDefinition, type Printer } from './columns.js';

export interface PrinterColumn {
  name: string;
  type: ColumnDefinition['type'];
  jsonPath: string;
  priority: number;
  description: string;
  format: string;
}

type Step = { field: string } | { index: number } | { all: true } | { filter: { path: string[]; value: string } };

const MAX_PATH = 256;

/** Parses a CRD column path; undefined for a path outside the subset (the cell is then empty, as for a missing field). */
export function parseJsonPath(path: string): Step[] | undefined {
  let text = path.trim().replace(/^\{(.*)\}$/, '$1').trim();
  if (text.length > MAX_PATH) return undefined;
  if (text.startsWith('$')) text = text.slice(1);
  const steps: Step[] = [];
  const pattern = /\.([A-Za-z0-9_\-/]+)|\['([^']*)'\]|\[(\d+)\]|\[\*\]|\[\?\(@\.([A-Za-z0-9_.\-/]+)\s*==\s*["']([^"']*)["']\)\]/y;
  while (pattern.lastIndex < text.length) {
    const start = pattern.lastIndex;
    const match = pattern.exec(text);
    if (!match || match.index !== start) return undefined;
    if (match[1] !== undefined) steps.push({ field: match[1] });
    else if (match[2] !== undefined) steps.push({ field: match[2] });
    else if (match[3] !== undefined) steps.push({ index: Number(match[3]) });
    else if (match[4] !== undefined) steps.push({ filter: { path: match[4].split('.'), value: match[5]! } });
    else steps.push({ all: true });
  }
  return steps;
}

export function evaluateJsonPath(object: unknown, steps: Step[]): unknown[] {
  let current: unknown[] = [object];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of current) {
      if ('field' in step) {
        const child = obj(value)[step.field];
        if (child !== undefined) next.push(child);
      } else if ('index' in step) {
        const child = arr(value)[step.index];
        if (child !== undefined) next.push(child);
      } else if ('all' in step) {
        next.push(...(Array.isArray(value) ? value : Object.values(obj(value))));
      } else {
        for (const item of arr(value)) {
          const probe = step.filter.path.reduce<unknown>((o, key) => obj(o)[key], item);
          if (probe !== undefined && String(probe) === step.filter.value) next.push(item);
        }
      }
    }
    current = next;
  }
  return current;
}

function cell(values: unknown[], column: PrinterColumn, clock: AgeClock): Cell {
  if (values.length === 0) return column.type === 'date' ? '<unknown>' : '';
  if (column.type === 'date') return since(clock, values[0]);
  if (values.length === 1 && (typeof values[0] === 'number' || typeof values[0] === 'boolean')) return values[0];
  return values.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : str(v))).join(',');
}

const TYPES = new Set(['string', 'integer', 'number', 'boolean', 'date']);

/** The printer columns a CRD declares for one version (v1 per version, v1beta1 at the top), or undefined if none. */
export function crdPrinterColumns(crd: unknown, version: string): PrinterColumn[] | undefined {
  const spec = obj(obj(crd)['spec']);
  const perVersion = arr(spec['versions']).map(obj).find((v) => v['name'] === version)?.['additionalPrinterColumns'];
  const declared = arr(perVersion ?? spec['additionalPrinterColumns']).map(obj);
  if (declared.length === 0) return undefined;
  return declared.map((c) => ({
    name: str(c['name']),
    type: (TYPES.has(str(c['type'])) ? str(c['type']) : 'string') as ColumnDefinition['type'],
    jsonPath: str(c['jsonPath'] ?? c['JSONPath']),
    priority: typeof c['priority'] === 'number' ? c['priority'] : 0,
    description: str(c['description']),
    format: str(c['format']),
  }));
}

export function customResourcePrinter(columns: PrinterColumn[] | undefined): Printer {
  if (!columns) {
    return { columns: [NAME_COLUMN, AGE_COLUMN], row: (o: any, clock) => [metaName(o), since(clock, creation(o))] };
  }
  const parsed = columns.map((c) => parseJsonPath(c.jsonPath));
  return {
    columns: [
      NAME_COLUMN,
      ...columns.map((c) => ({ name: c.name, type: c.type, format: c.format, description: c.description || c.name, priority: c.priority })),
    ],
    row(object: any, clock: AgeClock): Cell[] {
      return [
        metaName(object),
        ...columns.map((c, i) => (parsed[i] ? cell(evaluateJsonPath(object, parsed[i]!), c, clock) : '')),
      ];
    },
  };
}
