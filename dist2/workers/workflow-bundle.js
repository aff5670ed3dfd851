import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
/** Built code ships index.js; tests running the TypeScript sources bundle index.ts. */
export function workflowsPath() {
    const js = fileURLToPath(new URL('../workflows/index.js', import.meta.url));
    return existsSync(js) ? js : fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
}
/** Where `npm run build` writes the workflow bundle: beside the compiled workers, in dist/. */
export const PREBUILT_BUNDLE = fileURLToPath(new URL('../workflow-bundle.js', import.meta.url));
let cached;
/**
 * The workflow code for workers. Built code loads the bundle `npm run build` made (no webpack at start, ~1.5 s
 * saved on every CLI call); running from the TypeScript sources (tests, tsx) bundles once per process.
 */
export function workflowBundle() {
    const fromDist = import.meta.url.endsWith('.js');
    if (fromDist && existsSync(PREBUILT_BUNDLE))
        return Promise.resolve({ codePath: PREBUILT_BUNDLE });
    return (cached ??= bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: quietLogger }));
}
/** `npm run build`'s last step: bundles dist/workflows into dist/workflow-bundle.js. */
export async function writeWorkflowBundle() {
    const { code } = await bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: quietLogger });
    await writeFile(PREBUILT_BUNDLE, code);
    return PREBUILT_BUNDLE;
}
const noop = () => undefined;
const quietLogger = {
    trace: noop,
    debug: noop,
    info: noop,
    warn: noop,
    error: (m) => process.stderr.write(m + '\n'),
    log: noop,
};
//# sourceMappingURL=workflow-bundle.js.map