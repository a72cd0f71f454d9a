import type { Evidence } from '../../model/report.js';
import type { ObjectRecord, Snapshot } from '../../model/snapshot.js';
import { eventEvidence, field, podField, statusField } from '../evidence.js';
import { missingClaims } from '../select.js';
import { clip, latestEvent, podLevelEvents, str } from '../facts.js';
import { shellCommand } from '../../util/shell.js';
import { defineCause } from '../rule.js';

/** The scheduler's word that a claim the pod mounts is gone: its name, and `not found` or `is being deleted`. */
const CLAIM_MISSING = /persistentvolumeclaim "([^"]+)" (not found|is being deleted)/i;

type ObjectKind = 'secret' | 'configmap';

/**
 * Kubelet texts (k/k pkg/kubelet/kubelet_pods.go, volume plugins): `secret "db-creds" not found`,
 * `configmap "app-cfg" not found`, `couldn't find key DB_URL in ConfigMap prod/app-cfg`,
 * `MountVolume.SetUp failed for volume "cfg" : configmap "app-cfg" not found`, `object "ns"/"name" not registered`.
 */
const MISSING_OBJECT = /\b(secret|configmap)s? "([^"]+)" not found/i;
const MISSING_KEY = /couldn't find key (\S+) in (ConfigMap|Secret) ([^/\s]+)\/(\S+)/i;
const NOT_REGISTERED = /object "([^"]+)"\/"([^"]+)" not registered/i;
const MOUNT_FAILED = /MountVolume\.SetUp failed for volume "([^"]+)" : (.*)/i;
const NON_ROOT = /runAsNonRoot/i;

type Message = 'missing-object' | 'missing-key' | 'mount-failed' | 'run-as-non-root' | 'config-error' | 'missing-claim';

interface MissingConfigData {
  container: string;
  namespace: string;
  /** missing-object, missing-key: the kind and name of what is missing (missing-claim: the claim's name). */
  objectKind?: ObjectKind;
  name?: string;
  /** missing-key: the key, and the keys the object has in the bundle. */
  key?: string;
  keysInBundle?: string[];
  /** Whether the bundle holds the object; undefined when it holds no objects of that kind to check against. */
  existsInBundle?: boolean;
  /** mount-failed (and missing-object from a mount): the volume, the kubelet's words and how often it failed. */
  volume?: string;
  detail?: string;
  mountFailures?: number;
  /** missing-claim: `does not exist` or `is being deleted`. */
  claimState?: string;
}

