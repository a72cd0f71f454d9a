/** Replicas and siblings of one workload that die the same way are one finding with their instances listed. */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { container, crashLooping, log, pod, snapshot } from './fixtures.js';

const dying = (name: string) => pod({ name, deployment: 'api', containers: [container('api', crashLooping({ exitCode: 1, reason: 'Error' }))] });

describe('replicas', () => {
  it('groups replicas that die the same way; a sibling without evidence joins as inferred', () => {
    const s = snapshot({
      pods: [dying('api-7c9d5f-aaaaa'), dying('api-7c9d5f-bbbbb'), dying('api-7c9d5f-ccccc')],
      logs: [
        log({ pod: 'api-7c9d5f-aaaaa', container: 'api', lines: ["KeyError: 'DATABASE_URL'"] }),
        log({ pod: 'api-7c9d5f-bbbbb', container: 'api', lines: ["KeyError: 'DATABASE_URL'"] }),
      ],
    });
    const report = analyze([s]);
    expect(report.findings).toHaveLength(1);
    const [finding] = report.findings;
    expect(finding).toMatchObject({ cause: 'app-error-at-startup', kind: 'env' });
    expect(finding!.instances).toEqual([
      { pod: 'api-7c9d5f-bbbbb', container: 'api', restartCount: 5 },
      { pod: 'api-7c9d5f-ccccc', container: 'api', restartCount: 5, inferred: true },
    ]);
  });

  it('keeps replicas that die differently apart, and bare pods apart', () => {
    const s = snapshot({
      pods: [dying('api-7c9d5f-aaaaa'), dying('api-7c9d5f-bbbbb'), pod({ name: 'debug', containers: [container('api', crashLooping({ exitCode: 1, reason: 'Error' }))] })],
      logs: [
        log({ pod: 'api-7c9d5f-aaaaa', container: 'api', lines: ["KeyError: 'DATABASE_URL'"] }),
        log({ pod: 'api-7c9d5f-bbbbb', container: 'api', lines: ["ModuleNotFoundError: No module named 'flask'"] }),
        log({ pod: 'debug', container: 'api', lines: ["KeyError: 'DATABASE_URL'"] }),
      ],
    });
    const report = analyze([s]);
    expect(report.findings.map((f) => f.kind).sort()).toEqual(['env', 'env', 'module']);
    expect(report.findings.every((f) => f.instances === undefined)).toBe(true);
  });
});
