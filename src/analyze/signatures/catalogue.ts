/**
 * The catalogue of error signatures, in one list (the order breaks ties of equal rank). Each file holds one family;
 * docs/rules/ says which causes read which families.
 */
import { APP_SIGNATURES } from './apps.js';
import { COMMAND_SIGNATURES } from './commands.js';
import { DEPENDENCY_SIGNATURES } from './dependencies.js';
import { MEMORY_SIGNATURES } from './memory.js';
import { SERVER_SIGNATURES } from './servers.js';
import type { Signature } from './types.js';

export const SIGNATURES: readonly Signature[] = [
  ...MEMORY_SIGNATURES,
  ...SERVER_SIGNATURES,
  ...COMMAND_SIGNATURES,
  ...DEPENDENCY_SIGNATURES,
  ...APP_SIGNATURES,
];

/** The lines the reader must keep from a huge log so the catalogue can still see them (stateless copies). */
export const SIGNATURE_KEEP_PATTERNS: RegExp[] = SIGNATURES.filter((s) => s.rank >= 2).map((s) => new RegExp(s.pattern.source, s.pattern.flags.replace(/[gy]/g, '')));
