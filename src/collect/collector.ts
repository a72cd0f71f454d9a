/**
 * `podmortem collect`: everything a crash post-mortem needs from a live cluster, through the user's own kubectl,
 * redacted before anything is written, in one bundle (troubleshoot's layout plus podmortem.json).
 *
 * Each step that fails (RBAC, a log gone, a timeout) is recorded in the manifest and the rest goes on. Nothing is
 * left behind on failure or interruption: the bundle writer only moves the archive into place in `finish`.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Container, ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import { createBundleWriter, type BundleWriter } from '../bundle/writer.js';
import { EXIT, UserError } from '../util/errors.js';
import {
  CLUSTER_RESOURCES_DIR,
  CLUSTER_SCOPED_FILES,
  CUSTOM_RESOURCES_DIR,
  CLUSTER_VERSION_FILE,
  LOG_ERRORS_SUFFIX,
  NAMESPACED_DIRS,
  namespacedFile,
  podLogFile,
} from '../model/layout.js';
import { MANIFEST_FORMAT_VERSION, collectionError, targetText, type CollectionError, type CollectionTarget, type LogPolicy, type PodmortemManifest } from '../model/manifest.js';
import { isCustomResourceName, type ResourceName } from '../model/snapshot.js';
import { Redactor } from '../redact/redactor.js';
import { VERSION } from '../version.js';
import { Kubectl } from './kubectl.js';
import { HeadTailBuffer, type LogBudget } from './log-budget.js';
import { WorkQueue } from './work-queue.js';

export interface CollectOptions {
  kubectl: string;
  context?: string;
  kubeconfig?: string;
  /** Namespaces to collect; empty means the context's namespace. Ignored with `allNamespaces`. */
  namespaces: string[];
  allNamespaces: boolean;
  /** kubectl duration (`1h`, `30m`) limiting current logs; previous logs are always whole (within the budget). */
  since?: string;
  /** Output file; default `podmortem-<context>-<UTC timestamp>.tar.gz` in `cwd`. */
  output?: string;
  cwd: string;
  force: boolean;
  redact: boolean;
  concurrency: number;
  timeoutMs: number;
  budget: LogBudget;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  onProgress?: (progress: CollectProgress) => void;
  /** The capture time; tests pass a fixed one. */
  now?: Date;
  /** Kinds not to collect: plural names (`secrets`, `ingresses`, `widgets.example.com`) or `custom-resources`. */
  excludeKinds?: string[];
}

export interface CollectProgress {
  done: number;
  total: number;
  errors: number;
  current: string;
}

export interface CollectResult {
  output: string;
  manifest: PodmortemManifest;
  files: number;
}

/** Namespaced kinds in collection order (pods first: their logs are the longest part). */
const NAMESPACED_KINDS: ReadonlyArray<{ resource: ResourceName; kubectl: string }> = [
  { resource: 'pods', kubectl: 'pods' },
  { resource: 'events', kubectl: 'events' },
  { resource: 'deployments', kubectl: 'deployments.apps' },
  { resource: 'replicasets', kubectl: 'replicasets.apps' },
  { resource: 'statefulsets', kubectl: 'statefulsets.apps' },
  { resource: 'daemonsets', kubectl: 'daemonsets.apps' },
  { resource: 'jobs', kubectl: 'jobs.batch' },
  { resource: 'cronjobs', kubectl: 'cronjobs.batch' },
  { resource: 'services', kubectl: 'services' },
  { resource: 'endpoints', kubectl: 'endpoints' },
  { resource: 'limitranges', kubectl: 'limitranges' },
  { resource: 'resourcequotas', kubectl: 'resourcequotas' },
  { resource: 'configmaps', kubectl: 'configmaps' },
  { resource: 'secrets', kubectl: 'secrets' },
  // What serve answers for beyond the analysis, so a podmortem bundle is never poorer than a troubleshoot one.
  { resource: 'persistentvolumeclaims', kubectl: 'persistentvolumeclaims' },
  { resource: 'ingresses', kubectl: 'ingresses.networking.k8s.io' },
  { resource: 'networkpolicies', kubectl: 'networkpolicies.networking.k8s.io' },
  { resource: 'endpointslices', kubectl: 'endpointslices.discovery.k8s.io' },
  { resource: 'horizontalpodautoscalers', kubectl: 'horizontalpodautoscalers.autoscaling' },
  { resource: 'poddisruptionbudgets', kubectl: 'poddisruptionbudgets.policy' },
];

