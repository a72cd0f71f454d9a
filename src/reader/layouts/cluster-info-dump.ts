/**
 * `kubectl cluster-info dump --output-directory DIR` (kubectl clusterinfo_dump.go): one file per resource kind per
 * namespace, and every container's current log of a pod in `<ns>/<pod>/logs.txt`.
 */
import type { ResourceName } from '../../model/snapshot.js';
import type { Syntax } from '../parse.js';
import { splitPath, type Layout, type Role } from './types.js';

const NAMESPACED_FILES: Record<string, ResourceName> = {
  pods: 'pods',
  events: 'events',
  services: 'services',
  deployments: 'deployments',
  replicasets: 'replicasets',
  daemonsets: 'daemonsets',
  'replication-controllers': 'replicationcontrollers',
  // Not written by cluster-info dump itself, but dumps often carry extra `kubectl get -o json` files beside it.
  ingress: 'ingresses',
  ingresses: 'ingresses',
  persistentvolumeclaims: 'persistentvolumeclaims',
  endpoints: 'endpoints',
  endpointslices: 'endpointslices',
  configmaps: 'configmaps',
  statefulsets: 'statefulsets',
  jobs: 'jobs',
  cronjobs: 'cronjobs',
};

function syntaxOf(base: string): { stem: string; syntax: Syntax } | undefined {
  const [, stem, syntax] = /^(.+)\.(json|yaml)$/.exec(base) ?? [];
  return stem !== undefined && syntax !== undefined ? { stem, syntax: syntax as Syntax } : undefined;
}

function classify(path: string): Role | undefined {
  const { segments, base } = splitPath(path);
  const n = segments.length;
  const [namespace, pod] = segments.slice(n - 3, n - 1);
  if (base === 'logs.txt' && namespace !== undefined && pod !== undefined) return { kind: 'combined-log', namespace, pod };
  const file = syntaxOf(base);
  if (!file) return undefined;
  if (file.stem === 'nodes') return { kind: 'objects', resource: 'nodes', syntax: file.syntax };
  const resource = NAMESPACED_FILES[file.stem];
  if (resource && n >= 2) return { kind: 'objects', resource, syntax: file.syntax };
  return undefined;
}

export const clusterInfoDumpLayout: Layout = {
  format: 'cluster-info-dump',
  title: 'kubectl cluster-info dump --output-directory',
  // logs.txt holds each container's current log only.
  logs: { previous: 'never', runtimeTimestamps: false },
  lookedFor: ['nodes.json', '<namespace>/pods.json', '<namespace>/events.json', '<namespace>/<pod>/logs.txt'],
  // A dump's root holds only nodes.json and namespace folders, which any folder may have.
  rootNames: [],
  classify,
  notes: () => [
    {
      severity: 'info',
      code: 'no-previous-logs',
      file: '',
      message:
        'kubectl cluster-info dump collects only current logs: the logs of containers that crashed before their last restart are not in this bundle',
    },
    {
      severity: 'info',
      code: 'no-version-file',
      file: '',
      message: 'kubectl cluster-info dump records no cluster version, so the Kubernetes version is unknown',
    },
  ],
};
