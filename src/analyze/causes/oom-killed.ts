import type { Evidence } from '../../model/report.js';
import { formatBytes, parseMemoryBytes } from '../../model/quantity.js';
import type { EventView, NodeView } from '../../model/snapshot.js';
import { eventEvidence, logExcerpt, specField, statusField } from '../evidence.js';
import {
  clip,
  deathOf,
  exitCodeOf,
  findLines,
  formatDuration,
  memoryLimitBytes,
  nodeOf,
  ranSeconds,
  reasonOf,
  type Death,
} from '../facts.js';
import type { DeadLog } from '../reading.js';
import { defineCause } from '../rule.js';
import { fillTemplate } from '../signatures/match.js';

/** A language runtime that hit its own heap ceiling (not the cgroup's): V8, the JVM, Go, Python. */
type Runtime = 'v8' | 'jvm' | 'go' | 'python';
const RUNTIME_HEAP: Array<{ runtime: Runtime; pattern: RegExp; flag: string }> = [
  {
    runtime: 'v8',
    pattern: /JavaScript heap out of memory|Ineffective mark-compacts near heap limit|CALL_AND_RETRY_LAST/,
    flag: 'NODE_OPTIONS=--max-old-space-size=<MiB> (about 75% of the container limit)',
  },
  {
    runtime: 'jvm',
    pattern: /java\.lang\.OutOfMemoryError|Terminating due to java\.lang\.OutOfMemoryError/,
    flag: 'JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75 (instead of a fixed -Xmx)',
  },
  { runtime: 'go', pattern: /fatal error: runtime: out of memory/, flag: 'GOMEMLIMIT=<about 90% of the container limit>' },
  { runtime: 'python', pattern: /^MemoryError\b/, flag: 'a smaller working set (batch sizes, caches)' },
];

/** Exit codes a runtime heap failure leaves: 134 (abort: V8, JVM crash), 3 (JVM ExitOnOutOfMemoryError), 1, 2 (Go). */
const HEAP_EXIT_CODES = new Set([1, 2, 3, 134]);

/** node-problem-detector's kernel line: `Memory cgroup out of memory: Killed process 1234 (java) … anon-rss:…kB`. */
const OOM_KILL_LINE = /(Memory cgroup out of memory|Out of memory):\s+Kill(?:ed)? process (\d+) \(([^)]*)\)(?:.*?anon-rss:(\d+)kB)?/i;

const MEBIBYTE = 2 ** 20;

type Message = 'cgroup-limit' | 'no-limit' | 'node-oom' | 'runtime-heap' | 'sigkill';

/** What an OOM finding records; same-memory-oom reads the limit, the kernel's scope and RSS, and the run time back. */
interface OomKilledData {
  container: string;
  exitCode: number | undefined;
  /** The container's memory limit; undefined when it has none. */
  limitBytes: number | undefined;
  /** The limit for people (`512Mi`), or `no`. */
  limit: string;
  requestBytes: number | undefined;
  ranSeconds: number | undefined;
  ranFor: string;
  node: string;
  /** From a node OOM event near the death: the kernel's scope, the process it killed and that process's RSS. */
  nodeOomScope?: NodeOom['scope'];
  killedProcess?: string;
  anonRssBytes?: number;
  /** cgroup-limit, no-limit: a runtime whose own heap error the log also shows. */
  runtimeHeap?: Runtime;
  /** runtime-heap: the runtime, its name for people and its heap error line. */
  runtime?: Runtime;
  runtimeName?: string;
  heapLine?: string;
  /** sigkill: what the app's line means, the line, its number and the signature that matched it. */
  meaning?: string;
  errorText?: string;
  decisiveLine?: number;
  signature?: string;
}

