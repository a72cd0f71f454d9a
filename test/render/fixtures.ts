/**
 * Report fixtures for the renderer tests: one realistic finding per cause (evidence built from the real kubelet,
 * runtime and application strings of k8s-facts.md), reports that escalate with each check, one that does not, one
 * over two bundles with the cross-cluster table, and a hostile one whose every string is an attack.
 */
import {
  CAUSE_IDS,
  REPORT_SCHEMA_VERSION,
  type BundleSummary,
  type CauseId,
  type EscalationCheck,
  type Evidence,
  type Finding,
  type Fix,
  type Report,
  type TimelineEntry,
} from '../../src/model/report.js';

const EU = 'shop-prod-eu.tar.gz';
const US = 'shop-prod-us.tar.gz';
const CAPTURED = '2025-03-04T10:02:44Z';

export const bundleEu: BundleSummary = {
  name: EU,
  path: `sample-bundles/${EU}`,
  format: 'podmortem',
  cluster: 'prod-eu',
  kubernetesVersion: 'v1.30.4',
  capturedAt: CAPTURED,
  eventWindow: { count: 214, earliest: '2025-03-04T09:03:12Z', latest: '2025-03-04T10:02:31Z' },
  counts: { namespaces: 6, nodes: 3, pods: 41, containers: 58, events: 214, logs: 87 },
  diagnostics: [
    {
      severity: 'warning',
      code: 'line-too-long',
      file: 'cluster-resources/pods/logs/shop/search-5d8f7c9b4-q2m7x/search.log',
      line: 1802,
      message: 'line longer than 1 MiB cut to its first 1 MiB',
    },
  ],
};

export const bundleUs: BundleSummary = {
  name: US,
  path: `sample-bundles/${US}`,
  format: 'troubleshoot',
  cluster: 'prod-us',
  kubernetesVersion: 'v1.33.2',
  capturedAt: '2025-03-04T10:05:10Z',
  eventWindow: { count: 96, earliest: '2025-03-04T09:06:40Z', latest: '2025-03-04T10:04:58Z' },
  counts: { namespaces: 5, nodes: 3, pods: 38, containers: 52, events: 96, logs: 80 },
  diagnostics: [
    {
      severity: 'error',
      code: 'truncated-archive',
      file: '',
      byte: 48_211_968,
      message: 'unexpected end of gzip stream after 48211968 bytes: entries after cluster-resources/pods/logs/shop are missing',
    },
  ],
};

function podsFile(namespace: string): string {
  return `cluster-resources/pods/${namespace}.json`;
}
function eventsFile(namespace: string): string {
  return `cluster-resources/events/${namespace}.json`;
}
function previousLog(namespace: string, pod: string, container: string): string {
  return `cluster-resources/pods/logs/${namespace}/${pod}/${container}-previous.log`;
}

function restartTimeline(start: string, restarts: number, everySeconds: number, lastReason: string, extra: TimelineEntry[] = []): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const t0 = Date.parse(start);
  for (let i = 0; i < restarts; i++) {
    const started = new Date(t0 + i * everySeconds * 1000).toISOString();
    const ended = new Date(t0 + i * everySeconds * 1000 + Math.min(everySeconds / 2, 40) * 1000).toISOString();
    entries.push({ time: started, kind: 'started', label: 'container started' });
    entries.push({ time: ended, kind: 'terminated', label: `terminated: ${lastReason}` });
  }
  entries.push(...extra, { time: CAPTURED, kind: 'captured', label: 'bundle captured' });
  return entries.sort((a, b) => a.time.localeCompare(b.time));
}

interface FindingInput {
  namespace?: string;
  pod: string;
  container: string;
  containerKind?: Finding['containerKind'];
  workload: Finding['workload'];
  cause: CauseId;
  confidence?: Finding['confidence'];
  severity: number;
  summary: string;
  messageId: string;
  data?: Record<string, unknown>;
  evidence: Evidence[];
  fix: Fix;
  restartCount: number;
  timeline?: TimelineEntry[];
  alsoSeen?: Finding['alsoSeen'];
  bundle?: string;
  bundleIndex?: number;
}

