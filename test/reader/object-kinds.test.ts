/**
 * `analyze` parses only the kinds the analysis reads (ReadOptions.objects = 'analysis'); `serve` and the library
 * default read every kind. Real bundles written and read back: a must-gather .tar.xz and a seekable podmortem bundle.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundleWriter } from '../../src/bundle/writer.js';
import type { PodmortemManifest } from '../../src/model/manifest.js';
import { analyzeBundles } from '../../src/pipeline.js';
import { readSnapshot } from '../../src/reader/index.js';
import { SERVE_READ_OPTIONS } from '../../src/serve/load.js';
import { entriesOf, pod, podList, tempDir, writeTarball } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(async () => cleanup());

const NS = 'shop';
const yamlPod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${NS}\nspec:\n  containers:\n  - name: app\n    image: shop/app:1\n`;

/** Archive order as `oc adm must-gather` writes it: the namespace's lists before its per-pod folders. */
function mustGatherFiles(): Record<string, string> {
  const root = 'image';
  return {
    [`${root}/timestamp`]: '2021-08-03 10:12:00.016988581 +0000 UTC m=+0.380233555\n',
    [`${root}/cluster-scoped-resources/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com.yaml`]:
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n',
    [`${root}/namespaces/${NS}/core/pods.yaml`]: `apiVersion: v1\nitems:\n- ${yamlPod('listed').trimEnd().replace(/\n/g, '\n  ')}\nkind: PodList\n`,
    [`${root}/namespaces/${NS}/core/configmaps.yaml`]: [
      'apiVersion: v1',
      'items:',
      '- apiVersion: v1',
      '  data:',
      '    app.yaml: |',
      '      port: 8080',
      '    mode: fast',
      '  kind: ConfigMap',
      '  metadata:',
      '    name: app-config',
      `    namespace: ${NS}`,
      'kind: ConfigMapList',
      '',
    ].join('\n'),
    [`${root}/namespaces/${NS}/example.com/widgets.yaml`]: `apiVersion: v1\nitems:\n- apiVersion: example.com/v1\n  kind: Widget\n  metadata:\n    name: w\n    namespace: ${NS}\nkind: List\n`,
    [`${root}/namespaces/${NS}/networking.k8s.io/ingresses.yaml`]: `apiVersion: v1\nitems:\n- kind: Ingress\n  metadata:\n    name: web\n    namespace: ${NS}\nkind: IngressList\n`,
    // The listed pod's own file is never parsed once the list has it (here it would not even parse).
    [`${root}/namespaces/${NS}/pods/listed/listed.yaml`]: 'kind: [unclosed\n',
    [`${root}/namespaces/${NS}/pods/only-here/only-here.yaml`]: yamlPod('only-here'),
  };
}

const MANIFEST: PodmortemManifest = {
  formatVersion: 1,
  capturedAt: '2024-05-01T10:30:00.000Z',
  collector: { name: 'podmortem', version: '0.1.0' },
  namespaces: [NS],
  collected: ['pods', 'ingresses'],
  logPolicy: { headLines: 200, tailLines: 300, maxBytes: 5_000_000, cut: [] },
  redaction: { enabled: true, files: [] },
  errors: [],
};

describe('object kinds read', () => {
  let path: string;
  beforeAll(async () => {
    path = join(dir, 'must-gather.tar.xz');
    await writeTarball(path, entriesOf(mustGatherFiles(), 'must-gather.local.1'), 'xz');
  });

  it('reads every kind and every value by default and for serve', async () => {
    for (const snapshot of [await readSnapshot(path), await readSnapshot(path, SERVE_READ_OPTIONS)]) {
      expect(snapshot.bundle.format).toBe('must-gather');
      expect(snapshot.resources.customresourcedefinitions?.map((r) => r.object.metadata?.name)).toEqual(['widgets.example.com']);
      expect(snapshot.resources['widgets.example.com']).toHaveLength(1);
      expect(snapshot.resources.ingresses).toHaveLength(1);
      expect(snapshot.resources.configmaps?.[0]?.object['data']).toEqual({ 'app.yaml': 'port: 8080\n', mode: 'fast' });
      expect(snapshot.pods.map((p) => p.name)).toEqual(['listed', 'only-here']);
      expect(snapshot.diagnostics).toEqual([]);
    }
  });

  it('analyze parses only the kinds the analysis reads, and of ConfigMaps only names and keys', async () => {
    const { snapshots, unreadable } = await analyzeBundles([path]);
    expect(unreadable).toEqual([]);
    const [snapshot] = snapshots;
    expect(snapshot?.bundle.format).toBe('must-gather');
    expect(Object.keys(snapshot?.resources ?? {}).sort()).toEqual(['configmaps', 'pods']);
    const configMap = snapshot?.resources.configmaps?.[0]?.object;
    expect(configMap?.metadata?.name).toBe('app-config');
    expect(configMap?.['data']).toEqual({ 'app.yaml': '', mode: 'fast' });
    expect(snapshot?.pods.map((p) => p.name)).toEqual(['listed', 'only-here']);
    expect(snapshot?.diagnostics).toEqual([]);
  });

  it('skips the bytes of serve-only kinds in a seekable podmortem bundle, and reads them for serve', async () => {
    const seekable = join(dir, 'seekable.tar.gz');
    const writer = await createBundleWriter(seekable, { rootName: 'podmortem-shop', mtime: new Date('2024-05-01T10:30:00Z') });
    await writer.addFile(`cluster-resources/pods/${NS}.json`, podList([pod(NS, 'api', [{ name: 'app', restartCount: 0 }])]));
    await writer.addFile(`cluster-resources/ingress/${NS}.json`, JSON.stringify({ kind: 'IngressList', items: [{ kind: 'Ingress', metadata: { name: 'web', namespace: NS } }] }));
    await writer.finish(MANIFEST);
    expect((await readSnapshot(seekable, SERVE_READ_OPTIONS)).resources.ingresses).toHaveLength(1);
    const analysed = await readSnapshot(seekable, { objects: 'analysis' });
    expect(analysed.bundle.format).toBe('podmortem');
    expect(analysed.resources.ingresses).toBeUndefined();
    expect(analysed.pods.map((p) => p.name)).toEqual(['api']);
  });
});
