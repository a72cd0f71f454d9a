/**
 * Shell quoting for the commands podmortem prints in fixes and messages. Every name in such a command comes from a
 * bundle, so it is untrusted: a pod named `x;curl …|sh` must reach the user's clipboard as one inert word.
 */

/** Characters that never need quoting in a POSIX shell word (Kubernetes names, paths, flags). */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One POSIX shell word that means exactly `value`: as is when safe, else single-quoted. */
export function shellQuote(value: string): string {
  if (value !== '' && SAFE_WORD.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A command line from its words, each quoted as needed: `shellCommand(['kubectl', 'logs', pod])`. */
export function shellCommand(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
