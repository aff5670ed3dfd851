/** Where a run's artifacts live in the store: `runs/<run>/…`, as DESIGN.md's picture shows. */
export declare function runKeys(runName: string): {
    base: string;
    data: string;
    checkpoints: string;
    checkpoint: (step: number) => string;
    adapter: string;
    tokenizer: string;
    logs: string;
    /** The adapter that was active when the run converted its data: the promotion gate compares with it. */
    compareAdapter: string;
};
/** The step of a `checkpoint-N` folder name, or null. */
export declare function checkpointStep(name: string): number | null;
