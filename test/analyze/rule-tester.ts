/**
 * One tester for every rule (ESLint's RuleTester is the model, typed like typescript-eslint's): tables of cases that
 * must fire and cases that must not. A case's message id and data are checked against the rule's own types at compile
 * time. A firing case must yield the expected message id and data, evidence pointing into the bundle, a fix, and a
 * summary its template can render; the full engine must agree on the cause. Every rule needs a firing case: the first
 * one is its docs page's example evidence (rule-docs.ts), which must match the page.
 */
import { describe, expect, it } from 'vitest';
import { evidenceList } from '../../src/analyze/evidence.js';
import { analyze } from '../../src/analyze/index.js';
import { formatMessage, placeholders } from '../../src/analyze/messages.js';
import type { CauseContext, CauseMatch, CauseRule, CheckRule } from '../../src/analyze/rule.js';
import { troubledContainers } from '../../src/analyze/select.js';
import type { CauseId, Confidence, Evidence, Fix } from '../../src/model/report.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { causeExample, checkExample, STALE_HINT, syncExample, type RuleExample } from './rule-docs.js';

/** What `toMatchObject` compares: any subset of the data, at any depth. */
type DeepPartial<T> = T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

export interface FireCase<M extends string = string, D extends object = object> {
  name: string;
  snapshot: Snapshot;
  /** `pod/container`; defaults to the only troubled container of the snapshot. */
  target?: string;
  messageId: M;
  data?: DeepPartial<D>;
  confidence?: Confidence;
  /** The cause the whole engine settles on, when another rule outranks this one (precedence cases). */
  engineCause?: CauseId;
  /** Extra assertions on the match. */
  verify?: (match: CauseMatch<M, D>) => void;
}

export interface QuietCase {
  name: string;
  snapshot: Snapshot;
}

export function testCause<M extends string, D extends object>(rule: CauseRule<M, D>, cases: { fires: Array<FireCase<NoInfer<M>, NoInfer<D>>>; quiet: QuietCase[] }): void {
  describe(`cause ${rule.id}`, () => {
    it('has a template for every message and a docs summary', () => {
      expect(Object.keys(rule.messages).length).toBeGreaterThan(0);
      expect(rule.docs.length).toBeGreaterThan(40);
      for (const template of Object.values<string>(rule.messages)) assertWording(template);
    });
    describe('fires', () => {
      for (const c of cases.fires) {
        it(c.name, () => {
          const context = contextOf(c.snapshot, c.target);
          const match = rule.check(context);
          expect(match, `${rule.id} did not fire`).toBeDefined();
          expect(match!.messageId).toBe(c.messageId);
          if (c.data) expect(match!.data).toMatchObject(c.data);
          if (c.confidence) expect(match!.confidence).toBe(c.confidence);
          assertWellFormedMatch(rule.messages, match!);
          c.verify?.(match!);
          const report = analyze([c.snapshot]);
          const finding = report.findings.find((f) => `${f.pod}/${f.container}` === `${context.pod.name}/${context.container.name}`);
          expect(report.errors).toEqual([]);
          expect(finding?.cause).toBe(c.engineCause ?? rule.id);
          if (c.engineCause && c.engineCause !== rule.id) expect(finding?.alsoSeen.map((s) => s.cause)).toContain(rule.id);
        });
      }
    });
    it(`docs/rules/${rule.id}.md example evidence is its first firing case, rendered`, () => {
      // A precedence case shows another cause's finding: the example is the first case the engine gives this rule.
      const first = cases.fires.find((c) => (c.engineCause ?? rule.id) === rule.id);
      if (!first) throw new Error(`${rule.id} has no firing case the engine settles on: add one (its docs example is generated from it)`);
      const { pod, container } = contextOf(first.snapshot, first.target);
      expectExampleInSync(causeExample(rule.id, first.name, first.snapshot, { namespace: pod.namespace, pod: pod.name, container: container.name }));
    });
    describe('does not fire', () => {
      for (const c of cases.quiet) {
        it(c.name, () => {
          // Every container, troubled or not: a rule must not claim a container that is fine.
          let checked = 0;
          for (const pod of c.snapshot.pods) {
            const troubled = troubledContainers(pod);
            for (const container of pod.containers) {
              const trouble = troubled.find((t) => t.container === container)?.trouble ?? { kind: 'recovered' as const, why: 'test' };
              expect(rule.check({ snapshot: c.snapshot, pod, container, trouble }), `${pod.name}/${container.name}`).toBeUndefined();
              checked += 1;
            }
          }
          expect(checked).toBeGreaterThan(0);
          expect(analyze([c.snapshot]).findings.filter((f) => f.cause === rule.id)).toEqual([]);
        });
      }
    });
  });
}

export interface CheckFireCase {
  name: string;
  snapshots: Snapshot[];
  messageId: string;
  data?: Record<string, unknown>;
  /** How many matches; default 1. */
  count?: number;
}

export interface CheckQuietCase {
  name: string;
  snapshots: Snapshot[];
}

