/**
 * `homeward`: the desk's command line. Each command talks to the Homeward API over HTTP with an API key and exits
 * 0 when everything went through, 1 when some rows or items failed, 2 on a usage error, 3 when the API cannot be
 * reached or refuses the key.
 */
import { auditCommand, auditOptions } from './commands/audit';
import { casesCommand, casesOptions } from './commands/cases';
import { dashboardCommand, dashboardOptions } from './commands/dashboard';
import { exportCommand, exportOptions } from './commands/export';
import { importCommand, importOptions } from './commands/import';
import { CliError, contextFor, exitCode, parseCommand, type Output } from './context';
import { helpFor } from './help';
import { languageFrom, translator } from './messages';

const commands = {
  import: { options: importOptions, run: importCommand },
  export: { options: exportOptions, run: exportCommand },
  cases: { options: casesOptions, run: casesCommand },
  audit: { options: auditOptions, run: auditCommand },
  dashboard: { options: dashboardOptions, run: dashboardCommand },
} as const;

type CommandName = keyof typeof commands;

export async function main(
  argv: string[],
  environment: NodeJS.ProcessEnv,
  io: { stdout: Output; stderr: Output },
): Promise<number> {
  const [name, ...rest] = argv;
  const fallbackLanguage =
    languageFrom(
      argv.find((argument, index) => argv[index - 1] === '--lang'),
      environment,
    ) ?? 'en';
  const t = translator(fallbackLanguage);
  try {
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      io.stdout.write(helpFor('homeward', fallbackLanguage));
      return name ? exitCode.ok : exitCode.usage;
    }
    if (!(name in commands)) {
      throw new CliError(
        exitCode.usage,
        t('unknownCommand', { command: name, commands: Object.keys(commands).join(', ') }),
      );
    }
    const command = commands[name as CommandName];
    const { values, positionals } = parseCommand(rest, command.options, t);
    const context = contextFor(values as { api?: string; key?: string; lang?: string }, environment, io);
    if (values.help) {
      context.stdout.write(helpFor(name, context.language));
      return exitCode.ok;
    }
    return await command.run(context, values as never, positionals);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`homeward: ${error.message}\n`);
      if (error.code === exitCode.usage && name && name in commands)
        io.stderr.write(`${t('usageHint', { command: name })}\n`);
      return error.code;
    }
    io.stderr.write(`homeward: ${(error as Error).stack ?? String(error)}\n`);
    return exitCode.someFailed;
  }
}

/** The process entry point (bin/homeward.js): runs the command and exits with its code. */
export function run(): void {
  void main(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr }).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) run();
