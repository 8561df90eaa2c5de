/** A plain-text table for a terminal: columns padded to their widest cell. */
export function table(header: string[], rows: string[][]): string {
  const width = (text: string) => [...text].length;
  const widths = header.map((title, column) => Math.max(width(title), ...rows.map((row) => width(row[column] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell + ' '.repeat(widths[column]! - width(cell)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((size) => '-'.repeat(size)).join('  '), ...rows.map(line)].join('\n');
}
