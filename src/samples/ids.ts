/**
 * Identifiers for sample objects, derived from a hash of what they name: the generator never reads the clock or a
 * random source, so the same scenario always yields the same uids, IPs, container IDs and digests.
 */
import { createHash } from 'node:crypto';

export function hashHex(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

export function hashInt(...parts: string[]): number {
  return Number.parseInt(hashHex(...parts).slice(0, 8), 16);
}

/** An RFC 4122 version-4-shaped uid, as the API server assigns them. */
export function uid(...parts: string[]): string {
  const hex = hashHex('uid', ...parts);
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The alphabet of Kubernetes' generated name suffixes (no vowels, no look-alike digits). */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function nameSuffix(length: number, ...parts: string[]): string {
  const hex = hashHex('suffix', ...parts);
  let out = '';
  for (let i = 0; i < length; i++) {
    out += SUFFIX_ALPHABET.charAt(Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16) % SUFFIX_ALPHABET.length);
  }
  return out;
}

/** A pod-template-hash: depends only on what the template is, so the same Deployment hashes alike in two clusters. */
export function templateHash(...parts: string[]): string {
  return nameSuffix(10, 'template', ...parts);
}

export function containerId(runtime: string, ...parts: string[]): string {
  const scheme = runtime.split('://')[0] ?? 'containerd';
  return `${scheme}://${hashHex('container', ...parts)}`;
}

function imageDigest(image: string): string {
  return `sha256:${hashHex('image', image)}`;
}

/** `repo@sha256:…` as kubelet reports imageID: the digest depends on the image reference only. */
export function imageId(image: string): string {
  const repository = image.replace(/:[^:/]+$/, '');
  return `${repository.includes('/') ? repository : `docker.io/library/${repository}`}@${imageDigest(image)}`;
}

/** An address inside a /24 (`10.244.3.0/24` → `10.244.3.<n>`), n in [2, 250]. */
export function addressIn(cidr24: string, ...parts: string[]): string {
  const [address = ''] = cidr24.split('/');
  const base = address.split('.').slice(0, 3).join('.');
  return `${base}.${2 + (hashInt('ip', ...parts) % 249)}`;
}

/** Event names are `<object>.<hex of the first timestamp in nanoseconds>`; a small hashed offset keeps them unique. */
export function eventName(objectName: string, firstTimeIso: string, ...parts: string[]): string {
  const nanos = BigInt(Date.parse(firstTimeIso)) * 1_000_000n + BigInt(hashInt('event', objectName, ...parts) % 1_000_000);
  return `${objectName}.${nanos.toString(16)}`;
}
