/**
 * The cluster the analyze benchmark reads: 2,000 pods of two containers each (an app and its proxy sidecar) in 20
 * namespaces, about 1% crash-looping with a mix of causes, the rest healthy — a few with one old restart they
 * recovered from. Built with the sample DSL (src/samples/cluster.ts), so statuses, events and the crash logs use
 * the same real kubelet and runtime strings as the sample bundles; the healthy logs' bulk is added by logs.ts.
 */
import { ClusterBuilder, DAY, HOUR, MINUTE, container, crashLoop, httpProbe, running } from '../samples/cluster.js';
import type { ContainerPlay, NodeHandle } from '../samples/cluster.js';
import { containerdExecNotFound, errorEvent, httpProbeTimeout, livenessKilling } from '../samples/kubelet-text.js';
import { nameSuffix } from '../samples/ids.js';
import type { ClusterModel } from '../samples/model.js';
import { pick } from './pick.js';

const NAMESPACES = 20;
/** Healthy deployments per namespace, each with this many replicas; plus one crashing deployment per namespace. */
const HEALTHY_DEPLOYMENTS = 9;
const REPLICAS = 11;
/** Every this-many healthy pod has one old restart it recovered from (a clean exit days ago). */
const RECOVERED_EVERY = 37;

/** How each app writes its log; the proxy sidecar always writes nginx access lines. */
export type LogStyle = 'json' | 'logfmt' | 'spring' | 'python' | 'nginx';
export const APP_STYLES: readonly LogStyle[] = ['json', 'logfmt', 'spring', 'python', 'json', 'logfmt', 'spring', 'python', 'logfmt'];
const SIDECAR = 'proxy';

const REGISTRY = 'registry.example.com/bench';

interface CrashCase {
  app: string;
  cause: string;
  play: (pod: { ip: string }) => ContainerPlay;
  spec?: Parameters<typeof container>[2];
  /** The dead instance ran for hours and wrote a log as long as a healthy one's (its size is set by logs.ts). */
  longLog?: LogStyle;
}

const springBoot = (app: string, at: string) => [
  `${at}.114Z  INFO 1 --- [${app}] [           main] c.e.bench.${app}.Application             : Starting Application v1 using Java 21.0.4 with PID 1 (/app/${app}.jar started by app in /app)`,
  `${at}.121Z  INFO 1 --- [${app}] [           main] c.e.bench.${app}.Application             : The following 1 profile is active: "prod"`,
];

