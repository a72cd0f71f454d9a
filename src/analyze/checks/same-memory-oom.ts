import type { Evidence } from '../../model/report.js';
import { formatBytes, parseMemoryBytes } from '../../model/quantity.js';
import type { ResourceName, Snapshot } from '../../model/snapshot.js';
import { field, podField, table } from '../evidence.js';
import oomKilled from '../causes/oom-killed.js';
import { formatDuration } from '../facts.js';
import { workloadKey } from '../log-hits.js';
import { defineCheck, findingData, type AnalyzedFinding, type CheckMatch, type FindingDataOf } from '../rule.js';

const LIMIT_RANGER = 'kubernetes.io/limit-ranger';
/** Annotations mutating admission leaves on a pod it changed: VPA, Kyverno, Gatekeeper mutation. */
const WEBHOOK_ANNOTATION = /^(?:vpaUpdates|policies\.kyverno\.io\/last-applied-patches|gatekeeper\.sh\/mutations?(?:-id)?)$/;
/** Unrelated workloads at one figure that count without corroboration: two may just have picked the same round number. */
const WITHOUT_CORROBORATION = 3;
/** OOM kills of pods without a limit that point at node overcommit: this many pods, on at least two nodes. */
const UNLIMITED_PODS = 3;
const OWNER_RESOURCES: Partial<Record<string, ResourceName>> = { ReplicaSet: 'replicasets', StatefulSet: 'statefulsets', DaemonSet: 'daemonsets', Job: 'jobs' };

/** Where a container's memory limit came from. */
type Provenance = 'limit-range' | 'webhook' | 'workload' | 'unknown';
/** An OOM kill whose process used less than this share of the container's limit was not the container's limit. */
const FAR_BELOW = 0.5;

type Message = 'same-limit' | 'below-limit' | 'unlimited-across-nodes';

/** An OOM finding with what its cause recorded, typed by the oom-killed rule. */
type OomFinding = AnalyzedFinding & { oom: FindingDataOf<typeof oomKilled> };

export default defineCheck({
  id: 'same-memory-oom',
  title: 'Unrelated workloads OOMKilled at the same memory figure',
  docs: 'Unrelated workloads (different top owners) of one cluster were OOMKilled at the same memory limit that a LimitRange default or a mutating webhook set — or at least three of them at one figure whatever its origin — or a container was OOM-killed far below its own limit (a node or cgroup problem), or pods without limits were OOM-killed on several nodes (node overcommit). Replicas of one workload count once; two workloads that each declared the same round number do not fire.',
  messages: {
    'same-limit': '{workloadCount} unrelated workloads in {bundle} were OOMKilled at the same {limit} memory limit{origin}',
    'below-limit': '{count} container(s) in {bundle} were OOM-killed far below their own memory limit: the node or its cgroups ran out of memory, not the container',
    'unlimited-across-nodes': '{podCount} pods without a memory limit in {bundle} were OOMKilled on {nodeCount} nodes: the nodes\' memory is overcommitted or the namespaces lack default limits',
  },
  keepPatterns: [],
  check({ snapshots, findings }) {
    const matches: Array<CheckMatch<Message>> = [];
    snapshots.forEach((snapshot, bundleIndex) => {
      const ooms = findings.flatMap((entry) => {
        const oom = entry.bundleIndex === bundleIndex ? findingData(entry.finding, oomKilled) : undefined;
        return oom ? [{ ...entry, oom }] : [];
      });
      matches.push(...sameLimit(snapshot, ooms), ...belowLimit(snapshot, ooms), ...unlimitedAcrossNodes(snapshot, ooms));
    });
    return matches;
  },
});

