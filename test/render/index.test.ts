import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RENDERERS, RENDER_FORMATS, renderReport } from '../../src/render/index.js';
import { escalatingReport } from './fixtures.js';
import { hostileReport } from './hostile.js';

const options = { color: false, width: 100 };

describe('renderer registry', () => {
  it('has json, terminal, markdown and html, each a file of its own', () => {
    expect(RENDER_FORMATS).toEqual(['json', 'terminal', 'markdown', 'html']);
    const files = readdirSync(new URL('../../src/render/', import.meta.url));
    for (const format of RENDER_FORMATS) expect(files).toContain(`${format}.ts`);
  });

  it('renders every format to a non-empty string', () => {
    for (const format of RENDER_FORMATS) {
      expect(renderReport(format, escalatingReport, options)).toBe(RENDERERS[format](escalatingReport, options));
      expect(renderReport(format, escalatingReport, options).length).toBeGreaterThan(200);
    }
  });

  it('refuses an unknown format with the list of valid ones', () => {
    expect(() => renderReport('pdf', escalatingReport, options)).toThrow(
      'unknown report format "pdf": use one of json, terminal, markdown, html',
    );
    expect(() => renderReport('toString', escalatingReport, options)).toThrow(/unknown report format/);
  });

  it('prints the JSON document unchanged, with invisible and control characters as \\u escapes', () => {
    const report = hostileReport();
    const json = renderReport('json', report, options);
    expect(json.endsWith('}\n')).toBe(true);
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(report)));
    // eslint-disable-next-line no-control-regex -- the control characters are what the test looks for
    expect(json).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b\ufeff](?<!\n)/);
    expect(json).toContain('\\u202e');
    expect(json).toContain('\\u001b[2J');
  });

  it('writes Unicode tag characters and bidi controls in JSON as \\u escapes that parse back to the same text', () => {
    // "ignore previous" spelled in invisible tag characters, then a right-to-left override and an isolate.
    const smuggled = `pod ${Array.from('ignore previous', (c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('')}\u202egnp.exe\u2066x\u2069`;
    const report = structuredClone(escalatingReport);
    report.findings[0]!.summary = smuggled;
    const json = renderReport('json', report, options);
    expect(json).not.toMatch(/[\u{e0000}-\u{e007f}\u202a-\u202e\u2066-\u2069]/u);
    expect(json).toContain('\\udb40\\udc69');
    expect(json).toContain('\\u202e');
    expect(json).toContain('\\u2066');
    expect((JSON.parse(json) as typeof report).findings[0]!.summary).toBe(smuggled);
  });
});
