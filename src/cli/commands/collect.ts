import { stat } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import { Option, type Command } from 'commander';
import type { CommandModule } from '../command.js';
import { EXIT, UserError } from '../../util/errors.js';
import { commaList, helpFooter, writeError, type CliContext } from '../context.js';
import { COLLECT_DEFAULTS, parseBudget, positiveInteger, NO_REDACT_WARNING } from '../../collect/flags.js';

interface CollectFlags {
  namespace: string[];
  allNamespaces?: boolean;
  context?: string;
  kubeconfig?: string;
  kubectl: string;
  since?: string;
  output?: string;
  force?: boolean;
  redact: boolean;
  quiet?: boolean;
  concurrency: string;
  timeout: string;
  logHead: string;
  logTail: string;
  logMaxBytes: string;
  excludeKinds: string[];
}

const collectValues = (value: string, previous: string[]) => [...previous, value];

export const collectCommand: CommandModule = {
  name: 'collect',
  register(program: Command, ctx: CliContext, setExit) {
    const budget = COLLECT_DEFAULTS.budget;
    program
      .command('collect')
      .description('collect a redacted bundle from a live cluster with your own kubectl: resources, events, current and previous logs')
      .addOption(
        new Option('-n, --namespace <namespace>', 'namespace to collect (repeatable)')
          .argParser(collectValues)
          .default([], 'the context’s namespace'),
      )
      .option('-A, --all-namespaces', 'collect every namespace')
      .option('--context <name>', 'kubeconfig context (default: the current context)')
      .option('--kubeconfig <file>', 'kubeconfig file, passed to kubectl')
      .option('--kubectl <path>', 'kubectl binary to run', 'kubectl')
      .option('--since <duration>', 'only current logs newer than this (e.g. 30m, 2h); previous logs are always kept')
      .option('-o, --output <file>', 'bundle to write (default: podmortem-<context>-<UTC time>.tar.gz)')
      .option('--force', 'replace the output file if it exists')
      .option('--no-redact', 'do not mask credentials (ConfigMap and Secret values are still never collected)')
      .option('-q, --quiet', 'no progress line and no summary')
      .option('--concurrency <n>', 'kubectl calls at once', String(COLLECT_DEFAULTS.concurrency))
      .option('--timeout <seconds>', 'per kubectl call', String(COLLECT_DEFAULTS.timeoutMs / 1000))
      .option('--log-head <lines>', 'lines kept from the start of each log', String(budget.headLines))
      .option('--log-tail <lines>', 'lines kept from the end of each log', String(budget.tailLines))
      .option('--log-max-bytes <bytes>', 'bytes kept per log', String(budget.maxBytes))
      .addOption(
        new Option('--exclude-kinds <kinds>', 'kinds not to collect, comma-separated plural names (secrets, ingresses, widgets.example.com) or custom-resources')
          .argParser(commaList)
          .default([], 'none'),
      )
      .addHelpText(
        'after',
        helpFooter(
          [
            'podmortem collect -n shop                     # the shop namespace of your current context',
            'podmortem collect -A --context prod-eu        # every namespace',
            'podmortem collect -n shop --since 2h -o shop.tar.gz',
          ],
          [
            [EXIT.ok, 'bundle written (steps that failed are listed at the end and in its podmortem.json)'],
            [EXIT.usage, 'usage error, the cluster could not be reached, or the bundle could not be written'],
            [EXIT.interrupted, 'interrupted (Ctrl-C): nothing was written'],
          ],
        ),
      )
      .action((flags: CollectFlags) => setExit(collectAction(flags, ctx)));
  },
};

async function collectAction(flags: CollectFlags, ctx: CliContext): Promise<number> {
  if (flags.allNamespaces && flags.namespace.length > 0) throw new UserError('use either -n/--namespace or -A/--all-namespaces, not both');
  if (flags.since !== undefined && !/^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/.test(flags.since)) {
    throw new UserError(`--since must be a duration like 30m, 2h or 1h30m, not "${flags.since}"`);
  }
  if (!flags.redact) ctx.stderr.write(NO_REDACT_WARNING);
  // Loaded here, not at start-up: every other command would pay for the collector and the redactor it uses.
  const [{ collect }, { lastWords, progressPrinter }] = await Promise.all([import('../../collect/collector.js'), import('../../collect/progress.js')]);
  const progress = !flags.quiet && ctx.stderr.isTTY ? progressPrinter(ctx.stderr) : undefined;
  try {
    const result = await collect({
      kubectl: flags.kubectl,
      context: flags.context,
      kubeconfig: flags.kubeconfig,
      namespaces: flags.namespace,
      allNamespaces: flags.allNamespaces === true,
      since: flags.since,
      output: flags.output,
      cwd: ctx.cwd,
      force: flags.force === true,
      redact: flags.redact,
      concurrency: positiveInteger(flags.concurrency, '--concurrency'),
      timeoutMs: positiveInteger(flags.timeout, '--timeout') * 1000,
      budget: parseBudget(flags.logHead, flags.logTail, flags.logMaxBytes),
      excludeKinds: flags.excludeKinds,
      env: ctx.env,
      signal: ctx.signal,
      onProgress: progress?.update,
    });
    progress?.clear();
    ctx.stdout.write(`${result.output}\n`);
    if (!flags.quiet) {
      const shown = relative(ctx.cwd, result.output);
      const path = shown && !shown.startsWith('..') && !isAbsolute(shown) ? shown : result.output;
      const bytes = (await stat(result.output)).size;
      // Targets and messages name pods and namespaces from the cluster: through the neutraliser, each line.
      writeError(ctx.stderr, lastWords(result.manifest, { path, bytes, files: result.files }).join('\n'));
    }
    return EXIT.ok;
  } finally {
    progress?.clear();
  }
}
