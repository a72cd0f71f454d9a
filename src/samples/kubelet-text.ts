/**
 * The kubelet, runtime and API strings the samples use, each in the exact format of /work/shared/k8s-facts.md
 * (the section is named on each). Scenarios call these instead of writing messages by hand, so a format is right
 * once and right everywhere.
 */

/** `format.Pod`: `name_namespace(uid)`. */
export function formatPod(name: string, namespace: string, podUid: string): string {
  return `${name}_${namespace}(${podUid})`;
}

/** §2 waiting.message of CrashLoopBackOff (kubelets after the glog era). */
export function crashLoopWaitingMessage(backOff: string, container: string, pod: string): string {
  return `back-off ${backOff} restarting failed container=${container} pod=${pod}`;
}

/** §4.1 BackOff event, kubelets ≈1.26+. */
export function backOffEvent(container: string, pod: string): string {
  return `Back-off restarting failed container ${container} in pod ${pod}`;
}

/** §4.1 Created / Started, kubelets ≤1.32. */
export const createdEvent = (container: string) => `Created container ${container}`;
export const startedEvent = (container: string) => `Started container ${container}`;

/** §4.3 image events. */
export const alreadyPresentEvent = (image: string) => `Container image "${image}" already present on machine`;
export const pullingEvent = (image: string) => `Pulling image "${image}"`;
export const pullFailedEvent = (image: string, error: string) => `Failed to pull image "${image}": ${error}`;
export const pullBackOffEvent = (image: string) => `Back-off pulling image "${image}"`;
/** §2 ImagePullBackOff waiting.message before ≈1.31 (no previous error appended). */
export const pullBackOffWaiting = (image: string) => `Back-off pulling image "${image}"`;

/** §4.3 containerd's not-found pull error, with the `rpc error` prefix kubelets of 1.2x–1.30 show. */
export function containerdNotFound(image: string): string {
  const ref = image.includes('/') && /^[^/]*\./.test(image) ? image : `docker.io/library/${image}`;
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
}

/** §2 `Error: %v` on kubelet Failed events. */
export const errorEvent = (detail: string) => `Error: ${detail}`;

/** §3.2 containerd + runc ≥1.1 missing binary. */
export function containerdExecNotFound(binary: string): string {
  return `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${binary}": executable file not found in $PATH: unknown`;
}

/** §2 CreateContainerConfigError message for a missing ConfigMap key. */
export const missingConfigMapKey = (key: string, namespace: string, configMap: string) =>
  `couldn't find key ${key} in ConfigMap ${namespace}/${configMap}`;

/** §4.2 probe messages. */
export function httpProbeTimeout(kind: 'Liveness' | 'Readiness' | 'Startup', url: string): string {
  return `${kind} probe failed: Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;
}
export function httpProbeRefused(kind: 'Liveness' | 'Readiness' | 'Startup', url: string, hostPort: string): string {
  return `${kind} probe failed: Get "${url}": dial tcp ${hostPort}: connect: connection refused`;
}
export function execProbeTimeout(kind: 'Liveness' | 'Readiness' | 'Startup', command: string): string {
  return `${kind} probe failed: command "${command}" timed out`;
}
export const livenessKilling = (container: string) => `Container ${container} failed liveness probe, will be restarted`;
export const startupKilling = (container: string) => `Container ${container} failed startup probe, will be restarted`;
/** §4.1 Killing, default message (a kill that is not a probe's: eviction, deletion). */
export const stoppingContainer = (container: string) => `Stopping container ${container}`;

/**
 * §3.1 the eviction message (k/k pkg/kubelet/eviction/helpers.go), fragment by fragment, each with its real trailing
 * space. Quantities are as the kubelet prints them (resource.Quantity canonical form: `87632Ki`, `100Mi`, `0`).
 */
export function evictionMessage(
  resource: string,
  threshold: string,
  available: string,
  containers: Array<{ name: string; usage: string; request: string }>,
): string {
  let message = `The node was low on resource: ${resource}. Threshold quantity: ${threshold}, available: ${available}. `;
  for (const c of containers) message += `Container ${c.name} was using ${c.usage}, request is ${c.request}, has larger consumption of ${resource}. `;
  return message;
}
/** §4.4 the eviction manager's node event (k/k eviction_manager.go: `Attempting to reclaim %s`). */
export const evictionThresholdMetEvent = (resource: string) => `Attempting to reclaim ${resource}`;
/** §1.2/§3.1 an evicted pod's container once the kubelet removed it: reason ContainerStatusUnknown, exit 137. */
export const CONTAINER_STATUS_UNKNOWN = {
  terminated: 'The container could not be located when the pod was terminated',
  deleted: 'The container could not be located when the pod was deleted.  The container used to be Running',
} as const;

/** §4.4 scheduling and node events. */
export const scheduledEvent = (namespace: string, pod: string, node: string) =>
  `Successfully assigned ${namespace}/${pod} to ${node}`;
export const systemOomEvent = (process: string, pid: number) =>
  `System OOM encountered, victim process: ${process}, pid: ${pid}`;
export const nodeNotReadyEvent = (node: string) => `Node ${node} status is now: NodeNotReady`;
export const nodeReadyEvent = (node: string) => `Node ${node} status is now: NodeReady`;
/** §7.1 kubelet node events for a condition change (setters.go `recordEventFunc`), e.g. NodeHasInsufficientMemory. */
export const nodeStatusEvent = (node: string, reason: string) => `Node ${node} status is now: ${reason}`;

/** §7.1 node condition texts. */
export const NODE_CONDITIONS = {
  ready: { reason: 'KubeletReady', message: 'kubelet is posting ready status' },
  plegNotHealthy: (ago: string) => ({
    reason: 'KubeletNotReady',
    message: `PLEG is not healthy: pleg was last seen active ${ago} ago; threshold is 3m0s`,
  }),
  memoryOk: { reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  memoryPressure: { reason: 'KubeletHasInsufficientMemory', message: 'kubelet has insufficient memory available' },
  diskOk: { reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  pidOk: { reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
} as const;

/** §2 kubelet's answer to a log request for a container that never started (kubectl prefixes `Error from server (BadRequest): `). */
export function waitingToStartLogError(container: string, pod: string, why: string): string {
  return `container "${container}" in pod "${pod}" is waiting to start: ${why}`;
}

/** §9 the answer to `--previous` when there is no previous instance. */
export function noPreviousLogError(container: string, pod: string): string {
  return `previous terminated container "${container}" in pod "${pod}" not found`;
}

/** §2 kubelet's answer to a log request for a terminated container with no container ID left (removed). */
export function terminatedLogError(container: string, pod: string): string {
  return `container "${container}" in pod "${pod}" is terminated`;
}
