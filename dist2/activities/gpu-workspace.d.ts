import type { Config } from '../config/load-config.js';
import type { ArtifactStore } from '../storage/artifact-store.js';
import type { RunPlan, TrainingArtifacts } from '../shared/training-contract.js';
import type { StagedConversion } from './staged-conversion.js';
/**
 * Where one training's files live on this GPU host and how they travel. Without a store (file://) that is
 * the run folder every worker shares; with one, a scratch folder of this host's own, filled from the store
 * and emptied into it, so a retry on any host finds the data and the newest uploaded checkpoint.
 */
export type GpuWorkspace = {
    /** The folder the trainer writes into (adapter/, tokenizer/, checkpoints/, logs/, loss.json). */
    dir: string;
    trainPath: string;
    evalPath: string | null;
    /** The checkpoint to resume from, on this host, and what to heartbeat for it (a path, or a store key). */
    resumePoint(previous: string | null): Promise<{
        local: string;
        ref: string;
    } | null>;
    /** The adapter the promotion gate compares with, on this host. */
    compareAdapterDir(): Promise<string | null>;
    /** Called once the trainer saved a checkpoint; resolves to what a retry may resume from, once it can. */
    checkpointSaved(local: string, step: number): Promise<string>;
    /** Sends the finished adapter, tokenizer and logs where the learning worker reads them. */
    publish(): Promise<TrainingArtifacts | null>;
    /** Waits for checkpoint uploads still under way. */
    settle(): Promise<void>;
};
/** The newest complete HF checkpoint on disk (a checkpoint without trainer_state.json was cut off mid-save). */
export declare function latestCheckpoint(dir: string): Promise<string | null>;
/** Today's layout: the trainer works in the run folder itself, which every worker sees. */
export declare function sharedWorkspace(config: Config, plan: RunPlan, conversion: StagedConversion): GpuWorkspace;
/** The GPU host's scratch folder, checked writable; every error names `trainer.scratch_dir`. */
export declare function checkScratch(config: Config): Promise<string>;
/**
 * The store's layout: data staged in, every checkpoint and the adapter uploaded out. Long as one function because
 * it is one object: each method is short, and they share the staged paths and the uploads under way.
 */
export declare function storedWorkspace(config: Config, store: ArtifactStore, plan: RunPlan, conversion: StagedConversion, log: (message: string) => void): Promise<GpuWorkspace>;
