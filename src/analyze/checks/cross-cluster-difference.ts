import type { NodeView, PodView, Snapshot } from '../../model/snapshot.js';
import { table } from '../evidence.js';
import { str } from '../facts.js';
import { diffPodSpecs } from '../spec-diff.js';
import { defineCheck, type AnalyzedFinding, type CheckMatch, type TroubleKind } from '../rule.js';

/** States that mean "not working in this cluster" (a container that recovered does not make a workload broken). */
const BROKEN: ReadonlySet<TroubleKind> = new Set(['crash-looping', 'init-blocking', 'failed', 'mount-blocked', 'evicted']);

/** Pod-spec paths that differ between any two clusters without meaning anything. */
const NOISE =
  /^(nodeName|hostname|subdomain|serviceAccount|priority|schedulerName|enableServiceLinks|preemptionPolicy)$|kube-api-access|default-token-|pod-template-hash|(?:^|\.)uid$|^tolerations\[node\.kubernetes\.io\//;

/**
 * Which differing row explains which symptom, most decisive first: `exec format error` is the node's CPU, an API the
 * cluster removed or changed is the Kubernetes version, memory and cgroup behaviour (JVM/Node heap sizing, cgroup v1
 * vs v2) is the kernel, OS image and runtime.
 */
const SYMPTOMS: Array<{ pattern: RegExp; causes: string[]; rows: string[]; why: string }> = [
  { pattern: /exec format error/i, causes: ['image-platform-mismatch'], rows: ['architecture'], why: 'exec format error' },
  {
    pattern: /no matches for kind|could not find the requested resource|no kind is registered|emulationMajor|VersionInfo/i,
    causes: [],
    rows: ['Kubernetes version', 'kubelet'],
    why: 'an API that changed with the Kubernetes version',
  },
  { pattern: /cgroup|OutOfMemoryError|Java heap|heap out of memory|JVM|UseContainerSupport/i, causes: ['oom-killed'], rows: ['kernel', 'OS image', 'container runtime'], why: 'memory and cgroup behaviour' },
];

const MAX_SPEC_ROWS = 25;

interface Side {
  bundleIndex: number;
  snapshot: Snapshot;
  pods: PodView[];
  images: string;
  broken: AnalyzedFinding[];
}

export default defineCheck({
  id: 'cross-cluster-difference',
  title: 'Same workload, same image: healthy in one cluster, crash-looping in another',
  docs: 'Given several bundles, the same workload (namespace, kind, name) running the same image is healthy in one cluster and crash-looping in another. Shows side by side what differs: Kubernetes version, kubelet, container runtime, kernel, OS image, architecture of the nodes that ran it, and the pod spec.',
  messages: {
    'healthy-here-broken-there':
      'workload {workload} in {namespace} runs {image} healthy in {healthyBundles} but crash-loops in {brokenBundles} ({cause}); what differs: {differenceList}',
  },
  keepPatterns: [],
  check({ snapshots, findings }) {
    if (snapshots.length < 2) return [];
    const byWorkload = new Map<string, Side[]>();
    snapshots.forEach((snapshot, bundleIndex) => {
      const groups = new Map<string, PodView[]>();
      for (const pod of snapshot.pods) {
        const key = `${pod.namespace}/${pod.workload.kind}/${pod.workload.name}`;
        groups.set(key, [...(groups.get(key) ?? []), pod]);
      }
      for (const [key, pods] of groups) {
        const [firstPod] = pods;
        if (!firstPod) continue;
        const broken = findings.filter(
          (f) => f.bundleIndex === bundleIndex && pods.includes(f.pod) && BROKEN.has(f.trouble.kind),
        );
        byWorkload.set(key, [...(byWorkload.get(key) ?? []), { bundleIndex, snapshot, pods, images: imagesOf(firstPod), broken }]);
      }
    });

    const matches: Array<CheckMatch<'healthy-here-broken-there'>> = [];
    for (const [key, sides] of byWorkload) {
      if (sides.length < 2) continue;
      const brokenSides = sides.filter((side) => side.broken.length > 0);
      for (const broken of brokenSides) {
        const healthy = sides.find((side) => side.images === broken.images && side.broken.length === 0 && isHealthy(side, findings));
        if (!healthy) continue;
        matches.push(compare(key, healthy, broken));
        break;
      }
    }
    return matches;
  },
});

/** Healthy: every app container runs and none of its pods has a finding in that bundle. */
function isHealthy(side: Side, findings: readonly AnalyzedFinding[]): boolean {
  const hasFinding = findings.some((f) => f.bundleIndex === side.bundleIndex && side.pods.includes(f.pod));
  return !hasFinding && side.pods.some((pod) => pod.containers.filter((c) => c.kind === 'regular').every((c) => c.state?.running !== undefined));
}

function imagesOf(pod: PodView): string {
  return pod.containers
    .filter((c) => c.kind !== 'ephemeral')
    .map((c) => `${c.name}=${str(c.spec.image)}`)
    .sort()
    .join(' ');
}

function compare(key: string, healthy: Side, broken: Side): CheckMatch<'healthy-here-broken-there'> {
  const [namespace, kind, name] = key.split('/') as [string, string, string];
  const healthyNodes = nodesOf(healthy);
  const brokenNodes = nodesOf(broken);
  const info = (nodes: NodeView[], read: (node: NodeView) => unknown) => [...new Set(nodes.map((n) => str(read(n))).filter(Boolean))].join(', ') || '?';
  const rows: string[][] = [
    ['state', 'healthy', `crash-looping (${[...new Set(broken.broken.map((f) => f.finding.cause))].join(', ')})`],
    ['Kubernetes version', str(healthy.snapshot.cluster.version?.gitVersion) || '?', str(broken.snapshot.cluster.version?.gitVersion) || '?'],
    ['kubelet', info(healthyNodes, (n) => n.nodeInfo?.kubeletVersion), info(brokenNodes, (n) => n.nodeInfo?.kubeletVersion)],
    ['container runtime', info(healthyNodes, (n) => n.nodeInfo?.containerRuntimeVersion), info(brokenNodes, (n) => n.nodeInfo?.containerRuntimeVersion)],
    ['kernel', info(healthyNodes, (n) => n.nodeInfo?.kernelVersion), info(brokenNodes, (n) => n.nodeInfo?.kernelVersion)],
    ['OS image', info(healthyNodes, (n) => n.nodeInfo?.osImage), info(brokenNodes, (n) => n.nodeInfo?.osImage)],
    ['architecture', info(healthyNodes, (n) => n.nodeInfo?.architecture), info(brokenNodes, (n) => n.nodeInfo?.architecture)],
  ];
  const specRows = diffPodSpecs(healthy.pods[0]?.object.spec, broken.pods[0]?.object.spec)
    .filter((row) => !NOISE.test(row.field))
    .map((row) => [`spec.${row.field}`, row.before, row.after]);
  rows.push(...specRows.slice(0, MAX_SPEC_ROWS));
  const { ranked, decisive } = rank(rows, broken.broken);
  rows.splice(0, rows.length, ...ranked);
  const highlightRows = rows.map((row, index) => (index > 0 && row[1] !== row[2] ? index : -1)).filter((index) => index >= 0);
  const differences = highlightRows.map((index) => rows[index]?.[0] ?? '');
  const comparison = table(`${kind}/${name} side by side`, ['', healthy.snapshot.bundle.name, broken.snapshot.bundle.name], rows, {
    highlightRows,
    role: 'comparison',
  });
  const cause = [...new Set(broken.broken.map((f) => f.finding.cause))].join(', ');
  return {
    messageId: 'healthy-here-broken-there',
    data: {
      namespace,
      workload: `${kind}/${name}`,
      image: healthy.images.split(' ').map((entry) => entry.split('=')[1]).join(', '),
      healthyBundles: healthy.snapshot.bundle.name,
      brokenBundles: broken.snapshot.bundle.name,
      cause,
      differences,
      differenceList:
        differences.length === 0
          ? 'nothing recorded in the bundles'
          : differences.map((row) => (row === decisive?.row ? `${row} (decisive for ${decisive.why})` : row)).join(', '),
      ...(decisive ? { decisive: decisive.row, decisiveWhy: decisive.why } : {}),
      specDifferences: specRows.length,
    },
    bundles: [healthy.snapshot.bundle.name, broken.snapshot.bundle.name],
    findings: broken.broken.map((f) => f.finding.id),
    evidence: { primary: comparison, supporting: [] },
    fix: {
      summary: `compare the two clusters where they differ (${differences.slice(0, 4).join(', ') || 'see the table'}): the same image works in ${healthy.snapshot.bundle.name}`,
      steps: [
        'differences in Kubernetes, kubelet, runtime, kernel or OS image point at the platform: escalate with this table',
        'differences in the pod spec (env, resources, probes, mounts) point at the deployment values of that cluster: align them',
        `the crash itself: ${broken.broken[0]?.finding.summary ?? 'see the findings'}`,
      ],
      owner: 'platform',
    },
  };
}

function nodesOf(side: Side): NodeView[] {
  const names = new Set(side.pods.map((pod) => pod.nodeName).filter(Boolean));
  return side.snapshot.nodes.filter((node) => names.has(node.name));
}

/**
 * The state row first, then the differing rows, those that explain the broken side's symptom first, then the rest.
 * The decisive row is the first differing row a symptom names.
 */
function rank(rows: string[][], broken: readonly AnalyzedFinding[]): { ranked: string[][]; decisive?: { row: string; why: string } } {
  const text = broken
    .flatMap(({ finding }) => [finding.summary, ...finding.alsoSeen.map((a) => a.summary), ...finding.evidence.flatMap((e) => (e.kind === 'log' ? e.lines.map((l) => l.text) : []))])
    .join('\n');
  const causes = new Set<string>(broken.map(({ finding }) => finding.cause));
  const relevant = SYMPTOMS.filter((symptom) => symptom.pattern.test(text) || symptom.causes.some((cause) => causes.has(cause)));
  const order = relevant.flatMap((symptom) => symptom.rows);
  const differs = (row: string[]) => row[1] !== row[2];
  const score = (row: string[]) => {
    const label = row[0] ?? '';
    const at = order.indexOf(label);
    return at >= 0 ? at : order.length + (label.startsWith('spec.') ? 1 : 0);
  };
  const [state, ...rest] = rows;
  const changed = rest.filter(differs).sort((a, b) => score(a) - score(b));
  const same = rest.filter((row) => !differs(row));
  const first = changed[0]?.[0];
  const symptom = first === undefined ? undefined : relevant.find((s) => s.rows.includes(first));
  return { ranked: [...(state ? [state] : []), ...changed, ...same], ...(first !== undefined && symptom ? { decisive: { row: first, why: symptom.why } } : {}) };
}
