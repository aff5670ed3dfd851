/**
 * agi-core's library API: what external automation (the agent itself, cron jobs, other services) needs to feed
 * the learning pipeline and decide when to train, without duplicating its logic. `import { … } from 'agi-core'`.
 */
/** Loads the layered config (package defaults ← file ← overrides.yaml ← environment), validated and resolved. */
export { loadConfig, loadConfigWithSources, type Config } from './config/load-config.js';
/** The seed's LearningPipeline: validated, buffered, locked and fsynced appends to the dataset. */
export { LearningPipeline } from './learning/dataset/learning-pipeline.js';
/** The seed's `schedule_training_if_ready`: is the dataset ready, and which `agi-core-train` command trains on it. */
export { scheduleTrainingIfReady, suggestedCommand, type ScheduleSuggestion, } from './learning/dataset/scheduling.js';
/** Readiness as the TrainingWorkflow counts it: valid and bad records up to a snapshot offset (incremental). */
export { countRecords, type DatasetCounts } from './learning/dataset/readiness.js';
/** The closed loop: how each adapter did live on the agent's own outcomes (what `agi-core adapters list` shows). */
export { liveScores, type LiveScores, type AdapterScore, type MatchedComparison, } from './learning/live/live-scores.js';
export type { LearningPipelineOptions } from './learning/dataset/learning-pipeline.js';
/** One dataset record (what the agent appends) and its schema. */
export { RecordSchema, type LearningRecord, type RecordInput } from './learning/dataset/record.js';
/** What a TrainingWorkflow accepts and returns, for starting runs with a Temporal client of your own. */
export { TrainingInputSchema, type TrainingInput, type TrainingOutcome, type TrainingProgress, } from './shared/training-contract.js';
