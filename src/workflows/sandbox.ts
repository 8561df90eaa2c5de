/**
 * Run in the workflow sandbox before the SDK freezes its globals (the bundle's `preloadModules`,
 * src/workers/workflow-code.ts): workflow code captures no stack frames.
 *
 * The SDK's stack-trace tracker captures a stack for every promise a workflow creates. That was a third of the CPU a
 * case's replay takes (a case evicted from the worker's cache replays its whole history before it can take a
 * guardian's answer) and of every activation besides (bench/RESULTS.md section 2). What it costs: an error thrown
 * in workflow code carries its message and type but no frames, and the Temporal UI's stack-trace view of a case is
 * empty; a case's pending actions say what it waits for. A bundle built with HOMEWARD_WORKFLOW_STACKS=1 keeps the
 * frames, for a developer replaying a history to find where an error came from.
 */
Error.stackTraceLimit = 0;

export {};
