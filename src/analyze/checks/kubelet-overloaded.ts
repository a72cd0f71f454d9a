import type { Evidence } from '../../model/report.js';
import type { EventView, NodeView, PodView, Snapshot } from '../../model/snapshot.js';
import { eventEvidence, nodeField, note, table } from '../evidence.js';
import { parseProbeEvent, type ProbeFailure } from '../probes.js';
import { defineCheck, type CheckMatch } from '../rule.js';
import { shellCommand } from '../../util/shell.js';

/** Node events that say the kubelet or the runtime is struggling (k8s-facts §4.4, §7.3). */
const NODE_TROUBLE_EVENTS = new Set([
  'NodeNotReady',
  'SystemOOM',
  'ContainerGCFailed',
  'ImageGCFailed',
  'EvictionThresholdMet',
  'FreeDiskSpaceFailed',
  'Rebooted',
]);

/** Unrelated workloads with probe timeouts on one node before it counts without any node-side signal. */
const WITHOUT_SIGNAL = 3;

interface Timeout {
  pod: PodView;
  container: string;
  failure: ProbeFailure;
}

export default defineCheck({
  id: 'kubelet-overloaded',
  title: 'Probe timeouts concentrated on one overloaded node',
  docs: 'Probes of unrelated pods time out on the same node while the node shows trouble (NotReady, PLEG not healthy, memory/disk/PID pressure, SystemOOM, GC failures) or at least three unrelated workloads time out there: the kubelet or the node is overloaded, not each app. A single slow probe, or timeouts spread evenly across nodes, do not fire.',
  messages: {
    'node-overloaded': 'probes of {workloadCount} unrelated workloads time out on node {node} ({podCount} pods){signalNote}: the node or its kubelet is overloaded',
  },
  keepPatterns: [],
  check({ snapshots, findings }) {
    const matches: Array<CheckMatch<'node-overloaded'>> = [];
    snapshots.forEach((snapshot, bundleIndex) => {
      const byNode = new Map<string, Timeout[]>();
      for (const pod of snapshot.pods) {
        for (const container of pod.containers) {
          for (const event of container.events) {
            const failure = parseProbeEvent(event);
            if (!failure || (failure.kind !== 'timeout' && failure.kind !== 'exec-timeout')) continue;
            const node = pod.nodeName ?? event.host;
            if (!node) continue;
            byNode.set(node, [...(byNode.get(node) ?? []), { pod, container: container.name, failure }]);
          }
        }
      }
      const workloadCount = (timeouts: Timeout[]) => new Set(timeouts.map((t) => `${t.pod.namespace}/${t.pod.workload.kind}/${t.pod.workload.name}`)).size;
      for (const [nodeName, timeouts] of byNode) {
        const count = workloadCount(timeouts);
        if (count < 2) continue;
        const elsewhere = Math.max(0, ...[...byNode].filter(([name]) => name !== nodeName).map(([, other]) => workloadCount(other)));
        if (count < 2 * elsewhere) continue; // spread across nodes: not one node's problem
        const node = snapshot.nodes.find((n) => n.name === nodeName);
        const signals = nodeSignals(node);
        if (signals.messages.length === 0 && count < WITHOUT_SIGNAL) continue;
        matches.push(buildMatch(snapshot, nodeName, node, timeouts, count, signals, findings.filter((f) => f.bundleIndex === bundleIndex && f.pod.nodeName === nodeName).map((f) => f.finding.id)));
      }
    });
    return matches;
  },
});

interface Signals {
  messages: string[];
  conditions: Array<{ type: string; status: string; reason?: string; message?: string }>;
  events: EventView[];
}

function nodeSignals(node: NodeView | undefined): Signals {
  const signals: Signals = { messages: [], conditions: [], events: [] };
  if (!node) return signals;
  for (const [type, condition] of node.conditions) {
    const bad = type === 'Ready' ? condition.status !== 'True' || /PLEG/i.test(condition.message ?? '') : ['MemoryPressure', 'DiskPressure', 'PIDPressure'].includes(type) && condition.status === 'True';
    if (!bad) continue;
    signals.conditions.push({ type, ...condition });
    signals.messages.push(/PLEG/i.test(condition.message ?? '') ? 'PLEG is not healthy' : type === 'Ready' ? `Ready=${condition.status}` : type);
  }
  for (const event of node.events) {
    if (NODE_TROUBLE_EVENTS.has(event.reason) || /PLEG is not healthy/i.test(event.message)) {
      signals.events.push(event);
      if (!signals.messages.includes(event.reason)) signals.messages.push(event.reason);
    }
  }
  return signals;
}

function buildMatch(
  snapshot: Snapshot,
  nodeName: string,
  node: NodeView | undefined,
  timeouts: Timeout[],
  workloadCount: number,
  signals: Signals,
  findingIds: string[],
): CheckMatch<'node-overloaded'> {
  const podCount = snapshot.pods.filter((pod) => pod.nodeName === nodeName).length;
  const podCapacity = node?.object.status?.allocatable?.['pods'];
  const rows = timeouts.map((t) => [
    t.pod.namespace,
    t.pod.name,
    t.container,
    t.failure.probe,
    t.failure.description,
    String(t.failure.event.count),
  ]);
  const supporting: Evidence[] = [];
  for (const condition of signals.conditions) {
    if (node) supporting.push(nodeField(node, 'status.conditions', condition, `node condition ${condition.type}`));
  }
  for (const event of signals.events.slice(0, 4)) supporting.push(eventEvidence(event, 'node event'));
  supporting.push(note(`${podCount} pods of the bundle run on ${nodeName}${podCapacity ? ` (allocatable pods: ${podCapacity})` : ''}`, 'pods on the node'));
  return {
    messageId: 'node-overloaded',
    data: {
      node: nodeName,
      workloadCount,
      timeouts: timeouts.reduce((sum, t) => sum + t.failure.event.count, 0),
      podCount,
      podCapacity,
      signals: signals.messages,
      signalNote: signals.messages.length > 0 ? `, and the node shows ${signals.messages.join(', ')}` : '',
    },
    bundles: [snapshot.bundle.name],
    findings: findingIds,
    evidence: { primary: table(`probe timeouts on ${nodeName}`, ['namespace', 'pod', 'container', 'probe', 'failure', 'count'], rows), supporting },
    fix: {
      summary: `have the platform team look at node ${nodeName}: drain it, then check kubelet and container runtime load, disk I/O and memory`,
      steps: [
        `\`${shellCommand(['kubectl', 'describe', 'node', nodeName])}\`: conditions, allocated resources, the pod count`,
        'on the node: kubelet and containerd/CRI-O logs (PLEG relist times), iowait, memory pressure, the number of containers',
        `cordon and drain ${nodeName} if the pods are healthy elsewhere; reserve CPU/memory for the kubelet (kube-reserved/system-reserved)`,
        'raising every app\'s probe timeout only hides the node problem',
      ],
      snippet: {
        language: 'shell',
        code: `${shellCommand(['kubectl', 'cordon', nodeName])}\n${shellCommand(['kubectl', 'drain', nodeName, '--ignore-daemonsets', '--delete-emptydir-data'])}`,
      },
      owner: 'platform',
    },
  };
}
