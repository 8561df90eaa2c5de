/**
 * Verifies an exported audit trail: `npm run audit:verify -- <file> [--head <hash>]`.
 * Prints one line per altered, removed, inserted or reordered entry; exits 0 when the trail is intact, 1 when not,
 * 2 when the file cannot be read.
 */
import { readFileSync } from 'node:fs';
import { verifyTrail, type AuditExport } from '../src/registry/audit-export';

function main(argv: string[]): number {
  const headFlag = argv.indexOf('--head');
  const expectedHead = headFlag >= 0 ? argv[headFlag + 1] : undefined;
  const file = argv.filter(
    (argument, index) => !argument.startsWith('--') && (headFlag < 0 || index !== headFlag + 1),
  )[0];
  if (!file || (headFlag >= 0 && !expectedHead)) {
    process.stderr.write(
      'usage: npm run audit:verify -- <exported trail.json> [--head <head hash from the registry>]\n',
    );
    return 2;
  }
  let trail: AuditExport;
  try {
    trail = JSON.parse(readFileSync(file, 'utf8')) as AuditExport;
  } catch (error) {
    process.stderr.write(`cannot read ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  const { ok, findings } = verifyTrail(trail, expectedHead);
  if (ok) {
    process.stdout.write(
      `intact: case ${trail.caseNumber}, ${trail.entries.length} entries, head ${trail.headHash}${expectedHead ? ' (matches the given head)' : ''}\n`,
    );
    return 0;
  }
  process.stdout.write(`TAMPERED: case ${String(trail.caseNumber)}, ${findings.length} finding(s)\n`);
  for (const finding of findings) process.stdout.write(`  ${finding.kind}: ${finding.message}\n`);
  return 1;
}

process.exitCode = main(process.argv.slice(2));
