/**
 * What serve hides unless `--show-secrets`: Secret values (key names stay, as `***HIDDEN***`), and the credentials
 * `podmortem redact` finds anywhere else (env values under a credential's name, `--password x` arguments,
 * annotations, ConfigMap values that are passwords or tokens, URLs with a password). It calls the redaction engine
 * (src/redact) rather than keeping rules of its own. ConfigMaps keep their other values: serving them is the point.
 * Runs once at start-up over each kind as one document, so the text scanner runs once per kind, not per object.
 */
import { randomBytes } from 'node:crypto';
import { redactDocument, stripConfigValues } from '../redact/objects.js';
import { TokenMinter, type RedactionTally } from '../redact/text.js';
import type { ObjectStore } from './store.js';

export interface MaskReport {
  /** Secret values replaced by `***HIDDEN***`. */
  secretValues: number;
  /** Other credentials replaced by `<redacted:RULE:hash>` tokens, by rule. */
  credentials: RedactionTally;
}

export async function maskStore(store: ObjectStore): Promise<MaskReport> {
  // A fresh key per run: tokens correlate within one serve session and mean nothing outside it.
  const minter = new TokenMinter(randomBytes(32));
  const report: MaskReport = { secretValues: 0, credentials: new Map() };
  for (const index of store.indexes()) {
    if (index.items.length === 0) continue;
    const items = structuredClone(index.items);
    if (index.type.kind === 'Secret' && index.type.group === '') {
      const counts = new Map<string, number>();
      stripConfigValues({ kind: 'SecretList', items }, 'Secret', counts);
      report.secretValues += counts.get('secret-values') ?? 0;
    }
    await redactDocument({ items }, minter, report.credentials);
    store.replace(index.type, items);
  }
  return report;
}

export function describeMask(report: MaskReport): string {
  const credentials = [...report.credentials.values()].reduce((sum, n) => sum + n, 0);
  return `${report.secretValues} Secret value(s) and ${credentials} credential(s) in other objects are masked (--show-secrets serves them as collected)`;
}
