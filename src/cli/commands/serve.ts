import { Option, type Command } from 'commander';
import type { CommandModule } from '../command.js';
import { UserError, type CliContext } from '../context.js';

interface ServeFlags {
  address: string;
  port: string;
  shell?: boolean;
  ageFrom: 'capture' | 'now';
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
      .action((bundles: string[], flags: ServeFlags) => setExit(serveAction(bundles, flags, ctx)));
  },
};

async function serveAction(bundles: string[], flags: ServeFlags, ctx: CliContext): Promise<number> {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port must be a port number, not "${flags.port}"`);
  // Loaded on use: the server's modules would otherwise cost every `podmortem analyze` start-up (issue 11).
  const { runServeSession, SessionError } = await import('../../serve/session.js');
  try {
    return await runServeSession(bundles, { address: flags.address, port, ageReference: flags.ageFrom, shell: flags.shell === true }, ctx);
  } catch (error) {
    if (error instanceof SessionError) throw new UserError(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new UserError(`cannot listen on ${flags.address}${port ? `:${port}` : ''}: ${(error as Error).message}`);
    }
    throw error;
  }
}