export function finding(input: FindingInput): Finding {
  const namespace = input.namespace ?? 'shop';
  return {
    id: `${input.bundleIndex ?? 0}/${namespace}/${input.pod}/${input.container}`,
    bundle: input.bundle ?? EU,
    namespace,
    pod: input.pod,
    container: input.container,
    containerKind: input.containerKind ?? 'regular',
    workload: input.workload,
    cause: input.cause,
    confidence: input.confidence ?? 'high',
    severity: input.severity,
    summary: input.summary,
    messageId: input.messageId,
    data: input.data ?? {},
    evidence: input.evidence,
    fix: { ...input.fix, docs: `docs/rules/${input.cause}.md` },
    restartCount: input.restartCount,
    timeline: input.timeline ?? restartTimeline('2025-03-04T09:20:00Z', Math.min(input.restartCount, 6), 300, 'Error'),
    alsoSeen: input.alsoSeen ?? [],
  };
}

const crashLoopWaiting = (namespace: string, pod: string, container: string, uid: string, statusPath: string): Evidence => ({
  kind: 'field',
  label: 'current state',
  file: podsFile(namespace),
  path: `${statusPath}.state.waiting.message`,
  value: `back-off 5m0s restarting failed container=${container} pod=${pod}_${namespace}(${uid})`,
});

