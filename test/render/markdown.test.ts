import { describe, expect, it } from 'vitest';
import { fence, md, render } from '../../src/render/markdown.js';
import { causeFindings, reportWith } from './fixtures.js';
import { hostileReport } from './hostile.js';

const plain = { color: false, width: 100 };

/** The fenced blocks of a Markdown document, following CommonMark's rule that a fence closes with as many marks. */
function splitFences(doc: string): { prose: string[]; blocks: string[] } {
  const prose: string[] = [];
  const blocks: string[] = [];
  let open: string | undefined;
  let block: string[] = [];
  for (const line of doc.split('\n')) {
    if (open === undefined) {
      const start = /^(`{3,})[a-z]*$/.exec(line);
      if (start) {
        open = start[1];
        block = [];
      } else prose.push(line);
    } else if (line === open) {
      blocks.push(block.join('\n'));
      open = undefined;
    } else block.push(line);
  }
  expect(open, 'every fence is closed').toBeUndefined();
  return { prose, blocks };
}

/** Prose with its inline code spans (a backtick run, content, the same run) removed. */
function withoutCodeSpans(text: string): string {
  return text.replace(/(?<![`\\])(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, ' ');
}

describe('Markdown escaping', () => {
  it('escapes what markdown or HTML would act on, and folds newlines', () => {
    expect(md('<img src=x onerror=alert(1)>')).toBe('\\<img src=x onerror=alert(1)\\>');
    expect(md('a | b')).toBe('a \\| b');
    expect(md('*bold* _it_ `code` [l](u) ~s~ $x$ #1 &amp; {noformat}')).toBe(
      '\\*bold\\* \\_it\\_ \\`code\\` \\[l\\](u) \\~s\\~ \\$x\\$ `#1` \\&amp; \\{noformat\\}',
    );
    expect(md('line one\nline two')).toBe('line one ↵ line two');
    expect(md('- not a list')).toBe('\\- not a list');
    expect(md('1. not a list')).toBe('1\\. not a list');
    expect(md('1.30.4')).toBe('1.30.4');
    expect(md('\x1b[2J')).toBe('\\\\x1b\\[2J');
  });

  it('fences content with more backticks than any run inside it', () => {
    expect(fence('plain')).toBe('```text\nplain\n```');
    expect(fence('a ``` b', 'yaml')).toBe('````yaml\na ``` b\n````');
    expect(fence('`````')).toBe('``````text\n`````\n``````');
  });

  it('keeps a hostile report\'s layout: no raw HTML, no link, no table break outside fences', () => {
    const doc = render(hostileReport(), { ...plain, docsBaseUrl: 'https://example.com/docs/' });
    const { prose, blocks } = splitFences(doc);
    // Code spans hold bundle text as it is (they render it inert); the rest must be escaped.
    const text = withoutCodeSpans(prose.join('\n')).replace(/<code>[^<]*<\/code>/g, ' ');
    // The only raw HTML is ours: the collapsible blocks and their summary line.
    expect(text.replace(/<\/?(details|summary|b|code)>/g, '')).not.toMatch(/(?<!\\)<[a-z/!]/i);
    // The only links are ours, to rule docs.
    const links = [...text.matchAll(/(?<!\\)\[(?:[^\]\\]|\\.)*\]\(([^)]*)\)/g)].map((match) => match[1]);
    expect(links.length).toBeGreaterThan(0);
    for (const target of links) expect(target).toMatch(/^https:\/\/example\.com\/docs\/rules\/[a-z-]+\.md$/);
    expect(text).not.toMatch(/(?<!\\)[{}]/);
    // eslint-disable-next-line no-control-regex -- the control characters are what the test looks for
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    // Table rows keep their column count: every unescaped pipe is a cell border.
    const cellCount = (row: string) => row.replace(/\\\|/g, '').split('|').length;
    let header: number | undefined;
    let rows = 0;
    for (const line of prose) {
      if (!line.startsWith('| ')) {
        header = undefined;
        continue;
      }
      header ??= cellCount(line);
      expect(cellCount(line), line).toBe(header);
      rows += 1;
    }
    expect(rows).toBeGreaterThan(6);
    // The backtick run in the log did not close its fence: the lines after it are still inside the block.
    expect(blocks.some((block) => block.includes('````` a long backtick run to break fences `````'))).toBe(true);
    // eslint-disable-next-line no-control-regex -- the control characters are what the test looks for
    expect(blocks.join('\n')).not.toMatch(/[\u001b\u202e]/);
  });

  it('puts the verdict first, then the table of crashing containers, the details, and the bundles last', () => {
    const doc = render(reportWith([causeFindings['oom-killed'], causeFindings.evicted]), plain);
    const lines = doc.split('\n');
    expect(lines[0]).toBe('# podmortem report');
    expect(lines[2]).toMatch(/^> \*\*No escalation: the fix lives with the application team\*\* — /);
    expect(doc).toContain('| 1 | `shop` | `Deployment/api` | `api` | `oom-killed` | high | 1 | 9 |');
    expect(doc).toContain('| 2 | `shop` | `Deployment/reports` | `reports` | `evicted` | high | 1 | 0 |');
    // The bundles read are an inventory: last, collapsed.
    expect(doc.indexOf('## Crashing containers (2)')).toBeLessThan(doc.indexOf('<summary><b>Bundles read (1)</b>'));
    expect(doc.indexOf('<summary><b>Bundles read (1)</b>')).toBeGreaterThan(doc.indexOf('<summary><b>2. evicted</b>'));
  });

  it('caps a long log and says how much was cut', () => {
    const base = causeFindings['app-error-at-startup'];
    const lines = Array.from({ length: 300 }, (_, i) => ({ number: i + 1, text: `line ${i + 1}` }));
    const long = { ...base, evidence: [{ kind: 'log' as const, label: 'previous log', primary: true, file: 'x.log', lines, decisiveLine: 200 }] };
    const doc = render(reportWith([long]), plain);
    expect(doc).toContain('200 > line 200');
    expect(doc).not.toContain('line 150\n');
    expect(doc).toMatch(/_\d+ lines of the excerpt cut before; \d+ lines cut after\._/);
  });
});
