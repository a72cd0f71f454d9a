import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { CAUSE_IDS, type Confidence } from '../../model/report.js';
import { analyzeBundles } from '../../pipeline.js';
import { isCauseId } from '../../render/common.js';
import { filterReport } from '../../render/filter.js';
import { renderReport, RENDERER_NAMES, type RenderOptions } from '../../render/index.js';
import { DEFAULT_MARKDOWN_MAX_CHARS } from '../../render/markdown.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { packageFile } from '../../util/package-files.js';
import type { CommandModule } from '../command.js';
import { EXIT, UserError } from '../../util/errors.js';
import { commaList, helpFooter, writeError, type CliContext } from '../context.js';
import { readProgress } from '../progress.js';

/** The docs/ folder shipped with podmortem (package.json "files"), as an absolute path. */
const INSTALLED_DOCS = fileURLToPath(packageFile('docs/'));

interface AnalyzeFlags {
  format?: string;
  html?: string;
  markdown?: string;
  json?: string;
  force?: boolean;
  /** `--color <when>`; false for `--no-color`. */
  color?: 'auto' | 'always' | 'never' | false;
  width?: number;
  exitZero?: boolean;
  details?: boolean;
  namespace: string[];
  cause: string[];
  bundle: string[];
  minConfidence?: Confidence;
  maxChars: number;
  docsUrl?: string;
}

function listOption(flags: string, description: string, all: string): Option {
  return new Option(flags, description).argParser(commaList).default([], all);
}

function positiveInt(name: string) {
  return (value: string) => {
    const number = Number(value);
    if (!Number.isInteger(number) || number <= 0) throw new InvalidArgumentError(`${name} must be a positive whole number`);
    return number;
  };
}

const ANALYZE_EXAMPLES = [
  'podmortem analyze bundle.tar.gz                           # summary on a terminal, JSON in a pipe',
  'podmortem analyze bundle.tar.gz --details                 # every finding with its evidence and fix',
  'podmortem analyze eu.tar.gz us.tar.gz --html report.html  # two clusters side by side, a report to hand over',
  'podmortem analyze bundle.tar.gz --markdown ticket.md      # for a GitHub/GitLab/Jira comment',
  'podmortem analyze bundle.tar.gz -n shop --cause oom-killed --min-confidence medium',
  'podmortem analyze must-gather.local.5421/ | jq .escalation',
  'podmortem analyze ticket-4711.txt                         # kubectl output and logs pasted into a ticket',
  'xclip -o | podmortem analyze -                            # the same, from standard input',
];

const ANALYZE_EXIT_CODES: ReadonlyArray<readonly [number, string]> = [
  [EXIT.ok, 'analysis done, nothing to escalate: the fixes live with the application team'],
  [EXIT.escalate, 'analysis done, escalate to platform/SRE (a check fired)'],
  [EXIT.usage, 'usage error, or a bundle that could not be read at all (the others are still reported)'],
  [EXIT.inconclusive, 'inconclusive: a bundle is damaged in a way that may hide crashes (--exit-zero: 0)'],
  [EXIT.interrupted, 'interrupted (Ctrl-C)'],
];

export const analyzeCommand: CommandModule = {
  name: 'analyze',
  register(program: Command, ctx: CliContext, setExit) {
    program
      .command('analyze')
      .description('explain every crash-looping container in one or more bundles, and whether to escalate')
      .argument('<bundle...>', 'bundles: .tar.gz/.tar.xz archives or folders (podmortem, troubleshoot, cluster-info dump, must-gather), or a pasted ticket as a text file (- reads standard input)')
      .addOption(
        new Option('-f, --format <format>', 'what to print on stdout (default: terminal on a TTY, json otherwise)').choices([
          ...RENDERER_NAMES,
        ]),
      )
      .option('--details', 'terminal view: every finding with its evidence and the full fix, not only the summary')
      .addOption(listOption('-n, --namespace <namespace>', 'show only findings in this namespace (repeatable, or comma-separated)', 'all'))
      .addOption(listOption('--cause <cause>', `show only these causes (repeatable, or comma-separated): ${CAUSE_IDS.join(', ')}`, 'all'))
      .addOption(listOption('--bundle <name>', 'show only this bundle, by file name or cluster name (repeatable, or comma-separated)', 'all'))
      .addOption(new Option('--min-confidence <level>', 'hide findings below this confidence').choices(['low', 'medium', 'high']))
      .option('--html <file>', 'also write a self-contained HTML report')
      .option('--markdown <file>', 'also write a Markdown report for tickets')
      .option('--json <file>', 'also write the JSON report')
      .option('--max-chars <n>', 'Markdown: most characters, the most severe findings kept (a GitHub comment holds 65,536)', positiveInt('--max-chars'), DEFAULT_MARKDOWN_MAX_CHARS)
      .option('--docs-url <url>', 'link rule pages under this http(s) base (default: the installed docs in the terminal, embedded in HTML)')
      .option('--force', 'replace report files that already exist')
      .addOption(
        new Option('--color <when>', 'colour in the terminal view (auto: on a terminal, unless NO_COLOR is set)').choices(['auto', 'always', 'never']).default('auto'),
      )
      .option('--no-color', 'same as --color never')
      .option('--width <columns>', 'wrap the terminal view at this width (default: the terminal\'s)', positiveInt('--width'))
      .addHelpText('after', helpFooter(ANALYZE_EXAMPLES, ANALYZE_EXIT_CODES))
      .option('--exit-zero', 'exit 0 when the analysis ran, whatever the verdict (escalate, inconclusive); errors still exit 2')
      .action((bundles: string[], flags: AnalyzeFlags) => setExit(analyzeAction(bundles, flags, ctx)));
  },
};

