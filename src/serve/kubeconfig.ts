/**
 * The kubeconfig `serve` writes: its own file in a private temporary folder (never the user's ~/.kube/config),
 * one context per served cluster, plain http on loopback with an empty user (kubectl sends no credentials).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Snapshot } from '../model/snapshot.js';

/** Node labels that carry the cluster's name on managed platforms. */
const CLUSTER_NAME_LABELS = ['alpha.eksctl.io/cluster-name', 'eks.amazonaws.com/cluster-name', 'kubernetes.azure.com/cluster'];

/**
 * The name a person knows the cluster by, where the bundle records one: the collector's cluster name, OpenShift's
 * infrastructure name (`oc get infrastructure cluster`), or a managed platform's node label. Otherwise the bundle's
 * own name, so two `cluster-dump` folders become `cluster-dump` and `cluster-dump-2` (the mapping is printed).
 */
export function clusterName(snapshot: Snapshot): string {
  if (snapshot.cluster.name) return snapshot.cluster.name;
  const infrastructure = (snapshot.resources['infrastructures.config.openshift.io'] ?? []).find((r) => r.object.metadata?.name === 'cluster');
  const infrastructureName = (infrastructure?.object as { status?: { infrastructureName?: unknown } } | undefined)?.status?.infrastructureName;
  if (typeof infrastructureName === 'string' && infrastructureName) return infrastructureName;
  for (const label of CLUSTER_NAME_LABELS) {
    const value = snapshot.nodes.map((n) => n.object.metadata?.labels?.[label]).find((v) => typeof v === 'string' && v !== '');
    if (value) return value;
  }
  return snapshot.bundle.name.replace(/\.(tar\.gz|tgz|tar\.xz|txz|tar)$/i, '');
}

export interface KubeconfigContext {
  name: string;
  server: string;
  namespace: string;
}

function kubeconfigText(contexts: KubeconfigContext[]): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: contexts.map((c) => ({ name: c.name, cluster: { server: c.server } })),
    users: [{ name: 'podmortem', user: {} }],
    contexts: contexts.map((c) => ({ name: c.name, context: { cluster: c.name, user: 'podmortem', namespace: c.namespace } })),
    'current-context': contexts[0]?.name ?? '',
  });
}

/** Kubeconfig names are free text, but a bundle's cluster name is untrusted: keep it printable and short. */
export function contextName(wanted: string, taken: Set<string>): string {
  const base =
    wanted
      .replace(/[^A-Za-z0-9._@:-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63) || 'snapshot';
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  taken.add(name);
  return name;
}

export interface WrittenKubeconfig {
  path: string;
  remove: () => Promise<void>;
}

export async function writeKubeconfig(contexts: KubeconfigContext[], parent: string = tmpdir()): Promise<WrittenKubeconfig> {
  const folder = await mkdtemp(join(parent, 'podmortem-serve-'));
  const path = join(folder, 'kubeconfig');
  await writeFile(path, kubeconfigText(contexts), { mode: 0o600, flag: 'wx' });
  return { path, remove: () => rm(folder, { recursive: true, force: true }) };
}
