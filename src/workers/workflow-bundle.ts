import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

/** Built code ships index.js; tests running the TypeScript sources bundle index.ts. */
export function workflowsPath(): string {
  const js = fileURLToPath(new URL('../workflows/index.js', import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
}

let cached: Promise<WorkflowBundleWithSourceMap> | undefined;

/** Bundling takes seconds: do it once per process and share it between workers. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  return (cached ??= bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: quietLogger }));
}

const noop = () => undefined;
const quietLogger = {
  trace: noop,
  debug: noop,
  info: noop,
  warn: noop,
  error: (m: string) => process.stderr.write(m + '\n'),
  log: noop,
};
