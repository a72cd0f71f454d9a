/**
 * A small cluster with the crashes a post-mortem needs and credentials of every kind podmortem redacts, spread
 * over env values, annotations (last-applied-configuration), ConfigMap and Secret data, events and logs.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { FakeCluster } from './fake-apiserver.js';

const PEM = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const GCP_PEM = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const b64url = (s: string) => Buffer.from(s).toString('base64url');
const JWT = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url('{"sub":"shop-api","iat":1716000000}')}.${b64url('sig-0123456789abcdef')}`;

/** Every credential planted in the scenario; none may appear anywhere in a collected bundle. */
export const SECRETS = {
  dbPassword: 'Pg-Sup3r-Secret-77',
  urlPassword: 'UrlPassw0rd-991',
  tokenPair: 'tok3nPairValue8812',
  bearer: 'bearerTok3nAbCdEf998877',
  jwt: JWT,
  awsKeyId: 'AKIA2E0A8F3B244C9986',
  awsSecret: '9drTJvcXLB89EXA1PLEaKEY7Jv/3yJ3KLZdBuUMw',
  gcpKeyId: '0123456789abcdef0123456789abcdef01234567',
  github: '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',
  gitlab: 'glpat-AbCdEf1234567890GhIj',
  slack: 'xoxb-1234567890123-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  stripe: 'sk_live_51H8abcdefghijklmnopqrstuvwx',
  kubeToken: 'kubeTok3n0123456789abcdef',
  configMapValue: 'cm-value-Shh-4242',
  secretData: 'secret-data-value-5151',
  lastApplied: 'LastApplied-Pw-3131',
  annotationToken: 'annoTok3n-7070',
  argPassword: 'argPassw0rd-6060',
  probeHeader: 'probeHeaderTok3n-5050',
  eventPassword: 'EvtPassw0rd-4040',
};

/** Multi-line secrets: every body line of each key must be gone. */
export const PEM_KEYS = [PEM, GCP_PEM];

/** Substrings of the crash evidence that must survive redaction. */
export const EVIDENCE = {
  apiPreviousHead: 'booting shop-api v2.3.1',
  apiPreviousTail: 'Error: connect ECONNREFUSED 10.96.0.15:5432',
  proxyPrevious: 'fatal: out of memory allocating 268435456 bytes',
  webPrevious: 'panic: runtime error: invalid memory address or nil pointer dereference',
  initLog: 'migrations applied: 42',
  host: 'pg.shop.svc:5432/orders',
};

const ts = '2026-11-25T09:';
const node = 'node-a';

function pod(namespace: string, name: string, spec: Record<string, any>, statusExtra: Record<string, any>, annotations: Record<string, string> = {}) {
  return {
    metadata: {
      name,
      namespace,
      uid: `uid-${namespace}-${name}`,
      labels: { app: name.split('-')[0]! },
      annotations,
      creationTimestamp: `${ts}00:00Z`,
    },
    spec: { nodeName: node, restartPolicy: 'Always', ...spec },
    status: { phase: 'Running', ...statusExtra },
  };
}

function running(name: string, restartCount = 0, lastState: Record<string, any> = {}, ready = true) {
  return { name, ready, restartCount, image: `shop/${name}:1`, imageID: '', containerID: `containerd://${name}`, started: ready, state: { running: { startedAt: `${ts}10:00Z` } }, lastState };
}

function terminated(reason: string, exitCode: number) {
  return { terminated: { reason, exitCode, startedAt: `${ts}05:00Z`, finishedAt: `${ts}06:00Z`, containerID: 'containerd://old' } };
}

function event(namespace: string, name: string, involved: Record<string, any>, reason: string, message: string, type = 'Warning') {
  return {
    metadata: { name, namespace, uid: `uid-ev-${name}` },
    involvedObject: { apiVersion: 'v1', namespace, ...involved },
    reason,
    message,
    type,
    count: 3,
    firstTimestamp: `${ts}01:00Z`,
    lastTimestamp: `${ts}09:00Z`,
    source: { component: 'kubelet', host: node },
  };
}

function bigLog(lines: number): () => Iterable<string> {
  return function* () {
    yield 'worker starting: first line of the log\n';
    const batch = 1000;
    for (let i = 1; i < lines - 1; i += batch) {
      let chunk = '';
      for (let j = i; j < Math.min(i + batch, lines - 1); j++) chunk += `processing job ${j} of the nightly batch, all good so far\n`;
      yield chunk;
    }
    yield 'worker killed: last line of the log\n';
  };
}

export const BIG_LOG_LINES = 60_000;

