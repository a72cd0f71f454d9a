import { Option, type Command } from 'commander';
import type { ReadProgress } from '../../reader/options.js';
import type { CommandModule } from '../command.js';
import { readProgress } from '../progress.js';
import { EXIT, UserError } from '../../util/errors.js';
import { helpFooter, type CliContext } from '../context.js';

interface ServeFlags {
  address: string;
  port: string;
  shell?: boolean;
  ageFrom: 'capture' | 'now';
  showSecrets?: boolean;
}

export const serveCommand: CommandModule = {
  name: 'serve',
  register(program: Command, ctx: CliContext, setExit) {
    program
      .command('serve')
      .description('serve bundles as a read-only Kubernetes API on loopback, so plain kubectl (and k9s) work on a snapshot')
      .argument('<bundle...>', 'bundles: .tar.gz/.tar.xz archives or folders; each becomes one kubeconfig context')
      .option('--address <address>', 'address to listen on (a warning is printed for anything but loopback)', '127.0.0.1')
      .addOption(new Option('--port <port>', 'first port: bundle N listens on port+N').default('0', 'free ports'))
      .option('--shell', 'open a subshell with KUBECONFIG set; serving stops when it exits')
      .addOption(
        new Option('--age-from <reference>', 'what AGE columns count from: the capture time, or the wall clock').choices(['capture', 'now']).default('capture'),
      )
      .option('--show-secrets', 'serve Secret values and credentials in env, args, annotations and ConfigMaps as collected (masked by default)')
      .addHelpText(
        'after',
        helpFooter(
          [
            'podmortem serve bundle.tar.gz                 # then: export KUBECONFIG=… as printed; kubectl get pods -A',
            'podmortem serve eu.tar.gz us.tar.gz           # one kubeconfig context per bundle',
            'podmortem serve --shell bundle.tar.gz         # a subshell with KUBECONFIG set; exit to stop',
          ],
          [
            [EXIT.ok, 'stopped (Ctrl-C), or the --shell subshell exited 0 (otherwise its exit code)'],
            [EXIT.usage, 'usage error, a bundle that could not be read, or an address it cannot listen on'],
          ],
        ),
      )
      .action((bundles: string[], flags: ServeFlags) => setExit(serveAction(bundles, flags, ctx)));
  },
};

async function serveAction(bundles: string[], flags: ServeFlags, ctx: CliContext): Promise<number> {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port must be a port number, not "${flags.port}"`);
  // Loaded on use: the server's modules would otherwise cost every `podmortem analyze` start-up (issue 11).
  const { runServeSession, SessionError } = await import('../../serve/session.js');
  const progress = readProgress(ctx.stderr);
  // The progress line is cleared before the session prints anything else (its first line follows the read).
  const onProgress = progress ? (p: ReadProgress) => progress.onProgress(p) : undefined;
  const io = progress ? { ...ctx, stderr: { write: (chunk: string) => (progress.clear(), ctx.stderr.write(chunk)) } } : ctx;
  try {
    return await runServeSession(bundles, { address: flags.address, port, ageReference: flags.ageFrom, shell: flags.shell === true, showSecrets: flags.showSecrets === true, onProgress }, io);
  } catch (error) {
    if (error instanceof SessionError) throw new UserError(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new UserError(`cannot listen on ${flags.address}${port ? `:${port}` : ''}: ${(error as Error).message}`);
    }
    throw error;
  }
}
