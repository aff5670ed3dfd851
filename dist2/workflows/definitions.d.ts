import type { TrainerProgressSignal, TrainingProgress } from '../shared/training-contract.js';
/** The TrainingWorkflow's stage and what it knows (counts, run folder, GPU queue); clients import this. */
export declare const progressQuery: import("@temporalio/workflow").QueryDefinition<TrainingProgress, [], string>;
/** Kept for runs started before progress moved to heartbeat details; no current worker sends it. */
export declare const trainerProgressSignal: import("@temporalio/workflow").SignalDefinition<[TrainerProgressSignal], string>;
/** Progress before anything is known: the workflow's starting state, and what clients fill in from describe. */
export declare function initialProgress(stage?: TrainingProgress['stage']): TrainingProgress;
