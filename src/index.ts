/**
 * podmortem as a library: what other programs may import. The CLI (`src/cli/`) is one caller of this surface and
 * nothing here imports it.
 */
export { analyzeBundles, type AnalysisResult, type UnreadableBundle } from './pipeline.js';
export { readSnapshot, openBundleSource, BundleReadError, DEFAULT_READ_OPTIONS, type ReadOptions } from './reader/index.js';
export { analyze, LOG_KEEP_PATTERNS, RULES, CAUSE_RULES, CHECK_RULES, type AnalyzeOptions } from './analyze/index.js';
export { renderReport, RENDER_FORMATS, isRenderFormat, type RenderFormat, type RenderOptions } from './render/index.js';
export { startServe, type ServedBundle, type ServeOptions, type ServeHandle } from './serve/index.js';
export { collect, type CollectOptions, type CollectResult } from './collect/collector.js';
export { redactBundle, type RedactBundleOptions, type RedactBundleResult } from './redact/bundle.js';
export type { Report, Finding, Evidence } from './model/report.js';
export type { Snapshot, Diagnostic } from './model/snapshot.js';
export { UserError, EXIT } from './util/errors.js';
export { VERSION } from './version.js';
