import { expect } from 'vitest';
import rule from '../../../src/analyze/causes/boot-dependency-unavailable.js';
import { container, crashLooping, endpoints, log, pod, running, service, snapshot } from '../fixtures.js';
import { testCause } from '../rule-tester.js';

type Extra = Parameters<typeof snapshot>[0];

function dying(lines: string[], extra: Extra = {}, exitCode = 1) {
  return snapshot({
    pods: [pod({ name: 'orders-5c6d-k8s2p', deployment: 'orders', containers: [container('orders', crashLooping({ exitCode, reason: 'Error' }))] })],
    logs: [log({ pod: 'orders-5c6d-k8s2p', container: 'orders', lines })],
    ...extra,
  });
}

testCause(rule, {
  fires: [
    {
      name: 'Node ECONNREFUSED to a ClusterIP whose Service has no ready endpoints',
      snapshot: dying(
        [
          'orders service starting',
          'Error: connect ECONNREFUSED 10.96.14.2:5432',
          '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16) {',
          "  errno: -111,",
          "  code: 'ECONNREFUSED',",
          "  syscall: 'connect',",
        ],
        { services: [service('postgres')], endpoints: [endpoints('postgres', [], ['10.244.3.17'])] },
      ),
      messageId: 'refused',
      data: { host: '10.96.14.2', port: '5432', service: 'shop/postgres', serviceFound: true, readyEndpoints: 0, notReadyEndpoints: 1 },
      confidence: 'high',
      verify: (match) => {
        expect(match.evidence.primary).toMatchObject({ kind: 'log', decisiveLine: 2, file: 'cluster-resources/pods/logs/shop/orders-5c6d-k8s2p/orders-previous.log' });
        expect(match.data['serviceState']).toBe('Service shop/postgres had no ready endpoints (1 not ready)');
        expect(match.fix.snippet?.code).toContain('until nc -z -w 2 10.96.14.2 5432');
      },
    },
    {
      name: 'libpq ≥14 wording, Service by name with ready endpoints',
      snapshot: dying(
        [
          'psycopg2.OperationalError: connection to server at "postgres" (10.96.14.2), port 5432 failed: Connection refused',
          '\tIs the server running on that host and accepting TCP/IP connections?',
        ],
        { services: [service('postgres')], endpoints: [endpoints('postgres', ['10.244.3.17'])] },
      ),
      messageId: 'refused',
      data: { host: 'postgres', port: '5432', system: 'postgres', readyEndpoints: 1 },
    },
    {
      name: 'libpq ≤13 wording on two lines',
      snapshot: dying([
        'could not connect to server: Connection refused',
        '\tIs the server running on host "db.data.svc.cluster.local" (10.96.40.9) and accepting',
        '\tTCP/IP connections on port 5432?',
      ]),
      messageId: 'refused',
      data: { system: 'postgres' },
    },
    {
      name: 'libpq ≤13 with host and port on one line',
      snapshot: dying(['could not connect to server: Connection refused', '\tIs the server running on host "db" (10.96.40.9) and accepting TCP/IP connections on port 5432?'], { services: [] }),
      messageId: 'refused',
      data: { host: 'db', port: '5432', serviceFound: false },
    },
    {
      name: 'Go dial timeout to etcd',
      snapshot: dying(['{"level":"fatal","msg":"cannot reach etcd","error":"dial tcp 10.0.7.4:2379: i/o timeout"}']),
      messageId: 'timeout',
      data: { host: '10.0.7.4', port: '2379' },
    },
    {
      name: 'Go DNS failure for a Service that is not in the bundle',
      snapshot: dying(['2026/11/20 10:00:01 dial tcp: lookup redis-master on 10.96.0.10:53: no such host'], { services: [service('redis')] }),
      messageId: 'dns',
      data: { host: 'redis-master', serviceFound: false },
      verify: (match) => expect(match.fix.summary).toContain('there is no shop/redis-master'),
    },
    { name: 'Node getaddrinfo EAI_AGAIN', snapshot: dying(['Error: getaddrinfo EAI_AGAIN rabbitmq']), messageId: 'dns', data: { host: 'rabbitmq' } },
    {
      name: 'Python redis client',
      snapshot: dying(['Traceback (most recent call last):', '  File "/app/worker.py", line 9, in <module>', 'redis.exceptions.ConnectionError: Error 111 connecting to redis:6379. Connection refused.']),
      messageId: 'refused',
      data: { host: 'redis', port: '6379', system: 'redis' },
    },
    { name: 'Java UnknownHostException', snapshot: dying(['Caused by: java.net.UnknownHostException: kafka-0.kafka-headless']), messageId: 'dns', data: { host: 'kafka-0.kafka-headless' } },
    {
      name: 'Kafka client cannot reach a broker',
      snapshot: dying(['[Producer clientId=orders] Connection to node -1 (kafka/10.96.50.3:9092) could not be established. Broker may not be available.']),
      messageId: 'refused',
      data: { host: 'kafka', port: '9092', system: 'kafka' },
    },
    {
      name: 'Spring Data Redis (Lettuce): the host comes from the RedisConnectionException line',
      snapshot: dying([
        'Exception in thread "main" org.springframework.data.redis.RedisConnectionFailureException: Unable to connect to Redis',
        'Caused by: io.lettuce.core.RedisConnectionException: Unable to connect to redis/<unresolved>:6379',
        'Caused by: java.net.ConnectException: Connection refused',
      ]),
      messageId: 'refused',
      data: { host: 'redis', port: '6379', system: 'redis', target: 'redis:6379' },
    },
    {
      name: 'Python gaierror without a host: the app\'s own "connecting to" line names it (timestamped must-gather log)',
      snapshot: dying(
        [
          '2026-11-18T07:03:10.142919017Z INFO order_sync.amqp: connecting to broker-amqps-0-svc.messaging.svc:5671',
          '2026-11-18T07:03:10.285838034Z Traceback (most recent call last):',
          '2026-11-18T07:03:11.714028204Z     for res in _socket.getaddrinfo(host, port, family, type, proto, flags):',
          '2026-11-18T07:03:12.000866238Z socket.gaierror: [Errno -2] Name or service not known',
        ],
        { services: [service('broker-amqps-0-svc', 'messaging', '10.96.77.1', 5671)] },
      ),
      messageId: 'dns',
      data: { host: 'broker-amqps-0-svc.messaging.svc', port: '5671', service: 'messaging/broker-amqps-0-svc', serviceFound: true, target: 'the name broker-amqps-0-svc.messaging.svc' },
      verify: (match) => {
        expect(match.evidence.primary).toMatchObject({ kind: 'log', decisiveLine: 4 });
        expect(match.evidence.supporting).toContainEqual(expect.objectContaining({ kind: 'log', label: 'where it connects', decisiveLine: 1 }));
      },
    },
    { name: 'a DNS failure with no host anywhere', snapshot: dying(['socket.gaierror: [Errno -3] Temporary failure in name resolution']), messageId: 'dns', data: { target: 'the host name of a dependency' }, confidence: 'medium' },
    { name: 'postgres still starting up', snapshot: dying(['FATAL:  the database system is starting up']), messageId: 'not-ready', data: { system: 'postgres' } },
    {
      name: 'nginx cannot resolve its upstream at start',
      snapshot: dying(['nginx: [emerg] host not found in upstream "api:8080" in /etc/nginx/conf.d/default.conf:12']),
      messageId: 'dns',
      data: { host: 'api', port: '8080' },
    },
    {
      name: 'a Service in another namespace named <svc>.<ns>',
      snapshot: dying(['Error: connect ECONNREFUSED postgres.data:5432'], { services: [service('postgres', 'data')], endpoints: [endpoints('postgres', ['10.244.1.4'], [], 'data')] }),
      messageId: 'refused',
      data: { service: 'data/postgres', readyEndpoints: 1 },
    },
    {
      name: 'OOMKilled that also logged ECONNREFUSED: fires, but oom-killed wins in the engine',
      snapshot: snapshot({
        pods: [pod({ name: 'o-1', deployment: 'o', containers: [container('o', crashLooping({ exitCode: 137, reason: 'OOMKilled' }), { resources: { limits: { memory: '256Mi' } } })] })],
        logs: [log({ pod: 'o-1', container: 'o', lines: ['Error: connect ECONNREFUSED 10.96.14.2:5432'] })],
      }),
      messageId: 'refused',
      engineCause: 'oom-killed',
    },
  ],
  quiet: [
    {
      name: 'a healthy workload that logged a transient refusal while running',
      snapshot: snapshot({
        pods: [pod({ name: 'a-1', deployment: 'a', containers: [container('a', running(0))] })],
        logs: [log({ pod: 'a-1', container: 'a', previous: false, lines: ['Error: connect ECONNREFUSED 10.96.14.2:5432', 'retrying in 2s', 'connected'] })],
      }),
    },
    { name: 'a container that exited 0', snapshot: dying(['Error: connect ECONNREFUSED 10.96.14.2:5432'], {}, 0) },
    {
      name: 'an early transient refusal followed by a different fatal error much later',
      snapshot: dying(['Error: connect ECONNREFUSED 10.96.14.2:5432', ...Array.from({ length: 60 }, (_, i) => `processed batch ${i}`), "KeyError: 'DATABASE_URL'"]),
    },
  ],
});