const CLUSTER_KINDS: ReadonlyArray<{ resource: ResourceName; kubectl: string }> = [
  { resource: 'nodes', kubectl: 'nodes' },
  { resource: 'namespaces', kubectl: 'namespaces' },
  { resource: 'persistentvolumes', kubectl: 'persistentvolumes' },
  { resource: 'storageclasses', kubectl: 'storageclasses.storage.k8s.io' },
  { resource: 'priorityclasses', kubectl: 'priorityclasses.scheduling.k8s.io' },
  { resource: 'customresourcedefinitions', kubectl: 'customresourcedefinitions.apiextensions.k8s.io' },
];

/** `--exclude-kinds` name for every custom resource at once. */
const CUSTOM_RESOURCES_KIND = 'custom-resources';
/** Custom resource kinds collected at most (by CRD name order); the rest are recorded as skipped. */
const MAX_CUSTOM_KINDS = 100;
/** Objects kept per custom resource kind and namespace file; the rest are recorded as cut. */
const MAX_CUSTOM_OBJECTS = 2000;

interface KubeList {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, unknown>;
  items: Array<{ metadata?: { name?: string; namespace?: string } } & Record<string, unknown>>;
}

function timestampForName(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 80) || 'cluster';
}

function defaultOutputName(context: string | undefined, now: Date): string {
  return `podmortem-${safeName(context ?? 'cluster')}-${timestampForName(now)}.tar.gz`;
}

function rootNameFor(output: string): string {
  return safeName(basename(output).replace(/\.(tar\.gz|tgz|tar)$/i, '')) || 'podmortem-bundle';
}

function parseList(stdout: Buffer): KubeList {
  const value = JSON.parse(stdout.toString('utf8')) as unknown;
  if (typeof value !== 'object' || value === null || !Array.isArray((value as KubeList).items)) {
    throw new Error('kubectl printed something that is not a list');
  }
  return value as KubeList;
}

interface ContainerRef {
  name: string;
  status?: ContainerStatus;
}

/** Init and sidecar containers first, then regular, then ephemeral: the order kubectl and the reader use. */
function podContainers(pod: Pod): ContainerRef[] {
  const statuses = new Map<string, ContainerStatus>();
  for (const status of [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.ephemeralContainerStatuses ?? []),
  ]) {
    statuses.set(status.name, status);
  }
  const specs: Array<Pick<Container, 'name'>> = [
    ...(pod.spec?.initContainers ?? []),
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.ephemeralContainers ?? []),
  ];
  const seen = new Set<string>();
  const refs: ContainerRef[] = [];
  for (const spec of specs) {
    if (!spec.name || seen.has(spec.name)) continue;
    seen.add(spec.name);
    refs.push({ name: spec.name, status: statuses.get(spec.name) });
  }
  for (const [name, status] of statuses) if (!seen.has(name)) refs.push({ name, status });
  return refs;
}

/** The previous instance's log is the crash evidence: wanted whenever the container restarted or terminated before. */
function wantsPreviousLog(status: ContainerStatus | undefined): boolean {
  return !!status && (status.restartCount > 0 || status.lastState?.terminated !== undefined);
}

/** Read through a call: the signal flips while collection awaits, which narrowing of `signal.aborted` cannot know. */
function aborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

class Collector {
  private readonly kubectl: Kubectl;
  private readonly redactor: Redactor;
  private readonly errors: CollectionError[] = [];
  private readonly cut: LogPolicy['cut'] = [];
  private readonly collected = new Set<string>();
  private readonly queue: WorkQueue;
  private writer: BundleWriter | undefined;
  private files = 0;
  private done = 0;
  private total = 0;
  private context: string | undefined;

  constructor(private readonly options: CollectOptions) {
    this.context = options.context;
    this.kubectl = new Kubectl({
      binary: options.kubectl,
      context: options.context,
      kubeconfig: options.kubeconfig,
      timeoutMs: options.timeoutMs,
      env: options.env,
      signal: options.signal,
    });
    this.redactor = new Redactor(options.redact);
    this.queue = new WorkQueue(Math.max(1, options.concurrency));
  }

