/**
 * `podmortem serve`: one read-only Kubernetes API per snapshot, each on its own loopback port (so every cluster
 * has its own /version, which picks the kubectl minor on dispatcher installs, and its own discovery cache), and one
 * kubeconfig with a context per cluster.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Snapshot } from '../model/snapshot.js';
import type { AgeReference, ServedCluster } from './api.js';
import { ResourceCatalog } from './catalog.js';
import { clusterName, contextName, writeKubeconfig, type KubeconfigContext } from './kubeconfig.js';
import { LogFiles, type FileOpener, type LogFilesOptions } from './log-files.js';
import { indexContainerLogs } from './logs.js';
import { createClusterServer, DEFAULT_LIMITS, type ServerLimits, type ServerLog } from './server.js';
import { maskStore, type MaskReport } from './mask.js';
import { ObjectStore } from './store.js';
import { servedVersion, versionInfo } from './version.js';

export type { AgeReference } from './api.js';

export interface ServedBundle {
  snapshot: Snapshot;
  /** Where logs are read from on demand (the reader's BundleSource). */
  files: FileOpener;
  /** Released when the server stops. */
  close?: () => Promise<void>;
}

export interface ServeOptions {
  address?: string;
  /** First port; bundle i listens on port + i. 0 (the default) picks free ports. */
  port?: number;
  ageReference?: AgeReference;
  limits?: Partial<ServerLimits>;
  logFiles?: LogFilesOptions;
  /** Folder for the kubeconfig's private temporary folder (default: the OS temp dir). */
  kubeconfigParent?: string;
  log?: ServerLog;
  /** Serve Secret values and credentials as collected instead of masked (mask.ts). */
  showSecrets?: boolean;
}

interface ServedContext {
  name: string;
  url: string;
  bundle: string;
  version: string;
  /** Where the version came from when the bundle did not record it (kubelets, image tags). */
  versionInferredFrom?: string;
  cluster: ServedCluster;
  /** What was masked; undefined with `showSecrets`. */
  masked?: MaskReport;
}

export interface ServeHandle {
  kubeconfigPath: string;
  contexts: ServedContext[];
  /** Stops every server, closes the bundles and removes the kubeconfig. Safe to call twice. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopback(address: string): boolean {
  return LOOPBACK.has(address) || address.startsWith('127.');
}

/** The namespace a context opens in: the one namespace collected, else `default`. */
function contextNamespace(snapshot: Snapshot): string {
  const collected = snapshot.manifest?.namespaces ?? [];
  return collected.length === 1 && collected[0] !== '*' && collected[0] ? collected[0] : 'default';
}

function prepareCluster(bundle: ServedBundle, name: string, options: ServeOptions = {}): ServedCluster {
  const catalog = new ResourceCatalog(bundle.snapshot);
  return {
    name,
    snapshot: bundle.snapshot,
    catalog,
    version: versionInfo(servedVersion(bundle.snapshot).info),
    store: new ObjectStore(bundle.snapshot, catalog),
    logs: indexContainerLogs(bundle.snapshot),
    files: new LogFiles(bundle.files, options.logFiles),
    ageReference: options.ageReference ?? 'capture',
  };
}

export async function startServe(bundles: ServedBundle[], options: ServeOptions = {}): Promise<ServeHandle> {
  const address = options.address ?? '127.0.0.1';
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const servers: Server[] = [];
  const contexts: ServedContext[] = [];
  const taken = new Set<string>();
  let removeKubeconfig: (() => Promise<void>) | undefined;
  let closed = false;

  const close = async () => {
    if (closed) return;
    closed = true;
    await Promise.all(
      servers.map(async (server) => {
        const done = once(server, 'close').catch(() => undefined);
        server.close();
        server.closeAllConnections();
        await done;
      }),
    );
    await Promise.all(bundles.flatMap((b) => (b.close ? [b.close().catch(() => undefined)] : [])));
    await removeKubeconfig?.();
  };

  try {
    for (const [i, bundle] of bundles.entries()) {
      const name = contextName(clusterName(bundle.snapshot), taken);
      const cluster = prepareCluster(bundle, name, options);
      const masked = options.showSecrets ? undefined : await maskStore(cluster.store);
      const server = createClusterServer(cluster, limits, options.log);
      servers.push(server);
      server.listen(options.port ? options.port + i : 0, address);
      await Promise.race([
        once(server, 'listening'),
        once(server, 'error').then(([error]: unknown[]) => {
          throw error;
        }),
      ]);
      const { port } = server.address() as AddressInfo;
      const host = address.includes(':') ? `[${address}]` : address;
      contexts.push({
        name,
        url: `http://${host}:${port}`,
        bundle: bundle.snapshot.bundle.path,
        version: cluster.version.gitVersion,
        versionInferredFrom: servedVersion(bundle.snapshot).inferredFrom,
        cluster,
        masked,
      });
    }
    const kubeconfigContexts: KubeconfigContext[] = contexts.map((c) => ({
      name: c.name,
      server: c.url,
      namespace: contextNamespace(c.cluster.snapshot),
    }));
    const written = await writeKubeconfig(kubeconfigContexts, options.kubeconfigParent);
    removeKubeconfig = written.remove;
    return { kubeconfigPath: written.path, contexts, close };
  } catch (error) {
    await close();
    throw error;
  }
}