export default defineCause<Message, OomKilledData>({
  id: 'oom-killed',
  title: 'Killed for running out of memory',
  docs: 'The kernel killed the container for exceeding its memory limit (`OOMKilled`, exit 137), the node ran out of memory (exit 137 with a node OOM event), or the language runtime hit its own heap ceiling (V8, JVM).',
  tier: 'death',
  rank: 40,
  messages: {
    'cgroup-limit': '{container} was OOMKilled at its {limit} memory limit after running {ranFor}',
    'no-limit': '{container} was OOMKilled with no memory limit of its own after running {ranFor}: the pod or node ran out of memory',
    'node-oom': '{container} was killed (exit 137) while the node {node} ran out of memory',
    'runtime-heap': 'the {runtimeName} in {container} ran out of its own heap (exit {exitCode}), below the {limit} container limit',
    sigkill: '{container} exits {exitCode} after its process was SIGKILLed under memory pressure ({meaning}): {errorText}',
  },
  keepPatterns: RUNTIME_HEAP.map((entry) => entry.pattern),
  kindOf: ({ messageId }) => ({ 'cgroup-limit': 'limit', 'no-limit': 'node-oom', 'node-oom': 'node-oom', 'runtime-heap': 'runtime-heap', sigkill: 'sigkill' })[messageId],
  explains: ['oom-killed', 'exited', 'killed'],
  decide({ snapshot, pod, container }, reading) {
    const death = deathOf(container);
    const exitCode = exitCodeOf(death);
    const limitBytes = memoryLimitBytes(container);
    const limit = limitBytes === undefined ? 'no' : formatBytes(limitBytes);
    const requestBytes = parseMemoryBytes(container.spec.resources?.requests?.['memory']);
    const ran = ranSeconds(death);
    const ranFor = ran === undefined ? 'an unknown time' : formatDuration(ran);
    const node = nodeOf(snapshot, pod);
    const nodeOom = death ? nodeOomEvent(node, death) : undefined;
    const heap = runtimeHeap(reading.log);
    const base = {
      container: container.name,
      exitCode,
      limitBytes,
      limit,
      requestBytes,
      ranSeconds: ran,
      ranFor,
      node: pod.nodeName ?? 'unknown',
    };
    const limitEvidence: Evidence[] =
      limitBytes !== undefined
        ? [specField(pod, container, 'resources.limits.memory', container.spec.resources?.limits?.['memory'], 'memory limit')]
        : [];

    if (death && reasonOf(death) === 'OOMKilled') {
      const supporting = [...limitEvidence];
      if (nodeOom) supporting.push(eventEvidence(nodeOom.event, 'node OOM kill'));
      if (heap) supporting.push(heap.evidence);
      const evidence = { primary: statusField(pod, container, `${death.path}.reason`, 'OOMKilled', 'last termination'), supporting };
      return {
        messageId: limitBytes === undefined ? 'no-limit' : 'cgroup-limit',
        data: { ...base, ...nodeOomData(nodeOom), runtimeHeap: heap?.runtime },
        confidence: 'high',
        evidence,
        fix: limitBytes === undefined ? noLimitFix() : cgroupFix(limitBytes, heap?.flag),
      };
    }

    if (death && heap && exitCode !== undefined && HEAP_EXIT_CODES.has(exitCode)) {
      return {
        messageId: 'runtime-heap',
        data: { ...base, runtime: heap.runtime, runtimeName: runtimeName(heap.runtime), heapLine: heap.text },
        confidence: 'high',
        evidence: {
          primary: heap.evidence,
          supporting: [statusField(pod, container, `${death.path}.exitCode`, exitCode, 'exit code'), ...limitEvidence],
        },
        fix: heapFix(heap.runtime, heap.flag, limitBytes),
      };
    }

    if (death && exitCode === 137 && nodeOom) {
      return {
        messageId: 'node-oom',
        data: { ...base, ...nodeOomData(nodeOom) },
        confidence: 'medium',
        evidence: {
          primary: eventEvidence(nodeOom.event, 'node OOM kill'),
          supporting: [statusField(pod, container, `${death.path}.exitCode`, 137, 'exit code'), ...limitEvidence],
        },
        fix: noLimitFix(),
      };
    }

    // The app's own words that a child got SIGKILL (gunicorn, npm/yarn, a shell's `Killed`): the container lived on to say so.
    const sigkill = reading.hits.filter((hit) => hit.signature.cause === 'oom-killed').at(-1);
    if (death && sigkill && reading.log && exitCode !== undefined && exitCode !== 0) {
      return {
        messageId: 'sigkill',
        data: { ...base, meaning: fillTemplate(sigkill.signature.meaning, sigkill.groups), errorText: clip(sigkill.text, 140), decisiveLine: sigkill.line.number, signature: sigkill.signature.id },
        confidence: limitBytes !== undefined ? 'high' : 'medium',
        evidence: {
          primary: logExcerpt(reading.log.window, sigkill.line.number, `${reading.log.which} log`),
          supporting: [statusField(pod, container, `${death.path}.exitCode`, exitCode, 'exit code'), ...limitEvidence],
        },
        fix: limitBytes === undefined ? noLimitFix() : cgroupFix(limitBytes, undefined),
      };
    }
    return undefined;
  },
});

function runtimeName(runtime: string): string {
  return { v8: 'Node.js (V8) heap', jvm: 'JVM heap', go: 'Go runtime', python: 'Python interpreter' }[runtime] ?? runtime;
}

function runtimeHeap(log: DeadLog | undefined) {
  if (!log) return undefined;
  for (const entry of RUNTIME_HEAP) {
    const found = findLines(log.window, entry.pattern)[0];
    if (found) {
      return {
        runtime: entry.runtime,
        flag: entry.flag,
        text: found.text,
        evidence: logExcerpt(log.window, found.line.number, `${log.which} log`),
      };
    }
  }
  return undefined;
}

interface NodeOom {
  event: EventView;
  scope: 'cgroup' | 'node' | 'unknown';
  process?: string;
  anonRssBytes?: number;
}