/** auto: colour only on a terminal and when NO_COLOR is unset or empty (no-color.org). */
function useColor(flags: AnalyzeFlags, ctx: CliContext): boolean {
  if (flags.color === false || flags.color === 'never') return false;
  if (flags.color === 'always') return true;
  const noColor = 'NO_COLOR' in ctx.env && ctx.env['NO_COLOR'] !== '';
  return ctx.stdout.isTTY === true && !noColor;
}

/** Resolves with the analysis, or rejects as soon as Ctrl-C is pressed (the first press stops the run). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new UserError('interrupted', EXIT.interrupted));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new UserError('interrupted', EXIT.interrupted));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function analyzeAction(bundles: string[], flags: AnalyzeFlags, ctx: CliContext): Promise<number> {
  if (flags.docsUrl !== undefined && !/^https?:\/\/[^\s]+$/i.test(flags.docsUrl)) throw new UserError(`--docs-url must be an http(s) URL, not "${flags.docsUrl}"`);
  const unknownCauses = flags.cause.filter((cause) => !isCauseId(cause));
  if (unknownCauses.length > 0) throw new UserError(`unknown cause ${unknownCauses.join(', ')}: use one of ${CAUSE_IDS.join(', ')}`);

  const progress = readProgress(ctx.stderr);
  let analysis: Awaited<ReturnType<typeof analyzeBundles>>;
  try {
    analysis = await untilAborted(
      analyzeBundles(bundles, {
        onProgress: (p) => {
          // Stops the reader itself at its next file, so no work goes on after Ctrl-C.
          if (ctx.signal.aborted) throw new UserError('interrupted', EXIT.interrupted);
          progress?.onProgress(p);
        },
      }),
      ctx.signal,
    );
  } finally {
    progress?.clear();
  }
  const { report: full, unreadable } = analysis;
  for (const failure of unreadable) {
    // The reader's errors already name the bundle; others (a missing file) get it here.
    const message = failure.message.includes(failure.path) ? failure.message : `cannot read ${failure.path}: ${failure.message}`;
    writeError(ctx.stderr, message);
  }
  if (full.bundles.length === 0) throw new UserError('no bundle could be read');

  const { report, filtered } = filterReport(full, {
    namespaces: flags.namespace,
    causes: flags.cause,
    bundles: flags.bundle,
    minConfidence: flags.minConfidence,
  });
  const tty = ctx.stdout.isTTY === true;
  const options: RenderOptions = {
    docsBaseUrl: flags.docsUrl,
    color: useColor(flags, ctx),
    width: flags.width ?? ctx.stdout.columns ?? 100,
    details: flags.details === true,
    maxChars: flags.maxChars,
    filtered,
  };
  const files: Array<[string | undefined, string]> = [
    [flags.html, 'html'],
    [flags.markdown, 'markdown'],
    [flags.json, 'json'],
  ];
  for (const [target, format] of files) {
    if (!target) continue;
    await writeFileAtomic(target, renderReport(format, report, { ...options, color: false }), {
      overwrite: flags.force,
      protect: bundles,
    });
    ctx.stderr.write(`podmortem: wrote ${format} report to ${target}\n`);
  }
  const format = flags.format ?? (tty ? 'terminal' : 'json');
  // In the terminal a rule page is a file to open: the installed docs, wherever podmortem runs from.
  const stdoutOptions = format === 'terminal' && !flags.docsUrl ? { ...options, docsBaseUrl: INSTALLED_DOCS } : options;
  ctx.stdout.write(renderReport(format, report, stdoutOptions));

  if (unreadable.length > 0) return EXIT.usage;
  if (flags.exitZero) return EXIT.ok;
  // Filters narrow what is shown, never the verdict: the exit code is that of everything read.
  if (full.escalation.status === 'inconclusive') return EXIT.inconclusive;
  return full.escalation.escalate ? EXIT.escalate : EXIT.ok;
}
