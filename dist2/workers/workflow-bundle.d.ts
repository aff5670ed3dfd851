import { type WorkflowBundleOption } from '@temporalio/worker';
/** Built code ships index.js; tests running the TypeScript sources bundle index.ts. */
export declare function workflowsPath(): string;
/** Where `npm run build` writes the workflow bundle: beside the compiled workers, in dist/. */
export declare const PREBUILT_BUNDLE: string;
/**
 * The workflow code for workers. Built code loads the bundle `npm run build` made (no webpack at start, ~1.5 s
 * saved on every CLI call); running from the TypeScript sources (tests, tsx) bundles once per process.
 */
export declare function workflowBundle(): Promise<WorkflowBundleOption>;
/** `npm run build`'s last step: bundles dist/workflows into dist/workflow-bundle.js. */
export declare function writeWorkflowBundle(): Promise<string>;