/** A node OOM event (`OOMKilling` from node-problem-detector, `SystemOOM` from the kubelet) near the death. */
function nodeOomEvent(node: NodeView | undefined, death: Death): NodeOom | undefined {
  if (!node) return undefined;
  const finished = Date.parse(death.terminated.finishedAt ?? '');
  const started = Date.parse(death.terminated.startedAt ?? '');
  const candidates = node.events.filter((event) => {
    if (event.reason !== 'OOMKilling' && event.reason !== 'SystemOOM') return false;
    if (Number.isNaN(finished)) return true;
    const first = Date.parse(event.firstTime ?? event.lastTime ?? '');
    const last = Date.parse(event.lastTime ?? event.firstTime ?? '');
    if (Number.isNaN(last)) return true;
    const from = Number.isNaN(started) || started <= 0 ? finished - 60_000 : started;
    return last >= from - 5_000 && (Number.isNaN(first) ? last : first) <= finished + 60_000;
  });
  const event = candidates.find((e) => e.reason === 'OOMKilling') ?? candidates[0];
  if (!event) return undefined;
  const line = OOM_KILL_LINE.exec(event.message);
  if (!line) return { event, scope: 'unknown' };
  return {
    event,
    scope: /memory cgroup/i.test(line[1] ?? '') ? 'cgroup' : 'node',
    process: line[3],
    anonRssBytes: line[4] ? Number(line[4]) * 1024 : undefined,
  };
}

function nodeOomData(oom: NodeOom | undefined) {
  return oom ? { nodeOomScope: oom.scope, killedProcess: oom.process, anonRssBytes: oom.anonRssBytes } : {};
}

function roundUpMi(bytes: number): string {
  return `${Math.ceil(bytes / MEBIBYTE)}Mi`;
}

function cgroupFix(limitBytes: number, heapFlag: string | undefined) {
  const suggested = roundUpMi(limitBytes * 1.3);
  return {
    summary: `measure the container's peak memory and set the limit about 30% above it (at least ${suggested} if it really needs ${formatBytes(limitBytes)}), or reduce its working set`,
    steps: [
      'watch the real usage (`kubectl top pod --containers`, or your metrics: container_memory_working_set_bytes) through a full load cycle',
      'set requests.memory to the observed peak and limits.memory about 30% above it',
      heapFlag
        ? `size the runtime's heap from the container limit: ${heapFlag}`
        : 'if the usage grows without bound, look for a leak (caches, buffers, unbounded queues) before raising the limit',
      'do not raise the limit blindly when the usage keeps growing: a leak will reach any limit',
    ],
    snippet: {
      language: 'yaml' as const,
      code: `resources:\n  requests:\n    memory: <observed peak>\n  limits:\n    memory: ${suggested}   # ~30% above the observed peak`,
    },
    owner: 'application' as const,
  };
}

function noLimitFix() {
  return {
    summary: 'give the container memory requests and limits that match its measured usage, so the scheduler places it on a node with room',
    steps: [
      'measure the container\'s usage (`kubectl top pod --containers`) and set requests.memory to its peak, limits.memory about 30% above',
      'without requests the pod is BestEffort/Burstable and the first victim when the node runs out of memory',
      'if several pods on the node die this way, the node itself is overcommitted: ask the platform team to check its allocatable memory',
    ],
    snippet: {
      language: 'yaml' as const,
      code: 'resources:\n  requests:\n    memory: <observed peak>\n  limits:\n    memory: <observed peak × 1.3>',
    },
    owner: 'application' as const,
  };
}

const HEAP_SNIPPETS: Record<string, string> = {
  v8: 'env:\n  - name: NODE_OPTIONS\n    value: "--max-old-space-size=384"   # ~75% of a 512Mi limit',
  jvm: 'env:\n  - name: JAVA_TOOL_OPTIONS\n    value: "-XX:MaxRAMPercentage=75"',
  go: 'env:\n  - name: GOMEMLIMIT\n    value: "460MiB"   # ~90% of a 512Mi limit',
};

function heapFix(runtime: string, flag: string, limitBytes: number | undefined) {
  const within = limitBytes === undefined ? '' : ` within the ${formatBytes(limitBytes)} container limit`;
  return {
    summary: `size the ${runtimeName(runtime)} from the container's memory${within}, or fix what fills it; raising only the container limit does not help`,
    steps: [
      `set ${flag}`,
      'take a heap dump or profile to see what fills the heap (a leak, an unbounded cache, a batch that is too big)',
      'raise the container limit only together with the heap setting, keeping ~25% for non-heap memory',
    ],
    ...(HEAP_SNIPPETS[runtime] ? { snippet: { language: 'yaml' as const, code: HEAP_SNIPPETS[runtime] } } : {}),
    owner: 'application' as const,
  };
}
