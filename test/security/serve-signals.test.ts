/**
 * Closing the terminal sends SIGHUP; Ctrl-\ sends SIGQUIT. Either must stop `podmortem serve` the way Ctrl-C does,
 * removing the kubeconfig folder it wrote. Runs the real CLI in a child process and sends it the real signal.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

async function serveThenSignal(signal: NodeJS.Signals): Promise<{ kubeconfig: string; code: number | null; stderr: string }> {
  const child = spawn('node', [join(ROOT, 'bin/podmortem.js'), 'serve', '--port', '0', join(ROOT, 'sample-bundles/batch-oom.tar.gz')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const kubeconfig = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /export KUBECONFIG='?([^'\n]+)'?\n/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
  expect(existsSync(kubeconfig)).toBe(true);
  child.kill(signal);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  return { kubeconfig, code, stderr };
}

describe('serve cleans up on the signals a closed terminal sends', () => {
  for (const signal of ['SIGHUP', 'SIGQUIT'] as const) {
    it(`removes the kubeconfig folder on ${signal}`, async () => {
      const { kubeconfig, code, stderr } = await serveThenSignal(signal);
      expect(existsSync(kubeconfig), stderr).toBe(false);
      expect(existsSync(dirname(kubeconfig))).toBe(false);
      expect(code).toBe(0);
    }, 60_000);
  }
});
