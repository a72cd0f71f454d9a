/**
 * The JSON document: the Report as is, the public schema (docs/report.schema.json). Control, bidi and zero-width
 * characters are written as `\uXXXX` escapes, which parse back to the same strings, so piping the JSON to a
 * terminal or opening it in an editor cannot act on them.
 */
import type { Report } from '../model/report.js';
import { escapeJsonText } from './sanitize.js';

/** Takes no options: the document is the same for every terminal and reader. */
export function render(report: Report): string {
  return `${escapeJsonText(JSON.stringify(report, null, 2))}\n`;
}
