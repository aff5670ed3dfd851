import type { LiveGate } from '../../config/schema.js';
import { type HistoryEntry, type Registry } from '../adapters/adapter-registry.js';
import type { LiveVerdict } from '../../shared/optimizer-contract.js';
export type { LiveVerdict } from '../../shared/optimizer-contract.js';
/**
 * Judges the active adapter on the agent's own outcomes and, in `rollback` mode, rolls a significantly worse one
 * back to its predecessor through the adapter registry (as `agi-core adapters rollback` does), recording why.
 * `sampleCount` gives the dataset's valid records now: after a rollback no automatic run starts until it grows.
 */
export declare function judgeLiveAdapter(options: {
    gate: LiveGate;
    reg: Registry;
    datasetPath: string;
    trainingOutputDir: string;
    /** Counted only for a rollback (a full pass over the dataset). */
    sampleCount: () => Promise<number | null>;
    now: Date;
}): Promise<LiveVerdict>;
/** The predecessor's adapter folder, or why it cannot be the rollback target (null dir: the base model). */
export declare function predecessorDir(name: string, history: readonly HistoryEntry[], reg: Registry, trainingOutputDir: string): {
    dir: string | null;
    problem?: string;
};
/** The newest live-gate rollback, if it is still the latest word: no automatic run until samples exceed its count. */
export declare function pendingRollback(history: readonly HistoryEntry[]): HistoryEntry | null;
