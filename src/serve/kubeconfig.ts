/**
 * The kubeconfig `serve` writes: its own file in a private temporary folder (never the user's ~/.kube/config),
 * one context per served cluster, plain http on loopback with an empty user (kubectl sends no credentials).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

export interface KubeconfigContext {
  name: string;
  server: string;
  namespace: string;
}

export function kubeconfigText(contexts: KubeconfigContext[]): string {
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
  remove(): Promise<void>;
}

export async function writeKubeconfig(contexts: KubeconfigContext[], parent: string = tmpdir()): Promise<WrittenKubeconfig> {
  const folder = await mkdtemp(join(parent, 'podmortem-serve-'));
  const path = join(folder, 'kubeconfig');
  await writeFile(path, kubeconfigText(contexts), { mode: 0o600, flag: 'wx' });
  return { path, remove: () => rm(folder, { recursive: true, force: true }) };
}
