import type { Evidence } from '../../model/report.js';
import { formatBytes, parseMemoryBytes } from '../../model/quantity.js';
import type { Snapshot } from '../../model/snapshot.js';
import { field, podField, table } from '../evidence.js';
import { formatDuration } from '../facts.js';
import { defineCheck, type AnalyzedFinding, type CheckMatch } from '../rule.js';

const LIMIT_RANGER = 'kubernetes.io/limit-ranger';
/** An OOM kill whose process used less than this share of the container's limit was not the container's limit. */
const FAR_BELOW = 0.5;

type Message = 'same-limit' | 'below-limit';

export default defineCheck({
  id: 'same-memory-oom',
  title: 'Unrelated workloads OOMKilled at the same memory figure',
  docs: 'Several unrelated workloads (different top owners) of one cluster were OOMKilled at the same memory limit — typically a LimitRange default or a platform policy, not each app\'s own choice — or a container was OOM-killed far below its own limit (a node or cgroup problem). Replicas of one workload count once.',
  messages: {
    'same-limit': '{workloadCount} unrelated workloads in {bundle} were OOMKilled at the same {limit} memory limit{origin}',
    'below-limit': '{count} container(s) in {bundle} were OOM-killed far below their own memory limit: the node or its cgroups ran out of memory, not the container',
  },
  keepPatterns: [],
  check({ snapshots, findings }) {
    const matches: Array<CheckMatch<Message>> = [];
    snapshots.forEach((snapshot, bundleIndex) => {
      const ooms = findings.filter((f) => f.bundleIndex === bundleIndex && f.finding.cause === 'oom-killed');
      matches.push(...sameLimit(snapshot, ooms), ...belowLimit(snapshot, ooms));
    });
    return matches;
  },
});

function sameLimit(snapshot: Snapshot, ooms: AnalyzedFinding[]): Array<CheckMatch<Message>> {
  const byLimit = new Map<number, AnalyzedFinding[]>();
  for (const oom of ooms) {
    const limit = oom.finding.data['limitBytes'];
    if (oom.finding.messageId !== 'cgroup-limit' || typeof limit !== 'number') continue;
    byLimit.set(limit, [...(byLimit.get(limit) ?? []), oom]);
  }
  const matches: Array<CheckMatch<Message>> = [];
  for (const [limitBytes, group] of byLimit) {
    const workloads = [...new Set(group.map(workloadKey))];
    if (workloads.length < 2) continue; // replicas of one workload share a limit by design
    const evidence: Evidence[] = [
      table(
        `OOMKilled at ${formatBytes(limitBytes)}`,
        ['namespace', 'workload', 'pod', 'container', 'memory limit', 'ran for'],
        group.map(({ finding }) => [
          finding.namespace,
          `${finding.workload.kind}/${finding.workload.name}`,
          finding.pod,
          finding.container,
          formatBytes(limitBytes),
          typeof finding.data['ranSeconds'] === 'number' ? formatDuration(finding.data['ranSeconds']) : '?',
        ]),
        true,
      ),
    ];
    const namespaces = new Set(group.map((f) => f.pod.namespace));
    const limitRanges: string[] = [];
    for (const record of snapshot.resources.limitranges ?? []) {
      const namespace = record.object.metadata?.namespace ?? '';
      if (!namespaces.has(namespace)) continue;
      const limits = (record.object['spec'] as { limits?: Array<{ default?: Record<string, unknown> }> } | undefined)?.limits ?? [];
      limits.forEach((entry, index) => {
        if (parseMemoryBytes(entry?.default?.['memory']) === limitBytes) {
          limitRanges.push(`${namespace}/${record.object.metadata?.name ?? ''}`);
          evidence.push(field(record.source, `spec.limits[${index}].default.memory`, entry.default!['memory'], 'LimitRange default'));
        }
      });
    }
    let annotated = 0;
    for (const { pod } of group) {
      const annotation = pod.object.metadata?.annotations?.[LIMIT_RANGER];
      if (annotation && /memory/i.test(annotation)) {
        annotated += 1;
        if (annotated <= 3) evidence.push(podField(pod, `metadata.annotations["${LIMIT_RANGER}"]`, annotation, 'limit set by LimitRanger'));
      }
    }
    const origin =
      limitRanges.length > 0
        ? `, the default of LimitRange ${limitRanges.join(', ')}`
        : annotated > 0
          ? ', set by the LimitRanger admission plugin'
          : '';
    matches.push({
      messageId: 'same-limit',
      data: {
        bundle: snapshot.bundle.name,
        limitBytes,
        limit: formatBytes(limitBytes),
        workloads,
        workloadCount: workloads.length,
        limitRanges,
        limitRangerAnnotated: annotated,
        origin,
      },
      bundles: [snapshot.bundle.name],
      findings: group.map((f) => f.finding.id),
      evidence,
      fix: {
        summary:
          limitRanges.length > 0 || annotated > 0
            ? 'the memory limit comes from a namespace default, not from the apps: set a realistic LimitRange default, and have each workload declare its own requests and limits'
            : 'find the policy that gives unrelated workloads the same memory limit (a LimitRange, a mutating webhook, a shared chart default) and size it from real usage',
        steps: [
          'check the LimitRanges of the namespaces (`kubectl get limitrange -A -o yaml`) and mutating webhooks (Kyverno, Gatekeeper, VPA)',
          'measure the workloads\' real peak memory before choosing a default',
          'have each workload declare resources.requests/limits explicitly',
        ],
        snippet: {
          language: 'yaml',
          code: 'apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: defaults\nspec:\n  limits:\n    - type: Container\n      default:\n        memory: <measured typical peak × 1.3>\n      defaultRequest:\n        memory: <measured typical peak>',
        },
        owner: 'platform',
      },
    });
  }
  return matches;
}

