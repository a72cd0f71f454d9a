/**
 * Two small bundles written as real files in the layouts podmortem reads, holding every kind serve answers for beyond
 * the workloads: a troubleshoot folder (with a Secret, credentials in env and a ConfigMap, a CRD with printer columns
 * and its custom resource, and an app log whose lines begin with the app's own ISO-8601 time, Spring Boot style),
 * and an OpenShift must-gather folder (runtime-timestamped logs, `<group>/<plural>` files, an Infrastructure name).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll } from 'vitest';
import { startServe, type ServeHandle, type ServeOptions } from '../../src/serve/index.js';
import { loadBundle } from '../../src/serve/load.js';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const CAPTURED = '2024-06-01T12:00:00Z';
const created = '2024-05-01T12:00:00Z';

export const SECRET_VALUE = 'c3VwZXItc2VjcmV0LXZhbHVl'; // base64 of super-secret-value
export const ENV_PASSWORD = 'Pa55w0rd-from-env-9f8e7d';
export const CONFIGMAP_TOKEN = 'tok-7f3a9c2e1b5d4a6f8e0c';

/** Spring Boot's default console pattern: the app's own ISO-8601 time starts every line. */
export const SPRING_LOG_LINES = [
  '2024-06-01T11:58:01.123+02:00  INFO 1 --- [           main] c.e.shop.ShopApplication                 : Starting ShopApplication v1.4.2 using Java 21.0.3',
  '2024-06-01T11:58:03.456+02:00 ERROR 1 --- [           main] o.s.boot.SpringApplication               : Application run failed',
  '2024-06-01T11:58:03.457Z plain line with a UTC time',
] as const;
export const SPRING_LOG = SPRING_LOG_LINES.join('\n') + '\n';

const meta = (name: string, namespace?: string, extra: Record<string, unknown> = {}) => ({
  name,
  ...(namespace ? { namespace } : {}),
  uid: `uid-${namespace ?? 'cluster'}-${name}`,
  creationTimestamp: created,
  ...extra,
});

const list = (kind: string, items: unknown[]) => JSON.stringify({ kind: `${kind}List`, apiVersion: 'v1', items }, null, 2);

const node = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: meta(name, undefined, { labels: { 'kubernetes.io/hostname': name } }),
  status: {
    conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: CAPTURED, lastTransitionTime: created }],
    nodeInfo: { kubeletVersion: 'v1.30.4', containerRuntimeVersion: 'containerd://1.7.22', osImage: 'Ubuntu', kernelVersion: '6.1', architecture: 'amd64', operatingSystem: 'linux' },
  },
});

const apiPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: meta('api-1', 'shop', { labels: { app: 'api' } }),
  spec: {
    nodeName: 'node-1',
    containers: [{ name: 'api', image: 'shop/api:1.4.2', env: [{ name: 'DB_PASSWORD', value: ENV_PASSWORD }, { name: 'LOG_LEVEL', value: 'info' }] }],
  },
  status: {
    phase: 'Running',
    podIP: '10.0.0.7',
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [{ name: 'api', ready: true, restartCount: 0, containerID: 'containerd://abc', state: { running: { startedAt: created } }, lastState: {} }],
  },
};

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: meta('widgets.example.com'),
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wdg'], categories: ['all'] },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        additionalPrinterColumns: [
          { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
          { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
          { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
      },
    ],
  },
};

const widget = {
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: meta('blue', 'shop'),
  spec: { size: 3 },
  status: { phase: 'Degraded', conditions: [{ type: 'Synced', status: 'True' }, { type: 'Ready', status: 'False' }] },
};

