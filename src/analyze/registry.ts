/**
 * Every rule, in one list. Adding a cause or check means adding its file and one line here; a test checks this list
 * against the folders, the docs pages and the tests.
 */
import appErrorAtStartup from './causes/app-error-at-startup.js';
import bootDependencyUnavailable from './causes/boot-dependency-unavailable.js';
import evicted from './causes/evicted.js';
import imagePlatformMismatch from './causes/image-platform-mismatch.js';
import imagePullFailure from './causes/image-pull-failure.js';
import livenessProbeFailure from './causes/liveness-probe-failure.js';
import missingConfig from './causes/missing-config.js';
import oomKilled from './causes/oom-killed.js';
import startupProbeFailure from './causes/startup-probe-failure.js';
import unknown from './causes/unknown.js';
import wrongCommandOrArgs from './causes/wrong-command-or-args.js';
import clusterDnsUnreachable from './checks/cluster-dns-unreachable.js';
import controlPlaneDisruption from './checks/control-plane-disruption.js';
import crossClusterDifference from './checks/cross-cluster-difference.js';
import kubeletOverloaded from './checks/kubelet-overloaded.js';
import sameMemoryOom from './checks/same-memory-oom.js';
import type { CauseRule, CheckRule, Rule } from './rule.js';

/** Each rule keeps its own message and data types in its file; the list holds them as rules alike. */
export const CAUSE_RULES: readonly CauseRule[] = [
  appErrorAtStartup,
  oomKilled,
  livenessProbeFailure,
  startupProbeFailure,
  wrongCommandOrArgs,
  imagePlatformMismatch,
  bootDependencyUnavailable,
  imagePullFailure,
  missingConfig,
  evicted,
  unknown,
];

export const CHECK_RULES: readonly CheckRule[] = [
  sameMemoryOom,
  kubeletOverloaded,
  crossClusterDifference,
  controlPlaneDisruption,
  clusterDnsUnreachable,
];

export const RULES: readonly Rule[] = [...CAUSE_RULES, ...CHECK_RULES];
