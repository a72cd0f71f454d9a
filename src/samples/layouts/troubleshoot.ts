/**
 * Replicated troubleshoot's support-bundle layout (foreign-formats.md §troubleshoot): `support-bundle-<ts>/` root,
 * typed List files, `<kind>-errors.json`, logs only for pods troubleshoot deems unhealthy, `-previous.log`, and
 * `-logs-errors.log` where the log request failed. Files are 0600, as troubleshoot writes them.
 */
import { LOG_ERRORS_SUFFIX, POD_LOGS_DIR, podLogFile } from '../../model/layout.js';
import type { KubeObject } from '../../model/snapshot.js';
import { nameOf, type ClusterModel } from '../model.js';
import { writePlainTarGz } from '../plain-tar.js';
import type { PlainEntry } from '../plain-tar.js';
import { clusterResourceFiles, logText, sortedFiles } from './lists.js';

const json = (value: unknown) => JSON.stringify(value, null, 2);

export function troubleshootRoot(model: ClusterModel): string {
  return `support-bundle-${model.capturedAt.slice(0, 19).replace(/:/g, '_')}`;
}

/** The `version.yaml` troubleshoot writes at the root of every support bundle. */
export function troubleshootVersionFile(troubleshootVersion: string): string {
  return `apiVersion: troubleshoot.sh/v1beta2\nkind: SupportBundle\nspec:\n  versionNumber: ${troubleshootVersion}\n`;
}

/** troubleshoot's IsPodUnhealthy, simplified: not Running/Succeeded, or a container waiting or not ready. */
function unhealthy(pod: KubeObject): boolean {
  const status = pod.status as { phase?: string; containerStatuses?: Array<{ ready?: boolean; state?: { waiting?: unknown } }>; initContainerStatuses?: Array<{ state?: { waiting?: unknown } }> };
  if (status.phase !== 'Running' && status.phase !== 'Succeeded') return true;
  return [...(status.containerStatuses ?? []), ...(status.initContainerStatuses ?? [])].some(
    (s) => s.state?.waiting !== undefined || ('ready' in s && s.ready === false),
  );
}

export function troubleshootEntries(model: ClusterModel, troubleshootVersion: string): PlainEntry[] {
  const root = troubleshootRoot(model);
  const files = clusterResourceFiles(model, json);
  files.set('version.yaml', troubleshootVersionFile(troubleshootVersion));
  const unhealthyPods = new Set<string>();
  for (const pods of model.resources.get('pods')?.values() ?? []) {
    for (const pod of pods) if (unhealthy(pod)) unhealthyPods.add(`${pod.metadata?.namespace ?? ''}/${nameOf(pod)}`);
  }
  for (const log of model.logs) {
    if (!unhealthyPods.has(`${log.namespace}/${log.pod}`)) continue;
    files.set(podLogFile(log.namespace, log.pod, log.container, log.previous), logText(log.lines));
  }
  for (const error of model.logErrors) {
    if (error.previous || !unhealthyPods.has(`${error.namespace}/${error.pod}`)) continue;
    files.set(
      `${POD_LOGS_DIR}/${error.namespace}/${error.pod}/${error.container}${LOG_ERRORS_SUFFIX}`,
      `failed to get log stream: ${error.message}`,
    );
  }
  return sortedFiles(files).map(([path, content]) => ({ name: `${root}/${path}`, content, mode: 0o600 }));
}

export async function writeTroubleshootBundle(model: ClusterModel, target: string, troubleshootVersion: string): Promise<void> {
  await writePlainTarGz(target, troubleshootEntries(model, troubleshootVersion), new Date(model.capturedAt));
}
