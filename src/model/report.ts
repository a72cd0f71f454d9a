/**
 * The analysis model: what `podmortem analyze` concludes, and the public JSON document (`--format json`).
 * Renderers (HTML, Markdown, terminal) render this and nothing else; they know no Kubernetes rules.
 * Cause and check ids are public API: never rename one. Changing the shape bumps REPORT_SCHEMA_VERSION
 * and docs/report.schema.json.
 */
import type { BundleFormat, ContainerKind, Diagnostic, EventWindow, WorkloadRef } from './snapshot.js';

export const REPORT_SCHEMA_VERSION = 2;

export const CAUSE_IDS = [
  'app-error-at-startup',
  'oom-killed',
  'liveness-probe-failure',
  'startup-probe-failure',
  'wrong-command-or-args',
  'image-platform-mismatch',
  'boot-dependency-unavailable',
  'image-pull-failure',
  'missing-config',
  'evicted',
  'unknown',
] as const;
export type CauseId = (typeof CAUSE_IDS)[number];

/** Each cause's sub-kinds (`Finding.kind`), the vocabulary the rule docs and the corpus share. */
export const CAUSE_KINDS: Record<CauseId, readonly string[]> = {
  'app-error-at-startup': [
    'exception',
    'config',
    'env',
    'module',
    'data-dir',
    'lock-file',
    'corrupt-data',
    'cluster-id',
    'kernel-setting',
    'config-fetch-denied',
    'volume-permission',
    'credentials-rejected',
    'port-in-use',
    'migration',
  ],
  'oom-killed': ['limit', 'node-oom', 'runtime-heap', 'sigkill'],
  'liveness-probe-failure': ['http-error', 'timeout', 'refused', 'exec', 'slow-boot'],
  'startup-probe-failure': ['budget'],
  'wrong-command-or-args': ['not-found', 'permission', 'crlf', 'args-rejected', 'exits'],
  'image-platform-mismatch': ['exec-format'],
  'boot-dependency-unavailable': ['refused', 'timeout', 'dns', 'cluster-dns', 'not-ready'],
  'image-pull-failure': ['not-found', 'auth', 'denied-ambiguous', 'rate-limit', 'tls', 'network', 'invalid-name', 'never-pull', 'platform'],
  'missing-config': ['secret', 'configmap', 'key', 'volume', 'pvc', 'service-account'],
  evicted: ['memory', 'disk', 'ephemeral-storage'],
  unknown: [],
};

