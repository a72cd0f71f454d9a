/**
 * One real-world crash case of corpus/cases/*.yaml (format: corpus/README.md), parsed and validated. Validation is
 * strict on purpose: a harvester who misspells `lastState` must hear it, not get a case that silently tests nothing.
 */
import { parse } from 'yaml';
import { CAUSE_IDS, CAUSE_KINDS } from '../model/report.js';

const CASE_LAYOUTS = ['troubleshoot', 'podmortem', 'cluster-info-dump', 'must-gather'] as const;
export type CaseLayout = (typeof CASE_LAYOUTS)[number];

export { CAUSE_KINDS } from '../model/report.js';

type ContainerCaseKind = 'regular' | 'init' | 'sidecar';

export interface CaseContainer {
  name: string;
  kind: ContainerCaseKind;
  image: string;
  spec: Record<string, unknown>;
  restartCount: number;
  ready?: boolean;
  started?: boolean;
  state?: CaseState;
  lastState?: CaseState;
  ranSeconds: number;
  endedSecondsAgo: number;
  previousLog?: string;
  currentLog?: string;
  logError?: string;
}

/** A container state as the case gives it: exactly one of waiting, running, terminated, with its fields. */
type CaseState = { waiting: Record<string, unknown> } | { running: Record<string, unknown> } | { terminated: Record<string, unknown> };

export interface CasePod {
  name: string;
  namespace: string;
  owner?: { kind: string; name: string };
  node?: string;
  phase: string;
  reason?: string;
  message?: string;
  restartPolicy?: string;
  priorityClassName?: string;
  imagePullSecrets?: string[];
  volumes?: unknown[];
  labels?: Record<string, string>;
  podIP?: string;
  ageSeconds?: number;
  conditions?: unknown[];
  containers: CaseContainer[];
}

export interface CaseEvent {
  type: string;
  reason: string;
  message: string;
  count: number;
  /** Kind/name or Kind/namespace/name; the first pod when absent. */
  object?: string;
  /** The container the event is about (its fieldPath); inferred from the message when absent. */
  container?: string;
  secondsAgo: number;
  firstSecondsAgo?: number;
  source?: string;
}

export interface CaseExpectation {
  /** The subject: the pod and container the expectation is about (the first troubled one when absent). */
  pod?: string;
  container?: string;
  cause: string;
  kind?: string;
  mentions?: string;
  owner?: 'application' | 'platform';
}

export interface CorpusCase {
  id: string;
  file: string;
  source: string;
  title: string;
  why: string;
  layout: CaseLayout;
  expect: CaseExpectation[];
  pods: CasePod[];
  events: CaseEvent[];
  objects: Array<Record<string, unknown>>;
  capturedAt: string;
  kubernetesVersion: string;
}

