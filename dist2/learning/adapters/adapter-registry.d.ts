import { z } from 'zod';
/** Why the live gate rolled an adapter back: the numbers it judged on, and the dataset size then. */
export declare const LiveGateRollbackSchema: z.ZodObject<{
    adapter: z.ZodString;
    predecessor: z.ZodString;
    records: z.ZodNumber;
    goals: z.ZodNumber;
    success_rate: z.ZodNumber;
    predecessor_success_rate: z.ZodNumber;
    p_worse: z.ZodNumber;
    alpha: z.ZodNumber;
    sample_count: z.ZodNullable<z.ZodNumber>;
    note: z.ZodString;
}, z.core.$strip>;
export type LiveGateRollback = z.infer<typeof LiveGateRollbackSchema>;
export declare const HistoryEntrySchema: z.ZodObject<{
    at: z.ZodString;
    adapter_path: z.ZodNullable<z.ZodString>;
    previous: z.ZodNullable<z.ZodString>;
    reason: z.ZodEnum<{
        rollback: "rollback";
        run: "run";
        activate: "activate";
    }>;
    run_name: z.ZodNullable<z.ZodString>;
    live_gate: z.ZodOptional<z.ZodObject<{
        adapter: z.ZodString;
        predecessor: z.ZodString;
        records: z.ZodNumber;
        goals: z.ZodNumber;
        success_rate: z.ZodNumber;
        predecessor_success_rate: z.ZodNumber;
        p_worse: z.ZodNumber;
        alpha: z.ZodNumber;
        sample_count: z.ZodNullable<z.ZodNumber>;
        note: z.ZodString;
    }, z.core.$strip>>;
}, z.core.$strip>;
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;
export type Registry = {
    root: string;
    overridesPath: string;
    historyPath: string;
    adapterPaths?: 'absolute' | 'relative';
};
export declare function registryOf(config: {
    root: string;
    adapterPaths?: 'absolute' | 'relative';
    learning: {
        training_overrides_path: string;
        adapter_history_path: string;
    };
}): Registry;
/**
 * What makes an adapter folder safe for the agent to load: a finished run's (its metadata.json beside it), a
 * PEFT config that parses, and weights that are not empty; a dry run's placeholder counts as finished.
 * Returns the problems found; `checkAdapterDir` refuses on them.
 */
export declare function adapterProblems(dir: string): string[];
/** An adapter folder a person may activate; with `force`, returns what was not checked instead of refusing. */
export declare function checkAdapterDir(dir: string, force?: boolean): string[];
/**
 * Points overrides.yaml at `adapterDir` and records it in the history, under one lock, so racing activations
 * end at one of them with valid YAML and both in the history.
 */
export declare function activateAdapter(reg: Registry, 
/** null: the base model, no adapter. */
adapterDir: string | null, reason: HistoryEntry['reason'], runName: string | null, at: string, 
/** What was active when overrides.yaml cannot say (it was corrupt and has been set aside): from the history. */
knownPrevious?: string | null): Promise<HistoryEntry>;
/**
 * The live gate's rollback, under the same lock as every activation: it happens only if `expectedActive` (the
 * overrides value the verdict was about) is still active, so two ticks judging the same adapter roll it back
 * once. `targetDir` null rolls back to the base model. Returns the history entry, or null when it was not done.
 */
export declare function rollBackIfStillActive(reg: Registry, expectedActive: string, targetDir: string | null, at: string, why: LiveGateRollback): Promise<HistoryEntry | null>;
/** The activation history; a torn or foreign line (a writer killed mid-append) is skipped, never fatal. */
export declare function readHistory(historyPath: string): Promise<HistoryEntry[]>;
/** The adapter that was active before the current one, following the history backwards. */
export declare function rollbackTarget(reg: Registry, 
/** The active adapter when overrides.yaml could not say (it was corrupt): the history's newest entry. */
knownActive?: string | null): Promise<string>;
