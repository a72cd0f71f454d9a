/**
 * Which containers need an explanation: crash-looping or blocked now, dead in a pod that will not restart them,
 * evicted, or restarted after a failure. A container that exited 0 as a Job, or one that only fails readiness,
 * is not in trouble.
 */
import type { ContainerView, PodView, Snapshot } from '../model/snapshot.js';
import { str } from './facts.js';
import type { Trouble } from './rule.js';

/** Waiting reasons that mean the container cannot run (k/k sync_result.go, images/types.go). */
export const TROUBLED_WAITING_REASONS = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'ErrImageNeverPull',
  'ImageInspectError',
  'RegistryUnavailable',
  'SignatureValidationFailed',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'PreCreateHookError',
  'PreStartHookError',
  'PostStartHookError',
]);

export interface Troubled {
  container: ContainerView;
  trouble: Trouble;
}

export function troubledContainers(pod: PodView, snapshot?: Snapshot): Troubled[] {
  const containers = pod.containers.filter((c) => c.kind !== 'ephemeral');
  if (str(pod.object.status?.reason) === 'Evicted') {
    // An eviction is about the pod: one finding, on its first app container.
    const target = containers.find((c) => c.kind === 'regular') ?? containers[0];
    return target ? [{ container: target, trouble: { kind: 'evicted', why: 'status.reason: Evicted' } }] : [];
  }
  const found: Troubled[] = [];
  for (const container of containers) {
    const trouble = troubleOf(pod, container);
    if (trouble) found.push({ container, trouble });
  }
  if (found.length === 0) {
    const mountFailed = pod.events.some((e) => e.reason === 'FailedMount');
    const creating = containers.find((c) => ['ContainerCreating', 'PodInitializing'].includes(str(c.state?.waiting?.reason)));
    if (mountFailed && creating) {
      found.push({ container: creating, trouble: { kind: 'mount-blocked', why: `waiting ${str(creating.state?.waiting?.reason)} with FailedMount events` } });
    } else if (str(pod.object.status?.phase) === 'Pending' && claimBlocked(pod, snapshot)) {
      // Blocked before any container starts, on a claim that does not exist or is being deleted.
      const target = creating ?? containers.find((c) => c.kind === 'regular') ?? containers[0];
      if (target) found.push({ container: target, trouble: { kind: 'mount-blocked', why: 'pending on a PersistentVolumeClaim that does not exist' } });
    }
  }
  return found;
}

/** A FailedScheduling event about a missing claim, or a claim the bundle's PVC list (when it has one) does not hold. */
function claimBlocked(pod: PodView, snapshot: Snapshot | undefined): boolean {
  if (pod.events.some((e) => e.reason === 'FailedScheduling' && /persistentvolumeclaim "[^"]+" (?:not found|is being deleted)/i.test(e.message))) return true;
  if (!snapshot?.resources.persistentvolumeclaims) return false;
  return missingClaims(pod, snapshot).length > 0;
}

export function missingClaims(pod: PodView, snapshot: Snapshot): string[] {
  const claims = snapshot.resources.persistentvolumeclaims ?? [];
  const names = (pod.object.spec?.volumes ?? []).map((v) => str(v.persistentVolumeClaim?.claimName)).filter(Boolean);
  return names.filter((name) => !claims.some((c) => c.object.metadata?.name === name && (c.object.metadata.namespace ?? '') === pod.namespace));
}

function troubleOf(pod: PodView, container: ContainerView): Trouble | undefined {
  // A finished pod's sidecars are stopped by the kubelet (137/143) once the main containers complete: not a crash.
  if (container.kind === 'sidecar' && str(pod.object.status?.phase) === 'Succeeded') return undefined;
  const waitingReason = str(container.state?.waiting?.reason);
  if (TROUBLED_WAITING_REASONS.has(waitingReason)) {
    return { kind: container.kind === 'init' ? 'init-blocking' : 'crash-looping', why: `waiting ${waitingReason}` };
  }
  const current = container.state?.terminated;
  if (current && (current.exitCode !== 0 || current.reason === 'OOMKilled')) {
    return {
      kind: container.kind === 'init' && str(pod.object.status?.phase) !== 'Succeeded' ? 'init-blocking' : 'failed',
      why: `terminated ${str(current.reason) || 'with an error'} (exit ${String(current.exitCode)})`,
    };
  }
  const last = container.lastState?.terminated;
  if (container.restartCount > 0 && last && (last.exitCode !== 0 || last.reason === 'OOMKilled')) {
    return { kind: 'recovered', why: `restarted ${container.restartCount} times, last exit ${String(last.exitCode)} ${str(last.reason)}`.trim() };
  }
  return undefined;
}