export const CHECK_IDS = [
  'same-memory-oom',
  'kubelet-overloaded',
  'cross-cluster-difference',
  'control-plane-disruption',
  'cluster-dns-unreachable',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export type Confidence = 'high' | 'medium' | 'low';

/**
 * Evidence blocks point into the bundle. Exactly one block of a finding or check is `primary`, the one that decides
 * it, and it comes first (the analyzer's rules return it apart from the supporting blocks, so there is always one).
 */
export type Evidence = FieldEvidence | LogEvidence | EventEvidence | TableEvidence | NoteEvidence;

interface EvidenceBase {
  /** Short human label, e.g. "last termination", "previous log". */
  label: string;
  primary?: boolean;
}

/** A field of an object: file + JSON path + value. */
export interface FieldEvidence extends EvidenceBase {
  kind: 'field';
  file: string;
  /** JSON path from the file's root, e.g. `items[4].status.containerStatuses[0].lastState.terminated.reason`. */
  path: string;
  value: unknown;
}

/** An excerpt of a log with line numbers; `decisiveLine` marks the line that decides. */
export interface LogEvidence extends EvidenceBase {
  kind: 'log';
  file: string;
  lines: Array<{ number: number; text: string }>;
  decisiveLine?: number;
  /** Lines exist before/after the excerpt that were not included (cut for size or not in the bundle). */
  cutBefore?: boolean;
  cutAfter?: boolean;
}

export interface EventEvidence extends EvidenceBase {
  kind: 'event';
  file: string;
  path?: string;
  type: string;
  reason: string;
  message: string;
  count: number;
  /** `Pod/api-7c9d`, `Node/node-1`. */
  object: string;
  firstTime?: string;
  lastTime?: string;
}

/** A comparison: rows × columns of plain strings (e.g. cross-cluster differences). */
export interface TableEvidence extends EvidenceBase {
  kind: 'table';
  columns: string[];
  rows: string[][];
  /** Row indexes whose cells differ, for highlighting. */
  highlightRows?: number[];
  /**
   * `comparison`: the same objects of two clusters side by side, which renderers may show in a section of their own;
   * absent for any other table.
   */
  role?: 'comparison';
}

export interface NoteEvidence extends EvidenceBase {
  kind: 'note';
  text: string;
}

type FixOwner = 'application' | 'platform';

export interface Fix {
  /** One sentence: what to change. */
  summary: string;
  /** Concrete steps, most important first. */
  steps: string[];
  /** A YAML patch or commands to run, where one applies. */
  snippet?: { language: 'yaml' | 'shell'; code: string };
  owner: FixOwner;
  /** Relative link to the rule's docs page, e.g. `docs/rules/oom-killed.md`. */
  docs?: string;
}

/** Who owns the fix for one crash, and the fact that decided it (a namespace, a priority class, an image, a check). */
export interface Ownership {
  team: FixOwner;
  /** One phrase, e.g. `namespace openshift-sdn`, `priority class system-node-critical`, `check same-memory-oom`. */
  reason: string;
}

/** One of the common questions about a crash, answered with this container's facts. */
export interface FaqAnswer {
  id: 'next-restart' | 'previous-log-empty' | 'exit-code' | 'restart-policy-never' | 'disable-probe';
  question: string;
  answer: string;
}

export interface TimelineEntry {
  /** ISO time. */
  time: string;
  kind: 'started' | 'terminated' | 'event' | 'captured';
  label: string;
  detail?: string;
}

export interface Finding {
  /** Stable id within a report: `<bundle index>/<namespace>/<pod>/<container>`. */
  id: string;
  /** The bundle's display name (Report.bundles[].name). */
  bundle: string;
  namespace: string;
  pod: string;
  container: string;
  containerKind: ContainerKind;
  workload: WorkloadRef;
  cause: CauseId;
  /** The cause's sub-kind, from the vocabulary its docs/rules page lists (e.g. `data-dir`, `slow-boot`, `denied-ambiguous`). */
  kind?: string;
  confidence: Confidence;
  /** 0–100, for ordering: most severe first. */
  severity: number;
  /** One line, lowercase start, no trailing period. */
  summary: string;
  /** The rule's message id and the structured data behind the summary (exit code, limit bytes, probe timing…). */
  messageId: string;
  data: Record<string, unknown>;
  evidence: Evidence[];
  fix: Fix;
  restartCount: number;
  timeline: TimelineEntry[];
  /**
   * Other containers of the same workload that die the same way, grouped into this finding (replicas, Job pods,
   * DaemonSet pods); absent when the finding is about one container.
   */
  instances?: FindingInstance[];
  /** Other causes that matched but lost to the one above (e.g. ECONNREFUSED lines in a container that was OOMKilled). */
  alsoSeen: Array<{ cause: CauseId; summary: string }>;
  /** Who owns the fix (schema 2). `fix.owner` always equals `owner.team`. */
  owner?: Ownership;
  /** The escalation checks that cover this finding (schema 2). */
  checks?: CheckId[];
  /** Common questions answered with this container's facts (schema 2). */
  faq?: FaqAnswer[];
}

export interface FindingInstance {
  pod: string;
  container: string;
  restartCount: number;
  /** This instance left no evidence of its own; it shares the workload and the diagnosed instance's cause. */
  inferred?: boolean;
}

export interface EscalationCheck {
  kind: CheckId;
  summary: string;
  /** Bundles involved (display names). */
  bundles: string[];
  /** Findings the check is about (Finding.id). */
  findings: string[];
  evidence: Evidence[];
  fix: Fix;
}

/** `inconclusive`: a bundle is damaged in a way that may hide crashes; it wins over the other two (exit code 3). */
type VerdictStatus = 'escalate' | 'no-escalation' | 'inconclusive';

export interface Escalation {
  /** True when a check fired or a platform component crashes now, also when the verdict is inconclusive. */
  escalate: boolean;
  /** The verdict (schema 2). */
  status?: VerdictStatus;
  /** What could not be read, one line each, when the status is inconclusive (schema 2). */
  unreadable?: string[];
  /** Findings of platform components that crash now, which escalate on their own (schema 2). */
  platformCrashes?: string[];
  /** One sentence for the top of every report. */
  summary: string;
  checks: EscalationCheck[];
  /** The fixes that live with the application team, one line each: every finding no escalation check covers. */
  teamFixes: string[];
}

/** A rollout whose new revision crash-loops while the previous one was healthy (schema 2). */
export interface BadRelease {
  bundle: string;
  namespace: string;
  /** `Deployment/checkout`. */
  workload: WorkloadRef;
  summary: string;
  /** The crashing revision and the healthy one before it (ReplicaSet names and `deployment.kubernetes.io/revision`). */
  current: { name: string; revision?: number; createdAt?: string };
  previous: { name: string; revision?: number; createdAt?: string; readyReplicas: number };
  /** What changed between the two pod templates: one row per field. */
  changes: Array<{ field: string; before: string; after: string }>;
  /** The command that rolls back, names shell-quoted. */
  rollback: string;
  /** Findings of the crashing revision (Finding.id). */
  findings: string[];
}

/** The alerting rule that would have caught one crashing workload (schema 2). */
export interface AlertSuggestion {
  bundle: string;
  namespace: string;
  workload: WorkloadRef;
  containers: string[];
  /** A PrometheusRule manifest (kube-state-metrics restarts and waiting reason, cAdvisor OOM events). */
  snippet: { language: 'yaml'; code: string };
}

export interface BundleSummary {
  name: string;
  path: string;
  format: BundleFormat;
  cluster?: string;
  kubernetesVersion?: string;
  capturedAt?: string;
  eventWindow: EventWindow;
  counts: { namespaces: number; nodes: number; pods: number; containers: number; events: number; logs: number };
  diagnostics: Diagnostic[];
  /** What to ask for next when the input could not decide (a pasted ticket): the exact commands, in diagnostic order. */
  nextSteps?: string[];
}

/** A rule that threw: the run continues, and the report says which rule and where. */
export interface AnalyzerError {
  rule: string;
  bundle: string;
  target?: string;
  message: string;
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  generator: { name: 'podmortem'; version: string };
  bundles: BundleSummary[];
  findings: Finding[];
  escalation: Escalation;
  /** Rollouts that began the crashes (schema 2). */
  releases?: BadRelease[];
  /** Alerting rules per crashing workload (schema 2). */
  alerts?: AlertSuggestion[];
  errors: AnalyzerError[];
}
