import type { Evidence } from '../../model/report.js';
import type { ContainerView, LogWindow, PodView } from '../../model/snapshot.js';
import { findCliRejection, locateToken, type CliRejection, type SpecToken } from '../cli-rejection.js';
import { eventEvidence, logExcerpt, specField, statusField } from '../evidence.js';
import { asStrings, clip, commandLine, deathOf, exitCodeOf, formatDuration, lineText, ranSeconds, reasonOf, str, type Death } from '../facts.js';
import { shellCommand } from '../../util/shell.js';
import type { DeadLog } from '../reading.js';
import { defineCause } from '../rule.js';

type Problem = 'not-in-path' | 'no-such-file' | 'permission-denied' | 'crlf-script' | 'start-error';

/**
 * Runtime texts (k8s-facts §3.2): runc ≥1.1 `exec: "curl": executable file not found in $PATH`, runc ≥1.2 inserts
 * `error during container init: `, crun `executable file \`foo\` not found in $PATH`, a missing path
 * `exec: "/app/server": stat /app/server: no such file or directory`, `exec: "/entrypoint.sh": permission denied`.
 */
const RUNTIME_TEXTS: Array<{ problem: Problem; pattern: RegExp }> = [
  // CRI-O quotes runc's log line, so the quotes may arrive escaped: exec: \"uvicorn\": …
  { problem: 'not-in-path', pattern: /exec: \\*"([^"\\]*)\\*": executable file not found in \$PATH/i },
  { problem: 'not-in-path', pattern: /executable file [`'"]?([^`'"\s]+)[`'"]? not found in \$PATH/i },
  { problem: 'no-such-file', pattern: /exec: \\*"([^"\\]*)\\*": stat [^:]*: no such file or directory/i },
  { problem: 'permission-denied', pattern: /exec: \\*"([^"\\]*)\\*": permission denied/i },
  { problem: 'no-such-file', pattern: /exec (\S+): no such file or directory/i },
  { problem: 'no-such-file', pattern: /(?:stat|open) (\S+): no such file or directory/i },
  { problem: 'permission-denied', pattern: /exec (\S+): permission denied/i },
];