export class CaseError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.length === 1 ? problems.join('') : `\n  - ${problems.join('\n  - ')}`}`);
  }
}

const TOP_KEYS = ['source', 'title', 'why', 'layout', 'expect', 'pods', 'events', 'objects', 'capturedAt', 'kubernetesVersion'];
const EXPECT_KEYS = ['pod', 'container', 'cause', 'kind', 'mentions', 'owner'];
const POD_KEYS = [
  'name',
  'namespace',
  'owner',
  'node',
  'phase',
  'reason',
  'message',
  'restartPolicy',
  'priorityClassName',
  'imagePullSecrets',
  'volumes',
  'labels',
  'podIP',
  'ageSeconds',
  'conditions',
  'containers',
];
const CONTAINER_KEYS = [
  'name',
  'kind',
  'image',
  'spec',
  'restartCount',
  'ready',
  'started',
  'state',
  'lastState',
  'ranSeconds',
  'endedSecondsAgo',
  'previousLog',
  'currentLog',
  'logError',
];
const EVENT_KEYS = ['type', 'reason', 'message', 'count', 'object', 'container', 'secondsAgo', 'firstSecondsAgo', 'source'];
const OWNER_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'ReplicationController'];
const STATE_KEYS = ['waiting', 'running', 'terminated'];
const DNS_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Parses and validates one case file's text; throws a CaseError listing every problem, naming the file. */
export function parseCase(file: string, text: string): CorpusCase {
  const id = file.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
  const problems: string[] = [];
  let raw: unknown;
  try {
    raw = parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    throw new CaseError(file, [`not valid YAML: ${(error as Error).message.split('\n', 1).join('')}`]);
  }
  if (!isRecord(raw)) throw new CaseError(file, ['the file must be a YAML mapping (source:, title:, expect:, pods: …)']);
  unknownKeys(raw, TOP_KEYS, '', problems);

  const source = text_(raw, 'source', '', problems, true);
  if (source && !/^https?:\/\/\S+$/.test(source)) problems.push(`source: must be the thread's URL (http… ), got "${source}"`);
  const title = text_(raw, 'title', '', problems, true) ?? '';
  const why = text_(raw, 'why', '', problems, true) ?? '';
  const layout = (text_(raw, 'layout', '', problems) ?? 'troubleshoot') as CaseLayout;
  if (!CASE_LAYOUTS.includes(layout)) problems.push(`layout: must be one of ${CASE_LAYOUTS.join(', ')}, got "${layout}"`);

  const pods = list(raw, 'pods', '', problems, true).map((pod, i) => parsePod(pod, `pods[${i}]`, problems));
  if (raw['pods'] !== undefined && pods.length === 0) problems.push('pods: at least one pod is needed');
  const events = list(raw, 'events', '', problems).map((event, i) => parseEvent(event, `events[${i}]`, problems));
  const objects = list(raw, 'objects', '', problems).map((object, i) => {
    if (!isRecord(object) || typeof object['kind'] !== 'string' || !isRecord(object['metadata'])) {
      problems.push(`objects[${i}]: must be a Kubernetes object with kind and metadata`);
      return {};
    }
    return object;
  });

  const expectRaw = raw['expect'];
  let expect: CaseExpectation[] = [];
  if (expectRaw === undefined) problems.push('expect: missing (the cause the thread established)');
  else if (Array.isArray(expectRaw)) {
    expect = expectRaw.map((item, i) => parseExpect(item, `expect[${i}]`, problems, true));
    if (expect.length === 0) problems.push('expect: an empty list');
  } else expect = [parseExpect(expectRaw, 'expect', problems, false)];
  for (const [i, item] of expect.entries()) {
    const where = expect.length > 1 || Array.isArray(expectRaw) ? `expect[${i}]` : 'expect';
    if (item.pod !== undefined && !pods.some((p) => p.name === item.pod)) problems.push(`${where}.pod: no pod "${item.pod}" in pods`);
    if (item.container !== undefined) {
      const pod = pods.find((p) => p.name === (item.pod ?? pods[0]?.name));
      if (pod && !pod.containers.some((c) => c.name === item.container)) {
        problems.push(`${where}.container: pod "${pod.name}" has no container "${item.container}"`);
      }
    }
  }

  const capturedAt = text_(raw, 'capturedAt', '', problems) ?? '2026-11-20T10:00:00Z';
  if (Number.isNaN(Date.parse(capturedAt))) problems.push(`capturedAt: not an RFC 3339 time: "${capturedAt}"`);
  const kubernetesVersion = text_(raw, 'kubernetesVersion', '', problems) ?? 'v1.29.4';
  if (!/^v\d+\.\d+\.\d+/.test(kubernetesVersion)) problems.push(`kubernetesVersion: like v1.29.4, got "${kubernetesVersion}"`);

  // A missing source is among the problems.
  if (problems.length > 0 || source === undefined) throw new CaseError(file, problems);
  return { id, file, source, title, why, layout, expect, pods, events, objects, capturedAt: normalizeTime(capturedAt), kubernetesVersion };
}

