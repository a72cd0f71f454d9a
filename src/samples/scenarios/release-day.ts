/**
 * Two days in the life of one EKS cluster, as two bundles.
 *
 * `bad-release`: payments-api's revision 7 (image 3.15.0, its env var renamed by a chart change, more memory)
 * crash-loops at startup while revision 6's three pods still serve: a fresh deploy to roll back, not a cluster
 * problem.
 *
 * `control-plane-blip`: the API server stopped answering for a few seconds at 07:52:41; two CSI sidecars and the
 * cluster autoscaler lost their leases within 2 s and restarted (recovered since). CoreDNS now crash-loops on a
 * forwarding loop, so two unrelated apps cannot resolve their dependencies: a platform incident seen from five angles.
 */
import { ClusterBuilder, DAY, HOUR, MINUTE, container, crashLoop, httpProbe, running } from '../cluster.js';
import type { NodeHandle, NodeInput } from '../cluster.js';
import type { ClusterModel } from '../model.js';

const NODE: Omit<NodeInput, 'podCIDR' | 'internalIP' | 'zone'> = {
  arch: 'amd64',
  kubeletVersion: 'v1.31.2-eks-94953ac',
  runtime: 'containerd://1.7.23',
  osImage: 'Amazon Linux 2023.6.20241111',
  kernel: '6.1.115-126.197.amzn2023.x86_64',
  cpu: '4',
  memory: '16049780Ki',
  allocatableMemory: '15034996Ki',
  instanceType: 'm6i.xlarge',
  createdAgo: 12 * DAY,
};

function eksCluster(capturedAt: string): { cluster: ClusterBuilder; nodes: [NodeHandle, NodeHandle] } {
  const cluster = new ClusterBuilder({
    name: 'payments-eks-use1',
    context: 'arn:aws:eks:us-east-1:123456789012:cluster/payments-eks-use1',
    capturedAt,
    version: {
      major: '1',
      minor: '31',
      gitVersion: 'v1.31.2-eks-7f9249a',
      gitCommit: '7f9249a0b4e6a0a4d87e8d2c4b6c7b8e6a1b2c3d',
      gitTreeState: 'clean',
      buildDate: '2024-11-04T20:48:33Z',
      goVersion: 'go1.22.8',
      compiler: 'gc',
      platform: 'linux/amd64',
    },
  });
  const nodes = [1, 2].map((i) =>
    cluster.node(`ip-10-0-${10 + i}-${40 + i}.ec2.internal`, { ...NODE, podCIDR: `10.0.${10 + i}.0/24`, internalIP: `10.0.${10 + i}.${40 + i}`, zone: `us-east-1${['a', 'b'][i - 1] ?? ''}` }),
  ) as [NodeHandle, NodeHandle];
  return { cluster, nodes };
}

const paymentsApi = (image: string, databaseEnv: string, memory: string) =>
  container('payments-api', image, {
    args: ['--port=8080'],
    env: [
      { name: databaseEnv, valueFrom: { secretKeyRef: { name: 'payments-db', key: 'url' } } },
      { name: 'LOG_FORMAT', value: 'text' },
    ],
    ports: [{ containerPort: 8080, protocol: 'TCP' }],
    resources: { limits: { memory }, requests: { cpu: '250m', memory } },
    readinessProbe: httpProbe('/ready', 8080),
  });

export function badRelease(): ClusterModel {
  const { cluster, nodes } = eksCluster('2026-11-20T09:30:00Z');
  const [a, b] = nodes;
  const payments = cluster.namespace('payments');
  const api = payments.deployment('payments-api', {
    containers: [paymentsApi('123456789012.dkr.ecr.us-east-1.amazonaws.com/payments/payments-api:3.15.0', 'DB_URL', '768Mi')],
    replicas: 3,
    revision: 7,
    createdAgo: 200 * DAY,
    previous: { containers: [paymentsApi('123456789012.dkr.ecr.us-east-1.amazonaws.com/payments/payments-api:3.14.2', 'DATABASE_URL', '512Mi')], revision: 6, replicas: 3 },
  });
  for (const node of [a, b, a]) api.previousPod({ node, createdAgo: 9 * DAY, containers: { 'payments-api': { story: running(9 * DAY), current: ['2026/11/11 08:02:11 payments-api 3.14.2 listening on :8080'] } } });
  api.pod({
    node: b,
    createdAgo: 16 * MINUTE,
    containers: {
      'payments-api': {
        story: crashLoop(7, '5m0s', { exitCode: 1, reason: 'Error', startedAgo: 3 * MINUTE + 2, finishedAgo: 3 * MINUTE }),
        previous: ['2026/11/20 09:27:00 payments-api 3.15.0 starting', '2026/11/20 09:27:00 fatal: environment variable DATABASE_URL is not set'],
      },
    },
    expect: [{ container: 'payments-api', cause: 'app-error-at-startup', note: 'revision 7 exits at startup (`environment variable DATABASE_URL is not set`: the chart renamed it DB_URL) while revision 6 serves; the bad release is reported with its template diff and `kubectl rollout undo`' }],
  });
  payments
    .deployment('payments-worker', { containers: [container('worker', '123456789012.dkr.ecr.us-east-1.amazonaws.com/payments/payments-worker:2.8.0')], replicas: 1 })
    .pod({ node: a, createdAgo: 6 * DAY, containers: { worker: { story: running(6 * DAY) } } });
  return cluster.build();
}

