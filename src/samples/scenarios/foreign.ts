/**
 * Clusters for the three foreign-layout samples (troubleshoot, kubectl cluster-info dump, must-gather), each
 * holding at least one crash loop with its evidence in that tool's own files.
 */
import { ClusterBuilder, DAY, HOUR, MINUTE, container, crashLoop, httpProbe, running, waiting } from '../cluster.js';
import type { NodeHandle, NodeInput } from '../cluster.js';
import {
  containerdNotFound,
  errorEvent,
  pullBackOffEvent,
  pullBackOffWaiting,
  pullFailedEvent,
  pullingEvent,
  waitingToStartLogError,
} from '../kubelet-text.js';
import type { ClusterModel } from '../model.js';

function version(gitVersion: string, platform: string, buildDate: string, goVersion: string) {
  return {
    major: '1',
    minor: gitVersion.split('.')[1],
    gitVersion,
    gitCommit: '3f7a50f38688eb332e2a1b013678c6435d539ae6',
    gitTreeState: 'clean',
    buildDate,
    goVersion,
    compiler: 'gc',
    platform,
  };
}

/**
 * troubleshoot: a k3s cluster; a Java service OOMKilled, an image that cannot be pulled (-logs-errors.log), and
 * troubleshoot's real gap: a container that crashed twice at store opening and has been Running+Ready since, so the
 * default collection (logs only for unhealthy pods) kept no log of it, and the crash's events expired hours ago.
 */