/** One finding per cause id, in CAUSE_IDS order. */
export const causeFindings: Record<CauseId, Finding> = {
  'app-error-at-startup': finding({
    pod: 'checkout-6b7f9d8c5-k8t2w',
    container: 'checkout',
    workload: { kind: 'Deployment', name: 'checkout' },
    cause: 'app-error-at-startup',
    severity: 70,
    summary: 'checkout exits with code 1 during start-up: KeyError: \'DATABASE_URL\'',
    messageId: 'missingEnv',
    data: { exitCode: 1, variable: 'DATABASE_URL' },
    restartCount: 14,
    evidence: [
      {
        kind: 'log',
        label: 'previous log',
        primary: true,
        file: previousLog('shop', 'checkout-6b7f9d8c5-k8t2w', 'checkout'),
        lines: [
          { number: 1, text: '[2025-03-04 09:58:01 +0000] [1] [INFO] Starting gunicorn 21.2.0' },
          { number: 2, text: '[2025-03-04 09:58:01 +0000] [7] [INFO] Booting worker with pid: 7' },
          { number: 3, text: 'Traceback (most recent call last):' },
          { number: 4, text: '  File "/app/checkout/settings.py", line 12, in <module>' },
          { number: 5, text: "    DATABASE_URL = os.environ['DATABASE_URL']" },
          { number: 6, text: "  File \"/usr/local/lib/python3.12/os.py\", line 714, in __getitem__" },
          { number: 7, text: '    raise KeyError(key) from None' },
          { number: 8, text: "KeyError: 'DATABASE_URL'" },
          { number: 9, text: '[2025-03-04 09:58:02 +0000] [7] [INFO] Worker exiting (pid: 7)' },
        ],
        decisiveLine: 8,
      },
      {
        kind: 'field',
        label: 'last termination',
        file: podsFile('shop'),
        path: 'items[2].status.containerStatuses[0].lastState.terminated',
        value: { exitCode: 1, reason: 'Error', startedAt: '2025-03-04T09:58:00Z', finishedAt: '2025-03-04T09:58:02Z' },
      },
      crashLoopWaiting('shop', 'checkout-6b7f9d8c5-k8t2w', 'checkout', '4c1d7e0a-93b2-4f4e-9d0c-2b8e5a7f1c36', 'items[2].status.containerStatuses[0]'),
    ],
    fix: {
      summary: 'set DATABASE_URL in the container\'s env, from the Secret or ConfigMap that holds it',
      steps: [
        'add DATABASE_URL to spec.template.spec.containers[checkout].env (valueFrom.secretKeyRef if it holds a password)',
        'roll out the Deployment and check the new pod\'s log',
      ],
      snippet: {
        language: 'yaml',
        code: 'env:\n  - name: DATABASE_URL\n    valueFrom:\n      secretKeyRef:\n        name: checkout-db\n        key: url\n',
      },
      owner: 'application',
    },
  }),

  'oom-killed': finding({
    pod: 'api-7c9d5b6f4-x2k4f',
    container: 'api',
    workload: { kind: 'Deployment', name: 'api' },
    cause: 'oom-killed',
    severity: 85,
    summary: 'api was OOMKilled at its 256Mi memory limit after running 41s (exit 137)',
    messageId: 'cgroupLimit',
    data: { limitBytes: 268435456, ranForSeconds: 41, exitCode: 137 },
    restartCount: 9,
    evidence: [
      {
        kind: 'field',
        label: 'last termination',
        primary: true,
        file: podsFile('shop'),
        path: 'items[4].status.containerStatuses[0].lastState.terminated.reason',
        value: 'OOMKilled',
      },
      {
        kind: 'field',
        label: 'memory limit',
        file: podsFile('shop'),
        path: 'items[4].spec.containers[0].resources.limits.memory',
        value: '256Mi',
      },
      {
        kind: 'field',
        label: 'exit code',
        file: podsFile('shop'),
        path: 'items[4].status.containerStatuses[0].lastState.terminated.exitCode',
        value: 137,
      },
      {
        kind: 'event',
        label: 'node OOM',
        file: 'cluster-resources/events/default.json',
        path: 'items[17]',
        type: 'Warning',
        reason: 'SystemOOM',
        message: 'System OOM encountered, victim process: java, pid: 2381042',
        count: 9,
        object: 'Node/ip-10-0-3-17.eu-west-1.compute.internal',
        firstTime: '2025-03-04T09:21:40Z',
        lastTime: '2025-03-04T10:01:12Z',
      },
    ],
    fix: {
      summary: 'observe the peak working set and set the memory limit about 30% above it, or reduce the heap',
      steps: [
        'measure the peak: kubectl top pod -n shop -l app=api --containers (or the memory dashboard over a day)',
        'set requests.memory to the usual use and limits.memory about 30% above the observed peak',
        'for the JVM, cap the heap below the limit: -XX:MaxRAMPercentage=75',
      ],
      snippet: {
        language: 'yaml',
        code: 'resources:\n  requests:\n    memory: 384Mi\n  limits:\n    memory: 512Mi\n',
      },
      owner: 'application',
    },
    alsoSeen: [
      { cause: 'boot-dependency-unavailable', summary: 'the log also shows java.net.ConnectException: Connection refused to redis:6379 (line 88)' },
    ],
  }),

  'liveness-probe-failure': finding({
    pod: 'search-5d8f7c9b4-q2m7x',
    container: 'search',
    workload: { kind: 'Deployment', name: 'search' },
    cause: 'liveness-probe-failure',
    severity: 75,
    summary: 'the kubelet killed search after 3 liveness probe timeouts (timeoutSeconds 1); the app needs ~45s to boot',
    messageId: 'timeout',
    data: { probe: 'liveness', failure: 'timeout', timeoutSeconds: 1, periodSeconds: 10, failureThreshold: 3, bootSeconds: 45 },
    restartCount: 22,
    evidence: [
      {
        kind: 'event',
        label: 'probe failures',
        primary: true,
        file: eventsFile('shop'),
        path: 'items[31]',
        type: 'Warning',
        reason: 'Unhealthy',
        message:
          'Liveness probe failed: Get "http://10.244.1.7:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
        count: 66,
        object: 'Pod/search-5d8f7c9b4-q2m7x',
        firstTime: '2025-03-04T09:10:02Z',
        lastTime: '2025-03-04T10:01:52Z',
      },
      {
        kind: 'event',
        label: 'kill',
        file: eventsFile('shop'),
        path: 'items[32]',
        type: 'Normal',
        reason: 'Killing',
        message: 'Container search failed liveness probe, will be restarted',
        count: 22,
        object: 'Pod/search-5d8f7c9b4-q2m7x',
        lastTime: '2025-03-04T10:01:52Z',
      },
      {
        kind: 'field',
        label: 'liveness probe',
        file: podsFile('shop'),
        path: 'items[7].spec.containers[0].livenessProbe',
        value: { httpGet: { path: '/healthz', port: 8080 }, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 },
      },
      {
        kind: 'log',
        label: 'previous log',
        file: previousLog('shop', 'search-5d8f7c9b4-q2m7x', 'search'),
        lines: [
          { number: 1, text: '2025-03-04T10:00:40.112Z INFO  Loading index shards (12 of 12)' },
          { number: 2, text: '2025-03-04T10:01:25.870Z INFO  Index ready after 45.7s' },
          { number: 3, text: '2025-03-04T10:01:52.004Z INFO  Received SIGTERM, shutting down' },
        ],
        decisiveLine: 2,
      },
    ],
    fix: {
      summary: 'give the slow boot a startupProbe and keep the liveness probe shallow, with a timeout above 1s',
      steps: [
        'add a startupProbe on /healthz with failureThreshold × periodSeconds above the 45s boot (e.g. 12 × 5s)',
        'raise livenessProbe.timeoutSeconds to 3 and make /healthz answer without touching dependencies',
      ],
      snippet: {
        language: 'yaml',
        code: 'startupProbe:\n  httpGet:\n    path: /healthz\n    port: 8080\n  periodSeconds: 5\n  failureThreshold: 12\nlivenessProbe:\n  httpGet:\n    path: /healthz\n    port: 8080\n  timeoutSeconds: 3\n',
      },
      owner: 'application',
    },
  }),

  'startup-probe-failure': finding({
    pod: 'ledger-0',
    container: 'ledger',
    workload: { kind: 'StatefulSet', name: 'ledger' },
    cause: 'startup-probe-failure',
    severity: 72,
    summary: 'the kubelet killed ledger after its startup probe failed 30 times: connection refused on :9090',
    messageId: 'refused',
    data: { probe: 'startup', failure: 'refused', periodSeconds: 2, failureThreshold: 30 },
    restartCount: 6,
    evidence: [
      {
        kind: 'event',
        label: 'probe failures',
        primary: true,
        file: eventsFile('shop'),
        path: 'items[44]',
        type: 'Warning',
        reason: 'Unhealthy',
        message: 'Startup probe failed: Get "http://10.244.2.19:9090/ready": dial tcp 10.244.2.19:9090: connect: connection refused',
        count: 180,
        object: 'Pod/ledger-0',
        firstTime: '2025-03-04T09:41:00Z',
        lastTime: '2025-03-04T10:02:10Z',
      },
      {
        kind: 'event',
        label: 'kill',
        file: eventsFile('shop'),
        path: 'items[45]',
        type: 'Normal',
        reason: 'Killing',
        message: 'Container ledger failed startup probe, will be restarted',
        count: 6,
        object: 'Pod/ledger-0',
      },
      {
        kind: 'field',
        label: 'last termination',
        file: podsFile('shop'),
        path: 'items[11].status.containerStatuses[0].lastState.terminated',
        value: { exitCode: 143, reason: 'Error' },
      },
    ],
    fix: {
      summary: 'make the startup probe check the port the app listens on, and give the boot enough time',
      steps: ['check that ledger listens on 9090 (containerPort and the app\'s config agree)', 'raise startupProbe.failureThreshold if the boot is slow'],
      owner: 'application',
    },
  }),

  'wrong-command-or-args': finding({
    pod: 'worker-5f6c7d8b9-7hq2p',
    container: 'worker',
    workload: { kind: 'Deployment', name: 'worker' },
    cause: 'wrong-command-or-args',
    severity: 80,
    summary: 'the runtime could not start worker: exec: "celery": executable file not found in $PATH (StartError, exit 128)',
    messageId: 'notInPath',
    data: { exitCode: 128, executable: 'celery' },
    restartCount: 11,
    evidence: [
      {
        kind: 'field',
        label: 'last termination',
        primary: true,
        file: podsFile('shop'),
        path: 'items[9].status.containerStatuses[0].lastState.terminated.message',
        value:
          'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "celery": executable file not found in $PATH: unknown',
      },
      {
        kind: 'field',
        label: 'command',
        file: podsFile('shop'),
        path: 'items[9].spec.containers[0].command',
        value: ['celery', '-A', 'shop.tasks', 'worker'],
      },
      {
        kind: 'event',
        label: 'start failure',
        file: eventsFile('shop'),
        type: 'Warning',
        reason: 'Failed',
        message:
          'Error: failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "celery": executable file not found in $PATH: unknown',
        count: 11,
        object: 'Pod/worker-5f6c7d8b9-7hq2p',
      },
    ],
    fix: {
      summary: 'point command at an executable that exists in the image, or install it',
      steps: ['check the image: docker run --rm --entrypoint sh IMAGE -c "command -v celery"', 'use the full path or the image\'s own entrypoint'],
      snippet: { language: 'yaml', code: 'command: ["python", "-m", "celery", "-A", "shop.tasks", "worker"]\n' },
      owner: 'application',
    },
  }),

  'image-platform-mismatch': finding({
    pod: 'imgproxy-7d9c8b6f5-pl4mn',
    container: 'imgproxy',
    workload: { kind: 'Deployment', name: 'imgproxy' },
    cause: 'image-platform-mismatch',
    severity: 78,
    summary: 'imgproxy\'s image was built for another CPU architecture than its arm64 node: exec format error',
    messageId: 'execFormat',
    data: { nodeArchitecture: 'arm64' },
    restartCount: 8,
    evidence: [
      {
        kind: 'log',
        label: 'previous log',
        primary: true,
        file: previousLog('shop', 'imgproxy-7d9c8b6f5-pl4mn', 'imgproxy'),
        lines: [{ number: 1, text: 'exec /usr/local/bin/imgproxy: exec format error' }],
        decisiveLine: 1,
      },
      {
        kind: 'field',
        label: 'node architecture',
        file: 'cluster-resources/nodes.json',
        path: 'items[2].status.nodeInfo.architecture',
        value: 'arm64',
      },
    ],
    fix: {
      summary: 'publish a multi-arch image (linux/amd64 and linux/arm64) or pin the pod to amd64 nodes',
      steps: ['docker buildx build --platform linux/amd64,linux/arm64 -t registry.example.com/imgproxy:3.24 --push .'],
      snippet: { language: 'yaml', code: 'nodeSelector:\n  kubernetes.io/arch: amd64\n' },
      owner: 'application',
    },
  }),

  'boot-dependency-unavailable': finding({
    pod: 'orders-84c6d7f9b-vw5zt',
    container: 'orders',
    workload: { kind: 'Deployment', name: 'orders' },
    cause: 'boot-dependency-unavailable',
    severity: 60,
    summary: 'orders exits at start-up because postgres:5432 refuses connections; Service postgres has no ready endpoints',
    messageId: 'refusedNoEndpoints',
    data: { host: 'postgres', port: 5432, readyEndpoints: 0 },
    restartCount: 5,
    evidence: [
      {
        kind: 'log',
        label: 'previous log',
        primary: true,
        file: previousLog('shop', 'orders-84c6d7f9b-vw5zt', 'orders'),
        lines: [
          { number: 1, text: '{"level":"info","msg":"starting orders","version":"2.8.1"}' },
          { number: 2, text: '{"level":"info","msg":"connecting to database","host":"postgres"}' },
          { number: 3, text: 'panic: dial tcp 10.96.14.202:5432: connect: connection refused' },
          { number: 4, text: '' },
          { number: 5, text: 'goroutine 1 [running]:' },
          { number: 6, text: 'main.main()' },
          { number: 7, text: '\t/src/cmd/orders/main.go:41 +0x1c5' },
        ],
        decisiveLine: 3,
      },
      {
        kind: 'field',
        label: 'endpoints of postgres',
        file: 'cluster-resources/endpoints/shop.json',
        path: 'items[3].subsets',
        value: null,
      },
    ],
    fix: {
      summary: 'retry the connection with back-off at start-up, or wait for postgres in an init container',
      steps: ['retry the database connection with exponential back-off instead of panicking', 'or add an init container that waits for postgres:5432'],
      snippet: {
        language: 'yaml',
        code: 'initContainers:\n  - name: wait-for-postgres\n    image: postgres:16-alpine\n    command: ["sh", "-c", "until pg_isready -h postgres -p 5432; do sleep 2; done"]\n',
      },
      owner: 'application',
    },
  }),

  'image-pull-failure': finding({
    pod: 'recommender-6d5c4b3a2-zz9yx',
    container: 'recommender',
    workload: { kind: 'Deployment', name: 'recommender' },
    cause: 'image-pull-failure',
    severity: 65,
    summary: 'the image registry.example.com/shop/recommender:2.4.0 cannot be pulled: not found',
    messageId: 'notFound',
    data: { image: 'registry.example.com/shop/recommender:2.4.0', reason: 'not-found' },
    restartCount: 0,
    evidence: [
      {
        kind: 'event',
        label: 'pull failure',
        primary: true,
        file: eventsFile('shop'),
        type: 'Warning',
        reason: 'Failed',
        message:
          'Failed to pull image "registry.example.com/shop/recommender:2.4.0": rpc error: code = NotFound desc = failed to pull and unpack image "registry.example.com/shop/recommender:2.4.0": failed to resolve reference "registry.example.com/shop/recommender:2.4.0": registry.example.com/shop/recommender:2.4.0: not found',
        count: 7,
        object: 'Pod/recommender-6d5c4b3a2-zz9yx',
      },
      {
        kind: 'field',
        label: 'current state',
        file: podsFile('shop'),
        path: 'items[14].status.containerStatuses[0].state.waiting.message',
        value: 'Back-off pulling image "registry.example.com/shop/recommender:2.4.0"',
      },
    ],
    fix: {
      summary: 'fix the image reference: the tag 2.4.0 does not exist in the repository',
      steps: ['list the tags: crane ls registry.example.com/shop/recommender', 'correct the tag in the Deployment'],
      owner: 'application',
    },
    timeline: [
      { time: '2025-03-04T09:50:00Z', kind: 'event', label: 'Pulling', detail: 'Pulling image "registry.example.com/shop/recommender:2.4.0"' },
      { time: '2025-03-04T09:50:01Z', kind: 'event', label: 'Failed', detail: 'Error: ErrImagePull' },
      { time: '2025-03-04T09:51:10Z', kind: 'event', label: 'BackOff', detail: 'Back-off pulling image' },
      { time: CAPTURED, kind: 'captured', label: 'bundle captured' },
    ],
  }),

  'missing-config': finding({
    pod: 'payments-5b8c9d7e6-mn3kp',
    container: 'payments',
    workload: { kind: 'Deployment', name: 'payments' },
    cause: 'missing-config',
    severity: 68,
    summary: 'payments cannot be created: secret "payments-stripe" not found',
    messageId: 'secretMissing',
    data: { kind: 'Secret', name: 'payments-stripe' },
    restartCount: 0,
    evidence: [
      {
        kind: 'field',
        label: 'current state',
        primary: true,
        file: podsFile('shop'),
        path: 'items[12].status.containerStatuses[0].state.waiting',
        value: { reason: 'CreateContainerConfigError', message: 'secret "payments-stripe" not found' },
      },
      {
        kind: 'event',
        label: 'kubelet',
        file: eventsFile('shop'),
        type: 'Warning',
        reason: 'Failed',
        message: 'Error: secret "payments-stripe" not found',
        count: 12,
        object: 'Pod/payments-5b8c9d7e6-mn3kp',
      },
      { kind: 'note', label: 'secrets in shop', text: 'the bundle lists 9 Secrets in namespace shop; none is named payments-stripe' },
    ],
    fix: {
      summary: 'create the Secret payments-stripe in namespace shop, or fix the name the pod refers to',
      steps: ['kubectl -n shop create secret generic payments-stripe --from-literal=api-key=…'],
      snippet: { language: 'shell', code: 'kubectl -n shop get secret payments-stripe\nkubectl -n shop create secret generic payments-stripe --from-file=api-key=./stripe.key\n' },
      owner: 'application',
    },
  }),

  evicted: finding({
    pod: 'reports-7f6e5d4c3-ab12c',
    container: 'reports',
    workload: { kind: 'Deployment', name: 'reports' },
    cause: 'evicted',
    severity: 55,
    summary: 'reports was evicted: the node was low on memory and reports used 1.9Gi with a request of 0',
    messageId: 'memoryPressure',
    data: { resource: 'memory' },
    restartCount: 0,
    evidence: [
      {
        kind: 'field',
        label: 'pod status',
        primary: true,
        file: podsFile('shop'),
        path: 'items[20].status.message',
        value:
          'The node was low on resource: memory. Threshold quantity: 100Mi, available: 87632Ki. Container reports was using 1998848Ki, request is 0, has larger consumption of memory. ',
      },
      {
        kind: 'event',
        label: 'node pressure',
        file: 'cluster-resources/events/default.json',
        type: 'Warning',
        reason: 'EvictionThresholdMet',
        message: 'Attempting to reclaim memory',
        count: 3,
        object: 'Node/ip-10-0-3-17.eu-west-1.compute.internal',
      },
    ],
    fix: {
      summary: 'set a memory request that matches what reports uses, so the scheduler places it where it fits',
      steps: ['set resources.requests.memory to the observed use (about 2Gi)'],
      snippet: { language: 'yaml', code: 'resources:\n  requests:\n    memory: 2Gi\n  limits:\n    memory: 2560Mi\n' },
      owner: 'application',
    },
  }),

  unknown: finding({
    pod: 'mailer-6c5b4a3d2-qq7rr',
    container: 'mailer',
    workload: { kind: 'Deployment', name: 'mailer' },
    cause: 'unknown',
    confidence: 'low',
    severity: 30,
    summary: 'mailer exited with code 2 and no rule recognised why: the bundle has no previous log for it',
    messageId: 'noPreviousLog',
    data: { exitCode: 2 },
    restartCount: 4,
    evidence: [
      {
        kind: 'field',
        label: 'last termination',
        primary: true,
        file: podsFile('shop'),
        path: 'items[22].status.containerStatuses[0].lastState.terminated',
        value: { exitCode: 2, reason: 'Error' },
      },
      {
        kind: 'note',
        label: 'missing evidence',
        text: 'previous terminated container "mailer" in pod "mailer-6c5b4a3d2-qq7rr" not found',
      },
    ],
    fix: {
      summary: 'collect the previous log and look at how the container exits',
      steps: ['kubectl -n shop logs mailer-6c5b4a3d2-qq7rr -c mailer --previous', 'set terminationMessagePolicy: FallbackToLogsOnError so the status keeps the log tail'],
      owner: 'application',
    },
  }),
};

