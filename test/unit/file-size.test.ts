/**
 * The project's rule: no file in src/ runs over 300 lines unless its first lines say why (`// Over 300 lines: <why>`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');
const limit = 300;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.isFile() && entry.name.endsWith('.ts') ? [path] : [];
  });
}

function lineCount(text: string): number {
  const lines = text.split('\n');
  return lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
}

describe('the length of source files', () => {
  it(`keeps every file in src/ to ${limit} lines, or says at its top why not`, () => {
    const unexplained = sourceFiles(join(root, 'src'))
      .map((path) => ({ path, text: readFileSync(path, 'utf8') }))
      .filter(({ text }) => lineCount(text) > limit)
      .filter(({ text }) => !/Over 300 lines: \S/.test(text.split('\n').slice(0, 3).join('\n')))
      .map(({ path, text }) => `${relative(root, path)} (${lineCount(text)})`);
    expect(unexplained).toEqual([]);
  });
});