export function legacyTroubleshoot(): ClusterModel {
  const cluster = new ClusterBuilder({
    name: 'k3s-edge-store-42',
    context: 'default',
    capturedAt: '2026-11-17T16:45:12Z',
    version: version('v1.28.14+k3s1', 'linux/amd64', '2024-09-19T23:26:12Z', 'go1.22.6'),
  });
  const node = cluster.node('store-42-edge-01', {
    arch: 'amd64',
    kubeletVersion: 'v1.28.14+k3s1',
    runtime: 'containerd://1.7.21-k3s2',
    osImage: 'Ubuntu 22.04.4 LTS',
    kernel: '5.15.0-122-generic',
    cpu: '4',
    memory: '8024564Ki',
    allocatableMemory: '8024564Ki',
    podCIDR: '10.42.0.0/24',
    internalIP: '192.168.40.21',
    zone: 'store-42',
    instanceType: 'k3s',
    createdAgo: 200 * DAY,
  });
  const pos = cluster.namespace('pos');
  pos.configMap('pos-sync-config', ['application.yaml']);
  pos.deployment('pos-sync', {
    containers: [
      container('pos-sync', 'ghcr.io/example-retail/pos-sync:7.2.0', {
        ports: [{ containerPort: 8080, protocol: 'TCP' }],
        resources: { limits: { memory: '384Mi' }, requests: { cpu: '250m', memory: '384Mi' } },
      }),
    ],
  }).pod({
    node,
    createdAgo: 7 * HOUR,
    containers: {
      'pos-sync': {
        story: crashLoop(38, '5m0s', { exitCode: 137, reason: 'OOMKilled', startedAgo: 241, finishedAgo: 188 }),
        previous: [
          '16:40:11.804 [main] INFO  c.e.retail.possync.Application - Starting Application v7.2.0 using Java 17.0.12',
          '16:40:19.330 [main] INFO  c.e.retail.possync.Catalog - Loading store catalog: 182340 items',
          '16:41:02.917 [sync-1] INFO  c.e.retail.possync.Sync - Replaying 3 days of offline transactions (412 MB)',
        ],
      },
    },
    expect: [{ container: 'pos-sync', cause: 'oom-killed', note: 'OOMKilled, exit 137, limit 384Mi (JVM)' }],
  });
  const labelImage = 'ghcr.io/example-retail/label-printer:2.0.0-rc1';
  pos.deployment('label-printer', { containers: [container('label-printer', labelImage)] }).pod({
    node,
    createdAgo: 35 * MINUTE,
    containers: {
      'label-printer': {
        story: waiting('ImagePullBackOff', pullBackOffWaiting(labelImage)),
        currentError: (pod) => waitingToStartLogError('label-printer', pod, 'trying and failing to pull image'),
        events: [
          { reason: 'Pulling', message: pullingEvent(labelImage), count: 8, firstAgo: 35 * MINUTE, lastAgo: 200 },
          { reason: 'Failed', type: 'Warning', message: pullFailedEvent(labelImage, containerdNotFound(labelImage)), count: 8, firstAgo: 35 * MINUTE, lastAgo: 199 },
          { reason: 'Failed', type: 'Warning', message: errorEvent('ErrImagePull'), count: 8, firstAgo: 35 * MINUTE, lastAgo: 199 },
          { reason: 'BackOff', message: pullBackOffEvent(labelImage), count: 140, firstAgo: 34 * MINUTE, lastAgo: 12 },
          { reason: 'Failed', type: 'Warning', message: errorEvent('ImagePullBackOff'), count: 140, firstAgo: 34 * MINUTE, lastAgo: 12 },
        ],
      },
    },
    expect: [{ container: 'label-printer', cause: 'image-pull-failure', note: 'ImagePullBackOff (`not found`); the log request failed: `-logs-errors.log`' }],
  });
  // Created at 07:45:12Z; instances 0 and 1 exited 1 within seconds (back-off 10 s, then 20 s); instance 2 has run
  // since 07:45:54Z. The model holds that running instance's log; troubleshoot collects no log of a Ready pod.
  const bridgeCreatedAgo = 9 * HOUR;
  pos.deployment('terminal-bridge', {
    containers: [
      container('terminal-bridge', 'ghcr.io/example-retail/terminal-bridge:3.4.1', {
        ports: [{ containerPort: 9100, protocol: 'TCP' }],
        env: [{ name: 'TERMINALS', value: 'lane-1=192.168.40.51:4100,lane-2=192.168.40.52:4100' }],
        resources: { limits: { memory: '128Mi' }, requests: { cpu: '50m', memory: '64Mi' } },
        readinessProbe: httpProbe('/healthz', 9100),
      }),
    ],
  }).pod({
    node,
    createdAgo: bridgeCreatedAgo,
    containers: {
      'terminal-bridge': {
        story: running(bridgeCreatedAgo - 42, {
          restarts: 2,
          last: { exitCode: 1, reason: 'Error', startedAgo: bridgeCreatedAgo - 15, finishedAgo: bridgeCreatedAgo - 17 },
        }),
        current: [
          'time="2026-11-17T07:45:54Z" level=info msg="terminal-bridge 3.4.1 starting" terminals=2',
          'time="2026-11-17T07:45:55Z" level=info msg="lane-1 connected" addr="192.168.40.51:4100"',
          'time="2026-11-17T07:45:55Z" level=info msg="lane-2 connected" addr="192.168.40.52:4100"',
          'time="2026-11-17T07:45:55Z" level=info msg="health endpoint up" addr=":9100"',
        ],
      },
    },
    expect: [
      {
        container: 'terminal-bridge',
        cause: 'unknown',
        note: "restarted twice at 07:45 (lastState Error, exit 1), Running+Ready since: troubleshoot kept no log of this healthy pod (no `-previous.log`) and the crash's events expired; podmortem names what is missing",
      },
    ],
  });
  cluster
    .namespace('kube-system')
    .deployment('coredns', { containers: [container('coredns', 'rancher/mirrored-coredns-coredns:1.11.3')], labels: { 'k8s-app': 'kube-dns' } })
    .pod({ node, createdAgo: 60 * DAY, containers: { coredns: { story: running(60 * DAY) } } });
  cluster.forbid('daemonsets', 'kube-system', 'daemonsets.apps is forbidden: User "system:serviceaccount:pos:support" cannot list resource "daemonsets" in API group "apps" in the namespace "kube-system"');
  return cluster.build();
}

