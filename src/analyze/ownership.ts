/**
 * Who owns the fix for a crash. A crash in a platform component (control plane, CNI, CSI, ingress controller, cluster
 * operator) is the platform team's however the app-level cause reads: the application team cannot change
 * kube-system or an OpenShift operator. Known by the first of: namespace, owner kind, `system-*` priority class, a
 * static pod (owned by its node), a well-known platform image. Pure: reads the pod and nothing else.
 */
import type { EscalationCheck, Ownership } from '../model/report.js';
import type { PodView } from '../model/snapshot.js';
import type { AnalyzedFinding } from './rule.js';

/** Namespaces where only platform components run. `openshift-*` covers every OpenShift operator and operand. */
const PLATFORM_NAMESPACE =
  /^(?:kube-system|kube-public|kube-node-lease|kube-flannel|calico-system|calico-apiserver|tigera-operator|cilium|cilium-system|ingress-nginx|openshift|openshift-.+|gatekeeper-system|kyverno|cert-manager|local-path-storage|metallb-system)$/;

/** Top owners that only a cluster's own operators create (OpenShift's ClusterVersion). */
const PLATFORM_OWNER_KINDS = new Set(['ClusterVersion', 'ClusterOperator']);

/** Images of platform components, wherever they are deployed: control plane, CNI, CSI sidecars, ingress, DNS. */
const PLATFORM_IMAGE =
  /(?:^|\/)(?:kube-(?:apiserver|controller-manager|scheduler|proxy)|etcd|coredns|pause|csi-(?:provisioner|attacher|resizer|snapshotter|node-driver-registrar)|livenessprobe|snapshot-controller|aws-ebs-csi-driver|ebs-csi-driver|azuredisk-csi|gce-pd-csi-driver|cinder-csi-plugin|weave-kube|weave-npc|flannel|calico\/(?:node|cni|kube-controllers)|cilium(?:-operator)?|ingress-nginx\/controller|kube-state-metrics|metrics-server)(?:[:@]|$)|^quay\.io\/openshift-release-dev\//;

/** The reason of an app pod whose cause rule puts the fix on the platform (a node OOM, a registry outage). */
const OUTSIDE_THE_POD = 'the cause lies outside the pod';
const CHECK_PREFIX = 'check ';

/** True when the pod itself is a platform component (not an app pod that a rule or a check gave the platform). */
export function isPlatformComponent(owner: Ownership | undefined): boolean {
  return owner?.team === 'platform' && owner.reason !== OUTSIDE_THE_POD && !owner.reason.startsWith(CHECK_PREFIX);
}

/** Whose the fix is for crashes of this pod, by what the pod is. */
export function podOwnership(pod: PodView): Ownership {
  if (PLATFORM_NAMESPACE.test(pod.namespace)) return { team: 'platform', reason: `namespace ${pod.namespace}` };
  const top = pod.owners[pod.owners.length - 1];
  if (top && top.kind === 'Node') return { team: 'platform', reason: `static pod of node ${top.name}` };
  if (top && PLATFORM_OWNER_KINDS.has(top.kind)) return { team: 'platform', reason: `owned by ${top.kind}/${top.name}` };
  const priorityClass = pod.object.spec?.priorityClassName;
  if (typeof priorityClass === 'string' && /^system-/.test(priorityClass)) return { team: 'platform', reason: `priority class ${priorityClass}` };
  for (const container of pod.containers) {
    const image = typeof container.spec.image === 'string' ? container.spec.image : '';
    if (PLATFORM_IMAGE.test(image)) return { team: 'platform', reason: `platform image ${image}` };
  }
  return { team: 'application', reason: `namespace ${pod.namespace} runs applications` };
}

/**
 * The owner of one finding: a platform pod is the platform's; an app pod whose cause rule puts the fix on the platform
 * (a node OOM, a registry outage) is the platform's too, and so is one that an escalation check blames on the platform.
 */
function findingOwnership(pod: PodView, ruleOwner: Ownership['team'], platformCheck?: string): Ownership {
  const byPod = podOwnership(pod);
  if (byPod.team === 'platform') return byPod;
  if (platformCheck) return { team: 'platform', reason: `${CHECK_PREFIX}${platformCheck}` };
  if (ruleOwner === 'platform') return { team: 'platform', reason: OUTSIDE_THE_POD };
  return byPod;
}

/**
 * Sets `owner`, `checks` and `fix.owner` on every finding once the checks have run, so that no finding reads
 * "owner: application" while a check blames the platform for it.
 */
export function assignOwnership(analyzed: readonly AnalyzedFinding[], checks: readonly EscalationCheck[]): void {
  for (const { finding, pod } of analyzed) {
    const covering = checks.filter((check) => check.findings.includes(finding.id));
    const blaming = covering.find((check) => check.fix.owner === 'platform');
    finding.owner = findingOwnership(pod, finding.fix.owner, blaming?.kind);
    finding.fix = { ...finding.fix, owner: finding.owner.team };
    if (covering.length > 0) finding.checks = [...new Set(covering.map((check) => check.kind))];
  }
}