/** A report holding one finding, for the per-cause goldens. */
export function reportWith(findings: Finding[], overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generator: { name: 'podmortem', version: '0.1.0' },
    bundles: [bundleEu],
    findings,
    escalation: {
      escalate: false,
      summary: 'no escalation check fired: every crash has a cause the application team can fix',
      checks: [],
      teamFixes: findings.map((f) => `${f.namespace}/${f.workload.name}: ${f.fix.summary}`),
    },
    errors: [],
    ...overrides,
  };
}

export const sameMemoryOomCheck: EscalationCheck = {
  kind: 'same-memory-oom',
  summary: '3 unrelated workloads in shop were OOMKilled at the same 256Mi limit, set by the namespace LimitRange default',
  bundles: [EU],
  findings: ['0/shop/api-7c9d5b6f4-x2k4f/api', '0/shop/cart-5c4d3e2f1-gh7jk/cart', '0/shop/catalog-6f5e4d3c2-lm8no/catalog'],
  evidence: [
    {
      kind: 'table',
      label: 'OOMKilled containers',
      primary: true,
      columns: ['workload', 'container', 'limit', 'limit set by'],
      rows: [
        ['Deployment/api', 'api', '256Mi', 'LimitRange default'],
        ['Deployment/cart', 'cart', '256Mi', 'LimitRange default'],
        ['Deployment/catalog', 'catalog', '256Mi', 'LimitRange default'],
      ],
    },
    {
      kind: 'field',
      label: 'LimitRange',
      file: 'cluster-resources/limitranges/shop.json',
      path: 'items[0].spec.limits[0].default.memory',
      value: '256Mi',
    },
    {
      kind: 'field',
      label: 'admission annotation',
      file: podsFile('shop'),
      path: 'items[4].metadata.annotations["kubernetes.io/limit-ranger"]',
      value: 'LimitRanger plugin set: memory limit for container api',
    },
  ],
  fix: {
    summary: 'raise or remove the LimitRange default for memory in shop; it caps workloads that set no limit',
    steps: ['kubectl -n shop get limitrange -o yaml', 'agree a default with the teams, or require explicit limits'],
    owner: 'platform',
  },
};

