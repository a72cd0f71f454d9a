/**
 * End to end over the committed sample bundles (sample-bundles/README.md lists every crash and its expected cause):
 * the real reader, the real analyzer, every cause and check where the samples hold them and nowhere else.
 */
import { describe, expect, it } from 'vitest';
import { analyze, LOG_KEEP_PATTERNS } from '../../src/analyze/index.js';
import type { Report } from '../../src/model/report.js';
import { readSnapshot } from '../../src/reader/index.js';

const SAMPLES = new URL('../../sample-bundles/', import.meta.url);

async function run(...names: string[]): Promise<Report> {
  const snapshots = await Promise.all(names.map((name) => readSnapshot(new URL(`${name}.tar.gz`, SAMPLES).pathname, { keepPatterns: LOG_KEEP_PATTERNS })));
  return analyze(snapshots);
}

/** Every crashing container with its cause, replicas grouped into one finding counted through its instances. */
function causes(report: Report): Record<string, string> {
  return Object.fromEntries(report.findings.flatMap((f) => [f, ...(f.instances ?? [])].map((i) => [`${f.namespace}/${i.pod}/${i.container}`, f.cause])));
}

const EU: Record<string, string> = {
  'shop/checkout-8nm4prfhfv-s69sj/checkout': 'app-error-at-startup',
  'shop/payments-zph6p5kwxx-7tlkr/payments': 'app-error-at-startup',
  'shop/edge-proxy-zn7f4nwv2t-7c6vf/edge-proxy': 'app-error-at-startup',
  'shop/recommendations-bchs9pqpnb-784p4/recommendations': 'oom-killed',
  'shop/search-suggest-jlcprht442-xz9p6/search-suggest': 'oom-killed',
  'shop/inventory-ncj527qcnl-4hck5/inventory': 'liveness-probe-failure',
  'shop/notifier-9p7xr8n7sl-d5k52/notifier': 'wrong-command-or-args',
  'shop/orders-w6pdxhjmqb-l7qzw/orders': 'boot-dependency-unavailable',
  'shop/sessions-bp7dj9xcfg-sjf56/sessions': 'boot-dependency-unavailable',
  'shop/reviews-hdpdksv5bx-m8bb5/reviews': 'image-pull-failure',
  'shop/cart-nsggdxtsxr-7r4p8/cart': 'missing-config',
  'shop/shipping-hgqjzwlsf9-gdbcr/migrate': 'app-error-at-startup',
  'shop/ledger-k8hgx6lc6j-cxzjl/metrics-agent': 'app-error-at-startup',
  'shop/image-resizer-vczqlmz6pl-b2kww/image-resizer': 'image-platform-mismatch',
  'shop/loyalty-cxjk98lsmf-5j9nn/loyalty': 'startup-probe-failure',
  'reporting/report-worker-kdfp975qqh-p2ckb/report-worker': 'evicted',
};

