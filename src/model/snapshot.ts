/**
 * The snapshot model: one cluster as one bundle saw it.
 *
 * Readers translate every bundle layout (podmortem, troubleshoot, cluster-info dump, must-gather) into this one
 * shape; analyzers, renderers and `serve` only ever see a Snapshot, never a path pattern of a particular tool.
 * Facts that several consumers need (owner chain, events per object, a container's log windows) are computed once
 * here by the reader, not re-derived by each rule.
 */
import type {
  Container,
  ContainerState,
  ContainerStatus,
  Event as CoreEvent,
  Node,
  NodeSystemInfo,
  Pod,
} from 'kubernetes-types/core/v1.js';
import type { PodmortemManifest } from './manifest.js';

/** `paste`: kubectl outputs and logs pasted into a ticket, read by the text reader. */
export type BundleFormat = 'podmortem' | 'troubleshoot' | 'cluster-info-dump' | 'must-gather' | 'paste';

/** Any Kubernetes object as read from a bundle: untrusted, only `kind`/`metadata` are assumed to be objects. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ apiVersion?: string; kind?: string; name?: string; uid?: string; controller?: boolean }>;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    resourceVersion?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** Where a fact came from inside the bundle, so every finding can point at it. */
export interface SourceRef {
  /** Path of the file relative to the bundle root, with `/` separators (e.g. `cluster-resources/pods/shop.json`). */
  file: string;
  /** JSON path of the object inside that file (e.g. `items[3]`), when the file holds several objects. */
  path?: string;
  /** 1-based line number, for line-oriented files. */
  line?: number;
}

type DiagnosticSeverity = 'error' | 'warning' | 'info';

/**
 * Something in the bundle that could not be read, or was read with loss. Diagnostics never stop the read: the rest
 * of the bundle is still analyzed, and reports show them so nobody mistakes a gap for "nothing happened".
 */
export interface Diagnostic {
  severity: DiagnosticSeverity;
  /** Stable kebab-case code, e.g. `truncated-archive`, `unsafe-path`, `malformed-json`, `line-too-long`. */
  code: string;
  /** Path in the bundle the diagnostic is about; `''` for the bundle as a whole. */
  file: string;
  message: string;
  line?: number;
  byte?: number;
  /** The resource the damaged file holds, when the reader knows it (`pods`: crashes may be hidden). */
  resource?: ResourceName;
}

/** One kept log line. `number` is 1-based within `LogWindow.source.file`. */
export interface LogLine {
  number: number;
  /** The line as the file holds it (evidence cites this). */
  text: string;
  /**
   * Set on the lines of a timestamped log (`LogWindow.timestamped`) that carry the runtime's prefix: the text after
   * it, what the container wrote. Read it as `message ?? text`.
   */
  message?: string;
  /** The runtime's timestamp of the line, in milliseconds since the epoch (a timestamped log's prefixed lines). */
  time?: number;
  /** The line was longer than the reader's per-line cap and was cut; `text` holds its beginning. */
  truncated?: boolean;
}

/**
 * A bounded view of one container log: the first lines, the last lines and any line an analyzer asked to keep
 * (its keep patterns), whatever the size of the log. `lines` is ordered by number and has no duplicates.
 */
export interface LogWindow {
  source: LogSource;
  lines: LogLine[];
  /** Total number of lines in the log (for a combined file: in this container's section). */
  totalLines: number;
  totalBytes: number;
  /** True when `lines` holds every line of the log. */
  complete: boolean;
  /** The log carries a per-line RFC 3339 timestamp prefix (must-gather, `kubectl logs --timestamps`). */
  timestamped: boolean;
  /**
   * Set when the reader kept no lines because the container never died (the analysis reads no healthy container's
   * log): `counted` — its bytes were read, so totalLines and timestamped hold; `skipped` — its bytes were never
   * read (a seekable bundle), so only totalBytes is known. `serve` streams the text from the bundle either way.
   */
  drained?: 'counted' | 'skipped';
}

