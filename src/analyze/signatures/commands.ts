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
];
