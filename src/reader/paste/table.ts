/**
 * kubectl's column tables (`get pods`, `get events`, describe's Events): a header of upper-case column names, then rows.
 * kubectl aligns every cell under its header, so cells are cut at the header's column starts; a paste that lost the
 * alignment (tabs, a proportional font, a re-flowed e-mail) falls back to splitting at runs of two or more spaces,
 * the last column taking the rest. A row with too few cells right after a row is a wrapped continuation.
 */

export interface TableRow {
  /** 1-based line number in the paste. */
  line: number;
  cells: Record<string, string>;
}

interface Column {
  name: string;
  start: number;
}

/** The columns of a header line (`NAME   READY   STATUS`, `LAST SEEN   TYPE`), or undefined when it is none. */
export function headerColumns(text: string): Column[] | undefined {
  if (!/^\s*[A-Z][A-Z-]*( [A-Z][A-Z-]*)*(\s{2,}[A-Z][A-Z()-]*( [A-Z][A-Z()-]*)*)+\s*$/.test(text)) return undefined;
  const columns: Column[] = [];
  for (const match of text.matchAll(/[A-Z][A-Z()-]*(?: [A-Z][A-Z()-]*)*/g)) {
    columns.push({ name: match[0], start: match.index });
  }
  return columns;
}

/** Like {@link headerColumns} for describe's mixed-case Events header (`Type  Reason  Age  From  Message`). */
export function describeEventColumns(text: string): Column[] | undefined {
  if (!/^\s*Type\s{2,}Reason\s{2,}Age\s{2,}From\s{2,}Message\s*$/.test(text)) {
    // kubectl before 1.14: `FirstSeen  LastSeen  Count  From  SubObjectPath  Type  Reason  Message`
    if (!/^\s*FirstSeen\s{2,}LastSeen\s{2,}Count\s{2,}From\s{2,}/.test(text)) return undefined;
  }
  return [...text.matchAll(/\S+/g)].map((match) => ({ name: match[0].toUpperCase(), start: match.index }));
}

export function splitRow(text: string, columns: readonly Column[]): string[] | undefined {
  const aligned = cutAtColumns(text, columns);
  if (aligned) return aligned;
  const parts = text.trim().split(/\s{2,}|\t+/);
  if (parts.length < columns.length) return undefined;
  return [...parts.slice(0, columns.length - 1), parts.slice(columns.length - 1).join('  ')];
}

/** Cells cut at the header's starts, when every start falls on a cell boundary (a space before it, text at it). */
function cutAtColumns(text: string, columns: readonly Column[]): string[] | undefined {
  const base = columns[0]?.start ?? 0;
  const cells: string[] = [];
  for (const [i, { start }] of columns.entries()) {
    if (start >= text.length) return undefined;
    if (i > 0 && text[start - 1] !== ' ') return undefined;
    if (text[start] === ' ') return undefined;
    const end = columns[i + 1]?.start ?? text.length;
    cells.push(text.slice(start, end).trim());
  }
  if (text.slice(0, base).trim() !== '') return undefined;
  return cells;
}

export function rowRecord(columns: readonly Column[], cells: readonly string[]): Record<string, string> {
  const record: Record<string, string> = {};
  columns.forEach((column, i) => {
    record[column.name] = cells[i] ?? '';
  });
  return record;
}
