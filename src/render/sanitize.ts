/**
 * Neutralises text that came from a bundle before any renderer prints it.
 *
 * A log line, pod name or event message is attacker-controlled: an ESC byte would let it clear the screen, rewrite
 * earlier lines, set the window title or the clipboard (OSC 52) or plant a hyperlink (OSC 8); a bidi override would
 * make the text read differently from what it is (Trojan Source); a zero-width character hides content. Every such
 * code point is replaced by a visible escape (`\x1b`, `\u202e`) so the reader sees that it was there, and only the
 * renderer's own escapes reach a terminal.
 */

/**
 * C0 and C1 controls, DEL, and the invisible format characters that change how text reads: bidi embeddings,
 * overrides and isolates, marks, zero-width characters, the BOM, line/paragraph separators, interlinear
 * annotations, tag characters. Tab is handled separately (expanded), newlines are escaped like any control.
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- these are the control characters it finds and neutralises
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}]|[\ud800-\udfff]/gu;

const TAB_WIDTH = 4;

function visibleEscape(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\u{${code.toString(16)}}`;
}

/**
 * Returns `text` with every unsafe code point shown as a visible escape and tabs expanded to spaces.
 * Lone surrogates (invalid UTF-16, which a terminal would show as U+FFFD) are escaped too.
 * Backslashes are left alone: a literal `\x1b` typed in a log looks the same as a neutralised ESC, which is
 * harmless, and escaping them would make every Windows path unreadable.
 */
export function neutralize(text: string): string {
  return text.replace(UNSAFE, visibleEscape).replace(/\t/g, ' '.repeat(TAB_WIDTH));
}

/** JSON.stringify as it behaves: undefined for undefined, a function or a symbol, whatever its declared type says. */
export function jsonText(value: unknown): string | undefined {
  return JSON.stringify(value);
}

/** What JSON cannot write (a cycle, a bigint, undefined, a function) as plain text, as String() would. */
export function plainText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || typeof value === 'symbol' || typeof value === 'function') return value.toString();
  if (value === undefined || value === null) return String(value);
  return Object.prototype.toString.call(value);
}

/**
 * Code points that JSON.stringify leaves raw but that a terminal or an editor may act on (DEL, C1 controls such as
 * the 8-bit CSI U+009B, bidi and zero-width characters, and the invisible Unicode tag characters U+E0000–U+E007F
 * that can smuggle text past a reader). In JSON they can be written as `\uXXXX` escapes (a tag character as its
 * surrogate pair), which parse back to exactly the same string: the document stays equivalent for every JSON reader.
 */
const JSON_UNSAFE =
  /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}]/gu;

export function escapeJsonText(json: string): string {
  return json.replace(JSON_UNSAFE, (char) => {
    let escaped = '';
    for (let i = 0; i < char.length; i++) escaped += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return escaped;
  });
}

/**
 * Columns a string takes in a monospace terminal: East Asian wide and fullwidth characters and most emoji take two.
 * Approximate (no grapheme clustering), good enough to keep wrapped lines inside the width.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char.codePointAt(0) ?? 0);
  return width;
}

export function charWidth(code: number): number {
  if (code >= 0x300 && code <= 0x36f) return 0; // combining diacritics
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** For text shown on one line (terminal fields, Markdown cells): line breaks become a visible `↵`, then neutralised. */
export function neutralizeOneLine(text: string): string {
  return neutralize(text.replace(/\r\n|\n/g, ' ↵ '));
}

/**
 * For multi-line text shown in a block (HTML `<pre>`, fenced Markdown): split at line breaks, each line
 * neutralised; a lone carriage return, which a terminal uses to overwrite a line, stays visible as `\x0d`.
 */
export function neutralizeLines(text: string): string[] {
  return text.split(/\r\n|\n/).map(neutralize);
}
