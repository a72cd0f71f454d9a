/**
 * Writes a corpus case as a real bundle in the case's layout, with the sample generator's layout writers, so the
 * corpus goes through the same reader as a user's bundle.
 */
import { namespacedFile } from '../model/layout.js';
import { clusterInfoDumpEntries } from '../samples/layouts/cluster-info-dump.js';
import { STANDARD_NAMESPACED, listOf, listResourceVersion } from '../samples/layouts/lists.js';
import { mustGatherEntries } from '../samples/layouts/must-gather.js';
import { writePodmortemBundle } from '../samples/layouts/podmortem.js';
import { troubleshootEntries, troubleshootRoot } from '../samples/layouts/troubleshoot.js';
import { nameOf, type ClusterModel } from '../samples/model.js';
import { plainTarGz, writePlainTarGz } from '../samples/plain-tar.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { CaseLayout } from './case.js';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The layouts' shared writer lists only the kinds every bundle has; a case may also hold Secrets and PVCs, which the
 * troubleshoot and podmortem layouts keep in their own files.
 */
function extraResourceFiles(model: ClusterModel): Map<string, string> {
  const files = new Map<string, string>();
  const rv = listResourceVersion(model.capturedAt);
  // troubleshoot lists claims of every namespace (pvcs/<ns>.json), empty or not.
  const claims = new Map(model.resources.get('persistentvolumeclaims') ?? []);
  for (const ns of model.namespaces.map(nameOf)) if (!claims.has(ns)) claims.set(ns, []);
  for (const [resource, byNamespace] of [...model.resources.entries(), ['persistentvolumeclaims', claims] as const]) {
    if (STANDARD_NAMESPACED.includes(resource)) continue;
    for (const [ns, items] of byNamespace) {
      const file = namespacedFile(resource, ns);
      if (file) files.set(file, json(listOf(resource, items, rv)));
    }
  }
  return files;
}

export async function writeCaseBundle(model: ClusterModel, layout: CaseLayout, target: string): Promise<void> {
  const mtime = new Date(model.capturedAt);
  switch (layout) {
    case 'troubleshoot': {
      const root = troubleshootRoot(model);
      const entries = troubleshootEntries(model, 'v0.107.1');
      for (const [path, content] of extraResourceFiles(model)) entries.push({ name: `${root}/${path}`, content, mode: 0o600 });
      await writePlainTarGz(target, entries, mtime);
      return;
    }
    case 'podmortem':
      await writePodmortemBundle(model, target, extraResourceFiles(model));
      return;
    case 'cluster-info-dump':
      await writeFileAtomic(target, plainTarGz(clusterInfoDumpEntries(model), mtime), { overwrite: true });
      return;
    case 'must-gather':
      await writePlainTarGz(
        target,
        mustGatherEntries(model, {
          localSuffix: '7305318849031204117',
          openshiftVersion: '4.16.21',
          releaseImage: 'quay.io/openshift-release-dev/ocp-release@sha256:f4b5c1e8f9f8f6b6b0ad04b5b7c6a2a2d1e3f0f9c7e8a1b2c3d4e5f60718293a',
        }),
        mtime,
      );
      return;
  }
}