/** The crash mix: one case per namespace, cycling. Log texts follow the runtimes' real output (see shop.ts). */
const CRASHES: readonly CrashCase[] = [
  {
    app: 'billing',
    cause: 'app-error-at-startup',
    play: () => ({
      story: crashLoop(17, '5m0s', { exitCode: 1, reason: 'Error', startedAgo: 181, finishedAgo: 180 }),
      previous: [
        '[2026-11-18 09:57:12 +0000] [1] [INFO] billing 3.2.0 starting',
        'Traceback (most recent call last):',
        '  File "/app/billing/settings.py", line 19, in from_env',
        '    database_url=os.environ["DATABASE_URL"],',
        '                 ~~~~~~~~~~^^^^^^^^^^^^^^^^',
        '  File "<frozen os>", line 714, in __getitem__',
        "KeyError: 'DATABASE_URL'",
      ],
    }),
  },
  {
    app: 'ledger',
    cause: 'app-error-at-startup',
    play: () => ({
      story: crashLoop(12, '5m0s', { exitCode: 1, reason: 'Error', startedAgo: 205, finishedAgo: 198 }),
      previous: [
        ...springBoot('ledger', '2026-11-18T09:56:41'),
        'Exception in thread "main" java.lang.IllegalStateException: Failed to load ledger rules from classpath:rules/ledger-2026.json',
        '\tat com.example.bench.ledger.RuleLoader.load(RuleLoader.java:58)',
        '\tat com.example.bench.ledger.Application.main(Application.java:22)',
        'Caused by: java.io.FileNotFoundException: class path resource [rules/ledger-2026.json] cannot be opened because it does not exist',
        '\t... 2 more',
      ],
    }),
  },
  {
    app: 'orders',
    cause: 'boot-dependency-unavailable',
    play: () => ({
      story: crashLoop(10, '5m0s', { exitCode: 1, reason: 'Error', startedAgo: 94, finishedAgo: 92 }),
      previous: [
        'time=2026-11-18T09:58:26.410Z level=INFO msg="orders starting" version=2.7.0',
        'time=2026-11-18T09:58:26.412Z level=INFO msg="connecting to database" host=postgres port=5432',
        'time=2026-11-18T09:58:26.415Z level=ERROR msg="cannot connect to database" err="dial tcp 10.96.112.40:5432: connect: connection refused"',
      ],
    }),
  },
  {
    app: 'sessions',
    cause: 'boot-dependency-unavailable',
    play: () => ({
      story: crashLoop(25, '5m0s', { exitCode: 1, reason: 'Error', startedAgo: 222, finishedAgo: 221 }),
      previous: [
        'INFO:sessions.app:sessions 1.4.2 starting, session store redis-sessions:6379',
        'Traceback (most recent call last):',
        '  File "/app/sessions/store.py", line 18, in connect',
        '    client.ping()',
        'redis.exceptions.ConnectionError: Error -2 connecting to redis-sessions:6379. Name or service not known.',
      ],
    }),
  },
  {
    app: 'recommender',
    cause: 'oom-killed',
    spec: { resources: { limits: { memory: '512Mi' }, requests: { cpu: '100m', memory: '512Mi' } } },
    // Killed by the cgroup after hours of serving: the decisive fact is the status, the log is an ordinary one.
    longLog: 'spring',
    play: () => ({ story: crashLoop(3, '40s', { exitCode: 137, reason: 'OOMKilled', startedAgo: 5 * HOUR, finishedAgo: 35 }), previous: [] }),
  },
  {
    app: 'search',
    cause: 'oom-killed',
    spec: { env: [{ name: 'NODE_OPTIONS', value: '--max-old-space-size=256' }], resources: { limits: { memory: '1Gi' } } },
    play: () => ({
      story: crashLoop(27, '5m0s', { exitCode: 134, reason: 'Error', startedAgo: 282, finishedAgo: 242 }),
      previous: [
        '{"level":30,"time":1795081811204,"pid":1,"hostname":"search","msg":"search 2.2.0 starting"}',
        '',
        '<--- Last few GCs --->',
        '',
        '[1:0x5d2a1c0]    38211 ms: Mark-Compact 250.9 (258.7) -> 249.7 (258.9) MB, 612.35 / 0.00 ms  (average mu = 0.141, current mu = 0.022) allocation failure; scavenge might not succeed',
        '',
        '<--- JS stacktrace --->',
        '',
        'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
        '----- Native stack trace -----',
      ],
    }),
  },
  {
    app: 'inventory',
    cause: 'liveness-probe-failure',
    spec: { livenessProbe: httpProbe('/actuator/health/liveness', 8080, { initialDelaySeconds: 10 }) },
    play: ({ ip }) => ({
      story: crashLoop(9, '5m0s', { exitCode: 137, reason: 'Error', startedAgo: 101, finishedAgo: 41 }),
      previous: [
        ...springBoot('inventory', '2026-11-18T09:58:20'),
        '2026-11-18T09:58:49.330Z  INFO 1 --- [inventory] [           main] c.e.bench.inventory.StockWarmup          : Warming stock cache: 18000 of 240000 SKUs',
      ],
      events: [
        { reason: 'Unhealthy', type: 'Warning', message: httpProbeTimeout('Liveness', `http://${ip}:8080/actuator/health/liveness`), count: 30, firstAgo: 58 * MINUTE, lastAgo: 71 },
        { reason: 'Killing', message: livenessKilling('inventory'), count: 10, firstAgo: 57 * MINUTE, lastAgo: 71 },
      ],
    }),
  },
  {
    app: 'notifier',
    cause: 'wrong-command-or-args',
    spec: { command: ['notifier-server'] },
    play: () => ({
      story: crashLoop(12, '5m0s', { exitCode: 128, reason: 'StartError', finishedAgo: 137, message: containerdExecNotFound('notifier-server') }),
      previous: [],
      events: [{ reason: 'Failed', type: 'Warning', message: errorEvent(containerdExecNotFound('notifier-server')), count: 13, firstAgo: 44 * MINUTE, lastAgo: 137 }],
    }),
  },
  {
    app: 'gateway',
    cause: 'app-error-at-startup',
    play: () => ({
      story: crashLoop(11, '5m0s', { exitCode: 1, reason: 'Error', startedAgo: 301, finishedAgo: 301 }),
      previous: [
        '/docker-entrypoint.sh: Configuration complete; ready for start up',
        '2026/11/18 09:55:02 [emerg] 1#1: unknown directive "proxy_passs" in /etc/nginx/conf.d/default.conf:14',
        'nginx: [emerg] unknown directive "proxy_passs" in /etc/nginx/conf.d/default.conf:14',
      ],
    }),
  },
  {
    app: 'metrics',
    cause: 'app-error-at-startup',
    play: () => ({
      story: crashLoop(21, '5m0s', { exitCode: 2, reason: 'Error', startedAgo: 208, finishedAgo: 208 }),
      previous: [
        'time=2026-11-18T09:57:40.112Z level=INFO msg="metrics starting" version=0.31.0 listen=:9102',
        'panic: runtime error: invalid memory address or nil pointer dereference',
        '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x5d2f1c]',
        '',
        'goroutine 1 [running]:',
        'main.(*scraper).register(0x0, {0x40001a2b40, 0x1f})',
        '\t/src/cmd/metrics/scraper.go:88 +0x2c',
        'main.main()',
        '\t/src/cmd/metrics/main.go:61 +0x3e8',
      ],
    }),
  },
];