  async run(): Promise<CollectResult> {
    const now = this.options.now ?? new Date();
    const { signal } = this.options;
    if (!this.context) this.context = await this.configValue(['config', 'current-context']);
    if (this.context) this.kubectl.pinContext(this.context);
    const output = this.options.output ?? defaultOutputName(this.context, now);
    this.writer = await createBundleWriter(output, { rootName: rootNameFor(output), overwrite: this.options.force, mtime: now });
    try {
      const version = await this.clusterVersion();
      const namespaces = await this.namespaces();
      const clusterKinds = CLUSTER_KINDS.filter((k) => this.wanted(k.resource));
      const perNamespace = this.options.allNamespaces ? 1 : namespaces.length;
      this.total = clusterKinds.length + NAMESPACED_KINDS.length * perNamespace;
      this.progress('listing');
      const knownNamespaces = new Set<string>();
      for (const kind of clusterKinds) this.queue.add(() => this.collectClusterKind(kind, knownNamespaces));
      await this.queue.drain();
      // The CRDs are in by now: their custom resources are listed with the namespaced kinds.
      const custom = this.customKinds();
      const namespacedKinds = [...NAMESPACED_KINDS.filter((k) => this.wanted(k.resource)), ...custom.namespaced];
      this.total += (namespacedKinds.length - NAMESPACED_KINDS.length) * perNamespace + custom.cluster.length;
      for (const kind of namespacedKinds) {
        if (this.options.allNamespaces) this.queue.add(() => this.collectAllNamespaces(kind, knownNamespaces));
        else for (const namespace of namespaces) this.queue.add(() => this.collectNamespace(kind, namespace));
      }
      for (const kind of custom.cluster) this.queue.add(() => this.collectClusterKind(kind, knownNamespaces));
      await this.queue.drain();
      if (aborted(signal)) throw new UserError('interrupted: nothing was written', EXIT.interrupted);
      this.collected.add('logs');
      this.collected.add('previous-logs');
      for (const [resource, messages] of this.kindErrors) {
        const dir = CLUSTER_SCOPED_FILES[resource] ? resource : (NAMESPACED_DIRS[resource] ?? resource);
        await this.addFile(`${CLUSTER_RESOURCES_DIR}/${dir}-errors.json`, `${JSON.stringify(messages, null, 2)}\n`);
      }

      const manifest: PodmortemManifest = {
        formatVersion: MANIFEST_FORMAT_VERSION,
        capturedAt: now.toISOString(),
        kubeContext: this.context,
        clusterName: await this.configValue(['config', 'view', '--minify', '-o', 'jsonpath={.clusters[0].name}']),
        collector: { name: 'podmortem', version: VERSION },
        kubectlVersion: version.client,
        serverVersion: version.server,
        namespaces: this.options.allNamespaces ? ['*'] : namespaces,
        collected: [...this.collected].sort(),
        logPolicy: {
          headLines: this.options.budget.headLines,
          tailLines: this.options.budget.tailLines,
          maxBytes: this.options.budget.maxBytes,
          cut: [...this.cut].sort((a, b) => a.file.localeCompare(b.file)),
        },
        redaction: { enabled: false, files: [] },
        errors: this.errors.sort((a, b) => a.target.localeCompare(b.target)),
      };
      manifest.redaction = this.redactor.report();
      if (aborted(signal)) throw new UserError('interrupted: nothing was written', EXIT.interrupted);
      await this.writer.finish(manifest);
      return { output, manifest, files: this.files };
    } catch (error) {
      this.queue.clear();
      await this.queue.drain().catch(() => undefined);
      await this.writer.abort();
      if (signal.aborted && !(error instanceof UserError)) throw new UserError('interrupted: nothing was written', EXIT.interrupted);
      throw error;
    }
  }

  private progress(current: string): void {
    this.options.onProgress?.({ done: this.done, total: this.total, errors: this.errors.length, current });
  }

  /** Records a failed step; returns the message as recorded (redacted). */
  private async recordError(target: CollectionTarget, args: readonly string[] | undefined, message: string): Promise<string> {
    const redacted = await this.redactor.text('podmortem.json', message);
    this.errors.push(collectionError(target, redacted, args ? this.kubectl.display(args) : undefined));
    return redacted;
  }

