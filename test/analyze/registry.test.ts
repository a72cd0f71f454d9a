import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAUSE_RULES, CHECK_RULES, RULES, renderRulesIndex } from '../../src/analyze/index.js';
import { CAUSE_IDS, CHECK_IDS } from '../../src/model/report.js';
import { exampleIn, STALE_HINT, syncGeneratedFile } from './rule-docs.js';

const ROOT = new URL('../../', import.meta.url);
const files = (dir: string, ext: string) =>
  readdirSync(new URL(dir, ROOT))
    .filter((name) => name.endsWith(ext))
    .map((name) => name.slice(0, -ext.length))
    .sort();

const HEADINGS = ['## What it detects', '## Why it matters', '## Example evidence', '## How to fix', '## When it does not apply'];

describe('rule registry', () => {
  it('registers every cause file exactly once, and the causes are exactly the public cause ids', () => {
    expect(CAUSE_RULES.map((r) => r.id).sort()).toEqual(files('src/analyze/causes/', '.ts'));
    expect(CAUSE_RULES.map((r) => r.id).sort()).toEqual([...CAUSE_IDS].sort());
  });

  it('registers every check file exactly once, and the checks are exactly the public check ids', () => {
    expect(CHECK_RULES.map((r) => r.id).sort()).toEqual(files('src/analyze/checks/', '.ts'));
    expect(CHECK_RULES.map((r) => r.id).sort()).toEqual([...CHECK_IDS].sort());
  });

  it('has unique ids', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });

  it('each file exports the rule whose id is its name', async () => {
    for (const rule of CAUSE_RULES) expect((await import(`../../src/analyze/causes/${rule.id}.ts`)).default).toBe(rule);
    for (const rule of CHECK_RULES) expect((await import(`../../src/analyze/checks/${rule.id}.ts`)).default).toBe(rule);
  });

  it('each rule has a test file', () => {
    expect(files('test/analyze/causes/', '.test.ts')).toEqual(CAUSE_RULES.map((r) => r.id).sort());
    expect(files('test/analyze/checks/', '.test.ts')).toEqual(CHECK_RULES.map((r) => r.id).sort());
  });

  it('each rule has a docs page with the fixed headings in order, and no page is orphaned', () => {
    expect(files('docs/rules/', '.md').filter((name) => name !== 'README')).toEqual(RULES.map((r) => r.id).sort());
    for (const rule of RULES) {
      const page = readFileSync(new URL(`docs/rules/${rule.id}.md`, ROOT), 'utf8');
      expect(page.startsWith(`# ${rule.id}\n`), rule.id).toBe(true);
      const positions = HEADINGS.map((heading) => page.indexOf(`\n${heading}\n`));
      expect(positions.every((p) => p > 0), `${rule.id} headings`).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    }
  });

  it('each rule runs through the rule tester, and its page holds the example the tester generates from it', () => {
    for (const rule of RULES) {
      const folder = CAUSE_RULES.some((r) => r.id === rule.id) ? 'causes' : 'checks';
      const test = readFileSync(new URL(`test/analyze/${folder}/${rule.id}.test.ts`, ROOT), 'utf8');
      expect(test, `${rule.id}'s test imports its rule`).toContain(`from '../../../src/analyze/${folder}/${rule.id}.js'`);
      expect(test, `${rule.id}'s test runs the rule tester`).toMatch(folder === 'causes' ? /\btestCause\(rule, / : /\btestCheck\(rule, /);
      const page = readFileSync(new URL(`docs/rules/${rule.id}.md`, ROOT), 'utf8');
      const example = exampleIn(page);
      expect(example, `docs/rules/${rule.id}.md has no generated example: ${STALE_HINT}`).toBeDefined();
      expect(page.indexOf(example!), `${rule.id}: the example is under its heading`).toBeGreaterThan(page.indexOf('\n## Example evidence\n'));
      expect(page.indexOf(example!), `${rule.id}: the example is under its heading`).toBeLessThan(page.indexOf('\n## How to fix\n'));
    }
  });

  it('docs/rules/README.md is generated from the rules\' metadata', () => {
    const path = new URL('docs/rules/README.md', ROOT);
    expect(syncGeneratedFile(path, renderRulesIndex()), `docs/rules/README.md: ${STALE_HINT}`).toBe(renderRulesIndex());
  });
});