export function testCheck(rule: CheckRule, cases: { fires: CheckFireCase[]; quiet: CheckQuietCase[] }): void {
  describe(`check ${rule.id}`, () => {
    describe('fires', () => {
      for (const c of cases.fires) {
        it(c.name, () => {
          const report = analyze(c.snapshots);
          expect(report.errors).toEqual([]);
          const fired = report.escalation.checks.filter((check) => check.kind === rule.id);
          expect(fired).toHaveLength(c.count ?? 1);
          expect(report.escalation.escalate).toBe(true);
          const findingsById = new Map(report.findings.map((f) => [f.id, f]));
          for (const check of fired) {
            assertEvidence(check.evidence);
            assertFix(check.fix);
            assertWording(check.summary);
            for (const id of check.findings) expect(findingsById.has(id), `finding ${id}`).toBe(true);
          }
          // The report keeps the rendered summary; the rule itself gives the message id and data.
          const matches = directCheck(rule, c.snapshots);
          expect(matches.map((m) => m.messageId)).toContain(c.messageId);
          if (c.data) expect(matches.find((m) => m.messageId === c.messageId)!.data).toMatchObject(c.data);
          for (const match of matches) formatMessage(rule.messages[match.messageId]!, match.data);
        });
      }
    });
    it(`docs/rules/${rule.id}.md example evidence is its first firing case, rendered`, () => {
      const [first] = cases.fires;
      if (!first) throw new Error(`${rule.id} has no firing case: add one (its docs example is generated from it)`);
      expectExampleInSync(checkExample(rule.id, first.name, first.snapshots));
    });
    describe('does not fire', () => {
      for (const c of cases.quiet) {
        it(c.name, () => {
          const report = analyze(c.snapshots);
          expect(report.errors).toEqual([]);
          expect(report.escalation.checks.filter((check) => check.kind === rule.id)).toEqual([]);
        });
      }
    });
  });
}

function expectExampleInSync(example: RuleExample): void {
  const { current, expected } = syncExample(example);
  expect(current, `docs/rules/${example.rule}.md: its example evidence is not what its first firing case renders now: ${STALE_HINT}`).toBe(expected);
}

/** The check's own matches, computed the way the engine feeds it. */
function directCheck(rule: CheckRule, snapshots: Snapshot[]) {
  const report = analyze(snapshots);
  const findings = report.findings.map((finding) => {
    const bundleIndex = Number(finding.id.split('/')[0]);
    const snapshot = snapshots[bundleIndex]!;
    const pod = snapshot.pods.find((p) => p.namespace === finding.namespace && p.name === finding.pod)!;
    const container = pod.containers.find((ct) => ct.name === finding.container)!;
    const trouble = troubledContainers(pod).find((t) => t.container === container)!.trouble;
    return { finding, bundleIndex, snapshot, pod, container, trouble };
  });
  return rule.check({ snapshots, findings });
}

export function contextOf(snapshot: Snapshot, target?: string): CauseContext {
  const all = snapshot.pods.flatMap((pod) => troubledContainers(pod).map((t) => ({ pod, ...t })));
  const chosen = target ? all.find((t) => `${t.pod.name}/${t.container.name}` === target) : all.length === 1 ? all[0] : undefined;
  if (!chosen) {
    throw new Error(`target ${target ?? '(only troubled container)'} not selected; troubled: ${all.map((t) => `${t.pod.name}/${t.container.name}`).join(', ') || 'none'}`);
  }
  return { snapshot, pod: chosen.pod, container: chosen.container, trouble: chosen.trouble };
}

export function assertWellFormedMatch<M extends string>(messages: Record<M, string>, match: CauseMatch<M>): void {
  // A rule typed by its messages always has the template; a match built by hand may not.
  const template = messages[match.messageId] as string | undefined;
  if (template === undefined) throw new Error(`no template for ${match.messageId}`);
  const data = new Map<string, unknown>(Object.entries(match.data));
  for (const key of placeholders(template)) expect(data.get(key), `data.${key}`).toBeDefined();
  assertWording(formatMessage(template, match.data));
  // The primary block is apart from the supporting ones by construction; the list the report keeps marks exactly it.
  assertEvidence(evidenceList(match.evidence));
  assertFix(match.fix);
}

export function assertEvidence(evidence: Evidence[]): void {
  expect(evidence.filter((block) => block.primary), 'exactly one primary evidence block').toHaveLength(1);
  for (const block of evidence) {
    if (block.kind === 'field') {
      expect(block.file).not.toBe('');
      expect(block.path).toMatch(/^[\w[\]"./-]/);
    }
    if (block.kind === 'log') {
      expect(block.lines.length).toBeGreaterThan(0);
      if (block.decisiveLine !== undefined) expect(block.lines.map((l) => l.number)).toContain(block.decisiveLine);
    }
    if (block.kind === 'event') {
      expect(block.file).not.toBe('');
      expect(block.reason).not.toBe('');
    }
  }
}

export function assertFix(fix: Omit<Fix, 'docs'>): void {
  expect(fix.summary.length).toBeGreaterThan(10);
  expect(fix.steps.length).toBeGreaterThan(0);
  // "Don't disable the probe if the app genuinely isn't healthy": a fix may only mention disabling to forbid it.
  for (const text of [fix.summary, ...fix.steps]) {
    if (/\b(?:disable|remove)\b.*\bprobe\b/i.test(text)) expect(text).toMatch(/\b(?:do not|don't|never)\b/i);
  }
}

/** rustc-style wording: lowercase start (ids and names may start a sentence), no trailing period. */
export function assertWording(text: string): void {
  expect(text).not.toMatch(/\.$/);
  expect(text.charAt(0)).not.toMatch(/[A-Z]/);
}
