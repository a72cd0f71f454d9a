/**
 * The renderers, one per output format. Each is a pure function of the Report: no I/O, no clock, no environment.
 * The CLI picks one by name and writes the string it returns (files through util/atomic-write).
 */
import type { Report } from '../model/report.js';
import type { RenderOptions } from './common.js';
import { render as html } from './html.js';
import { render as json } from './json.js';
import { render as markdown } from './markdown.js';
import { render as terminal } from './terminal.js';

export type { RenderOptions } from './common.js';
export { DEFAULT_RENDER_OPTIONS } from './common.js';

export type Renderer = (report: Report, options: RenderOptions) => string;

export const RENDERERS = {
  json,
  terminal,
  markdown,
  html,
} as const satisfies Record<string, Renderer>;

export type RenderFormat = keyof typeof RENDERERS;

export const RENDER_FORMATS = Object.keys(RENDERERS) as RenderFormat[];
/** The format names, for `--format` choices. */
export const RENDERER_NAMES: readonly RenderFormat[] = RENDER_FORMATS;

export function isRenderFormat(format: string): format is RenderFormat {
  return Object.hasOwn(RENDERERS, format);
}

/** Renders `report` in `format`; an unknown format throws an error that lists the valid ones. */
export function renderReport(format: string, report: Report, options: RenderOptions): string {
  if (!isRenderFormat(format)) {
    throw new UnknownFormatError(format);
  }
  return RENDERERS[format](report, options);
}

export class UnknownFormatError extends Error {
  constructor(readonly format: string) {
    super(`unknown report format ${JSON.stringify(format)}: use one of ${RENDER_FORMATS.join(', ')}`);
    this.name = 'UnknownFormatError';
  }
}
