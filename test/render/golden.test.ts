import { describe, expect, it } from 'vitest';
import { CAUSE_IDS } from '../../src/model/report.js';
import { render as renderMarkdown } from '../../src/render/markdown.js';
import { render as renderTerminal } from '../../src/render/terminal.js';
import { causeFindings, escalatingReport, multiBundleReport, nonEscalatingReport, reportWith } from './fixtures.js';

const plain = { color: false, width: 100 };

describe('golden output per cause', () => {
  for (const cause of CAUSE_IDS) {
    const report = reportWith([causeFindings[cause]]);

    it(`renders ${cause} as Markdown`, async () => {
      await expect(renderMarkdown(report, plain)).toMatchFileSnapshot(`__golden__/${cause}.md`);
    });

    it(`renders ${cause} for the terminal with --details at 100 columns without colour`, async () => {
      await expect(renderTerminal(report, { ...plain, details: true })).toMatchFileSnapshot(`__golden__/${cause}.txt`);
    });
  }
});

describe('golden output per verdict', () => {
  const reports = {
    'escalating': escalatingReport,
    'not-escalating': nonEscalatingReport,
    'multi-bundle': multiBundleReport,
  };
  for (const [name, report] of Object.entries(reports)) {
    it(`renders the ${name} report as Markdown`, async () => {
      await expect(renderMarkdown(report, plain)).toMatchFileSnapshot(`__golden__/report-${name}.md`);
    });
    it(`renders the ${name} report for the terminal`, async () => {
      await expect(renderTerminal(report, plain)).toMatchFileSnapshot(`__golden__/report-${name}.txt`);
    });
  }
});