/** cluster-info dump: a Node.js service that cannot find a module at boot (no previous logs in this layout). */
export function clusterInfoDump(): ClusterModel {
  const cluster = new ClusterBuilder({
    name: 'kind-staging',
    context: 'kind-staging',
    capturedAt: '2026-11-18T08:15:00Z',
    version: version('v1.31.1', 'linux/amd64', '2024-09-11T21:22:08Z', 'go1.22.6'),
  });
  const nodeInput: Omit<NodeInput, 'podCIDR' | 'internalIP'> = {
    arch: 'amd64',
    kubeletVersion: 'v1.31.1',
    runtime: 'containerd://1.7.18',
    osImage: 'Debian GNU/Linux 12 (bookworm)',
    kernel: '6.8.0-48-generic',
    cpu: '8',
    memory: '32562036Ki',
    allocatableMemory: '32562036Ki',
    zone: 'local',
    instanceType: 'kind',
    createdAgo: 3 * DAY,
  };
  const worker: NodeHandle = cluster.node('staging-worker', { ...nodeInput, podCIDR: '10.244.1.0/24', internalIP: '172.18.0.3' });
  cluster.node('staging-control-plane', { ...nodeInput, podCIDR: '10.244.0.0/24', internalIP: '172.18.0.2', labels: { 'node-role.kubernetes.io/control-plane': '' } });
  const web = cluster.namespace('web');
  web.deployment('api-gateway', {
    containers: [
      container('api-gateway', 'localhost:5001/api-gateway:dev-4f1c2e9', {
        ports: [{ containerPort: 3000, protocol: 'TCP' }],
        readinessProbe: httpProbe('/ready', 3000),
      }),
    ],
  }).pod({
    node: worker,
    createdAgo: 26 * MINUTE,
    containers: {
      'api-gateway': {
        story: crashLoop(9, '5m0s', { exitCode: 1, reason: 'Error', startedAgo: 71, finishedAgo: 70 }),
        previous: [
          'node:internal/modules/cjs/loader:1228',
          '  throw err;',
          '  ^',
          '',
          "Error: Cannot find module 'express'",
          'Require stack:',
          '- /app/dist/server.js',
          '    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)',
          '    at Module._load (node:internal/modules/cjs/loader:1051:27)',
          '    at Module.require (node:internal/modules/cjs/loader:1311:19)',
          '    at require (node:internal/modules/helpers:179:18)',
          '    at Object.<anonymous> (/app/dist/server.js:3:17)',
          ' {',
          "  code: 'MODULE_NOT_FOUND',",
          "  requireStack: [ '/app/dist/server.js' ]",
          '}',
          '',
          'Node.js v20.17.0',
        ],
      },
    },
    expect: [{ container: 'api-gateway', cause: 'app-error-at-startup', note: "`Error: Cannot find module 'express'`, exit 1 (the current log is the crashed instance's: cluster-info dump has no previous logs)" }],
  });
  web.service('api-gateway', { app: 'api-gateway' }, 80, 3000);
  cluster
    .namespace('kube-system')
    .deployment('coredns', { containers: [container('coredns', 'registry.k8s.io/coredns/coredns:v1.11.3')], labels: { 'k8s-app': 'kube-dns' } })
    .pod({ node: worker, createdAgo: 3 * DAY, containers: { coredns: { story: running(3 * DAY), current: ['.:53', '[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908', 'CoreDNS-1.11.3', 'linux/amd64, go1.21.11, a6338e9'] } } });
  return cluster.build();
}