export function scenario(): FakeCluster {
  const apiEnv = [
    { name: 'DB_PASSWORD', value: SECRETS.dbPassword },
    { name: 'DATABASE_URL', value: `postgres://shop:${SECRETS.urlPassword}@pg.shop.svc:5432/orders` },
    { name: 'AWS_ACCESS_KEY_ID', value: SECRETS.awsKeyId },
    { name: 'AWS_SECRET_ACCESS_KEY', value: SECRETS.awsSecret },
    { name: 'LOG_LEVEL', value: 'info' },
    { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api-credentials', key: 'token' } } },
  ];
  const apiSpec = {
    initContainers: [
      { name: 'migrate', image: 'shop/migrate:1' },
      { name: 'proxy', image: 'shop/proxy:1', restartPolicy: 'Always' },
    ],
    containers: [
      {
        name: 'api',
        image: 'shop/api:2.3.1',
        args: ['--db-password', SECRETS.argPassword, '--port', '8080'],
        env: apiEnv,
        livenessProbe: { httpGet: { path: '/healthz', port: 8080, httpHeaders: [{ name: 'Authorization', value: `Bearer ${SECRETS.probeHeader}` }] } },
        resources: { limits: { memory: '256Mi' } },
      },
    ],
  };
  const apiPod = pod(
    'shop',
    'api-7c9d5b6f4-x2x9k',
    apiSpec,
    {
      initContainerStatuses: [
        { name: 'migrate', ready: true, restartCount: 0, image: 'shop/migrate:1', imageID: '', state: { terminated: { reason: 'Completed', exitCode: 0, startedAt: `${ts}00:10Z`, finishedAt: `${ts}00:20Z` } }, lastState: {} },
        running('proxy', 2, terminated('OOMKilled', 137)),
      ],
      containerStatuses: [
        {
          name: 'api',
          ready: false,
          restartCount: 5,
          image: 'shop/api:2.3.1',
          imageID: '',
          containerID: 'containerd://api',
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=api pod=api-7c9d5b6f4-x2x9k_shop(uid-shop-api)' } },
          lastState: terminated('Error', 1),
        },
      ],
    },
    {
      'example.com/deploy-token': SECRETS.annotationToken,
      'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ kind: 'Pod', spec: { containers: [{ name: 'api', env: [{ name: 'STRIPE_KEY', value: SECRETS.stripe }] }] } }),
    },
  );
  const webPod = pod('shop', 'web-0', { containers: [{ name: 'web', image: 'shop/web:1' }] }, { containerStatuses: [running('web', 1, terminated('Error', 2))] });
  const pendingPod = pod(
    'shop',
    'pending-1',
    { containers: [{ name: 'app', image: 'shop/app:1' }] },
    { phase: 'Pending', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: 'shop/app:1', imageID: '', state: { waiting: { reason: 'ContainerCreating' } }, lastState: {} }] },
  );
  const workerPod = pod('payments', 'worker-0', { containers: [{ name: 'worker', image: 'pay/worker:1' }] }, { containerStatuses: [running('worker')] });

  const apiPreviousLog = [
    `${EVIDENCE.apiPreviousHead} (commit 1a2b3c)`,
    `config: database_url=postgres://shop:${SECRETS.urlPassword}@${EVIDENCE.host}`,
    `auth: using token=${SECRETS.tokenPair}`,
    `outgoing request headers: Authorization: Bearer ${SECRETS.bearer}`,
    `session established jwt=${SECRETS.jwt}`,
    `aws: loaded ${SECRETS.awsKeyId} aws_secret_access_key=${SECRETS.awsSecret}`,
    `gcp credentials: {"type":"service_account","private_key_id":"${SECRETS.gcpKeyId}","private_key":${JSON.stringify(GCP_PEM)}}`,
    `git: cloning with ${SECRETS.github}`,
    `gitlab: registry token ${SECRETS.gitlab}`,
    `slack notifier: ${SECRETS.slack}`,
    `payments: stripe key ${SECRETS.stripe}`,
    `kubeconfig dump:\nusers:\n- name: admin\n  user:\n    client-key-data: ${Buffer.from(PEM).toString('base64')}\n    token: ${SECRETS.kubeToken}`,
    `password reset page warmed`,
    EVIDENCE.apiPreviousTail,
    '',
  ].join('\n');
  const proxyPreviousLog = ['proxy starting', 'loaded TLS key:', ...PEM.trim().split('\n').map((l) => `2026-11-25T09:05:00Z ${l}`), EVIDENCE.proxyPrevious, ''].join('\n');

  return {
    version: { major: '1', minor: '30', gitVersion: 'v1.30.4', gitCommit: 'abc', gitTreeState: 'clean', buildDate: '2026-08-01T00:00:00Z', goVersion: 'go1.22.5', compiler: 'gc', platform: 'linux/amd64' },
    forbidden: ['secrets/payments', 'limitranges/payments'],
    objects: {
      namespaces: ['shop', 'payments', 'default'].map((name) => ({ metadata: { name, uid: `uid-ns-${name}` }, status: { phase: 'Active' } })),
      nodes: [
        {
          metadata: { name: node, uid: 'uid-node-a', labels: { 'kubernetes.io/hostname': node } },
          status: {
            conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
            nodeInfo: { kubeletVersion: 'v1.30.4', containerRuntimeVersion: 'containerd://1.7.20', kernelVersion: '6.1.0', osImage: 'Debian', architecture: 'amd64', operatingSystem: 'linux', bootID: 'b', machineID: 'm', systemUUID: 's', kubeProxyVersion: 'v1.30.4' },
            allocatable: { memory: '8Gi', cpu: '4' },
            capacity: { memory: '8Gi', cpu: '4' },
          },
        },
      ],
      pods: [apiPod, webPod, pendingPod, workerPod],
      events: [
        event('shop', 'api.1', { kind: 'Pod', name: apiPod.metadata.name, uid: apiPod.metadata.uid, fieldPath: 'spec.containers{api}' }, 'BackOff', 'Back-off restarting failed container api in pod api-7c9d5b6f4-x2x9k_shop(uid-shop-api)'),
        event('shop', 'api.2', { kind: 'Pod', name: apiPod.metadata.name, uid: apiPod.metadata.uid, fieldPath: 'spec.initContainers{proxy}' }, 'Killing', 'Container proxy failed liveness probe, will be restarted'),
        event('shop', 'api.3', { kind: 'Pod', name: apiPod.metadata.name, uid: apiPod.metadata.uid }, 'Failed', `Error: failed to start: connect with password=${SECRETS.eventPassword} refused`),
        event('shop', 'web.1', { kind: 'Pod', name: 'web-0', uid: webPod.metadata.uid }, 'Started', 'Started container web', 'Normal'),
        event('payments', 'worker.1', { kind: 'Pod', name: 'worker-0', uid: workerPod.metadata.uid }, 'Pulled', 'Successfully pulled image "pay/worker:1"', 'Normal'),
      ],
      deployments: [
        {
          metadata: {
            name: 'api',
            namespace: 'shop',
            uid: 'uid-deploy-api',
            annotations: {
              'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                spec: { template: { spec: { containers: [{ name: 'api', env: [{ name: 'DB_PASSWORD', value: SECRETS.lastApplied }] }] } } },
              }),
            },
          },
          spec: { replicas: 1, selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'shop/api:2.3.1', env: apiEnv }] } } },
          status: { replicas: 1, readyReplicas: 0 },
        },
      ],
      replicasets: [
        { metadata: { name: 'api-7c9d5b6f4', namespace: 'shop', uid: 'uid-rs-api', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', uid: 'uid-deploy-api', controller: true }] }, spec: { replicas: 1, selector: { matchLabels: { app: 'api' } } }, status: { replicas: 1 } },
      ],
      statefulsets: [{ metadata: { name: 'web', namespace: 'shop', uid: 'uid-sts-web' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, serviceName: 'web' }, status: { replicas: 1 } }],
      services: [{ metadata: { name: 'api', namespace: 'shop', uid: 'uid-svc-api' }, spec: { type: 'ClusterIP', clusterIP: '10.96.0.20', ports: [{ port: 80, protocol: 'TCP' }] } }],
      configmaps: [
        {
          metadata: {
            name: 'api-config',
            namespace: 'shop',
            uid: 'uid-cm',
            annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ kind: 'ConfigMap', data: { 'app.properties': `db.password=${SECRETS.configMapValue}` } }) },
          },
          data: { 'app.properties': `db.password=${SECRETS.configMapValue}`, LOG_LEVEL: 'info' },
        },
      ],
      secrets: [
        {
          metadata: { name: 'api-credentials', namespace: 'shop', uid: 'uid-secret' },
          type: 'Opaque',
          data: { token: Buffer.from(SECRETS.secretData).toString('base64'), password: Buffer.from(SECRETS.dbPassword).toString('base64') },
        },
      ],
      resourcequotas: [{ metadata: { name: 'quota', namespace: 'shop', uid: 'uid-quota' }, spec: { hard: { pods: '20' } } }],
    },
    logs: {
      'shop/api-7c9d5b6f4-x2x9k/migrate': `running migrations\n${EVIDENCE.initLog}\n`,
      'shop/api-7c9d5b6f4-x2x9k/proxy': 'proxy starting\nlistening on :15001\n',
      'shop/api-7c9d5b6f4-x2x9k/proxy/previous': proxyPreviousLog,
      'shop/api-7c9d5b6f4-x2x9k/api': `${EVIDENCE.apiPreviousHead} (commit 1a2b3c)\nconnecting to database\n`,
      'shop/api-7c9d5b6f4-x2x9k/api/previous': apiPreviousLog,
      'shop/web-0/web': 'web up, serving\n',
      'shop/web-0/web/previous': `web starting\n${EVIDENCE.webPrevious}\ngoroutine 1 [running]:\n`,
      'payments/worker-0/worker': bigLog(BIG_LOG_LINES),
    },
  };
}
