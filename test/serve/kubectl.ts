/** Runs the real /usr/bin/kubectl (or one minor's binary) with a private HOME (its discovery cache lives there) and a hard timeout. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KUBECTL = '/usr/bin/kubectl';

/** The dispatcher's own minors, to run one kubectl version whatever the served version says. */
export const KUBECTL_MINORS = ['1.27', '1.30', '1.33'] as const;
export const kubectlMinor = (minor: string) => `/usr/lib/google-cloud-sdk/bin/kubectl.${minor}`;

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Kubectl {
  (...args: string[]): Promise<KubectlResult>;
  /** With extra environment variables (KUBE_EDITOR for `edit`). */
  withEnv(env: Record<string, string>, ...args: string[]): Promise<KubectlResult>;
  home: string;
  cleanup(): Promise<void>;
}

export async function kubectlFor(kubeconfig: string, timeoutMs = 20_000, binary = KUBECTL): Promise<Kubectl> {
  const home = await mkdtemp(join(tmpdir(), 'podmortem-kubectl-home-'));
  const withEnv = (extra: Record<string, string>, ...args: string[]) =>
    new Promise<KubectlResult>((resolve) => {
      execFile(
        binary,
        ['--kubeconfig', kubeconfig, ...args],
        { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, ...extra }, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : -1) : 0;
          resolve({ code, stdout, stderr: stderr + (error && (error as { killed?: boolean }).killed ? '\n[killed: timeout]' : '') });
        },
      );
    });
  const run = (...args: string[]) => withEnv({}, ...args);
  return Object.assign(run, { home, withEnv, cleanup: () => rm(home, { recursive: true, force: true }) });
}