function parseExpect(raw: unknown, where: string, problems: string[], needsSubject: boolean): CaseExpectation {
  if (!isRecord(raw)) {
    problems.push(`${where}: must be a mapping with cause (and optionally kind, mentions, owner)`);
    return { cause: 'unknown' };
  }
  unknownKeys(raw, EXPECT_KEYS, where, problems);
  const cause = text_(raw, 'cause', where, problems, true) ?? 'unknown';
  if (cause !== 'none' && !(CAUSE_IDS as readonly string[]).includes(cause)) {
    problems.push(`${where}.cause: "${cause}" is not a cause id (${[...CAUSE_IDS, 'none'].join(', ')})`);
  }
  const kind = text_(raw, 'kind', where, problems);
  if (kind !== undefined) {
    const kinds = (CAUSE_KINDS as Record<string, readonly string[] | undefined>)[cause];
    if (cause === 'none') problems.push(`${where}.kind: a healthy control (cause none) has no kind`);
    else if (kinds && !kinds.includes(kind)) {
      problems.push(`${where}.kind: "${kind}" is not a kind of ${cause} (${kinds.join(', ') || 'it has none'})`);
    }
  }
  const owner = text_(raw, 'owner', where, problems);
  if (owner !== undefined && owner !== 'application' && owner !== 'platform') {
    problems.push(`${where}.owner: application or platform, got "${owner}"`);
  }
  const pod = text_(raw, 'pod', where, problems);
  const container = text_(raw, 'container', where, problems);
  if (needsSubject && cause !== 'none' && (pod === undefined || container === undefined)) {
    problems.push(`${where}: a list of expectations names each subject's pod and container`);
  }
  return {
    cause,
    ...(kind !== undefined ? { kind } : {}),
    ...(text_(raw, 'mentions', where, problems) !== undefined ? { mentions: String(raw['mentions']) } : {}),
    ...(owner !== undefined ? { owner: owner as 'application' | 'platform' } : {}),
    ...(pod !== undefined ? { pod } : {}),
    ...(container !== undefined ? { container } : {}),
  };
}

function parsePod(raw: unknown, where: string, problems: string[]): CasePod {
  if (!isRecord(raw)) {
    problems.push(`${where}: must be a mapping`);
    return { name: 'x', namespace: 'default', phase: 'Running', containers: [] };
  }
  unknownKeys(raw, POD_KEYS, where, problems);
  const name = text_(raw, 'name', where, problems, true) ?? 'x';
  if (!DNS_NAME.test(name)) problems.push(`${where}.name: not a Kubernetes name: "${name}"`);
  const namespace = text_(raw, 'namespace', where, problems) ?? 'default';
  const ownerText = text_(raw, 'owner', where, problems);
  let owner: CasePod['owner'];
  if (ownerText !== undefined) {
    const [, kind = '', ownerName = ''] = /^([A-Za-z]+)\/([a-z0-9][-a-z0-9.]*)$/.exec(ownerText) ?? [];
    if (!OWNER_KINDS.includes(kind)) problems.push(`${where}.owner: Kind/name with Kind one of ${OWNER_KINDS.join(', ')}, got "${ownerText}"`);
    else owner = { kind, name: ownerName };
  }
  const phase = text_(raw, 'phase', where, problems) ?? 'Running';
  if (!['Running', 'Pending', 'Failed', 'Succeeded', 'Unknown'].includes(phase)) problems.push(`${where}.phase: "${phase}" is not a pod phase`);
  const restartPolicy = text_(raw, 'restartPolicy', where, problems);
  if (restartPolicy !== undefined && !['Always', 'OnFailure', 'Never'].includes(restartPolicy)) {
    problems.push(`${where}.restartPolicy: Always, OnFailure or Never, got "${restartPolicy}"`);
  }
  const secrets = raw['imagePullSecrets'];
  if (secrets !== undefined && !(Array.isArray(secrets) && secrets.every((s) => typeof s === 'string'))) {
    problems.push(`${where}.imagePullSecrets: a list of secret names`);
  }
  const volumes = raw['volumes'];
  if (volumes !== undefined && !Array.isArray(volumes)) problems.push(`${where}.volumes: a list of Kubernetes volumes`);
  const conditions = raw['conditions'];
  if (conditions !== undefined && !Array.isArray(conditions)) problems.push(`${where}.conditions: a list of pod conditions`);
  const labels = raw['labels'];
  if (labels !== undefined && !isRecord(labels)) problems.push(`${where}.labels: a mapping`);
  const containers = list(raw, 'containers', where, problems, true).map((c, i) => parseContainer(c, `${where}.containers[${i}]`, problems));
  if (raw['containers'] !== undefined && containers.length === 0) problems.push(`${where}.containers: at least one container`);
  const names = containers.map((c) => c.name);
  for (const dup of names.filter((n, i) => names.indexOf(n) !== i)) problems.push(`${where}.containers: two containers named "${dup}"`);
  const texts = optionalText(raw, ['node', 'reason', 'message', 'priorityClassName', 'podIP'], where, problems);
  const ageSeconds = number(raw, 'ageSeconds', where, problems);
  return {
    name,
    namespace,
    ...(owner ? { owner } : {}),
    ...texts,
    phase,
    ...(restartPolicy !== undefined ? { restartPolicy } : {}),
    ...(Array.isArray(secrets) ? { imagePullSecrets: secrets as string[] } : {}),
    ...(Array.isArray(volumes) ? { volumes } : {}),
    ...(Array.isArray(conditions) ? { conditions } : {}),
    ...(isRecord(labels) ? { labels: Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)])) } : {}),
    ...(ageSeconds !== undefined ? { ageSeconds } : {}),
    containers,
  };
}

