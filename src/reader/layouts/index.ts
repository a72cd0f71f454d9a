import { clusterInfoDumpLayout } from './cluster-info-dump.js';
import { mustGatherLayout } from './must-gather.js';
import { troubleshootLayout } from './troubleshoot.js';
import type { Layout } from './types.js';

/**
 * Every layout podmortem reads, most specific first: an entry belongs to the first layout that claims it, and the
 * layout that recognised the most files decides the bundle's format.
 */
export const LAYOUTS: readonly Layout[] = [troubleshootLayout, mustGatherLayout, clusterInfoDumpLayout];

export type { Layout, Role } from './types.js';