  private async addFile(path: string, content: string): Promise<void> {
    if (!this.writer) throw new Error(`${path} was collected before the bundle was opened`);
    await this.writer.addFile(path, content);
    this.files += 1;
  }

  private async addDocument(path: string, document: unknown): Promise<void> {
    const redacted = await this.redactor.document(path, document);
    await this.addFile(path, `${JSON.stringify(redacted, null, 2)}\n`);
  }

  private async configValue(args: string[]): Promise<string | undefined> {
    const result = await this.kubectl.run(args, { requestTimeout: false });
    const value = result.stdout.toString('utf8').trim();
    return result.ok && value.length > 0 ? value : undefined;
  }

  private async clusterVersion(): Promise<{ client?: string; server?: string }> {
    const args = ['version', '-o', 'json'];
    const result = await this.kubectl.run(args);
    let parsed: { clientVersion?: { gitVersion?: string }; serverVersion?: Record<string, unknown> & { gitVersion?: string } } = {};
    try {
      parsed = JSON.parse(result.stdout.toString('utf8')) as typeof parsed;
    } catch {
      // kubectl prints no JSON when it cannot run at all; the message below says why.
    }
    if (!parsed.serverVersion) {
      const message = result.ok ? 'kubectl version printed no server version' : result.message;
      throw new UserError(`cannot reach the cluster${this.context ? ` (context ${this.context})` : ''}: ${message}`);
    }
    const server = parsed.serverVersion.gitVersion;
    await this.addDocument(CLUSTER_VERSION_FILE, { info: parsed.serverVersion, string: server });
    return { client: parsed.clientVersion?.gitVersion, server };
  }

  private async namespaces(): Promise<string[]> {
    if (this.options.allNamespaces) return [];
    if (this.options.namespaces.length > 0) return [...new Set(this.options.namespaces)];
    const fromContext = await this.configValue(['config', 'view', '--minify', '-o', 'jsonpath={..namespace}']);
    return [fromContext ?? 'default'];
  }

  private async list(target: CollectionTarget & { kind: ResourceName }, args: string[]): Promise<KubeList | undefined> {
    const resource = target.kind;
    this.progress(targetText(target));
    const result = await this.kubectl.run(args);
    this.done += 1;
    if (!result.ok) {
      if (!this.options.signal.aborted) {
        const recorded = await this.recordError(target, args, result.message);
        const messages = this.kindErrors.get(resource) ?? [];
        messages.push(recorded);
        this.kindErrors.set(resource, messages);
      }
      this.progress(targetText(target));
      return undefined;
    }
    try {
      return parseList(result.stdout);
    } catch (error) {
      await this.recordError(target, args, `unreadable kubectl output: ${(error as Error).message}`);
      return undefined;
    } finally {
      this.progress(targetText(target));
    }
  }

  private crds: KubeList['items'] = [];

  private wanted(resource: string): boolean {
    const excluded = this.options.excludeKinds ?? [];
    return !excluded.includes(resource) && !(isCustomResourceName(resource) && excluded.includes(CUSTOM_RESOURCES_KIND));
  }

  /**
   * One kind per CRD collected (namespaced or cluster-scoped ones), in name order and at most MAX_CUSTOM_KINDS;
   * the ones past the cap are recorded, so the bundle says what it lacks.
   */
  private customKinds(): Record<'namespaced' | 'cluster', Array<{ resource: ResourceName; kubectl: string }>> {
    const kinds: Array<{ resource: ResourceName; kubectl: string; namespaced: boolean }> = [];
    for (const crd of this.crds) {
      const spec = (crd as { spec?: { group?: unknown; scope?: unknown; names?: { plural?: unknown } } }).spec;
      const text = (value: unknown) => (typeof value === 'string' ? value : '');
      const name = `${text(spec?.names?.plural)}.${text(spec?.group)}`;
      if (!/^[a-z0-9-]+\.[a-z0-9.-]+$/.test(name) || !isCustomResourceName(name) || !this.wanted(name)) continue;
      kinds.push({ resource: name, kubectl: name, namespaced: spec?.scope !== 'Cluster' });
    }
    kinds.sort((a, b) => a.resource.localeCompare(b.resource));
    if (kinds.length > MAX_CUSTOM_KINDS) {
      const skipped = kinds.slice(MAX_CUSTOM_KINDS).map((k) => k.resource);
      this.errors.push(collectionError({ kind: CUSTOM_RESOURCES_KIND }, `collected the first ${MAX_CUSTOM_KINDS} of ${kinds.length} custom resource kinds (by CRD name); skipped: ${skipped.join(', ')}`));
    }
    const chosen = kinds.slice(0, MAX_CUSTOM_KINDS).map(({ resource, kubectl, namespaced }) => ({ kind: { resource, kubectl }, namespaced }));
    return { namespaced: chosen.filter((c) => c.namespaced).map((c) => c.kind), cluster: chosen.filter((c) => !c.namespaced).map((c) => c.kind) };
  }

