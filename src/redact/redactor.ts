/**
 * One bundle's redaction: the per-bundle token key, and the tally of what was masked per file and rule (the
 * manifest's redaction report). With redaction off, ConfigMap and Secret values are still stripped: they are
 * never collected, whatever the flags.
 */
import { randomBytes } from 'node:crypto';
import type { RedactionReport } from '../model/manifest.js';
import { configKindHint, redactDocument, stripConfigValues } from './objects.js';
import { redactText, redactTexts, TokenMinter, type RedactionTally } from './text.js';

export class Redactor {
  private readonly minter: TokenMinter;
  private readonly tallies = new Map<string, RedactionTally>();

  /** `key` is for tests that need reproducible tokens; a bundle always gets a fresh random one, never stored. */
  constructor(
    readonly enabled: boolean,
    key: Uint8Array = randomBytes(32),
  ) {
    this.minter = new TokenMinter(key);
  }

  private tally(file: string): RedactionTally {
    let tally = this.tallies.get(file);
    if (!tally) {
      tally = new Map();
      this.tallies.set(file, tally);
    }
    return tally;
  }

  /** A parsed JSON/YAML document bound for `file`: ConfigMap/Secret values go, then credentials are masked. */
  async document<T>(file: string, document: T): Promise<T> {
    stripConfigValues(document, configKindHint(file), this.tally(file));
    if (!this.enabled) return document;
    return redactDocument(document, this.minter, this.tally(file));
  }

  /** A log or other text file bound for `file`. */
  async text(file: string, text: string): Promise<string> {
    if (!this.enabled) return text;
    return redactText(text, this.minter, this.tally(file));
  }

  /** Several short texts bound for `file` (the manifest's fields), scanned in one pass. */
  async texts(file: string, texts: readonly string[]): Promise<string[]> {
    if (!this.enabled) return [...texts];
    return redactTexts(texts, this.minter, this.tally(file));
  }

  report(): RedactionReport {
    const files: RedactionReport['files'] = [];
    for (const [file, tally] of [...this.tallies].sort(([a], [b]) => a.localeCompare(b))) {
      for (const [rule, count] of [...tally].sort(([a], [b]) => a.localeCompare(b))) {
        if (count > 0) files.push({ file, rule, count });
      }
    }
    return { enabled: this.enabled, files };
  }
}
