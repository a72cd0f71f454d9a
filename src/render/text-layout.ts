/**
 * Word wrapping and ANSI styling for the terminal view. Input here is already neutralised (see sanitize.ts):
 * the only escapes in the output are the ones `paint` adds.
 */
import { charWidth, displayWidth } from './sanitize.js';

export type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan' | 'magenta' | 'boldRed' | 'boldGreen';

const SGR: Record<Style, string> = {
  bold: '1',
  dim: '2',
  red: '31',
  green: '32',
  yellow: '33',
  cyan: '36',
  magenta: '35',
  boldRed: '1;31',
  boldGreen: '1;32',
};

export type Painter = (style: Style, text: string) => string;

export function painter(color: boolean): Painter {
  if (!color) return (_style, text) => text;
  return (style, text) => (text === '' ? text : `\x1b[${SGR[style]}m${text}\x1b[0m`);
}

/**
 * Wraps `text` into lines of at most `width` columns, breaking at spaces; a word longer than a line is cut by
 * characters. Runs of spaces inside the text are kept (log lines align columns with them).
 */
export function wrap(text: string, width: number): string[] {
  const available = Math.max(8, width);
  if (displayWidth(text) <= available) return [text];
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  for (const token of text.split(/(?<= )/)) {
    const tokenWidth = displayWidth(token);
    if (lineWidth + tokenWidth <= available) {
      line += token;
      lineWidth += tokenWidth;
      continue;
    }
    const trimmed = token.trimEnd();
    if (lineWidth > 0 && lineWidth + displayWidth(trimmed) <= available) {
      lines.push(line + trimmed);
      line = '';
      lineWidth = 0;
      continue;
    }
    if (lineWidth > 0 && tokenWidth <= available) {
      lines.push(line.trimEnd());
      line = token;
      lineWidth = tokenWidth;
      continue;
    }
    for (const char of token) {
      const w = charWidth(char.codePointAt(0) ?? 0);
      if (lineWidth + w > available) {
        lines.push(line.trimEnd());
        line = '';
        lineWidth = 0;
      }
      line += char;
      lineWidth += w;
    }
  }
  if (line.trim() !== '' || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

/** Cuts a line (code) to `width` columns with no word logic; returns the pieces. */
export function hardBreak(text: string, width: number): string[] {
  const available = Math.max(8, width);
  const pieces: string[] = [];
  let piece = '';
  let pieceWidth = 0;
  for (const char of text) {
    const w = charWidth(char.codePointAt(0) ?? 0);
    if (pieceWidth + w > available) {
      pieces.push(piece);
      piece = '';
      pieceWidth = 0;
    }
    piece += char;
    pieceWidth += w;
  }
  pieces.push(piece);
  return pieces;
}

/**
 * A labelled block: `label` in a fixed column, then `text` wrapped so that continuation lines align with the
 * text (a hanging indent). Used for "evidence", "fix" and the like.
 */
export function labelled(
  indent: number,
  labelWidth: number,
  label: string,
  text: string,
  width: number,
  paint: Painter,
  textStyle?: Style,
): string[] {
  const pad = ' '.repeat(indent);
  const column = ' '.repeat(labelWidth);
  return wrap(text, width - indent - labelWidth).map((line, index) => {
    const head = index === 0 ? paint('dim', label.padEnd(labelWidth)) : column;
    return `${pad}${head}${textStyle ? paint(textStyle, line) : line}`;
  });
}

/** Plain text wrapped with the same indent on every line. */
export function indented(indent: number, text: string, width: number, paint: Painter, style?: Style): string[] {
  const pad = ' '.repeat(indent);
  return wrap(text, width - indent).map((line) => `${pad}${style ? paint(style, line) : line}`);
}
