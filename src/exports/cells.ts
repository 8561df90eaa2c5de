/**
 * Cells for spreadsheets. A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel,
 * LibreOffice and Google Sheets as a formula ("CSV injection"): it gets a leading `'`, which they show as text.
 */
const formulaStart = /^[=+\-@\t\r]/;

export function neutralised(value: string): string {
  return formulaStart.test(value) ? `'${value}` : value;
}

/** One CSV line (RFC 4180, CRLF), every cell neutralised and quoted where it needs to be. */
export function csvLine(cells: Array<string | number | boolean | null | undefined>): string {
  return `${cells
    .map((cell) => {
      const text = neutralised(cell === null || cell === undefined ? '' : String(cell));
      return /[",\r\n;]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',')}\r\n`;
}