export const kubeletOverloadedCheck: EscalationCheck = {
  kind: 'kubelet-overloaded',
  summary: 'probe timeouts in 4 unrelated pods all on node ip-10-0-3-17, which reports PLEG is not healthy and runs 108 pods',
  bundles: [EU],
  findings: ['0/shop/search-5d8f7c9b4-q2m7x/search'],
  evidence: [
    {
      kind: 'field',
      label: 'node Ready condition',
      primary: true,
      file: 'cluster-resources/nodes.json',
      path: 'items[2].status.conditions[4].message',
      value: 'PLEG is not healthy: pleg was last seen active 3m5.3s ago; threshold is 3m0s',
    },
    {
      kind: 'table',
      label: 'probe timeouts by node',
      columns: ['node', 'pods with timeouts', 'pods on node'],
      rows: [
        ['ip-10-0-3-17.eu-west-1.compute.internal', '4', '108'],
        ['ip-10-0-1-22.eu-west-1.compute.internal', '0', '31'],
        ['ip-10-0-2-40.eu-west-1.compute.internal', '0', '29'],
      ],
      highlightRows: [0],
    },
  ],
  fix: {
    summary: 'drain and inspect ip-10-0-3-17: the kubelet is too slow to run probes in time',
    steps: ['kubectl drain ip-10-0-3-17.eu-west-1.compute.internal --ignore-daemonsets', 'check maxPods and the node\'s CPU and disk pressure'],
    owner: 'platform',
  },
};

