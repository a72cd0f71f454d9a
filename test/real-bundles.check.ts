/**
 * Reads every bundle under ../shared/real-bundles (or $PODMORTEM_REAL_BUNDLES) and prints what each yields. Run by CI
 * with `npx vitest run --config test/real-bundles.config.ts`; it fails when the corpus is there and a bundle cannot be
 * read or yields no pods. The large must-gathers are only read here, never committed.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../src/model/snapshot.js';
import { readSnapshot } from '../src/reader/index.js';

const CORPUS = resolve(process.env['PODMORTEM_REAL_BUNDLES'] ?? join(import.meta.dirname, '..', '..', 'shared', 'real-bundles'));
const ARCHIVE = /\.(tar\.gz|tgz|tar\.xz|txz|tar)$/;
/** Folders that are pieces of bundles, not bundles: read by test/reader/real-bundles.test.ts instead. */
const NOT_BUNDLES = new Set(['analyzer-fragments']);

async function findBundles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = new Set(entries.map((e) => e.name));
  const isFolderBundle =
    names.has('cluster-resources') ||
    names.has('cluster-info') ||
    names.has('namespaces') ||
    entries.some((e) => e.isDirectory() && existsSync(join(dir, e.name, 'pods.json')));
  if (isFolderBundle) return [dir];
  const found: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isFile() && ARCHIVE.test(entry.name)) found.push(path);
    else if (entry.isDirectory() && !NOT_BUNDLES.has(entry.name)) found.push(...(await findBundles(path)));
  }
  return found;
}

function figures(snapshot: Snapshot): string {
  const containers = snapshot.pods.flatMap((p) => p.containers);
  const restarted = containers.filter((c) => c.restartCount > 0).length;
  const crashLooping = containers.filter((c) => c.state?.waiting?.reason === 'CrashLoopBackOff').length;
  const current = containers.filter((c) => c.logs.current).length;
  const previous = containers.filter((c) => c.logs.previous).length;
  const severities = ['error', 'warning', 'info'].map((s) => `${snapshot.diagnostics.filter((d) => d.severity === s).length} ${s}`).join(', ');
  const version = snapshot.cluster.version?.gitVersion ?? snapshot.cluster.version?.['openshiftVersion'] ?? 'unknown';
  return (
    `${snapshot.bundle.format}; version ${String(version)}; ${snapshot.nodes.length} nodes, ${snapshot.pods.length} pods, ` +
    `${containers.length} containers (${restarted} restarted, ${crashLooping} in CrashLoopBackOff); ` +
    `logs: ${current} current, ${previous} previous; ${snapshot.events.length} events; diagnostics: ${severities}; captured ${snapshot.capturedAt ?? '?'} (${snapshot.capturedAtSource})`
  );
}

/** Facts real-bundles/README.md states about the bundles that are too large to commit as fixtures. */
const SPOT_CHECKS: Record<string, Array<[namespace: string, pod: string, container: string, restarts: number, exitCode: number]>> = {
  'must-gather/must-gather-clean/must-gather-aws.tar.xz': [
    ['openshift-ingress-operator', 'ingress-operator-7b85cd998b-f4lj9', 'ingress-operator', 5, 1],
    ['openshift-monitoring', 'cluster-monitoring-operator-579dc88f4c-qr4v4', 'kube-rbac-proxy', 3, 255],
  ],
  'must-gather/must-gather-clean/must-gather-metal.tar.xz': [
    ['openshift-ingress-operator', 'ingress-operator-7d578b789-7wcql', 'ingress-operator', 5, 1],
    ['openshift-marketplace', 'marketplace-operator-688cf64d77-rjcqk', 'marketplace-operator', 3, 1],
  ],
};

function spotCheck(name: string, snapshot: Snapshot): string[] {
  const problems: string[] = [];
  for (const [namespace, podName, containerName, restarts, exitCode] of SPOT_CHECKS[name] ?? []) {
    const container = snapshot.pods.find((p) => p.namespace === namespace && p.name === podName)?.containers.find((c) => c.name === containerName);
    const what = `${name}: ${namespace}/${podName}/${containerName}`;
    if (!container) problems.push(`${what} not found`);
    else if (container.restartCount !== restarts || container.lastState?.terminated?.exitCode !== exitCode) {
      problems.push(`${what}: ${container.restartCount} restarts, exit ${container.lastState?.terminated?.exitCode}; expected ${restarts}, exit ${exitCode}`);
    } else if (!container.logs.previous || container.logs.previous.totalLines === 0) problems.push(`${what}: no previous log`);
  }
  return problems;
}

const present = existsSync(CORPUS);

describe(`real bundles in ${CORPUS}`, () => {
  if (!present) {
    it('is not present here, so nothing is checked (the committed fixtures are read by test/reader/real-bundles.test.ts)', () => {
      console.log(`real-bundles check: ${CORPUS} is not present; nothing to check`);
      expect(existsSync(CORPUS)).toBe(false);
    });
    return;
  }

  it('holds bundles to check', async () => {
    expect((await findBundles(CORPUS)).length).toBeGreaterThan(0);
  });

  it('reads every bundle and finds pods in it', async () => {
    const failures: string[] = [];
    for (const bundle of await findBundles(CORPUS)) {
      const name = relative(CORPUS, bundle);
      const started = performance.now();
      try {
        const snapshot = await readSnapshot(bundle);
        console.log(`${name}: ${figures(snapshot)}; read in ${Math.round(performance.now() - started)} ms`);
        if (snapshot.pods.length === 0) failures.push(`${name}: no pods read`);
        failures.push(...spotCheck(name, snapshot));
        for (const d of snapshot.diagnostics.filter((x) => x.severity === 'error')) failures.push(`${name}: ${d.code} ${d.file}: ${d.message}`);
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message}`);
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
