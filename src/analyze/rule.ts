/**
 * What a rule is: data (id, title, docs summary, message templates, log keep patterns) plus one pure function.
 * Detection is separate from wording: `check` returns a message id and structured data, the engine turns the
 * template into the summary, so tests assert ids and data and the prose can change without touching detection.
 */
import type { CauseId, CheckId, Confidence, Evidence, Finding, Fix } from '../model/report.js';
import type { ContainerView, PodView, Snapshot } from '../model/snapshot.js';

/**
 * How a rule reads a crash, which decides who wins when several match:
 * `death` rules read how the container died (termination reason, exit code, kill events, waiting reason),
 * `log` rules read what the app said before it died, `fallback` is `unknown`.
 */
export type CauseTier = 'death' | 'log' | 'fallback';

/** Why the engine picked a container: what state it is in now. */
export type TroubleKind =
  /** Waiting in a back-off or error state right now (CrashLoopBackOff, ImagePullBackOff, CreateContainerConfigError…). */
  | 'crash-looping'
  /** An init container that keeps the pod from starting its app containers. */
  | 'init-blocking'
  /** Terminated with an error in a pod that will not restart it (a Failed Job pod, restartPolicy Never). */
  | 'failed'
  /** The pod was evicted by the kubelet. */
  | 'evicted'
  /** Waiting in ContainerCreating while the pod's volumes fail to mount. */
  | 'mount-blocked'
  /** Restarted after a failure and is running again. */
  | 'recovered';

export interface Trouble {
  kind: TroubleKind;
  /** The state field that made the engine pick the container, e.g. `state.waiting.reason`. */
  why: string;
}

export interface CauseContext {
  snapshot: Snapshot;
  pod: PodView;
  container: ContainerView;
  trouble: Trouble;
}

/** A rule's conclusion about one container. Exactly one evidence block is `primary`. */
export interface CauseMatch<M extends string = string> {
  messageId: M;
  /** Everything the template needs, plus the structured facts (exit code, limit bytes, probe timing…). */
  data: Record<string, unknown>;
  confidence: Confidence;
  evidence: Evidence[];
  fix: Omit<Fix, 'docs'>;
}

interface RuleMeta<M extends string> {
  title: string;
  /** One or two sentences for the docs index and `--help`-style listings. */
  docs: string;
  /** Message templates: `{name}` is replaced with `data.name`. Lowercase start, no trailing period. */
  messages: Record<M, string>;
  /** Log lines the reader must keep from huge logs (beyond head and tail) because this rule decides on them. */
  keepPatterns: RegExp[];
}

export interface CauseRule<M extends string = string> extends RuleMeta<M> {
  id: CauseId;
  tier: CauseTier;
  /** Order within a tier, lower wins (e.g. eviction before image pull before OOM). */
  rank: number;
  check(context: CauseContext): CauseMatch<M> | undefined;
}

/** A finding together with where it came from, for checks that look across findings. */
export interface AnalyzedFinding {
  finding: Finding;
  bundleIndex: number;
  snapshot: Snapshot;
  pod: PodView;
  container: ContainerView;
  trouble: Trouble;
}

export interface CheckContext {
  snapshots: readonly Snapshot[];
  findings: readonly AnalyzedFinding[];
}

export interface CheckMatch<M extends string = string> {
  messageId: M;
  data: Record<string, unknown>;
  /** Bundle display names involved. */
  bundles: string[];
  /** Finding ids the check is about. */
  findings: string[];
  evidence: Evidence[];
  fix: Omit<Fix, 'docs'>;
}

export interface CheckRule<M extends string = string> extends RuleMeta<M> {
  id: CheckId;
  check(context: CheckContext): Array<CheckMatch<M>>;
}

export type Rule = CauseRule | CheckRule;

/** Identity helpers: they tie a rule's message ids to its templates at compile time. */
export function defineCause<const M extends string>(rule: CauseRule<M>): CauseRule {
  return rule as unknown as CauseRule;
}

export function defineCheck<const M extends string>(rule: CheckRule<M>): CheckRule {
  return rule as unknown as CheckRule;
}

export function isCauseRule(rule: Rule): rule is CauseRule {
  return 'tier' in rule;
}