  /** Custom resource lists past MAX_CUSTOM_OBJECTS keep their first objects; the cut is recorded. */
  private capped(target: CollectionTarget & { kind: ResourceName }, list: KubeList): KubeList {
    if (!isCustomResourceName(target.kind) || list.items.length <= MAX_CUSTOM_OBJECTS) return list;
    this.errors.push(collectionError(target, `kept the first ${MAX_CUSTOM_OBJECTS} of ${list.items.length} objects`));
    return { ...list, items: list.items.slice(0, MAX_CUSTOM_OBJECTS) };
  }

  /** kubectl's messages per kind, for troubleshoot's `<kind>-errors.json` (its tools and sbctl see the gap too). */
  private readonly kindErrors = new Map<ResourceName, string[]>();

  private async collectClusterKind(kind: { resource: ResourceName; kubectl: string }, knownNamespaces: Set<string>): Promise<void> {
    const args = ['get', kind.kubectl, '-o', 'json'];
    const list = await this.list({ kind: kind.resource }, args);
    if (!list) return;
    this.collected.add(kind.resource);
    if (kind.resource === 'namespaces') for (const item of list.items) if (item.metadata?.name) knownNamespaces.add(item.metadata.name);
    if (kind.resource === 'customresourcedefinitions') this.crds = list.items;
    const file = CLUSTER_SCOPED_FILES[kind.resource] ?? `${CUSTOM_RESOURCES_DIR}/${kind.resource}.json`;
    await this.addDocument(file, this.capped({ kind: kind.resource }, list));
  }

  private async collectNamespace(kind: { resource: ResourceName; kubectl: string }, namespace: string): Promise<void> {
    // `--namespace=` binds the value to its flag: a namespace named like a flag stays a namespace.
    const args = ['get', kind.kubectl, `--namespace=${namespace}`, '-o', 'json'];
    const list = await this.list({ kind: kind.resource, namespace }, args);
    if (!list) return;
    await this.storeNamespaceList(kind.resource, namespace, list);
  }

  private async collectAllNamespaces(kind: { resource: ResourceName; kubectl: string }, knownNamespaces: Set<string>): Promise<void> {
    const args = ['get', kind.kubectl, '--all-namespaces', '-o', 'json'];
    const list = await this.list({ kind: kind.resource, namespace: '*' }, args);
    if (!list) return;
    const byNamespace = new Map<string, KubeList['items']>();
    for (const namespace of knownNamespaces) byNamespace.set(namespace, []);
    for (const item of list.items) {
      const namespace = item.metadata?.namespace ?? '';
      const items = byNamespace.get(namespace);
      if (items) items.push(item);
      else byNamespace.set(namespace, [item]);
    }
    for (const [namespace, items] of [...byNamespace].sort(([a], [b]) => a.localeCompare(b))) {
      if (namespace === '') continue;
      await this.storeNamespaceList(kind.resource, namespace, { apiVersion: list.apiVersion ?? 'v1', kind: list.kind ?? 'List', metadata: { resourceVersion: '' }, items });
    }
  }

  private async storeNamespaceList(resource: ResourceName, namespace: string, list: KubeList): Promise<void> {
    this.collected.add(resource);
    list = this.capped({ kind: resource, namespace }, list);
    if (resource === 'pods') {
      for (const pod of list.items as Pod[]) {
        for (const container of podContainers(pod)) {
          this.total += 1;
          this.queue.add(() => this.collectContainerLogs(pod, container));
        }
      }
      this.progress(`pods/${namespace}`);
    }
    const file = namespacedFile(resource, safeSegment(namespace));
    if (file === undefined) throw new Error(`no file in the bundle layout for ${resource}`);
    await this.addDocument(file, list);
  }

