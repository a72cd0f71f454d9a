/**
 * `podmortem serve` through the CLI on real troubleshoot bundles (see real/troubleshoot/SOURCE.md): the reader opens
 * them, logs come from the archive on demand, the kubeconfig is printed and removed on Ctrl-C (the context's signal).
 */
import { access } from 'node:fs/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { run } from '../../src/cli/main.js';
import { release } from './fixtures.js';
import { kubectlFor, type Kubectl } from './kubectl.js';

const SUPPORT_BUNDLE = 'test/fixtures/real/troubleshoot/testdata-supportbundle/support-bundle.tar.gz';
const BASELINE = 'test/fixtures/real/troubleshoot/e2e-baseline/baseline.tar.gz';

const controller = new AbortController();
let stdout = '';
let stderr = '';
let exit: Promise<number>;
let kubeconfig: string;
let kubectl: Kubectl;

beforeAll(async () => {
  const ctx = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    cwd: process.cwd(),
    signal: controller.signal,
  };
  exit = run(['serve', SUPPORT_BUNDLE, BASELINE], ctx);
  const deadline = Date.now() + 30_000;
  while (!stdout.includes('\n') && Date.now() < deadline) {
    const settled = await Promise.race([exit.then(() => true), new Promise((r) => setTimeout(() => r(false), 25))]);
    if (settled) break;
  }
  const match = /^export KUBECONFIG=(\S+)$/m.exec(stdout);
  if (!match) throw new Error(`serve did not start: ${stderr}`);
  kubeconfig = match[1]!;
  kubectl = await kubectlFor(kubeconfig);
});

afterAll(async () => {
  controller.abort();
  await exit;
  await release(kubectl);
});

test('prints the context-to-bundle mapping and one export line on stdout, and what it serves on stderr', () => {
  expect(stdout).toBe(`# context support-bundle: ${SUPPORT_BUNDLE}\n# context baseline: ${BASELINE}\nexport KUBECONFIG=${kubeconfig}\n`);
  expect(stderr).toMatch(/serving support-bundle\.tar\.gz \(Kubernetes v1\.24\.4\+k3s1, captured [^)]+\) as context "support-bundle" on http:\/\/127\.0\.0\.1:\d+/);
  expect(stderr).toMatch(/as context "baseline" on http:\/\/127\.0\.0\.1:\d+/);
});

test('each bundle has its version: kubectl 1.31 runs for the 1.31 cluster, the bundled 1.32 for 1.24', async () => {
  const baseline = await kubectl('--context', 'baseline', 'version');
  expect(baseline.stdout).toMatch(/Client Version: v1\.31\./);
  expect(baseline.stdout).toContain('Server Version: v1.31.2+k3s1');
  const old = await kubectl('--context', 'support-bundle', 'version');
  expect(old.stdout).toMatch(/Client Version: v1\.32\./);
  expect(old.stdout).toContain('Server Version: v1.24.4+k3s1');
});

test('get pods on a real bundle shows the restart counts the bundle recorded', async () => {
  const result = await kubectl('--context', 'support-bundle', 'get', 'pods', '-n', 'kube-system');
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/local-path-provisioner-7b7dc8d6f5-45btl\s+1\/1\s+Running\s+189 \(/);
});

test('logs --previous streams the captured previous log out of the archive', async () => {
  const result = await kubectl('--context', 'support-bundle', 'logs', '-n', 'kube-system', 'local-path-provisioner-7b7dc8d6f5-45btl', '--previous', '--tail=3');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('level=fatal msg="Error starting daemon: Cannot start Provisioner');
});

test('Ctrl-C stops the servers and removes the kubeconfig', async () => {
  controller.abort();
  expect(await exit).toBe(0);
  await expect(access(kubeconfig)).rejects.toThrow();
  expect(stderr).toContain(`stopped; removed ${kubeconfig}`);
  const after = await kubectl('--context', 'baseline', '--request-timeout=2s', 'get', 'pods');
  expect(after.code).not.toBe(0);
});

test('an unreadable bundle is a usage error naming it', async () => {
  let err = '';
  const code = await run(['serve', 'test/fixtures/real/does-not-exist.tar.gz'], {
    stdout: { write: () => true },
    stderr: { write: (s: string) => (err += s) },
    env: {},
    cwd: process.cwd(),
    signal: new AbortController().signal,
  });
  expect(code).toBe(2);
  expect(err).toContain('does-not-exist.tar.gz');
  expect(err).toContain('podmortem: no bundle could be read');
});
