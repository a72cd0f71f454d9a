/**
 * The app's own words that a process was SIGKILLed under memory pressure: the kernel OOM killer ended a child (a
 * gunicorn worker, the node process under npm/yarn) while the container's main process lived on to report it and
 * exit. The container itself ends with exit 1 or 137 and no OOMKilled reason.
 */
import { RANK, type Signature } from './types.js';

const sigkillFix = {
  summary: 'give the container the memory its workers need (measure the peak, set requests and limits about 30% above), or run fewer/smaller workers',
  steps: [
    'a child process got SIGKILL from the kernel OOM killer: the container limit (or the node) is too small for the working set',
    'reduce workers or concurrency (gunicorn --workers, celery --concurrency) or the per-worker memory before raising the limit blindly',
  ],
};

export const MEMORY_SIGNATURES: Signature[] = [
  {
    id: 'gunicorn-worker-sigkill',
    ecosystem: 'python',
    pattern: /Worker \(pid:\d+\) was sent SIGKILL! Perhaps out of memory\?|Worker with pid \d+ was terminated due to signal 9|exited with 'signal 9 \(SIGKILL\)'/,
    rank: RANK.memory,
    cause: 'oom-killed',
    kind: 'sigkill',
    meaning: 'a worker process got SIGKILL (out of memory)',
    fix: sigkillFix,
    example: '[2025-01-06 07:28:05 +0000] [1] [ERROR] Worker (pid:418) was sent SIGKILL! Perhaps out of memory?',
    source: 'https://github.com/langgenius/dify/issues/12391',
  },
  {
    id: 'npm-yarn-signal-sigkill',
    ecosystem: 'node',
    pattern: /error Command failed with signal "SIGKILL"|npm ERR! signal SIGKILL/,
    rank: RANK.memory,
    cause: 'oom-killed',
    kind: 'sigkill',
    meaning: 'the node process under npm/yarn got SIGKILL (out of memory)',
    fix: sigkillFix,
    example: 'error Command failed with signal "SIGKILL".',
    source: 'https://github.com/linuxserver/docker-overseerr/issues/26',
  },
  {
    id: 'shell-killed',
    ecosystem: 'shell',
    pattern: /^\s*Killed\s*$|: line \d+:\s+\d+ Killed\b/,
    rank: RANK.memory,
    cause: 'oom-killed',
    kind: 'sigkill',
    meaning: 'the shell reports its child was Killed (SIGKILL, out of memory)',
    fix: sigkillFix,
    example: 'Killed',
    source: 'https://github.com/oven-sh/bun/issues/14179',
  },
];