export const crossClusterCheck: EscalationCheck = {
  kind: 'cross-cluster-difference',
  summary: 'Deployment shop/inventory runs the same image in both clusters but crash-loops only in prod-us (Kubernetes v1.33.2)',
  bundles: [EU, US],
  findings: ['1/shop/inventory-7b6a5c4d3-rs2tu/inventory'],
  evidence: [
    {
      kind: 'log',
      label: 'previous log in prod-us',
      primary: true,
      file: previousLog('shop', 'inventory-7b6a5c4d3-rs2tu', 'inventory'),
      lines: [
        { number: 12, text: 'Exception in thread "main" io.fabric8.kubernetes.client.KubernetesClientException: Failed to parse /version' },
        {
          number: 13,
          text: 'Caused by: com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException: Unrecognized field "emulationMajor" (class io.fabric8.kubernetes.client.VersionInfo), not marked as ignorable',
        },
      ],
      decisiveLine: 13,
    },
    {
      kind: 'table',
      label: 'Deployment shop/inventory side by side',
      primary: false,
      role: 'comparison',
      columns: ['', 'prod-eu (healthy)', 'prod-us (crash-looping)'],
      rows: [
        ['image', 'registry.example.com/shop/inventory:5.1.2', 'registry.example.com/shop/inventory:5.1.2'],
        ['Kubernetes version', 'v1.30.4', 'v1.33.2'],
        ['kubelet', 'v1.30.4-eks-ae9a62a', 'v1.33.2-eks-1a2b3c4'],
        ['container runtime', 'containerd://1.7.22', 'containerd://1.7.27'],
        ['kernel', '5.10.225-213.878.amzn2.x86_64', '6.1.128-136.201.amzn2023.x86_64'],
        ['OS image', 'Amazon Linux 2', 'Amazon Linux 2023.6.20250211'],
        ['architecture', 'amd64', 'amd64'],
        ['pod spec', 'identical', 'identical'],
      ],
      highlightRows: [1, 2, 3, 4, 5],
    },
  ],
  fix: {
    summary: 'upgrade the fabric8 Kubernetes client in inventory: clients older than 6.x fail on the 1.33 /version fields',
    steps: ['upgrade io.fabric8:kubernetes-client to a release that ignores unknown fields', 'until then, keep inventory on clusters before 1.33'],
    owner: 'platform',
  },
};

