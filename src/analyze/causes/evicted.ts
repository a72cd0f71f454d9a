import type { Evidence } from '../../model/report.js';
import { parseMemoryBytes } from '../../model/quantity.js';
import { eventEvidence, nodeField, podField } from '../evidence.js';
import { nodeOf, str } from '../facts.js';
import { defineCause } from '../rule.js';

/**
 * The kubelet's eviction message (k/k pkg/kubelet/eviction/helpers.go), built from fragments:
 * `The node was low on resource: memory. Threshold quantity: 100Mi, available: 87632Ki. Container app was using
 * 1234Ki, request is 0, has larger consumption of memory. ` (older: `…, which exceeds its request of 0. `),
 * `The node had condition: [DiskPressure]. `, `Pod ephemeral local storage usage exceeds the total limit of containers 1Gi. `,
 * `Usage of EmptyDir volume "cache" exceeds the limit "1Gi". `
 */
const LOW_ON = /low on resource: ([\w-]+)/i;
const THRESHOLD = /Threshold quantity: (\S+?), available: (\S+?)\./i;
const USAGE = /Container (\S+) was using (\S+?), (?:request is (\S+?),|which exceeds its request of (\S+?)\.)/gi;
const CONDITION = /The node had condition: \[([^\]]+)\]/i;
const EPHEMERAL = /ephemeral local storage usage exceeds the total limit of containers (\S+?)\./i;
const EMPTY_DIR = /Usage of EmptyDir volume "([^"]+)" exceeds the limit "([^"]+)"/i;

type Message = 'node-pressure' | 'node-condition' | 'ephemeral-storage-limit' | 'emptydir-limit' | 'evicted';

/** A container's use against its request, as the kubelet's eviction message states it. */
interface Usage {
  container: string;
  usage: string;
  usageBytes: number | undefined;
  request: string;
}

interface EvictedData {
  pod: string;
  container: string;
  node: string;
  /** The kubelet's eviction message, or `no message recorded`. */
  message: string;
  /** node-pressure: the resource the node ran low on, its threshold and what was available. */
  resource?: string;
  threshold?: string;
  available?: string;
  usageNote?: string;
  /** node-pressure, node-condition: every container's use the message names. */
  usages?: Usage[];
  /** node-condition: the node condition the message names (`DiskPressure`). */
  condition?: string;
  /** ephemeral-storage-limit, emptydir-limit: the limit exceeded, and the emptyDir volume. */
  limit?: string;
  volume?: string;
}

export default defineCause<Message, EvictedData>({
  id: 'evicted',
  title: 'Evicted by the kubelet',
  docs: 'The kubelet evicted the pod (`status.reason: Evicted`) because the node ran low on memory, disk or PIDs, or because the pod exceeded its ephemeral-storage or emptyDir limit. Quotes the kubelet\'s message and which container used how much against its request.',
  tier: 'death',
  rank: 10,
  messages: {
    'node-pressure': 'pod {pod} was evicted: node {node} was low on {resource}{usageNote}',
    'node-condition': 'pod {pod} was evicted: node {node} had condition {condition}',
    'ephemeral-storage-limit': 'pod {pod} was evicted: its ephemeral storage use exceeded the containers\' total limit {limit}',
    'emptydir-limit': 'pod {pod} was evicted: emptyDir volume {volume} exceeded its sizeLimit {limit}',
    evicted: 'pod {pod} was evicted: {message}',
  },
  keepPatterns: [],
  kindOf({ messageId, data }) {
    if (messageId === 'ephemeral-storage-limit' || messageId === 'emptydir-limit') return 'ephemeral-storage';
    const what = data.resource ?? data.condition ?? data.message;
    return /memory/i.test(what) ? 'memory' : /storage|disk|fs|inodes/i.test(what) ? 'disk' : undefined;
  },
  explains: ['evicted'],
  decide({ snapshot, pod, container, trouble }) {
    if (trouble.kind !== 'evicted' || str(pod.object.status?.reason) !== 'Evicted') return undefined;
    const message = str(pod.object.status?.message);
    const supporting: Evidence[] = [];
    const evidence = { primary: podField(pod, 'status.message', message || 'Evicted', 'eviction'), supporting };
    const event = pod.events.find((e) => e.reason === 'Evicted');
    if (event) supporting.push(eventEvidence(event, 'eviction event'));
    const node = nodeOf(snapshot, pod);
    const base = { pod: pod.name, container: container.name, node: pod.nodeName ?? 'unknown', message: message || 'no message recorded' };

    // Both groups take part in every match of USAGE.
    const usages = [...message.matchAll(USAGE)].map(([, name = '', usage = '', request, olderRequest]): Usage => ({
      container: name,
      usage,
      usageBytes: parseMemoryBytes(usage),
      request: request ?? olderRequest ?? '0',
    }));
    const low = LOW_ON.exec(message);
    const resource = low?.[1];
    if (resource && node) {
      const condition = resource === 'memory' ? 'MemoryPressure' : resource.includes('storage') || resource.includes('fs') ? 'DiskPressure' : resource === 'pids' ? 'PIDPressure' : undefined;
      const state = condition ? node.conditions.get(condition) : undefined;
      if (condition && state) supporting.push(nodeField(node, 'status.conditions', { type: condition, ...state }, `node ${condition}`));
    }
    if (resource) {
      const threshold = THRESHOLD.exec(message);
      const mine = usages.find((u) => u.container === container.name) ?? usages[0];
      return {
        messageId: 'node-pressure',
        data: {
          ...base,
          resource,
          threshold: threshold?.[1],
          available: threshold?.[2],
          usages,
          usageNote: mine ? `; ${mine.container} was using ${mine.usage} against a request of ${mine.request}` : '',
        },
        confidence: 'high',
        evidence,
        fix: pressureFix(resource),
      };
    }
    const conditionName = CONDITION.exec(message)?.[1];
    if (conditionName !== undefined) {
      return { messageId: 'node-condition', data: { ...base, condition: conditionName, usages }, confidence: 'high', evidence, fix: pressureFix(conditionName.includes('Disk') ? 'ephemeral-storage' : 'memory') };
    }
    const ephemeral = EPHEMERAL.exec(message);
    if (ephemeral) {
      return { messageId: 'ephemeral-storage-limit', data: { ...base, limit: ephemeral[1] }, confidence: 'high', evidence, fix: storageFix() };
    }
    const emptyDir = EMPTY_DIR.exec(message);
    if (emptyDir) {
      return { messageId: 'emptydir-limit', data: { ...base, volume: emptyDir[1], limit: emptyDir[2] }, confidence: 'high', evidence, fix: storageFix() };
    }
    return { messageId: 'evicted', data: base, confidence: 'medium', evidence, fix: pressureFix('memory') };
  },
});

function pressureFix(resource: string) {
  const memory = resource === 'memory';
  return {
    summary: memory
      ? 'set memory requests to what the containers really use: under node pressure the kubelet evicts the pods furthest above their requests first'
      : `bound the pod's ${resource} use with requests and limits, so it is not the first pod evicted when the node runs short`,
    steps: [
      memory
        ? 'measure usage (`kubectl top pod --containers`) and set requests.memory near the peak (Guaranteed QoS: requests = limits)'
        : 'set resources.requests/limits for ephemeral-storage, write caches and logs to a sized emptyDir, rotate files',
      'evicted pods are replaced by their controller; delete the Failed leftovers once fixed',
      'if many pods on the same node are evicted, the node is overcommitted: ask the platform team to check its reserved resources and eviction thresholds',
    ],
    snippet: {
      language: 'yaml' as const,
      code: memory
        ? 'resources:\n  requests:\n    memory: <observed peak>\n  limits:\n    memory: <observed peak>   # requests = limits: evicted last'
        : 'resources:\n  requests:\n    ephemeral-storage: 1Gi\n  limits:\n    ephemeral-storage: 2Gi',
    },
    owner: 'application' as const,
  };
}

function storageFix() {
  return {
    summary: 'keep the pod\'s disk use within its limits: rotate or clean files, or raise the limit the app really needs',
    steps: ['find what grows on disk (logs, temp files, caches) and bound it', 'raise limits.ephemeral-storage or the emptyDir sizeLimit only to the measured need'],
    snippet: { language: 'yaml' as const, code: 'volumes:\n  - name: cache\n    emptyDir:\n      sizeLimit: 2Gi' },
    owner: 'application' as const,
  };
}
