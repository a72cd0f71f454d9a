import type { Fix } from '../../model/report.js';
import { bundleHits, isoTime, sideBySide, workloadKey, type LogHit } from '../log-hits.js';
import { defineCheck, type CheckMatch } from '../rule.js';

/**
 * What a controller logs when it loses the API server or etcd under it (client-go leaderelection.go, klog), and what
 * a client logs when the API server or etcd does not answer. Real strings: `failed to renew lease ns/name: timed out
 * waiting for the condition`, `leaderelection lost`, `stopped leading`, `etcdserver: request timed out`.
 */
const DISRUPTION =
  /(?<leader>failed to renew lease \S+|leader ?election lost|stopped leading|error retrieving resource lock \S+)|(?<etcd>etcdserver: (?:request timed out|leader changed|no leader|too many requests))|(?<apiserver>(?:dial tcp |https:\/\/)(?:\S*?(?:kubernetes\.default\.svc|api-int\.)\S*?|[\d.]+:6443)\S*?:? .*?(?:connection refused|i\/o timeout|no route to host|TLS handshake timeout|connection reset by peer))/i;

/** "Within seconds of each other": controllers that lose the API server together share a cause outside them. */
const WINDOW_MS = 30_000;
/** Controllers (containers with their own lease) and unrelated workloads needed before it is a platform event. */
const MIN_CONTROLLERS = 3;
const MIN_WORKLOADS = 2;

type Message = 'disrupted';

const FIX: Omit<Fix, 'docs'> = {
  summary: 'the controllers crashed because the API server or etcd stopped answering: find what happened to the control plane at that time, not in each controller',
  steps: [
    'look at the API server and etcd around that time: their logs, restarts, leader changes, disk latency (`etcd_disk_wal_fsync_duration_seconds`) and the nodes they run on',
    'check the load balancer or the `kubernetes` Service in front of the API server, and the network between the nodes and the control plane',
    'the controllers restart and take their leases back by themselves; restarting them again does not help',
  ],
  owner: 'platform',
};

export default defineCheck({
  id: 'control-plane-disruption',
  title: 'Many controllers lose leader election or the API server within seconds',
  docs: 'At least three controllers of at least two unrelated workloads logged, within 30 seconds of each other, that they lost leader election (`failed to renew lease`, `stopped leading`) or could not reach the API server or etcd. Each then exits as if it had its own bug; together they show the API server or etcd was unavailable. Replicas of one workload, or one controller losing its lease, do not fire.',
  messages: {
    disrupted: '{controllerCount} controllers of {workloadCount} unrelated workloads in {bundle} lost {what} within {spread} of each other, around {around}: the API server or etcd was unavailable',
  },
  keepPatterns: [DISRUPTION],
  check({ snapshots, findings }) {
    const matches: Array<CheckMatch<Message>> = [];
    snapshots.forEach((snapshot, bundleIndex) => {
      const hits = bundleHits(findings, bundleIndex, DISRUPTION)
        .filter((hit): hit is LogHit & { time: number } => hit.time !== undefined)
        .sort((a, b) => a.time - b.time);
      const burst = densestBurst(hits);
      const first = burst?.[0];
      const last = burst?.at(-1);
      if (!burst || !first || !last) return;
      const spreadMs = last.time - first.time;
      const kinds = [...new Set(burst.map(kindOf))];
      matches.push({
        messageId: 'disrupted',
        data: {
          bundle: snapshot.bundle.name,
          controllerCount: burst.length,
          workloadCount: new Set(burst.map((hit) => workloadKey(hit.entry))).size,
          what: kinds.map((kind) => (kind === 'leader' ? 'leader election' : kind === 'etcd' ? 'etcd' : 'the API server')).join(' and '),
          kinds,
          spread: spreadMs < 1000 ? `${spreadMs} ms` : `${Math.round(spreadMs / 1000)} s`,
          spreadMs,
          around: isoTime(first.time),
        },
        bundles: [snapshot.bundle.name],
        findings: burst.map((hit) => hit.entry.finding.id),
        evidence: sideBySide('the correlated lines, side by side', burst, 3),
        fix: FIX,
      });
    });
    return matches;
  },
});

/** The largest run of hits inside one window that involves enough controllers and unrelated workloads. */
function densestBurst(hits: Array<LogHit & { time: number }>): Array<LogHit & { time: number }> | undefined {
  let best: Array<LogHit & { time: number }> | undefined;
  for (const [start, { time: from }] of hits.entries()) {
    const run = hits.filter((hit, index) => index >= start && hit.time - from <= WINDOW_MS);
    const workloads = new Set(run.map((hit) => workloadKey(hit.entry))).size;
    if (run.length >= MIN_CONTROLLERS && workloads >= MIN_WORKLOADS && run.length > (best?.length ?? 0)) best = run;
  }
  return best;
}

function kindOf(hit: LogHit): string {
  const groups = hit.match.groups ?? {};
  return groups['leader'] ? 'leader' : groups['etcd'] ? 'etcd' : 'apiserver';
}