/** troubleshoot's file names (pkg/constants) for what it collects; podmortem's own for HPAs, PDBs and webhooks. */
function troubleshootFiles(): Record<string, string> {
  const rbacRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' };
  return {
    'cluster-info/cluster_version.json': JSON.stringify({ info: { major: '1', minor: '30', gitVersion: 'v1.30.4' }, string: 'v1.30.4' }),
    'cluster-resources/namespaces.json': list('Namespace', [{ metadata: meta('shop'), status: { phase: 'Active' } }]),
    'cluster-resources/nodes.json': list('Node', [node('node-1')]),
    'cluster-resources/pods/shop.json': list('Pod', [apiPod]),
    'cluster-resources/pods/logs/shop/api-1/api.log': SPRING_LOG,
    'cluster-resources/services/shop.json': list('Service', [
      { metadata: meta('api', 'shop'), spec: { type: 'ClusterIP', clusterIP: '10.96.0.10', selector: { app: 'api' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] } },
    ]),
    'cluster-resources/endpoints/shop.json': list('Endpoints', [
      {
        metadata: meta('api', 'shop'),
        subsets: [{ addresses: [{ ip: '10.0.0.7', nodeName: 'node-1', targetRef: { kind: 'Pod', name: 'api-1', namespace: 'shop' } }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }],
      },
    ]),
    'cluster-resources/secrets/shop.json': list('Secret', [{ metadata: meta('db-credentials', 'shop'), type: 'Opaque', data: { password: SECRET_VALUE } }]),
    'cluster-resources/configmaps/shop.json': list('ConfigMap', [{ metadata: meta('api-config', 'shop'), data: { API_TOKEN: CONFIGMAP_TOKEN, LOG_LEVEL: 'debug' } }]),
    'cluster-resources/pvcs/shop.json': list('PersistentVolumeClaim', [
      { metadata: meta('data-db-0', 'shop'), spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '5Gi' } } }, status: { phase: 'Pending' } },
    ]),
    'cluster-resources/pvs.json': list('PersistentVolume', [
      {
        metadata: meta('pv-logs'),
        spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteMany'], persistentVolumeReclaimPolicy: 'Retain', storageClassName: 'nfs', claimRef: { namespace: 'shop', name: 'logs' } },
        status: { phase: 'Bound' },
      },
    ]),
    'cluster-resources/storage-classes.json': list('StorageClass', [
      { metadata: meta('fast', undefined, { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }), provisioner: 'ebs.csi.aws.com', volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true },
    ]),
    'cluster-resources/ingress/shop.json': list('Ingress', [
      { metadata: meta('shop-web', 'shop'), spec: { ingressClassName: 'nginx', rules: [{ host: 'shop.example.com' }], tls: [{ hosts: ['shop.example.com'] }] }, status: { loadBalancer: { ingress: [{ ip: '203.0.113.9' }] } } },
    ]),
    'cluster-resources/ingress-classes.json': list('IngressClass', [{ metadata: meta('nginx'), spec: { controller: 'k8s.io/ingress-nginx' } }]),
    'cluster-resources/network-policy/shop.json': list('NetworkPolicy', [{ metadata: meta('deny-all', 'shop'), spec: { podSelector: {}, policyTypes: ['Ingress'] } }]),
    'cluster-resources/serviceaccounts/shop.json': list('ServiceAccount', [{ metadata: meta('api', 'shop') }]),
    'cluster-resources/roles/shop.json': list('Role', [{ metadata: meta('reader', 'shop'), rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] }]),
    'cluster-resources/rolebindings/shop.json': list('RoleBinding', [
      { metadata: meta('api-reader', 'shop'), roleRef: rbacRef, subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: 'shop' }] },
    ]),
    'cluster-resources/clusterroles.json': list('ClusterRole', [{ metadata: meta('view-all'), rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get'] }] }]),
    'cluster-resources/clusterrolebindings.json': list('ClusterRoleBinding', [
      { metadata: meta('view-all-binding'), roleRef: { ...rbacRef, kind: 'ClusterRole', name: 'view-all' }, subjects: [{ kind: 'Group', name: 'support' }] },
    ]),
    'cluster-resources/horizontal-pod-autoscalers/shop.json': list('HorizontalPodAutoscaler', [
      {
        metadata: meta('api', 'shop'),
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'api' }, minReplicas: 2, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] },
        status: { currentReplicas: 2, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 35 } } }] },
      },
    ]),
    'cluster-resources/pod-disruption-budgets/shop.json': list('PodDisruptionBudget', [
      { metadata: meta('api', 'shop'), spec: { minAvailable: 1, selector: { matchLabels: { app: 'api' } } }, status: { disruptionsAllowed: 0 } },
    ]),
    'cluster-resources/priorityclasses.json': list('PriorityClass', [
      // The apiserver always defaults preemptionPolicy, and kubectl's describer dereferences it.
      { metadata: meta('shop-critical'), value: 100000, globalDefault: false, description: 'shop', preemptionPolicy: 'PreemptLowerPriority' },
    ]),
    'cluster-resources/validatingwebhookconfigurations.json': list('ValidatingWebhookConfiguration', [{ metadata: meta('policy-check'), webhooks: [{ name: 'check.example.com' }] }]),
    'cluster-resources/mutatingwebhookconfigurations.json': list('MutatingWebhookConfiguration', [{ metadata: meta('sidecar-injector'), webhooks: [{ name: 'inject.example.com' }] }]),
    'cluster-resources/leases/shop.json': list('Lease', [{ metadata: meta('api-leader', 'shop'), spec: { holderIdentity: 'api-1' } }]),
    'cluster-resources/custom-resource-definitions.json': list('CustomResourceDefinition', [crd]),
    'cluster-resources/custom-resources/widgets.example.com/shop.json': list('Widget', [widget]),
    'cluster-resources/custom-resources/widgets.example.com/shop.yaml': JSON.stringify([widget]),
  };
}

