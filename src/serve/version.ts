/**
 * `/version` from the bundle's recorded server version. It matters beyond `kubectl version`: the kubectl on many
 * machines (the gcloud dispatcher) runs the client minor that matches the served version.
 */
import type { VersionInfo } from '../model/snapshot.js';

export function versionInfo(recorded: VersionInfo | undefined) {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  let major = text(recorded?.major);
  let minor = text(recorded?.minor);
  let gitVersion = text(recorded?.gitVersion);
  const parsed = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(gitVersion);
  if (parsed) {
    major ||= parsed[1]!;
    minor ||= parsed[2]!;
  }
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
