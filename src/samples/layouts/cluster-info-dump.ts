/**
 * `kubectl cluster-info dump --output-directory cluster-dump`, then `tar czf` of the folder (foreign-formats.md §5):
 * nodes.json, per namespace the seven list files, and `<ns>/<pod>/logs.txt` with every container's *current* log
 * between kubectl's START/END marker lines (no previous logs: cluster-info dump never asks for them). JSON is
 * kubectl's 4-space indent, and list items carry no kind/apiVersion (typed clientset lists).
 */
import type { ResourceName } from '../../model/snapshot.js';
import { nameOf, type ClusterModel } from '../model.js';
import { withDirectories, writePlainTarGz } from '../plain-tar.js';
import type { PlainEntry } from '../plain-tar.js';
import { listOf, listResourceVersion, sortedFiles } from './lists.js';

const json = (value: unknown) => `${JSON.stringify(value, null, 4)}\n`;

const NAMESPACE_FILES: Array<[string, ResourceName]> = [
  ['events', 'events'],
  ['replication-controllers', 'replicationcontrollers'],
  ['services', 'services'],
  ['daemonsets', 'daemonsets'],
  ['deployments', 'deployments'],
  ['replicasets', 'replicasets'],
  ['pods', 'pods'],
];

export function clusterInfoDumpEntries(model: ClusterModel, root = 'cluster-dump'): PlainEntry[] {
  const rv = listResourceVersion(model.capturedAt);
  const files = new Map<string, string>();
  files.set('nodes.json', json(listOf('nodes', model.nodes, rv, false)));
  for (const ns of model.namespaces.map(nameOf)) {
    for (const [file, resource] of NAMESPACE_FILES) {
      files.set(`${ns}/${file}.json`, json(listOf(resource, model.resources.get(resource)?.get(ns) ?? [], rv, false)));
    }
    for (const pod of model.resources.get('pods')?.get(ns) ?? []) {
      const name = nameOf(pod);
      const spec = pod.spec as { initContainers?: Array<{ name: string }>; containers: Array<{ name: string }> };
      let text = '';
      for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
        text += `==== START logs for container ${c.name} of pod ${ns}/${name} ====\n`;
        const log = model.logs.find((l) => l.namespace === ns && l.pod === name && l.container === c.name && !l.previous);
        const error = model.logErrors.find((e) => e.namespace === ns && e.pod === name && e.container === c.name && !e.previous);
        if (log) text += log.lines.map((line) => `${line}\n`).join('');
        else if (error) text += `Request log error: ${error.message}\n`;
        text += `==== END logs for container ${c.name} of pod ${ns}/${name} ====\n`;
      }
      files.set(`${ns}/${name}/logs.txt`, text);
    }
  }
  return withDirectories(sortedFiles(files).map(([path, content]) => ({ name: `${root}/${path}`, content })));
}

export async function writeClusterInfoDump(model: ClusterModel, target: string): Promise<void> {
  await writePlainTarGz(target, clusterInfoDumpEntries(model), new Date(model.capturedAt));
}
