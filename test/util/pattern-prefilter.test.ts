/**
 * The one-pass prefilter must keep exactly the lines the keep patterns keep: checked line by line against testing
 * every pattern, on the log lines of every sample bundle and of the benchmark's generated logs, each also in upper
 * and lower case (for the case-insensitive patterns), with the analyzers' real keep patterns.
 */
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { LOG_KEEP_PATTERNS } from '../../src/analyze/index.js';
import { APP_STYLES } from '../../src/bench/cluster.js';
import { benchCluster } from '../../src/bench/cluster.js';
import { healthyLog } from '../../src/bench/logs.js';
import type { Diagnostic } from '../../src/model/snapshot.js';
import { openBundleSource } from '../../src/reader/index.js';
import { PatternPrefilter, patternLiterals } from '../../src/util/pattern-prefilter.js';

const SAMPLES = new URL('../../sample-bundles/', import.meta.url);
const SAMPLE_FILES = ['shop-prod-eu', 'shop-prod-us', 'batch-oom', 'overloaded-node', 'must-gather', 'cluster-info-dump', 'legacy-troubleshoot'];

async function sampleLogLines(): Promise<string[]> {
  const lines: string[] = [];
  for (const name of SAMPLE_FILES) {
    const source = await openBundleSource(new URL(`${name}.tar.gz`, SAMPLES).pathname);
    const diagnostics: Diagnostic[] = [];
    for await (const entry of source.entries(diagnostics)) {
      if (/\.(log|txt)$/.test(entry.path)) lines.push(...(await text(entry.stream)).split('\n'));
      else entry.stream.resume();
    }
    await source.close();
  }
  return lines;
}

function benchLines(): string[] {
  const lines = benchCluster().model.logs.flatMap((log) => log.lines);
  for (const style of [...new Set([...APP_STYLES, 'nginx' as const])]) lines.push(...healthyLog(`prefilter-${style}`, style, 200_000).toString().split('\n'));
  return lines;
}

const slow = (patterns: readonly RegExp[], line: string) => patterns.some((pattern) => new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')).test(line));

describe('the keep-pattern prefilter', () => {
  it('keeps exactly the lines the analyzers’ patterns match, on every sample and benchmark log', async () => {
    const corpus = [...(await sampleLogLines()), ...benchLines()];
    const lines = [...new Set(corpus.flatMap((line) => [line, line.toUpperCase(), line.toLowerCase()]))];
    const matcher = new PatternPrefilter(LOG_KEEP_PATTERNS);
    const differing = lines.filter((line) => matcher.matches(line) !== slow(LOG_KEEP_PATTERNS, line));
    expect(differing).toEqual([]);
    // The corpus must exercise both outcomes, and the prefilter must actually stand in for most patterns.
    const kept = lines.filter((line) => slow(LOG_KEEP_PATTERNS, line)).length;
    expect(kept).toBeGreaterThan(100);
    expect(lines.length - kept).toBeGreaterThan(10_000);
    expect(matcher.unfiltered.length).toBeLessThanOrEqual(2);
  }, 120_000);

  it('finds the literals a pattern needs, and none where a part is optional or repeated', () => {
    const literals = (pattern: RegExp) => [...(patternLiterals(pattern) ?? ['<every line>'])].sort();
    expect(literals(/^Traceback \(most recent call last\)/)).toEqual(['Traceback (most recent call last)']);
    expect(literals(/colou?r scheme/)).toEqual(['r scheme']);
    expect(literals(/ab+cdef/)).toEqual(['cdef']);
    expect(literals(/x(?:Error|Exception)y/)).toEqual(['Error', 'Exception']);
    expect(literals(/(?:Error|Ex)y/)).toEqual(['<every line>']);
    expect(literals(/foo(?=barbaz)/)).toEqual(['foo']);
    expect(literals(/[abc]{3}\d+/)).toEqual(['<every line>']);
    expect(literals(/one|two|three/)).toEqual(['one', 'three', 'two']);
    expect(literals(/one|t/)).toEqual(['<every line>']);
    expect(literals(/a\.b\/c\\d/)).toEqual(['a.b/c\\d']);
    expect(literals(/(?<word>hello) world/u)).toEqual(['<every line>']);
    // Built from a string: TypeScript rejects a literal whose \12 names no group (an octal escape at run time).
    expect(literals(new RegExp('ab\\cJcd|ef(g)hi\\12jk'))).toEqual(['<every line>']);
  });

  // A few literals go through a regex alternation, many through the automaton: twenty patterns that never match push
  // the same cases over to the automaton.
  const FILLER = Array.from({ length: 20 }, (_, i) => new RegExp(`qqzx${String(i)}vv`));
  describe.each([
    ['few literals (regex alternation)', [] as RegExp[]],
    ['many literals (automaton)', FILLER],
  ])('with %s', (_name, filler) => {
    const prefilter = (patterns: RegExp[]) => new PatternPrefilter([...patterns, ...filler]);

    it('keeps the same lines as the patterns for hand-picked tricky cases', () => {
      const patterns = [/colou?r scheme/, /x(?:Error|Exception)y/, /ab+cdef/i, /foo(?=barbaz)/, /^F\d{4} /, /one|two|three/g, /a\.b\/c\\d/];
      const lines = ['color scheme', 'colour scheme', 'colr scheme', 'xErrory', 'xExceptiony', 'xWarny', 'ABBBCDEF', 'abcde', 'foobarbaz', 'foobar', 'F0123 x', 'F12 x', 'twice', 'ONE', 'a.b/c\\d', 'a.b/cd', ''];
      const matcher = prefilter(patterns);
      for (const line of lines) expect([line, matcher.matches(line)]).toEqual([line, slow(patterns, line)]);
      // Literals inside or overlapping longer ones: each must still send the line to its own pattern.
      const overlapping = prefilter([/^fatal error: /, /fatal error: runtime: out of memory$/, /abc d$/, /c def/]);
      expect(['fatal error: runtime: out of memory!', 'abc def', 'abc d', 'xfatal error: runtime: out of memory!'].map((line) => overlapping.matches(line))).toEqual([true, true, true, false]);
    });

    it('respects case: sensitive literals in their own case, insensitive ones in any ASCII case, nothing past ASCII', () => {
      // A character past ASCII ends a literal (the Kelvin sign is no `k` without the `u` flag), and a non-ASCII literal
      // is never indexed: its pattern runs on every line.
      const cased = [/Killed/, /connection refused/i, /café au lait/i, /kill me/i];
      const casedLines = ['Killed', 'killed', 'KILLED', 'Connection REFUSED!', 'connection\u00a0refused', 'é connection refused é', 'CAFÉ AU LAIT', 'café au lait', '\u212Aill me', 'KILL ME'];
      const casedMatcher = prefilter(cased);
      for (const line of casedLines) expect([line, casedMatcher.matches(line)]).toEqual([line, slow(cased, line)]);
      expect(casedMatcher.unfiltered).toEqual([/café au lait/i]);
    });

    it('says which patterns may match a line, never leaving out one that does', () => {
      // `^F\d{4} ` has no literal of three characters: it may match any line.
      const always = /^F\d{4} /;
      const patterns = [/connection refused/i, /Killed/, always];
      const matcher = prefilter(patterns);
      const may = (line: string) => patterns.filter((pattern) => matcher.mayMatch(line).has(pattern));
      expect(may('dial tcp: Connection Refused')).toEqual([/connection refused/i, always]);
      expect(may('nothing here')).toEqual([always]);
      expect(may('Killed; connection refused')).toEqual(patterns);
    });
  });
});