/**
 * Where the full text of a log lives, for consumers that stream it on demand (`serve`).
 * For combined files (cluster-info dump `logs.txt`) the container's section is the line range
 * `[firstLine, lastLine]`, inclusive, marker lines excluded.
 */
export interface LogSource {
  file: string;
  firstLine?: number;
  lastLine?: number;
}

export interface ContainerLogs {
  current?: LogWindow;
  previous?: LogWindow;
  /** Why a log is absent, as the collecting tool recorded it (troubleshoot `-logs-errors.log`, manifest errors). */
  errors: string[];
}

/** init: a regular init container; sidecar: an init container with `restartPolicy: Always`. */
export type ContainerKind = 'init' | 'sidecar' | 'regular' | 'ephemeral';

export interface ContainerView {
  name: string;
  kind: ContainerKind;
  /** The container's spec; `{ name }` only when the pod spec lacks it (a status without spec). */
  spec: Container;
  /** JSON path of the spec inside the pod, e.g. `spec.initContainers[0]`. */
  specPath: string;
  status?: ContainerStatus;
  /** JSON path of the status inside the pod, e.g. `status.containerStatuses[1]`. */
  statusPath?: string;
  restartCount: number;
  state?: ContainerState;
  lastState?: ContainerState;
  logs: ContainerLogs;
  /** Events whose `involvedObject.fieldPath` names this container. */
  events: EventView[];
}

export interface OwnerLink {
  kind: string;
  name: string;
  uid?: string;
  /** False when the owner is named by an ownerReference but the bundle lacks the object itself. */
  resolved: boolean;
}

export interface WorkloadRef {
  kind: string;
  name: string;
}

export interface PodView {
  namespace: string;
  name: string;
  uid?: string;
  object: Pod;
  source: SourceRef;
  nodeName?: string;
  /** Init and sidecar containers first (spec order), then regular, then ephemeral. */
  containers: ContainerView[];
  /** Controller chain from the pod upwards, nearest first: ReplicaSet → Deployment, Job → CronJob, … */
  owners: OwnerLink[];
  /** The top of the owner chain, or the pod itself when it has no controller. */
  workload: WorkloadRef;
  /** Events about this pod (matched by uid when both sides have one), oldest first. */
  events: EventView[];
}

export interface EventView {
  object: CoreEvent;
  source: SourceRef;
  namespace: string;
  type: string;
  reason: string;
  message: string;
  count: number;
  involved: {
    kind: string;
    namespace: string;
    name: string;
    uid?: string;
    fieldPath?: string;
  };
  /** Container named by `involvedObject.fieldPath` (`spec.containers{app}` → `app`). */
  containerName?: string;
  /** `source.host` (or `reportingInstance`): the node that reported the event. */
  host?: string;
  component?: string;
  /** ISO time of the first and last occurrence (normalised across core/v1 and events.k8s.io fields). */
  firstTime?: string;
  lastTime?: string;
}

export interface NodeView {
  name: string;
  object: Node;
  source: SourceRef;
  /** `status.conditions` by type, e.g. `conditions.get('Ready')?.status`. */
  conditions: Map<string, { status: string; reason?: string; message?: string; lastTransitionTime?: string }>;
  nodeInfo?: NodeSystemInfo;
  /** Allocatable and capacity memory in bytes, where parseable. */
  allocatableMemoryBytes?: number;
  capacityMemoryBytes?: number;
  events: EventView[];
}

export interface ObjectRecord<T = KubeObject> {
  object: T;
  source: SourceRef;
}

/**
 * The resources a snapshot can hold, by their plural API name (the name `serve` routes on and collectors request).
 * A bundle may lack any of them; an absent key and an empty list both mean "none in the bundle".
 */
