import type { Evidence } from '../../model/report.js';
import type { LogWindow } from '../../model/snapshot.js';
import { logExcerpt, statusField } from '../evidence.js';
import { clip, deadLog, deathOf, exitCodeOf, formatDuration, lineText, ranSeconds, str } from '../facts.js';
import { defineCause } from '../rule.js';

type Category =
  | 'missing-env'
  | 'missing-module'
  | 'port-in-use'
  | 'permission'
  | 'credentials'
  | 'config'
  | 'panic'
  | 'exception'
  | 'fatal-log';

interface Signal {
  category: Category;
  pattern: RegExp;
  /** Higher decides over lower; a specific cause (a missing env var) beats a generic one (a stack trace). */
  rank: number;
  /** Which capture group names the thing (env var, module). */
  subject?: number;
}

/** Real app texts (k8s-facts §10). Matched on the line without its timestamp prefix. */
const SIGNALS: Signal[] = [
  { category: 'missing-env', pattern: /^KeyError: '([A-Z][A-Z0-9_]{2,})'/, rank: 5, subject: 1 },
  { category: 'missing-env', pattern: /(?:environment variable|env var(?:iable)?)\s+[`'"$]?([A-Z][A-Z0-9_]{2,})[`'"]?\s+(?:is\s+)?(?:not set|missing|required|undefined|must be set|is not defined|not found)/i, rank: 5, subject: 1 },
  { category: 'missing-env', pattern: /\b([A-Z][A-Z0-9]*_[A-Z0-9_]+) (?:is not set|must be set|is required|is missing|not set)/, rank: 5, subject: 1 },
  { category: 'missing-env', pattern: /(?:missing|required) (?:environment variable|env var)s?:? [`'"]?([A-Z][A-Z0-9_]{2,})/i, rank: 5, subject: 1 },
  { category: 'missing-env', pattern: /Missing `(secret_key_base)`/, rank: 5, subject: 1 },
  { category: 'missing-module', pattern: /ModuleNotFoundError: No module named '([^']+)'/, rank: 5, subject: 1 },
  { category: 'missing-module', pattern: /Error: Cannot find module '([^']+)'/, rank: 5, subject: 1 },
  { category: 'missing-module', pattern: /ERR_MODULE_NOT_FOUND\]?: Cannot find (?:package|module) '([^']+)'/, rank: 5, subject: 1 },
  { category: 'missing-module', pattern: /^ImportError: (?:cannot import name '([^']+)'|No module named '?([^'\s]+)'?)/, rank: 5, subject: 1 },
  { category: 'missing-module', pattern: /Bundler::GemNotFound|java\.lang\.(?:ClassNotFoundException|NoClassDefFoundError): (\S+)/, rank: 5, subject: 1 },
  { category: 'port-in-use', pattern: /EADDRINUSE|address already in use|Port \d+ was already in use|A server is already running/i, rank: 5 },
  { category: 'credentials', pattern: /password authentication failed for user|NOAUTH Authentication required|WRONGPASS|Access denied for user|authentication failed|invalid credentials/i, rank: 4 },
  { category: 'permission', pattern: /Read-only file system|Operation not permitted|\(13: Permission denied\)|EACCES|PermissionError|permission denied/i, rank: 4 },
  { category: 'config', pattern: /\[emerg\]/, rank: 4 },
  { category: 'config', pattern: /Failed to configure a DataSource|Web server failed to start|yaml: (?:line \d+|unmarshal)|json: cannot unmarshal|Unexpected token .* in JSON|invalid configuration|configuration error|could not parse config|FATAL:\s+database "[^"]+" does not exist/i, rank: 4 },
  { category: 'panic', pattern: /^panic: |^fatal error: /, rank: 3 },
  { category: 'exception', pattern: /^Caused by: (\S+)/, rank: 3 },
  { category: 'exception', pattern: /^Exception in thread "[^"]*" (\S+)/, rank: 2.5 },
  { category: 'exception', pattern: /^(?:[\w.]+\.)?\w*(?:Error|Exception|Exit)(?: \[\w+\])?: ./, rank: 2 },
  { category: 'exception', pattern: /Unhandled(?:Promise)?Rejection|Uncaught (?:exception|\w*Error)/i, rank: 2 },
  // klog/glog's Fatal prefix (`F0803 09:19:08.719605       1 main.go:275] …`): the message a Go component chose to die
  // with, as decisive as an exception. Kubernetes components and operators log this way.
  { category: 'fatal-log', pattern: /^F\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [\w./-]+:\d+\] ./, rank: 2 },
  { category: 'fatal-log', pattern: /level=fatal|"level":\s*"(?:fatal|critical|panic)"|\bFATAL\b|\bCRITICAL\b|\[fatal\]/i, rank: 1.5 },
  { category: 'fatal-log', pattern: /level=error|"level":\s*"error"|\[ERROR\]|\bERROR\b/, rank: 1 },
];

const SPRING_BANNER = /APPLICATION FAILED TO START/;

export default defineCause({
  id: 'app-error-at-startup',
  title: 'The app exits with an error',
  docs: 'The app itself exits non-zero: a stack trace, a missing environment variable, a module missing from the image, a malformed configuration, a port in use, rejected credentials. Evidence: the decisive lines of the dead instance\'s log with their numbers, and the last termination.',
  tier: 'log',
  rank: 70,
  messages: {
    'missing-env': '{container} exits {when} (exit {exitCode}): environment variable {subject} is not set',
    'missing-module': '{container} exits {when} (exit {exitCode}): {subject} is missing from the image',
    'port-in-use': '{container} exits {when} (exit {exitCode}): the port it binds is already in use',
    permission: '{container} exits {when} (exit {exitCode}): {errorText}',
    credentials: '{container} exits {when} (exit {exitCode}): its credentials are rejected: {errorText}',
    config: '{container} exits {when} (exit {exitCode}): its configuration is rejected: {errorText}',
    panic: '{container} panics {when} (exit {exitCode}): {errorText}',
    exception: '{container} exits {when} with an uncaught error (exit {exitCode}): {errorText}',
    'fatal-log': '{container} logs a fatal error and exits {when} (exit {exitCode}): {errorText}',
  },
  keepPatterns: [...SIGNALS.filter((s) => s.rank >= 2).map((s) => s.pattern), SPRING_BANNER, /^Traceback \(most recent call last\)/],
  explains: ['exited'],
  decide({ pod, container }, reading) {
    const death = deathOf(container);
    const exitCode = exitCodeOf(death);
    if (!death || exitCode === undefined || exitCode === 0) return undefined;
    const log = deadLog(container) ?? terminationMessageLog(pod.source.file, death.terminated.message);
    if (!log) return undefined;
    const decisive = decide(log.window);
    if (!decisive) return undefined;

    const ran = ranSeconds(death);
    const when = ran === undefined || ran < 300 ? 'at startup' : `after running ${formatDuration(ran)}`;
    const fromMessage = log.which === 'termination message';
    const evidence: Evidence[] = fromMessage
      ? [statusField(pod, container, `${death.path}.message`, death.terminated.message, 'termination message (log tail)', true)]
      : [logExcerpt(log.window, decisive.number, `${log.which} log`, true, { before: 5, after: 2 })];
    evidence.push(statusField(pod, container, `${death.path}.exitCode`, exitCode, `last termination (${str(death.terminated.reason) || 'exit'})`));
    const killed = exitCode === 137 || exitCode === 143;
    return {
      messageId: decisive.category,
      data: {
        container: container.name,
        exitCode,
        category: decisive.category,
        subject: decisive.subject,
        errorText: clip(decisive.text, 140),
        decisiveLine: decisive.number,
        ranSeconds: ran,
        when,
      },
      confidence: killed ? 'low' : decisive.rank >= 2 ? 'high' : 'medium',
      evidence,
      fix: appFix(decisive.category, decisive.subject, decisive.text),
    };
  },
});

interface Decisive {
  category: Category;
  rank: number;
  number: number;
  text: string;
  subject?: string;
}

function decide(window: LogWindow): Decisive | undefined {
  let best: Decisive | undefined;
  let springAt = -1;
  window.lines.forEach((line, index) => {
    const text = lineText(window, line);
    if (SPRING_BANNER.test(text)) springAt = index;
    for (const signal of SIGNALS) {
      const match = signal.pattern.exec(text);
      if (!match) continue;
      // Ties go to the later line: the last exception of a traceback, the root `Caused by:` of a Java chain.
      if (!best || signal.rank >= best.rank) {
        const subject = signal.subject ? (match[signal.subject] ?? match[signal.subject + 1]) : undefined;
        best = { category: signal.category, rank: signal.rank, number: line.number, text: text.trim(), subject };
      }
      break;
    }
  });
  if (springAt >= 0) {
    // Spring Boot's failure report: the line after `Description:` says what failed.
    const lines = window.lines.slice(springAt);
    const description = lines.findIndex((line) => /^Description:/.test(lineText(window, line)));
    const detail = description >= 0 ? lines.slice(description + 1).find((line) => lineText(window, line).trim() !== '') : undefined;
    if (detail && (!best || best.rank < 4)) {
      const text = lineText(window, detail).trim();
      const env = /\$\{([A-Z][A-Z0-9_]+)\}|property '([\w.-]+)'/.exec(text);
      return { category: env?.[1] ? 'missing-env' : 'config', rank: 4, number: detail.number, text, subject: env?.[1] ?? env?.[2] };
    }
  }
  return best;
}

/** With `terminationMessagePolicy: FallbackToLogsOnError` the termination message holds the log's tail. */
function terminationMessageLog(file: string, message: unknown) {
  const text = str(message);
  if (!text.includes('\n') && text.length < 20) return undefined;
  const lines = text.split('\n').map((line, index) => ({ number: index + 1, text: line }));
  const window: LogWindow = { source: { file }, lines, totalLines: lines.length, totalBytes: text.length, complete: true, timestamped: false };
  return { window, which: 'termination message' as const };
}

function appFix(category: Category, subject: string | undefined, text: string) {
  const quoted = clip(text, 120);
  const fixes: Record<Category, { summary: string; steps: string[]; snippet?: { language: 'yaml'; code: string } }> = {
    'missing-env': {
      summary: `set the environment variable ${subject ?? ''} the app requires (from a ConfigMap or Secret); more memory or a probe change will not help`,
      steps: [
        `add ${subject ?? 'the variable'} to the container's env (valueFrom a Secret for credentials)`,
        'check the variable is set in every environment the workload is deployed to (the Helm values or overlay of this cluster)',
      ],
      snippet: { language: 'yaml', code: `env:\n  - name: ${subject ?? 'NAME'}\n    valueFrom:\n      secretKeyRef:\n        name: <secret>\n        key: ${subject ?? 'NAME'}` },
    },
    'missing-module': {
      summary: `add ${subject ?? 'the missing module'} to the image (dependency manifest, build stage) and rebuild`,
      steps: ['check the dependency is in requirements.txt / package.json / pom.xml and installed in the final image stage', 'a multi-stage build may copy the app without its dependencies'],
    },
    'port-in-use': {
      summary: 'make the app listen on a port nothing else in the pod uses',
      steps: ['two containers of one pod share the network namespace: a sidecar may hold the port', 'a stale pid file (Rails `server.pid`) gives the same message: delete it at start'],
    },
    permission: {
      summary: 'give the app write access where it writes, or make it write elsewhere',
      steps: [`the log says: ${quoted}`, 'with readOnlyRootFilesystem, mount an emptyDir where the app writes (e.g. /tmp, /var/cache/nginx)', 'non-root images cannot bind ports below 1024: listen on 8080'],
      snippet: { language: 'yaml', code: 'volumeMounts:\n  - name: tmp\n    mountPath: /tmp\nvolumes:\n  - name: tmp\n    emptyDir: {}' },
    },
    credentials: {
      summary: 'fix the credentials the app uses (the Secret it reads), not the deployment',
      steps: [`the log says: ${quoted}`, 'compare the Secret the pod mounts with the credentials the server expects'],
    },
    config: {
      summary: 'fix the configuration the app rejects at startup',
      steps: [`the log says: ${quoted}`, 'check the ConfigMap or config file this environment mounts against what the app version expects'],
    },
    panic: {
      summary: 'fix the code path that panics at startup (often a nil value from missing configuration)',
      steps: [`the log says: ${quoted}`, 'the goroutine trace below the panic names the file and line'],
    },
    exception: {
      summary: 'fix the error the app raises; the decisive log line names it',
      steps: [`the log says: ${quoted}`, 'the frames above it name the code path; check configuration the code reads there'],
    },
    'fatal-log': {
      summary: 'fix what the app reports as fatal',
      steps: [`the log says: ${quoted}`],
    },
  };
  return { ...fixes[category], owner: 'application' as const };
}