describe('sample bundles', () => {
  it('shop-prod-eu alone: every cause where the README puts it, no escalation', async () => {
    const report = await run('shop-prod-eu');
    expect(causes(report)).toEqual(EU);
    expect(report.errors).toEqual([]);
    expect(report.escalation.escalate).toBe(false);
    expect(report.escalation.teamFixes).toHaveLength(16);
    const byContainer = new Map(report.findings.map((f) => [f.container, f]));
    expect(byContainer.get('search-suggest')).toMatchObject({ messageId: 'runtime-heap', data: { runtime: 'v8', exitCode: 134 } });
    expect(byContainer.get('recommendations')).toMatchObject({ messageId: 'cgroup-limit', data: { limitBytes: 256 * 2 ** 20 } });
    expect(byContainer.get('payments')).toMatchObject({ messageId: 'missing-env', data: { subject: 'DATABASE_URL' } });
    expect(byContainer.get('orders')).toMatchObject({ messageId: 'refused', data: { service: 'shop/postgres', readyEndpoints: 0 } });
    expect(byContainer.get('sessions')).toMatchObject({ messageId: 'dns', data: { host: 'redis-sessions', serviceFound: false } });
    expect(byContainer.get('inventory')).toMatchObject({ messageId: 'slow-boot', data: { failure: 'timeout', budgetSeconds: 40 } });
    expect(byContainer.get('loyalty')).toMatchObject({ messageId: 'slow-boot', data: { exitCode: 143, budgetSeconds: 60 } });
    expect(byContainer.get('migrate')).toMatchObject({ containerKind: 'init' });
    expect(byContainer.get('metrics-agent')).toMatchObject({ containerKind: 'sidecar', messageId: 'panic' });
    expect(byContainer.get('image-resizer')).toMatchObject({ data: { nodeArchitecture: 'arm64' } });
    expect(byContainer.get('cart')).toMatchObject({ messageId: 'missing-key', data: { key: 'DB_URL', name: 'app-cfg' } });
    for (const finding of report.findings) expect(finding.evidence.filter((e) => e.primary)).toHaveLength(1);
  });

  it('shop-prod-eu + shop-prod-us: cross-cluster-difference fires for image-resizer only', async () => {
    const report = await run('shop-prod-eu', 'shop-prod-us');
    expect(report.escalation.escalate).toBe(true);
    expect(report.escalation.checks.map((c) => [c.kind, c.findings])).toEqual([['cross-cluster-difference', ['0/shop/image-resizer-vczqlmz6pl-b2kww/image-resizer']]]);
    const table = report.escalation.checks[0]!.evidence[0]!;
    expect(table.kind === 'table' && table.rows.find((row) => row[0] === 'architecture')).toEqual(['architecture', 'amd64', 'arm64']);
  });

  it('shop-prod-us alone: the recovered restart is explained, nothing escalates', async () => {
    const report = await run('shop-prod-us');
    expect(causes(report)).toEqual({ 'shop/recommendations-9fvr9pjgfx-bmcsh/recommendations': 'boot-dependency-unavailable' });
    expect(report.findings[0]).toMatchObject({ data: { host: 'redis', trouble: 'recovered' } });
    expect(report.escalation.escalate).toBe(false);
  });

  it('batch-oom: same-memory-oom fires for the three 256Mi workloads, not for the related indexer pair', async () => {
    const report = await run('batch-oom');
    expect(Object.values(causes(report))).toEqual(Array(5).fill('oom-killed'));
    const checks = report.escalation.checks;
    expect(checks.map((c) => c.kind)).toEqual(['same-memory-oom']);
    expect(checks[0]!.findings.sort()).toEqual([
      '0/analytics/report-builder-29916659-g5w7z/report-builder',
      '0/billing/invoice-renderer-llb7czd7tx-56rsc/invoice-renderer',
      '0/ml/feature-store-0/feature-store',
    ]);
  });

  it('overloaded-node: kubelet-overloaded fires for the one node; the single slow readiness probe elsewhere does not count', async () => {
    const report = await run('overloaded-node');
    expect(Object.values(causes(report))).toEqual(Array(4).fill('liveness-probe-failure'));
    expect(report.escalation.checks.map((c) => c.kind)).toEqual(['kubelet-overloaded']);
    expect(report.escalation.checks[0]!.summary).toContain('aks-user-31742588-vmss00000a');
    expect(report.escalation.checks[0]!.evidence[0]!.kind === 'table' && report.escalation.checks[0]!.evidence[0]!.rows.some((row) => row[1]?.startsWith('search-ui'))).toBe(false);
  });

  it('the other layouts: troubleshoot, cluster-info dump, must-gather', async () => {
    expect(causes(await run('legacy-troubleshoot'))).toEqual({
      'pos/pos-sync-clvb6md4cj-m98z2/pos-sync': 'oom-killed',
      'pos/label-printer-2jlzvdbb2r-gq9fk/label-printer': 'image-pull-failure',
      'pos/terminal-bridge-w2p7sn6g72-sn7md/terminal-bridge': 'unknown',
    });
    expect(causes(await run('cluster-info-dump'))).toEqual({ 'web/api-gateway-hqp4vgpnsh-d4lvc/api-gateway': 'app-error-at-startup' });
    const mustGather = await run('must-gather');
    expect(causes(mustGather)).toEqual({ 'fulfilment/order-sync-2nvfpdvkjp-ktnn5/order-sync': 'boot-dependency-unavailable' });
    expect(mustGather.findings[0]).toMatchObject({ messageId: 'dns', data: { host: 'broker-amqps-0-svc.messaging.svc', port: '5671' } });
    for (const name of ['legacy-troubleshoot', 'cluster-info-dump', 'must-gather']) expect((await run(name)).escalation.escalate).toBe(false);
  });
});
