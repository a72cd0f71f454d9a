import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, LOG_KEEP_PATTERNS } from '../../src/analyze/index.js';
import { CAUSE_IDS, CAUSE_KINDS, CHECK_IDS, REPORT_SCHEMA_VERSION } from '../../src/model/report.js';
import { readSnapshot } from '../../src/reader/index.js';
import { validate } from './json-schema.js';

const schema = JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8')) as Record<string, any>;

async function realReport() {
  const names = ['shop-prod-eu', 'shop-prod-us', 'batch-oom', 'overloaded-node', 'control-plane-blip', 'bad-release'];
  const snapshots = await Promise.all(names.map((n) => readSnapshot(new URL(`../../sample-bundles/${n}.tar.gz`, import.meta.url).pathname, { keepPatterns: LOG_KEEP_PATTERNS })));
  // Through JSON, exactly as `--format json` prints it.
  return JSON.parse(JSON.stringify(analyze(snapshots, { generatorVersion: '0.1.0' }))) as Record<string, any>;
}

describe('docs/report.schema.json', () => {
  it('is versioned with the model and lists exactly the public cause and check ids', () => {
    expect(schema['properties'].schemaVersion.const).toBe(REPORT_SCHEMA_VERSION);
    expect(schema['$defs'].causeId.enum).toEqual([...CAUSE_IDS]);
    expect(schema['$defs'].checkId.enum).toEqual([...CHECK_IDS]);
    expect(schema['$defs'].finding.properties.kind.enum).toEqual([...new Set(Object.values(CAUSE_KINDS).flat())].sort());
  });

  it('accepts a real report from the sample bundles, with every evidence kind, every check and escalation', async () => {
    const report = await realReport();
    expect(validate(schema, report)).toEqual([]);
    const kinds = new Set([...report['findings'], ...report['escalation'].checks].flatMap((f: any) => f.evidence.map((e: any) => e.kind)));
    expect([...kinds].sort()).toEqual(['event', 'field', 'log', 'note', 'table']);
    expect(report['escalation'].checks.map((c: any) => c.kind).sort()).toEqual([...CHECK_IDS].sort());
  });

  it('rejects what breaks the contract (so the acceptance above means something)', async () => {
    const report = await realReport();
    report['findings'][0].cause = 'crash';
    delete report['findings'][1].fix;
    report['findings'][2].evidence[0].kind = 'screenshot';
    report['escalation'].surprise = true;
    const errors = validate(schema, report);
    expect(errors).toContain('$.findings[0].cause: "crash" is not one of ' + JSON.stringify([...CAUSE_IDS]));
    expect(errors).toContain('$.findings[1]: missing fix');
    expect(errors).toContain('$.findings[2].evidence[0]: matches 0 of the oneOf schemas, expected exactly 1');
    expect(errors).toContain('$.escalation: unexpected property surprise');
  });
});
