import { expect } from 'vitest';
import rule from '../../../src/analyze/causes/app-error-at-startup.js';
import { at, container, crashLooping, log, pod, running, snapshot } from '../fixtures.js';
import { testCause } from '../rule-tester.js';

function dying(lines: string[], terminated: Record<string, unknown> = {}, timestamped = false) {
  return snapshot({
    pods: [pod({ name: 'api-7c9d5f-x2k4q', deployment: 'api', containers: [container('api', crashLooping({ exitCode: 1, reason: 'Error', ...terminated }), { resources: { limits: { memory: '512Mi' } } })] })],
    logs: lines.length ? [log({ pod: 'api-7c9d5f-x2k4q', container: 'api', lines, timestamped })] : [],
  });
}

testCause(rule, {
  fires: [
    {
      name: 'Python KeyError on an env var: missing env, and the fix does not touch memory',
      snapshot: dying([
        'Traceback (most recent call last):',
        '  File "/app/main.py", line 4, in <module>',
        '    DATABASE_URL = os.environ["DATABASE_URL"]',
        '  File "/usr/local/lib/python3.12/os.py", line 714, in __getitem__',
        '    raise KeyError(key) from None',
        "KeyError: 'DATABASE_URL'",
      ]),
      messageId: 'missing-env',
      data: { subject: 'DATABASE_URL', exitCode: 1, decisiveLine: 6, when: 'at startup' },
      confidence: 'high',
      verify: (match) => {
        expect(match.evidence.primary).toMatchObject({ kind: 'log', decisiveLine: 6, file: 'cluster-resources/pods/logs/shop/api-7c9d5f-x2k4q/api-previous.log' });
        expect(match.evidence.supporting).toContainEqual(expect.objectContaining({ path: 'items[0].status.containerStatuses[0].lastState.terminated.exitCode', value: 1 }));
        expect(JSON.stringify(match.fix)).not.toMatch(/limits|memory:/);
        expect(match.fix.snippet?.code).toContain('name: DATABASE_URL');
      },
    },
    {
      name: 'a Node module missing from the image',
      snapshot: dying(["node:internal/modules/cjs/loader:1228", "Error: Cannot find module 'express'", 'Require stack:', '- /app/server.js']),
      messageId: 'missing-module',
      data: { subject: 'express' },
    },
    { name: 'Python ModuleNotFoundError', snapshot: dying(['Traceback (most recent call last):', '  File "/app/app.py", line 1, in <module>', "ModuleNotFoundError: No module named 'flask'"]), messageId: 'missing-module', data: { subject: 'flask' } },
    {
      name: 'Go panic (exit 2) with timestamps stripped before matching',
      snapshot: dying(
        [
          '2026-11-20T10:00:00.120Z starting api',
          '2026-11-20T10:00:00.121Z panic: runtime error: invalid memory address or nil pointer dereference',
          '2026-11-20T10:00:00.121Z [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x6b8f2a]',
          '2026-11-20T10:00:00.121Z goroutine 1 [running]:',
        ],
        { exitCode: 2 },
        true,
      ),
      messageId: 'panic',
      data: { exitCode: 2, decisiveLine: 2 },
    },
    {
      name: 'Java chain: the root Caused by decides',
      snapshot: dying([
        'Exception in thread "main" java.lang.IllegalStateException: Failed to load ApplicationContext',
        '\tat com.acme.Main.main(Main.java:12)',
        'Caused by: org.yaml.snakeyaml.scanner.ScannerException: mapping values are not allowed here',
        'Caused by: java.lang.NumberFormatException: For input string: "eighty"',
      ]),
      messageId: 'exception',
      data: { decisiveLine: 4 },
    },
    {
      name: 'Spring Boot APPLICATION FAILED TO START: the Description line decides',
      snapshot: dying([
        '***************************',
        'APPLICATION FAILED TO START',
        '***************************',
        '',
        'Description:',
        '',
        "Failed to configure a DataSource: 'url' attribute is not specified and no embedded datasource could be configured.",
        '',
        'Action:',
      ]),
      messageId: 'config',
      data: { decisiveLine: 7 },
    },
    { name: 'nginx [emerg] config error', snapshot: dying(['nginx: [emerg] unknown directive "lisen" in /etc/nginx/conf.d/default.conf:3']), messageId: 'config' },
    { name: 'nginx non-root bind', snapshot: dying(['nginx: [emerg] bind() to 0.0.0.0:80 failed (13: Permission denied)']), messageId: 'permission' },
    { name: 'port already in use', snapshot: dying(['Error: listen EADDRINUSE: address already in use :::3000']), messageId: 'port-in-use' },
    { name: 'postgres password rejected', snapshot: dying(['FATAL:  password authentication failed for user "app"']), messageId: 'credentials' },
    {
      name: 'klog Fatal line above a goroutine dump (OpenShift must-gather, timestamped)',
      snapshot: dying(
        [
          '2021-08-03T09:19:08.719617825Z I0803 09:19:08.719543       1 main.go:186] Valid token audiences: ',
          '2021-08-03T09:19:08.719617825Z F0803 09:19:08.719605       1 main.go:275] Failed to initialize certificate reloader: error loading certificates: error loading certificate: open /etc/tls/private/tls.crt: no such file or directory',
          '2021-08-03T09:19:08.719745150Z goroutine 1 [running]:',
          '2021-08-03T09:19:08.719745150Z k8s.io/klog/v2.stacks(0xc000010001, 0xc000318000, 0xd4, 0x1c6)',
          '2021-08-03T09:19:08.719745150Z \t/go/src/github.com/brancz/kube-rbac-proxy/vendor/k8s.io/klog/v2/klog.go:1021 +0xb9',
          '2021-08-03T09:19:08.719745150Z created by k8s.io/klog/v2.init.0',
        ],
        { exitCode: 255 },
        true,
      ),
      // The fatal line says what is wrong: a certificate file that is not mounted, a configuration problem.
      messageId: 'config',
      data: { decisiveLine: 2, exitCode: 255 },
      confidence: 'high',
    },
    { name: 'a plain fatal log line', snapshot: dying(['time="2026-11-20T10:00:00Z" level=fatal msg="invalid --mode flag: blue"']), messageId: 'fatal-log', confidence: 'medium' },
    {
      name: 'an exception after a long run says when',
      snapshot: dying(['ValueError: invalid literal for int() with base 10: ""'], { startedAt: at(0), finishedAt: at(7200) }),
      messageId: 'exception',
      data: { when: 'after running 2h0m0s', ranSeconds: 7200 },
    },
    {
      name: 'no log collected, but FallbackToLogsOnError put the tail in the termination message',
      snapshot: dying([], { message: 'Traceback (most recent call last):\n  File "/app/main.py", line 3\nKeyError: \'API_TOKEN\'' }),
      messageId: 'missing-env',
      data: { subject: 'API_TOKEN' },
      verify: (match) => expect(match.evidence.primary).toMatchObject({ kind: 'field', path: 'items[0].status.containerStatuses[0].lastState.terminated.message' }),
    },
  ],
  quiet: [
    { name: 'a healthy workload with an ERROR line in its current log', snapshot: snapshot({ pods: [pod({ name: 'a-1', deployment: 'a', containers: [container('a', running(0))] })], logs: [log({ pod: 'a-1', container: 'a', previous: false, lines: ['ERROR transient'] })] }) },
    { name: 'klog Error and Info lines are not fatal', snapshot: dying(['E0803 09:30:07.647735       1 auth.go:231] error contacting auth provider (retrying in 10s)', 'I0803 09:30:17.667440       1 main.go:80] retrying']) },
    { name: 'a crash whose log has nothing decisive', snapshot: dying(['starting', 'loading config', 'ready']) },
    { name: 'a container that exited 0 (the error line did not kill it)', snapshot: dying(['ERROR: retrying'], { exitCode: 0, reason: 'Completed' }) },
  ],
});
