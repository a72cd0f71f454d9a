/**
 * Tables for custom resources, from their CRD's `additionalPrinterColumns` as the apiextensions server builds them:
 * NAME, then the CRD's columns (an `Age` column on `.metadata.creationTimestamp` when it declares none), `date`
 * columns shown as ages. The JSONPath subset covers what CRDs use: fields, `[n]`, `[*]` and `[?(@.k=="v")]` filters.
 */
import { since, type AgeClock } from '../duration.js';
import { arr, field, obj, objs, str } from '../untrusted.js';
import { AGE_COLUMN, NAME_COLUMN, creation, metaName, type Cell, type ColumnDefinition, type Printer } from './columns.js';

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
function parseJsonPath(path: string): Step[] | undefined {
  let text = path.trim().replace(/^\{(.*)\}$/, '$1').trim();
  if (text.length > MAX_PATH) return undefined;
  if (text.startsWith('$')) text = text.slice(1);
  const steps: Step[] = [];
  const pattern = /\.([A-Za-z0-9_\-/]+)|\['([^']*)'\]|\[(\d+)\]|\[\*\]|\[\?\(@\.([A-Za-z0-9_.\-/]+)\s*==\s*["']([^"']*)["']\)\]/y;
  while (pattern.lastIndex < text.length) {
    const start = pattern.lastIndex;
    const match = pattern.exec(text);
    if (!match || match.index !== start) return undefined;
    const [, dotted, quoted, index, filterPath, filterValue] = match;
    if (dotted !== undefined) steps.push({ field: dotted });
    else if (quoted !== undefined) steps.push({ field: quoted });
    else if (index !== undefined) steps.push({ index: Number(index) });
    else if (filterPath !== undefined) steps.push({ filter: { path: filterPath.split('.'), value: filterValue ?? '' } });
    else steps.push({ all: true });
  }
  return steps;
}

/** The text a `[?(@.k=="v")]` filter compares with "v" (null reads as `null`); undefined, matching nothing, for a missing field. */
function filterText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return value === null ? 'null' : str(value);
}

function evaluateJsonPath(object: unknown, steps: Step[]): unknown[] {
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
        next.push(...(Array.isArray(value) ? arr(value) : Object.values(obj(value))));
      } else {
        for (const item of arr(value)) {
          if (filterText(field(item, ...step.filter.path)) === step.filter.value) next.push(item);
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
  const spec = obj(field(crd, 'spec'));
  const perVersion = objs(spec['versions']).find((v) => v['name'] === version)?.['additionalPrinterColumns'];
  const declared = objs(perVersion ?? spec['additionalPrinterColumns']);
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
    return { columns: [NAME_COLUMN, AGE_COLUMN], row: (o, clock) => [metaName(o), since(clock, creation(o))] };
  }
  const cells = columns.map((column) => ({ column, steps: parseJsonPath(column.jsonPath) }));
  return {
    columns: [
      NAME_COLUMN,
      ...columns.map((c) => ({ name: c.name, type: c.type, format: c.format, description: c.description || c.name, priority: c.priority })),
    ],
    row(object: unknown, clock: AgeClock): Cell[] {
      return [metaName(object), ...cells.map(({ column, steps }) => (steps ? cell(evaluateJsonPath(object, steps), column, clock) : ''))];
    },
  };
}
