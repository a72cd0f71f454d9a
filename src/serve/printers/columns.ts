/**
 * What a server-side printer is: its column definitions and a function from one object to one row of cells.
 * Ports of pkg/printers/internalversion/printers.go; like the apiserver's TableConvertor every column is always
 * produced (Wide), and kubectl hides priority-1 columns unless `-o wide`.
 */
import type { AgeClock } from '../duration.js';
import { field, objs, str } from '../untrusted.js';

export interface ColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  priority: number;
}

export type Cell = string | number | boolean;

export interface Printer {
  columns: ColumnDefinition[];
  /** The row for one object: bundle data is untrusted, so printers read every field through ../untrusted.ts. */
  row(object: unknown, clock: AgeClock): Cell[];
}

/** `Name` first, `col('Ready')`, `col('IP', 1)`, `col('Restarts', 0, 'integer')`. */
export function col(name: string, priority = 0, type: ColumnDefinition['type'] = 'string', description = ''): ColumnDefinition {
  return { name, type, format: name === 'Name' ? 'name' : '', description: description || name, priority };
}

export const NAME_COLUMN: ColumnDefinition = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description:
    'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  priority: 0,
};

export const AGE_COLUMN: ColumnDefinition = {
  name: 'Age',
  type: 'string',
  format: '',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
  priority: 0,
};

/** `layoutContainerCells`: container names and images joined with commas. */
export function containerCells(containers: unknown): [string, string] {
  const list = objs(containers);
  return [list.map((c) => str(c['name'])).join(','), list.map((c) => str(c['image'])).join(',')];
}

export function metaName(object: unknown): string {
  return str(field(object, 'metadata', 'name'));
}

export function creation(object: unknown): unknown {
  return field(object, 'metadata', 'creationTimestamp');
}

