import { describe, expect, it } from 'vitest';
import { at, container, crashLooping, pod, snapshot } from './fixtures.js';
import { causeExample, checkExample, exampleIn, exampleMarkdown, withExample, type RuleExample } from './rule-docs.js';

const PAGE = ['# oom-killed', '', '## Why it matters', 'prose', '', '## Example evidence', 'kept by hand', '', '## How to fix', 'steps', ''].join('\n');

const example = (lines: string[]): RuleExample => ({ rule: 'oom-killed', kind: 'cause', caseName: 'a case', lines });

const oomKilled = snapshot({
  pods: [
    pod({
      name: 'api-1',
      deployment: 'api',
      containers: [container('api', crashLooping({ exitCode: 137, reason: 'OOMKilled', startedAt: at(0), finishedAt: at(754) }, 7), { resources: { limits: { memory: '512Mi' } } })],
    }),
  ],
});

describe('rule docs example blocks', () => {
  it('go right under the Example evidence heading the first time, and leave the hand-written text alone', () => {
    const block = exampleMarkdown(example(['1. oom-killed · shop/api-1']));
    const page = withExample(PAGE, block);
    expect(exampleIn(page)).toBe(block);
    expect(page).toContain(`## Example evidence\n${block}\nkept by hand\n`);
    expect(page.replace(`${block}\n`, '')).toBe(PAGE);
  });

  it('are replaced in place, so a stale block is told apart from the current one', () => {
    const stale = withExample(PAGE, exampleMarkdown(example(['old line'])));
    const fresh = exampleMarkdown(example(['new line']));
    expect(exampleIn(stale)).not.toBe(fresh);
    const rewritten = withExample(stale, fresh);
    expect(exampleIn(rewritten)).toBe(fresh);
    expect(rewritten).not.toContain('old line');
    expect(rewritten.replace(`${fresh}\n`, '')).toBe(PAGE);
  });

  it('are fenced so that no line of the output can close the fence', () => {
    const block = exampleMarkdown(example(['a log line with ``` and ```` in it']));
    expect(block).toContain('\n`````text\n');
    expect(block).toContain('\n`````\n');
  });

  it('a page without the heading is an error, not a silent append', () => {
    expect(() => withExample('# x\n\n## How to fix\n', 'block')).toThrow(/Example evidence/);
  });
});

describe('rendering an example', () => {
  it('is the finding block of the real terminal report, from its title to the line before its fix', () => {
    const { lines } = causeExample('oom-killed', 'a case', oomKilled, { namespace: 'shop', pod: 'api-1', container: 'api' });
    expect(lines[0]).toBe('1. oom-killed · shop/api-1 · container api · Deployment/api');
    expect(lines).toContain('   api was OOMKilled at its 512Mi memory limit after running 12m34s');
    expect(lines.some((line) => line.startsWith('   evidence   '))).toBe(true);
    expect(lines.some((line) => /^ {3}fix\b/.test(line))).toBe(false);
    // No colour: nothing but printable text reaches the page.
    for (const line of lines) expect(line).not.toMatch(/\p{Cc}/u);
  });

  it('fails loudly when the report has no block for the rule (the case does not make that finding)', () => {
    expect(() => causeExample('evicted', 'a case', oomKilled, { namespace: 'shop', pod: 'api-1', container: 'api' })).toThrow(/no block for the finding of evicted/);
    expect(() => checkExample('same-memory-oom', 'a case', [oomKilled])).toThrow(/no block for the check same-memory-oom/);
  });
});
