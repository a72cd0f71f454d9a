/**
 * Per-entry diagnostics with a cap per code: an archive of 300,000 `../` entries gives 100 lines and one "and N more",
 * not a 78 MB report.
 */
import type { Diagnostic } from '../../model/snapshot.js';
import { LAYOUTS } from '../layouts/index.js';

const MAX_DIAGNOSTICS_PER_CODE = 100;

export interface CappedDiagnostics {
  push(diagnostic: Diagnostic): void;
  /** Adds one "and N more" line per code that went over the cap. */
  finish(): void;
}

export function cappedDiagnostics(target: Diagnostic[], source: string): CappedDiagnostics {
  const counts = new Map<string, { severity: Diagnostic['severity']; count: number }>();
  return {
    push(diagnostic) {
      // A layout's shortcut links (troubleshoot's all-logs/) are collapsed into one line later (reader/read.ts), whatever their number.
      if (diagnostic.code === 'link-skipped' && LAYOUTS.some((layout) => layout.shortcuts?.contains(diagnostic.file))) {
        target.push(diagnostic);
        return;
      }
      const seen = counts.get(diagnostic.code) ?? { severity: diagnostic.severity, count: 0 };
      seen.count += 1;
      counts.set(diagnostic.code, seen);
      if (seen.count <= MAX_DIAGNOSTICS_PER_CODE) target.push(diagnostic);
    },
    finish() {
      for (const [code, { severity, count }] of counts) {
        if (count <= MAX_DIAGNOSTICS_PER_CODE) continue;
        target.push({ severity, code, file: '', message: `and ${count - MAX_DIAGNOSTICS_PER_CODE} more ${code} problems in ${source}, not listed` });
      }
    },
  };
}
