/** Where a run's artifacts live in the store: `runs/<run>/…`, as DESIGN.md's picture shows. */
export function runKeys(runName) {
    const base = `runs/${runName}`;
    return {
        base,
        data: `${base}/data`,
        checkpoints: `${base}/checkpoints`,
        checkpoint: (step) => `${base}/checkpoints/checkpoint-${step}`,
        adapter: `${base}/adapter`,
        tokenizer: `${base}/tokenizer`,
        logs: `${base}/logs`,
        /** The adapter that was active when the run converted its data: the promotion gate compares with it. */
        compareAdapter: `${base}/compare-adapter`,
    };
}
/** The step of a `checkpoint-N` folder name, or null. */
export function checkpointStep(name) {
    const m = /^checkpoint-(\d+)$/.exec(name);
    return m ? Number(m[1]) : null;
}
//# sourceMappingURL=run-keys.js.map