/**
 * A ticket's text as people paste it: CRLF, e-mail quoting (`> `), Markdown code fences, ANSI colours from a terminal,
 * shell prompts before commands. `normalisePaste` undoes all of that once, so every parser sees plain kubectl output,
 * and remembers which lines sat inside a fence (a fenced block the reader cannot place is taken for a log).
 */

export interface PasteLine {
  /** 1-based line number in the file as given. */
  number: number;
  text: string;
  fenced: boolean;
}

// eslint-disable-next-line no-control-regex -- ESC and BEL are what an ANSI sequence is made of: this strips them.
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;
const FENCE = /^\s*(```|~~~)/;
const QUOTE = /^(?:\s*>)+ ?/;

/** The lines from `start` on, with their index: a walk that stops early costs only the lines it reads. */
export function* linesFrom(lines: readonly PasteLine[], start: number): Generator<[number, PasteLine]> {
  for (let i = start; i < lines.length; i++) {
    const line = lines[i];
    if (line) yield [i, line];
  }
}

export function normalisePaste(raw: string): PasteLine[] {
  const lines = raw.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
  const quotedCount = lines.filter((line) => QUOTE.test(line)).length;
  // Strip e-mail quoting only when most non-empty lines carry it: a lone `>` can be part of a log line.
  const nonEmpty = lines.filter((line) => line.trim() !== '').length;
  const unquote = nonEmpty > 0 && quotedCount / nonEmpty > 0.6;
  const result: PasteLine[] = [];
  let fenced = false;
  lines.forEach((original, index) => {
    let text = original.replace(ANSI, '');
    if (unquote) text = text.replace(QUOTE, '');
    text = text.replace(/\t/g, '    ').replace(/\s+$/, '');
    if (FENCE.test(text)) {
      fenced = !fenced;
      return;
    }
    result.push({ number: index + 1, text, fenced });
  });
  return result;
}

/** The command a line runs, when it is a shell command line (`$ kubectl logs x`, `root@host:~# kubectl …`). */
export function commandOf(text: string): string[] | undefined {
  const match = /^(?:[\w@.~:/-]*[$#%>]\s*)?((?:sudo\s+)?(?:kubectl|k|oc|microk8s kubectl|k3s kubectl|minikube kubectl --)\s.*)$/.exec(text.trim());
  if (!match) return undefined;
  const [, command = ''] = match;
  const words = command.replace(/^sudo\s+/, '').split(/\s+/);
  const start = words.indexOf('kubectl') >= 0 ? words.indexOf('kubectl') : 0;
  return words.slice(start);
}