function belowLimit(snapshot: Snapshot, ooms: AnalyzedFinding[]): Array<CheckMatch<Message>> {
  const far = ooms.filter(({ finding }) => {
    const limit = finding.data['limitBytes'];
    const rss = finding.data['anonRssBytes'];
    if (finding.data['nodeOomScope'] === 'node' && finding.messageId !== 'runtime-heap') return true;
    return typeof limit === 'number' && typeof rss === 'number' && rss < limit * FAR_BELOW;
  });
  if (far.length === 0) return [];
  const evidence: Evidence[] = [
    table(
      'OOM kills below the container limit',
      ['namespace', 'pod', 'container', 'node', 'memory limit', 'killed process used', 'kernel OOM scope'],
      far.map(({ finding, pod }) => [
        finding.namespace,
        finding.pod,
        finding.container,
        pod.nodeName ?? '?',
        typeof finding.data['limitBytes'] === 'number' ? formatBytes(finding.data['limitBytes']) : 'none',
        typeof finding.data['anonRssBytes'] === 'number' ? formatBytes(finding.data['anonRssBytes']) : '?',
        String(finding.data['nodeOomScope'] ?? '?'),
      ]),
      true,
    ),
  ];
  for (const { finding } of far.slice(0, 3)) {
    const event = finding.evidence.find((block) => block.kind === 'event' && /OOM/.test(block.reason));
    if (event) evidence.push({ ...event, primary: undefined });
  }
  return [
    {
      messageId: 'below-limit',
      data: { bundle: snapshot.bundle.name, count: far.length, nodes: [...new Set(far.map((f) => f.pod.nodeName ?? '?'))] },
      bundles: [snapshot.bundle.name],
      findings: far.map((f) => f.finding.id),
      evidence,
      fix: {
        summary: 'the node ran out of memory before these containers reached their limits: check node allocatable, system/kube reserved memory and overcommitted pods',
        steps: [
          'compare the node\'s allocatable memory with the sum of its pods\' limits (`kubectl describe node`)',
          'look for processes outside pods using memory (system daemons, page cache pressure) and for MemoryPressure/SystemOOM on the node',
          'reserve memory for the system (kube-reserved/system-reserved) and set eviction thresholds so the kubelet evicts before the kernel kills',
        ],
        owner: 'platform',
      },
    },
  ];
}

function workloadKey({ finding }: AnalyzedFinding): string {
  return `${finding.namespace}/${finding.workload.kind}/${finding.workload.name}`;
}