/** What a shell or launcher prints when the command line is wrong (exit 126/127 or 1). */
const LOG_TEXTS: Array<{ problem: Problem; pattern: RegExp }> = [
  { problem: 'crlf-script', pattern: /: '?(\S*?)\r'?: No such file or directory|\\r': No such file or directory|\$'\\r': command not found/ },
  { problem: 'not-in-path', pattern: /^(?:\/\S*\/)?(?:ba|da|z)?sh: (?:\d+: )?(?:line \d+: )?(\S+): (?:command )?not found/ },
  { problem: 'not-in-path', pattern: /exec: "([^"]*)": executable file not found in \$PATH/ },
  { problem: 'no-such-file', pattern: /^exec (\S+): no such file or directory/i },
  { problem: 'no-such-file', pattern: /^(?:\/\S*\/)?(?:ba|da|z)?sh: (?:\d+: )?(?:line \d+: )?(?:can't open |cannot open )?(\S+): No such file(?: or directory)?/ },
  { problem: 'no-such-file', pattern: /^Error: Unable to access jarfile (\S+)/ },
  { problem: 'no-such-file', pattern: /^Error: Could not find or load main class (\S+)/ },
  { problem: 'permission-denied', pattern: /^(?:\/\S*\/)?(?:ba|da|z)?sh: (?:\d+: )?(?:line \d+: )?(\S+): Permission denied/ },
  { problem: 'permission-denied', pattern: /^exec (\S+): permission denied/i },
];

/** A parser rejects argv within a second or two; an app that ran longer got past its command line. */
const MAX_REJECTION_RUN_SECONDS = 120;

const START_FAILURE_REASONS = new Set(['StartError', 'ContainerCannotRun']);
const WAITING_START_REASONS = new Set(['RunContainerError', 'CreateContainerError']);

type Message = Problem | CliRejection['rejection'] | 'exit-code' | 'exits-immediately';

interface WrongCommandData {
  container: string;
  exitCode: number | undefined;
  reason: string | undefined;
  /** The command line the spec sets (`command` + `args`), if any. */
  command: string | undefined;
  /** The container runtime named by the container ID (`containerd`, `cri-o`). */
  runtime?: string;
  problem?: Problem | CliRejection['rejection'];
  /** What could not be run, and where that was said (`waiting RunContainerError`, `previous log line 3`). */
  executable?: string;
  where?: string;
  detail?: string;
  /** exit-code: what 126 or 127 means. */
  meaning?: string;
  /** exits-immediately: how long it ran and the policy that restarts it. */
  ranSeconds?: number;
  ranFor?: string;
  restartPolicy?: string;
  /** A parser rejection: the rejected token (all of them), the parser, the program and the spec entry holding it. */
  token?: string;
  tokens?: string[];
  framework?: string;
  program?: string;
  decisiveLine?: number;
  specField?: string;
  signature?: string;
}

export default defineCause<Message, WrongCommandData>({
  id: 'wrong-command-or-args',
  title: 'Wrong command, args or entrypoint',
  docs: 'The container cannot start its process: exit 126/127/128, `StartError`/`ContainerCannotRun`, `RunContainerError`/`CreateContainerError` with `executable file not found in $PATH`, `no such file or directory`, `permission denied`, a script saved with CRLF line ends, the app\'s argument parser rejecting its args at startup (cobra `Error: unknown command`, Go `flag provided but not defined`, argparse, click, picocli, commander, yargs), or a command that exits 0 at once under restartPolicy Always.',
  tier: 'death',
  rank: 30,
  messages: {
    'not-in-path': '{container} cannot start: {executable} is not in the image ({where})',
    'no-such-file': '{container} cannot start: {executable} does not exist in the image ({where})',
    'permission-denied': '{container} cannot start: {executable} is not executable ({where})',
    'crlf-script': '{container} cannot start: its script has Windows (CRLF) line ends, so the shell looks for "{executable}\\r"',
    'start-error': '{container} failed to start ({where}): {detail}',
    'exit-code': '{container} exited {exitCode}: {meaning}',
    'exits-immediately': '{container} exits 0 after {ranFor} and restartPolicy Always restarts it: its command finishes instead of running a server',
    'unknown-command': '{container} exits {exitCode} at startup: the app has no command "{token}" ({framework}, {where})',
    'unknown-option': '{container} exits {exitCode} at startup: the app does not accept the option {token} ({framework}, {where})',
    'unexpected-argument': '{container} exits {exitCode} at startup: the app does not accept the argument {token} ({framework}, {where})',
    'missing-argument': '{container} exits {exitCode} at startup: the app needs {token} on its command line ({framework}, {where})',
    'invalid-value': '{container} exits {exitCode} at startup: the app rejects the value "{token}" in its command line ({framework}, {where})',
  },
  // Parser rejections are not kept patterns: they sit in the first lines of a log, which the reader always keeps.
  keepPatterns: [...LOG_TEXTS.map((entry) => entry.pattern), /exec format error/],
  kindOf({ messageId, data }) {
    const kinds: Record<string, string> = {
      'not-in-path': 'not-found',
      'no-such-file': 'not-found',
      'permission-denied': 'permission',
      'crlf-script': 'crlf',
      'exits-immediately': 'exits',
    };
    if (messageId === 'exit-code') return data.exitCode === 126 ? 'permission' : 'not-found';
    if (messageId === 'start-error') return undefined;
    return kinds[messageId] ?? 'args-rejected';
  },
  explains: ['not-started', 'start-failed', 'exited'],
  decide({ pod, container }, reading) {
    const death = deathOf(container);
    const exitCode = exitCodeOf(death);
    const reason = reasonOf(death);
    const command = commandLine(container);
    const base = { container: container.name, exitCode, reason: reason || undefined, command, runtime: runtimeOf(container) };
    const commandEvidence: Evidence[] = command
      ? [specField(pod, container, container.spec.command ? 'command' : 'args', container.spec.command ?? container.spec.args, 'command')]
      : [];

    // 1. What the runtime said: the termination message, the waiting message, a `Failed` event.
    const texts = runtimeTexts(pod, container);
    if (texts.some((found) => /exec format error/i.test(found.text))) return undefined;
    const hits = texts.map((found) => ({ found, hit: firstMatch(RUNTIME_TEXTS, found.text) }));
    // A text that names the problem beats a bare start failure (`RunContainerError: context deadline exceeded`).
    const decisive = hits.find((entry) => entry.hit) ?? hits.find((entry) => entry.found.startFailure);
    if (decisive) {
      const { found, hit } = decisive;
      const problem: Problem = hit?.problem ?? 'start-error';
      const executable = hit?.executable ?? '';
      return {
        messageId: problem,
        data: { ...base, problem, executable, where: found.where, detail: clip(found.text), reason: found.reason },
        confidence: hit ? 'high' : 'medium',
        evidence: { primary: found.evidence, supporting: [...hits.filter((entry) => entry !== decisive).map((entry) => entry.found.evidence), ...commandEvidence] },
        fix: commandFix(problem, executable, command),
      };
    }

    // 2. What the shell said in the log before exiting: the catalogue's command signatures, then the shell's words.
    const log = reading.log;
    const signed = reading.decisive?.signature.cause === 'wrong-command-or-args' ? reading.decisive : undefined;
    // A parser rejection the CLI code can point into the spec (the rejected args entry) is read there, below.
    const pointed = signed?.kind === 'args-rejected' ? cliRejection(pod, container, death, reading.log) : undefined;
    if (pointed) return pointed;
    if (death && log && signed && exitCode !== undefined && exitCode !== 0) {
      const where = `${log.which} log line ${signed.line.number}`;
      const crlf = signed.kind === 'crlf';
      return {
        messageId: crlf ? 'crlf-script' : 'unknown-option',
        kind: signed.kind,
        data: crlf
          ? { ...base, problem: 'crlf-script', executable: signed.groups.executable ?? 'the script\'s interpreter', where, signature: signed.signature.id }
          : { ...base, problem: 'unknown-option', token: signed.groups.detail ?? 'an option', framework: 'Go flag', where, decisiveLine: signed.line.number, signature: signed.signature.id },
        confidence: 'high',
        evidence: { primary: logExcerpt(log.window, signed.line.number, `${log.which} log`), supporting: [statusField(pod, container, `${death.path}.exitCode`, exitCode, 'exit code'), ...commandEvidence] },
        fix: { summary: signed.signature.fix.summary, steps: signed.signature.fix.steps, owner: 'application' as const },
      };
    }
    if (death && log && exitCode !== undefined && exitCode !== 0) {
      for (const line of log.window.lines) {
        const text = lineText(line);
        if (/exec format error/i.test(text)) return undefined;
        const hit = firstMatch(LOG_TEXTS, text);
        if (!hit) continue;
        return {
          messageId: hit.problem,
          data: { ...base, problem: hit.problem, executable: hit.executable.replace(/\r$/, ''), where: `${log.which} log line ${line.number}` },
          confidence: exitCode === 126 || exitCode === 127 || hit.problem === 'crlf-script' ? 'high' : 'medium',
          evidence: { primary: logExcerpt(log.window, line.number, `${log.which} log`), supporting: [statusField(pod, container, `${death.path}.exitCode`, exitCode, 'exit code'), ...commandEvidence] },
          fix: commandFix(hit.problem, hit.executable, command),
        };
      }
    }

    // 3. The app's argument parser rejected the command line the spec gives it.
    const rejected = cliRejection(pod, container, death, reading.log);
    if (rejected) return rejected;

    // 4. The exit code alone: 126/127 are the shell's "not executable" / "not found".
    if (death && (exitCode === 126 || exitCode === 127)) {
      return {
        messageId: 'exit-code',
        data: { ...base, meaning: exitCode === 127 ? 'the shell did not find the command (127)' : 'the command is not executable (126)' },
        confidence: 'medium',
        evidence: { primary: statusField(pod, container, `${death.path}.exitCode`, exitCode, 'exit code'), supporting: commandEvidence },
        fix: commandFix(exitCode === 127 ? 'not-in-path' : 'permission-denied', '', command),
      };
    }

    // 5. A command that finishes: exit 0 under restartPolicy Always is a crash loop too.
    const restartPolicy = str(pod.object.spec?.restartPolicy) || 'Always';
    const restarts = container.kind === 'sidecar' || ((container.kind === 'regular') && restartPolicy === 'Always');
    if (death && exitCode === 0 && restarts && container.restartCount > 0) {
      const ran = ranSeconds(death);
      return {
        messageId: 'exits-immediately',
        data: { ...base, ranSeconds: ran, ranFor: ran === undefined ? 'a short run' : formatDuration(ran), restartPolicy },
        confidence: 'medium',
        evidence: { primary: statusField(pod, container, `${death.path}.exitCode`, 0, 'exit code'), supporting: commandEvidence },
        fix: {
          summary: 'run the server in the foreground: the container\'s main process must not exit',
          steps: [
            'check that the command starts the long-running process, not a script that starts it in the background and returns',
            'use `exec` in entrypoint scripts so the server replaces the shell',
            'if this is a one-off task, run it as a Job (restartPolicy OnFailure/Never), not in a Deployment',
          ],
          owner: 'application',
        },
      };
    }
    return undefined;
  },
});

interface RuntimeText {
  text: string;
  where: string;
  reason: string;
  startFailure: boolean;
  evidence: Evidence;
}

function runtimeTexts(pod: PodView, container: ContainerView): RuntimeText[] {
  const texts: RuntimeText[] = [];
  const waiting = container.state?.waiting;
  const waitingReason = str(waiting?.reason);
  if (WAITING_START_REASONS.has(waitingReason) && str(waiting?.message)) {
    texts.push({
      text: str(waiting?.message),
      where: `waiting ${waitingReason}`,
      reason: waitingReason,
      startFailure: true,
      evidence: statusField(pod, container, 'state.waiting.message', waiting?.message, `waiting ${waitingReason}`),
    });
  }
  const death = deathOf(container);
  const reason = reasonOf(death);
  if (death) {
    const startFailure = START_FAILURE_REASONS.has(reason) || (death.terminated.exitCode === 128 && reason !== 'Error');
    // Only a start failure's message is the runtime's; otherwise it may be the app's own log tail (FallbackToLogsOnError).
    if (startFailure) {
      texts.push({
        text: str(death.terminated.message),
        where: `${reason || 'terminated'}, exit ${String(death.terminated.exitCode)}`,
        reason,
        startFailure,
        evidence: statusField(pod, container, `${death.path}.message`, death.terminated.message, `last termination (${reason})`),
      });
    }
  }
  for (const event of container.events) {
    if (event.reason === 'Failed' && /^Error: .*(?:OCI runtime|container create failed|failed to (?:create|start))/i.test(event.message)) {
      texts.push({ text: event.message, where: 'Failed event', reason: 'Failed', startFailure: false, evidence: eventEvidence(event, 'start failure') });
    }
  }
  return texts;
}

function firstMatch(table: Array<{ problem: Problem; pattern: RegExp }>, text: string) {
  for (const { problem, pattern } of table) {
    const match = pattern.exec(text);
    if (match) return { problem, executable: match[1] ?? '' };
  }
  return undefined;
}

function runtimeOf(container: ContainerView): string | undefined {
  const id = str(container.status?.containerID ?? container.lastState?.terminated?.containerID);
  const scheme = /^([a-z-]+):\/\//.exec(id)?.[1];
  return scheme;
}

function commandFix(problem: Problem, executable: string, command: string | undefined) {
  const current = command ? ` (now: \`${command}\`)` : '';
  const steps: Record<Problem, string[]> = {
    'not-in-path': [
      `check the spelling of \`${executable || 'the command'}\` in command/args${current}`,
      'list what the image has: `docker run --rm --entrypoint sh <image> -c "ls /usr/local/bin /usr/bin"` (distroless images have no shell)',
      'use the full path, or install the tool in the image',
    ],
    'no-such-file': [
      `the path \`${executable || 'in the command'}\` does not exist in the image${current}: fix the path or the image's build (WORKDIR, COPY)`,
      'if the file comes from a volume, check the volume is mounted at that path before the container starts',
      'a script whose shebang names a missing interpreter (e.g. #!/bin/bash on alpine) fails the same way',
    ],
    'permission-denied': [
      `make \`${executable || 'the entrypoint'}\` executable in the image (\`RUN chmod +x …\`) or run it through its interpreter (\`sh script.sh\`)`,
      'check the volume it lives on is not mounted noexec, and that the container user can read it',
    ],
    'crlf-script': [
      'convert the script to Unix line ends (`dos2unix`, or `.gitattributes`: `*.sh text eol=lf`) and rebuild the image',
    ],
    'start-error': [`read the runtime's message above and fix command/args, the image or the mounts it names${current}`],
  };
  return {
    summary: problem === 'crlf-script' ? 'save the entrypoint script with LF line ends and rebuild the image' : 'fix the container\'s command/args or the image so the entrypoint exists and is executable',
    steps: steps[problem],
    snippet: {
      language: 'yaml' as const,
      code: `containers:\n  - name: <container>\n    command: ["/usr/local/bin/<server>"]   # a path that exists in the image\n    args: ["--port", "8080"]`,
    },
    owner: 'application' as const,
  };
}

/** Where a parser rejection can be read: the dead instance's log, else its termination message. */
function rejectionSources(pod: PodView, container: ContainerView, death: Death, log: DeadLog | undefined) {
  const sources: Array<{ window: LogWindow; which: string; evidence: (line: number) => Evidence }> = [];
  if (log && log.which !== 'termination message') sources.push({ window: log.window, which: `${log.which} log`, evidence: (line) => logExcerpt(log.window, line, `${log.which} log`) });
  const message = str(death.terminated.message);
  if (message.trim() !== '') {
    const lines = message.split('\n').map((text, index) => ({ number: index + 1, text }));
    const window: LogWindow = { source: { file: pod.source.file }, lines, totalLines: lines.length, totalBytes: message.length, complete: true, timestamped: false };
    sources.push({
      window,
      which: 'termination message',
      evidence: () => statusField(pod, container, `${death.path}.message`, message, 'termination message'),
    });
  }
  return sources;
}

function cliRejection(pod: PodView, container: ContainerView, death: Death | undefined, log: DeadLog | undefined) {
  const exitCode = exitCodeOf(death);
  // 128+n is a signal: something killed the process, a parser exits on its own with 1 or 2.
  if (!death || exitCode === undefined || exitCode < 1 || exitCode > 125) return undefined;
  const ran = ranSeconds(death);
  if (ran !== undefined && ran > MAX_REJECTION_RUN_SECONDS) return undefined;
  for (const source of rejectionSources(pod, container, death, log)) {
    const found = findCliRejection(source.window);
    if (!found) continue;
    const located = found.rejection === 'missing-argument' ? undefined : locateToken(container, found.token);
    const where = `${source.which}${source.which === 'termination message' ? '' : ` line ${found.line}`}`;
    const supporting: Evidence[] = [];
    if (located) {
      supporting.push(specField(pod, container, `${located.field}[${located.index}]`, located.value, `the rejected ${located.field} entry`));
    } else if (container.spec.args || container.spec.command) {
      const field = container.spec.args ? 'args' : 'command';
      supporting.push(specField(pod, container, field, container.spec[field], `the container's ${field}`));
    }
    supporting.push(statusField(pod, container, `${death.path}.exitCode`, exitCode, `last termination (${reasonOf(death) || 'exit'})`));
    return {
      messageId: found.rejection,
      data: {
        container: container.name,
        exitCode,
        reason: reasonOf(death) || undefined,
        problem: found.rejection,
        framework: found.framework,
        token: found.token,
        tokens: found.tokens,
        program: found.program,
        where,
        decisiveLine: found.line,
        specField: located ? `${located.field}[${located.index}]` : undefined,
        ranSeconds: ran,
        command: commandLine(container),
      },
      // The parser's own words are decisive; without the token in the spec it may come from an env var (`$(MODE)`).
      confidence: located || found.rejection === 'missing-argument' ? ('high' as const) : ('medium' as const),
      evidence: { primary: source.evidence(found.line), supporting },
      fix: rejectionFix(container, found, located),
    };
  }
  return undefined;
}

const REJECTION_WORDS: Record<CliRejection['rejection'], string> = {
  'unknown-command': 'is not a command of this app',
  'unknown-option': 'is not an option of this app',
  'unexpected-argument': 'is not accepted by this app',
  'missing-argument': 'is required',
  'invalid-value': 'is not a value this app accepts',
};

function rejectionFix(container: ContainerView, found: CliRejection, located: SpecToken | undefined) {
  const image = str(container.spec.image) || '<image>';
  const command = asStrings(container.spec.command);
  const program = command.length > 0 ? command.join(' ') : (found.program ?? '');
  const [entrypoint, ...rest] = command;
  const help = entrypoint !== undefined
    ? shellCommand(['docker', 'run', '--rm', '--entrypoint', entrypoint, image, ...rest, '--help'])
    : shellCommand(['docker', 'run', '--rm', image, '--help']);
  const token = found.token || 'the entry';
  const missing = found.rejection === 'missing-argument';
  const steps = [
    missing
      ? `add ${found.tokens.join(', ') || 'the required arguments'} to the container's args (the parser says: ${clip(found.text, 120)})`
      : located
        ? `\`${located.field}[${located.index}]\` = ${JSON.stringify(located.value)}: ${token} ${REJECTION_WORDS[found.rejection]}; correct or remove it`
        : `${token} ${REJECTION_WORDS[found.rejection]} and is not spelled out in command/args: look for it in an env var the args expand (\`$(VAR)\`) or in the image's default CMD`,
    `list what the app accepts: \`${help}\`${program ? ` (the entrypoint is \`${program}\`)` : ''}`,
    'check the args against the docs of the image version deployed: commands and flags get renamed between releases',
  ];
  return {
    summary: missing ? `give the app the arguments it requires in the pod's args (${found.framework} says ${token} is missing); the code is not at fault` : `correct the pod's args: the app rejects ${token}; the code is not at fault`,
    steps,
    snippet: { language: 'yaml' as const, code: argsSnippet(container, found, located) },
    owner: 'application' as const,
  };
}

/** The container's command/args as YAML, the rejected entry marked. JSON strings are valid YAML double-quoted scalars. */
function argsSnippet(container: ContainerView, found: CliRejection, located: SpecToken | undefined): string {
  const name = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(container.name) ? container.name : JSON.stringify(container.name);
  const lines = ['containers:', `  - name: ${name}`];
  const MAX_ENTRIES = 20;
  for (const field of ['command', 'args'] as const) {
    const values = asStrings(container.spec[field]);
    if (values.length === 0) continue;
    lines.push(`    ${field}:`);
    values.slice(0, MAX_ENTRIES).forEach((value, index) => {
      const marked = located && located.field === field && located.index === index;
      lines.push(`      - ${JSON.stringify(value)}${marked ? `   # ← rejected: ${JSON.stringify(found.token)} ${REJECTION_WORDS[found.rejection]}` : ''}`);
    });
    if (values.length > MAX_ENTRIES) lines.push(`      # … ${values.length - MAX_ENTRIES} more`);
  }
  if (found.rejection === 'missing-argument') {
    if (asStrings(container.spec.args).length === 0) lines.push('    args:');
    lines.push(`      - "<${found.tokens.join(', ') || 'required argument'}>"   # ← required by the app`);
  } else if (!located) {
    lines.push(`    # ${JSON.stringify(found.token)} ${REJECTION_WORDS[found.rejection]}: it is not in command/args, check env vars and the image's CMD`);
  }
  return lines.join('\n');
}

