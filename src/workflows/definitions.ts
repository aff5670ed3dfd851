import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { TrainerProgressSignal, TrainingProgress } from '../shared/training-contract.js';

/** The TrainingWorkflow's stage and what it knows (counts, run folder, GPU queue); clients import this. */
export const progressQuery = defineQuery<TrainingProgress>('progress');

/** Kept for runs started before progress moved to heartbeat details; no current worker sends it. */
export const trainerProgressSignal = defineSignal<[TrainerProgressSignal]>('trainerProgress');
