/**
 * The runtime or the shell could not run the command it was given, as the log says it: a script whose interpreter
 * is missing (a CRLF shebang), a command not found. Runtime messages in the pod status and a CLI parser's usage
 * output stay code in wrong-command-or-args.
 */
import { RANK, type Signature } from './types.js';

export const COMMAND_SIGNATURES: Signature[] = [
  {
    id: 'init-exec-no-such-file',
    ecosystem: 'shell',
    pattern: /exec user process caused:? "?no such file or directory/,
    rank: RANK.command,
    cause: 'wrong-command-or-args',
    kind: 'crlf',
    meaning: 'the kernel cannot find the entrypoint script\'s interpreter (a CRLF shebang, "#!/bin/bash\\r", or an interpreter the image lacks)',
    fix: {
      summary: 'save the entrypoint script with LF line ends (or fix its shebang to an interpreter the image has) and rebuild the image',
      steps: ['convert the scripts to Unix line ends (`dos2unix`, or `.gitattributes`: `*.sh text eol=lf`)', 'check the shebang names an interpreter in the image (#!/bin/sh on alpine)'],
    },
    example: 'standard_init_linux.go:228: exec user process caused: no such file or directory',
    source: 'https://github.com/atmoz/sftp/issues/309',
  },
  {
    id: 'go-flag-not-defined',
    ecosystem: 'go',
    pattern: /flag provided but not defined: (?<detail>-{1,2}[\w.-]+)/,
    rank: RANK.command,
    cause: 'wrong-command-or-args',
    kind: 'args-rejected',
    meaning: 'the app does not accept the option {detail}',
    fix: {
      summary: 'remove or rename the option {detail} in the pod\'s args: this version of the app does not define it',
      steps: ['options get renamed or removed between releases: check the args against the docs of the deployed version'],
    },
    example: '{"level":"error","error":"flag provided but not defined: -session-ttl","message":"parsing flags"}',
    source: 'https://github.com/kubernetes-sigs/headlamp/issues/4898',
  },
];
