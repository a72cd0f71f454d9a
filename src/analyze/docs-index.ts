/**
 * docs/rules/README.md, generated from the rules' metadata so the index never drifts from the code
 * (`npm run docs:rules` writes it; test/analyze/registry.test.ts compares it with the file).
 */
import { CAUSE_RULES, CHECK_RULES } from './registry.js';

export function renderRulesIndex(): string {
  const row = (rule: { id: string; title: string; docs: string }) => `| [\`${rule.id}\`](${rule.id}.md) | ${rule.title} | ${rule.docs.replace(/\|/g, '\\|')} |`;
  return [
    '# podmortem rules',
    '',
    '<!-- Generated from the rules in src/analyze/ (`npm run docs:rules` rewrites it; test/analyze/registry.test.ts checks it). -->',
    '',
    'podmortem explains each crashing container with exactly one **cause** (the ids are part of the JSON output and never',
    'change), and runs **escalation checks** across all findings. Each finding has an **owner**: platform components',
    '(kube-system, openshift-*, CNI, CSI, ingress controllers, cluster operators, static pods, `system-*` priority',
    'classes, well-known platform images) and findings a check blames on the platform belong to the platform; the rest to',
    'the application team. The verdict escalates to platform/SRE when a check fires or a platform component crashes now;',
    'it is **inconclusive** (exit 3) when a bundle is damaged in a way that may hide crashes; otherwise the fix lives with',
    'the application team.',
    '',
    'Where several causes match one container, the rule that reads how the container *died* (termination reason, exit',
    'code, kill events, waiting reason) wins over rules that read its log, and both win over `unknown`; the finding lists',
    'the others under `alsoSeen`.',
    '',
    'Each page\'s *Example evidence* is what `podmortem analyze --details` prints for the first firing case of the rule\'s',
    'test (`test/analyze/causes/<id>.test.ts` or `checks/<id>.test.ts`); `npm run docs:rules` generates it, and a test',
    'fails when a page no longer matches the code.',
    '',
    '## Causes',
    '',
    '| id | title | what it detects |',
    '|---|---|---|',
    ...CAUSE_RULES.map(row),
    '',
    '## Escalation checks',
    '',
    '| id | title | what it detects |',
    '|---|---|---|',
    ...CHECK_RULES.map(row),
    '',
  ].join('\n');
}
