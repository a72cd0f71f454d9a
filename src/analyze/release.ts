/**
 * Bad releases: a Deployment whose newest ReplicaSet crash-loops while the revision before it was healthy (its pods
 * still ready, or running without a finding). That is a fresh deploy to roll back, not a cluster problem: the report
 * shows what changed between the two pod templates and the `kubectl rollout undo` command. Deployments only:
 * StatefulSet and DaemonSet revisions live in ControllerRevisions, which bundles do not hold. Pure.
 */
import type { BadRelease } from '../model/report.js';
import type { KubeObject, ObjectRecord, Snapshot } from '../model/snapshot.js';
import { shellCommand } from '../util/shell.js';
import { diffFields } from './spec-diff.js';
import type { AnalyzedFinding, TroubleKind } from './rule.js';

const REVISION = 'deployment.kubernetes.io/revision';
const BROKEN: ReadonlySet<TroubleKind> = new Set(['crash-looping', 'init-blocking', 'failed']);
/** The fields of a container a release changes on purpose, each compared whole; the rest (hashes, defaults) is noise. */
const CONTAINER_FIELDS = ['image', 'command', 'args', 'envFrom', 'resources', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const;

interface Revision {
  record: ObjectRecord;
  name: string;
  revision?: number;
  createdAt?: string;
}

export function findBadReleases(analyzed: readonly AnalyzedFinding[]): BadRelease[] {
  const byReplicaSet = new Map<string, AnalyzedFinding[]>();
  for (const entry of analyzed) {
    const [replicaSet, deployment] = entry.pod.owners;
    if (replicaSet?.kind !== 'ReplicaSet' || deployment?.kind !== 'Deployment' || !BROKEN.has(entry.trouble.kind)) continue;
    const key = `${entry.bundleIndex}/${entry.pod.namespace}/${replicaSet.name}`;
    byReplicaSet.set(key, [...(byReplicaSet.get(key) ?? []), entry]);
  }
  const releases: BadRelease[] = [];
  for (const group of byReplicaSet.values()) {
    const release = judge(group, analyzed);
    if (release) releases.push(release);
  }
  return releases;
}

function judge(group: AnalyzedFinding[], analyzed: readonly AnalyzedFinding[]): BadRelease | undefined {
  const [first] = group;
  // Grouped by these owners in findBadReleases: a ReplicaSet owned by a Deployment.
  const [replicaSetLink, deploymentLink] = first?.pod.owners ?? [];
  if (!first || !replicaSetLink || !deploymentLink) return undefined;
  const { snapshot, pod, bundleIndex } = first;
  const revisions = revisionsOf(snapshot, pod.namespace, deploymentLink.name);
  const current = revisions.find((r) => r.name === replicaSetLink.name);
  const currentRevision = current?.revision;
  if (!current || currentRevision === undefined || current !== revisions.at(-1)) return undefined;
  const previous = revisions.filter((r) => r.revision !== undefined && r.revision < currentRevision).pop();
  if (!previous) return undefined;
  const readyReplicas = Number((previous.record.object['status'] as { readyReplicas?: unknown } | undefined)?.readyReplicas ?? 0) || 0;
  const previousPods = snapshot.pods.filter((p) => p.namespace === pod.namespace && p.owners[0]?.kind === 'ReplicaSet' && p.owners[0].name === previous.name);
  const previousCrashed = analyzed.some((entry) => entry.bundleIndex === bundleIndex && previousPods.includes(entry.pod));
  const previousRunning = previousPods.some((p) => p.containers.filter((c) => c.kind === 'regular').every((c) => c.state?.running !== undefined));
  if (previousCrashed || (readyReplicas === 0 && !previousRunning)) return undefined;

  const changes = templateChanges(templateSpec(previous.record.object), templateSpec(current.record.object));
  const rollback = shellCommand([
    'kubectl',
    'rollout',
    'undo',
    `deployment/${deploymentLink.name}`,
    '-n',
    pod.namespace,
    ...(previous.revision !== undefined ? [`--to-revision=${previous.revision}`] : []),
  ]);
  const changed = changes.length > 0 ? `; changed: ${changes.slice(0, 4).map((c) => c.field.replace(/^spec\.template\.spec\./, '')).join(', ')}${changes.length > 4 ? ', …' : ''}` : '';
  return {
    bundle: snapshot.bundle.name,
    namespace: pod.namespace,
    workload: { kind: 'Deployment', name: deploymentLink.name },
    summary: `revision ${current.revision ?? '?'} of Deployment/${deploymentLink.name} (ReplicaSet ${current.name}) crash-loops while revision ${previous.revision ?? '?'} (${previous.name}) was healthy: roll back${changed}`,
    current: { name: current.name, revision: current.revision, ...(current.createdAt ? { createdAt: current.createdAt } : {}) },
    previous: { name: previous.name, ...(previous.revision !== undefined ? { revision: previous.revision } : {}), ...(previous.createdAt ? { createdAt: previous.createdAt } : {}), readyReplicas },
    changes,
    rollback,
    findings: group.map((entry) => entry.finding.id),
  };
}

/** The Deployment's ReplicaSets in the bundle, oldest revision first. */
function revisionsOf(snapshot: Snapshot, namespace: string, deployment: string): Revision[] {
  return (snapshot.resources.replicasets ?? [])
    .filter(({ object }) => object.metadata?.namespace === namespace && object.metadata.ownerReferences?.some((o) => o.kind === 'Deployment' && o.name === deployment))
    .map((record) => {
      const revision = Number.parseInt(record.object.metadata?.annotations?.[REVISION] ?? '', 10);
      return {
        record,
        name: record.object.metadata?.name ?? '',
        ...(Number.isNaN(revision) ? {} : { revision }),
        ...(record.object.metadata?.creationTimestamp ? { createdAt: record.object.metadata.creationTimestamp } : {}),
      };
    })
    .sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
}

interface TemplateSpec {
  containers?: Array<Record<string, unknown>>;
  initContainers?: Array<Record<string, unknown>>;
  volumes?: Array<Record<string, unknown>>;
}

function templateSpec(object: KubeObject): TemplateSpec {
  return (object['spec'] as { template?: { spec?: TemplateSpec } } | undefined)?.template?.spec ?? {};
}

/** One row per changed unit: a container's image, args, resources or probe, one env var, one mount, one volume. */
function templateChanges(before: TemplateSpec, after: TemplateSpec): BadRelease['changes'] {
  return diffFields(releaseUnits(before), releaseUnits(after)).map((row) => ({ ...row, field: `spec.template.spec.${row.field}` }));
}

function releaseUnits(spec: TemplateSpec): Map<string, string> {
  const units = new Map<string, string>();
  const named = (list: unknown, prefix: string) => {
    if (!Array.isArray(list)) return;
    for (const item of list as Array<{ name?: unknown }>) {
      if (typeof item.name === 'string') units.set(`${prefix}[${item.name}]`, JSON.stringify(withoutName(item)));
    }
  };
  for (const [group, list] of [['initContainers', spec.initContainers], ['containers', spec.containers]] as const) {
    for (const c of list ?? []) {
      if (typeof c['name'] !== 'string') continue;
      const prefix = `${group}[${c['name']}]`;
      for (const field of CONTAINER_FIELDS) if (c[field] !== undefined) units.set(`${prefix}.${field}`, JSON.stringify(c[field]));
      named(c['env'], `${prefix}.env`);
      named(c['volumeMounts'], `${prefix}.volumeMounts`);
    }
  }
  named(spec.volumes, 'volumes');
  return units;
}

function withoutName(item: { name?: unknown }): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...item };
  delete rest['name'];
  return rest;
}
