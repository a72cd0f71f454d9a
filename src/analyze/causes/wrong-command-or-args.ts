import type { Evidence } from '../../model/report.js';
import type { ContainerView, PodView } from '../../model/snapshot.js';
import { eventEvidence, logExcerpt, specField, statusField } from '../evidence.js';
import { clip, commandLine, deadLog, deathOf, exitCodeOf, formatDuration, lineText, ranSeconds, reasonOf, str } from '../facts.js';
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

const START_FAILURE_REASONS = new Set(['StartError', 'ContainerCannotRun']);
const WAITING_START_REASONS = new Set(['RunContainerError', 'CreateContainerError']);

export default defineCause({
  id: 'wrong-command-or-args',
  title: 'Wrong command, args or entrypoint',
  docs: 'The container cannot start its process: exit 126/127/128, `StartError`/`ContainerCannotRun`, `RunContainerError`/`CreateContainerError` with `executable file not found in $PATH`, `no such file or directory`, `permission denied`, a script saved with CRLF line ends, or a command that exits 0 at once under restartPolicy Always.',
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
  },
  keepPatterns: [...LOG_TEXTS.map((entry) => entry.pattern), /exec format error/],
  check({ pod, container }) {
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
        evidence: [{ ...found.evidence, primary: true }, ...hits.filter((entry) => entry !== decisive).map((entry) => entry.found.evidence), ...commandEvidence],
        fix: commandFix(problem, executable, command),
      };
    }

    // 2. What the shell said in the log before exiting.
    const log = deadLog(container);
    if (log && exitCode !== undefined && exitCode !== 0) {
      for (const line of log.window.lines) {
        const text = lineText(log.window, line);
        if (/exec format error/i.test(text)) return undefined;
        const hit = firstMatch(LOG_TEXTS, text);
        if (!hit) continue;
        return {
          messageId: hit.problem,
          data: { ...base, problem: hit.problem, executable: hit.executable.replace(/\r$/, ''), where: `${log.which} log line ${line.number}` },
          confidence: exitCode === 126 || exitCode === 127 || hit.problem === 'crlf-script' ? 'high' : 'medium',
          evidence: [logExcerpt(log.window, line.number, `${log.which} log`, true), statusField(pod, container, `${death!.path}.exitCode`, exitCode, 'exit code'), ...commandEvidence],
          fix: commandFix(hit.problem, hit.executable, command),
        };
      }
    }

    // 3. The exit code alone: 126/127 are the shell's "not executable" / "not found".
    if (death && (exitCode === 126 || exitCode === 127)) {
      return {
        messageId: 'exit-code',
        data: { ...base, meaning: exitCode === 127 ? 'the shell did not find the command (127)' : 'the command is not executable (126)' },
        confidence: 'medium',
        evidence: [statusField(pod, container, `${death.path}.exitCode`, exitCode, 'exit code', true), ...commandEvidence],
        fix: commandFix(exitCode === 127 ? 'not-in-path' : 'permission-denied', '', command),
      };
    }

    // 4. A command that finishes: exit 0 under restartPolicy Always is a crash loop too.
    const restartPolicy = str(pod.object.spec?.restartPolicy) || 'Always';
    const restarts = container.kind === 'sidecar' || ((container.kind === 'regular') && restartPolicy === 'Always');
    if (death && exitCode === 0 && restarts && container.restartCount > 0) {
      const ran = ranSeconds(death);
      return {
        messageId: 'exits-immediately',
        data: { ...base, ranSeconds: ran, ranFor: ran === undefined ? 'a short run' : formatDuration(ran), restartPolicy },
        confidence: 'medium',
        evidence: [statusField(pod, container, `${death.path}.exitCode`, 0, 'exit code', true), ...commandEvidence],
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
