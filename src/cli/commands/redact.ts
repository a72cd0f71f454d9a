import type { Command } from 'commander';
import { DEFAULT_LOG_BUDGET } from '../../collect/log-budget.js';
import { parseBudget } from '../../collect/flags.js';
import type { CommandModule } from '../command.js';
import { EXIT } from '../../util/errors.js';
import { helpFooter, type CliContext } from '../context.js';

interface RedactFlags {
  force?: boolean;
  quiet?: boolean;
  logHead: string;
  logTail: string;
  logMaxBytes: string;
}

export const redactCommand: CommandModule = {
  name: 'redact',
  register(program: Command, ctx: CliContext, setExit) {
    program
      .command('redact')
      .description('convert an existing bundle (podmortem, troubleshoot, must-gather, cluster-info dump) into a new, redacted podmortem bundle')
      .argument('<in>', 'bundle to read: .tar.gz/.tar.xz/.tar archive or folder (never modified)')
      .argument('<out>', 'bundle to write (.tar.gz)')
      .option('--force', 'replace OUT if it exists')
      .option('-q, --quiet', 'no summary')
      .option('--log-head <lines>', 'lines kept from the start of each log', String(DEFAULT_LOG_BUDGET.headLines))
      .option('--log-tail <lines>', 'lines kept from the end of each log', String(DEFAULT_LOG_BUDGET.tailLines))
      .option('--log-max-bytes <bytes>', 'bytes kept per log', String(DEFAULT_LOG_BUDGET.maxBytes))
      .addHelpText(
        'after',
        helpFooter(
          [
            'podmortem redact must-gather.local.5421/ redacted.tar.gz',
            'podmortem redact support-bundle-2026-11-20T10_05_00.tar.gz redacted.tar.gz --log-tail 500',
          ],
          [
            [EXIT.ok, 'redacted bundle written'],
            [EXIT.usage, 'usage error, IN could not be read, or OUT exists (use --force)'],
            [EXIT.interrupted, 'interrupted (Ctrl-C): nothing was written'],
          ],
        ),
      )
      .action((input: string, output: string, flags: RedactFlags) => setExit(redactAction(input, output, flags, ctx)));
  },
};

async function redactAction(input: string, output: string, flags: RedactFlags, ctx: CliContext): Promise<number> {
  // Loaded on use: the secret scanner would otherwise cost every `podmortem analyze` start-up (issue 11).
  const { redactBundle } = await import('../../redact/bundle.js');
  const result = await redactBundle(input, output, {
    force: flags.force === true,
    budget: parseBudget(flags.logHead, flags.logTail, flags.logMaxBytes),
    signal: ctx.signal,
  });
  ctx.stdout.write(`${result.output}\n`);
  if (!flags.quiet) {
    const masked = result.manifest.redaction.files.reduce((sum, f) => sum + f.count, 0);
    const notConverted = result.manifest.errors.filter((e) => e.message.startsWith('not converted')).length;
    ctx.stderr.write(
      `podmortem: converted a ${result.inputFormat} bundle into a podmortem bundle of ${result.files} files; ${masked} values masked` +
        `${notConverted > 0 ? `; ${notConverted} items not converted (listed in podmortem.json "errors")` : ''}\n`,
    );
  }
  return EXIT.ok;
}
