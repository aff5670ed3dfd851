import { writeWorkflowBundle } from './workflow-bundle.js';
/** Run by `npm run build` after tsc, so production workers load prebuilt workflow code. */
writeWorkflowBundle().then((file) => process.stderr.write(`workflow bundle: ${file}\n`), (err) => {
    console.error(err);
    process.exit(1);
});
//# sourceMappingURL=build-bundle.js.map