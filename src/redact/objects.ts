/**
 * Redaction of Kubernetes objects as JSON values: ConfigMaps and Secrets keep their key names only, values under
 * a credential's name are masked whole (env `{name, value}`, probe headers, annotation keys, `--password x`
 * argument pairs), `last-applied-configuration` annotations are parsed and redacted as the objects they are, and
 * every other string is scanned as text.
 */
import { isPlaceholderValue, isSensitiveKey } from './sensitive-key.js';
import { redactTexts, type RedactionTally, type TokenMinter } from './text.js';

const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

const VALUE_FIELDS = ['data', 'binaryData', 'stringData'] as const;
const CONFIG_KINDS = new Set(['ConfigMap', 'Secret']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What replaces a ConfigMap or Secret value: troubleshoot's mask, so readers of either format know it was removed. */
const HIDDEN_VALUE = '***HIDDEN***';

/** Values stripped, per rule (`configmap-values`, `secret-values`). */
export type StripCounts = Map<string, number>;

/** Keeps a ConfigMap's or Secret's key names, masking the values, in its body and in its last-applied annotation. */
function stripValues(object: JsonObject, kind: string, counts?: StripCounts): void {
  const rule = kind === 'Secret' ? 'secret-values' : 'configmap-values';
  for (const field of VALUE_FIELDS) {
    const values = object[field];
    if (isObject(values)) {
      for (const key of Object.keys(values)) {
        if (values[key] !== HIDDEN_VALUE) counts?.set(rule, (counts.get(rule) ?? 0) + 1);
        values[key] = HIDDEN_VALUE;
      }
    } else if (values !== undefined) {
      Reflect.deleteProperty(object, field);
    }
  }
  const metadata = object.metadata;
  const annotations = isObject(metadata) ? metadata.annotations : undefined;
  if (isObject(annotations) && typeof annotations[LAST_APPLIED_ANNOTATION] === 'string') {
    try {
      const applied = JSON.parse(annotations[LAST_APPLIED_ANNOTATION]) as Json;
      if (!isObject(applied)) throw new Error('not an object');
      stripValues(applied, kind, counts);
      annotations[LAST_APPLIED_ANNOTATION] = JSON.stringify(applied);
    } catch {
      // An annotation we cannot parse may still hold the values: it goes.
      Reflect.deleteProperty(annotations, LAST_APPLIED_ANNOTATION);
    }
  }
}

/**
 * Strips ConfigMap and Secret values wherever they are in a document: a single object, a `…List`, a `List` of
 * mixed kinds, or a bare array (old troubleshoot bundles). `kindHint` covers lists whose items carry no `kind`
 * (troubleshoot's `cluster-resources/configmaps/<ns>.json`). Runs whether or not redaction is on.
 */
export function stripConfigValues(document: unknown, kindHint?: 'ConfigMap' | 'Secret', counts?: StripCounts): void {
  const items = Array.isArray(document) ? document : isObject(document) && Array.isArray(document.items) ? document.items : undefined;
  if (items) {
    const listKind = isObject(document) && typeof document.kind === 'string' ? document.kind.replace(/List$/, '') : undefined;
    for (const item of items) {
      if (!isObject(item)) continue;
      const kind = typeof item.kind === 'string' ? item.kind : (listKind && CONFIG_KINDS.has(listKind) ? listKind : kindHint);
      if (kind && CONFIG_KINDS.has(kind)) stripValues(item, kind, counts);
    }
    return;
  }
  if (isObject(document)) {
    const kind = typeof document.kind === 'string' ? document.kind : kindHint;
    if (kind && CONFIG_KINDS.has(kind)) stripValues(document, kind, counts);
  }
}

/** The kind a file's path says its objects are, for lists that do not say it themselves. */
export function configKindHint(file: string): 'ConfigMap' | 'Secret' | undefined {
  const parts = file.split('/');
  const base = (parts[parts.length - 1] ?? '').replace(/\.(json|ya?ml)$/, '');
  const folders = parts.slice(0, -1);
  // troubleshoot: cluster-resources/configmaps/<ns>.json; must-gather: namespaces/<ns>/core/configmaps.yaml.
  const named = (name: string) => folders.includes(name) || (base === name && folders[folders.length - 1] === 'core');
  if (named('configmaps')) return 'ConfigMap';
  if (named('secrets')) return 'Secret';
  return undefined;
}

interface Site {
  holder: JsonObject | Json[];
  key: string | number;
  text: string;
  /** Mask the whole value under this rule; otherwise scan it as text. */
  wholeRule?: string;
}

function isSensitiveFlag(argument: Json | undefined): boolean {
  return typeof argument === 'string' && /^--?[A-Za-z]/.test(argument) && !argument.includes('=') && isSensitiveKey(argument.replace(/^-+/, ''));
}

class SiteCollector {
  readonly sites: Site[] = [];
  /** Re-serialises parsed annotations after their strings were replaced; inner ones are registered first. */
  readonly finishers: Array<() => void> = [];

  walk(node: Json): void {
    if (Array.isArray(node)) {
      node.forEach((child, index) => {
        if (typeof child === 'string') {
          const whole = isSensitiveFlag(node[index - 1]) && !isPlaceholderValue(child);
          this.sites.push({ holder: node, key: index, text: child, wholeRule: whole ? 'secret-flag' : undefined });
        } else {
          this.walk(child);
        }
      });
      return;
    }
    if (!isObject(node)) return;
    const sensitiveNamedValue = typeof node.name === 'string' && typeof node.value === 'string' && isSensitiveKey(node.name);
    for (const [key, child] of Object.entries(node)) {
      if (typeof child === 'string') {
        if (key === LAST_APPLIED_ANNOTATION && this.walkEmbeddedJson(node, key, child)) continue;
        let wholeRule: string | undefined;
        if (!isPlaceholderValue(child)) {
          if (key === 'value' && sensitiveNamedValue) wholeRule = 'secret-env';
          else if (isSensitiveKey(key)) wholeRule = 'secret-field';
        }
        this.sites.push({ holder: node, key, text: child, wholeRule });
      } else {
        this.walk(child);
      }
    }
  }

  private walkEmbeddedJson(holder: JsonObject, key: string, text: string): boolean {
    let parsed: Json;
    try {
      parsed = JSON.parse(text) as Json;
    } catch {
      return false;
    }
    if (typeof parsed !== 'object' || parsed === null) return false;
    stripConfigValues(parsed);
    this.walk(parsed);
    this.finishers.push(() => {
      holder[key] = JSON.stringify(parsed);
    });
    return true;
  }
}

/** Redacts a JSON document in place and returns it. */
export async function redactDocument<T>(document: T, minter: TokenMinter, tally: RedactionTally): Promise<T> {
  const collector = new SiteCollector();
  if (typeof document === 'string') return (await redactTexts([document], minter, tally))[0] as T;
  collector.walk(document as Json);
  const scanned = collector.sites.filter((site) => site.wholeRule === undefined);
  const results = await redactTexts(
    scanned.map((site) => site.text),
    minter,
    tally,
  );
  scanned.forEach((site, index) => {
    const result = results[index];
    if (result === undefined) throw new Error('redactTexts returned fewer texts than it was given');
    (site.holder as Record<string | number, Json>)[site.key] = result;
  });
  for (const site of collector.sites) {
    if (site.wholeRule === undefined) continue;
    (site.holder as Record<string | number, Json>)[site.key] = minter.token(site.wholeRule, site.text);
    tally.set(site.wholeRule, (tally.get(site.wholeRule) ?? 0) + 1);
  }
  for (const finish of collector.finishers) finish();
  return document;
}
