/**
 * Streams one log file through the line splitter into a window (or, for a cluster-info dump `logs.txt`, into one
 * window per container section). A stream that fails half-way keeps what was read, and says so.
 */
import type { Diagnostic, LogWindow } from '../../model/snapshot.js';
import type { ResolvedReadOptions } from '../options.js';
import type { EntryData } from '../source.js';
import type { KeepBudget } from './budget.js';
import { LineSplitter, type LineHandler, type LineStats } from './line-splitter.js';
import { LogWindowBuilder } from './window.js';

export async function pumpLines(
  data: EntryData,
  file: string,
  maxLineBytes: number,
  onLine: LineHandler,
  diagnostics: Diagnostic[],
): Promise<LineStats> {
  const splitter = new LineSplitter(maxLineBytes, onLine);
  try {
    await data.forEachChunk((chunk) => {
      splitter.write(chunk);
    });
  } catch (error) {
    diagnostics.push({
      severity: 'warning',
      code: 'truncated-file',
      file,
      byte: splitter.stats.bytes,
      message: `${file} could not be read to its end (${(error as Error).message}); the ${splitter.stats.bytes} bytes before byte ${splitter.stats.bytes} were kept`,
    });
  }
  splitter.end();
  reportLineStats(file, splitter.stats, maxLineBytes, diagnostics);
  return splitter.stats;
}

function reportLineStats(file: string, stats: LineStats, maxLineBytes: number, diagnostics: Diagnostic[]): void {
  if (stats.truncatedLines > 0) {
    diagnostics.push({
      severity: 'warning',
      code: 'line-too-long',
      file,
      line: stats.firstTruncatedLine,
      message:
        `${stats.truncatedLines === 1 ? 'line' : `${stats.truncatedLines} lines, the first at line`} ${stats.firstTruncatedLine ?? '?'} of ${file} ` +
        `${stats.truncatedLines === 1 ? 'is' : 'are'} longer than ${maxLineBytes} bytes (the longest: ${stats.longestLineBytes} bytes); ` +
        `only the first ${maxLineBytes} bytes of each were kept`,
    });
  }
  if (stats.firstInvalidUtf8Line !== undefined) diagnostics.push(nonUtf8(file, stats.firstInvalidUtf8Line));
}

export function nonUtf8(file: string, line?: number): Diagnostic {
  return {
    severity: 'info',
    code: 'non-utf8',
    file,
    ...(line !== undefined ? { line } : {}),
    message: `${file} holds bytes that are not UTF-8${line !== undefined ? ` (first at line ${line})` : ''}; they are shown as \uFFFD`,
  };
}

export async function readLogWindow(
  data: EntryData,
  file: string,
  options: ResolvedReadOptions,
  diagnostics: Diagnostic[],
  budget?: KeepBudget,
): Promise<LogWindow> {
  const builder = new LogWindowBuilder(options);
  const stats = await pumpLines(data, file, options.maxLineBytes, (text, number, truncated) => builder.add(text, number, truncated), diagnostics);
  return builder.finish({ file }, stats.bytes, budget);
}
