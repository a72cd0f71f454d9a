/** podmortem's own layout (docs/bundle-format.md), written through the real bundle writer. */
import { createBundleWriter } from '../../bundle/writer.js';
import { LOG_ERRORS_SUFFIX, POD_LOGS_DIR, podLogFile } from '../../model/layout.js';
import { MANIFEST_FORMAT_VERSION } from '../../model/manifest.js';
import type { PodmortemManifest } from '../../model/manifest.js';
import type { KubeObject } from '../../model/snapshot.js';
import { VERSION } from '../../version.js';
import { manifestErrors, nameOf } from '../model.js';
import type { ClusterModel } from '../model.js';
import { STANDARD_NAMESPACED, clusterResourceFiles, logText, namespacedPath, sortedFiles } from './lists.js';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function podmortemFiles(model: ClusterModel): Map<string, string> {
  const files = clusterResourceFiles(model, json);
  for (const log of model.logs) files.set(podLogFile(log.namespace, log.pod, log.container, log.previous), logText(log.lines));
  for (const error of model.logErrors) {
    if (error.previous) continue;
    files.set(
      `${POD_LOGS_DIR}/${error.namespace}/${error.pod}/${error.container}${LOG_ERRORS_SUFFIX}`,
      `Error from server (BadRequest): ${error.message}\n`,
    );
  }
  return files;
}

export function podmortemManifest(model: ClusterModel): PodmortemManifest {
  const collected = new Set<string>(['nodes', 'namespaces', ...STANDARD_NAMESPACED]);
  for (const error of model.resourceErrors) collected.add(error.resource);
  collected.add('logs');
  collected.add('previous-logs');
  return {
    formatVersion: MANIFEST_FORMAT_VERSION,
    capturedAt: model.capturedAt,
    kubeContext: model.context,
    clusterName: model.name,
    collector: { name: 'podmortem', version: VERSION },
    kubectlVersion: model.version.gitVersion?.replace(/[-+].*$/, ''),
    serverVersion: model.version.gitVersion,
    namespaces: model.namespaces.map(nameOf),
    collected: [...collected].sort(),
    logPolicy: { headLines: 200, tailLines: 800, maxBytes: 5_000_000, cut: [] },
    redaction: {
      enabled: true,
      files: [...(model.resources.get('configmaps') ?? new Map<string, KubeObject[]>())]
        .filter(([, items]) => items.length > 0)
        .map(([ns, items]) => ({
          file: namespacedPath('configmaps', ns),
          rule: 'configmap-values',
          count: items.reduce((sum, cm) => sum + Object.keys(cm.data ?? {}).length, 0),
        })),
    },
    errors: manifestErrors(model),
  };
}

export function podmortemRoot(model: ClusterModel): string {
  return `podmortem-${model.name}-${model.capturedAt.replace(/:/g, '_').replace(/Z$/, '')}`;
}

/** `extraFiles`: files beyond the standard lists (the corpus adds the claims and Secrets a case holds). */
export async function writePodmortemBundle(model: ClusterModel, target: string, extraFiles: ReadonlyMap<string, string> = new Map()): Promise<void> {
  const files = podmortemFiles(model);
  for (const [path, content] of extraFiles) files.set(path, content);
  const writer = await createBundleWriter(target, {
    rootName: podmortemRoot(model),
    overwrite: true,
    mtime: new Date(model.capturedAt),
  });
  try {
    for (const [path, content] of sortedFiles(files)) await writer.addFile(path, content);
    await writer.finish(podmortemManifest(model));
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
