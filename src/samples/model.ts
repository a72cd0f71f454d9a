/**
 * What a sample scenario produces, before any bundle layout: the cluster's objects, its logs and what the
 * collection could not get. Layouts (src/samples/layouts/) turn one model into podmortem, troubleshoot,
 * cluster-info-dump or must-gather files.
 */
import type { Namespace, Node } from 'kubernetes-types/core/v1.js';
import { collectionError, type CollectionError } from '../model/manifest.js';
import type { KubeObject, ResourceName, VersionInfo } from '../model/snapshot.js';

export interface LogFile {
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  lines: string[];
  /** The span the lines were written in, for layouts that prefix each line with its time (must-gather). */
  from: string;
  to: string;
}

export interface LogError {
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  /** kubelet's message, as kubectl receives it (without kubectl's `Error from server (BadRequest): `). */
  message: string;
}

/** A crash the sample holds and the cause podmortem must find for it (cause ids of issue 3). */
export interface ExpectedCrash {
  namespace: string;
  pod: string;
  container: string;
  cause: string;
  note: string;
}

export interface ClusterModel {
  name: string;
  context: string;
  capturedAt: string;
  version: VersionInfo;
  nodes: Node[];
  namespaces: Namespace[];
  /** Namespaced objects: resource → namespace → objects, each list sorted by name as the API returns it. */
  resources: Map<ResourceName, Map<string, KubeObject[]>>;
  logs: LogFile[];
  logErrors: LogError[];
  /** Resource kinds the collector could not list, with the API's message (RBAC denials). */
  resourceErrors: Array<{ resource: ResourceName; namespace: string; message: string }>;
  expected: ExpectedCrash[];
}

/** The name of an object the generator built: it gives every one a name, as the API server requires. */
export function nameOf(object: { metadata?: { name?: string } }): string {
  return object.metadata?.name ?? '';
}

export function manifestErrors(model: ClusterModel): CollectionError[] {
  const errors: CollectionError[] = [];
  for (const error of model.resourceErrors) {
    errors.push(collectionError({ kind: error.resource, namespace: error.namespace }, `Error from server (Forbidden): ${error.message}`, `kubectl get ${error.resource} -n ${error.namespace} -o json`));
  }
  for (const error of model.logErrors) {
    errors.push(
      collectionError(
        { kind: 'logs', namespace: error.namespace, name: error.pod, container: error.container, previous: error.previous },
        `Error from server (BadRequest): ${error.message}`,
        `kubectl logs -n ${error.namespace} ${error.pod} -c ${error.container}${error.previous ? ' --previous' : ''}`,
      ),
    );
  }
  return errors;
}