export default defineCause<Message, MissingConfigData>({
  id: 'missing-config',
  title: 'A Secret, ConfigMap, key or volume it needs is missing',
  docs: 'The kubelet cannot build the container: `CreateContainerConfigError` for a missing Secret, ConfigMap or key, or `FailedMount` events for a volume that cannot be mounted. Checks the bundle\'s ConfigMaps and Secrets (names and key names) when it holds them.',
  tier: 'death',
  rank: 20,
  messages: {
    'missing-object': '{container} cannot start: {objectKind} {namespace}/{name} does not exist',
    'missing-key': '{container} cannot start: key {key} is missing from {objectKind} {namespace}/{name}',
    'mount-failed': '{container} cannot start: volume {volume} fails to mount ({detail})',
    'run-as-non-root': '{container} cannot start: runAsNonRoot is set but the image runs as root or a non-numeric user',
    'config-error': '{container} cannot start: {detail}',
    'missing-claim': '{container} cannot start: PersistentVolumeClaim {namespace}/{name} {claimState}',
  },
  keepPatterns: [],
  kindOf({ messageId, data }) {
    if (messageId === 'missing-object') return data.objectKind === 'secret' ? 'secret' : 'configmap';
    if (messageId === 'missing-key') return 'key';
    if (messageId === 'mount-failed') return /persistentvolumeclaim|pvc/i.test(data.detail ?? '') ? 'pvc' : 'volume';
    if (messageId === 'config-error' && /serviceaccount/i.test(data.detail ?? '')) return 'service-account';
    return undefined;
  },
  explains: ['not-started'],
  decide({ snapshot, pod, container, trouble }) {
    const waiting = container.state?.waiting;
    const base = { container: container.name, namespace: pod.namespace };

    if (str(waiting?.reason) === 'CreateContainerConfigError') {
      // The waiting message names what is missing; where the status has none, the kubelet's `Failed` event does (an
      // event without a container fieldPath lands on the pod).
      const event =
        latestEvent(container.events, (e) => e.reason === 'Failed' && e.message.startsWith('Error: ')) ??
        latestEvent(podLevelEvents(pod), (e) => e.reason === 'Failed' && /^Error: .*not found|couldn't find key/.test(e.message));
      const message = str(waiting?.message) || event?.message || '';
      const primary = str(waiting?.message) || !event
        ? statusField(pod, container, 'state.waiting.message', waiting?.message, 'waiting CreateContainerConfigError')
        : eventEvidence(event, 'kubelet error');
      const supporting: Evidence[] = event && primary.kind !== 'event' ? [eventEvidence(event, 'kubelet error')] : [];
      const evidence = { primary, supporting };
      const key = MISSING_KEY.exec(message);
      if (key) {
        // Every group of MISSING_KEY takes part in a match.
        const [, keyName = '', kindName = '', namespace = '', name = ''] = key;
        const objectKind = kindName.toLowerCase() as ObjectKind;
        const lookup = lookupObject(snapshot, objectKind, namespace, name);
        if (lookup.record) evidence.supporting.push(field(lookup.record.source, lookup.keysPath, lookup.keys, `keys of ${kindName} ${name}`));
        return {
          messageId: 'missing-key',
          data: { ...base, objectKind, namespace, name, key: keyName, existsInBundle: lookup.exists, keysInBundle: lookup.keys },
          confidence: 'high',
          evidence,
          fix: configFix(objectKind, namespace, name, keyName),
        };
      }
      const missing = missingObject(message);
      if (missing) {
        const { objectKind, name } = missing;
        const lookup = lookupObject(snapshot, objectKind, pod.namespace, name);
        return {
          messageId: 'missing-object',
          data: { ...base, objectKind, name, existsInBundle: lookup.exists },
          confidence: 'high',
          evidence,
          fix: configFix(objectKind, pod.namespace, name, undefined),
        };
      }
      if (NON_ROOT.test(message)) {
        return {
          messageId: 'run-as-non-root',
          data: { ...base, detail: clip(message) },
          confidence: 'high',
          evidence,
          fix: {
            summary: 'run the image as a numeric non-root user, or drop runAsNonRoot',
            steps: ['set securityContext.runAsUser to the image\'s non-root uid (e.g. 10001)', 'or build the image with `USER 10001` (numeric)'],
            snippet: { language: 'yaml' as const, code: 'securityContext:\n  runAsNonRoot: true\n  runAsUser: 10001' },
            owner: 'application' as const,
          },
        };
      }
      return {
        messageId: 'config-error',
        data: { ...base, detail: clip(message) || 'CreateContainerConfigError' },
        confidence: 'medium',
        evidence,
        fix: {
          summary: 'fix the container configuration the kubelet rejects (env references, volumes, security context)',
          steps: ['read the waiting message and the `Failed` events (`kubectl describe pod`)'],
          owner: 'application' as const,
        },
      };
    }

    // Blocked on a claim: the scheduler says it is missing, or the bundle's claims do not hold it.
    const claimEvent = latestEvent(pod.events, (e) => e.reason === 'FailedScheduling' && CLAIM_MISSING.test(e.message));
    const missingClaim = claimEvent ? CLAIM_MISSING.exec(claimEvent.message) : undefined;
    const absent = !claimEvent && trouble.kind === 'mount-blocked' ? missingClaims(pod, snapshot)[0] : undefined;
    const name = missingClaim?.[1] ?? absent;
    if (name !== undefined) {
      const claimState = missingClaim?.[2] === 'is being deleted' ? 'is being deleted' : 'does not exist';
      const index = (pod.object.spec?.volumes ?? []).findIndex((v) => v.persistentVolumeClaim?.claimName === name);
      const primary = claimEvent
        ? eventEvidence(claimEvent, 'scheduling failure')
        : podField(pod, `spec.volumes[${index}].persistentVolumeClaim.claimName`, name, 'claim the pod mounts (not in the bundle\'s claims)');
      const evidence = { primary, supporting: [] };
      return {
        messageId: 'missing-claim',
        kind: 'pvc',
        data: { ...base, name, claimState },
        confidence: claimEvent ? 'high' : 'medium',
        evidence,
        fix: {
          summary: `create PersistentVolumeClaim ${pod.namespace}/${name}, or point the pod's volume at the claim that exists`,
          steps: [
            `the claim name the pod mounts must exist in namespace ${pod.namespace}: compare \`${shellCommand(['kubectl', 'get', 'pvc', '-n', pod.namespace])}\``,
            'a StatefulSet creates its claims from volumeClaimTemplates only when it creates the pod: a claim deleted later is not recreated until the pod is',
          ],
          owner: 'application' as const,
        },
      };
    }

    // Pod-level FailedMount: the kubelet cannot set up a volume, so no container of the pod starts.
    if (trouble.kind === 'mount-blocked' || str(waiting?.reason) === 'ContainerCreating' || str(waiting?.reason) === 'PodInitializing') {
      const mounts = podLevelEvents(pod).filter((e) => e.reason === 'FailedMount');
      const setUp = latestEvent(mounts, (e) => MOUNT_FAILED.test(e.message)) ?? latestEvent(mounts, () => true);
      if (!setUp) return undefined;
      const match = MOUNT_FAILED.exec(setUp.message);
      const volume = match?.[1] ?? /unmounted volumes=\[([^\]]*)\]/.exec(setUp.message)?.[1] ?? 'unknown';
      const detail = match?.[2] ?? setUp.message;
      const missing = missingObject(detail);
      const unregistered = NOT_REGISTERED.exec(detail);
      const other = mounts.find((e) => e !== setUp);
      const evidence = { primary: eventEvidence(setUp, 'mount failure'), supporting: other ? [eventEvidence(other, 'mount failure')] : [] };
      const objectKind = missing?.objectKind;
      const objectName = missing?.name ?? unregistered?.[2];
      const lookup = objectKind && objectName ? lookupObject(snapshot, objectKind, pod.namespace, objectName) : undefined;
      if (objectKind && objectName) {
        return {
          messageId: 'missing-object',
          data: { ...base, objectKind, name: objectName, volume, existsInBundle: lookup?.exists },
          confidence: 'high',
          evidence,
          fix: configFix(objectKind, pod.namespace, objectName, undefined),
        };
      }
      return {
        messageId: 'mount-failed',
        data: { ...base, volume, detail: clip(detail, 200), mountFailures: setUp.count },
        confidence: 'high',
        evidence,
        fix: {
          summary: `fix volume ${volume} so the kubelet can mount it (the object or path it names must exist)`,
          steps: [
            'read the FailedMount message: it names what is missing (a ConfigMap, Secret, PVC, or a hostPath of the wrong type)',
            'for a hostPath volume, the path must exist on every node the pod can land on with the declared type',
            'for a PVC, check it is Bound (`kubectl get pvc`) and its volume can attach to this node',
          ],
          owner: 'application' as const,
        },
      };
    }
    return undefined;
  },
});

