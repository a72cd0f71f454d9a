/**
 * `meta.k8s.io/v1 Table` responses. kubectl asks for a Table on every `get` (lists and single objects) and prints
 * nothing useful without one. `includeObject` decides what each row carries: PartialObjectMetadata by default (enough
 * for NAMESPACE and --show-labels), the whole object for `--sort-by`, nothing for `None`.
 */
import type { KubeObject } from '../model/snapshot.js';
import type { AgeClock } from './duration.js';
import type { Cell } from './printers/columns.js';
import type { ResourceType } from './resources.js';
import { badRequest } from './status.js';
import { str } from './untrusted.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function parseIncludeObject(value: string | null): IncludeObject {
  if (value === null || value === '' || value === 'Metadata') return 'Metadata';
  if (value === 'None' || value === 'Object') return value;
  throw badRequest(`includeObject: Unsupported value: "${value.slice(0, 64)}": supported values: "Metadata", "None", "Object"`);
}

/** The Table version the client asked for, or undefined when it did not ask for a Table. */
export function wantsTable(accept: string | undefined): 'v1' | 'v1beta1' | undefined {
  if (!accept) return undefined;
  for (const part of accept.split(',')) {
    const params = new Map(
      part
        .split(';')
        .slice(1)
        .map((p) => p.trim().split('=') as [string, string]),
    );
    if (params.get('as') === 'Table' && params.get('g') === 'meta.k8s.io') {
      const version = params.get('v');
      if (version === 'v1' || version === 'v1beta1') return version;
    }
  }
  return undefined;
}

function rowObject(object: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return object;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata ?? {} };
}

function cellsFor(type: ResourceType, object: KubeObject, clock: AgeClock): Cell[] {
  try {
    return type.printer.row(object, clock);
  } catch {
    // A printer is defensive, but a bundle can hold anything: one odd object must not break the whole list.
    return type.printer.columns.map((c, i) => (i === 0 ? str(object.metadata?.name) : c.type === 'integer' ? 0 : '<unknown>'));
  }
}

export function buildTable(
  type: ResourceType,
  objects: KubeObject[],
  options: { clock: AgeClock; include: IncludeObject; version: 'v1' | 'v1beta1'; resourceVersion: string },
) {
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${options.version}`,
    metadata: { resourceVersion: options.resourceVersion },
    columnDefinitions: type.printer.columns,
    rows: objects.map((object) => {
      const row: { cells: Cell[]; object?: unknown } = { cells: cellsFor(type, object, options.clock) };
      const embedded = rowObject(object, options.include);
      if (embedded !== undefined) row.object = embedded;
      return row;
    }),
  };
}