function sameLimit(snapshot: Snapshot, ooms: OomFinding[]): Array<CheckMatch<Message>> {
  const byLimit = new Map<number, OomFinding[]>();
  for (const entry of ooms) {
    const limit = entry.oom.data.limitBytes;
    if (entry.oom.messageId !== 'cgroup-limit' || limit === undefined) continue;
    byLimit.set(limit, [...(byLimit.get(limit) ?? []), entry]);
  }
  const matches: Array<CheckMatch<Message>> = [];
  for (const [limitBytes, group] of byLimit) {
    const workloads = [...new Set(group.map(workloadKey))];
    if (workloads.length < 2) continue; // replicas of one workload share a limit by design
    const provenance = group.map((entry) => provenanceOf(snapshot, entry, limitBytes));
    const injected = provenance.filter((p) => p === 'limit-range' || p === 'webhook').length;
    if (injected === 0 && workloads.length < WITHOUT_CORROBORATION) continue;
    const primary = table(
      `OOMKilled at ${formatBytes(limitBytes)}`,
      ['namespace', 'workload', 'pod', 'container', 'memory limit', 'limit set by', 'ran for'],
      group.map(({ finding, oom }, index) => [
        finding.namespace,
        `${finding.workload.kind}/${finding.workload.name}`,
        finding.pod,
        finding.container,
        formatBytes(limitBytes),
        PROVENANCE_LABEL[provenance[index] ?? 'unknown'],
        oom.data.ranSeconds === undefined ? '?' : formatDuration(oom.data.ranSeconds),
      ]),
    );
    const supporting: Evidence[] = [];
    const namespaces = new Set(group.map((f) => f.pod.namespace));
    const limitRanges: string[] = [];
    for (const record of snapshot.resources.limitranges ?? []) {
      const namespace = record.object.metadata?.namespace ?? '';
      if (!namespaces.has(namespace)) continue;
      const limits = (record.object['spec'] as { limits?: Array<{ default?: Record<string, unknown> }> } | undefined)?.limits ?? [];
      limits.forEach((entry, index) => {
        const memory = entry.default?.['memory'];
        if (parseMemoryBytes(memory) === limitBytes) {
          limitRanges.push(`${namespace}/${record.object.metadata?.name ?? ''}`);
          supporting.push(field(record.source, `spec.limits[${index}].default.memory`, memory, 'LimitRange default'));
        }
      });
    }
    let annotated = 0;
    for (const { pod } of group) {
      const annotation = pod.object.metadata?.annotations?.[LIMIT_RANGER];
      if (annotation && /memory/i.test(annotation)) {
        annotated += 1;
        if (annotated <= 3) supporting.push(podField(pod, `metadata.annotations["${LIMIT_RANGER}"]`, annotation, 'limit set by LimitRanger'));
      }
    }
    const origin =
      limitRanges.length > 0
        ? `, the default of LimitRange ${limitRanges.join(', ')}`
        : annotated > 0
          ? ', set by the LimitRanger admission plugin'
          : injected > 0
            ? ', set by a mutating webhook'
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
        provenance: countBy(provenance),
        origin,
      },
      bundles: [snapshot.bundle.name],
      findings: group.map((f) => f.finding.id),
      evidence: { primary, supporting },
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

function belowLimit(snapshot: Snapshot, ooms: OomFinding[]): Array<CheckMatch<Message>> {
  const far = ooms.filter(({ oom: { messageId, data } }) => {
    if (data.nodeOomScope === 'node' && messageId !== 'runtime-heap') return true;
    return data.limitBytes !== undefined && data.anonRssBytes !== undefined && data.anonRssBytes < data.limitBytes * FAR_BELOW;
  });
  if (far.length === 0) return [];
  const primary = table(
    'OOM kills below the container limit',
    ['namespace', 'pod', 'container', 'node', 'memory limit', 'killed process used', 'kernel OOM scope'],
    far.map(({ finding, pod, oom: { data } }) => [
      finding.namespace,
      finding.pod,
      finding.container,
      pod.nodeName ?? '?',
      data.limitBytes === undefined ? 'none' : formatBytes(data.limitBytes),
      data.anonRssBytes === undefined ? '?' : formatBytes(data.anonRssBytes),
      data.nodeOomScope ?? '?',
    ]),
  );
  // The node OOM events of the first few findings back the table up (evidenceList drops their primary mark).
  const supporting = far.slice(0, 3).flatMap(({ finding }) => finding.evidence.filter((block) => block.kind === 'event' && /OOM/.test(block.reason)).slice(0, 1));
  return [
    {
      messageId: 'below-limit',
      data: { bundle: snapshot.bundle.name, count: far.length, nodes: [...new Set(far.map((f) => f.pod.nodeName ?? '?'))] },
      bundles: [snapshot.bundle.name],
      findings: far.map((f) => f.finding.id),
      evidence: { primary, supporting },
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

const PROVENANCE_LABEL: Record<Provenance, string> = {
  'limit-range': 'LimitRange default',
  webhook: 'mutating webhook',
  workload: 'the workload',
  unknown: '?',
};

/**
 * Where the limit came from: the LimitRanger annotation, a mutating webhook's annotation, the owner's own template
 * (declared; a different figure there means something rewrote it), a namespace LimitRange default of exactly this
 * figure, or unknown.
 */
function provenanceOf(snapshot: Snapshot, { pod, container }: AnalyzedFinding, limitBytes: number): Provenance {
  const annotations = pod.object.metadata?.annotations ?? {};
  if (/memory/i.test(annotations[LIMIT_RANGER] ?? '')) return 'limit-range';
  if (Object.keys(annotations).some((key) => WEBHOOK_ANNOTATION.test(key))) return 'webhook';
  const declared = templateLimit(snapshot, pod.owners[0], container.name);
  if (declared !== undefined) return parseMemoryBytes(declared) === limitBytes ? 'workload' : 'webhook';
  const defaults = (snapshot.resources.limitranges ?? []).some(
    (record) =>
      record.object.metadata?.namespace === pod.namespace &&
      ((record.object['spec'] as { limits?: Array<{ default?: Record<string, unknown> }> } | undefined)?.limits ?? []).some((entry) => parseMemoryBytes(entry.default?.['memory']) === limitBytes),
  );
  // The owner does not declare it (or is not in the bundle) and a namespace default has exactly this figure.
  if (defaults) return 'limit-range';
  return 'unknown';
}

function ownerRecord(snapshot: Snapshot, owner: { kind: string; name: string } | undefined) {
  const resource = owner ? OWNER_RESOURCES[owner.kind] : undefined;
  if (!owner || !resource) return undefined;
  return (snapshot.resources[resource] ?? []).find((record) => record.object.metadata?.name === owner.name);
}

function templateLimit(snapshot: Snapshot, owner: { kind: string; name: string } | undefined, container: string): unknown {
  const spec = ownerRecord(snapshot, owner)?.object['spec'] as
    | { template?: { spec?: { containers?: Array<{ name?: string; resources?: { limits?: Record<string, unknown> } }>; initContainers?: Array<{ name?: string; resources?: { limits?: Record<string, unknown> } }> } } }
    | undefined;
  const containers = [...(spec?.template?.spec?.containers ?? []), ...(spec?.template?.spec?.initContainers ?? [])];
  return containers.find((c) => c.name === container)?.resources?.limits?.['memory'];
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/** Pods with no memory limit OOM-killed on several nodes: the nodes ran out, which no single app can fix. */
function unlimitedAcrossNodes(snapshot: Snapshot, ooms: OomFinding[]): Array<CheckMatch<Message>> {
  const unlimited = ooms.filter(({ oom }) => oom.messageId === 'no-limit' || (oom.messageId === 'node-oom' && oom.data.limitBytes === undefined));
  const pods = new Set(unlimited.map(({ pod }) => `${pod.namespace}/${pod.name}`));
  const nodes = [...new Set(unlimited.map(({ pod }) => pod.nodeName ?? '?'))].sort();
  if (pods.size < UNLIMITED_PODS || nodes.length < 2) return [];
  const limitRanges = new Set((snapshot.resources.limitranges ?? []).map((record) => record.object.metadata?.namespace));
  const namespaces = [...new Set(unlimited.map(({ pod }) => pod.namespace))].sort();
  return [
    {
      messageId: 'unlimited-across-nodes',
      data: { bundle: snapshot.bundle.name, podCount: pods.size, nodeCount: nodes.length, nodes, namespacesWithoutDefaults: namespaces.filter((ns) => !limitRanges.has(ns)) },
      bundles: [snapshot.bundle.name],
      findings: unlimited.map(({ finding }) => finding.id),
      evidence: {
        primary: table(
          'OOM kills of pods without a memory limit',
          ['namespace', 'pod', 'container', 'node', 'namespace has a LimitRange'],
          unlimited.map(({ finding, pod }) => [finding.namespace, finding.pod, finding.container, pod.nodeName ?? '?', limitRanges.has(finding.namespace) ? 'yes' : 'no']),
        ),
        supporting: [],
      },
      fix: {
        summary: 'pods without memory limits ran the nodes out of memory: give the namespaces default limits and stop overcommitting the nodes',
        steps: [
          'add a LimitRange with a default memory limit and request to each namespace that has none',
          'compare each node\'s allocatable memory with the sum of its pods\' requests and real usage (`kubectl describe node`, `kubectl top pods -A`)',
          'reserve memory for the system (kube-reserved/system-reserved) and set eviction thresholds so the kubelet evicts before the kernel kills',
        ],
        owner: 'platform',
      },
    },
  ];
}