function parseContainer(raw: unknown, where: string, problems: string[]): CaseContainer {
  if (!isRecord(raw)) {
    problems.push(`${where}: must be a mapping`);
    return { name: 'x', kind: 'regular', image: 'x', spec: {}, restartCount: 0, ranSeconds: 5, endedSecondsAgo: 30 };
  }
  unknownKeys(raw, CONTAINER_KEYS, where, problems);
  const name = text_(raw, 'name', where, problems, true) ?? 'x';
  const kind = (text_(raw, 'kind', where, problems) ?? 'regular') as ContainerCaseKind;
  if (!['regular', 'init', 'sidecar'].includes(kind)) problems.push(`${where}.kind: regular, init or sidecar, got "${kind}"`);
  const image = text_(raw, 'image', where, problems, true) ?? 'x';
  const spec = raw['spec'] ?? {};
  if (!isRecord(spec)) problems.push(`${where}.spec: a mapping of container spec fields`);
  for (const field of ['state', 'lastState'] as const) {
    const state = raw[field];
    if (state === undefined) continue;
    if (!isRecord(state) || Object.keys(state).length !== 1 || !STATE_KEYS.includes(Object.keys(state)[0] ?? '')) {
      problems.push(`${where}.${field}: one of { waiting: … }, { running: … }, { terminated: … }`);
      continue;
    }
    const [which, inner] = Object.entries(state)[0] ?? [];
    if (which !== undefined && inner !== null && !isRecord(inner)) problems.push(`${where}.${field}: its ${which} must be a mapping`);
    const terminated = state['terminated'];
    if (isRecord(terminated) && typeof terminated['exitCode'] !== 'number') {
      problems.push(`${where}.${field}.terminated.exitCode: a number is needed (exit 1 when the thread quotes none)`);
    }
  }
  for (const field of ['ready', 'started'] as const) {
    if (raw[field] !== undefined && typeof raw[field] !== 'boolean') problems.push(`${where}.${field}: true or false`);
  }
  for (const field of ['previousLog', 'currentLog', 'logError'] as const) {
    if (raw[field] !== undefined && typeof raw[field] !== 'string') problems.push(`${where}.${field}: text (use a | block)`);
  }
  const stateOf = (field: 'state' | 'lastState') => caseState(raw[field]);
  return {
    name,
    kind,
    image,
    spec: isRecord(spec) ? spec : {},
    restartCount: number(raw, 'restartCount', where, problems) ?? 0,
    ...(typeof raw['ready'] === 'boolean' ? { ready: raw['ready'] } : {}),
    ...(typeof raw['started'] === 'boolean' ? { started: raw['started'] } : {}),
    ...(stateOf('state') ? { state: stateOf('state') } : {}),
    ...(stateOf('lastState') ? { lastState: stateOf('lastState') } : {}),
    ranSeconds: number(raw, 'ranSeconds', where, problems) ?? 5,
    endedSecondsAgo: number(raw, 'endedSecondsAgo', where, problems) ?? 30,
    ...(typeof raw['previousLog'] === 'string' ? { previousLog: raw['previousLog'] } : {}),
    ...(typeof raw['currentLog'] === 'string' ? { currentLog: raw['currentLog'] } : {}),
    ...(typeof raw['logError'] === 'string' ? { logError: raw['logError'] } : {}),
  };
}

