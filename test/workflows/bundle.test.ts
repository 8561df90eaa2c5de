/** What the workflow bundle holds: workflow and domain code and the SDK; zod and the rest of src/ stay out. */
import { readFileSync } from 'node:fs';
import { workflowBundlePath } from '../support/stack';

describe('the workflow bundle', () => {
  it('holds only workflow code, pure domain rules and the failure types, and no zod', () => {
    const code = readFileSync(workflowBundlePath(), 'utf8');
    const modules = new Set(
      [...code.matchAll(/"\.\/(src\/[^"]+\.ts|node_modules\/(?:@[^/"]+\/)?[^/"]+)/g)].map((m) => m[1]!),
    );
    const ours = [...modules].filter((module) => module.startsWith('src/'));
    expect(ours).toContain('src/workflows/reunification-case.ts');
    expect(ours).toContain('src/domain/authorisation.ts');
    for (const module of ours) expect(module).toMatch(/^src\/(workflows\/|domain\/|activities\/failure-types\.ts$)/);
    // The domain's zod schemas reach workflow code as types only.
    expect(ours).not.toContain('src/domain/policy.ts');
    expect(ours).not.toContain('src/domain/registration.ts');
    expect(modules).not.toContain('node_modules/zod');
  });
});
