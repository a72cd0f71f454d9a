/**
 * The sample bundles: which scenario, which layout, which file. `sample-bundles/README.md` is generated from this
 * list and from each scenario's expected crashes, so the README and the bundles cannot disagree.
 */
import { writeClusterInfoDump } from './layouts/cluster-info-dump.js';
import { writeMustGather } from './layouts/must-gather.js';
import { writePodmortemBundle } from './layouts/podmortem.js';
import { writeTroubleshootBundle } from './layouts/troubleshoot.js';
import type { ClusterModel } from './model.js';
import { batchOom } from './scenarios/batch-oom.js';
import { clusterInfoDump, legacyTroubleshoot, mustGather } from './scenarios/foreign.js';
import { overloadedNode } from './scenarios/overloaded-node.js';
import { badRelease, controlPlaneBlip } from './scenarios/release-day.js';
import { shopProdEu, shopProdUs } from './scenarios/shop.js';

export interface Sample {
  file: string;
  layout: 'podmortem' | 'troubleshoot' | 'cluster-info-dump' | 'must-gather';
  summary: string;
  /** What the analysis of this bundle (alone or with its partner) must conclude beyond the per-crash causes. */
  verdict: string;
  model: () => ClusterModel;
  write: (target: string) => Promise<void>;
}

function sample(spec: Omit<Sample, 'write'>, write: (model: ClusterModel, target: string) => Promise<void>): Sample {
  return { ...spec, write: (target) => write(spec.model(), target) };
}

export const SAMPLES: readonly Sample[] = [
  sample(
    {
      file: 'shop-prod-eu.tar.gz',
      layout: 'podmortem',
      summary: 'a shop on Kubernetes v1.30.4, containerd 1.7.22, arm64 nodes: healthy frontend/catalog/redis/coredns and every crash cause, one workload each',
      verdict: 'alone: no escalation check fires (every crash is the application\'s or its YAML\'s); with shop-prod-us: `cross-cluster-difference` fires for shop/Deployment/image-resizer (same image healthy on amd64, exec format error on arm64)',
      model: shopProdEu,
    },
    writePodmortemBundle,
  ),
  sample(
    {
      file: 'shop-prod-us.tar.gz',
      layout: 'podmortem',
      summary: 'the same shop on Kubernetes v1.29.8, CRI-O 1.29.6, amd64 nodes: mostly healthy; image-resizer (same image as EU) is healthy here',
      verdict: 'alone: no escalation; see shop-prod-eu for the pair',
      model: shopProdUs,
    },
    writePodmortemBundle,
  ),
  sample(
    {
      file: 'batch-oom.tar.gz',
      layout: 'podmortem',
      summary: 'unrelated workloads (CronJob, Deployment, StatefulSet in three namespaces) OOMKilled at 256Mi injected by each namespace\'s LimitRange default; plus two replicas of one Deployment OOMKilled at their own 1Gi',
      verdict: '`same-memory-oom` fires for the three 256Mi workloads (LimitRange platform-defaults); search/indexer\'s two pods count as one workload',
      model: batchOom,
    },
    writePodmortemBundle,
  ),
  sample(
    {
      file: 'overloaded-node.tar.gz',
      layout: 'podmortem',
      summary: 'probe timeouts across unrelated pods on aks-user-31742588-vmss00000a (PLEG not healthy, MemoryPressure, NotReady flaps, 103 pods for 110 slots); the same workloads are fine on the other nodes',
      verdict: '`kubelet-overloaded` fires for node aks-user-31742588-vmss00000a; web/search-ui\'s single readiness timeout on another node must not count',
      model: overloadedNode,
    },
    writePodmortemBundle,
  ),
  sample(
    {
      file: 'bad-release.tar.gz',
      layout: 'podmortem',
      summary: 'EKS v1.31: payments/payments-api\'s revision 7 (image 3.15.0, `DATABASE_URL` renamed `DB_URL`, 768Mi) crash-loops while revision 6\'s three pods still serve',
      verdict: 'no escalation check fires; the report names the bad release of Deployment/payments-api (revision 7 after 6) with the template diff (image, env, resources) and `kubectl rollout undo deployment/payments-api -n payments --to-revision=6`',
      model: badRelease,
    },
    writePodmortemBundle,
  ),
  sample(
    {
      file: 'control-plane-blip.tar.gz',
      layout: 'podmortem',
      summary: 'the same EKS cluster a day earlier: two CSI sidecars and the cluster autoscaler lost their leases within 2 s (recovered), CoreDNS crash-loops on a forwarding loop, and two unrelated apps time out resolving their dependencies',
      verdict: '`control-plane-disruption` (three controllers of two workloads within 2 s) and `cluster-dns-unreachable` (orders/order-api and notify/mailer) fire, and the crash-looping CoreDNS pods escalate as platform components crashing now',
      model: controlPlaneBlip,
    },
    writePodmortemBundle,
  ),
  sample(
    {
      file: 'legacy-troubleshoot.tar.gz',
      layout: 'troubleshoot',
      summary: 'Replicated support-bundle layout (`support-bundle-2026-11-17T16_45_12/`, PodList files, `daemonsets-errors.json`, `-logs-errors.log`, `-previous.log`), k3s v1.28',
      verdict: 'no escalation',
      model: legacyTroubleshoot,
    },
    (model, target) => writeTroubleshootBundle(model, target, 'v0.107.1'),
  ),
  sample(
    {
      file: 'cluster-info-dump.tar.gz',
      layout: 'cluster-info-dump',
      summary: '`kubectl cluster-info dump --output-directory cluster-dump`, tarred: nodes.json, `<ns>/pods.json`, `events.json`, `<ns>/<pod>/logs.txt` with START/END markers; no previous logs',
      verdict: 'no escalation',
      model: clusterInfoDump,
    },
    writeClusterInfoDump,
  ),
  sample(
    {
      file: 'must-gather.tar.gz',
      layout: 'must-gather',
      summary: 'OpenShift 4.16 `oc adm must-gather` layout (`must-gather.local.5179836422046735093/quay-io-…-sha256-…/`), CRI-O, timestamped `current.log`/`previous.log`',
      verdict: 'no escalation',
      model: mustGather,
    },
    (model, target) =>
      writeMustGather(model, target, {
        localSuffix: '5179836422046735093',
        openshiftVersion: '4.16.21',
        releaseImage: 'quay.io/openshift-release-dev/ocp-release@sha256:f4b5c1e8f9f8f6b6b0ad04b5b7c6a2a2d1e3f0f9c7e8a1b2c3d4e5f60718293a',
      }),
  ),
];

export function samplesReadme(): string {
  const lines = [
    '# Sample bundles',
    '',
    'Generated by `npm run samples` (src/samples/, deterministic: the same bytes on every run). Do not edit by hand.',
    'Every kubelet, runtime and event string in them follows /work/shared/k8s-facts.md. Cause ids are those of',
    'podmortem\'s analysis (`podmortem analyze --format json`, `findings[].cause`).',
    '',
  ];
  for (const s of SAMPLES) {
    const model = s.model();
    lines.push(`## ${s.file} (${s.layout})`, '', `${s.summary}.`, '', `Verdict: ${s.verdict}.`, '');
    lines.push('| namespace/pod/container | expected cause | evidence |', '|---|---|---|');
    for (const crash of model.expected) {
      lines.push(`| ${crash.namespace}/${crash.pod}/${crash.container} | \`${crash.cause}\` | ${crash.note.replace(/\|/g, '\\|')} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
