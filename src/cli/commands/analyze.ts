import { Option, type Command } from 'commander';
import { analyzeBundles } from '../../pipeline.js';
import { renderReport, RENDERER_NAMES } from '../../render/index.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import type { CommandModule } from '../command.js';
import { EXIT, UserError, type CliContext } from '../context.js';

interface AnalyzeFlags {
  format?: string;
  html?: string;
  markdown?: string;
  json?: string;
  force?: boolean;
  color: boolean;
  width?: number;
  exitZero?: boolean;
}

export const analyzeCommand: CommandModule = {
  name: 'analyze',
  register(program: Command, ctx: CliContext, setExit) {
    program
      .command('analyze')
      .description('explain every crash-looping container in one or more bundles, and whether to escalate')
      .argument('<bundle...>', 'bundles: .tar.gz/.tar.xz archives or folders (podmortem, troubleshoot, cluster-info dump, must-gather)')
      .addOption(
        new Option('-f, --format <format>', 'what to print on stdout (default: terminal on a TTY, json otherwise)').choices([
          ...RENDERER_NAMES,
        ]),
      )
      .option('--html <file>', 'also write a self-contained HTML report')
      .option('--markdown <file>', 'also write a Markdown report for tickets')
      .option('--json <file>', 'also write the JSON report')
      .option('--force', 'replace report files that already exist')
      .option('--no-color', 'no colour in the terminal view (NO_COLOR is honoured too)')
      .option('--width <columns>', 'wrap the terminal view at this width', (v) => Number.parseInt(v, 10))
      .option('--exit-zero', 'exit 0 when the analysis ran, whatever the verdict (escalate, inconclusive); errors still exit 2')
      .action((bundles: string[], flags: AnalyzeFlags) => setExit(analyzeAction(bundles, flags, ctx)));
  },
};

async function analyzeAction(bundles: string[], flags: AnalyzeFlags, ctx: CliContext): Promise<number> {
  const { report, unreadable } = await analyzeBundles(bundles);
  for (const failure of unreadable) {
    // The reader's errors already name the bundle; others (a missing file) get it here.
    const message = failure.message.includes(failure.path) ? failure.message : `cannot read ${failure.path}: ${failure.message}`;
    ctx.stderr.write(`podmortem: ${message}\n`);
  }
  if (report.bundles.length === 0) throw new UserError('no bundle could be read');

  const tty = ctx.stdout.isTTY === true;
  const color = tty && flags.color && !('NO_COLOR' in ctx.env && ctx.env['NO_COLOR'] !== '');
  const options = { color, width: flags.width ?? ctx.stdout.columns ?? 100 };
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
  ctx.stdout.write(renderReport(flags.format ?? (tty ? 'terminal' : 'json'), report, options));

  if (unreadable.length > 0) return EXIT.usage;
  if (flags.exitZero) return EXIT.ok;
  if (report.escalation.status === 'inconclusive') return EXIT.inconclusive;
  return report.escalation.escalate ? EXIT.escalate : EXIT.ok;
}