/** must-gather: OpenShift 4.16 (CRI-O); a Python worker that cannot resolve its broker's host name at boot. */
export function mustGather(): ClusterModel {
  const cluster = new ClusterBuilder({
    name: 'ocp-prod-fra',
    context: 'admin',
    capturedAt: '2026-11-18T07:05:33Z',
    version: version('v1.29.10+67d3387', 'linux/amd64', '2024-10-29T12:33:26Z', 'go1.21.13 (Red Hat 1.21.13-4.el9_4) X:strictfipsruntime'),
  });
  const nodeInput = (ip: string, cidr: string, zone: string): NodeInput => ({
    arch: 'amd64',
    kubeletVersion: 'v1.29.10+67d3387',
    runtime: 'cri-o://1.29.10-3.rhaos4.16.git4a5b4f6.el9',
    osImage: 'Red Hat Enterprise Linux CoreOS 416.94.202411051407-0',
    kernel: '5.14.0-427.42.1.el9_4.x86_64',
    cpu: '8',
    memory: '32589948Ki',
    allocatableMemory: '31438972Ki',
    podCIDR: cidr,
    internalIP: ip,
    zone,
    instanceType: 'm6i.2xlarge',
    createdAgo: 41 * DAY,
    labels: { 'node-role.kubernetes.io/worker': '' },
  });
  const w1 = cluster.node('ip-10-0-141-72.eu-central-1.compute.internal', nodeInput('10.0.141.72', '10.128.2.0/23', 'eu-central-1a'));
  const w2 = cluster.node('ip-10-0-166-19.eu-central-1.compute.internal', nodeInput('10.0.166.19', '10.131.0.0/23', 'eu-central-1b'));
  const ns = cluster.namespace('fulfilment');
  ns.deployment('order-sync', {
    containers: [
      container('order-sync', 'image-registry.openshift-image-registry.svc:5000/fulfilment/order-sync@sha256:6f1e3c2a9b8d7f4e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f', {
        env: [{ name: 'AMQP_URL', value: 'amqps://broker-amqps-0-svc.messaging.svc:5671' }],
        resources: { limits: { memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
      }),
    ],
    annotations: { 'openshift.io/scc': 'restricted-v2' },
  }).pod({
    node: w1,
    createdAgo: 3 * HOUR,
    annotations: { 'openshift.io/scc': 'restricted-v2' },
    containers: {
      'order-sync': {
        story: crashLoop(33, '5m0s', { exitCode: 1, reason: 'Error', startedAgo: 143, finishedAgo: 141 }),
        previous: [
          'INFO order_sync: starting order-sync 4.3.0',
          'INFO order_sync.amqp: connecting to broker-amqps-0-svc.messaging.svc:5671',
          'Traceback (most recent call last):',
          '  File "/opt/app-root/src/order_sync/__main__.py", line 12, in <module>',
          '    main()',
          '  File "/opt/app-root/src/order_sync/amqp.py", line 40, in connect',
          '    sock = socket.create_connection((host, port), timeout=10)',
          '           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
          '  File "/usr/lib64/python3.11/socket.py", line 827, in create_connection',
          '    for res in getaddrinfo(host, port, 0, SOCK_STREAM):',
          '               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
          '  File "/usr/lib64/python3.11/socket.py", line 962, in getaddrinfo',
          '    for res in _socket.getaddrinfo(host, port, family, type, proto, flags):',
          '               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
          'socket.gaierror: [Errno -2] Name or service not known',
        ],
      },
    },
    expect: [{ container: 'order-sync', cause: 'boot-dependency-unavailable', note: 'DNS: `socket.gaierror: [Errno -2] Name or service not known` for the broker; logs with RFC 3339 timestamps' }],
  });
  ns.deployment('packing-ui', {
    containers: [container('packing-ui', 'image-registry.openshift-image-registry.svc:5000/fulfilment/packing-ui:1.9.0', { ports: [{ containerPort: 8080, protocol: 'TCP' }] })],
    replicas: 2,
  })
    .pod({ node: w1, createdAgo: 10 * DAY, containers: { 'packing-ui': { story: running(10 * DAY), current: ['packing-ui listening on 0.0.0.0:8080'] } } })
    .pod({ node: w2, createdAgo: 10 * DAY, containers: { 'packing-ui': { story: running(10 * DAY), current: ['packing-ui listening on 0.0.0.0:8080'] } } });
  return cluster.build();
}
