import { readFileSync } from 'node:fs';
import { CASE_NUMBER_PATTERN } from '../../domain/case-number';
import { verifyTrail, type AuditExport } from '../../registry/audit-export';
import { ApiClient } from '../api-client';
import { CliError, exitCode, usageError, type CliContext } from '../context';

export const auditOptions = { head: { type: 'string' } } as const;

/**
 * `audit verify CASE|FILE`: a case number is fetched from the API and checked against the head hash the registry
 * answers with separately; a file is checked offline, against --head when it is given.
 */
export async function auditCommand(
  context: CliContext,
  values: { head?: string | boolean },
  positionals: string[],
): Promise<number> {
  const { t } = context;
  const [action, target, ...rest] = positionals;
  if (action !== 'verify' || !target || rest.length)
    throw usageError(t('missingArgument', { what: 'verify CASE|FILE' }));
  let trail: AuditExport;
  let head = typeof values.head === 'string' ? values.head : undefined;
  if (CASE_NUMBER_PATTERN.test(target)) {
    const client = new ApiClient(context);
    const answer = await client.request<AuditExport & { message?: string }>(`/cases/${target}/audit/export`);
    if (answer.status !== 200) throw client.failure(answer);
    trail = answer.body;
    head ??= (await client.get<{ headHash: string }>(`/cases/${target}/audit`)).headHash;
  } else {
    try {
      trail = JSON.parse(readFileSync(target, 'utf8')) as AuditExport;
    } catch (error) {
      throw new CliError(exitCode.usage, t('cannotRead', { file: target, reason: (error as Error).message }));
    }
  }
  const { ok, findings } = verifyTrail(trail, head);
  if (ok) {
    context.stdout.write(
      `${t('auditIntact', { caseNumber: trail.caseNumber, count: trail.entries.length, head: trail.headHash })}${head ? `; ${t('auditHeadChecked')}` : ''}\n`,
    );
    return exitCode.ok;
  }
  context.stdout.write(`${t('auditTampered', { caseNumber: String(trail.caseNumber), count: findings.length })}\n`);
  for (const finding of findings) context.stdout.write(`  ${finding.kind}: ${finding.message}\n`);
  return exitCode.someFailed;
}