  private async collectContainerLogs(pod: Pod, container: ContainerRef): Promise<void> {
    const namespace = pod.metadata?.namespace ?? 'default';
    const name = pod.metadata?.name ?? '';
    const target = targetText({ kind: 'logs', namespace, name, container: container.name });
    this.progress(target);
    const problems: string[] = [];
    const current = await this.collectLog(namespace, name, container.name, false);
    if (current) problems.push(current);
    if (wantsPreviousLog(container.status)) {
      const previous = await this.collectLog(namespace, name, container.name, true);
      if (previous) problems.push(`previous: ${previous}`);
    }
    if (problems.length > 0 && !this.options.signal.aborted) {
      const file = safeLogFile(namespace, name, container.name, false).replace(/\.log$/, LOG_ERRORS_SUFFIX);
      await this.addFile(file, `${(await Promise.all(problems.map((p) => this.redactor.text(file, p)))).join('\n')}\n`);
    }
    this.done += 1;
    this.progress(target);
  }

  /** Streams one log through the head/tail budget; returns kubectl's message when it failed. */
  private async collectLog(namespace: string, pod: string, container: string, previous: boolean): Promise<string | undefined> {
    // Values bound to their flags and the pod after `--`: a pod named `--server=https://elsewhere` is only a name.
    const args = ['logs', `--namespace=${namespace}`, `--container=${container}`];
    if (previous) args.push('--previous');
    else if (this.options.since) args.push(`--since=${this.options.since}`);
    args.push('--', pod);
    const buffer = new HeadTailBuffer(this.options.budget);
    let received = 0;
    const result = await this.kubectl.stream(
      args,
      (chunk) => {
        received += chunk.length;
        buffer.push(chunk);
      },
      { requestTimeout: false },
    );
    const target: CollectionTarget = { kind: 'logs', namespace, name: pod, container, previous };
    if (!result.ok) {
      if (this.options.signal.aborted) return 'interrupted';
      // A log that outlasts the timeout (or whose stream breaks) keeps what arrived: its head is often the evidence.
      const message = received > 0 ? `${result.message}; the ${received} bytes received before that were kept` : result.message;
      await this.recordError(target, args, message);
      if (received > 0) await this.writeLog(namespace, pod, container, previous, buffer);
      return message;
    }
    await this.writeLog(namespace, pod, container, previous, buffer);
    return undefined;
  }

  private async writeLog(namespace: string, pod: string, container: string, previous: boolean, buffer: HeadTailBuffer): Promise<void> {
    const kept = buffer.finish();
    const file = safeLogFile(namespace, pod, container, previous);
    if (kept.droppedLines > 0 || kept.droppedBytes > 0) {
      this.cut.push({ file, droppedLines: kept.droppedLines, droppedBytes: kept.droppedBytes });
    }
    await this.addFile(file, await this.redactor.text(file, kept.text));
  }
}

/** Longest name kept as a path segment as it is (ext4 and tar tools handle 255 bytes per segment). */
const MAX_SEGMENT_BYTES = 200;

/**
 * A name from the cluster as one safe path segment. Kubernetes names are already safe and stay as they are; anything
 * else (`..`, a `/`, a NUL, 128 KiB of name, from a hostile API server or a served bundle) becomes a readable stand-in
 * with a hash of the real name, so two different names never share a file.
 */
export function safeSegment(name: string): string {
  const bytes = Buffer.byteLength(name);
  // eslint-disable-next-line no-control-regex -- a name with a control character is exactly what must not become a path
  if (name !== '' && name !== '.' && name !== '..' && !/[/\\\0\x00-\x1f\x7f]/.test(name) && bytes <= MAX_SEGMENT_BYTES) return name;
  const readable = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_').slice(0, 60);
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 12);
  return `${readable || '_'}~${hash}`;
}

function safeLogFile(namespace: string, pod: string, container: string, previous: boolean): string {
  return podLogFile(safeSegment(namespace), safeSegment(pod), safeSegment(container), previous);
}

export async function collect(options: CollectOptions): Promise<CollectResult> {
  return new Collector(options).run();
}
