/** Prebuilds the workflow bundle for the Docker image: `node dist/scripts/bundle-workflows.js <output>`. */
import { writeFileSync } from 'node:fs';
import { bundleCaseWorkflows } from '../src/workers/workflow-code';

async function main(): Promise<void> {
  const output = process.argv[2] ?? 'dist/workflow-bundle.js';
  const code = await bundleCaseWorkflows();
  writeFileSync(output, code);
  process.stdout.write(`workflow bundle written to ${output} (${Math.round(code.length / 1024)} KiB)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
