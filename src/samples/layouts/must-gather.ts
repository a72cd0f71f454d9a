/**
 * OpenShift `oc adm must-gather` output, tarred (foreign-formats.md §must-gather):
 * `must-gather.local.<n>/<image-sha-dir>/` with `namespaces/<ns>/core/pods.yaml`, `core/events.yaml`, per-pod YAML,
 * `pods/<pod>/<c>/<c>/logs/{current,previous}.log` (every line prefixed by its RFC 3339 time, as `oc adm inspect`
 * fetches logs with timestamps), `cluster-scoped-resources/core/nodes/<node>.yaml`, the ClusterVersion, and the
 * `timestamp` and `version` files. YAML has sorted keys and a leading `---`, as `oc` writes it.
 */
import { Document, Scalar, visit } from 'yaml';
import type { KubeObject, ResourceName } from '../../model/snapshot.js';
import { nameOf, type ClusterModel, type LogFile } from '../model.js';
import { withDirectories, writePlainTarGz } from '../plain-tar.js';
import type { PlainEntry } from '../plain-tar.js';
import { hashHex } from '../ids.js';
import { listOf, listResourceVersion, sortedFiles } from './lists.js';

/** `oc` output: sorted keys, sequences not indented, and timestamps quoted (Go's YAML would read them as times). */
function yaml(value: unknown): string {
  const doc = new Document(value, { sortMapEntries: true });
  visit(doc, {
    Scalar(_key, node: Scalar) {
      if (typeof node.value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return `---\n${doc.toString({ indentSeq: false, lineWidth: 0 })}`;
}

const GROUP_FILES: Array<[string, ResourceName]> = [
  ['core/pods', 'pods'],
  ['core/events', 'events'],
  ['core/services', 'services'],
  ['core/endpoints', 'endpoints'],
  ['core/configmaps', 'configmaps'],
  ['apps/deployments', 'deployments'],
  ['apps/replicasets', 'replicasets'],
  ['apps/statefulsets', 'statefulsets'],
];

/** Go's time.Time String() form, as the `timestamp` file holds it. */
function goTime(iso: string, monotonic: string): string {
  return `${iso.replace('T', ' ').replace('Z', '')}.000000000 +0000 UTC m=+${monotonic}`;
}

/** RFC 3339 with nanoseconds, spread evenly over the log's span: deterministic and increasing. */
function timestamped(log: LogFile): string {
  const from = Date.parse(log.from);
  const to = Math.max(Date.parse(log.to), from + 1);
  const step = log.lines.length > 1 ? (to - from) / (log.lines.length - 1) : 0;
  return log.lines
    .map((line, i) => {
      const ms = Math.floor(from + step * i);
      const nanos = String((i * 7_919_017) % 1_000_000).padStart(6, '0');
      return `${new Date(ms).toISOString().replace('Z', '')}${nanos}Z ${line}\n`;
    })
    .join('');
}

export interface MustGatherOptions {
  localSuffix: string;
  openshiftVersion: string;
  releaseImage: string;
}

export function mustGatherEntries(model: ClusterModel, options: MustGatherOptions): PlainEntry[] {
  const root = `must-gather.local.${options.localSuffix}`;
  const imageDir = `quay-io-openshift-release-dev-ocp-v4-0-art-dev-sha256-${hashHex('must-gather', options.openshiftVersion)}`;
  const rv = listResourceVersion(model.capturedAt);
  const files = new Map<string, string>();
  const started = model.capturedAt;
  const finished = new Date(Date.parse(model.capturedAt) + 97_000).toISOString().replace('.000Z', 'Z');
  files.set('timestamp', `${goTime(started, '0.401227113')}\n${goTime(finished, '97.612004417')}\n`);
  files.set(`${imageDir}/timestamp`, `${goTime(started, '0.662105881')}\n${goTime(finished, '96.880154903')}\n`);
  files.set(`${imageDir}/version`, `openshift/must-gather\n${options.openshiftVersion}\n`);
  for (const node of model.nodes) {
    files.set(`${imageDir}/cluster-scoped-resources/core/nodes/${nameOf(node)}.yaml`, yaml(node));
  }
  files.set(
    `${imageDir}/cluster-scoped-resources/config.openshift.io/clusterversions/version.yaml`,
    yaml(clusterVersion(model, options)),
  );
  for (const nsObject of model.namespaces) {
    const ns = nameOf(nsObject);
    const dir = `${imageDir}/namespaces/${ns}`;
    files.set(`${dir}/${ns}.yaml`, yaml(nsObject));
    for (const [file, resource] of GROUP_FILES) {
      const items = model.resources.get(resource)?.get(ns);
      if (items === undefined) continue;
      files.set(`${dir}/${file}.yaml`, yaml(listOf(resource, items, rv)));
    }
    for (const pod of model.resources.get('pods')?.get(ns) ?? []) {
      const name = nameOf(pod);
      files.set(`${dir}/pods/${name}/${name}.yaml`, yaml(pod));
      for (const log of model.logs.filter((l) => l.namespace === ns && l.pod === name)) {
        const file = log.previous ? 'previous.log' : 'current.log';
        files.set(`${dir}/pods/${name}/${log.container}/${log.container}/logs/${file}`, timestamped(log));
      }
    }
  }
  return withDirectories(sortedFiles(files).map(([path, content]) => ({ name: `${root}/${path}`, content })));
}

function clusterVersion(model: ClusterModel, options: MustGatherOptions): KubeObject {
  const installed = new Date(Date.parse(model.capturedAt) - 41 * 86_400_000).toISOString().replace('.000Z', 'Z');
  return {
    apiVersion: 'config.openshift.io/v1',
    kind: 'ClusterVersion',
    metadata: { creationTimestamp: installed, generation: 2, name: 'version', resourceVersion: '38211', uid: hashHex('cv', model.name).slice(0, 8) + '-16e8-4718-ade6-5d7c6f05e120' },
    spec: { channel: 'stable-4.16', clusterID: hashHex('cluster', model.name).slice(0, 8) + '-3c1d-4b2a-9f7e-2d41c0a9b6e1' },
    status: {
      availableUpdates: null,
      conditions: [
        { lastTransitionTime: installed, message: `Done applying ${options.openshiftVersion}`, status: 'True', type: 'Available' },
        { lastTransitionTime: installed, status: 'False', type: 'Failing' },
        { lastTransitionTime: installed, message: `Cluster version is ${options.openshiftVersion}`, status: 'False', type: 'Progressing' },
      ],
      desired: { image: options.releaseImage, version: options.openshiftVersion },
      history: [{ completionTime: installed, image: options.releaseImage, startedTime: installed, state: 'Completed', verified: false, version: options.openshiftVersion }],
      observedGeneration: 2,
      versionHash: 'kK2JfNdPhQ0=',
    },
  };
}

export async function writeMustGather(model: ClusterModel, target: string, options: MustGatherOptions): Promise<void> {
  await writePlainTarGz(target, mustGatherEntries(model, options), new Date(model.capturedAt));
}