/** klog's header for a moment `ago` seconds before the capture: `E1119 07:52:41.113642`. */
function klog(cluster: ClusterBuilder, severity: 'I' | 'E' | 'F', ago: number, micros: string): string {
  const iso = cluster.iso(ago);
  return `${severity}${iso.slice(5, 7)}${iso.slice(8, 10)} ${iso.slice(11, 19)}.${micros}`;
}

export function controlPlaneBlip(): ClusterModel {
  const { cluster, nodes } = eksCluster('2026-11-19T08:30:00Z');
  const [a, b] = nodes;
  const BLIP = 37 * MINUTE + 19;
  const kube = cluster.namespace('kube-system');

  const leaseLost = (lease: string, micros: [string, string, string], fatal: string, secondsAfter = 0) => [
    `${klog(cluster, 'I', 3 * DAY, '000412')}       1 leaderelection.go:254] attempting to acquire leader lease ${lease}...`,
    `${klog(cluster, 'I', 3 * DAY, '118203')}       1 leaderelection.go:268] successfully acquired lease ${lease}`,
    `${klog(cluster, 'E', BLIP - secondsAfter, micros[0])}       1 leaderelection.go:429] error retrieving resource lock ${lease}: Get "https://172.20.0.1:443/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/${lease.split('/')[1] ?? ''}?timeout=5s": context deadline exceeded`,
    `${klog(cluster, 'I', BLIP - secondsAfter, micros[1])}       1 leaderelection.go:285] failed to renew lease ${lease}: timed out waiting for the condition`,
    `${klog(cluster, 'F', BLIP - secondsAfter, micros[2])}       1 ${fatal}`,
  ];
  const recovered = { story: running(BLIP - 12, { restarts: 1, last: { exitCode: 255, reason: 'Error', startedAgo: 3 * DAY, finishedAgo: BLIP } }) };

  kube
    .deployment('ebs-csi-controller', {
      containers: [
        container('ebs-plugin', 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.37.0', { args: ['controller', '--endpoint=$(CSI_ENDPOINT)'] }),
        container('csi-provisioner', 'public.ecr.aws/eks-distro/kubernetes-csi/external-provisioner:v5.1.0-eks-1-31-7', { args: ['--leader-election=true', '--timeout=60s'] }),
        container('csi-attacher', 'public.ecr.aws/eks-distro/kubernetes-csi/external-attacher:v4.7.0-eks-1-31-7', { args: ['--leader-election=true', '--timeout=60s'] }),
      ],
      replicas: 1,
      labels: { 'app.kubernetes.io/name': 'aws-ebs-csi-driver' },
    })
    .pod({
      node: a,
      createdAgo: 3 * DAY,
      containers: {
        'ebs-plugin': { story: running(3 * DAY) },
        'csi-provisioner': { ...recovered, previous: leaseLost('kube-system/ebs-csi-aws-com', ['113642', '113701', '113730'], 'leader_election.go:209] stopped leading') },
        'csi-attacher': { ...recovered, previous: leaseLost('kube-system/external-attacher-leader-ebs-csi-aws-com', ['262272', '262409', '262659'], 'leader_election.go:209] stopped leading') },
      },
      expect: [
        { container: 'csi-provisioner', cause: 'app-error-at-startup', note: 'lost its lease at 07:52:41 (`failed to renew lease … stopped leading`), restarted and recovered; `control-plane-disruption` covers it' },
        { container: 'csi-attacher', cause: 'app-error-at-startup', note: 'lost its lease 150 ms after the provisioner; `control-plane-disruption` covers it' },
      ],
    });
  kube
    .deployment('cluster-autoscaler', {
      containers: [container('cluster-autoscaler', 'registry.k8s.io/autoscaling/cluster-autoscaler:v1.31.0', { command: ['./cluster-autoscaler', '--cloud-provider=aws', '--leader-elect=true'] })],
      replicas: 1,
    })
    .pod({
      node: b,
      createdAgo: 3 * DAY,
      containers: { 'cluster-autoscaler': { ...recovered, previous: leaseLost('kube-system/cluster-autoscaler', ['004118', '004211', '004236'], 'main.go:672] lost master', 2) } },
      expect: [{ container: 'cluster-autoscaler', cause: 'app-error-at-startup', note: 'lost its lease 2 s after the CSI sidecars (`lost master`); `control-plane-disruption` covers it' }],
    });

  const loop = (port: number) => [
    '.:53',
    '[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908',
    'CoreDNS-1.11.3',
    'linux/amd64, go1.21.11, a6338e9',
    `[FATAL] plugin/loop: Loop (127.0.0.1:${port} -> :53) detected for zone ".", see https://coredns.io/plugins/loop#troubleshooting. Query: "HINFO 4547991504243258144.3688648895315093531."`,
  ];
  const coredns = kube.deployment('coredns', {
    containers: [container('coredns', '602401143452.dkr.ecr.us-east-1.amazonaws.com/eks/coredns:v1.11.3-eksbuild.2', { args: ['-conf', '/etc/coredns/Corefile'], ports: [{ containerPort: 53, name: 'dns', protocol: 'UDP' }] })],
    replicas: 2,
    labels: { 'k8s-app': 'kube-dns' },
  });
  for (const [node, port] of [[a, 55953], [b, 40219]] as const) {
    coredns.pod({
      node,
      createdAgo: 35 * MINUTE,
      containers: { coredns: { story: crashLoop(9, '5m0s', { exitCode: 1, reason: 'Error', startedAgo: 4 * MINUTE + 1, finishedAgo: 4 * MINUTE }), previous: loop(port) } },
      expect: [{ container: 'coredns', cause: 'app-error-at-startup', note: 'CoreDNS detects a forwarding loop (`[FATAL] plugin/loop`) and exits: a kube-system component crashing now, which escalates on its own' }],
    });
  }
  kube.service('kube-dns', { 'k8s-app': 'kube-dns' }, 53);

  cluster
    .namespace('orders')
    .deployment('order-api', { containers: [container('order-api', '123456789012.dkr.ecr.us-east-1.amazonaws.com/orders/order-api:5.2.1')], replicas: 1 })
    .pod({
      node: a,
      createdAgo: 2 * HOUR,
      containers: {
        'order-api': {
          story: crashLoop(6, '5m0s', { exitCode: 1, reason: 'Error', startedAgo: 2 * MINUTE + 10, finishedAgo: 2 * MINUTE }),
          previous: [
            '2026/11/19 08:27:50 order-api 5.2.1: connecting to orders-db.orders.svc.cluster.local:5432',
            '2026/11/19 08:28:00 failed to connect to `host=orders-db.orders.svc.cluster.local user=orders database=orders`: hostname resolving error (lookup orders-db.orders.svc.cluster.local on 172.20.0.10:53: read udp 10.0.11.57:51724->172.20.0.10:53: i/o timeout)',
          ],
        },
      },
      expect: [{ container: 'order-api', cause: 'boot-dependency-unavailable', note: 'its database lookup times out against 172.20.0.10:53; `cluster-dns-unreachable` covers it' }],
    });
  cluster
    .namespace('notify')
    .deployment('mailer', { containers: [container('mailer', '123456789012.dkr.ecr.us-east-1.amazonaws.com/notify/mailer:1.9.0')], replicas: 1 })
    .pod({
      node: b,
      createdAgo: 3 * HOUR,
      containers: {
        mailer: {
          story: crashLoop(6, '5m0s', { exitCode: 1, reason: 'Error', startedAgo: 90, finishedAgo: 80 }),
          previous: [
            'mailer 1.9.0 starting',
            'node:internal/process/promises:391',
            '    triggerUncaughtException(err, true /* fromPromise */);',
            '    ^',
            '',
            'Error: getaddrinfo EAI_AGAIN smtp-relay.notify.svc.cluster.local',
            '    at GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:107:26) {',
            '  errno: -3001,',
            "  code: 'EAI_AGAIN',",
            "  syscall: 'getaddrinfo',",
            "  hostname: 'smtp-relay.notify.svc.cluster.local'",
            '}',
            '',
            'Node.js v20.18.0',
          ],
        },
      },
      expect: [{ container: 'mailer', cause: 'boot-dependency-unavailable', note: '`getaddrinfo EAI_AGAIN`: the resolver did not answer; `cluster-dns-unreachable` covers it' }],
    });
  return cluster.build();
}
