import type { Fix } from '../../model/report.js';
import type { PodView, Snapshot } from '../../model/snapshot.js';
import { table } from '../evidence.js';
import { bundleHits, sideBySide, workloadKey } from '../log-hits.js';
import { defineCheck, type CheckMatch } from '../rule.js';

/**
 * The resolver could not reach a DNS server at all — as opposed to `no such host`, where DNS answered that the name
 * does not exist (a typo, the app's problem). Real strings: Go `lookup db on 10.96.0.10:53: read udp
 * 10.244.1.5:43215->10.96.0.10:53: i/o timeout`, `… server misbehaving`; Node `getaddrinfo EAI_AGAIN redis`; glibc
 * `Temporary failure in name resolution`; nslookup `connection timed out; no servers could be reached`.
 */
const DNS_UNREACHABLE =
  /lookup \S+ on (?<server>[\d.]+|\[[\da-f:]+\]):53: (?:read udp \S+: )?(?:i\/o timeout|server misbehaving|connection refused|no route to host)|dial udp (?<server2>[\d.]+):53: .*(?:i\/o timeout|connection refused|network is unreachable)|getaddrinfo EAI_AGAIN|Temporary failure in name resolution|no servers could be reached/i;

/** Unrelated workloads that must fail to reach DNS: one app's resolver trouble is that app's. */
const MIN_WORKLOADS = 2;

const FIX: Omit<Fix, 'docs'> = {
  summary: 'the pods could not reach the cluster DNS: repair CoreDNS or the path to it (kube-proxy, the CNI, network policies), not the apps',
  steps: [
    'check the DNS pods and their Service (`kubectl -n kube-system get pods,svc,endpoints -l k8s-app=kube-dns`) and their logs',
    'check kube-proxy or the CNI on the nodes of the failing pods, and NetworkPolicies that block UDP/TCP 53 to kube-system',
    'compare the DNS server in the lines with the kube-dns Service clusterIP and the kubelet\'s clusterDNS setting',
  ],
  owner: 'platform',
};

export default defineCheck({
  id: 'cluster-dns-unreachable',
  title: 'Cluster DNS unreachable from several workloads',
  docs: 'At least two unrelated workloads of one cluster logged that the DNS server did not answer (`lookup … on 10.96.0.10:53: … i/o timeout`, `server misbehaving`, `EAI_AGAIN`, `Temporary failure in name resolution`): CoreDNS, kube-proxy or the pod network is broken, not each app. `no such host` (DNS answered: the name does not exist) never counts, and neither do replicas of one workload.',
  messages: {
    unreachable: 'the cluster DNS{server} did not answer {workloadCount} unrelated workloads in {bundle} ({podCount} pods){dnsPods}',
  },
  keepPatterns: [DNS_UNREACHABLE],
  check({ snapshots, findings }) {
    const matches: Array<CheckMatch<'unreachable'>> = [];
    snapshots.forEach((snapshot, bundleIndex) => {
      const hits = bundleHits(findings, bundleIndex, DNS_UNREACHABLE);
      const workloads = new Set(hits.map((hit) => workloadKey(hit.entry)));
      if (workloads.size < MIN_WORKLOADS) return;
      const servers = [...new Set(hits.map((hit) => hit.match.groups?.['server'] ?? hit.match.groups?.['server2']).filter(Boolean))];
      const dns = dnsPods(snapshot);
      const notReady = dns.filter((pod) => !isReady(pod));
      const evidence = sideBySide('DNS failures, side by side', hits, 2);
      if (dns.length > 0) {
        evidence.supporting.push(
          table(
            'cluster DNS pods',
            ['namespace', 'pod', 'node', 'ready', 'restarts'],
            dns.map((pod) => [pod.namespace, pod.name, pod.nodeName ?? '?', isReady(pod) ? 'yes' : 'no', String(pod.containers.reduce((n, c) => n + c.restartCount, 0))]),
          ),
        );
      }
      matches.push({
        messageId: 'unreachable',
        data: {
          bundle: snapshot.bundle.name,
          workloadCount: workloads.size,
          podCount: new Set(hits.map((hit) => `${hit.entry.pod.namespace}/${hit.entry.pod.name}`)).size,
          servers,
          server: servers.length > 0 ? ` (${servers.join(', ')})` : '',
          dnsPodCount: dns.length,
          dnsPodsNotReady: notReady.length,
          dnsPods: dns.length === 0 ? '' : notReady.length > 0 ? `; ${notReady.length} of ${dns.length} DNS pods are not ready` : `; its ${dns.length} DNS pods report ready, so look at the network path to them`,
        },
        bundles: [snapshot.bundle.name],
        findings: hits.map((hit) => hit.entry.finding.id),
        evidence,
        fix: FIX,
      });
    });
    return matches;
  },
});

/** CoreDNS / kube-dns / OpenShift dns-default pods, by their well-known label or name. */
function dnsPods(snapshot: Snapshot): PodView[] {
  return snapshot.pods.filter((pod) => {
    const labels = pod.object.metadata?.labels ?? {};
    return labels['k8s-app'] === 'kube-dns' || labels['dns.operator.openshift.io/daemonset-dns'] !== undefined || /^(?:coredns|kube-dns|dns-default)-/.test(pod.name);
  });
}

function isReady(pod: PodView): boolean {
  return pod.containers.every((c) => c.status?.ready === true);
}
