/**
 * `shop-prod-eu` and `shop-prod-us`: one online shop on two clusters.
 *
 * EU (Kubernetes v1.30, containerd, arm64 nodes) holds every crash cause, each in its own workload, next to healthy
 * ones. US (v1.29, CRI-O, amd64 nodes) runs the same shop mostly healthy; its `image-resizer` — the same image that
 * dies with `exec format error` on EU's arm64 nodes — is healthy there.
 */
import type { Container } from 'kubernetes-types/core/v1.js';
import { ClusterBuilder, DAY, HOUR, MINUTE, container, crashLoop, execProbe, httpProbe, removedAfterEviction, running, waiting } from '../cluster.js';
import type { NodeHandle, NodeInput, SampleContainer } from '../cluster.js';
import {
  NODE_CONDITIONS,
  alreadyPresentEvent,
  containerdExecNotFound,
  containerdNotFound,
  createdEvent,
  errorEvent,
  evictionMessage,
  evictionThresholdMetEvent,
  httpProbeRefused,
  httpProbeTimeout,
  livenessKilling,
  missingConfigMapKey,
  noPreviousLogError,
  nodeStatusEvent,
  pullBackOffEvent,
  pullBackOffWaiting,
  pullFailedEvent,
  pullingEvent,
  startedEvent,
  startupKilling,
  stoppingContainer,
  systemOomEvent,
  terminatedLogError,
  waitingToStartLogError,
} from '../kubelet-text.js';
import type { ClusterModel } from '../model.js';

const REGISTRY = 'registry.example.com/shop';
/** When the kubelet of EU's third node evicted reporting/report-worker, in seconds before capture. */
const EVICTED_AGO = 41 * MINUTE + 17;
const img = (name: string, tag: string) => `${REGISTRY}/${name}:${tag}`;
const mem = (limit: string, request = limit) => ({ limits: { memory: limit }, requests: { cpu: '100m', memory: request } });

interface Region {
  name: string;
  capturedAt: string;
  gitVersion: string;
  platform: string;
  goVersion: string;
  buildDate: string;
  gitCommit: string;
  nodes: Array<[string, Partial<NodeInput>]>;
  node: Omit<NodeInput, 'podCIDR' | 'internalIP' | 'zone'>;
}

const EU: Region = {
  name: 'shop-prod-eu',
  capturedAt: '2026-11-18T10:00:00Z',
  gitVersion: 'v1.30.4',
  platform: 'linux/arm64',
  goVersion: 'go1.22.5',
  buildDate: '2024-08-14T19:04:51Z',
  gitCommit: 'a51b3b711150f57ffc1f526a640ec058514ed596',
  nodes: [
    ['ip-10-20-11-34.eu-west-1.compute.internal', { podCIDR: '10.244.1.0/24', internalIP: '10.20.11.34', zone: 'eu-west-1a' }],
    ['ip-10-20-12-87.eu-west-1.compute.internal', { podCIDR: '10.244.2.0/24', internalIP: '10.20.12.87', zone: 'eu-west-1b' }],
    [
      'ip-10-20-13-15.eu-west-1.compute.internal',
      {
        podCIDR: '10.244.3.0/24',
        internalIP: '10.20.13.15',
        zone: 'eu-west-1c',
        // Back to False 5m (evictionPressureTransitionPeriod) after the kubelet evicted reporting/report-worker.
        conditions: { MemoryPressure: { status: 'False', ...NODE_CONDITIONS.memoryOk, sinceAgo: EVICTED_AGO - 5 * MINUTE - 8 } },
      },
    ],
  ],
  node: {
    arch: 'arm64',
    kubeletVersion: 'v1.30.4',
    runtime: 'containerd://1.7.22',
    osImage: 'Ubuntu 22.04.4 LTS',
    kernel: '6.8.0-1015-aws',
    cpu: '4',
    memory: '16209724Ki',
    allocatableMemory: '15192892Ki',
    instanceType: 'm7g.xlarge',
    createdAgo: 34 * DAY,
  },
};

const US: Region = {
  name: 'shop-prod-us',
  capturedAt: '2026-11-18T10:20:00Z',
  gitVersion: 'v1.29.8',
  platform: 'linux/amd64',
  goVersion: 'go1.22.5',
  buildDate: '2024-08-14T19:52:45Z',
  gitCommit: '8e9a9f1f7c4a6d3f0c5f1a1bcf7b3d3b36e3f8d4',
  nodes: [
    ['ip-10-40-21-9.us-east-2.compute.internal', { podCIDR: '10.245.1.0/24', internalIP: '10.40.21.9', zone: 'us-east-2a' }],
    ['ip-10-40-22-140.us-east-2.compute.internal', { podCIDR: '10.245.2.0/24', internalIP: '10.40.22.140', zone: 'us-east-2b' }],
    ['ip-10-40-23-61.us-east-2.compute.internal', { podCIDR: '10.245.3.0/24', internalIP: '10.40.23.61', zone: 'us-east-2c' }],
  ],
  node: {
    arch: 'amd64',
    kubeletVersion: 'v1.29.8',
    runtime: 'cri-o://1.29.6',
    osImage: 'Red Hat Enterprise Linux 9.4 (Plow)',
    kernel: '5.14.0-427.31.1.el9_4.x86_64',
    cpu: '4',
    memory: '16116152Ki',
    allocatableMemory: '15099320Ki',
    instanceType: 'm6i.xlarge',
    createdAgo: 51 * DAY,
  },
};

function regionCluster(region: Region): { cluster: ClusterBuilder; nodes: NodeHandle[] } {
  // The AWS region is the first node's zone without its letter.
  const zone = region.nodes[0]?.[1].zone ?? '';
  const cluster = new ClusterBuilder({
    name: region.name,
    context: `arn:aws:eks:${zone.slice(0, -1)}:481516234200:cluster/${region.name}`,
    capturedAt: region.capturedAt,
    version: {
      major: '1',
      minor: region.gitVersion.split('.')[1],
      gitVersion: region.gitVersion,
      gitCommit: region.gitCommit,
      gitTreeState: 'clean',
      buildDate: region.buildDate,
      goVersion: region.goVersion,
      compiler: 'gc',
      platform: region.platform,
    },
  });
  const nodes = region.nodes.map(([name, extra]) => cluster.node(name, { ...region.node, ...extra } as NodeInput));
  return { cluster, nodes };
}