export interface BenchContainer {
  namespace: string;
  pod: string;
  container: string;
  style: LogStyle;
  /** Crash containers' dead instance log (the model's lines); healthy logs are generated. */
  crash?: { cause: string; longLog?: LogStyle };
  /** A healthy container with one old restart: it has a previous log too. */
  recovered?: boolean;
}

export interface BenchCluster {
  model: ClusterModel;
  containers: BenchContainer[];
}

const proxy = container(SIDECAR, 'nginx:1.27.2', { ports: [{ containerPort: 8443, protocol: 'TCP' }], resources: { limits: { memory: '64Mi' }, requests: { cpu: '50m', memory: '32Mi' } } });

export function benchCluster(): BenchCluster {
  const cluster = new ClusterBuilder({
    name: 'bench-prod',
    context: 'bench-prod',
    capturedAt: '2026-11-18T10:00:00Z',
    version: { major: '1', minor: '30', gitVersion: 'v1.30.4', platform: 'linux/amd64' },
  });
  const nodes: NodeHandle[] = Array.from({ length: 40 }, (_, i) =>
    cluster.node(`ip-10-30-${Math.floor(i / 16)}-${10 + (i % 16)}.ec2.internal`, {
      arch: 'amd64',
      kubeletVersion: 'v1.30.4',
      runtime: 'containerd://1.7.22',
      osImage: 'Ubuntu 22.04.4 LTS',
      kernel: '6.8.0-1015-aws',
      cpu: '16',
      memory: '65842196Ki',
      allocatableMemory: '64825364Ki',
      maxPods: 110,
      podCIDR: `10.244.${i}.0/24`,
      internalIP: `10.30.${Math.floor(i / 16)}.${10 + (i % 16)}`,
      zone: `us-east-1${pick(['a', 'b', 'c'], i)}`,
      instanceType: 'm6i.4xlarge',
      createdAgo: 40 * DAY,
    }),
  );
  const containers: BenchContainer[] = [];
  let podIndex = 0;
  for (let n = 0; n < NAMESPACES; n++) {
    const namespace = `team-${String(n).padStart(2, '0')}`;
    const ns = cluster.namespace(namespace);
    for (let d = 0; d < HEALTHY_DEPLOYMENTS; d++) {
      const app = `svc-${String(d)}`;
      const style = pick(APP_STYLES, n + d);
      const handle = ns.deployment(app, { containers: [container('app', `${REGISTRY}/${app}:1.${n}.${d}`, { ports: [{ containerPort: 8080, protocol: 'TCP' }] }), proxy], replicas: REPLICAS });
      for (let r = 0; r < REPLICAS; r++) {
        const recovered = podIndex++ % RECOVERED_EVERY === RECOVERED_EVERY - 1;
        const node = pick(nodes, n * 7 + d * 3 + r);
        const appStory = recovered
          ? running(4 * DAY, { restarts: 1, last: { exitCode: 0, reason: 'Completed', startedAgo: 9 * DAY, finishedAgo: 4 * DAY } })
          : running(9 * DAY);
        const pod = `${app}-${nameSuffix(10, namespace, app)}-${nameSuffix(5, namespace, app, String(r))}`;
        handle.pod({ name: pod, node, createdAgo: 9 * DAY, containers: { app: { story: appStory }, [SIDECAR]: { story: running(9 * DAY) } } });
        containers.push({ namespace, pod, container: 'app', style, recovered }, { namespace, pod, container: SIDECAR, style: 'nginx' });
      }
    }
    const crash = pick(CRASHES, n);
    const ip = `10.244.${n}.200`;
    const pod = `${crash.app}-${nameSuffix(10, namespace, crash.app)}-${nameSuffix(5, namespace, crash.app)}`;
    ns.deployment(crash.app, { containers: [container(crash.app, `${REGISTRY}/${crash.app}:2.0.${n}`, crash.spec ?? {}), proxy] }).pod({
      name: pod,
      node: pick(nodes, n),
      podIP: ip,
      createdAgo: 6 * HOUR,
      containers: { [crash.app]: crash.play({ ip }), [SIDECAR]: { story: running(6 * HOUR) } },
      expect: [{ container: crash.app, cause: crash.cause, note: `bench crash ${n}` }],
    });
    containers.push(
      { namespace, pod, container: crash.app, style: crash.longLog ?? 'json', crash: { cause: crash.cause, longLog: crash.longLog } },
      { namespace, pod, container: SIDECAR, style: 'nginx' },
    );
  }
  return { model: cluster.build(), containers };
}
