/** Which workflow writes a run folder named by --output-dir (hidden: the folder's listing stays the seed's). */
export declare const CLAIM_FILE = ".agi-run-owner.json";
/**
 * Claims `dir` for `workflowId`. Two `--overwrite` runs into one folder would interleave their data, checkpoints
 * and adapter: the second is refused while the first is still open. Checked and written under one lock, so two
 * readiness steps at the same instant cannot both win.
 */
export declare function claimRunDir(dir: string, workflowId: string, isOpen: (workflowId: string) => Promise<boolean>): Promise<void>;
