/**
 * What a rule is: data (id, title, docs summary, message templates, log keep patterns) plus one pure function.
 * Detection is separate from wording: `check` returns a message id and structured data, the engine turns the
 * template into the summary, so tests assert ids and data and the prose can change without touching detection.
 */
import type { CauseId, CheckId, Confidence, Evidence, Finding, Fix } from '../model/report.js';
import type { ContainerView, PodView, Snapshot } from '../model/snapshot.js';
import { readingOf, type Ending, type Reading } from './reading.js';

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
  /** How the container died, read once by the engine (computed on demand when a test calls a rule directly). */
  reading?: Reading;
}

/**
 * What decides a match and what backs it up: exactly one primary block by construction. The report keeps a plain list
 * (the primary block first, marked `primary: true`), see `evidenceList`.
 */
export interface MatchEvidence {
  primary: Evidence;
  supporting: Evidence[];
}

/**
 * A rule's conclusion about one container. `D` is the rule's finding-data type: what the templates fill in and what
 * other rules and the verdict read back (through `findingData`), declared once where the rule is defined.
 */
export interface CauseMatch<M extends string = string, D extends object = object> {
  messageId: M;
  /** The sub-kind (docs/rules/<cause>.md lists them), e.g. `data-dir`, `slow-boot`. */
  kind?: string;
  /**
   * How strong the deciding log line is (its signature's rank): between two causes that read the log, the one whose
   * line ranks higher wins (a rejected password beats the refusal wording on the same connection).
   */
  strength?: number;
  /** Everything the template needs, plus the structured facts (exit code, limit bytes, probe timing…). */
  data: D;
  confidence: Confidence;
  evidence: MatchEvidence;
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

export interface CauseRule<M extends string = string, D extends object = object> extends RuleMeta<M> {
  id: CauseId;
  tier: CauseTier;
  /** Order within a tier, lower wins (e.g. eviction before image pull before OOM). */
  rank: number;
  /** The endings this cause can explain; the engine asks it about no other container. */
  explains: readonly Ending[];
  check(context: CauseContext): CauseMatch<M, D> | undefined;
  /** The decision without the ending filter: what the log says even where the death explains more (for alsoSeen). */
  decide(context: CauseContext, reading: Reading): CauseMatch<M, D> | undefined;
}

/** A cause as written: the endings it explains and a decision over the container's reading. */
interface CauseSpec<M extends string, D extends object> extends RuleMeta<M> {
  id: CauseId;
  tier: CauseTier;
  rank: number;
  explains: readonly Ending[];
  decide(context: CauseContext, reading: Reading): CauseMatch<M, D> | undefined;
  /** The sub-kind of a match that does not set one itself, from its message id and data. */
  kindOf?(match: CauseMatch<M, NoInfer<D>>): string | undefined;
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

interface CheckContext {
  snapshots: readonly Snapshot[];
  findings: readonly AnalyzedFinding[];
}

export interface CheckMatch<M extends string = string> {
  messageId: M;
  /** What the template fills in (a check's data stays in the analysis: the report keeps its summary). */
  data: object;
  /** Bundle display names involved. */
  bundles: string[];
  /** Finding ids the check is about. */
  findings: string[];
  evidence: MatchEvidence;
  fix: Omit<Fix, 'docs'>;
}

export interface CheckRule<M extends string = string> extends RuleMeta<M> {
  id: CheckId;
  check(context: CheckContext): Array<CheckMatch<M>>;
}

export type Rule = CauseRule | CheckRule;

/**
 * Ties a cause's message ids to its templates and its data to its finding-data type at compile time (typescript-eslint's
 * `createRule<Options, MessageIds>` is the model: `defineCause<Message, OomKilledData>({…})`), and makes `check` decide
 * over the container's one reading (computed once by the engine, on demand when a test calls the rule directly).
 */
export function defineCause<const M extends string, D extends object>(spec: CauseSpec<M, D>): CauseRule<M, D> {
  return {
    ...spec,
    // What the cause concludes about any container; the engine asks it only about endings it explains.
    check(context) {
      const match = spec.decide(context, context.reading ?? readingOf(context));
      if (match && match.kind === undefined && spec.kindOf) {
        const kind = spec.kindOf(match);
        if (kind !== undefined) match.kind = kind;
      }
      return match;
    },
  };
}

export function defineCheck<const M extends string>(rule: CheckRule<M>): CheckRule<M> {
  return rule;
}

/** A finding's message id and data as its rule typed them. */
export interface FindingData<M extends string, D extends object> {
  messageId: M;
  data: D;
}

/** The `FindingData` of a rule's findings: `FindingDataOf<typeof oomKilled>`. */
export type FindingDataOf<R> = R extends CauseRule<infer M, infer D> ? FindingData<M, D> : never;

/**
 * What a finding of `rule`'s cause says, typed by the rule: its message id and data (the report keeps data as a plain
 * object); undefined for a finding of another cause. Checks read other rules' findings through this, never by key.
 */
export function findingData<M extends string, D extends object>(finding: Finding, rule: CauseRule<M, D>): FindingData<M, D> | undefined {
  if (finding.cause !== rule.id) return undefined;
  // The engine wrote this finding from the rule's own match, so its message id and data have the rule's types.
  return { messageId: finding.messageId as M, data: finding.data as D };
}
