import { defineQuery, defineSignal } from '@temporalio/workflow';
/** The TrainingWorkflow's stage and what it knows (counts, run folder, GPU queue); clients import this. */
export const progressQuery = defineQuery('progress');
/** Kept for runs started before progress moved to heartbeat details; no current worker sends it. */
export const trainerProgressSignal = defineSignal('trainerProgress');
/** Progress before anything is known: the workflow's starting state, and what clients fill in from describe. */
export function initialProgress(stage = 'starting') {
    return {
        stage,
        sample_count: null,
        train_examples: null,
        eval_examples: null,
        step: null,
        total_steps: null,
        loss: null,
        eta_seconds: null,
        run_dir: null,
    };
}
//# sourceMappingURL=definitions.js.map