/** The kind and name of the object MISSING_OBJECT names (both groups take part in every match). */
function missingObject(text: string): { objectKind: ObjectKind; name: string } | undefined {
  const [, kind = '', name = ''] = MISSING_OBJECT.exec(text) ?? [];
  return kind ? { objectKind: kind.toLowerCase() as ObjectKind, name } : undefined;
}

interface Lookup {
  /** undefined: the bundle holds no objects of that kind to check against. */
  exists?: boolean;
  record?: ObjectRecord;
  keys?: string[];
  keysPath: string;
}

/** Collectors keep ConfigMap/Secret names and key names (values redacted); that is enough to check a reference. */
function lookupObject(snapshot: Snapshot, kind: ObjectKind, namespace: string, name: string): Lookup {
  const list = kind === 'secret' ? snapshot.resources.secrets : snapshot.resources.configmaps;
  if (!list) return { keysPath: 'data' };
  const record = list.find((r) => r.object.metadata?.name === name && (r.object.metadata.namespace ?? '') === namespace);
  if (!record) return { exists: false, keysPath: 'data' };
  const data = record.object['data'];
  const binary = record.object['binaryData'];
  const keys = [
    ...(data && typeof data === 'object' ? Object.keys(data) : []),
    ...(binary && typeof binary === 'object' ? Object.keys(binary) : []),
  ].sort();
  return { exists: true, record, keys, keysPath: 'data' };
}

function configFix(kind: ObjectKind, namespace: string, name: string, key: string | undefined) {
  const kindName = kind === 'secret' ? 'Secret' : 'ConfigMap';
  const create =
    kind === 'secret'
      ? shellCommand(['kubectl', '-n', namespace, 'create', 'secret', 'generic', name, `--from-literal=${key ?? 'KEY'}=VALUE`])
      : shellCommand(['kubectl', '-n', namespace, 'create', 'configmap', name, `--from-literal=${key ?? 'KEY'}=VALUE`]);
  return {
    summary: key
      ? `add key ${key} to ${kindName} ${namespace}/${name}, or fix the key name the pod references`
      : `create ${kindName} ${namespace}/${name} in the pod's namespace, or fix the name the pod references`,
    steps: [
      key ? `the pod references key ${key}; compare with the keys the ${kindName} has` : `the ${kindName} must exist in namespace ${namespace} (objects are not shared across namespaces)`,
      'deploy the configuration before (or with) the workload: the same Helm release or kustomization',
      'mark the reference `optional: true` only if the app really runs without it',
    ],
    snippet: { language: 'shell' as const, code: create },
    owner: 'application' as const,
  };
}
