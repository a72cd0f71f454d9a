/**
 * Detection for next time: for each crashing workload, the PrometheusRule that would have paged before the ticket —
 * restarts and CrashLoopBackOff from kube-state-metrics (`kube_pod_container_status_restarts_total`,
 * `kube_pod_container_status_waiting_reason`) and, for OOM kills, cAdvisor's `container_oom_events_total`. Names
 * come from the bundle, so every string is written as a JSON (= YAML double-quoted) scalar and every regex is
 * escaped. Pure.
 */
import type { AlertSuggestion } from '../model/report.js';
import type { AnalyzedFinding } from './rule.js';

export function suggestAlerts(analyzed: readonly AnalyzedFinding[]): AlertSuggestion[] {
  const groups = new Map<string, AnalyzedFinding[]>();
  for (const entry of analyzed) {
    if (entry.trouble.kind === 'recovered' && entry.container.restartCount === 0) continue;
    const key = `${entry.bundleIndex}/${entry.pod.namespace}/${entry.pod.workload.kind}/${entry.pod.workload.name}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  return [...groups.values()].flatMap((group) => {
    const [first] = group;
    if (!first) return [];
    const { snapshot, pod } = first;
    const containers = [...new Set(group.map((entry) => entry.container.name))].sort();
    const ooms = group.some((entry) => entry.finding.cause === 'oom-killed');
    return [{
      bundle: snapshot.bundle.name,
      namespace: pod.namespace,
      workload: pod.workload,
      containers,
      snippet: { language: 'yaml' as const, code: prometheusRule(pod.namespace, pod.workload, podPattern(pod.workload, group), containers, ooms) },
    }];
  });
}

/** A regex for the workload's pods: its pod names' common prefix (`checkout-8nm4prfhfv-.*`), else the exact names. */
function podPattern({ kind, name }: { kind: string; name: string }, group: readonly AnalyzedFinding[]): string {
  const names = [...new Set(group.map((entry) => entry.pod.name))];
  if (kind !== 'Pod' && names.every((pod) => pod.startsWith(`${name}-`))) return `${escapeRegex(name)}-.*`;
  return names.map(escapeRegex).join('|');
}

function prometheusRule(namespace: string, workload: { kind: string; name: string }, pods: string, containers: string[], ooms: boolean): string {
  const selector = `namespace=${promString(namespace)}, pod=~${promString(pods)}, container=~${promString(containers.map(escapeRegex).join('|'))}`;
  const subject = `${workload.kind}/${workload.name} in ${namespace}`;
  const rules = [
    rule('ContainerRestartingOften', `increase(kube_pod_container_status_restarts_total{${selector}}[15m]) > 2`, '5m', `${subject} restarted more than twice in 15 minutes`),
    rule('ContainerCrashLooping', `max_over_time(kube_pod_container_status_waiting_reason{${selector}, reason="CrashLoopBackOff"}[5m]) >= 1`, '10m', `${subject} is in CrashLoopBackOff`),
    ...(ooms ? [rule('ContainerOOMKilled', `increase(container_oom_events_total{${selector}}[15m]) > 0`, undefined, `${subject} was OOM-killed`)] : []),
  ];
  return [
    'apiVersion: monitoring.coreos.com/v1',
    'kind: PrometheusRule',
    'metadata:',
    `  name: ${yamlString(dnsLabel(`podmortem-${workload.name}-crashes`))}`,
    `  namespace: ${yamlString(namespace)}`,
    'spec:',
    '  groups:',
    `    - name: ${yamlString(`${namespace}.${workload.name}.crashes`)}`,
    '      rules:',
    ...rules.flat(),
  ].join('\n');
}

function rule(alert: string, expr: string, forDuration: string | undefined, summary: string): string[] {
  return [
    `        - alert: ${alert}`,
    `          expr: ${yamlString(expr)}`,
    ...(forDuration ? [`          for: ${forDuration}`] : []),
    '          labels:',
    '            severity: warning',
    '          annotations:',
    `            summary: ${yamlString(summary)}`,
  ];
}

/** A JSON string is a valid YAML double-quoted scalar, with every control character escaped. */
function yamlString(value: string): string {
  return JSON.stringify(value);
}

/** A PromQL string literal: the same escapes as JSON for `"` and `\`. */
function promString(value: string): string {
  return JSON.stringify(value);
}

function escapeRegex(value: string): string {
  return value.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

function dnsLabel(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '') || 'podmortem-crashes';
}