export type ResourceName =
  | 'namespaces'
  | 'nodes'
  | 'pods'
  | 'events'
  | 'deployments'
  | 'replicasets'
  | 'statefulsets'
  | 'daemonsets'
  | 'jobs'
  | 'cronjobs'
  | 'services'
  | 'endpoints'
  | 'configmaps'
  | 'secrets'
  | 'limitranges'
  | 'resourcequotas'
  | 'persistentvolumeclaims'
  | 'replicationcontrollers'
  | BuiltInExtraResourceName
  | CustomResourceName;

/** Kinds `serve` answers for and `collect` gathers beyond the ones the analysis reads. */
export type BuiltInExtraResourceName =
  | 'persistentvolumes'
  | 'storageclasses'
  | 'ingresses'
  | 'ingressclasses'
  | 'networkpolicies'
  | 'endpointslices'
  | 'serviceaccounts'
  | 'roles'
  | 'rolebindings'
  | 'clusterroles'
  | 'clusterrolebindings'
  | 'horizontalpodautoscalers'
  | 'poddisruptionbudgets'
  | 'priorityclasses'
  | 'validatingwebhookconfigurations'
  | 'mutatingwebhookconfigurations'
  | 'leases'
  | 'customresourcedefinitions';

/** A custom resource, by its CRD's name `<plural>.<group>` (troubleshoot's folder name, e.g. `volumes.longhorn.io`). */
export type CustomResourceName = `${string}.${string}`;

export function isCustomResourceName(name: string): name is CustomResourceName {
  return name.includes('.');
}

export interface VersionInfo {
  major?: string;
  minor?: string;
  gitVersion?: string;
  platform?: string;
  [key: string]: unknown;
}

export interface EventWindow {
  count: number;
  earliest?: string;
  latest?: string;
}

/**
 * What a bundle's layout saves of container logs, as its layout file declares it: analyzers and serve decide from
 * this, never from which tool wrote the bundle.
 */
export interface LogCollection {
  /**
   * `collected`: a restarted container's previous log is saved, so an absent one means there was none; `never`: the
   * layout saves none (a restarted container's current log is the only one there is); `unknown`: only what someone
   * chose to include (pasted text).
   */
  previous: 'collected' | 'never' | 'unknown';
  /**
   * Each line begins with the container runtime's timestamp (`oc adm inspect` asks for `timestamps=true`). Elsewhere a
   * leading time is the application's own (Spring Boot, logback, zap…) and part of the line, however alike it looks.
   */
  runtimeTimestamps: boolean;
}

export interface Snapshot {
  bundle: {
    /** The path the user gave. */
    path: string;
    format: BundleFormat;
    /** A display name for the bundle: the archive or folder name. */
    name: string;
    logs: LogCollection;
  };
  /** When the bundle was captured: the manifest's time, or else the newest timestamp found in it. */
  capturedAt?: string;
  capturedAtSource: 'manifest' | 'bundle-metadata' | 'latest-timestamp' | 'paste' | 'unknown';
  cluster: {
    name?: string;
    context?: string;
    version?: VersionInfo;
  };
  /** podmortem's own manifest, for podmortem bundles. */
  manifest?: PodmortemManifest;
  /** Every object read, by resource; ConfigMaps and Secrets hold names and key names only when the collector redacted them. */
  resources: Partial<Record<ResourceName, ObjectRecord[]>>;
  nodes: NodeView[];
  pods: PodView[];
  events: EventView[];
  /** Events by involved object, keyed by {@link objectKey} (`Kind/namespace/name`; namespace empty for cluster objects). */
  eventsByObject: Map<string, EventView[]>;
  /** What time span the events cover: events expire (1 h by default), so an empty list does not mean nothing happened. */
  eventWindow: EventWindow;
  diagnostics: Diagnostic[];
  /**
   * What to collect next when the input cannot decide (a pasted ticket): one sentence each with the exact command,
   * in the order of the diagnosis (previous log, describe, events), then `podmortem collect`.
   */
  nextSteps?: string[];
}

/** The key of {@link Snapshot.eventsByObject}: `Pod/shop/api-7c9d`, `Node//node-1`. */
export function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}