const inventoryUs = finding({
  pod: 'inventory-7b6a5c4d3-rs2tu',
  container: 'inventory',
  workload: { kind: 'Deployment', name: 'inventory' },
  cause: 'app-error-at-startup',
  severity: 70,
  bundle: US,
  bundleIndex: 1,
  summary: 'inventory exits with code 1 during start-up: UnrecognizedPropertyException: Unrecognized field "emulationMajor"',
  messageId: 'exception',
  restartCount: 17,
  evidence: [crossClusterCheck.evidence[0]!],
  fix: {
    summary: 'upgrade the Kubernetes client library the app uses',
    steps: ['upgrade io.fabric8:kubernetes-client'],
    owner: 'application',
  },
});

function oomFor(name: string, pod: string, severity: number): Finding {
  const base = causeFindings['oom-killed'];
  return { ...base, id: `0/shop/${pod}/${name}`, pod, container: name, workload: { kind: 'Deployment', name }, severity, summary: base.summary.replace(/\bapi\b/, name) };
}

/** Escalates with same-memory-oom and kubelet-overloaded, over one bundle with several findings. */
export const escalatingReport: Report = reportWith(
  [
    causeFindings['oom-killed'],
    oomFor('cart', 'cart-5c4d3e2f1-gh7jk', 84),
    oomFor('catalog', 'catalog-6f5e4d3c2-lm8no', 83),
    causeFindings['liveness-probe-failure'],
    causeFindings['boot-dependency-unavailable'],
    { ...causeFindings['missing-config'], namespace: 'billing', id: '0/billing/payments-5b8c9d7e6-mn3kp/payments' },
  ],
  {
    escalation: {
      escalate: true,
      summary: 'a LimitRange default OOM-kills unrelated workloads, and one node\'s kubelet is overloaded',
      checks: [sameMemoryOomCheck, kubeletOverloadedCheck],
      teamFixes: [],
    },
  },
);

/** Two bundles; escalates with cross-cluster-difference and carries the side-by-side table. */
export const multiBundleReport: Report = reportWith([causeFindings['app-error-at-startup'], inventoryUs], {
  bundles: [bundleEu, bundleUs],
  escalation: {
    escalate: true,
    summary: 'Deployment shop/inventory crash-loops only in prod-us, which runs Kubernetes v1.33.2',
    checks: [crossClusterCheck],
    teamFixes: [],
  },
});

/** Every cause, nothing to escalate: the application team's fixes. */
export const nonEscalatingReport: Report = reportWith(CAUSE_IDS.map((cause) => causeFindings[cause]));

/** The realistic report used for the screenshot: several causes, both checks that fire on one bundle. */
export const showcaseReport: Report = reportWith(
  [...escalatingReport.findings, causeFindings['wrong-command-or-args'], causeFindings['image-pull-failure'], causeFindings.unknown],
  { escalation: escalatingReport.escalation, errors: [] },
);