// ---- the shop's workloads: specs shared by both regions ----------------------------------------------------------

const frontend = container('frontend', img('frontend', '2.4.1'), {
  ports: [{ containerPort: 8080, protocol: 'TCP' }],
  resources: mem('128Mi', '64Mi'),
  readinessProbe: httpProbe('/healthz', 8080, { periodSeconds: 5 }),
});
const catalog = container('catalog', img('catalog', '1.19.0'), {
  ports: [{ containerPort: 8080, protocol: 'TCP' }],
  resources: mem('256Mi', '128Mi'),
  livenessProbe: httpProbe('/healthz', 8080, { initialDelaySeconds: 5 }),
  readinessProbe: httpProbe('/ready', 8080),
});
const redis = container('redis', 'redis:7.2.5', {
  ports: [{ containerPort: 6379, protocol: 'TCP' }],
  resources: mem('512Mi', '256Mi'),
  readinessProbe: execProbe(['redis-cli', 'ping']),
});
const postgres = container('postgres', 'postgres:16.4', {
  ports: [{ containerPort: 5432, protocol: 'TCP' }],
  env: [{ name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' }],
  resources: mem('2Gi', '1Gi'),
  readinessProbe: execProbe(['pg_isready', '-U', 'shop'], { timeoutSeconds: 5 }),
});
const checkout = container('checkout', img('checkout', '3.1.0'), {
  ports: [{ containerPort: 8080, protocol: 'TCP' }],
  resources: mem('768Mi', '512Mi'),
  env: [{ name: 'SPRING_PROFILES_ACTIVE', value: 'prod' }],
});
const payments = container('payments', img('payments', '1.8.2'), {
  command: ['python', '-m', 'payments.server'],
  ports: [{ containerPort: 8000, protocol: 'TCP' }],
  resources: mem('256Mi', '128Mi'),
  env: [{ name: 'PAYMENTS_PROVIDER', value: 'adyen' }],
});
const edgeProxy = container('edge-proxy', 'nginx:1.27.2', {
  ports: [{ containerPort: 80, protocol: 'TCP' }],
  resources: mem('64Mi', '32Mi'),
  volumeMounts: [{ name: 'conf', mountPath: '/etc/nginx/conf.d', readOnly: true }],
});
const recommendations = container('recommendations', img('recommendations', '4.0.3'), {
  ports: [{ containerPort: 8080, protocol: 'TCP' }],
  env: [{ name: 'JAVA_TOOL_OPTIONS', value: '-XX:MaxRAMPercentage=90' }],
  resources: mem('256Mi', '256Mi'),
});
const searchSuggest = container('search-suggest', img('search-suggest', '2.2.0'), {
  ports: [{ containerPort: 3000, protocol: 'TCP' }],
  env: [{ name: 'NODE_OPTIONS', value: '--max-old-space-size=256' }],
  resources: mem('1Gi', '512Mi'),
});
const inventory = container('inventory', img('inventory', '5.3.1'), {
  command: ['sh', '-c', 'java $JAVA_OPTS -jar /app/inventory.jar'],
  ports: [{ containerPort: 8080, protocol: 'TCP' }],
  resources: mem('1Gi', '768Mi'),
  livenessProbe: httpProbe('/actuator/health/liveness', 8080, { initialDelaySeconds: 10 }),
  readinessProbe: httpProbe('/actuator/health/readiness', 8080, { initialDelaySeconds: 10 }),
});
const notifier = container('notifier', img('notifier', '0.9.4'), {
  command: ['notifier-server'],
  args: ['--config', '/etc/notifier/config.yaml'],
  resources: mem('128Mi', '64Mi'),
});
const orders = container('orders', img('orders', '2.7.0'), {
  command: ['python', '-m', 'orders.app'],
  ports: [{ containerPort: 8000, protocol: 'TCP' }],
  env: [{ name: 'DATABASE_HOST', value: 'postgres' }],
  resources: mem('256Mi', '128Mi'),
});
const sessions = container('sessions', img('sessions', '1.4.2'), {
  ports: [{ containerPort: 3000, protocol: 'TCP' }],
  env: [{ name: 'REDIS_HOST', value: 'redis-sessions' }],
  resources: mem('256Mi', '128Mi'),
});
const reviews = container('reviews', img('reviews', '2.3.0'), {
  ports: [{ containerPort: 8080, protocol: 'TCP' }],
  resources: mem('256Mi', '128Mi'),
});
const cart = container('cart', img('cart', '3.0.1'), {
  ports: [{ containerPort: 8080, protocol: 'TCP' }],
  env: [
    { name: 'DB_URL', valueFrom: { configMapKeyRef: { name: 'app-cfg', key: 'DB_URL' } } },
    { name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'app-cfg', key: 'LOG_LEVEL' } } },
  ],
  resources: mem('256Mi', '128Mi'),
});
const shippingMigrate = container('migrate', img('shipping', '1.12.0'), {
  command: ['alembic', 'upgrade', 'head'],
  resources: mem('256Mi', '128Mi'),
});
const shipping = container('shipping', img('shipping', '1.12.0'), {
  ports: [{ containerPort: 8000, protocol: 'TCP' }],
  resources: mem('256Mi', '128Mi'),
});
const metricsAgent = container('metrics-agent', img('metrics-agent', '0.31.0'), {
  restartPolicy: 'Always',
  args: ['--listen=:9102', '--scrape-interval=15s'],
  resources: mem('64Mi', '32Mi'),
});
const ledger = container('ledger', img('ledger', '6.0.0'), {
  ports: [{ containerPort: 8080, protocol: 'TCP' }],
  resources: mem('512Mi', '256Mi'),
});
const imageResizer = container('image-resizer', img('image-resizer', '1.6.0'), {
  ports: [{ containerPort: 8080, protocol: 'TCP' }],
  resources: mem('256Mi', '128Mi'),
});
const loyalty = container('loyalty', img('loyalty', '2.0.0'), {
  ports: [{ containerPort: 8080, protocol: 'TCP' }],
  env: [{ name: 'LOYALTY_REDIS_URL', value: 'redis://redis:6379/3' }],
  resources: mem('1Gi', '768Mi'),
  // 6 × 10 s = 60 s to boot; the tier cache warm-up alone takes longer.
  startupProbe: httpProbe('/actuator/health/liveness', 8080, { failureThreshold: 6 }),
  livenessProbe: httpProbe('/actuator/health/liveness', 8080),
  readinessProbe: httpProbe('/actuator/health/readiness', 8080),
});
// No requests or limits, in a namespace without a LimitRange: BestEffort, the first pod the kubelet evicts.
const reportWorker = container('report-worker', 'registry.example.com/reporting/report-worker:2.1.0', {
  args: ['--queue=reports', '--concurrency=1'],
  env: [{ name: 'REPORTS_REDIS_URL', value: 'redis://redis.shop.svc:6379/2' }],
});
const coredns = container('coredns', 'registry.k8s.io/coredns/coredns:v1.11.1', {
  args: ['-conf', '/etc/coredns/Corefile'],
  ports: [{ containerPort: 53, name: 'dns', protocol: 'UDP' }, { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' }],
  resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
  livenessProbe: httpProbe('/health', 8080, { initialDelaySeconds: 60, timeoutSeconds: 5, failureThreshold: 5 }),
});

// ---- application log texts ---------------------------------------------------------------------------------------

const SPRING_BANNER = [
  '',
  '  .   ____          _            __ _ _',
  " /\\\\ / ___'_ __ _ _(_)_ __  __ _ \\ \\ \\ \\",
  "( ( )\\___ | '_ | '_| | '_ \\/ _` | \\ \\ \\ \\",
  " \\\\/  ___)| |_)| | | | | || (_| |  ) ) ) )",
  "  '  |____| .__|_| |_|_| |_\\__, | / / / /",
  ' =========|_|==============|___/=/_/_/_/',
  '',
  ' :: Spring Boot ::                (v3.3.4)',
  '',
];

function springStart(app: string, at: string, pid: number): string[] {
  return [
    ...SPRING_BANNER,
    `${at}.114Z  INFO ${pid} --- [${app}] [           main] c.e.shop.${app}.Application            : Starting Application v1 using Java 21.0.4 with PID ${pid} (/app/${app}.jar started by app in /app)`,
    `${at}.121Z  INFO ${pid} --- [${app}] [           main] c.e.shop.${app}.Application            : The following 1 profile is active: "prod"`,
  ];
}

const checkoutPrevious = [
  ...springStart('checkout', '2026-11-18T09:56:41', 1),
  '2026-11-18T09:56:47.802Z  WARN 1 --- [checkout] [           main] ConfigServletWebServerApplicationContext : Exception encountered during context initialization - cancelling refresh attempt: org.springframework.beans.factory.BeanCreationException: Error creating bean with name \'taxCalculator\': Failed to instantiate [com.example.shop.checkout.tax.TaxCalculator]: Constructor threw exception',
  'Exception in thread "main" java.lang.IllegalStateException: Failed to load tax rules from classpath:tax/rules-2026.json',
  '\tat com.example.shop.checkout.tax.TaxRuleLoader.load(TaxRuleLoader.java:58)',
  '\tat com.example.shop.checkout.tax.TaxCalculator.<init>(TaxCalculator.java:31)',
  '\tat com.example.shop.checkout.Application.main(Application.java:22)',
  'Caused by: java.io.FileNotFoundException: class path resource [tax/rules-2026.json] cannot be opened because it does not exist',
  '\tat org.springframework.core.io.ClassPathResource.getInputStream(ClassPathResource.java:215)',
  '\tat com.example.shop.checkout.tax.TaxRuleLoader.load(TaxRuleLoader.java:52)',
  '\t... 2 more',
];

const paymentsPrevious = [
  '[2026-11-18 09:57:12 +0000] [1] [INFO] payments 1.8.2 starting (provider=adyen)',
  'Traceback (most recent call last):',
  '  File "<frozen runpy>", line 198, in _run_module_as_main',
  '  File "<frozen runpy>", line 88, in _run_code',
  '  File "/app/payments/server.py", line 41, in <module>',
  '    main()',
  '  File "/app/payments/server.py", line 33, in main',
  '    settings = Settings.from_env()',
  '               ^^^^^^^^^^^^^^^^^^^',
  '  File "/app/payments/settings.py", line 19, in from_env',
  '    database_url=os.environ["DATABASE_URL"],',
  '                 ~~~~~~~~~~^^^^^^^^^^^^^^^^',
  '  File "<frozen os>", line 714, in __getitem__',
  "KeyError: 'DATABASE_URL'",
];

const edgeProxyPrevious = [
  '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
  '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
  '10-listen-on-ipv6-by-default.sh: info: can not modify /etc/nginx/conf.d/default.conf (read-only file system?)',
  '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
  '/docker-entrypoint.sh: Configuration complete; ready for start up',
  '2026/11/18 09:55:02 [emerg] 1#1: unknown directive "proxy_passs" in /etc/nginx/conf.d/default.conf:14',
  'nginx: [emerg] unknown directive "proxy_passs" in /etc/nginx/conf.d/default.conf:14',
];

const recommendationsPrevious = [
  'Picked up JAVA_TOOL_OPTIONS: -XX:MaxRAMPercentage=90',
  ...springStart('recommendations', '2026-11-18T09:52:03', 1),
  '2026-11-18T09:52:09.441Z  INFO 1 --- [recommendations] [           main] o.s.b.w.embedded.tomcat.TomcatWebServer  : Tomcat initialized with port 8080 (http)',
  '2026-11-18T09:52:11.907Z  INFO 1 --- [recommendations] [           main] c.e.shop.recs.ModelLoader                : Loading similarity model from /models/item-item-2026-11.bin (412 MB)',
  '2026-11-18T09:52:17.018Z  INFO 1 --- [recommendations] [           main] c.e.shop.recs.ModelLoader                : Loaded 1200000 of 3400000 item vectors',
];

const searchSuggestPrevious = [
  '{"level":30,"time":1795081811204,"pid":1,"hostname":"search-suggest","msg":"search-suggest 2.2.0 starting"}',
  '{"level":30,"time":1795081811871,"pid":1,"hostname":"search-suggest","msg":"building prefix index from catalog snapshot"}',
  '',
  '<--- Last few GCs --->',
  '',
  '[1:0xffff8c0a1000]    38211 ms: Mark-Compact 250.9 (258.7) -> 249.7 (258.9) MB, 612.35 / 0.00 ms  (average mu = 0.141, current mu = 0.022) allocation failure; scavenge might not succeed',
  '[1:0xffff8c0a1000]    39062 ms: Mark-Compact 250.8 (258.9) -> 250.1 (259.4) MB, 840.12 / 0.00 ms  (average mu = 0.087, current mu = 0.011) allocation failure; scavenge might not succeed',
  '',
  '',
  '<--- JS stacktrace --->',
  '',
  'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
  '----- Native stack trace -----',
  '',
  ' 1: 0xc8e4a0 node::OOMErrorHandler(char const*, v8::OOMDetails const&) [node]',
  ' 2: 0x1030e1c v8::Utils::ReportOOMFailure(v8::internal::Isolate*, char const*, v8::OOMDetails const&) [node]',
];

const inventoryPrevious = [
  ...springStart('inventory', '2026-11-18T09:58:20', 7),
  '2026-11-18T09:58:31.206Z  INFO 7 --- [inventory] [           main] o.s.b.w.embedded.tomcat.TomcatWebServer  : Tomcat initialized with port 8080 (http)',
  '2026-11-18T09:58:38.714Z  INFO 7 --- [inventory] [           main] o.h.e.t.j.p.i.JtaPlatformInitiator       : HHH000489: No JTA platform available (set \'hibernate.transaction.jta.platform\' to enable JTA platform integration)',
  '2026-11-18T09:58:49.330Z  INFO 7 --- [inventory] [           main] c.e.shop.inventory.StockWarmup           : Warming stock cache: 18000 of 240000 SKUs',
  '2026-11-18T09:58:58.902Z  INFO 7 --- [inventory] [           main] c.e.shop.inventory.StockWarmup           : Warming stock cache: 41000 of 240000 SKUs',
];

/** Spring Boot killed by its startup probe at ~62 s while warming a cache: boot progress, never "Started". */
const loyaltyPrevious = [
  ...springStart('loyalty', '2026-11-18T09:55:12', 1),
  '2026-11-18T09:55:15.877Z  INFO 1 --- [loyalty] [           main] o.s.b.w.embedded.tomcat.TomcatWebServer  : Tomcat initialized with port 8080 (http)',
  '2026-11-18T09:55:15.902Z  INFO 1 --- [loyalty] [           main] o.apache.catalina.core.StandardService   : Starting service [Tomcat]',
  '2026-11-18T09:55:15.903Z  INFO 1 --- [loyalty] [           main] o.apache.catalina.core.StandardEngine    : Starting Servlet engine: [Apache Tomcat/10.1.30]',
  '2026-11-18T09:55:16.034Z  INFO 1 --- [loyalty] [           main] o.a.c.c.C.[Tomcat].[localhost].[/]       : Initializing Spring embedded WebApplicationContext',
  '2026-11-18T09:55:16.036Z  INFO 1 --- [loyalty] [           main] w.s.c.ServletWebServerApplicationContext : Root WebApplicationContext: initialization completed in 3691 ms',
  '2026-11-18T09:55:17.512Z  INFO 1 --- [loyalty] [           main] c.e.shop.loyalty.cache.TierCacheWarmer   : Warming member tier cache from redis://redis:6379/3 (3120000 members, batch 50000)',
  '2026-11-18T09:55:27.948Z  INFO 1 --- [loyalty] [           main] c.e.shop.loyalty.cache.TierCacheWarmer   : Warmed 500000 of 3120000 members (16%)',
  '2026-11-18T09:55:38.301Z  INFO 1 --- [loyalty] [           main] c.e.shop.loyalty.cache.TierCacheWarmer   : Warmed 1000000 of 3120000 members (32%)',
  '2026-11-18T09:55:48.775Z  INFO 1 --- [loyalty] [           main] c.e.shop.loyalty.cache.TierCacheWarmer   : Warmed 1500000 of 3120000 members (48%)',
  '2026-11-18T09:55:59.120Z  INFO 1 --- [loyalty] [           main] c.e.shop.loyalty.cache.TierCacheWarmer   : Warmed 2000000 of 3120000 members (64%)',
  '2026-11-18T09:56:09.586Z  INFO 1 --- [loyalty] [           main] c.e.shop.loyalty.cache.TierCacheWarmer   : Warmed 2500000 of 3120000 members (80%)',
];

const ordersPrevious = [
  'INFO:orders.app:orders 2.7.0 starting, connecting to database at postgres:5432',
  'Traceback (most recent call last):',
  '  File "<frozen runpy>", line 198, in _run_module_as_main',
  '  File "<frozen runpy>", line 88, in _run_code',
  '  File "/app/orders/app.py", line 64, in <module>',
  '    pool = connect_pool()',
  '           ^^^^^^^^^^^^^^',
  '  File "/app/orders/db.py", line 22, in connect_pool',
  '    return psycopg2.pool.ThreadedConnectionPool(2, 10, dsn=dsn)',
  '  File "/usr/local/lib/python3.12/site-packages/psycopg2/pool.py", line 59, in __init__',
  '    self._connect()',
  '  File "/usr/local/lib/python3.12/site-packages/psycopg2/__init__.py", line 122, in connect',
  '    conn = _connect(dsn, connection_factory=connection_factory, **kwasync)',
  '           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
  'psycopg2.OperationalError: connection to server at "postgres" (10.96.112.40), port 5432 failed: Connection refused',
  '\tIs the server running on that host and accepting TCP/IP connections?',
  '',
];

const sessionsPrevious = [
  '> sessions@1.4.2 start',
  '> node dist/server.js',
  '',
  '{"level":"info","msg":"connecting to redis","host":"redis-sessions","port":6379}',
  'node:internal/process/promises:391',
  '    triggerUncaughtException(err, true /* fromPromise */);',
  '    ^',
  '',
  'Error: getaddrinfo ENOTFOUND redis-sessions',
  '    at GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:107:26) {',
  '  errno: -3008,',
  "  code: 'ENOTFOUND',",
  "  syscall: 'getaddrinfo',",
  "  hostname: 'redis-sessions'",
  '}',
  '',
  'Node.js v20.17.0',
];

const shippingMigratePrevious = [
  "INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.",
  "INFO  [alembic.runtime.migration] Will assume transactional DDL.",
  'Traceback (most recent call last):',
  '  File "/usr/local/bin/alembic", line 8, in <module>',
  '    sys.exit(main())',
  '             ^^^^^^',
  '  File "/usr/local/lib/python3.12/site-packages/alembic/script/base.py", line 250, in _catch_revision_errors',
  '    raise util.CommandError(resolution) from re',
  "alembic.util.exc.CommandError: Can't locate revision identified by '3f2a9c1d7e4b'",
];

const metricsAgentPrevious = [
  'time=2026-11-18T09:57:40.112Z level=INFO msg="metrics-agent starting" version=0.31.0 listen=:9102',
  'panic: runtime error: invalid memory address or nil pointer dereference',
  '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x5d2f1c]',
  '',
  'goroutine 1 [running]:',
  'main.(*scraper).register(0x0, {0x40001a2b40, 0x1f})',
  '\t/src/cmd/metrics-agent/scraper.go:88 +0x2c',
  'main.main()',
  '\t/src/cmd/metrics-agent/main.go:61 +0x3e8',
];

// ---- the two clusters ------------------------------------------------------------------------------------------

function healthyShop(cluster: ClusterBuilder, nodes: NodeHandle[]): void {
  const [a, b, c] = nodes as [NodeHandle, NodeHandle, NodeHandle];
  const shop = cluster.namespace('shop');
  shop.limitRange('shop-defaults', { defaultMemory: '512Mi', defaultRequestMemory: '256Mi', defaultCpu: '500m', defaultRequestCpu: '100m' });
  shop.configMap('app-cfg', ['CACHE_TTL', 'DATABASE_HOST', 'LOG_LEVEL']);
  shop.configMap('edge-proxy-conf', ['default.conf']);
  shop.configMap('kube-root-ca.crt', ['ca.crt']);
  shop.deployment('frontend', { containers: [frontend], replicas: 2 })
    .pod({ node: a, createdAgo: 6 * DAY, containers: { frontend: { story: running(6 * DAY), current: ['ready: listening on :8080'] } } })
    .pod({ node: b, createdAgo: 6 * DAY, containers: { frontend: { story: running(6 * DAY), current: ['ready: listening on :8080'] } } });
  shop.deployment('catalog', { containers: [catalog], replicas: 2 })
    .pod({ node: b, createdAgo: 9 * DAY, containers: { catalog: { story: running(9 * DAY) } } })
    .pod({ node: c, createdAgo: 9 * DAY, containers: { catalog: { story: running(9 * DAY) } } });
  shop.statefulSet('redis', { containers: [redis], replicas: 1 })
    .pod({ node: c, createdAgo: 20 * DAY, containers: { redis: { story: running(20 * DAY), current: ['1:M 18 Nov 2026 09:00:01.004 * Background saving terminated with success'] } } });
  shop.service('frontend', { app: 'frontend' }, 80, 8080);
  shop.service('catalog', { app: 'catalog' }, 8080);
  shop.service('redis', { app: 'redis' }, 6379);
  const kube = cluster.namespace('kube-system');
  kube.deployment('coredns', { containers: [coredns], replicas: 2, labels: { 'k8s-app': 'kube-dns' } })
    .pod({ node: a, createdAgo: 30 * DAY, containers: { coredns: { story: running(30 * DAY) } } })
    .pod({ node: c, createdAgo: 30 * DAY, containers: { coredns: { story: running(30 * DAY) } } });
  kube.service('kube-dns', { 'k8s-app': 'kube-dns' }, 53);
}

export function shopProdEu(): ClusterModel {
  const { cluster, nodes } = regionCluster(EU);
  const [a, b, c] = nodes as [NodeHandle, NodeHandle, NodeHandle];
  healthyShop(cluster, nodes);
  const shop = cluster.namespace('shop');

  // Postgres is up but still recovering: its readiness probe fails, so its Service has no ready endpoint.
  shop.statefulSet('postgres', { containers: [postgres], replicas: 1 }).pod({
    node: b,
    createdAgo: 52 * MINUTE,
    containers: {
      postgres: {
        story: running(52 * MINUTE, { ready: false }),
        current: [
          '2026-11-18 09:08:14.201 UTC [1] LOG:  starting PostgreSQL 16.4 (Debian 16.4-1.pgdg120+1) on aarch64-unknown-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit',
          '2026-11-18 09:08:14.219 UTC [29] LOG:  database system was interrupted while in recovery at log time 2026-11-18 09:02:51 UTC',
          '2026-11-18 09:08:14.219 UTC [29] HINT:  If this has occurred more than once some data might be corrupted and you might need to choose an earlier recovery target.',
          '2026-11-18 09:08:15.602 UTC [29] LOG:  redo starts at 3A/1C2F4E88',
        ],
        events: [{ reason: 'Unhealthy', type: 'Warning', message: 'Readiness probe failed: /var/run/postgresql:5432 - no response', count: 302, firstAgo: 51 * MINUTE, lastAgo: 6 }],
      },
    },
  });
  shop.service('postgres', { app: 'postgres' }, 5432);

  shop.deployment('checkout', { containers: [checkout] }).pod({
    node: a,
    createdAgo: 2 * HOUR,
    containers: { checkout: { story: crashLoop(14, '5m0s', { exitCode: 1, reason: 'Error', startedAgo: 199, finishedAgo: 192 }), previous: checkoutPrevious } },
    expect: [{ container: 'checkout', cause: 'app-error-at-startup', note: 'Java stack trace: `Exception in thread "main" java.lang.IllegalStateException` at boot, exit 1' }],
  });
  shop.deployment('payments', { containers: [payments] }).pod({
    node: b,
    createdAgo: 3 * HOUR,
    containers: { payments: { story: crashLoop(23, '5m0s', { exitCode: 1, reason: 'Error', startedAgo: 169, finishedAgo: 168 }), previous: paymentsPrevious } },
    expect: [{ container: 'payments', cause: 'app-error-at-startup', note: "missing env var: `KeyError: 'DATABASE_URL'`, exit 1" }],
  });
  shop.deployment('edge-proxy', { containers: [edgeProxy] }).pod({
    node: c,
    createdAgo: 90 * MINUTE,
    containers: { 'edge-proxy': { story: crashLoop(11, '5m0s', { exitCode: 1, reason: 'Error', startedAgo: 301, finishedAgo: 301 }), previous: edgeProxyPrevious } },
    expect: [{ container: 'edge-proxy', cause: 'app-error-at-startup', note: 'malformed config: `nginx: [emerg] unknown directive "proxy_passs"`, exit 1' }],
  });
  shop.deployment('recommendations', { containers: [recommendations] }).pod({
    node: a,
    createdAgo: 4 * HOUR,
    containers: {
      recommendations: {
        story: crashLoop(19, '5m0s', { exitCode: 137, reason: 'OOMKilled', startedAgo: 477, finishedAgo: 462 }),
        previous: recommendationsPrevious,
      },
    },
    expect: [{ container: 'recommendations', cause: 'oom-killed', note: 'OOMKilled, exit 137, limit 256Mi (JVM with MaxRAMPercentage=90)' }],
  });
  cluster.nodeEvent(a, { reason: 'SystemOOM', type: 'Warning', message: systemOomEvent('java', 2_318_407), count: 12, firstAgo: 55 * MINUTE, lastAgo: 462 });
  shop.deployment('search-suggest', { containers: [searchSuggest] }).pod({
    node: c,
    createdAgo: 5 * HOUR,
    containers: {
      'search-suggest': {
        story: crashLoop(27, '5m0s', { exitCode: 134, reason: 'Error', startedAgo: 282, finishedAgo: 242 }),
        previous: searchSuggestPrevious,
      },
    },
    expect: [{ container: 'search-suggest', cause: 'oom-killed', note: 'V8 heap limit (`--max-old-space-size=256`, "JavaScript heap out of memory", exit 134), not the 1Gi cgroup limit: reason Error, not OOMKilled' }],
  });

  const inventoryIP = '10.244.2.187';
  shop.deployment('inventory', { containers: [inventory], terminationGracePeriodSeconds: 30 }).pod({
    node: b,
    podIP: inventoryIP,
    createdAgo: 70 * MINUTE,
    containers: {
      inventory: {
        story: crashLoop(9, '5m0s', { exitCode: 137, reason: 'Error', startedAgo: 101, finishedAgo: 41 }),
        previous: inventoryPrevious,
        events: [
          { reason: 'Unhealthy', type: 'Warning', message: httpProbeTimeout('Liveness', `http://${inventoryIP}:8080/actuator/health/liveness`), count: 30, firstAgo: 58 * MINUTE, lastAgo: 71 },
          { reason: 'Unhealthy', type: 'Warning', message: httpProbeRefused('Readiness', `http://${inventoryIP}:8080/actuator/health/readiness`, `${inventoryIP}:8080`), count: 27, firstAgo: 58 * MINUTE, lastAgo: 81 },
          { reason: 'Killing', message: livenessKilling('inventory'), count: 10, firstAgo: 57 * MINUTE, lastAgo: 71 },
        ],
      },
    },
    expect: [{ container: 'inventory', cause: 'liveness-probe-failure', note: 'liveness timeouts (Client.Timeout exceeded) while the app still boots (>40 s, initialDelaySeconds 10), Killing "failed liveness probe", exit 137 without OOMKilled' }],
  });
  shop.service('inventory', { app: 'inventory' }, 8080);

  shop.deployment('notifier', { containers: [notifier] }).pod({
    node: a,
    createdAgo: 45 * MINUTE,
    containers: {
      notifier: {
        story: crashLoop(12, '5m0s', { exitCode: 128, reason: 'StartError', finishedAgo: 137, message: containerdExecNotFound('notifier-server') }),
        previous: [],
        events: [{ reason: 'Failed', type: 'Warning', message: errorEvent(containerdExecNotFound('notifier-server')), count: 13, firstAgo: 44 * MINUTE, lastAgo: 137 }],
      },
    },
    expect: [{ container: 'notifier', cause: 'wrong-command-or-args', note: 'StartError exit 128: `exec: "notifier-server": executable file not found in $PATH`' }],
  });

  shop.deployment('orders', { containers: [orders] }).pod({
    node: c,
    createdAgo: 50 * MINUTE,
    containers: { orders: { story: crashLoop(10, '5m0s', { exitCode: 1, reason: 'Error', startedAgo: 94, finishedAgo: 92 }), previous: ordersPrevious } },
    expect: [{ container: 'orders', cause: 'boot-dependency-unavailable', note: 'Postgres `Connection refused` (libpq ≥14 text); Service postgres has no ready endpoints' }],
  });
  shop.deployment('sessions', { containers: [sessions] }).pod({
    node: a,
    createdAgo: 3 * HOUR,
    containers: { sessions: { story: crashLoop(25, '5m0s', { exitCode: 1, reason: 'Error', startedAgo: 222, finishedAgo: 221 }), previous: sessionsPrevious } },
    expect: [{ container: 'sessions', cause: 'boot-dependency-unavailable', note: 'DNS: `Error: getaddrinfo ENOTFOUND redis-sessions` (no such Service)' }],
  });

  const reviewsImage = reviews.image;
  shop.deployment('reviews', { containers: [reviews] }).pod({
    node: b,
    createdAgo: 40 * MINUTE,
    containers: {
      reviews: {
        story: waiting('ImagePullBackOff', pullBackOffWaiting(reviewsImage)),
        currentError: (pod) => waitingToStartLogError('reviews', pod, 'trying and failing to pull image'),
        events: [
          { reason: 'Pulling', message: pullingEvent(reviewsImage), count: 9, firstAgo: 40 * MINUTE, lastAgo: 170 },
          { reason: 'Failed', type: 'Warning', message: pullFailedEvent(reviewsImage, containerdNotFound(reviewsImage)), count: 9, firstAgo: 40 * MINUTE, lastAgo: 169 },
          { reason: 'Failed', type: 'Warning', message: errorEvent('ErrImagePull'), count: 9, firstAgo: 40 * MINUTE, lastAgo: 169 },
          { reason: 'BackOff', message: pullBackOffEvent(reviewsImage), count: 161, firstAgo: 39 * MINUTE, lastAgo: 9 },
          { reason: 'Failed', type: 'Warning', message: errorEvent('ImagePullBackOff'), count: 161, firstAgo: 39 * MINUTE, lastAgo: 9 },
        ],
      },
    },
    expect: [{ container: 'reviews', cause: 'image-pull-failure', note: `ImagePullBackOff: \`${reviewsImage}: not found\`` }],
  });

  const cartKeyError = missingConfigMapKey('DB_URL', 'shop', 'app-cfg');
  shop.deployment('cart', { containers: [cart] }).pod({
    node: c,
    createdAgo: 25 * MINUTE,
    containers: {
      cart: {
        story: waiting('CreateContainerConfigError', cartKeyError),
        currentError: (pod) => waitingToStartLogError('cart', pod, 'CreateContainerConfigError'),
        events: [
          { reason: 'Pulled', message: `Container image "${cart.image}" already present on machine`, count: 118, firstAgo: 25 * MINUTE, lastAgo: 11 },
          { reason: 'Failed', type: 'Warning', message: errorEvent(cartKeyError), count: 118, firstAgo: 25 * MINUTE, lastAgo: 11 },
        ],
      },
    },
    expect: [{ container: 'cart', cause: 'missing-config', note: `CreateContainerConfigError: \`${cartKeyError}\`` }],
  });

  shop.deployment('shipping', { containers: [shipping], initContainers: [shippingMigrate] }).pod({
    node: a,
    createdAgo: 100 * MINUTE,
    containers: {
      migrate: { story: crashLoop(16, '5m0s', { exitCode: 1, reason: 'Error', startedAgo: 254, finishedAgo: 251 }), previous: shippingMigratePrevious },
      shipping: { story: waiting('PodInitializing') },
    },
    expect: [{ container: 'migrate', cause: 'app-error-at-startup', note: "init container (Init:CrashLoopBackOff): `alembic.util.exc.CommandError: Can't locate revision`, exit 1" }],
  });

  shop.deployment('ledger', { containers: [ledger], initContainers: [metricsAgent] }).pod({
    node: b,
    createdAgo: 2 * HOUR,
    containers: {
      'metrics-agent': { story: crashLoop(21, '5m0s', { exitCode: 2, reason: 'Error', startedAgo: 208, finishedAgo: 208 }), previous: metricsAgentPrevious },
      ledger: { story: running(2 * HOUR - 20), current: ['ledger 6.0.0 listening on :8080'] },
    },
    expect: [{ container: 'metrics-agent', cause: 'app-error-at-startup', note: 'native sidecar (initContainers, restartPolicy Always) crash-looping on a Go nil-pointer panic, exit 2; the app container runs' }],
  });

  shop.deployment('image-resizer', { containers: [imageResizer] }).pod({
    node: c,
    createdAgo: 6 * HOUR,
    containers: {
      'image-resizer': {
        story: crashLoop(31, '5m0s', { exitCode: 255, reason: 'Error', startedAgo: 130, finishedAgo: 130 }),
        previous: ['exec /usr/local/bin/image-resizer: exec format error'],
      },
    },
    expect: [{ container: 'image-resizer', cause: 'image-platform-mismatch', note: 'amd64-only image on arm64 nodes: `exec /usr/local/bin/image-resizer: exec format error`, exit 255; healthy in shop-prod-us (amd64)' }],
  });
  shop.service('image-resizer', { app: 'image-resizer' }, 8080);

  // Startup probe too short for the boot: 13 instances (restartCount 12), each SIGTERMed at ~60 s, the JVM exits 143.
  const loyaltyIP = '10.244.1.93';
  shop.deployment('loyalty', { containers: [loyalty] }).pod({
    node: a,
    podIP: loyaltyIP,
    createdAgo: 3445,
    containers: {
      loyalty: {
        story: crashLoop(12, '5m0s', { exitCode: 143, reason: 'Error', startedAgo: 288, finishedAgo: 226 }),
        previous: loyaltyPrevious,
        events: [
          { reason: 'Unhealthy', type: 'Warning', message: httpProbeRefused('Startup', `http://${loyaltyIP}:8080/actuator/health/liveness`, `${loyaltyIP}:8080`), count: 78, firstAgo: 3432, lastAgo: 228 },
          { reason: 'Killing', message: startupKilling('loyalty'), count: 13, firstAgo: 3380, lastAgo: 227 },
        ],
      },
    },
    expect: [{ container: 'loyalty', cause: 'startup-probe-failure', note: 'startupProbe 6 × 10 s = 60 s, the Spring Boot app is 80 % through its cache warm-up at 57 s and never logs "Started"; Unhealthy `connection refused`, Killing "failed startup probe", exit 143 (SIGTERM), not OOMKilled' }],
  });
  shop.service('loyalty', { app: 'loyalty' }, 8080);

  // A BestEffort report worker grew to 10 GiB on node c: the kubelet evicted it; its ReplicaSet's replacement runs on node a.
  const reporting = cluster.namespace('reporting');
  const evictedMessage = evictionMessage('memory', '100Mi', '87632Ki', [{ name: 'report-worker', usage: '10873452Ki', request: '0' }]);
  reporting
    .deployment('report-worker', { containers: [reportWorker], replicas: 1, createdAgo: 45 * DAY })
    .pod({
      node: c,
      createdAgo: 2 * DAY + 3 * HOUR,
      evicted: { message: evictedMessage, atAgo: EVICTED_AGO },
      containers: {
        'report-worker': {
          story: removedAfterEviction(),
          currentError: (pod) => terminatedLogError('report-worker', pod),
          previousError: (pod) => noPreviousLogError('report-worker', pod),
          events: [{ reason: 'Killing', message: stoppingContainer('report-worker'), firstAgo: EVICTED_AGO, lastAgo: EVICTED_AGO }],
        },
      },
      events: [{ reason: 'Evicted', type: 'Warning', message: evictedMessage, firstAgo: EVICTED_AGO, lastAgo: EVICTED_AGO }],
      expect: [{ container: 'report-worker', cause: 'evicted', note: 'phase Failed, reason Evicted: `The node was low on resource: memory. … Container report-worker was using 10873452Ki, request is 0` (BestEffort); container ContainerStatusUnknown exit 137; the replacement pod runs' }],
    })
    .pod({
      node: a,
      createdAgo: EVICTED_AGO - 1,
      containers: {
        'report-worker': {
          story: running(EVICTED_AGO - 6),
          current: [
            '2026-11-18T09:18:48.204Z INFO report-worker 2.1.0 starting (queue=reports, concurrency=1)',
            '2026-11-18T09:18:48.911Z INFO connected to redis.shop.svc:6379/2; waiting for jobs',
          ],
          events: [
            { reason: 'Pulled', message: alreadyPresentEvent(reportWorker.image), firstAgo: EVICTED_AGO - 5, lastAgo: EVICTED_AGO - 5 },
            { reason: 'Created', message: createdEvent('report-worker'), firstAgo: EVICTED_AGO - 5, lastAgo: EVICTED_AGO - 5 },
            { reason: 'Started', message: startedEvent('report-worker'), firstAgo: EVICTED_AGO - 6, lastAgo: EVICTED_AGO - 6 },
          ],
        },
      },
    });
  cluster.nodeEvent(c, { reason: 'EvictionThresholdMet', type: 'Warning', message: evictionThresholdMetEvent('memory'), firstAgo: EVICTED_AGO + 1, lastAgo: EVICTED_AGO + 1 });
  cluster.nodeEvent(c, { reason: 'NodeHasInsufficientMemory', message: nodeStatusEvent(c.name, 'NodeHasInsufficientMemory'), firstAgo: EVICTED_AGO - 3, lastAgo: EVICTED_AGO - 3 });
  cluster.nodeEvent(c, { reason: 'NodeHasSufficientMemory', message: nodeStatusEvent(c.name, 'NodeHasSufficientMemory'), firstAgo: EVICTED_AGO - 5 * MINUTE - 8, lastAgo: EVICTED_AGO - 5 * MINUTE - 8 });

  cluster.forbid('daemonsets', 'kube-system', 'daemonsets.apps is forbidden: User "support@example.com" cannot list resource "daemonsets" in API group "apps" in the namespace "kube-system"');
  return cluster.build();
}

export function shopProdUs(): ClusterModel {
  const { cluster, nodes } = regionCluster(US);
  const [a, b, c] = nodes as [NodeHandle, NodeHandle, NodeHandle];
  healthyShop(cluster, nodes);
  const shop = cluster.namespace('shop');
  shop.statefulSet('postgres', { containers: [postgres], replicas: 1 }).pod({
    node: b,
    createdAgo: 26 * DAY,
    containers: { postgres: { story: running(26 * DAY), current: ['2026-11-18 10:05:00.118 UTC [1] LOG:  checkpoint complete: wrote 912 buffers (5.6%)'] } },
  });
  shop.service('postgres', { app: 'postgres' }, 5432);
  // US runs the previous release of the services whose new release crashes in EU (its rollout is behind), so
  // only image-resizer — the very same image — is the same workload healthy here and crash-looping there.
  const previousRelease = (spec: SampleContainer, tag: string) => ({ ...spec, image: spec.image.replace(/:[^:]+$/, `:${tag}`) });
  const healthy = (spec: Container, node: NodeHandle, days: number, line: string) =>
    shop.deployment(spec.name, { containers: [spec] }).pod({ node, createdAgo: days * DAY, containers: { [spec.name]: { story: running(days * DAY), current: [line] } } });
  healthy(previousRelease(checkout, '3.0.4'), a, 5, '2026-11-13T08:11:52.004Z  INFO 1 --- [checkout] [           main] c.e.shop.checkout.Application            : Started Application in 9.84 seconds (process running for 10.6)');
  healthy(previousRelease(payments, '1.8.1'), b, 5, '[2026-11-13 08:12:40 +0000] [1] [INFO] Listening at: http://0.0.0.0:8000 (1)');
  healthy(previousRelease(orders, '2.6.3'), c, 8, 'INFO:orders.app:orders 2.6.3 ready on :8000');
  healthy(previousRelease(sessions, '1.4.1'), a, 8, '{"level":"info","msg":"sessions listening","port":3000}');
  healthy(previousRelease(inventory, '5.2.0'), b, 3, '2026-11-15T06:40:12.881Z  INFO 7 --- [inventory] [           main] c.e.shop.inventory.Application           : Started Application in 8.112 seconds (process running for 9.2)');
  healthy(imageResizer, c, 12, 'image-resizer 1.6.0 listening on :8080 (libvips 8.15.2)');
  shop.service('image-resizer', { app: 'image-resizer' }, 8080);
  // A restart that recovered: the previous instance could not reach Redis at boot (restarted once, Running since).
  const recommendationsUs = previousRelease(recommendations, '4.0.2');
  shop.deployment('recommendations', { containers: [recommendationsUs], revision: 2 }).pod({
    node: a,
    createdAgo: 2 * DAY,
    containers: {
      recommendations: {
        story: running(2 * DAY - 40, { restarts: 1, last: { exitCode: 1, reason: 'Error', startedAgo: 2 * DAY - 5, finishedAgo: 2 * DAY - 30 } }),
        current: ['2026-11-16T10:21:02.118Z  INFO 1 --- [recommendations] [           main] c.e.shop.recs.Application                : Started Application in 21.7 seconds'],
        previous: [
          ...springStart('recommendations', '2026-11-16T10:19:55', 1),
          'Exception in thread "main" org.springframework.data.redis.RedisConnectionFailureException: Unable to connect to Redis',
          'Caused by: io.lettuce.core.RedisConnectionException: Unable to connect to redis/<unresolved>:6379',
          'Caused by: java.net.ConnectException: Connection refused',
        ],
      },
    },
    expect: [{ container: 'recommendations', cause: 'boot-dependency-unavailable', note: 'restarted once two days ago (Redis `Connection refused` at boot), Running since: not crash-looping now' }],
  });
  return cluster.build();
}
