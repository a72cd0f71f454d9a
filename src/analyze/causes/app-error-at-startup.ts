import type { LogWindow } from '../../model/snapshot.js';
import { logExcerpt, statusField } from '../evidence.js';
import { clip, formatDuration, lineText, str } from '../facts.js';
import type { Reading } from '../reading.js';
import { defineCause } from '../rule.js';
import { decisiveHit, fillTemplate, type SignatureHit } from '../signatures/match.js';
import { RANK } from '../signatures/types.js';

type Category =
  | 'missing-env'
  | 'missing-module'
  | 'port-in-use'
  | 'permission'
  | 'credentials'
  | 'config'
  | 'panic'
  | 'exception'
  | 'fatal-log'
  | 'server'
  | 'config-fetch-denied';

/** The message a decisive line reads as, by its sub-kind (and, for generic crash shapes, by its signature). */
const CATEGORY_BY_KIND: Record<string, Category> = {
  env: 'missing-env',
  module: 'missing-module',
  'port-in-use': 'port-in-use',
  'volume-permission': 'permission',
  'credentials-rejected': 'credentials',
  config: 'config',
  'config-fetch-denied': 'config-fetch-denied',
  'data-dir': 'server',
  'lock-file': 'server',
  'corrupt-data': 'server',
  'cluster-id': 'server',
  'kernel-setting': 'server',
  migration: 'server',
};

function categoryOf(hit: SignatureHit): Category {
  if (hit.signature.id === 'bind-privileged-port') return 'permission';
  if (hit.signature.kind !== 'exception') return CATEGORY_BY_KIND[hit.kind] ?? 'exception';
  if (hit.signature.id === 'go-panic') return /^panic: |^fatal error: /.test(hit.text) ? 'panic' : 'fatal-log';
  return hit.signature.rank < RANK.exception ? 'fatal-log' : 'exception';
}

const SPRING_BANNER = /APPLICATION FAILED TO START/;

interface AppErrorData {
  container: string;
  /** The exit code, or `code unknown` (a pasted `get pods` shows no code). */
  exitCode: number | string;
  category: Category;
  /** What the line names: the variable, module, port, file. */
  subject: string | undefined;
  errorText: string;
  decisiveLine: number;
  ranSeconds: number | undefined;
  /** `at startup`, or `after running 2h 3m`. */
  when: string;
  /** The signature's meaning, when a catalogue signature decided. */
  meaning: string | undefined;
  signature: string | undefined;
}

export default defineCause<Category, AppErrorData>({
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
    server: '{container} exits {when} (exit {exitCode}): {meaning}: {errorText}',
    'config-fetch-denied': '{container} exits {when} (exit {exitCode}): {meaning}: {errorText}',
  },
  // The catalogue's signatures are kept by the reader through LOG_KEEP_PATTERNS; these are this cause's own.
  keepPatterns: [SPRING_BANNER, /^Traceback \(most recent call last\)/],
  explains: ['exited'],
  decide({ pod, container }, reading) {
    const { death, exitCode } = reading;
    // An unknown exit code still exited (a pasted `get pods` shows CrashLoopBackOff, not the code): the log decides.
    if (!death || exitCode === 0) return undefined;
    const log = reading.log;
    if (!log) return undefined;
    const decisive = decide(log.window, reading);
    if (!decisive) return undefined;

    const ran = reading.ranSeconds;
    const when = ran === undefined || ran < 300 ? 'at startup' : `after running ${formatDuration(ran)}`;
    const fromMessage = log.which === 'termination message';
    const primary = fromMessage
      ? statusField(pod, container, `${death.path}.message`, death.terminated.message, 'termination message (the app\'s stated reason)')
      : logExcerpt(log.window, decisive.number, `${log.which} log`, { before: 5, after: 2 });
    const supporting = exitCode === undefined ? [] : [statusField(pod, container, `${death.path}.exitCode`, exitCode, `last termination (${str(death.terminated.reason) || 'exit'})`)];
    const killed = exitCode === 137 || exitCode === 143;
    return {
      messageId: decisive.category,
      kind: decisive.kind,
      strength: decisive.rank,
      data: {
        container: container.name,
        exitCode: exitCode ?? 'code unknown',
        category: decisive.category,
        subject: decisive.subject,
        errorText: clip(decisive.text, 140),
        decisiveLine: decisive.number,
        ranSeconds: ran,
        when,
        meaning: decisive.meaning,
        signature: decisive.signature,
      },
      confidence: killed ? 'low' : decisive.rank >= RANK.exception && exitCode !== undefined ? 'high' : 'medium',
      evidence: { primary, supporting },
      fix: decisive.fix ?? appFix(decisive.category, decisive.subject, decisive.text),
    };
  },
});

interface Decisive {
  category: Category;
  kind: string;
  rank: number;
  number: number;
  text: string;
  subject?: string;
  meaning?: string;
  signature?: string;
  /** The signature's own fix, for the kinds the old categories do not cover (data directory, lock file…). */
  fix?: { summary: string; steps: string[]; owner: 'application' };
}

/** The decisive line among this cause's signature hits (rank, then nearest the death); Spring's failure report is code. */
function decide(window: LogWindow, reading: Reading): Decisive | undefined {
  const hit = decisiveHit(reading.hits.filter((h) => h.signature.cause === 'app-error-at-startup'));
  let best: Decisive | undefined;
  if (hit) {
    const category = categoryOf(hit);
    const subject = hit.groups.env ?? hit.groups.module ?? hit.groups.user ?? hit.groups.file;
    best = {
      category,
      kind: hit.kind,
      rank: hit.signature.rank,
      number: hit.line.number,
      text: hit.text,
      ...(subject !== undefined ? { subject } : {}),
      meaning: fillTemplate(hit.signature.meaning, hit.groups),
      signature: hit.signature.id,
      ...(category === 'server' || category === 'config-fetch-denied' || category === 'permission'
        ? { fix: { summary: fillTemplate(hit.signature.fix.summary, hit.groups), steps: [`the log says: ${clip(hit.text, 120)}`, ...hit.signature.fix.steps.map((step) => fillTemplate(step, hit.groups))], owner: 'application' as const } }
        : {}),
    };
  }
  const springAt = window.lines.findIndex((line) => SPRING_BANNER.test(lineText(line)));
  if (springAt >= 0) {
    // Spring Boot's failure report: the line after `Description:` says what failed.
    const lines = window.lines.slice(springAt);
    const description = lines.findIndex((line) => /^Description:/.test(lineText(line)));
    const detail = description >= 0 ? lines.slice(description + 1).find((line) => lineText(line).trim() !== '') : undefined;
    if (detail && (!best || best.rank < RANK.specific)) {
      const text = lineText(detail).trim();
      const env = /\$\{([A-Z][A-Z0-9_]+)\}|property '([\w.-]+)'/.exec(text);
      const category: Category = env?.[1] ? 'missing-env' : 'config';
      return { category, kind: env?.[1] ? 'env' : 'config', rank: RANK.specific, number: detail.number, text, subject: env?.[1] ?? env?.[2] };
    }
  }
  return best;
}

function appFix(category: Category, subject: string | undefined, text: string) {
  const quoted = clip(text, 120);
  const fixes: Record<Exclude<Category, 'server' | 'config-fetch-denied'>, { summary: string; steps: string[]; snippet?: { language: 'yaml'; code: string } }> = {
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
  const known = category === 'server' || category === 'config-fetch-denied' ? 'fatal-log' : category;
  return { ...fixes[known], owner: 'application' as const };
}
