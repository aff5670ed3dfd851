/** The seed's dry-run output: adapter/ and tokenizer/ exist, adapter/DRY_RUN says nothing was trained. */
export declare function writeDryRunFolders(runDir: string): Promise<void>;