/** `oc adm must-gather` layout: `<group>/<plural>.yaml` per namespace, one file per cluster-scoped object. */
function mustGatherFiles(): Record<string, string> {
  const root = 'must-gather.local.42/quay-io-openshift-must-gather-sha256-abc';
  const yaml = (kind: string, items: unknown[]) => list(kind, items); // JSON is YAML
  const pod = { ...apiPod, metadata: meta('web-1', 'store', { labels: { app: 'web' } }), spec: { nodeName: 'worker-1', containers: [{ name: 'web', image: 'store/web:2' }] } };
  return {
    'must-gather.local.42/timestamp': '2024-06-01 12:00:00.000000000 +0000 UTC m=+0.1\n',
    [`${root}/version`]: 'openshift/must-gather\n4.16.0\n',
    [`${root}/cluster-scoped-resources/core/nodes/worker-1.yaml`]: JSON.stringify(node('worker-1')),
    [`${root}/cluster-scoped-resources/config.openshift.io/infrastructures/cluster.yaml`]: JSON.stringify({
      apiVersion: 'config.openshift.io/v1',
      kind: 'Infrastructure',
      metadata: meta('cluster'),
      status: { infrastructureName: 'store-prod-x7k2p' },
    }),
    [`${root}/cluster-scoped-resources/storage.k8s.io/storageclasses/gp3-csi.yaml`]: JSON.stringify({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: meta('gp3-csi'),
      provisioner: 'ebs.csi.aws.com',
    }),
    [`${root}/cluster-scoped-resources/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com.yaml`]: JSON.stringify(crd),
    [`${root}/namespaces/store/store.yaml`]: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: meta('store'), status: { phase: 'Active' } }),
    [`${root}/namespaces/store/core/pods.yaml`]: yaml('Pod', [pod]),
    [`${root}/namespaces/store/core/persistentvolumeclaims.yaml`]: yaml('PersistentVolumeClaim', [
      { metadata: meta('cache', 'store'), spec: { storageClassName: 'gp3-csi', volumeName: 'pvc-123' }, status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] } },
    ]),
    [`${root}/namespaces/store/networking.k8s.io/ingresses.yaml`]: yaml('Ingress', [{ metadata: meta('store-web', 'store'), spec: { rules: [{ host: 'store.example.com' }] } }]),
    [`${root}/namespaces/store/example.com/widgets.yaml`]: yaml('Widget', [{ ...widget, metadata: meta('green', 'store'), status: { phase: 'Ready' } }]),
    [`${root}/namespaces/store/pods/web-1/web/web/logs/current.log`]: `2024-06-01T11:59:00.000000001Z ${SPRING_LOG_LINES[0]}\n2024-06-01T11:59:30.000000001Z served /cart\n`,
  };
}

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

export interface KindsFixtures {
  troubleshoot: string;
  mustGather: string;
  cleanup(): Promise<void>;
}

export async function makeKindsFixtures(): Promise<KindsFixtures> {
  const root = await mkdtemp(join(tmpdir(), 'podmortem-serve-kinds-'));
  const troubleshoot = join(root, 'support-bundle-2024-06-01T12_00_00');
  const mustGather = join(root, 'must-gather');
  await writeTree(troubleshoot, troubleshootFiles());
  await writeTree(mustGather, mustGatherFiles());
  return { troubleshoot, mustGather, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** One server over the troubleshoot fixture for a whole test file: `served.port` once `beforeAll` has run. */
export function serveKindsFixture(options: ServeOptions = {}): { port: number; handle?: ServeHandle } {
  const served: { port: number; handle?: ServeHandle; fixtures?: KindsFixtures } = { port: 0 };
  beforeAll(async () => {
    served.fixtures = await makeKindsFixtures();
    served.handle = await startServe([await loadBundle(served.fixtures.troubleshoot)], options);
    served.port = Number(new URL(served.handle.contexts[0]!.url).port);
  });
  afterAll(async () => {
    await served.handle?.close();
    await served.fixtures?.cleanup();
  });
  return served;
}