function parseEvent(raw: unknown, where: string, problems: string[]): CaseEvent {
  if (!isRecord(raw)) {
    problems.push(`${where}: must be a mapping`);
    return { type: 'Normal', reason: 'x', message: '', count: 1, secondsAgo: 20 };
  }
  unknownKeys(raw, EVENT_KEYS, where, problems);
  const type = text_(raw, 'type', where, problems) ?? 'Warning';
  if (type !== 'Normal' && type !== 'Warning') problems.push(`${where}.type: Normal or Warning, got "${type}"`);
  const object = text_(raw, 'object', where, problems);
  if (object !== undefined && !/^[A-Za-z]+\/([a-z0-9][-a-z0-9.]*\/)?[A-Za-z0-9][-A-Za-z0-9._]*$/.test(object)) {
    problems.push(`${where}.object: Kind/name or Kind/namespace/name, got "${object}"`);
  }
  const reason = text_(raw, 'reason', where, problems, true) ?? 'x';
  const message = text_(raw, 'message', where, problems, true) ?? '';
  const count = number(raw, 'count', where, problems) ?? 1;
  const texts = optionalText(raw, ['container', 'source'], where, problems);
  const secondsAgo = number(raw, 'secondsAgo', where, problems) ?? 20;
  const firstSecondsAgo = number(raw, 'firstSecondsAgo', where, problems);
  return {
    type,
    reason,
    message,
    count,
    ...(object !== undefined ? { object } : {}),
    ...texts,
    secondsAgo,
    ...(firstSecondsAgo !== undefined ? { firstSecondsAgo } : {}),
  };
}

/** `{ terminated: {…} }` (an empty state, `running:`, is `{}`); undefined for anything else, which is a problem above. */
function caseState(state: unknown): CaseState | undefined {
  if (!isRecord(state)) return undefined;
  const [entry, ...more] = Object.entries(state);
  if (!entry || more.length > 0) return undefined;
  const [key, value] = entry;
  const fields = isRecord(value) ? value : {};
  if (key === 'waiting') return { waiting: fields };
  if (key === 'running') return { running: fields };
  if (key === 'terminated') return { terminated: fields };
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(raw: Record<string, unknown>, known: string[], where: string, problems: string[]): void {
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) problems.push(`${where ? `${where}.` : ''}${key}: not a field here (known: ${known.join(', ')})`);
  }
}

function text_(raw: Record<string, unknown>, key: string, where: string, problems: string[], required = false): string | undefined {
  const value = raw[key];
  const at = where ? `${where}.${key}` : key;
  if (value === undefined || value === null) {
    if (required) problems.push(`${at}: missing`);
    return undefined;
  }
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') {
    problems.push(`${at}: must be text`);
    return undefined;
  }
  return value;
}

function optionalText(raw: Record<string, unknown>, keys: string[], where: string, problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = text_(raw, key, where, problems);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function number(raw: Record<string, unknown>, key: string, where: string, problems: string[]): number | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    problems.push(`${where ? `${where}.` : ''}${key}: a non-negative number, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return value;
}

function list(raw: Record<string, unknown>, key: string, where: string, problems: string[], required = false): unknown[] {
  const value = raw[key];
  const at = where ? `${where}.${key}` : key;
  if (value === undefined || value === null) {
    if (required) problems.push(`${at}: missing`);
    return [];
  }
  if (!Array.isArray(value)) {
    problems.push(`${at}: must be a list`);
    return [];
  }
  return value;
}

function normalizeTime(value: string): string {
  return new Date(Date.parse(value)).toISOString().replace('.000Z', 'Z');
}
