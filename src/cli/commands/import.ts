import { readMappingFile, type MappingFile } from '../import/columns';
import { runImport } from '../import/run';
import { encodings } from '../import/source';
import { ApiClient } from '../api-client';
import { choice, CliError, exitCode, usageError, wholeNumber, type CliContext } from '../context';

export const importOptions = {
  mapping: { type: 'string' },
  organisation: { type: 'string' },
  'dry-run': { type: 'boolean' },
  result: { type: 'string' },
  resume: { type: 'boolean' },
  concurrency: { type: 'string' },
  sheet: { type: 'string' },
  encoding: { type: 'string' },
  delimiter: { type: 'string' },
} as const;

type Values = Partial<Record<keyof typeof importOptions, string | boolean>>;

export async function importCommand(context: CliContext, values: Values, positionals: string[]): Promise<number> {
  const { t } = context;
  const file = positionals[0];
  if (!file || positionals.length > 1) throw usageError(t('missingArgument', { what: 'FILE' }));
  let mapping: MappingFile = {};
  if (typeof values.mapping === 'string') {
    try {
      mapping = readMappingFile(values.mapping);
    } catch (error) {
      throw new CliError(exitCode.usage, t('cannotRead', { file: values.mapping, reason: (error as Error).message }));
    }
  }
  const delimiter =
    values.delimiter === '\\t' || values.delimiter === 'tab' ? '\t' : (values.delimiter as string | undefined);
  if (delimiter !== undefined && delimiter.length !== 1)
    throw usageError(t('badValue', { option: '--delimiter', choices: ', ; tab |' }));
  const dryRun = values['dry-run'] === true;
  const summary = await runImport(
    {
      file,
      mapping,
      organisation: values.organisation as string | undefined,
      dryRun,
      resultFile: values.result as string | undefined,
      resume: values.resume === true,
      concurrency: wholeNumber(values.concurrency as string | undefined, '--concurrency', 1, 64, t) ?? 8,
      ...(values.sheet ? { sheet: values.sheet as string } : {}),
      ...(values.encoding
        ? {
            encoding: choice(
              (values.encoding as string).toLowerCase().replace(/^cp/, 'windows-'),
              encodings,
              '--encoding',
              t,
            )!,
          }
        : {}),
      ...(delimiter ? { delimiter } : {}),
    },
    { client: dryRun ? undefined : new ApiClient(context), t, stdout: context.stdout, stderr: context.stderr },
  );
  return summary.exitCode;
}
