/**
 * Damage that may hide crashes: a bundle that could not be read whole must never yield a confident "nothing crashes".
 * A truncated or corrupt archive (every file after the cut is missing, pod lists included), a pod list that could
 * not be parsed, and an input that holds several bundles (their pods would be mixed into one cluster, or one of them
 * silently dropped). Other damage (a cut log, a forbidden DaemonSet list) is reported but does not hide a crash.
 * Pure: reads the snapshot's diagnostics.
 */
import type { Snapshot } from '../model/snapshot.js';

/** Archive-level damage: the reader lost everything after some byte. */
const ARCHIVE_DAMAGE = new Set(['truncated-archive', 'corrupt-archive']);

/** One line per thing that could not be read and may hide a crash, naming the bundle. Empty when none. */
export function hiddenCrashRisks(snapshot: Snapshot): string[] {
  const name = snapshot.bundle.name;
  const risks: string[] = [];
  for (const diagnostic of snapshot.diagnostics) {
    if (diagnostic.severity === 'info') continue;
    if (ARCHIVE_DAMAGE.has(diagnostic.code)) {
      const where = diagnostic.byte !== undefined ? ` at byte ${diagnostic.byte}` : '';
      risks.push(`${name}: the archive is ${diagnostic.code === 'truncated-archive' ? 'truncated' : 'corrupt'}${where}, so every file after that point (pods, events, logs) is missing`);
    } else if (diagnostic.code === 'several-bundles') {
      risks.push(`${name}: ${diagnostic.message}`);
    } else if (diagnostic.resource === 'pods') {
      risks.push(`${name}: the pod list ${diagnostic.file} could not be read (${diagnostic.code}), so its pods are missing`);
    }
  }
  return risks;
}
