/**
 * `/version` from the bundle's recorded server version. It matters beyond `kubectl version`: the kubectl on many
 * machines (the gcloud dispatcher) runs the client minor that matches the served version.
 */
import type { Snapshot, VersionInfo } from '../model/snapshot.js';
import { field, objs, str } from './untrusted.js';

const CONTROL_PLANE_IMAGE = /\/(?:kube-apiserver|kube-controller-manager|kube-scheduler|kube-proxy|hyperkube)(?:-[a-z0-9]+)?:(v\d+\.\d+\.\d+[^\s@]*)/;

/**
 * The version to serve: the recorded one (or the kubelets', inferred by the model), else the tag of a control-plane
 * or kube-proxy image in the bundle's pods (trimmed dumps often lack nodes.json). Without either, `v0.0.0-unknown`.
 */
export function servedVersion(snapshot: Snapshot): { info: VersionInfo | undefined; inferredFrom?: string } {
  const recorded = snapshot.cluster.version;
  if (typeof recorded?.gitVersion === 'string' && recorded.gitVersion !== '') {
    return { info: recorded, inferredFrom: typeof recorded['inferredFrom'] === 'string' ? recorded['inferredFrom'] : undefined };
  }
  const counts = new Map<string, number>();
  for (const pod of snapshot.pods) {
    for (const container of objs(field(pod.object, 'spec', 'containers'))) {
      const tag = CONTROL_PLANE_IMAGE.exec(str(container['image']))?.[1];
      if (tag) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    }
  }
  const [tag] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? [];
  return tag ? { info: { ...recorded, gitVersion: tag }, inferredFrom: 'control-plane image tags' } : { info: recorded };
}

export function versionInfo(recorded: VersionInfo | undefined) {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  let major = text(recorded?.major);
  let minor = text(recorded?.minor);
  let gitVersion = text(recorded?.gitVersion);
  const [, parsedMajor = '', parsedMinor = ''] = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(gitVersion) ?? [];
  major ||= parsedMajor;
  minor ||= parsedMinor;
  if (!gitVersion && /^\d+$/.test(major) && /^\d+\+?$/.test(minor)) gitVersion = `v${major}.${minor.replace(/\+$/, '')}.0`;
  return {
    major,
    minor,
    // An unknown version still has to parse as semver for kubectl; this one says what it is.
    gitVersion: gitVersion || 'v0.0.0-unknown',
    gitCommit: text(recorded?.['gitCommit']),
    gitTreeState: text(recorded?.['gitTreeState']),
    buildDate: text(recorded?.['buildDate']),
    goVersion: text(recorded?.['goVersion']),
    compiler: text(recorded?.['compiler']) || 'gc',
    platform: text(recorded?.platform) || 'linux/amd64',
  };
}
