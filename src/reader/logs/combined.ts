/**
 * `kubectl cluster-info dump` writes every container of a pod into one `logs.txt`, each section between
 * `==== START logs for container <c> of pod <ns>/<pod> ====` and the matching END line (clusterinfo_dump.go). Each
 * section becomes its own window; line numbers stay those of logs.txt so evidence points at the real file.
 */
import type { Diagnostic } from '../../model/snapshot.js';
import type { LogErrorRecord, LogRecord } from '../../model/build.js';
import type { ResolvedReadOptions } from '../options.js';
import type { EntryData } from '../source.js';
import { pumpLines } from './read-log.js';
import { LogWindowBuilder } from './window.js';

const START = /^==== START logs for container (.+) of pod ([^/\s]+)\/(\S+) ====$/;
const END = /==== END logs for container (.+) of pod ([^/\s]+)\/(\S+) ====$/;
/** kubectl writes these instead of the log when it cannot fetch it. */
const INLINE_ERROR = /^(Create log request error|Request log error): /;

interface Section {
  namespace: string;
  pod: string;
  container: string;
  startLine: number;
  builder: LogWindowBuilder;
  bytes: number;
  error?: string;
  lastLine: number;
}

export async function readCombinedLog(
  data: EntryData,
  file: string,
  fallback: { namespace: string; pod: string },
  options: ResolvedReadOptions,
  diagnostics: Diagnostic[],
): Promise<{ logs: LogRecord[]; logErrors: LogErrorRecord[] }> {
  const logs: LogRecord[] = [];
  const logErrors: LogErrorRecord[] = [];
  let section: Section | undefined;

  const close = (endLine: number) => {
    if (!section) return;
    const s = section;
    section = undefined;
    if (s.error !== undefined) logErrors.push({ namespace: s.namespace, pod: s.pod, container: s.container, message: s.error });
    if (s.error !== undefined && s.builder.lineCount === 0) return;
    const window = s.builder.finish({ file, firstLine: s.startLine + 1, lastLine: endLine }, s.bytes);
    logs.push({ namespace: s.namespace, pod: s.pod, container: s.container, previous: false, window });
  };

  const content = (text: string, number: number, truncated: boolean) => {
    if (!section) return;
    if (section.builder.lineCount === 0 && section.error === undefined && INLINE_ERROR.test(text)) {
      section.error = text;
      section.lastLine = number;
      return;
    }
    section.builder.add(text, number, truncated);
    section.bytes += Buffer.byteLength(text) + 1;
    section.lastLine = number;
  };

  const stats = await pumpLines(
    data,
    file,
    options.maxLineBytes,
    (text, number, truncated) => {
      const start = START.exec(text);
      if (start) {
        if (section) {
          diagnostics.push({
            severity: 'info',
            code: 'log-section-unterminated',
            file,
            line: number,
            message: `the log section of container ${section.container} in ${file} has no END line; it is taken to end at line ${number - 1}`,
          });
          close(number - 1);
        }
        section = {
          container: start[1] ?? '',
          namespace: start[2] ?? fallback.namespace,
          pod: start[3] ?? fallback.pod,
          startLine: number,
          builder: new LogWindowBuilder(options),
          bytes: 0,
          lastLine: number,
        };
        return;
      }
      const end = section ? END.exec(text) : null;
      if (end && section) {
        // A log without a final newline runs into the END marker on the same line.
        const before = text.slice(0, end.index);
        if (before !== '') content(before, number, truncated);
        close(before !== '' ? number : number - 1);
        return;
      }
      content(text, number, truncated);
    },
    diagnostics,
  );
  if (section) close(stats.lines);
  return { logs, logErrors };
}
