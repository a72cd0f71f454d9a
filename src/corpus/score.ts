/**
 * Scoring a diagnosis against what a corpus case's thread established. Reader-neutral: anything that turns a case
 * into findings (the bundle reader + analyzer today, a pasted-text reader later) is scored by the same rules.
 */
import type { Finding } from '../model/report.js';
import type { CaseExpectation, CorpusCase } from './case.js';

/** What a reader concluded about one subject container, or nothing (no finding). */
export interface Diagnosis {
  cause: string;
  kind?: string;
  summary: string;
  /** The decisive line(s) the diagnosis quotes. */
  decisive: string[];
  owner?: string;
}

export interface ExpectationScore {
  expect: CaseExpectation;
  /** The pod/container the expectation was checked against (`pod/container`, or `pod` for a control). */
  subject: string;
  got?: Diagnosis;
  right: boolean;
  causeRight: boolean;
  /** What did not match, one short phrase each. */
  misses: string[];
}

export interface CaseScore {
  id: string;
  file: string;
  source: string;
  /** The first expectation's cause: the row of the per-cause table. */
  cause: string;
  right: boolean;
  causeRight: boolean;
  expectations: ExpectationScore[];
}

/** A finding as a Diagnosis: its decisive lines are every log excerpt's decisive line and the primary block's text. */
function diagnosisOf(finding: Finding): Diagnosis {
  const decisive: string[] = [];
  for (const block of finding.evidence) {
    if (block.kind === 'log' && block.decisiveLine !== undefined) {
      const line = block.lines.find((l) => l.number === block.decisiveLine);
      if (line) decisive.push(line.text);
    }
    if (block.primary && block.kind === 'field') decisive.push(String(block.value));
    if (block.primary && block.kind === 'event') decisive.push(block.message);
    if (block.primary && block.kind === 'note') decisive.push(block.text);
  }
  const owner = finding.owner?.team ?? finding.fix.owner;
  return { cause: finding.cause, ...(finding.kind ? { kind: finding.kind } : {}), summary: finding.summary, decisive, owner };
}

/** Whether a finding is about this pod (and container): itself, or one of the instances grouped into it. */
function about(finding: Finding, pod: string, container?: string): boolean {
  const subjects = [{ pod: finding.pod, container: finding.container }, ...(finding.instances ?? [])];
  return subjects.some((s) => s.pod === pod && (container === undefined || s.container === container));
}

/**
 * Scores every expectation of a case against the findings a reader produced for the case's bundle. The subject of an
 * expectation without `pod` is the first pod; without `container`, its first container that has a finding.
 */
export function scoreCase(c: CorpusCase, findings: readonly Finding[]): CaseScore {
  const expectations = c.expect.map((expect) => {
    const pod = expect.pod ?? c.pods[0]?.name ?? '';
    const order = c.pods.find((p) => p.name === pod)?.containers.map((x) => x.name) ?? [];
    const mine = findings.filter((f) => about(f, pod, expect.container));
    const subjectFinding = expect.container !== undefined ? mine[0] : [...mine].sort((a, b) => order.indexOf(a.container) - order.indexOf(b.container))[0];
    const got = subjectFinding ? diagnosisOf(subjectFinding) : undefined;
    return scoreExpectation(expect, expect.container ? `${pod}/${expect.container}` : pod, got);
  });
  return {
    id: c.id,
    file: c.file,
    source: c.source,
    cause: c.expect[0]?.cause ?? '',
    right: expectations.every((e) => e.right),
    causeRight: expectations.every((e) => e.causeRight),
    expectations,
  };
}

export function scoreExpectation(expect: CaseExpectation, subject: string, got: Diagnosis | undefined): ExpectationScore {
  const misses: string[] = [];
  if (expect.cause === 'none') {
    if (got) misses.push(`expected no finding, got ${got.cause}`);
    return { expect, subject, ...(got ? { got } : {}), right: misses.length === 0, causeRight: misses.length === 0, misses };
  }
  if (!got) {
    misses.push('no finding');
    return { expect, subject, right: false, causeRight: false, misses };
  }
  const causeRight = got.cause === expect.cause;
  if (!causeRight) misses.push(`cause ${got.cause}`);
  if (expect.kind !== undefined && got.kind !== expect.kind) misses.push(`kind ${got.kind ?? '(none)'}`);
  if (expect.mentions !== undefined) {
    const needle = expect.mentions.toLowerCase();
    if (![got.summary, ...got.decisive].some((text) => text.toLowerCase().includes(needle))) misses.push(`does not mention "${expect.mentions}"`);
  }
  if (expect.owner !== undefined && got.owner !== expect.owner) misses.push(`owner ${got.owner ?? '(none)'}`);
  return { expect, subject, got, right: misses.length === 0, causeRight, misses };
}

export interface CorpusTableRow {
  cause: string;
  cases: number;
  right: number;
  wrong: number;
  causeRight: number;
}

export function corpusTable(scores: readonly CaseScore[]): CorpusTableRow[] {
  const rows = new Map<string, CorpusTableRow>();
  for (const score of scores) {
    const row = rows.get(score.cause) ?? { cause: score.cause, cases: 0, right: 0, wrong: 0, causeRight: 0 };
    row.cases++;
    if (score.right) row.right++;
    else row.wrong++;
    if (score.causeRight) row.causeRight++;
    rows.set(score.cause, row);
  }
  return [...rows.values()].sort((a, b) => b.cases - a.cases || a.cause.localeCompare(b.cause));
}

export function expectationText(expect: CaseExpectation): string {
  if (expect.cause === 'none') return 'none (no finding)';
  return [
    expect.kind ? `${expect.cause}/${expect.kind}` : expect.cause,
    expect.mentions !== undefined ? `mentioning "${expect.mentions}"` : '',
    expect.owner ? `owner ${expect.owner}` : '',
  ]
    .filter(Boolean)
    .join(', ');
}
