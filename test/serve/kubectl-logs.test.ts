/**
 * The real kubectl's `logs` and every refused command against `serve`. Logs are read on demand from the bundle's
 * files; the errors for containers without a log are the kubelet's own, surfaced as 400s.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServe, type ServeHandle } from '../../src/serve/index.js';
import { API_POD, CURRENT_LOG, makeFixtures, PREVIOUS_LOG, release, SIDECAR_LOG, STAGING_PREVIOUS_LOG, type Fixtures } from './fixtures.js';
import { kubectlFor, type Kubectl } from './kubectl.js';

let fixtures: Fixtures;
let handle: ServeHandle;
let kubectl: Kubectl;

beforeAll(async () => {
  fixtures = await makeFixtures();
  handle = await startServe([fixtures.production, fixtures.staging]);
  kubectl = await kubectlFor(handle.kubeconfigPath);
});

afterAll(async () => {
  await release(kubectl, handle, fixtures);
});

const lines = (text: string[]) => text.join('\n') + '\n';

describe('kubectl logs', () => {
  test('-c api --previous prints the log of the crashed instance', async () => {
    const result = await kubectl('logs', '-n', 'shop', API_POD, '-c', 'api', '--previous');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(lines(PREVIOUS_LOG));
  });

  test('-c picks the container; without -c kubectl defaults to the first and says so', async () => {
    const sidecar = await kubectl('logs', '-n', 'shop', API_POD, '-c', 'sidecar');
    expect(sidecar.stdout).toBe(lines(SIDECAR_LOG));
    const defaulted = await kubectl('logs', '-n', 'shop', API_POD);
    expect(defaulted.code).toBe(0);
    expect(defaulted.stdout).toBe(lines(CURRENT_LOG));
    expect(defaulted.stderr).toContain('Defaulted container "api" out of: api, sidecar');
  });

  test('--tail keeps the last lines, --limit-bytes cuts the bytes', async () => {
    const tail = await kubectl('logs', '-n', 'shop', API_POD, '-c', 'api', '--previous', '--tail=2');
    expect(tail.stdout).toBe(lines(PREVIOUS_LOG.slice(-2)));
    const limited = await kubectl('logs', '-n', 'shop', API_POD, '-c', 'api', '--previous', '--limit-bytes=8');
    expect(limited.stdout).toBe('starting');
  });

  test('a timestamped log: timestamps stripped by default, kept with --timestamps, --tail applies to lines', async () => {
    const plain = await kubectl('--context', 'shop-staging', 'logs', 'checkout-6d5f-q8w7e', '--previous');
    expect(plain.stdout).toBe(lines(STAGING_PREVIOUS_LOG.map((l) => l.slice(l.indexOf(' ') + 1))));
    const stamped = await kubectl('--context', 'shop-staging', 'logs', 'checkout-6d5f-q8w7e', '--previous', '--timestamps', '--tail=1');
    expect(stamped.stdout).toBe(lines(STAGING_PREVIOUS_LOG.slice(-1)));
  });

  test('--since-time filters a timestamped log by its timestamps', async () => {
    const result = await kubectl('--context', 'shop-staging', 'logs', 'checkout-6d5f-q8w7e', '--previous', '--since-time=2024-05-01T11:56:59Z');
    expect(result.stdout).toBe('panic: runtime error: invalid memory address or nil pointer dereference\ngoroutine 1 [running]:\n');
  });

  test('--previous for a container that never restarted is the kubelet\'s 400', async () => {
    const result = await kubectl('logs', '-n', 'shop', 'db-0', '--previous');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Error from server (BadRequest): previous terminated container "db" in pod "db-0" not found');
  });

  test('a previous instance the collector did not capture says so, and names no stack', async () => {
    const result = await kubectl('logs', '-n', 'shop', 'worker-6b7c-zzz', '--previous');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('the bundle holds no previous log for container "worker" in pod "worker-6b7c-zzz"');
  });

  test('containers that never started get the kubelet\'s waiting messages', async () => {
    const pulling = await kubectl('logs', '-n', 'shop', 'images-1a2b3');
    expect(pulling.stderr).toContain('container "images" in pod "images-1a2b3" is waiting to start: trying and failing to pull image');
    const initializing = await kubectl('logs', '-n', 'shop', 'migrate-hx7lp', '-c', 'migrate');
    expect(initializing.stderr).toContain('container "migrate" in pod "migrate-hx7lp" is waiting to start: PodInitializing');
  });

  test('an unknown pod is NotFound; an unscheduled pod has an empty log', async () => {
    const missing = await kubectl('logs', '-n', 'shop', 'nope');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('pods "nope" not found');
    const pending = await kubectl('logs', '-n', 'shop', 'pending-7d8e9');
    expect(pending.code).toBe(0);
    expect(pending.stdout).toBe('');
  });
});

describe('refused: the snapshot is read-only', () => {
  const READ_ONLY = 'podmortem serves a read-only snapshot';

  test('delete, patch and label get a 405 MethodNotAllowed naming the object', async () => {
    for (const args of [
      ['delete', 'pod', '-n', 'shop', API_POD],
      ['patch', 'pod', '-n', 'shop', 'db-0', '-p', '{"metadata":{"labels":{"a":"b"}}}'],
      ['label', 'pod', '-n', 'shop', 'db-0', 'x=y'],
      ['scale', 'deployment', '-n', 'shop', 'api', '--replicas=3'],
    ]) {
      const result = await kubectl(...args);
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr, args.join(' ')).toContain(`Error from server (MethodNotAllowed): ${READ_ONLY}`);
    }
  });

  test('apply and create reach the 405 (the /openapi/v2 stub lets client-side validation pass)', async () => {
    const manifest = join(kubectl.home, 'cm.yaml');
    await writeFile(manifest, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: shop\ndata:\n  a: b\n');
    const apply = await kubectl('apply', '-f', manifest);
    expect(apply.code).not.toBe(0);
    expect(apply.stderr).toContain(`${READ_ONLY}: POST on configmaps is not allowed`);
    const create = await kubectl('create', 'configmap', 'foo', '-n', 'shop', '--from-literal=a=b');
    expect(create.code).not.toBe(0);
    expect(create.stderr).toContain(READ_ONLY);
  });

  test('edit reaches the 405 after the editor changed the object', async () => {
    const result = await kubectl.withEnv({ KUBE_EDITOR: 'sed -i s/tier:\\ backend/tier:\\ edited/' }, 'edit', 'pod', '-n', 'shop', API_POD);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`${READ_ONLY}: PATCH on pods "${API_POD}" is not allowed`);
  });

  test('exec, attach and port-forward are refused: a snapshot has no running containers', async () => {
    const exec = await kubectl('exec', '-n', 'shop', 'db-0', '--', 'ls');
    expect(exec.code).not.toBe(0);
    expect(exec.stderr).toContain('exec into pod "db-0" is not possible, a snapshot has no running containers');
    const forward = await kubectl('port-forward', '-n', 'shop', 'pod/db-0', '0:5432');
    expect(forward.code).not.toBe(0);
    expect(forward.stderr).toContain('port-forward to pod "db-0" is not possible');
  });

  test('get -w prints the list and waits; the dispatcher picks 1.28 and 1.32 and both end at --request-timeout', async () => {
    for (const context of ['shop-staging', 'shop-prod']) {
      const result = await kubectl('--context', context, 'get', 'pods', '-A', '-w', '--request-timeout=1s');
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(context === 'shop-prod' ? /api-7c9d8f-x2k4q/ : /checkout-6d5f-q8w7e/);
    }
  });

  test('top fails cleanly: there is no metrics API in a snapshot', async () => {
    const result = await kubectl('top', 'pods', '-n', 'shop');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Metrics API not available');
  });
});
