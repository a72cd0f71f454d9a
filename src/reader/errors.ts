import type { Diagnostic } from '../model/snapshot.js';

/**
 * Nothing at all could be read from what the user gave. Thrown only then: any bundle with at least one readable,
 * recognisable file becomes a snapshot whose diagnostics say what was lost.
 */
export class BundleReadError extends Error {
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
    this.name = 'BundleReadError';
  }
}
